import ArgumentParser
import Foundation
import HarvestCore
import HarvestReports
import HarvestStore

extension HarvestCommand {
    /// `harvest report 8949 --year Y [--output FILE]`
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reports a tax return needs.", subcommands: [
                Form8949Command.self, Form6781Command.self, IncomeCommand.self, UKSelfAssessmentCommand.self, Schedule3Command.self,
                AustralianCGTCommand.self, AnlageSOCommand.self,
            ])

        /// The reports each made under one country's rules, whatever the settings say.
        static let countryReports: [any CountryReportCommand.Type] = [
            UKSelfAssessmentCommand.self, Schedule3Command.self, AustralianCGTCommand.self, AnlageSOCommand.self,
        ]
    }

    /// `harvest report au-cgt --year Y [--output FILE]`
    struct AustralianCGTCommand: CountryReportCommand {
        typealias Model = AustralianCGTReport

        static let configuration = CommandConfiguration(
            commandName: "au-cgt",
            abstract: "Australia: the capital gains figures of the return (item 18: 18H, 18A, 18V) and the steps between them, as CSV.",
            discussion: """
                Uses the Australian rules whatever the settings say. --year names the income year by the year it starts: \
                --year 2024 is 2024-25 (1 July 2024 to 30 June 2025). Losses (the year's, then those carried in) come off \
                non-discountable gains first, then discountable ones; the 50% discount applies to what is left. Each figure is \
                rounded once to cents, half away from zero.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "The income year, by the year it starts (2024 = 2024-25).")
        var year: Int

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the CSV to this file instead of stdout.", valueName: "file"))
        var output: String?
    }

    /// `harvest report de-so --year Y [--output FILE]`
    struct AnlageSOCommand: CountryReportCommand {
        typealias Model = AnlageSOReport

        static let configuration = CommandConfiguration(
            commandName: "de-so",
            abstract: "Germany: the year's private sales for Anlage SO (§23 EStG), the Freigrenze and the loss carried, as CSV.",
            discussion: """
                Uses the German rules whatever the settings say. Each sale within one year with its dates, price (net of selling \
                costs), cost and gain; sales after one year are listed as tax-free. Then the totals, the Freigrenze (600 EUR \
                through 2023, 1,000 EUR from 2024: a total under it is tax-free, one at or over it taxable in full) and the loss \
                carried forward. Only the sales in the database are seen: other private sales count towards the Freigrenze too.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "The calendar year.")
        var year: Int

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the CSV to this file instead of stdout.", valueName: "file"))
        var output: String?
    }

    struct Form8949Command: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "8949",
            abstract: "Form 8949 rows (Part I short-term, Part II long-term) with box totals and the Schedule D lines, as CSV, or for a tax program.",
            discussion: """
                Digital assets not reported on a 1099 go in box C/F through 2024 and box I/L from 2025. Each row's amounts are \
                rounded to cents (half away from zero) and its gain computed from them; box totals add the printed rows. \
                --format txf writes the rows as a TXF file (version 042: TurboTax desktop, H&R Block) and --format taxact as \
                TaxAct's Stock Assistant CSV; both carry the same printed rows as the CSV. TXF has no code for boxes I and L: \
                from 2025 the rows are marked C/F and a note on stderr says to move them.
                """)

        enum Format: String, Choice {
            case csv, txf, taxact, pdf
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "The tax year.")
        var year: Int

        @Option(help: """
            csv (the form's rows, totals and Schedule D), txf (TXF 042 for TurboTax desktop), taxact (TaxAct's CSV import) \
            or pdf (the form's pages and the Schedule D lines; needs --output).
            """)
        var format: Format = .csv

        func validate() throws {
            if format == .pdf && output == nil {
                throw ValidationError("--format pdf writes a file: give --output FILE.pdf")
            }
        }

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            let workspace = try Workspace.open(global)
            let replayed = try workspace.replay(replay)
            workspace.storeCheckpoint(of: replayed, replay)
            let jurisdiction = replayed.settings.jurisdiction
            guard jurisdiction.code == Form8949.jurisdiction.code else {
                let own = Report.countryReports.first { $0.reportJurisdiction.code == jurisdiction.code }
                    .map { "; use `harvest report \($0.configuration.commandName ?? "")`" } ?? ""
                throw CommandFailure.usage("error: Form 8949 is a US form, not for \(jurisdiction.name)\(own)")
            }
            let disposals = replayed.result.disposals
            let year = self.year
            let body: (TextWriter) -> Void
            switch format {
            case .csv:
                try ReportOutput.write(Form8949.self, year: year, of: replayed, in: workspace, to: output)
                return
            case .txf:
                let exported = workspace.today()
                body = { Form8949Filing.txf(year: year, disposals: disposals, exported: exported, program: "Harvest", to: $0) }
                if let warning = Form8949Filing.txfBoxWarning(year: year) { Console.error("note: \(warning)\n") }
            case .taxact:
                body = { Form8949Filing.taxAct(year: year, disposals: disposals, to: $0) }
            case .pdf:
                guard let summary = workspace.summaries(replayed, through: year).first(where: { $0.year == year }),
                      let figures = Form8949.figures(of: summary) else {
                    throw CommandFailure.data("error: no transactions in or before \(year): nothing to report")
                }
                let bytes = Form8949PDF.document(year: year, disposals: disposals, summary: summary, figures: figures).bytes()
                body = { writer in bytes.withUnsafeBufferPointer { writer.write(bytes: $0) } }
            }
            guard let output else {
                StreamedOutput.toStandardOutput(body)
                return
            }
            try StreamedOutput.toFile(output, body)
            let rows = disposals.lazy.filter { $0.taxYear == year }.count
            Console.out("Wrote \(output): Form 8949 for \(year), \(rows) row(s) as \(format == .pdf ? "PDF" : format.rawValue)\n")
        }
    }

    /// `harvest report income --year Y [--format csv|json] [--output FILE]`
    struct IncomeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "income",
            abstract: "The year's income events (staking, mining, airdrops, interest, rewards) with their days, values and sources, as CSV or JSON.",
            discussion: """
                Each event's fair value when received, in the base currency (also the basis of the lot it opened), rounded to \
                cents half away from zero; the totals per type and for the year add the printed rows. The tax year is the \
                jurisdiction's (--year 2024 is 2024-25 in the UK and Australia). For a US return the us_line column names the \
                line: Schedule 1 line 8v, or Schedule C for mining or staking carried on as a trade or business.
                """)

        enum Format: String, Choice {
            case csv, json
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "The tax year, by the year it starts in.")
        var year: Int

        @Option(help: "csv or json (exact values beside the printed ones).")
        var format: Format = .csv

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            let workspace = try Workspace.open(global)
            let replayed = try workspace.replay(replay)
            let jurisdiction = replayed.settings.jurisdiction
            let income = replayed.result.income
            let year = self.year
            // The source row of each income event of the year, by transaction id.
            let ids = Set(income.lazy.filter { $0.taxYear == year }.map(\.transactionID))
            var sources: [String: SourceLocation] = [:]
            for transaction in replayed.result.transactions where transaction.kind == .income && ids.contains(transaction.id) {
                sources[transaction.id] = transaction.source
            }
            let source: (IncomeRecord) -> SourceLocation? = { sources[$0.transactionID] }
            let format = self.format
            var totals = IncomeReport.Totals()
            let body: (TextWriter) -> Void = { writer in
                switch format {
                case .csv: totals = IncomeReport.csv(year: year, income: income, jurisdiction: jurisdiction, source: source, to: writer)
                case .json: totals = IncomeReport.json(year: year, income: income, jurisdiction: jurisdiction, source: source, to: writer)
                }
            }
            guard let output else {
                StreamedOutput.toStandardOutput(body)
                return
            }
            try StreamedOutput.toFile(output, body)
            Console.out("Wrote \(output): \(totals.rows) income event(s) in \(year), total \(totals.total.groupedCents) \(jurisdiction.baseCurrency.symbol)\n")
        }
    }

    /// `harvest report uk-sa --year Y [--output FILE]`
    struct UKSelfAssessmentCommand: CountryReportCommand {
        typealias Model = UKSelfAssessment

        static let configuration = CommandConfiguration(
            commandName: "uk-sa",
            abstract: "The UK Self Assessment capital gains figures for one tax year (6 April Y to 5 April Y+1), as CSV.",
            discussion: """
                Number of disposals (a token's disposals on one day are one), disposal proceeds, allowable costs, gains before \
                losses, losses, losses brought forward used, the annual exempt amount, and for 2024-25 the gains before and from \
                30 October 2024 (when the rates changed), with an estimated tax at the rate band set (`settings set rate-band`). \
                Whole pounds, in the taxpayer's favour: proceeds and gains rounded down, costs and losses up. Always under the UK \
                rules.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "The tax year, by the year it starts in: 2024 for 2024-25.")
        var year: Int

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the CSV to this file instead of stdout.", valueName: "file"))
        var output: String?
    }

    /// `harvest report schedule3 --year Y [--output FILE]`
    struct Schedule3Command: CountryReportCommand {
        typealias Model = Schedule3

        static let configuration = CommandConfiguration(
            commandName: "schedule3",
            abstract: "Canada's Schedule 3 (capital gains) for one year: each crypto-asset disposition, the totals and the taxable capital gain, as CSV.",
            discussion: """
                Dispositions go in the section for bonds, debentures, promissory notes, crypto-assets and other similar \
                properties (lines 15199 and 15300). Proceeds are net of selling costs; the adjusted cost base is the pool's \
                average cost; a superficial loss is denied and shown apart. Line 12700 is 50% of the net gain. Always under the \
                Canadian rules.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "The tax year.")
        var year: Int

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the CSV to this file instead of stdout.", valueName: "file"))
        var output: String?
    }
}

/// A country's own report (`uk-sa`, `schedule3`, `au-cgt`, `de-so`): always under that country's rules, for one of
/// its tax years.
protocol CountryReportCommand: ParsableCommand {
    /// The report model (HarvestReports).
    associatedtype Model: CountryReport
    var global: GlobalOptions { get }
    var replay: ReplayOptions { get }
    var year: Int { get }
    var output: String? { get }
}

extension CountryReportCommand {
    /// The rules the report is made under.
    static var reportJurisdiction: Jurisdiction { Model.jurisdiction }

    func validate() throws {
        let rules = Model.jurisdiction
        if let other = replay.jurisdiction, other.code != rules.code {
            throw ValidationError("report \(Self.configuration.commandName ?? "") is for jurisdiction \(rules.code) (\(rules.name)): "
                + "drop --jurisdiction \(other.code) (or give \(rules.code)).")
        }
    }

    func run() throws {
        var options = replay
        options.jurisdiction = Model.jurisdiction
        let workspace = try Workspace.open(global)
        let replayed = try workspace.replay(options)
        workspace.storeCheckpoint(of: replayed, options)
        try ReportOutput.write(Model.self, year: year, of: replayed, in: workspace, to: output)
    }
}

/// A report to stdout, or to a file with a line on stdout saying so.
enum ReportOutput {
    /// A country's report of tax year `year` of a replayed history.
    static func write<Model: CountryReport>(
        _ report: Model.Type, year: Int, of replayed: Workspace.Replayed, in workspace: Workspace, to output: String?
    ) throws {
        guard let summary = workspace.summaries(replayed, through: year).first(where: { $0.year == year }),
              let figures = Model.figures(of: summary) else {
            throw CommandFailure.data("error: no transactions in or before \(Model.yearName(year)): nothing to report")
        }
        let disposals = replayed.result.disposals
        // Written as the rows are produced, to stdout or to the file (moved into place when complete).
        guard let output else {
            StreamedOutput.toStandardOutput { Model.csv(year: year, disposals: disposals, summary: summary, figures: figures, to: $0) }
            return
        }
        try StreamedOutput.toFile(output) { Model.csv(year: year, disposals: disposals, summary: summary, figures: figures, to: $0) }
        Console.out("Wrote \(output): \(Model.written(year: year, disposals: disposals, summary: summary, figures: figures))\n")
    }
}
