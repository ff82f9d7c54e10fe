import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest report 8949 --year Y [--output FILE]`
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reports a tax return needs.", subcommands: [Form8949Command.self, AustralianCGTCommand.self, AnlageSOCommand.self])
    }

    /// `harvest report au-cgt --year Y [--output FILE]`
    struct AustralianCGTCommand: ParsableCommand {
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

        func run() throws {
            var options = replay
            options.jurisdiction = Jurisdiction.australia.code
            let workspace = try Workspace.open(global)
            let replayed = try workspace.replay(options)
            guard let summary = workspace.summaries(replayed, through: year).first(where: { $0.year == year }), let cgt = summary.australia else {
                throw CommandFailure.data("error: no transactions in or before the \(Jurisdiction.auIncomeYear(year)) income year: nothing to report")
            }
            try emit(AustralianCGTReport.csv(year: year, cgt), to: output,
                     summary: "Wrote \(output ?? ""): CGT summary for \(Jurisdiction.auIncomeYear(year)): net capital gain (18A) "
                        + "\(TextTable.money(cgt.netCapitalGain)), losses carried forward (18V) \(TextTable.money(cgt.carriedOut))")
        }
    }

    /// `harvest report de-so --year Y [--output FILE]`
    struct AnlageSOCommand: ParsableCommand {
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

        func run() throws {
            var options = replay
            options.jurisdiction = Jurisdiction.germany.code
            let workspace = try Workspace.open(global)
            let replayed = try workspace.replay(options)
            guard let summary = workspace.summaries(replayed, through: year).first(where: { $0.year == year }), let sales = summary.germany else {
                throw CommandFailure.data("error: no transactions in or before \(year): nothing to report")
            }
            try emit(AnlageSOReport.csv(year: year, disposals: replayed.result.disposals, sales), to: output,
                     summary: "Wrote \(output ?? ""): private sales \(year): total \(TextTable.money(sales.total)), "
                        + (sales.belowFreigrenze ? "under the Freigrenze (tax-free)" : "taxable \(TextTable.money(sales.taxable))")
                        + ", loss carried forward \(TextTable.money(sales.carriedOut))")
        }
    }

    struct Form8949Command: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "8949",
            abstract: "Form 8949 rows (Part I short-term, Part II long-term) with box totals and the Schedule D lines, as CSV.",
            discussion: """
                Digital assets not reported on a 1099 go in box C/F through 2024 and box I/L from 2025. Each row's amounts are \
                rounded to cents (half away from zero) and its gain computed from them; box totals add the printed rows.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: "The tax year.")
        var year: Int

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the CSV to this file instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            let workspace = try Workspace.open(global)
            let replayed = try workspace.replay(replay)
            guard replayed.settings.jurisdiction.netting == .unitedStates else {
                let own = ["au": "au-cgt", "de": "de-so"][replayed.settings.jurisdiction.code].map { "; use `harvest report \($0)`" } ?? ""
                throw CommandFailure.usage("error: Form 8949 is a US form, not for \(replayed.settings.jurisdiction.name)\(own)")
            }
            guard let summary = workspace.summaries(replayed, through: year).first(where: { $0.year == year }) else {
                throw CommandFailure.data("error: no transactions in or before \(year): nothing to report")
            }
            let report = Form8949.build(year: year, disposals: replayed.result.disposals, summary: summary)
            let csv = Form8949.csv(report)
            guard let output else {
                Console.out(csv)
                return
            }
            do {
                try csv.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure.other("error: cannot write \(output): \(error.localizedDescription)")
            }
            let m = TextTable.money
            var lines = ["Wrote \(output): Form 8949 for \(year)"]
            lines.append("  Part I, box \(report.shortBox): \(report.shortTotals.rows) row(s), proceeds \(m(report.shortTotals.proceeds)), basis \(m(report.shortTotals.costBasis)), gain \(m(report.shortTotals.gain))")
            lines.append("  Part II, box \(report.longBox): \(report.longTotals.rows) row(s), proceeds \(m(report.longTotals.proceeds)), basis \(m(report.longTotals.costBasis)), gain \(m(report.longTotals.gain))")
            for (label, amount) in Form8949.scheduleD(report) { lines.append("  Schedule D \(label): \(m(amount))") }
            Console.out(lines.joined(separator: "\n") + "\n")
        }
    }
}

/// Writes a report to stdout, or to `output` with a one-line summary on stdout.
private func emit(_ csv: String, to output: String?, summary: String) throws {
    guard let output else {
        Console.out(csv)
        return
    }
    do {
        try csv.write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
        throw CommandFailure.other("error: cannot write \(output): \(error.localizedDescription)")
    }
    Console.out(summary + "\n")
}
