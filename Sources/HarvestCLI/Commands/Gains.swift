import ArgumentParser
import HarvestCore
import HarvestImport
import HarvestReports
import HarvestStore

extension HarvestCommand {
    /// `harvest gains [--year Y] [--method M] [--scope S] [--format F]`
    struct Gains: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Realized gains and losses, row by row, and each year's summary.",
            discussion: """
                One row per lot portion consumed, in disposal order then acquisition order, each tracing to its lot's and its \
                disposal's tx ids. US: the summary nets short- and long-term results, applies the ordinary-income limit ($3,000; \
                $1,500 married filing separately) and carries the rest forward with its character. UK and Canada (--jurisdiction \
                uk or ca): each asset is one pool across wallets (rows name the lot `pool`, or the UK same-day or 30-day \
                acquisition) and the summary applies that country's netting. Australia (au): income years from 1 July \
                (--year 2024 is 2024-25); long means discount-eligible (12 months); losses come off non-discountable gains \
                first, then the 50% discount. Germany (de): long means held more than one year, tax-free; the year's private \
                sales net, the Freigrenze applies, losses carry forward. Each row's proceeds, basis and adjustment are rounded \
                to cents, half away from zero, and its gain computed from them; every total and year summary adds the printed \
                rows, as the forms do (JSON keeps each row's exact values).
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "Only this tax year (default: every year).")
        var year: Int?

        @Option(help: "How to write the gains: table, csv (DESIGN.md Gains CSV) or json (exact amounts, sources).")
        var format: OutputFormat = .table

        @Flag(help: "Show every row of the table on a terminal too (there it stops after \(TableRows.terminalLimit) rows; pipes and files get every row).")
        var all = false

        func run() throws {
            let workspace = try Workspace.open(global)
            // From the stored checkpoint when one matches (a year's rows alone are read), else from a replay. Derivatives
            // are not in checkpoints yet: with any stored, every format replays in full (`replayView` is nil).
            guard let view = try workspace.replayView(replay, year: year) else { return try replayed(workspace) }
            if format == .json { return try Self.writeJSON(view, year: year) }
            if format == .csv, year == nil {
                // A year's rows at a time, under the header every row's columns need (known from the checkpoint).
                return try StreamedOutput.toStandardOutput { writer in
                    let traits = view.traits
                    GainsCSV.writeHeader(traits, to: writer)
                    _ = try view.forEachYear(nil) { GainsCSV.writeRows($0, traits, to: writer) }
                }
            }
            // Each year's rows read once: its summary is made from them as they pass.
            var disposals: [Disposal] = []
            let summaries = try view.forEachYear(year) { read in
                if disposals.isEmpty { disposals = read } else { disposals += read }
            }
            // Written as the rows are produced: never the whole document in memory.
            StreamedOutput.toStandardOutput { writer in
                switch format {
                case .csv: GainsCSV.write(disposals, to: writer)
                case .json, .table:
                    GainsText.write(disposals, summaries: summaries, settings: view.settings, rows: .forStandardOutput(all: all), to: writer)
                }
            }
        }

        /// `--format json` from a checkpoint (or the replay just run): the rows a year at a time with their provenance,
        /// each year's summary made from the rows as they pass, so that the document never holds more than one year's rows.
        static func writeJSON(_ view: ReplayView, year: Int?) throws {
            try StreamedOutput.toStandardOutput { writer in
                var document = GainsJSON.Document(to: writer)
                let summaries = try view.forEachYear(year) { disposals, provenance in
                    for (index, disposal) in disposals.enumerated() { document.row(disposal, provenance(index)) }
                }
                document.end(summaries: summaries, warnings: view.summary.warnings)
            }
        }

        /// From a replay of the whole history (whose checkpoint is then stored): JSON, which names each row's source rows,
        /// and any format when derivatives are stored (their rows follow the spot rows).
        func replayed(_ workspace: Workspace) throws {
            let replayed = try workspace.replay(replay)
            workspace.storeCheckpoint(of: replayed, replay)
            var summaries = workspace.summaries(replayed, through: year)
            var disposals = replayed.result.disposals
            if let year {
                disposals = disposals.filter { $0.taxYear == year }
                summaries = summaries.filter { $0.year == year }
            }
            // Derivatives (issue 17): their rows follow the spot rows; the summaries include them already.
            let derivativeRows = replayed.derivatives?.derivatives.gains.filter { year == nil || $0.taxYear == year } ?? []
            let fundingPaid = replayed.derivatives?.derivatives.fundingPaid.filter { year == nil || $0.taxYear == year } ?? []
            // Written as the rows are produced: never the whole document in memory.
            StreamedOutput.toStandardOutput { writer in
                switch format {
                case .csv:
                    GainsCSV.write(disposals, to: writer)
                    DerivativeGainsCSV.write(derivativeRows, extraColumns: DerivativeGainsCSV.extraColumns(for: disposals), to: writer)
                case .json: Self.writeJSON(disposals, summaries: summaries, replayed: replayed, derivatives: derivativeJSONRows(replayed), to: writer)
                case .table:
                    GainsText.write(disposals, summaries: summaries, settings: replayed.settings, rows: .forStandardOutput(all: all), to: writer)
                    DerivativesText.writeGains(derivativeRows, fundingPaid: fundingPaid, to: writer)
                }
            }
        }

        /// `--format json`: the rows with their sources and valuations, and the summaries (the dashboard's API writes the same).
        static func writeJSON(
            _ disposals: [Disposal], summaries: [YearSummary], replayed: Workspace.Replayed, derivatives: DerivativeGainsJSON.Rows? = nil,
            to writer: TextWriter
        ) {
            let result = replayed.result
            let base = replayed.settings.jurisdiction.baseCurrency
            var document = GainsJSON.Document(to: writer)
            for disposal in disposals { document.row(disposal, result.provenance(of: disposal, base: base, prices: replayed.prices)) }
            document.end(summaries: summaries, warnings: result.warnings, derivatives: derivatives)
        }
    }
}

extension HarvestCommand.Gains {
    /// The derivative rows of the JSON document (its `"derivatives"` key): nil when no derivative event is stored, so
    /// the document is then exactly as before.
    func derivativeJSONRows(_ replayed: Workspace.Replayed) -> DerivativeGainsJSON.Rows? { Self.derivativeJSONRows(replayed, year: year) }

    /// The same for `year` (nil: every year): the dashboard's API writes them too.
    static func derivativeJSONRows(_ replayed: Workspace.Replayed, year: Int?) -> DerivativeGainsJSON.Rows? {
        guard let outcome = replayed.derivatives?.derivatives else { return nil }
        return DerivativeGainsJSON.Rows(gains: outcome.gains.filter { year == nil || $0.taxYear == year },
                                        fundingPaid: outcome.fundingPaid.filter { year == nil || $0.taxYear == year })
    }
}
