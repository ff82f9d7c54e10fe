import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport

extension HarvestCommand {
    /// `harvest generate --transactions N --seed S`
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a realistic synthetic history (Harvest CSV) to stdout, for demos and benchmarks.",
            discussion: """
                Eight assets with random-walk prices, six exchanges and six self-custody wallets; buys, sells, trades, transfers \
                with network fees, staking income, spends and fees paid in BNB. The same seed gives the same file.
                """)

        @Option(help: "How many transactions to generate.")
        var transactions: Int = 1000

        @Option(help: "Random seed.")
        var seed: UInt64 = 1

        @Option(help: ArgumentHelp("First day of the history, YYYY-MM-DD.", valueName: "date"))
        var start: DateArgument = DateArgument(argument: "2020-01-01")!

        @Option(help: "Years of history.")
        var years: Int = 5

        @Option(help: "harvest (the Harvest CSV, default) or coinbase (Coinbase's 2024 export layout, one account).")
        var layout: Layout = .harvest

        enum Layout: String, ExpressibleByArgument { case harvest, coinbase }

        @Option(help: ArgumentHelp("Also write the generated daily prices as ASSET-USD.csv files into this directory.", valueName: "dir"))
        var pricesDirectory: String?

        func validate() throws {
            guard transactions > 0 else { throw ValidationError("--transactions must be positive, not \(transactions).") }
            guard (1...50).contains(years) else { throw ValidationError("--years must be between 1 and 50, not \(years).") }
        }

        func run() throws {
            let generator = HistoryGenerator(.init(transactions: transactions, seed: seed, start: start.date, years: years))
            let prices = generator.prices()
            if let pricesDirectory {
                try FileManager.default.createDirectory(atPath: pricesDirectory, withIntermediateDirectories: true)
                for (asset, points) in prices {
                    try HistoryGenerator.priceCSV(points).write(toFile: pricesDirectory + "/\(asset)-USD.csv", atomically: true, encoding: .utf8)
                }
            }
            var buffer = ""
            buffer.reserveCapacity(1 << 20)
            var written = 0
            let generate = layout == .coinbase ? generator.generateCoinbase : generator.generate
            generate(prices) { line in
                buffer += line
                written += 1
                if buffer.utf8.count >= 1 << 20 {
                    Console.out(buffer)
                    buffer.removeAll(keepingCapacity: true)
                    if written % 50_000 < 10 { Console.progress("generated \(written) rows") }
                }
            }
            Console.out(buffer)
            Console.endProgress()
        }
    }
}
