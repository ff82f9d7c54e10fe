import Foundation
import HarvestTestSupport
import Testing

/// `harvest backtest` end to end: price files that cannot serve the window, the profile of the default database, and
/// what the output says about the end (issue 15, "the backtester").
@Suite("harvest backtest: price files, the profile, the end")
struct BacktestCommandTests {
    /// X at 100 from 2023-12-20 to 2024-01-10, 70 from 2023-12-27 to 12-31 (the dip of `CommandTests.backtest`), in
    /// `prices/X-USD.csv` under the scratch directory. Returns the folder.
    static func dipPrices(_ cli: CLI) throws -> String {
        var rows = "date,open,high,low,close,volume\n"
        var date = CivilDateForTests(year: 2023, month: 12, day: 20)
        while date.isNotAfter(2024, 1, 10) {
            rows += "\(date.text),,,,\(date.isIn(from: (2023, 12, 27), through: (2023, 12, 31)) ? 70 : 100),\n"
            date = date.next()
        }
        let folder = cli.directory.appendingPathComponent("prices").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try rows.write(toFile: folder + "/X-USD.csv", atomically: true, encoding: .utf8)
        return folder
    }

    static let dipRun = ["--assets", "X", "--start", "2023-12-20", "--end", "2024-01-10", "--initial", "1000", "--rebalance", "none",
                         "--fees", "0bps", "--slippage", "0bps", "--at-end", "hold", "--strategy", "threshold:0.10"]

    @Test("a price file with a header and no rows, or no close in the window, is a data error naming it (before: exit 0, 0.00%)")
    func noPrices() throws {
        let cli = try CLI()
        let folder = try Self.dipPrices(cli)
        try "date,open,high,low,close,volume\n".write(toFile: folder + "/Y-USD.csv", atomically: true, encoding: .utf8)
        let empty = try cli.run(["backtest", "--prices", folder, "--assets", "X,Y", "--start", "2023-12-20", "--end", "2024-01-10"])
        #expect(empty.status == 65 && empty.stdout.isEmpty)
        #expect(empty.stderr.contains("\(folder)/Y-USD.csv: no prices (a header and no rows): a backtest needs daily closes"))
        let outside = try cli.run(["backtest", "--prices", folder, "--assets", "X", "--start", "2025-01-01", "--end", "2025-06-30"])
        #expect(outside.status == 65 && outside.stdout.isEmpty)
        #expect(outside.stderr.contains(
            "\(folder)/X-USD.csv: no close in the window 2025-01-01 to 2025-06-30 (its closes run from 2023-12-20 to 2024-01-10)"))
    }

    @Test("--strategy and --compare take puts:monthly (any case) under US rules, and refuse it under another country's, naming it")
    func monthlyPutsParsed() throws {
        let cli = try CLI()
        let folder = try Self.dipPrices(cli)
        let window = ["--prices", folder, "--assets", "X", "--start", "2023-12-20", "--end", "2024-01-10", "--initial", "1000"]
        let compared = try cli.run(["backtest"] + window + ["--compare", "none,PUTS:monthly"])
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(compared.stdout.split(separator: "\n").contains { $0.hasPrefix("puts:monthly ") })
        #expect(compared.stdout.contains("puts:monthly: losses harvested and tax by year"))
        let alone = try cli.run(["backtest"] + window + ["--strategy", "puts:monthly"])
        #expect(alone.status == 0, "\(alone.stderr)")
        let refused = try cli.run(["backtest"] + window + ["--strategy", "puts:monthly", "--jurisdiction", "uk"])
        #expect(refused.status == 64 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("--strategy puts:monthly taxes its options under the US rules (IRC §1234) only, not under the United Kingdom rules"))
        let misspelt = try cli.run(["backtest"] + window + ["--strategy", "puts:weekly"])
        #expect(misspelt.status == 64)
    }

    @Test("puts:monthly over a rising year end: the puts' losses are deferred by the straddle rule, and the year's line says so")
    func monthlyPutsStraddleDeferral() throws {
        // X rises 1 a day with a swing of ±2 (so that the 30 days of returns give a volatility): every put bought on the
        // first of a month at the money expires worthless a month later, a loss of its premium, while the spot units held
        // since 2024-09-01 gain some 120 by 2024-12-31. Every put loss of 2024 (settled 2024-10-01 to 2024-12-01, the
        // units held since before each loss) is tested against that gain at the year end: deferred to 2025 as far as the
        // gain reaches (IRC §1092(a)(1)), and the year's line names the amount.
        let cli = try CLI()
        var rows = "date,open,high,low,close,volume\n"
        var date = CivilDateForTests(year: 2024, month: 8, day: 1)
        var day = 0
        while date.isNotAfter(2025, 1, 20) {
            rows += "\(date.text),,,,\(100 + day + (day % 2 == 0 ? 2 : -2)),\n"
            date = date.next()
            day += 1
        }
        let folder = cli.directory.appendingPathComponent("rising").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try rows.write(toFile: folder + "/X-USD.csv", atomically: true, encoding: .utf8)
        let result = try cli.run(["backtest", "--prices", folder, "--assets", "X", "--start", "2024-09-01", "--end", "2025-01-20",
                                  "--initial", "10000", "--strategy", "puts:monthly", "--at-end", "hold"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  2024: ") }, "\(result.stdout)")
        #expect(line.contains(", straddle loss deferred to 2025: "), "\(line)")
    }

    @Test("without --db the rates come from the default database's profile, as for every command")
    func defaultDatabaseProfile() throws {
        let cli = try CLI()
        let folder = try Self.dipPrices(cli)
        // No HARVEST_DB: the default database is $XDG_DATA_HOME/harvest/harvest.sqlite, where `profile set` writes.
        var environment = ProcessInfo.processInfo.environment
        environment["HARVEST_DB"] = nil
        environment["XDG_DATA_HOME"] = cli.directory.appendingPathComponent("data").path
        #expect(try cli.run(["profile", "set", "--short-rate", "0.40"], environment: environment).status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("data/harvest/harvest.sqlite").path))
        // The dip's 300 loss saves 300 × 40% = 120 (before, the defaults' 35%: 105), and the short-term gain held at
        // the end defers as much: 1,000.
        let result = try cli.run(["backtest", "--prices", folder] + Self.dipRun, environment: environment)
        #expect(result.status == 0)
        #expect(result.stdout.contains("rates short 40%, long 15%"))
        #expect(result.stdout.contains("threshold:0.1  1,000.00   1,000.00   -120.00     300.00         1"))
    }

    @Test("the end: an asset without a close on the last day is sold at its last close with a warning; a loss still carried is valued")
    func endNotes() throws {
        let cli = try CLI()
        let folder = try Self.dipPrices(cli)
        let profile = try cli.file("profile.toml", "carryforward-short = 8000\n")
        // The closes stop on 2024-01-10; the run ends 2024-01-12 and liquidates: X is sold at 100, its last close.
        // none: 2023 has only the 8,000 carried in: 3,000 deducted (−1,050), 5,000 carried; 2024 (no gain): 3,000 more
        // deducted (−1,050), 2,000 still carried at the end, worth 2,000 × 15% = 300 in the after-tax wealth (before:
        // dropped): 1,000 + 1,050 + 1,050 + 300 = 3,400. threshold:0.10: 2023 −8,300, 3,000 deducted, 5,300 carried; 2024:
        // the 300 gain on the lot bought at 70 leaves −5,000, 3,000 deducted, 2,000 carried: the same 3,400.
        let result = try cli.run(["backtest", "--prices", folder, "--profile", profile, "--assets", "X", "--start", "2023-12-20",
                                  "--end", "2024-01-12", "--initial", "1000", "--rebalance", "none", "--fees", "0bps", "--slippage", "0bps",
                                  "--compare", "none,threshold:0.10"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning: X has no close on 2024-01-12: sold at its last close, of 2024-01-10"))
        #expect(result.stdout.contains(
            "Loss still carried forward at the end, counted in the after-tax wealth at the long rate (15%): none 2,000.00 (worth 300.00), "
                + "threshold:0.1 2,000.00 (worth 300.00)."))
        #expect(result.stdout.contains("none           1,000.00   3,400.00"))
        #expect(result.stdout.contains("threshold:0.1  1,000.00   3,400.00"))
    }

    /// The README's windows table (section "Does harvesting pay?") is this command's output, rerun here.
    /// (Yearly starts and four strategies: 20 runs, a debug build's minute; the quarterly study is `scripts/windows-study.py`.)
    static let readmeWindows = ["--assets", "BTC", "--windows", "yearly", "--start", "2019-01-01", "--last-start", "2023-01-01",
                                "--end", "2024-12-31", "--deposit", "1000/month", "--compare", "none,yearend,threshold:0.3,planner"]

    @Test("the README's table of windows for BTC is the output of `harvest backtest --windows yearly` on the shared prices")
    func readmeWindowsTable() throws {
        guard SharedData.exists("data/prices/BTC-USD.csv") else {
            print("skipped: ../shared/data/prices is absent")
            return
        }
        let cli = try CLI()
        let result = try cli.run(["backtest", "--prices", SharedData.folder("data/prices").path] + Self.readmeWindows)
        #expect(result.status == 0)
        let table = result.stdout.components(separatedBy: "\n").drop { !$0.hasPrefix("Strategy") }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOfFile: package.appendingPathComponent("README.md").path, encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- windows-btc:begin -->\n```\n"))
        let end = try #require(readme.range(of: "\n```\n<!-- windows-btc:end -->"))
        #expect(String(readme[begin.upperBound..<end.lowerBound]) == table)
        #expect(table.contains("threshold:0.3") && table.hasPrefix("Strategy"))
    }

    @Test("--windows: no start in the range is a usage error; --chart and --last-start alone are refused")
    func windowsUsage() throws {
        let cli = try CLI()
        let folder = try Self.dipPrices(cli)
        let none = try cli.run(["backtest", "--prices", folder, "--assets", "X", "--start", "2023-12-20", "--end", "2024-01-10",
                                "--windows", "quarterly", "--last-start", "2023-12-25"])
        #expect(none.status == 64 && none.stderr.contains("--windows: no start from 2023-12-20 to 2023-12-25"))
        let chart = try cli.run(["backtest", "--prices", folder, "--assets", "X", "--start", "2023-12-20", "--end", "2024-01-10",
                                 "--windows", "monthly", "--chart", cli.directory.appendingPathComponent("c.svg").path])
        #expect(chart.status == 64 && chart.stderr.contains("--chart draws one window: leave it out with --windows."))
        let alone = try cli.run(["backtest", "--prices", folder, "--assets", "X", "--start", "2023-12-20", "--end", "2024-01-10",
                                 "--last-start", "2023-12-25"])
        #expect(alone.status == 64 && alone.stderr.contains("--last-start goes with --windows."))
    }
}
