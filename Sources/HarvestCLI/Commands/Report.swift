import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

extension HarvestCommand {
    /// `harvest report 8949 --year Y [--output FILE]`
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reports a tax return needs.", subcommands: [Form8949Command.self])
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
