import Foundation
import Testing
import HarvestTestSupport

@Suite("Read commands never create a database; --dry-run writes nothing")
struct DatabaseCreationTests {
    @Test("gains, holdings, plan and problems on a mistyped --db: exit 1 naming the path, no file or folder made")
    func mistypedDatabase() throws {
        let cli = try CLI()
        let missing = cli.directory.appendingPathComponent("typo/harvset.sqlite").path
        for command in [["gains"], ["holdings"], ["plan"], ["problems"], ["transfers"], ["settings"], ["report", "8949", "--year", "2024"]] {
            let result = try cli.run(["--db", missing] + command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("no database at \(missing)"), "\(command)")
            #expect(result.stderr.contains("harvest demo"), "\(command)")
            #expect(result.stdout.isEmpty, "\(command)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("typo").path))
    }

    @Test("import --dry-run reads and reports but creates no file; settings set creates the database")
    func dryRun() throws {
        let cli = try CLI()
        let path = try cli.file("t.csv", "\(header)\n2024-01-02T10:00:00Z,buy,kraken,1000,USD,1,ETH,,,,,b1,\n")
        let result = try cli.run("import", "--dry-run", path)
        #expect(result.status == 0)
        #expect(result.stdout == "\(path): 1 row(s) read, nothing written (--dry-run), 0 duplicate(s) skipped\n")
        #expect(!FileManager.default.fileExists(atPath: cli.database))
        #expect(try cli.run("settings", "set", "timezone", "UTC").status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.database))
    }
}

@Suite("Settings apply when the history is replayed, not when it was imported")
struct SettingsAtReplayTests {
    @Test("timezone set after import: a time without an offset stays at its wall-clock time, an instant moves to its new day")
    func timeZoneAfterImport() throws {
        let cli = try CLI()
        // s1 is written without an offset (a wall-clock time in the tax zone); s2 is an instant (03:00 UTC on Jan 1).
        let path = try cli.file("t.csv", """
            \(header)
            2024-06-01T12:00:00Z,buy,w,1000,USD,1,ETH,,,,,b1,
            2024-12-31T23:30:00,sell,w,0.5,ETH,600,USD,,,,,s1,
            2025-01-01T03:00:00Z,sell,w,0.5,ETH,700,USD,,,,,s2,

            """)
        #expect(try cli.run("import", path).status == 0)
        // UTC: s1 on 2024-12-31, s2 on 2025-01-01.
        let utc = try cli.run("gains", "--format", "csv").stdout.split(separator: "\n").map(String.init)
        #expect(utc.count == 3)
        #expect(utc.contains { $0.hasPrefix("ETH,w,0.5,2024-06-01,2024-12-31,600.00,500.00,0.00,100.00,short,b1,s1") })
        #expect(utc.contains { $0.hasPrefix("ETH,w,0.5,2024-06-01,2025-01-01,700.00,500.00,0.00,200.00,short,b1,s2") })

        // New York (UTC-5 in winter): s1 is still 23:30 on Dec 31 local; s2, 03:00 UTC, is 22:00 on Dec 31 there.
        #expect(try cli.run("settings", "set", "timezone", "America/New_York").status == 0)
        let newYork = try cli.run("gains", "--format", "csv").stdout.split(separator: "\n").map(String.init)
        #expect(newYork.contains { $0.hasPrefix("ETH,w,0.5,2024-06-01,2024-12-31,600.00,500.00,0.00,100.00,short,b1,s1") })
        #expect(newYork.contains { $0.hasPrefix("ETH,w,0.5,2024-06-01,2024-12-31,700.00,500.00,0.00,200.00,short,b1,s2") })

        // And back: the figures are the first ones again.
        #expect(try cli.run("settings", "unset", "timezone").status == 0)
        #expect(try cli.run("gains", "--format", "csv").stdout.split(separator: "\n").map(String.init) == utc)
    }

    @Test("an exchange's UTC time keeps its instant under another tax zone: Kraken 03:00 UTC on Jan 2 is Jan 1 in New York")
    func exchangeTimesAreInstants() throws {
        let cli = try CLI()
        let path = try cli.file("ledgers.csv", """
            "txid","refid","time","type","subtype","aclass","asset","amount","fee","balance"
            "L1","R1","2024-01-02 03:00:00","deposit","","currency","SOL",2.00000000,0.00000000,2.00000000

            """)
        #expect(try cli.run("import", path).status == 0)
        #expect(try cli.run("transfers", "--unmatched", "--format", "csv").stdout.contains("unmatched deposit,2024-01-02,"))
        #expect(try cli.run("settings", "set", "timezone", "America/New_York").status == 0)
        // 2024-01-02 03:00 UTC is 2024-01-01 22:00 in New York (before, the time was read again as New York's: Jan 2).
        #expect(try cli.run("transfers", "--unmatched", "--format", "csv").stdout.contains("unmatched deposit,2024-01-01,"))
    }

    @Test("base-currency set after import: the exchange's EUR values count, with no price file")
    func baseCurrencyAfterImport() throws {
        let cli = try CLI()
        // Koinly's universal layout: each row's value is its Net Worth, here in EUR.
        let path = try cli.file("koinly.csv", """
            Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash
            2024-01-10 10:00:00 UTC,1000,EUR,0.05,BTC,,,1000,EUR,,,
            2024-03-10 10:00:00 UTC,0.05,BTC,1,ETH,,,1500,EUR,,,

            """)
        #expect(try cli.run("import", path).status == 0)
        // Under USD the EUR values are not the base currency's: the rows need prices in USD, and there are none.
        let usd = try cli.run("gains", "--year", "2024")
        #expect(usd.status == 65)
        #expect(usd.stderr.contains("koinly.csv:2 (tx h:f1e61a086becbe7b1bcc): no price for EUR on 2024-01-10"))
        // In EUR: 0.05 BTC bought for 1,000 and traded for ETH worth 1,500: a gain of 500.
        #expect(try cli.run("settings", "set", "base-currency", "EUR").status == 0)
        let eur = try cli.run("gains", "--year", "2024", "--format", "csv")
        #expect(eur.status == 0)
        #expect(eur.stdout.contains("BTC,koinly,0.05,2024-01-10,2024-03-10,1500.00,1000.00,0.00,500.00,short,"))
    }
}

@Suite("harvest problems: every gap at once, ranked, each with the command that resolves it")
struct ProblemsCommandTests {
    static let history = """
        \(header)
        2024-01-02T10:00:00Z,buy,A,2000,USD,2,ETH,,,,,b1,
        2024-02-02T10:00:00Z,sell,A,2.5,ETH,5000,USD,,,,,s1,
        2024-03-01T10:00:00Z,deposit,B,,,2,SOL,,,,,d1,
        2024-04-01T10:00:00Z,trade,C,0.1,BTC,50,XYZ,,,,,t1,

        """

    @Test("missing prices first, then by the gain or loss that depends on each; resolved by the commands it names")
    func problems() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("h.csv", Self.history)).status == 0)
        #expect(try cli.run("prices", "import", try cli.file("SOL-USD.csv", "date,close\n2024-03-01,100\n")).status == 0)
        #expect(try cli.run("prices", "import", try cli.file("BTC-USD.csv", "date,close\n2024-03-30,60000\n")).status == 0)

        let result = try cli.run("problems", "--as-of", "2024-06-01", "--format", "csv")
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(10).joined(separator: ",") }
        // 1. t1 needs BTC on 2024-04-01; the book has 2024-03-30 only: 0.1 × 60,000 = 6,000 estimated.
        // 2. s1 sold 2.5 ETH from A holding 2: 0.5 missing; its proceeds 5,000 × 0.5 / 2.5 = 1,000 are gain on zero basis.
        // 3. d1: 2 SOL into B from nowhere, worth 2 × 100 = 200 on the day.
        // 4. SOL still held, 2 × 100 = 200, priced on 2024-03-01: 92 days before 2024-06-01 (more than 3).
        // 5. t1 also took 0.1 BTC from C, which held none; its proceeds were unpriced (zero).
        #expect(rows == [
            "kind,asset,wallet,rows,quantity,first,last,effect,blocks_reports,price_date",
            "missing-price,BTC,,1,0.1,2024-04-01,2024-04-01,6000,true,",
            "missing-acquisitions,ETH,A,1,0.5,2024-02-02,2024-02-02,1000,false,",
            "unmatched-deposit,SOL,B,1,2,2024-03-01,2024-03-01,200,false,",
            "stale-price,SOL,,0,2,2024-03-01,2024-06-01,200,false,2024-03-01",
            "missing-acquisitions,BTC,C,1,0.1,2024-04-01,2024-04-01,0,false,",
        ])
        // The table fits an 80-column terminal, and names the commands.
        let table = try cli.run("problems", "--as-of", "2024-06-01")
        let tableLines = table.stdout.split(separator: "\n")
        #expect(tableLines.prefix(7).allSatisfy { $0.count <= 80 })
        #expect(table.stdout.contains("harvest prices import BTC-USD.csv"))
        #expect(table.stdout.contains("harvest transfers mark-external --all --wallet B --asset SOL --kind deposit --through 2024-03-01 --as untracked"))

        // `tx list --problems` lists the rows the problems name, and no other.
        let listed = try cli.run("tx", "list", "--problems", "--format", "csv").stdout
        #expect(listed.contains("A/s1") && listed.contains("B/d1") && listed.contains("C/t1"))
        #expect(!listed.contains("A/b1"))

        // Every report stops at the missing price, and says where to look.
        #expect(try cli.run("gains", "--year", "2024").status == 65)

        // Resolve them by commands: the BTC close of the day, the acquisitions, the deposit as a gift received.
        #expect(try cli.run("prices", "import", try cli.file("BTC-USD.csv", "date,close\n2024-03-30,60000\n2024-04-01,61000\n")).status == 0)
        #expect(try cli.run("import", try cli.file("more.csv", "\(header)\n2024-03-15T10:00:00Z,buy,C,5000,USD,0.1,BTC,,,,,b2,\n")).status == 0)
        // The command the table suggests for A's missing ETH, with its placeholder filled in.
        #expect(table.stdout.contains(
            "harvest tx add --timestamp 2024-02-02 --type buy --wallet A --received-quantity 0.5 --received-asset ETH --value COST"))
        #expect(try cli.run("tx", "add", "--timestamp", "2024-02-02", "--type", "buy", "--wallet", "A", "--received-quantity", "0.5",
                            "--received-asset", "ETH", "--value", "400").status == 0)
        let marked = try cli.run("transfers", "mark-external", "--all", "--wallet", "B", "--kind", "deposit", "--as", "gift_in", "--basis", "150")
        #expect(marked.status == 0)
        #expect(marked.stdout == "marked B/d1 external (gift_in, basis 150)\n")
        #expect(try cli.run("prices", "import", try cli.file("SOL-USD.csv", "date,close\n2024-03-01,100\n2024-05-31,120\n")).status == 0)

        let after = try cli.run("problems", "--as-of", "2024-06-01")
        #expect(after.stdout == "No problems: every report is complete.\n")
        // Now no gap is left: the report runs even where a missing basis would stop it.
        let gains = try cli.run("gains", "--year", "2024", "--missing-basis", "error", "--format", "csv")
        #expect(gains.status == 0)
        // t1: 0.1 BTC bought for 5,000 on 2024-03-15, traded on 2024-04-01 at 61,000 × 0.1 = 6,100: a gain of 1,100.
        #expect(gains.stdout.contains("BTC,C,0.1,2024-03-15,2024-04-01,6100.00,5000.00,0.00,1100.00,short,b2,t1\n"))
    }

    @Test("a wrapped form without prices of its own is valued through what it wraps: WETH at ETH's close")
    func equivalentPrices() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("w.csv", """
            \(header)
            2024-01-02T10:00:00Z,buy,A,3000,USD,1,WETH,,,,,b1,
            2024-02-02T10:00:00Z,trade,A,1,WETH,100,LINK,,,,,t1,

            """)).status == 0)
        #expect(try cli.run("prices", "import", try cli.file("ETH-USD.csv", "date,close\n2024-02-02,2500\n")).status == 0)
        // 1 WETH at ETH's 2,500 for LINK: a loss of 500.
        let gains = try cli.run("gains", "--year", "2024", "--format", "csv")
        #expect(gains.status == 0)
        #expect(gains.stdout.contains("WETH,A,1,2024-01-02,2024-02-02,2500.00,3000.00,0.00,-500.00,short,b1,t1\n"))
    }

    @Test("holdings warn when a price is older than stale-price-days, naming the asset and the day")
    func stalePriceWarning() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("w.csv", "\(header)\n2024-01-02T10:00:00Z,buy,A,3000,USD,1,ETH,,,,,b1,\n")).status == 0)
        #expect(try cli.run("prices", "import", try cli.file("ETH-USD.csv", "date,close\n2024-01-02,3000\n")).status == 0)
        let fresh = try cli.run("holdings", "--as-of", "2024-01-05")
        #expect(!fresh.stderr.contains("warning"))
        let stale = try cli.run("holdings", "--as-of", "2024-01-06")
        #expect(stale.stderr.contains("warning: ETH is valued at its close of 2024-01-02, 4 days before 2024-01-06"))
        #expect(try cli.run("settings", "set", "stale-price-days", "7").status == 0)
        #expect(!(try cli.run("holdings", "--as-of", "2024-01-06").stderr.contains("warning")))
    }
}
