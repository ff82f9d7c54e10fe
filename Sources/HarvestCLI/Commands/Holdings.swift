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

        @Flag(help: "Show every lot of the table on a terminal too (there it stops after \(TableRows.terminalLimit) lots; pipes and files get every lot).")
        var all = false

        func run() throws {
            let workspace = try Workspace.open(global)
            let asOf = self.asOf?.date ?? workspace.today()
            // The lots open at the end of the data, from the stored checkpoint when the day is at or after that end.
            // Open derivative positions come from a replay (the checkpoints stand aside when derivatives are stored).
            let lots: [Lot], prices: PriceBook, settings: Settings, positions: [DerivativePosition]
            if let view = try workspace.replayView(replay, asOf: asOf) {
                (lots, prices, settings, positions) = (try view.openLots(), try workspace.prices(view.settings), view.settings, [])
            } else {
                let replayed = try workspace.replay(replay, through: asOf)
                (lots, prices, settings) = (replayed.result.openLots, replayed.prices, replayed.settings)
                positions = replayed.derivatives?.derivatives.positions ?? []
            }
            workspace.warnStalePrices(lots, prices: prices, asOf: asOf, settings: settings)
            let rows = try HoldingsReport.rows(lots, prices: prices, asOf: asOf, jurisdiction: settings.jurisdiction)
            // Written as the rows are produced: never the whole document as one string.
            StreamedOutput.toStandardOutput { writer in
                switch format {
                case .table:
                    HoldingsText.write(rows, asOf: asOf, shown: .forStandardOutput(all: all), to: writer)
                    DerivativesText.writePositions(positions, asOf: asOf, jurisdiction: settings.jurisdiction, to: writer)
                case .csv: HoldingsReport.csv(rows, to: writer)
                case .json: HoldingsReport.json(rows, asOf: asOf, to: writer)
                }
            }
        }
    }
}
