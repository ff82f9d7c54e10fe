import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest demo`
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the shipped sample portfolio into a fresh temporary database and show holdings, gains, the yearly summary and a harvest plan.",
            discussion: "Nothing is written outside a temporary directory, which is removed afterwards unless --keep is given.")

        @Flag(help: "Keep the temporary directory (database and sample CSV files) and print its path.")
        var keep = false

        func run() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-demo-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }

            // The sample files, as a user would have them.
            let tradesPath = directory + "/sample-trades.csv"
            try SamplePortfolio.trades.write(toFile: tradesPath, atomically: true, encoding: .utf8)
            let derivativesPath = directory + "/sample-derivatives.csv"
            try SamplePortfolio.derivatives.write(toFile: derivativesPath, atomically: true, encoding: .utf8)
            var pricePaths: [String] = []
            for (asset, points) in SamplePortfolio.prices() {
                let path = directory + "/\(asset)-USD.csv"
                try HistoryGenerator.priceCSV(points).write(toFile: path, atomically: true, encoding: .utf8)
                pricePaths.append(path)
            }
            let database = directory + "/harvest.sqlite"
            let global = ["--db", database]
            let asOf = SamplePortfolio.lastPriceDate.description

            func section(_ title: String) { Console.out("\n== \(title) ==\n") }
            section("harvest import sample-trades.csv sample-derivatives.csv")
            let importCommand = try HarvestCommand.Import.parse(global + [tradesPath, derivativesPath])
            try importCommand.run()
            section("harvest prices import BTC-USD.csv ETH-USD.csv SOL-USD.csv")
            let pricesCommand = try HarvestCommand.ImportPrices.parse(global + pricePaths)
            try pricesCommand.run()
            section("harvest holdings --as-of \(asOf)")
            let holdings = try HarvestCommand.Holdings.parse(global + ["--as-of", asOf])
            try holdings.run()
            section("harvest gains (FIFO, wallet by wallet)")
            let gains = try HarvestCommand.Gains.parse(global)
            try gains.run()
            section("harvest gains --year 2025 --method hifo")
            let hifo = try HarvestCommand.Gains.parse(global + ["--year", "2025", "--method", "hifo"])
            try hifo.run()
            section("harvest plan --as-of \(asOf)")
            let plan = try HarvestCommand.Plan.parse(global + ["--as-of", asOf])
            try plan.run()
            if keep {
                Console.out("\nKept \(directory): try `harvest --help`, or `harvest gains --db \(database) --format csv`.\n")
            }
        }
    }
}
