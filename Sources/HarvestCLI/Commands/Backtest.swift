import ArgumentParser
import Dispatch
import Foundation
import HarvestCore
import HarvestImport
import HarvestReports

extension HarvestCommand {
    /// `harvest backtest --prices DIR --assets ... --strategy threshold:0.10 [--compare ...] [--sweep ...]`
    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Does harvesting pay? Simulate strategies day by day on real price history, with costs and taxes.",
            discussion: """
                The same lot engine and netting rules as `harvest gains` keep the simulated lots and compute each year's \
                tax, paid after the tax year (US: 15 April of the next year; UK: 31 January after the tax year ends; Canada: \
                30 April of the next year; Australia: 21 November after the income year; Germany: 31 July of the next year). \
                Prices come from ASSET-CCY.csv files in the base currency, e.g. ASSET-USD.csv (date,open,high,low,close,volume); \
                a day without a close is not filled: the asset is valued at its last close and not traded that day, and an \
                asset listed late is bought from its first close. Rates come from `harvest profile` (or --profile). Crypto \
                held as property is outside the US wash-sale rule, so harvested lots are bought straight back.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("A directory of ASSET-CCY.csv price files in the base currency (ASSET-USD.csv for the US, ASSET-GBP.csv under uk, ASSET-CAD.csv under ca, ASSET-AUD.csv under au, ASSET-EUR.csv under de).", valueName: "dir"))
        var prices: String

        @Option(help: ArgumentHelp("Tax rules: us, uk, ca, au or de (default: the settings or profile file, else us). UK: pooled matching, 6 April years, the exempt amount and rates by period, tax on 31 January; Canada: ACB, ½ inclusion, tax on 30 April. Harvests wait out the 30-day rule (UK) or the superficial-loss window (Canada) in a replacement.", valueName: "code"))
        var jurisdiction: String?

        @Option(help: ArgumentHelp("The assets, e.g. BTC,ETH,SOL.", valueName: "assets"))
        var assets: String

        @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "date"))
        var start: DateArgument

        @Option(help: ArgumentHelp("Last day, YYYY-MM-DD.", valueName: "date"))
        var end: DateArgument

        @Option(help: "The amount invested on the first day.")
        var initial: String = "100000"

        @Option(help: ArgumentHelp("Periodic deposits: AMOUNT/month, AMOUNT/quarter or AMOUNT/year (default none).", valueName: "amount/period"))
        var deposit: String?

        @Option(help: ArgumentHelp("equal, or weights such as \"BTC=0.6,ETH=0.4\".", valueName: "weights"))
        var target: String = "equal"

        @Option(help: "none, monthly, quarterly or yearly.")
        var rebalance: String = "quarterly"

        @Option(help: "none, yearend, planner (the planner's net-benefit rule) or threshold:X (harvest a lot down X of its basis).")
        var strategy: String = "threshold:0.10"

        @Option(help: ArgumentHelp("Run several strategies and compare them with none: e.g. none,yearend,threshold:0.05.", valueName: "strategies"))
        var compare: String?

        @Option(help: ArgumentHelp("Sweep a parameter: threshold=FROM..TO:STEP, e.g. threshold=0.02..0.30:0.02.", valueName: "sweep"))
        var sweep: String?

        @Option(help: "Runs in parallel for --compare and --sweep (default: the machine's cores).")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: ArgumentHelp("Venue fee per trade, e.g. 10bps.", valueName: "bps"))
        var fees: String = "10bps"

        @Option(help: ArgumentHelp("Spread and slippage per trade, e.g. 20bps.", valueName: "bps"))
        var slippage: String = "20bps"

        @Option(help: ArgumentHelp("crypto=off (the US rule: crypto held as property is outside §1091) or crypto=on (harvests wait out the 30 days in a correlated replacement or cash).", valueName: "rule"))
        var washSale: String = "crypto=off"

        @Option(help: ArgumentHelp("A profile file of `key = value` lines (the keys of `harvest profile set`).", valueName: "file"))
        var profile: String?

        @Option(help: "Pay taxes from the portfolio (selling if cash is short) or from outside.")
        var taxesFrom: String = "portfolio"

        @Option(help: "At the end: liquidate (sell all, pay all tax) or hold (report the deferred tax).")
        var atEnd: String = "liquidate"

        @Option(name: .customLong("out"), help: ArgumentHelp("Write the daily series as CSV.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Write a chart of the portfolio's value and the losses harvested as SVG.", valueName: "file"))
        var chart: String?

        func validate() throws {
            if let jurisdiction, Jurisdiction.all[jurisdiction.lowercased()] == nil {
                throw ValidationError("Unknown jurisdiction '\(jurisdiction)': known are \(Jurisdiction.all.keys.sorted().joined(separator: ", ")).")
            }
            guard start.date < end.date else { throw ValidationError("--start must be before --end.") }
            for (name, text) in [("--fees", fees), ("--slippage", slippage)] where Self.basisPoints(text) == nil {
                throw ValidationError("\(name) takes basis points such as 10bps, not '\(text)'.")
            }
            guard ["crypto=off", "crypto=on"].contains(washSale.lowercased()) else {
                throw ValidationError("--wash-sale takes crypto=off (the US treatment of crypto held as property) or crypto=on, not '\(washSale)'.")
            }
            guard ["portfolio", "outside"].contains(taxesFrom) else { throw ValidationError("--taxes-from takes portfolio or outside.") }
            guard ["liquidate", "hold"].contains(atEnd) else { throw ValidationError("--at-end takes liquidate or hold.") }
            guard ["none", "monthly", "quarterly", "yearly"].contains(rebalance) else {
                throw ValidationError("--rebalance takes none, monthly, quarterly or yearly, not '\(rebalance)'.")
            }
            _ = try strategies()
            _ = try depositPlan()
            guard (1...64).contains(jobs) else { throw ValidationError("--jobs takes 1 to 64.") }
        }

        static func basisPoints(_ text: String) -> Fixed? {
            let trimmed = text.lowercased().hasSuffix("bps") ? String(text.dropLast(3)) : text
            guard let value = Fixed(trimmed), !value.isNegative, value < 10_000 else { return nil }
            return value
        }

        static func strategy(_ text: String) throws -> BacktestStrategy {
            switch text.lowercased() {
            case "none": return .none
            case "yearend": return .yearEnd
            case "planner": return .planner
            case let other where other.hasPrefix("threshold:"):
                guard let fraction = Fixed(String(other.dropFirst("threshold:".count))), fraction.isPositive, fraction < 1 else {
                    throw ValidationError("threshold:X takes a fraction between 0 and 1, e.g. threshold:0.10, not '\(text)'.")
                }
                return .threshold(fraction)
            default:
                throw ValidationError("Unknown strategy '\(text)': none, yearend, planner or threshold:X.")
            }
        }

        /// The strategies to run: the sweep's, the comparison's, or the one; `none` is always run as the baseline.
        func strategies() throws -> [BacktestStrategy] {
            var list: [BacktestStrategy]
            if let sweep {
                let parts = sweep.lowercased().split(separator: "=", maxSplits: 1)
                let range = parts.count == 2 ? parts[1].split(separator: ":") : []
                let bounds = range.first?.components(separatedBy: "..") ?? []
                guard parts.first == "threshold", range.count == 2, bounds.count == 2, let from = Fixed(bounds[0]),
                      let to = Fixed(bounds[1]), let step = Fixed(String(range[1])), step.isPositive, from.isPositive, from <= to, to < 1 else {
                    throw ValidationError("--sweep takes threshold=FROM..TO:STEP, e.g. threshold=0.02..0.30:0.02, not '\(sweep)'.")
                }
                list = []
                var value = from
                while value <= to && list.count < 1000 {
                    list.append(.threshold(value))
                    value += step
                }
            } else if let compare {
                list = try compare.split(separator: ",").map { try Self.strategy(String($0).trimmingCharacters(in: .whitespaces)) }
            } else {
                list = [try Self.strategy(strategy)]
            }
            if !list.contains(.none) { list.insert(.none, at: 0) }
            return list
        }

        func depositPlan() throws -> (amount: Money, everyMonths: Int) {
            guard let deposit else { return (.zero, 1) }
            let parts = deposit.split(separator: "/")
            let months = parts.count == 2 ? ["month": 1, "quarter": 3, "year": 12][String(parts[1]).lowercased()] : 1
            guard let amount = try? Money(parsing: parts[0]), !amount.isNegative, let months else {
                throw ValidationError("--deposit takes AMOUNT/month, AMOUNT/quarter or AMOUNT/year, e.g. 1000/month, not '\(deposit)'.")
            }
            return (amount, months)
        }

        func run() throws {
            let assetList = assets.split(separator: ",").map { Asset(String($0).trimmingCharacters(in: .whitespaces)) }
            var settings = try global.db == nil && ProcessInfo.processInfo.environment["HARVEST_DB"] == nil
                ? Settings() : Workspace.open(global).settings
            if let profile {
                for line in try readText(profile).split(separator: "\n") {
                    let text = line.split(separator: "#", maxSplits: 1).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
                    guard !text.isEmpty, !text.hasPrefix("[") else { continue }
                    let pair = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pair.count == 2 else { throw CommandFailure.data("\(profile): '\(text)' is not a key = value line") }
                    try settings.apply(pair[0].replacingOccurrences(of: "_", with: "-"), pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
                }
            }
            if let jurisdiction { settings.jurisdiction = Jurisdiction.all[jurisdiction.lowercased()]! }
            let currency = settings.jurisdiction.baseCurrency
            var book = PriceBook()
            var errors: [String] = []
            for asset in assetList {
                let path = prices + "/\(asset.symbol)-\(currency.symbol).csv"
                do {
                    let parsed = try PriceCSV.parse(try readText(path), file: path, asset: asset, currency: currency)
                    book.set(asset, PriceSeries(parsed.points.map { ($0.date, $0.close) }))
                } catch {
                    errors += error.errors.prefix(5).map(\.description)
                }
            }
            guard errors.isEmpty else { throw CommandFailure(messages: errors, code: .dataError) }
            var profileValues = settings.profile
            profileValues.filing = settings.filing
            profileValues.carryforward = settings.carryforward
            let (depositAmount, depositMonths) = try depositPlan()
            let weights = try target == "equal" ? nil : HarvestCommand.Plan.weights(target)
            let base = BacktestConfig(
                assets: assetList, start: start.date, end: end.date, initial: try Money(parsing: initial), deposit: depositAmount,
                depositEveryMonths: depositMonths, weights: weights,
                rebalanceEveryMonths: ["none": 0, "monthly": 1, "quarterly": 3, "yearly": 12][rebalance]!,
                costs: TradingCosts(feeBasisPoints: Self.basisPoints(fees)!, slippageBasisPoints: Self.basisPoints(slippage)!),
                profile: profileValues, taxesFromPortfolio: taxesFrom == "portfolio", liquidateAtEnd: atEnd == "liquidate")
            var configured = base
            configured.jurisdiction = settings.jurisdiction
            if settings.jurisdiction.isPooled {
                // The UK's 30-day rule and Canada's superficial loss reach crypto: harvests wait them out.
                configured.washSale = settings.jurisdiction.washSale
            } else if washSale.lowercased() == "crypto=on" {
                configured.washSale = WashSaleRule.unitedStates.includingCrypto
            }
            let baseConfig = configured

            let list = try strategies()
            let slots = ResultSlots(count: list.count)
            let pricesBook = book
            // Independent runs side by side: each one is a pure function of its configuration.
            let queue = DispatchQueue(label: "harvest.backtest", attributes: .concurrent)
            let group = DispatchGroup()
            let limit = DispatchSemaphore(value: jobs)
            for (index, strategy) in list.enumerated() {
                var variant = baseConfig
                variant.strategy = strategy
                let config = variant
                limit.wait()
                queue.async(group: group) {
                    slots.store(index, Result { () throws(LedgerError) in try Backtester.run(config, prices: pricesBook) })
                    limit.signal()
                }
            }
            group.wait()
            var results: [BacktestResult] = []
            for index in list.indices {
                switch slots.take(index) {
                case .success(let result): results.append(result)
                case .failure(let error): throw error
                case nil: preconditionFailure("backtest \(index) did not run")
                }
            }
            for result in results where result.unreconciledDays > 0 {
                Console.error("warning: \(result.strategy): \(result.unreconciledDays) day(s) where cash and basis did not reconcile with contributions, gains and tax: please report this")
            }
            Console.out(BacktestText.render(results, config: baseConfig, prices: pricesBook, sweep: sweep != nil))
            if let output {
                try BacktestText.csv(results).write(toFile: output, atomically: true, encoding: .utf8)
                Console.error("wrote \(output)")
            }
            if let chart {
                try SVGChart.render(results).write(toFile: chart, atomically: true, encoding: .utf8)
                Console.error("wrote \(chart)")
            }
        }
    }
}

/// One result per run, each written once by its own run.
final class ResultSlots: @unchecked Sendable {
    private var results: [Result<BacktestResult, LedgerError>?]
    private let lock = NSLock()
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func store(_ index: Int, _ result: Result<BacktestResult, LedgerError>) { lock.withLock { results[index] = result } }
    func take(_ index: Int) -> Result<BacktestResult, LedgerError>? { lock.withLock { results[index] } }
}

/// The backtest's report for people, and its daily series for machines.
enum BacktestText {
    static func render(_ results: [BacktestResult], config: BacktestConfig, prices: PriceBook, sweep: Bool) -> String {
        let m = TextTable.money
        let baseline = results.first { $0.strategy == .none }
        let flows = results.first?.contributions ?? []
        var out = "Backtest \(config.start) to \(config.end): \(config.assets.map(\.symbol).joined(separator: ", ")); "
            + "contributed \(m(results.first?.contributed ?? .zero)); costs \(config.costs.feeBasisPoints)+\(config.costs.slippageBasisPoints) bps "
            + "each way; "
            + config.jurisdiction.regime.backtestRates(profile: config.profile, in: config.jurisdiction) + "; "
            + "\(config.liquidateAtEnd ? "liquidated at the end" : "held at the end, deferred tax deducted")\n\n"
        var table = TextTable(
            headers: ["Strategy", "Pre-tax", "After-tax", "Tax paid", "Harvested", "Harvests", "Costs", "Tracking", "Return/yr", "Tax alpha"],
            leftAligned: [0])
        for result in results {
            let annual = BacktestMetrics.annualizedReturn(contributions: flows, ending: result.endingAfterTax, end: config.end)
            let alpha = baseline.flatMap { BacktestMetrics.taxAlpha(result, baseline: $0, contributions: flows, end: config.end) }
            table.add([
                result.strategy.description, m(result.endingPreTax), m(result.endingAfterTax), m(result.taxPaid),
                m(result.harvestedByYear.values.sum()), String(result.harvests), m(result.costs), percent(result.trackingDifference),
                annual.map { percent($0) } ?? "-", result.strategy == .none ? "-" : (alpha.map { percent($0) } ?? "-"),
            ])
        }
        out += table.render()
        out += "Tracking: mean distance of the weights from the target (half the sum of the differences).\n"
        if config.washSale != nil {
            out += "\nWash-sale rule applied to crypto: harvests wait \(config.washSale!.daysAfter + 1) days in a correlated replacement (or cash).\n"
            for result in results where result.strategy != .none || result.washSalesTriggered > 0 {
                out += "  \(result.strategy): \(result.washSalesAvoided) harvest day(s) skipped for a purchase in the window before; "
                    + "\(result.washSalesTriggered) sale(s) still wash sales (\(m(result.washSaleDisallowed)) disallowed, not deferred in the tax above)\n"
            }
        }
        if !sweep {
            for result in results where result.strategy != .none {
                out += "\n\(result.strategy): losses harvested and tax by year\n"
                for year in Set(result.taxByYear.keys).union(result.harvestedByYear.keys).sorted() {
                    let baseTax = baseline?.taxByYear[year] ?? .zero
                    out += "  \(year): harvested \(m(result.harvestedByYear[year] ?? .zero)), tax \(m(result.taxByYear[year] ?? .zero)) "
                        + "(none: \(m(baseTax)))\n"
                }
            }
        }
        let missing = results.first?.missingDays.filter { $0.value > 0 } ?? [:]
        if !missing.isEmpty {
            out += "\nDays without a close (valued at the last close, not traded; before the first close, held in cash):\n"
            for (asset, count) in missing.sorted(by: { $0.key < $1.key }) {
                let first = prices.series(for: asset)?.days.first { $0 >= config.start }
                out += "  \(asset): \(count)" + (first.map { $0 > config.start ? " (first close \($0))" : "" } ?? " (no prices)") + "\n"
            }
        }
        return out
    }

    static func percent(_ value: Double) -> String {
        let basis = Int((value * 10_000).rounded())
        let sign = basis < 0 ? "-" : ""
        return sign + "\(abs(basis) / 100)." + (abs(basis) % 100 < 10 ? "0" : "") + "\(abs(basis) % 100)%"
    }

    static func csv(_ results: [BacktestResult]) -> String {
        var out = "date,strategy,value,cash,tax_paid,contributed\n"
        for result in results {
            let name = result.strategy.description
            for day in result.days {
                out += "\(day.date),\(name),\(ReportRounding.text(day.value)),\(ReportRounding.text(day.cash)),"
                    + "\(ReportRounding.text(day.taxPaid)),\(ReportRounding.text(day.contributed))\n"
            }
        }
        return out
    }
}
