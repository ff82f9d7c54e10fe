import ArgumentParser
import Dispatch
import Foundation
import HarvestCore
import HarvestFetch
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest prices import FILE...`
    struct Prices: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage daily prices.", subcommands: [ImportPrices.self, FetchPrices.self])
    }

    struct ImportPrices: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import daily prices: files named ASSET-CCY.csv with date,open,high,low,close,volume.",
            discussion: "A date already stored for the asset is replaced by the file's price. Each file is imported whole or not at all.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Price files, e.g. BTC-USD.csv.", valueName: "file"), completion: .file(extensions: ["csv"]))
        var files: [String]

        @Option(help: "The asset, when the file name does not say (ASSET-CCY.csv).")
        var asset: String?

        @Option(help: "The quote currency, when the file name does not say.")
        var currency: String?

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one price file to import.") }
        }

        /// Reads and checks one price file; the asset and currency come from the options or the file name.
        func parseFile(_ file: String) -> Result<PriceCSV.Parsed, ImportFailure> {
            let pair = PriceCSV.pair(fromFileName: file)
            guard let assetName = asset.map(Asset.init) ?? pair?.asset, let currencyName = currency.map(Asset.init) ?? pair?.currency else {
                return .failure(ImportFailure([ImportError(
                    file: file, line: 0, column: "",
                    message: "the file name does not name the asset and currency (BTC-USD.csv): use --asset and --currency")]))
            }
            return Result { () throws(ImportFailure) in
                try PriceCSV.parse(try readText(file), file: file, asset: assetName, currency: currencyName)
            }
        }

        func run() throws {
            let workspace = try Workspace.open(global, create: true)
            var parsed: [(String, PriceCSV.Parsed)] = []
            var errors: [String] = []
            for file in files {
                switch parseFile(file) {
                case .success(let prices): parsed.append((file, prices))
                case .failure(let failure): errors += failure.errors.map { $0.description }
                }
            }
            guard errors.isEmpty else {
                throw CommandFailure(messages: errors + ["nothing was imported: \(errors.count) error(s)"], code: .dataError)
            }
            for (file, prices) in parsed {
                let summary = try workspace.store.importPrices(asset: prices.asset, currency: prices.currency, points: prices.points, file: file)
                let span = prices.points.isEmpty ? "" : " (\(prices.points.first!.date) to \(prices.points.last!.date))"
                Console.out("\(file): \(prices.asset)-\(prices.currency) \(summary.added) added, \(summary.replaced) replaced, "
                    + "\(summary.unchanged) unchanged\(span)\n")
            }
        }
    }

    /// `harvest prices fetch --assets BTC,ETH --from 2018-01-01 [--to D] [--source NAME] [--missing]`
    struct FetchPrices: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Fetch daily closes from a public market-data API (needs internet access) into the price store.",
            discussion: """
                Sources: coingecko (default; coins by id, the common ones known, others with --id SYMBOL=coin-id; its free \
                tier serves about the last 365 days), coinbase (Coinbase Exchange daily candles, deep history for the pairs it \
                lists) and kraken (daily OHLC, the latest 720 days only). Requests keep the source's public rate limit, and are \
                retried after a 429 (waiting as Retry-After says), a server error or a lost connection (2, 4, 8, 16 s). A day \
                already stored is replaced; each asset's days are stored in one transaction, with the source as their origin. \
                --missing fetches what `harvest problems` finds missing (missing, unknown and stale prices).
                """)

        enum Source: String, Choice {
            case coingecko, coinbase, kraken
        }

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The assets, comma-separated: BTC,ETH.", valueName: "list"))
        var assets: String?

        @Option(help: ArgumentHelp("The first day (YYYY-MM-DD).", valueName: "date"))
        var from: DateArgument?

        @Option(help: ArgumentHelp("The last day (YYYY-MM-DD); default yesterday (UTC).", valueName: "date"))
        var to: DateArgument?

        @Option(help: "The market-data API.")
        var source: Source = .coingecko

        @Option(help: "The quote currency; default the base currency (settings).")
        var currency: String?

        @Option(help: ArgumentHelp("A CoinGecko coin id for a symbol it does not know: --id PEPE=pepe (repeatable).", valueName: "SYMBOL=id"))
        var id: [String] = []

        @Flag(help: "Fetch the prices `harvest problems` finds missing: each asset's missing, unknown or stale days.")
        var missing = false

        /// The API's address, for a mirror or a local test server.
        @Option(help: .hidden)
        var baseURL: String?

        func validate() throws {
            guard missing || assets != nil else { throw ValidationError("give --assets BTC,ETH (with --from), or --missing") }
            if assets != nil && from == nil { throw ValidationError("--assets needs --from YYYY-MM-DD") }
            if let from, let to, to.date < from.date { throw ValidationError("--to \(to.date) is before --from \(from.date)") }
            for pair in id where pair.split(separator: "=").count != 2 {
                throw ValidationError("--id takes SYMBOL=coin-id, e.g. --id PEPE=pepe, not '\(pair)'")
            }
        }

        func provider() -> any PriceProvider {
            var ids: [String: String] = [:]
            for pair in id {
                let parts = pair.split(separator: "=")
                ids[parts[0].uppercased()] = String(parts[1])
            }
            switch source {
            case .coingecko: return baseURL.map { CoinGecko(baseURL: $0, ids: ids) } ?? CoinGecko(ids: ids)
            case .coinbase: return baseURL.map { Coinbase(baseURL: $0) } ?? Coinbase()
            case .kraken: return baseURL.map { Kraken(baseURL: $0) } ?? Kraken()
            }
        }

        func run() throws {
            let workspace = try Workspace.open(global, create: true)
            let currency = Asset(currency?.uppercased() ?? workspace.settings.jurisdiction.baseCurrency.symbol)
            let yesterday = workspace.today().adding(days: -1)
            // What to fetch: the named assets over the range, or each problem's days.
            var wanted: [(asset: Asset, from: CivilDate, to: CivilDate)] = []
            if let assets {
                let last = to?.date ?? yesterday
                for symbol in assets.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !symbol.isEmpty {
                    wanted.append((Asset(symbol.uppercased()), from?.date ?? last, last))
                }
            }
            if missing {
                let kinds: Set<Problem.Kind> = [.missingPrice, .unknownAsset, .stalePrice]
                for problem in try workspace.problems(workspace.settings, asOf: workspace.today()) where kinds.contains(problem.kind) {
                    let first = problem.kind == .stalePrice ? (problem.priceDate ?? problem.first).adding(days: 1) : problem.first
                    wanted.append((problem.asset, first, min(problem.last, yesterday)))
                }
                if wanted.isEmpty {
                    Console.out("No missing prices: nothing to fetch.\n")
                    return
                }
            }
            // A request gets 15 s (a host that cannot be reached is tried again within them); each retry is said on stderr.
            let fetcher = PriceFetcher(provider: provider(), transport: AsyncHTTPTransport(deadline: .seconds(15)), note: { message in
                Console.endProgress()
                Console.error(message)
            })
            for item in wanted where item.from <= item.to {
                let label = "\(fetcher.provider.name) \(item.asset)-\(currency)"
                let points: [PricePoint]
                do {
                    points = try blocking {
                        try await fetcher.fetch(asset: item.asset, currency: currency, from: item.from, to: item.to) { done, total in
                            Console.progress("\(label): request \(done)/\(total)")
                        }
                    }
                } catch let error as FetchError {
                    Console.endProgress()
                    switch error.kind {
                    case .usage: throw CommandFailure.usage("error: \(error.message)")
                    case .data: throw CommandFailure.data("error: \(error.message)")
                    case .network: throw CommandFailure.other("error: \(error.message)")
                    }
                }
                Console.endProgress()
                let summary = try workspace.store.importPrices(asset: item.asset, currency: currency, points: points, file: "fetch:\(fetcher.provider.name)")
                let span = points.first.map { first in " (\(first.date) to \(points.last?.date ?? first.date))" } ?? ""
                Console.out("\(label): \(summary.added) added, \(summary.replaced) replaced, \(summary.unchanged) unchanged\(span)\n")
            }
        }
    }
}

/// Runs async work from a synchronous command and waits for it.
func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = BlockingOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.result = .success(try await operation()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result.get()
}

/// The result handed from the task to the waiting thread; the semaphore orders the write before the read.
private final class BlockingOutcome<T>: @unchecked Sendable {
    var result: Result<T, any Error> = .failure(CommandFailure.other("error: interrupted"))
}
