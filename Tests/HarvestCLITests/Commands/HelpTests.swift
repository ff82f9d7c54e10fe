import ArgumentParser
import HarvestCore
@testable import HarvestCLI
import Testing

/// What `--help` tells a user, built by the parser from the same lists it checks values against.
@Suite("Help")
struct HelpTests {
    @Test("the root command offers --db before any command, and lists the commands")
    func root() {
        let help = HarvestCommand.helpMessage(for: HarvestCommand.self)
        #expect(help.contains("USAGE: harvest [--db <path>] <subcommand>"))
        for command in ["demo", "import", "gains", "report", "plan", "wash-check", "backtest", "transfers", "settings"] {
            #expect(help.contains("\n  \(command) "), "\(command) is not listed")
        }
    }

    @Test("choices are listed from their type", arguments: [
        (HarvestCommand.Backtest.self as any ParsableCommand.Type, "(values: none, monthly, quarterly, yearly; default: quarterly)"),
        (HarvestCommand.Backtest.self, "(values: portfolio, outside; default: portfolio)"),
        (HarvestCommand.Backtest.self, "(values: liquidate, hold; default: liquidate)"),
        (HarvestCommand.Backtest.self, "(values: crypto=off, crypto=on; default: crypto=off)"),
        (HarvestCommand.Gains.self, "(values: us, uk, ca, au, de)"),
        (HarvestCommand.Gains.self, "(values: fifo, lifo, hifo, specific)"),
        (HarvestCommand.Gains.self, "(values: table, csv, json; default: table)"),
        (HarvestCommand.Transfers.MarkExternal.self, "(values: untracked, spend, donation, lost, income, gift_out, gift_in; default: untracked)"),
        (HarvestCommand.Profile.Set.self, "(values: single, mfj, mfs, hoh)"),
    ])
    func choices(_ command: any ParsableCommand.Type, _ listed: String) {
        // The help wraps at 80 columns: compare with the line breaks and indentation taken out.
        let help = HarvestCommand.helpMessage(for: command).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains(listed), "\(command) help does not list \(listed)")
    }

    @Test("every country's report is a subcommand of report, named in the help")
    func reports() {
        let help = HarvestCommand.helpMessage(for: HarvestCommand.Report.self)
        for name in ["8949", "uk-sa", "schedule3", "au-cgt", "de-so"] { #expect(help.contains("\n  \(name) "), "\(name) is not listed") }
        var codes: [String] = []
        for report in HarvestCommand.Report.countryReports { codes.append(report.reportJurisdiction.code) }
        #expect(codes == ["uk", "ca", "au", "de"])
    }

    @Test("the tables that can run to a million rows offer --all, and say where they stop", arguments: [
        HarvestCommand.Gains.self as any ParsableCommand.Type, HarvestCommand.Holdings.self, HarvestCommand.Tx.List.self,
        HarvestCommand.Transfers.List.self,
    ])
    func all(_ command: any ParsableCommand.Type) {
        let help = HarvestCommand.helpMessage(for: command).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--all"))
        #expect(help.contains("there it stops after \(TableRows.terminalLimit)"))
    }
}
