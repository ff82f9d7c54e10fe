import ArgumentParser
import HarvestCore
import HarvestReports
import HarvestStore

extension HarvestCommand {
    /// `harvest holdings [--as-of DATE]`
    struct Holdings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open lots: wallet, acquired, quantity, basis, value, unrealized gain, term.",
            discussion: """
                Value uses the latest close on or before the as-of date (its date is shown when older). Term is what a sale on \
                the as-of date would be.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: ArgumentHelp("The day to report holdings at, YYYY-MM-DD (default: today).", valueName: "date"))
        var asOf: DateArgument?

        @Option(help: "How to write the holdings.")
        var format: OutputFormat = .table

        func run() throws {
            let workspace = try Workspace.open(global)
            let asOf = self.asOf?.date ?? workspace.today()
            let replayed = try workspace.replay(replay, through: asOf)
            workspace.warnStalePrices(replayed.result.openLots, prices: replayed.prices, asOf: asOf, settings: replayed.settings)
            let rows = HoldingsReport.rows(replayed.result.openLots, prices: replayed.prices, asOf: asOf, jurisdiction: replayed.settings.jurisdiction)
            switch format {
            case .table: Console.out(HoldingsText.render(rows, asOf: asOf))
            case .csv: Console.out(HoldingsReport.csv(rows))
            case .json: Console.out(HoldingsReport.json(rows, asOf: asOf))
            }
        }
    }
}
