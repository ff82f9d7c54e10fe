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
                each needs a close within the window. A day without a close is not filled: the asset is valued at its last \
                close and not traded that day. Its purchases wait for its next close (an asset listed late is bought from \
                its first close), tax due is raised from the assets that have a close (or waits for the next day one does), \
                and a switch back from a wash-sale replacement waits for both closes; at the end an asset without a close \
                on the last day is sold (or, held, valued) at its last close, and the output says so. Tax refunds are \
                invested the day they arrive, at the target weights. Rates come from `harvest profile` (the database's, \
                as for every command; or --profile). Crypto held as property is outside the US wash-sale rule, so \
                harvested lots are bought straight back.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("A directory of ASSET-CCY.csv price files in the base currency (ASSET-USD.csv for the US, ASSET-GBP.csv under uk, ASSET-CAD.csv under ca, ASSET-AUD.csv under au, ASSET-EUR.csv under de).", valueName: "dir"))
        var prices: String

        @Option(help: ArgumentHelp("Tax rules (default: the settings or profile file, else us). UK: pooled matching, 6 April years, the exempt amount and rates by period, tax on 31 January; Canada: ACB, ½ inclusion, tax on 30 April. Harvests wait out the 30-day rule (UK) or the superficial-loss window (Canada) in a replacement.", valueName: "code"))
        var jurisdiction: Jurisdiction?

        @Option(help: ArgumentHelp("The assets, e.g. BTC,ETH,SOL.", valueName: "assets"), transform: ArgumentValue.assets)
        var assets: [Asset]

        @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "date"))
        var start: DateArgument

        @Option(help: ArgumentHelp("Last day, YYYY-MM-DD.", valueName: "date"))
        var end: DateArgument

        @Option(help: ArgumentHelp("The amount invested on the first day.", valueName: "amount"), transform: ArgumentValue.amount)
        var initial: Money = 100_000

        @Option(help: ArgumentHelp("Periodic deposits: AMOUNT/month, AMOUNT/quarter or AMOUNT/year (default none).", valueName: "amount/period"),
                transform: DepositPlan.init(parsing:))
        var deposit: DepositPlan?

        @Option(help: ArgumentHelp("equal, or weights such as \"BTC=0.6,ETH=0.4\".", valueName: "weights"), transform: TargetWeights.init(parsing:))
        var target: TargetWeights = .equal

        @Option(help: "How often to rebalance to the target weights.")
        var rebalance: RebalanceSchedule = .quarterly

        @Option(help: ArgumentHelp("none, yearend, planner (the value model with its timing: deep losses for the asset's volatility, and every loss that pays in the last days of the tax year), planner:daily (the value model alone, every day) or threshold:X (harvest a lot down X of its basis), or puts:monthly (hold spot, buy a one-month at-the-money put on each asset every month, priced by Black-Scholes on 30-day realized volatility; US rules).", valueName: "strategy"),
                transform: Self.strategy)
        var strategy: BacktestStrategy = .threshold("0.10")

        @Option(help: ArgumentHelp("Run several strategies and compare them with none: e.g. none,yearend,threshold:0.05.", valueName: "strategies"),
                transform: Self.strategies)
        var compare: [BacktestStrategy]?

        @Option(help: ArgumentHelp("Sweep a parameter: threshold=FROM..TO:STEP, e.g. threshold=0.02..0.30:0.02.", valueName: "sweep"),
                transform: ArgumentValue.sweep)
        var sweep: [BacktestStrategy]?

        @Option(help: ArgumentHelp("Run every strategy from many start dates, each to --end, and show the distribution of tax alpha: monthly, quarterly or yearly starts from --start to --last-start.", valueName: "period"))
        var windows: WindowPeriod?

        @Option(help: ArgumentHelp("With --windows: the last start (default: a year before --end).", valueName: "date"))
        var lastStart: DateArgument?

        @Option(help: "Runs in parallel for --compare, --sweep and --windows, 1 to 64 (default: the machine's cores).")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: ArgumentHelp("Venue fee per trade, e.g. 10bps.", valueName: "bps"), transform: ArgumentValue.basisPoints)
        var fees: Fixed = 10

        @Option(help: ArgumentHelp("Spread and slippage per trade, e.g. 20bps.", valueName: "bps"), transform: ArgumentValue.basisPoints)
        var slippage: Fixed = 20

        @Option(help: "crypto=off (the US rule: crypto held as property is outside §1091) or crypto=on (harvests wait out the 30 days in a correlated replacement or cash).")
        var washSale: WashSaleOption = .off

        @Option(help: ArgumentHelp("A profile file of `key = value` lines (the keys of `harvest profile set`).", valueName: "file"))
        var profile: String?

        @Option(help: "Pay taxes from the portfolio (selling if cash is short) or from outside.")
        var taxesFrom: TaxSource = .portfolio

        @Option(help: "At the end: liquidate (sell all, pay all tax) or hold (less the tax a sale of everything at the last closes would add, each lot at its own term, after the loss carried). A loss still carried at the end counts at the long rate.")
        var atEnd: BacktestEnding = .liquidate

        @Option(name: .customLong("out"), help: ArgumentHelp("Write the daily series as CSV (with --windows: each window's tax alpha per strategy).", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Write a chart of the portfolio's value and the losses harvested as SVG.", valueName: "file"))
        var chart: String?

        func validate() throws {
            guard start.date < end.date else { throw ValidationError("--start must be before --end.") }
            guard (1...64).contains(jobs) else { throw ValidationError("--jobs takes 1 to 64.") }
            if let lastStart {
                guard windows != nil else { throw ValidationError("--last-start goes with --windows.") }
                guard lastStart.date >= start.date, lastStart.date < end.date else {
                    throw ValidationError("--last-start must be from --start and before --end.")
                }
            }
            if windows != nil, chart != nil { throw ValidationError("--chart draws one window: leave it out with --windows.") }
        }

        /// The strategies to run: the sweep's, the comparison's, or the one; `none` is always run as the baseline.
        var strategies: [BacktestStrategy] {
            var list = sweep ?? compare ?? [strategy]
            if !list.contains(.none) { list.insert(.none, at: 0) }
            return list
        }

        func run() throws {
            let settings = try self.settings()
            try Self.checkOptionsStrategy(strategies, jurisdiction: settings.jurisdiction)
            let book = try priceBook(currency: settings.jurisdiction.baseCurrency)
            let config = self.config(settings)
            if let windows { return try runWindows(windows, config: config, prices: book) }
            let results = try Self.runAll(strategies, config: config, prices: book, jobs: jobs)
            for result in results where result.unreconciledDays > 0 {
                Console.error("warning: \(result.strategy): \(result.unreconciledDays) day(s) where cash and basis did not reconcile with contributions, gains and tax: please report this")
            }
            Console.out(BacktestText.render(results, config: config, prices: book, sweep: sweep != nil))
            if let output {
                try BacktestCSV.daily(results).write(toFile: output, atomically: true, encoding: .utf8)
                Console.error("wrote \(output)")
            }
            if let chart {
                try SVGChart.render(results).write(toFile: chart, atomically: true, encoding: .utf8)
                Console.error("wrote \(chart)")
            }
        }

        /// `--windows`: every strategy from each start to `--end`, `jobs` runs at a time, progress on a terminal.
        func runWindows(_ period: WindowPeriod, config: BacktestConfig, prices: PriceBook) throws {
            let last = lastStart?.date ?? end.date.adding(years: -1)
            let starts = BacktestStudy.starts(from: start.date, through: last, everyMonths: period.months)
            guard !starts.isEmpty else { throw CommandFailure.usage("--windows: no start from \(start.date) to \(last)") }
            let strategies = self.strategies
            var configs: [BacktestConfig] = []
            for day in starts {
                for strategy in strategies {
                    var variant = config
                    variant.start = day
                    variant.strategy = strategy
                    configs.append(variant)
                }
            }
            let progress = Progress(label: "windows", total: configs.count)
            let results = try Self.runAll(configs, prices: prices, jobs: jobs) { progress.advance() }
            progress.finish()
            var alphas: [BacktestStrategy: [Double?]] = [:]
            for index in starts.indices {
                let runs = results[(index * strategies.count)..<((index + 1) * strategies.count)]
                guard let baseline = runs.first(where: { $0.strategy == .none }) else { continue }
                let flows = baseline.contributions
                for result in runs {
                    alphas[result.strategy, default: []].append(
                        result.strategy == .none ? 0 : BacktestMetrics.taxAlpha(result, baseline: baseline, contributions: flows, end: config.end))
                }
            }
            let study = BacktestStudy(starts: starts, strategies: strategies, alphas: alphas)
            Console.out(BacktestText.renderStudy(study, config: config, period: period))
            if let output {
                try BacktestCSV.windows(study).write(toFile: output, atomically: true, encoding: .utf8)
                Console.error("wrote \(output)")
            }
        }

        /// The settings of the database (`--db`, `$HARVEST_DB`, else the default path, as for every command) when it
        /// exists, then the profile file's, then `--jurisdiction`.
        func settings() throws -> Settings {
            // A backtest needs no history: without a database file the defaults apply.
            var settings = try FileManager.default.fileExists(atPath: try global.databasePath()) ? Workspace.open(global).settings : Settings()
            if let profile {
                for line in try readText(profile).split(separator: "\n") {
                    let text = line.split(separator: "#", maxSplits: 1).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
                    guard !text.isEmpty, !text.hasPrefix("[") else { continue }
                    let pair = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pair.count == 2 else { throw CommandFailure.data("\(profile): '\(text)' is not a key = value line") }
                    try settings.apply(pair[0].replacingOccurrences(of: "_", with: "-"), pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
                }
            }
            if let jurisdiction { settings.jurisdiction = jurisdiction }
            return settings
        }

        /// The daily closes of the assets, from `ASSET-CCY.csv` files; every file's errors (five at most) before failing.
        /// A file without a close in the window is an error: the asset could never be bought.
        func priceBook(currency: Asset) throws -> PriceBook {
            var book = PriceBook()
            var errors: [String] = []
            for asset in assets {
                let path = prices + "/\(asset.symbol)-\(currency.symbol).csv"
                do {
                    let parsed = try PriceCSV.parse(try readText(path), file: path, asset: asset, currency: currency)
                    let series = PriceSeries(parsed.points.map { ($0.date, $0.close) })
                    if let message = Self.windowProblem(series, file: path, start: start.date, end: end.date) { errors.append(message) }
                    book.set(asset, series)
                } catch {
                    errors += error.errors.prefix(5).map(\.description)
                }
            }
            guard errors.isEmpty else { throw CommandFailure(messages: errors, code: .dataError) }
            return book
        }

        /// Why a price file cannot serve the window, if it cannot: no close at all, or none from `start` to `end`.
        static func windowProblem(_ series: PriceSeries, file: String, start: CivilDate, end: CivilDate) -> String? {
            guard let first = series.days.first, let last = series.days.last else {
                return "\(file): no prices (a header and no rows): a backtest needs daily closes"
            }
            guard let close = series.latestClose(onOrBefore: end), close.date >= start else {
                return "\(file): no close in the window \(start) to \(end) (its closes run from \(first) to \(last))"
            }
            return nil
        }

        /// The simulation's configuration, before the strategy.
        func config(_ settings: Settings) -> BacktestConfig {
            var profile = settings.profile
            profile.filing = settings.filing
            profile.carryforward = settings.carryforward
            var config = BacktestConfig(
                assets: assets, start: start.date, end: end.date, initial: initial, deposit: deposit?.amount ?? .zero,
                depositEveryMonths: deposit?.everyMonths ?? 1, weights: target.weights, rebalanceEveryMonths: rebalance.months,
                costs: TradingCosts(feeBasisPoints: fees, slippageBasisPoints: slippage), profile: profile,
                taxesFromPortfolio: taxesFrom == .portfolio, liquidateAtEnd: atEnd == .liquidate)
            config.jurisdiction = settings.jurisdiction
            if settings.jurisdiction.isPooled {
                // The UK's 30-day rule and Canada's superficial loss reach crypto: harvests wait them out.
                config.washSale = settings.jurisdiction.washSale
            } else if washSale == .on {
                config.washSale = WashSaleRule.unitedStates.includingCrypto
            }
            return config
        }

        /// Each strategy's simulation, `jobs` at a time: independent runs, each a pure function of its configuration.
        static func runAll(_ strategies: [BacktestStrategy], config: BacktestConfig, prices: PriceBook, jobs: Int) throws -> [BacktestResult] {
            try runAll(strategies.map { strategy in
                var variant = config
                variant.strategy = strategy
                return variant
            }, prices: prices, jobs: jobs)
        }

        /// Each configuration's simulation, `jobs` at a time, in the order given; `done` after each.
        static func runAll(_ configs: [BacktestConfig], prices: PriceBook, jobs: Int, done: @escaping @Sendable () -> Void = {}) throws -> [BacktestResult] {
            let slots = ResultSlots(count: configs.count)
            let queue = DispatchQueue(label: "harvest.backtest", attributes: .concurrent)
            let group = DispatchGroup()
            let limit = DispatchSemaphore(value: jobs)
            for (index, run) in configs.enumerated() {
                limit.wait()
                queue.async(group: group) {
                    slots.store(index, Result { () throws(LedgerError) in try Backtester.run(run, prices: prices) })
                    done()
                    limit.signal()
                }
            }
            group.wait()
            return try configs.indices.map { index in
                switch slots.take(index) {
                case .success(let result): result
                case .failure(let error): throw error
                case nil: preconditionFailure("backtest \(index) did not run")
                }
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

extension HarvestCommand.Backtest {
    /// `puts:monthly` (the options strategy, `BacktestStrategy.monthlyPuts`), else the other strategies' names.
    static func strategy(_ text: String) throws -> BacktestStrategy {
        text.lowercased() == "puts:monthly" ? .monthlyPuts : try ArgumentValue.strategy(text)
    }

    static func strategies(_ text: String) throws -> [BacktestStrategy] {
        try text.split(separator: ",").map { try strategy(String($0).trimmingCharacters(in: .whitespaces)) }
    }

    /// The options strategy books its puts under the US treatment of options (IRC §1234): refused under the others.
    static func checkOptionsStrategy(_ strategies: [BacktestStrategy], jurisdiction: Jurisdiction) throws {
        guard strategies.contains(.monthlyPuts), jurisdiction.code != Jurisdiction.us.code else { return }
        throw ValidationError("--strategy puts:monthly taxes its options under the US rules (IRC §1234) only, not under the "
            + "\(jurisdiction.name) rules: use --jurisdiction us.")
    }
}
