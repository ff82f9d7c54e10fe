import ArgumentParser
import HarvestCore
import HarvestReports

extension HarvestCommand {
    /// `harvest report 6781 --year Y [--output FILE]`
    struct Form6781Command: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "6781",
            abstract: "Form 6781 (§1256 contracts and straddles) for one year, as CSV.",
            discussion: """
                Part I: each §1256 contract's results (closes, and the year-end mark of every position still open, IRC §1256(a)), \
                line 2 to 9: 40% short-term (Schedule D line 4), 60% long-term (line 11) whatever the holding period. Part II \
                Section A: losses on straddle legs with the unrecognized gain of the offsetting positions at the year end \
                (IRC §1092). Then the §1256 positions open at the year end with their marks. Year-end marks are prices under the \
                instrument's symbol (`harvest prices import SYMBOL-USD.csv`) or settlement rows; a position without one is an error \
                naming it. US only.
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
            let jurisdiction = replayed.settings.jurisdiction
            guard jurisdiction.code == Jurisdiction.us.code else {
                throw CommandFailure.usage("error: Form 6781 is a US form, not for \(jurisdiction.name)")
            }
            guard let outcome = replayed.derivatives else {
                throw CommandFailure.data("error: no derivative rows are stored: nothing to report on Form 6781")
            }
            let form = outcome.form6781(year: year)
            guard let output else {
                StreamedOutput.toStandardOutput { Form6781CSV.write(form, to: $0) }
                return
            }
            try StreamedOutput.toFile(output) { Form6781CSV.write(form, to: $0) }
            Console.out("Wrote \(output): Form 6781 \(year), net \(form.net.formatted(scale: 2, .towardZero)) "
                + "(short-term \(form.shortTerm.formatted(scale: 2, .towardZero)), long-term \(form.longTerm.formatted(scale: 2, .towardZero)))\n")
        }
    }
}
