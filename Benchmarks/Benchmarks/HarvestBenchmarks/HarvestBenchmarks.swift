import Benchmark
import Dispatch
import HarvestCore
import HarvestImport
import HarvestStore
import Foundation

/// A synthetic history of `count` transactions (`harvest generate --transactions count --seed 7`), parsed
/// into memory: the engine's input. Built once per size, outside the measured section, and parsed in
/// chunks of 100,000 rows so that the process's peak memory is the engine's input and output, not the
/// parser's intermediate rows.
func history(_ count: Int) -> [Transaction] {
    var transactions: [Transaction] = []
    transactions.reserveCapacity(count)
    let header = (HarvestCSV.columns + ["fee_value"]).joined(separator: ",") + "\n"
    var chunk = header
    var lines = 0
    func flush() {
        guard lines > 0 else { return }
        do {
            for row in try HarvestCSV.parse(chunk, file: "generated.csv").rows {
                var transaction = row.transaction
                transaction.sequence = transactions.count
                transactions.append(transaction)
            }
        } catch {
            fatalError("generated history does not parse: \(error)")
        }
        chunk = header
        lines = 0
    }
    var first = true
    HistoryGenerator(.init(transactions: count, seed: 7)).generate { line in
        if first {  // the generator's own header
            first = false
            return
        }
        chunk += line
        lines += 1
        if lines == 100_000 { flush() }
    }
    flush()
    return transactions
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    // `harvest gains`, the engine alone with the data in memory, at three sizes to show the growth.
    for size in [10_000, 100_000, 1_000_000] {
        for method in [LotMethod.fifo, .hifo] {
            Benchmark("engine \(method.rawValue) \(size / 1000)k transactions") { benchmark, transactions in
                benchmark.startMeasurement()
                let result = try LotEngine.run(transactions, policy: AccountingPolicy(method: method))
                blackHole(result.disposals.count)
            } setup: {
                history(size)
            }
        }
    }

    // Issue 16: the replay resumed from its state at the start of the history's last year (2024), as a command after an
    // import of newer rows does: the last year's rows applied to the open lots of 1 January, against the whole replay
    // above. The state is taken once, outside the measured section.
    Benchmark("engine fifo 1000k transactions resumed at the start of 2024") { (benchmark, input: (transactions: [Transaction], state: ReplayState)) in
        benchmark.startMeasurement()
        let result = try LotEngine.resume(from: input.state, input.transactions)
        blackHole(result?.disposals.count)
    } setup: {
        let transactions = history(1_000_000)
        let states = try! LotEngine.run(transactions, capturingYears: [2024]).states
        return (transactions: transactions, state: states[0])
    }

    // The same state resumed on the rows from its cut alone (`ReplayState.cutDate`, 37 days before 2024): what a command
    // loads when it needs no earlier row.
    Benchmark("engine fifo 1000k transactions resumed at the start of 2024 from its cut") {
        (benchmark, input: (transactions: [Transaction], state: ReplayState)) in
        benchmark.startMeasurement()
        let result = try LotEngine.resume(from: input.state, input.transactions, capturingYears: [], fromCut: true)
        blackHole(result?.result.disposals.count)
    } setup: {
        let transactions = history(1_000_000)
        let state = try! LotEngine.run(transactions, capturingYears: [2024]).states[0]
        return (transactions: transactions.filter { $0.date >= state.cutDate }, state: state)
    }

    // The same million transactions under the UK rules (same-day, 30-day, section 104 pool) and the Canadian ones
    // (adjusted cost base with the superficial-loss test). The generated values are in USD: the jurisdictions are
    // taken with USD as their base currency (`harvest settings set base-currency USD`), which changes no rule.
    for (name, rules) in [("uk", Jurisdiction.unitedKingdom), ("ca", Jurisdiction.canada)] {
        var jurisdiction = rules
        jurisdiction.baseCurrency = .usd
        let inUSD = jurisdiction
        Benchmark("engine \(name) 1000k transactions") { benchmark, transactions in
            benchmark.startMeasurement()
            let result = try LotEngine.run(transactions, jurisdiction: inUSD)
            blackHole(result.disposals.count)
        } setup: {
            history(1_000_000)
        }
    }

    // The yearly summaries over the disposals of a million transactions.
    Benchmark("year summaries 1000k transactions") { benchmark, result in
        benchmark.startMeasurement()
        blackHole(YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: .us))
    } setup: {
        try! LotEngine.run(history(1_000_000))
    }

    // The same engine and summaries under Australian and German rules (issue 6): one replay, other netting. The
    // generated history is in USD, taken as the base currency.
    for rules in [Jurisdiction.australia, .germany] {
        let jurisdiction = { var j = rules; j.baseCurrency = .usd; return j }()
        Benchmark("engine fifo 1000k transactions, \(rules.code) rules") { benchmark, transactions in
            benchmark.startMeasurement()
            let result = try LotEngine.run(transactions, policy: AccountingPolicy(method: .fifo), jurisdiction: jurisdiction)
            blackHole(result.disposals.count)
        } setup: {
            history(1_000_000)
        }
        Benchmark("year summaries 1000k transactions, \(rules.code) rules") { benchmark, result in
            benchmark.startMeasurement()
            blackHole(YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: jurisdiction))
        } setup: {
            try! LotEngine.run(history(1_000_000), jurisdiction: jurisdiction)
        }
    }

    // `harvest plan`: 100,000 open lots in 50 assets, replacements chosen over a 90-day look-back of returns.
    Benchmark("plan 100k lots, 50 assets, 90-day correlation") { (benchmark, request: PlanRequest) in
        benchmark.startMeasurement()
        blackHole(HarvestPlanner.plan(request).trades.count)
    } setup: {
        planRequest(lots: 100_000, assets: 50)
    }

    // The exact plan alone (issue 15: under 250 ms): 100,000 open lots, about half at a loss, no replacements chosen.
    Benchmark("plan exact 100k lots") { (benchmark, request: PlanRequest) in
        benchmark.startMeasurement()
        blackHole(HarvestPlanner.plan(request).trades.count)
    } setup: {
        var request = planRequest(lots: 100_000, assets: 50)
        request.priceHistory = nil
        return request
    }

    // `harvest wash-check` on a million-transaction history in memory (the check; loading and replaying apart).
    Benchmark("wash-check 1000k transactions") { (benchmark, input: WashInput) in
        benchmark.startMeasurement()
        let check = WashSaleCheck.check(input.transactions, asOf: input.asOf, rule: WashSaleRule.unitedStates.includingCrypto,
                                        classes: AssetClasses(), losses: input.losses)
        blackHole(check.entries.count)
    } setup: {
        let transactions = history(1_000_000)
        let result = try! LotEngine.run(transactions)
        let asOf = transactions.last!.date
        var losses: [String: Money] = [:]
        for disposal in result.disposals where disposal.dateDisposed >= asOf.adding(days: -31) {
            losses[disposal.disposalTransactionID, default: .zero] -= disposal.gain
        }
        return WashInput(transactions: transactions, asOf: asOf, losses: losses)
    }

    // `harvest backtest`: 7 years of daily prices, 20 assets, daily threshold scanning, monthly deposits.
    Benchmark("backtest 7 years, 20 assets, threshold:0.10") { (benchmark, prices: PriceBook) in
        benchmark.startMeasurement()
        blackHole(try Backtester.run(backtestConfig(.threshold("0.10")), prices: prices).harvests)
    } setup: {
        syntheticPrices(assets: 20, from: CivilDate(year: 2018, month: 1, day: 1)!, days: 2557)
    }

    // A 15-point threshold sweep on two threads (`--sweep threshold=0.02..0.30:0.02 --jobs 2`).
    Benchmark("backtest sweep 15 points, 2 threads") { (benchmark, prices: PriceBook) in
        benchmark.startMeasurement()
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for point in stride(from: thread, to: 15, by: 2) {
                let fraction = Fixed(raw: Int128(2 + 2 * point) * Fixed.scale / 100)
                blackHole(try! Backtester.run(backtestConfig(.threshold(fraction)), prices: prices).harvests)
            }
        }
    } setup: {
        syntheticPrices(assets: 20, from: CivilDate(year: 2018, month: 1, day: 1)!, days: 2557)
    }

    // The windows study (`harvest backtest --windows quarterly --jobs 2`): 28 quarterly starts from 2017-01-01 to
    // 2023-10-01, each to 2024-12-31, 5 strategies (none, yearend, two thresholds, planner), 20 assets: 140 runs on two
    // threads, taken from one shared list as the command does.
    Benchmark("backtest windows 28 starts x 5 strategies, 20 assets, 2 threads", configuration: .init(maxDuration: .seconds(300), maxIterations: 3)) {
        (benchmark, prices: PriceBook) in
        let strategies: [BacktestStrategy] = [.none, .yearEnd, .threshold("0.1"), .threshold("0.2"), .planner]
        let starts = BacktestStudy.starts(from: CivilDate(year: 2017, month: 1, day: 1)!, through: CivilDate(year: 2023, month: 10, day: 1)!, everyMonths: 3)
        let configs = starts.flatMap { start in
            strategies.map { strategy in
                var config = backtestConfig(strategy)
                config.start = start
                return config
            }
        }
        let next = Counter()
        benchmark.startMeasurement()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while let index = next.take(below: configs.count) {
                blackHole(try! Backtester.run(configs[index], prices: prices).harvests)
            }
        }
    } setup: {
        syntheticPrices(assets: 20, from: CivilDate(year: 2017, month: 1, day: 1)!, days: 2922)
    }

    // `harvest import` of an exchange export: 1,000,000 rows of Coinbase's 2024 layout (`harvest generate
    // --layout coinbase`, 138 MB), as the command does it: the file read and recognised by its header, then read
    // on one thread while a fresh SQLite file is written on another, in one transaction.
    Benchmark("import Coinbase layout 1000k rows into SQLite", configuration: .init(maxDuration: .seconds(120), maxIterations: 5)) {
        benchmark, file in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        benchmark.startMeasurement()
        let text = TextFile.decode(FileManager.default.contents(atPath: file)!)!
        guard case .found(let format, let headerLine) = ExchangeFormats.detect(text) else { fatalError("not recognised") }
        let options = ExchangeImporter.Options()
        let store = try SQLiteStore(path: path)
        // As `harvest import` does it: streamed (Coinbase's two-row Converts held until their partner row has come), read
        // whole only when a group's rows lie too far apart.
        let added: Int
        do {
            added = try store.importTransactions(
                source: format.name, file: file, importedAt: "2026-01-01T00:00:00Z",
                readingOnAnotherThread: { emit in
                    try ExchangeImporter.stream(
                        text, file: file, format: format, headerLine: headerLine, options: options, chunkRows: 20_000, emit: emit)
                },
                duplicatesInFile: { $0.duplicatesInFile }, progress: nil).summary.added
        } catch is ExchangeImporter.GroupsTooFarApart {
            let parsed = try ExchangeImporter.parse(text, file: file, format: format, headerLine: headerLine, options: options)
            added = try store.importTransactions(parsed, file: file, importedAt: "2026-01-01T00:00:00Z", progress: nil).added
        }
        benchmark.stopMeasurement()
        precondition(added == 1_000_000)
    } setup: {
        var text = ""
        text.reserveCapacity(140_000_000)
        HistoryGenerator(.init(transactions: 1_000_000, seed: 7)).generateCoinbase { text += $0 }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-coinbase.csv").path
        precondition(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)), "cannot write \(file)")
        return file
    }

    // Transfer matching over a million transactions: every transfer of the synthetic history split into a
    // withdrawal and a deposit 20 minutes later in the other wallet, as two exchanges' exports show them.
    Benchmark("transfer matching 1000k transactions") { benchmark, transactions in
        benchmark.startMeasurement()
        let resolution = TransferMatcher.resolve(transactions)
        blackHole(resolution.matches.count)
        benchmark.stopMeasurement()
        precondition(resolution.unmatched.isEmpty)
    } setup: {
        var split: [Transaction] = []
        for tx in history(1_000_000) {
            guard tx.kind == .transfer, let sent = tx.sent, let destination = tx.toWallet else {
                split.append(tx)
                continue
            }
            var withdrawal = tx
            withdrawal.kind = .withdrawal
            withdrawal.toWallet = nil
            withdrawal.received = nil
            var deposit = tx
            deposit.kind = .deposit
            deposit.id = tx.id + "-in"
            deposit.wallet = destination
            deposit.toWallet = nil
            deposit.sent = nil
            deposit.fee = nil
            deposit.received = tx.received ?? sent
            deposit.timestamp = Instant(millisecondsSinceEpoch: tx.timestamp.millisecondsSinceEpoch + 20 * 60_000)
            split += [withdrawal, deposit]
        }
        return split
    }

    // A million rows of an address book's Etherscan exports (`explorerHistory`): the rows of each on-chain transaction
    // joined (`OnChainDecoder`, as `Workspace.history` does at every replay), then transfers matched. As a replay does
    // it, the loaded history is the decoder's alone (`ownCopy`, made before the measured part), so it is rewritten in
    // place; the decoded history is then the matcher's.
    Benchmark("on-chain decode and transfer matching 1000k explorer rows") { benchmark, transactions in
        let loaded = ownCopy(transactions)
        benchmark.startMeasurement()
        var decoded = OnChainDecoder().decode(consume loaded)
        let history = decoded.transactions
        decoded.transactions = []
        let resolution = TransferMatcher.resolve(consume history)
        blackHole(resolution.matches.count)
        benchmark.stopMeasurement()
        precondition(decoded.count(.swap) > 200_000 && resolution.matches.count > 90_000)
    } setup: {
        explorerHistory(rows: 1_000_000)
    }

    // The two steps apart: decoding alone, and matching alone over the decoded rows.
    Benchmark("on-chain decode 1000k explorer rows") { benchmark, transactions in
        let loaded = ownCopy(transactions)
        benchmark.startMeasurement()
        blackHole(OnChainDecoder().decode(consume loaded).transactions.count)
    } setup: { explorerHistory(rows: 1_000_000) }
    Benchmark("transfer matching 1000k decoded explorer rows") { benchmark, transactions in
        let decoded = ownCopy(transactions)
        benchmark.startMeasurement()
        blackHole(TransferMatcher.resolve(consume decoded).matches.count)
    } setup: { OnChainDecoder().decode(explorerHistory(rows: 1_000_000)).transactions }

    // Parsing the Harvest CSV (the first half of `harvest import`).
    Benchmark("parse Harvest CSV 100k rows") { benchmark, text in
        benchmark.startMeasurement()
        blackHole(try HarvestCSV.parse(text, file: "generated.csv").rows.count)
    } setup: {
        var text = ""
        HistoryGenerator(.init(transactions: 100_000, seed: 7)).generate { text += $0 }
        return text
    }

    spreadsheetBenchmarks()
    commandBenchmarks()
    formatRecognitionBenchmarks()
    derivativeBenchmarks()
}

/// A plan request over `lots` open lots spread over `assets` assets and 20 wallets, with 120 days of random-walk
/// prices per asset (deterministic), about half the lots under water.
func planRequest(lots lotCount: Int, assets assetCount: Int) -> PlanRequest {
    var random = SplitMix64(seed: 11)
    let asOf = CivilDate(year: 2024, month: 8, day: 5)!
    let assets = (0..<assetCount).map { Asset("A\($0)") }
    var book = PriceBook()
    var closes: [Asset: Price] = [:]
    for asset in assets {
        var price = Fixed(100 + Int(random.next() % 900))
        var points: [(CivilDate, Price)] = []
        for offset in (0...120).reversed() {
            points.append((asOf.adding(days: -offset), Price(price)))
            let step = Fixed(raw: Fixed.scale + (Int128(random.next() % 801) - 400) * 100_000_000_000_000)
            price = price.multiplied(by: step, rounding: .halfEven).rounded(scale: 6, .halfEven)
        }
        book.set(asset, PriceSeries(points))
        closes[asset] = points.last!.1
    }
    var lots: [Lot] = []
    lots.reserveCapacity(lotCount)
    for index in 0..<lotCount {
        let asset = assets[Int(random.next() % UInt64(assetCount))]
        let acquired = asOf.adding(days: -Int(random.next() % 900) - 1)
        let quantity = Quantity(Fixed(1 + Int(random.next() % 50)))
        let unitCost = closes[asset]!.fixed.multiplied(by: Fixed(raw: Fixed.scale / 2 + Int128(random.next() % 1000) * Fixed.scale / 1000),
                                                       rounding: .halfEven)
        lots.append(Lot(asset: asset, wallet: Wallet("w\(index % 20)"), quantity: quantity,
                        costBasis: Money(unitCost.multiplied(by: quantity.fixed, rounding: .halfEven)), acquiredAt: Instant(date: acquired),
                        dateAcquired: acquired, holdingStart: acquired, transactionID: "lot\(index)"))
    }
    var request = PlanRequest(asOf: asOf, lots: lots, prices: closes, realizedShortTerm: 50_000, realizedLongTerm: 20_000)
    request.priceHistory = book
    return request
}

/// The wash-check's input: the history, the day, and the losses of recent sales.
struct WashInput {
    var transactions: [Transaction]
    var asOf: CivilDate
    var losses: [String: Money]
}

func backtestConfig(_ strategy: BacktestStrategy) -> BacktestConfig {
    BacktestConfig(
        assets: (0..<20).map { Asset("S\($0)") }, start: CivilDate(year: 2018, month: 1, day: 1)!,
        end: CivilDate(year: 2024, month: 12, day: 31)!, initial: 100_000, deposit: 1000, strategy: strategy)
}

/// Daily random-walk closes (±5% a day, deterministic) for `assets` assets.
func syntheticPrices(assets: Int, from start: CivilDate, days: Int) -> PriceBook {
    var random = SplitMix64(seed: 3)
    var book = PriceBook()
    for index in 0..<assets {
        var price = Fixed(10 + Int(random.next() % 1000))
        var points: [(CivilDate, Price)] = []
        for offset in 0..<days {
            points.append((start.adding(days: offset), Price(price)))
            let step = Fixed(raw: Fixed.scale + (Int128(random.next() % 1001) - 495) * 100_000_000_000_000)
            price = max(Fixed(raw: Fixed.scale / 100), price.multiplied(by: step, rounding: .halfEven).rounded(scale: 6, .halfEven))
        }
        book.set(Asset("S\(index)"), PriceSeries(points))
    }
    return book
}

/// Hands out 0, 1, 2, ... to threads sharing a list of work.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
