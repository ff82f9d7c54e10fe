import ArgumentParser
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest prices import FILE...`
    struct Prices: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage daily prices.", subcommands: [ImportPrices.self])
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
}
