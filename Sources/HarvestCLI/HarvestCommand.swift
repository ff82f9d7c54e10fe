import ArgumentParser
import Foundation

/// `harvest`: crypto tax lots, gains and tax-loss harvesting, local-first.
public struct HarvestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "harvest",
        abstract: "Crypto tax lots, realized gains and tax-loss harvesting, on your own machine.",
        discussion: """
            Data lives in one SQLite file (--db, $HARVEST_DB, or ~/.local/share/harvest/harvest.sqlite).
            Results go to stdout; messages go to stderr. Exit status: 0 success, 64 usage error, 65 bad input data, 1 other failures.
            """,
        version: "0.1.0",
        subcommands: [
            Demo.self, Import.self, Prices.self, Holdings.self, Gains.self, Report.self, Plan.self, WashCheck.self, Profile.self, Backtest.self,
            Generate.self, SettingsCommand.self, Transfers.self, Problems.self, Tx.self, Imports.self, Formats.self, Serve.self,
        ])

    /// `--db` before the command (`harvest --db x.sqlite gains`): every command that reads it sees it.
    @OptionGroup var global: GlobalOptions

    public init() {}

    /// Parses the arguments, runs the command, and exits with the code its outcome calls for.
    public static func run(arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            if let failure = explain(error) {
                for message in failure.messages { Console.error(message) }
                Foundation.exit(failure.code.rawValue)
            }
            Self.exit(withError: error)
        }
    }
}
