import Foundation
import HarvestTestSupport
import Testing

/// Exchanges' derivatives exports through `harvest import` (recognized by their header, or named with `--format`):
/// idempotent, atomic per file, every bad cell named; and the gains they lead to.
@Suite("Derivatives exports from the command line")
struct DerivativeExportCommandTests {
    static let bitmexHeader = #""transactTime","transactType","amount","fee","address","transactStatus","walletBalance""#

    /// Made up for these tests, in BitMEX's layout: 0.01 BTC of profit on 2025-03-01, 0.02 BTC of loss on 2025-04-01.
    static let bitmexFile = bitmexHeader + "\n" + """
        "4/1/2025, 12:00:00 PM","RealisedPNL","-2000000","0","XBTUSD","Completed","0"
        "3/1/2025, 12:00:00 PM","RealisedPNL","1000000","0","XBTUSD","Completed","2000000"

        """

    @Test("the real BitMEX wallet history: imported, and imported again adds nothing")
    func bitmexSampleTwice() throws {
        let sample = SharedData.folder("data/exports/bitmex/bitmex_wallet_history.csv")
        guard FileManager.default.fileExists(atPath: sample.path) else {
            print("skipped: ../shared/data/exports/bitmex is absent")
            return
        }
        let cli = try CLI()
        let first = try cli.run("import", sample.path)
        #expect(first.status == 0)
        // Read off the file: 2 spot rows (a deposit, a withdrawal), 7 RealisedPNL rows, 1 cancelled row passed over.
        #expect(first.stdout.contains("bitmex_wallet_history.csv: 2 added, 0 duplicate(s) skipped, 1 row(s) not imported"))
        #expect(first.stdout.contains("bitmex_wallet_history.csv: 7 derivative event(s) added, 0 duplicate(s) skipped, 1 instrument(s) added"))
        #expect(first.stderr.contains("bitmex_wallet_history.csv: read as bitmex"))
        let again = try cli.run("import", "--format", "bitmex", sample.path)
        #expect(again.status == 0)
        #expect(again.stdout.contains("bitmex_wallet_history.csv: 0 added, 2 duplicate(s) skipped"))
        #expect(again.stdout.contains("bitmex_wallet_history.csv: 0 derivative event(s) added, 7 duplicate(s) skipped, 0 instrument(s) added"))
    }

    @Test("Deribit named with --format: the log's rows stored once, a second import adds nothing")
    func deribitTwice() throws {
        let cli = try CLI()
        // Made up, in Deribit's layout: 1 BTC deposited, a perpetual bought and sold (two realized rows), a funding row.
        let log = "ID,UserSeq,Date,Instrument,Type,Side,Amount,Base Amount,Position,Price,Mark Price,Index Price,Cash Flow,Funding,"
            + "Fee Rate,Fee Charged,Fee Balance,Change,Balance,Equity,Trade ID,Order ID,Info,Note\n"
            + "1000,0,2025-03-01 09:00:00,,deposit,,,,,,,,1,0,0,0,0,1,1,1,,,,\n"
            + "1001,1,2025-03-03 12:00:00,BTC-PERPETUAL,trade,buy,40000,1,40000,40000,40000,40000,0,0,0.0005,0.0005,0.0005,-0.0005,0.9995,0.9995,t1,o1,,\n"
            + "1002,2,2025-03-04 08:00:00,BTC-PERPETUAL,settlement,,0,0,40000,40000,40000,40000,-0.0001,-0.0001,0,0,0.0005,-0.0001,0.9994,0.9994,,,,\n"
            + "1003,3,2025-03-10 12:00:00,BTC-PERPETUAL,trade,sell,40000,1.25,0,32000,32000,32000,-0.25,0,0.0005,0.0005,0.001,-0.2505,0.7489,0.7489,t2,o2,,\n"
        let path = try cli.file("deribit-btc.csv", log)
        let first = try cli.run("import", "--format", "deribit", path)
        #expect(first.status == 0)
        #expect(first.stdout.contains("deribit-btc.csv: 1 added, 0 duplicate(s) skipped"))
        #expect(first.stdout.contains("deribit-btc.csv: 3 derivative event(s) added, 0 duplicate(s) skipped, 1 instrument(s) added"))
        let again = try cli.run("import", path)
        #expect(again.stdout.contains("deribit-btc.csv: 0 derivative event(s) added, 3 duplicate(s) skipped, 0 instrument(s) added"))
    }

    @Test("a bad row names file, line and field, and nothing of the file is imported")
    func badRow() throws {
        let cli = try CLI()
        let bad = Self.bitmexHeader + "\n" + """
            "3/1/2025, 12:00:00 PM","Deposit","100000000","0","","Completed","100000000"
            "3/2/2025, 12:00:00 PM","RealisedPNL","1o00","0","XBTUSD","Completed","0"

            """
        let path = try cli.file("wallet.csv", bad)
        let run = try cli.run("import", path)
        #expect(run.status == 65)
        #expect(run.stderr.contains("wallet.csv:3: amount: '1o00' is not a decimal number"))
        #expect(run.stderr.contains("nothing was imported: 1 error(s)"))
        let batches = try cli.run("imports", "--format", "csv")
        #expect(!batches.stdout.contains("wallet.csv"))
    }

    @Test("atomic: when the derivative rows cannot be stored, the file's spot rows are not stored either")
    func atomic() throws {
        let cli = try CLI()
        // XBTUSD stored first as a USD-settled perpetual (a Harvest CSV row); the BitMEX file defines it as settled in BTC.
        let harvest = "timestamp,type,wallet,tx_id,instrument,instrument_kind,underlying,amount\n"
            + "2025-01-05T00:00:00Z,funding,bitmex,x1,XBTUSD,perpetual,BTC,-1\n"
        #expect(try cli.run("import", try cli.file("own.csv", harvest)).status == 0)
        let file = Self.bitmexHeader + "\n" + """
            "3/1/2025, 12:00:00 PM","Deposit","100000000","0","","Completed","100000000"
            "3/2/2025, 12:00:00 PM","RealisedPNL","1000","0","XBTUSD","Completed","0"

            """
        let run = try cli.run("import", try cli.file("wallet.csv", file))
        #expect(run.status == 65)
        #expect(run.stderr.contains("instrument XBTUSD"))
        #expect(run.stderr.contains("nothing was imported from"))
        let batches = try cli.run("imports", "--format", "csv")
        #expect(batches.status == 0 && !batches.stdout.contains("wallet.csv"))
    }

    @Test("gains: BitMEX's realized BTC valued at the day's close, the BTC paid a spot disposal")
    func gains() throws {
        let cli = try CLI()
        // 1 BTC bought for 40,000 into the bitmex wallet (a Harvest CSV row). BTC closes at 50,000 on 2025-03-01 and
        // 60,000 on 2025-04-01: realized +0.01 BTC = +500 and −0.02 BTC = −1,200 (short-term, no opening day known);
        // the 0.02 BTC paid is a disposal for 1,200 of units that cost 0.02 × 40,000 = 800: +400.
        // Short-term 2025: gains 500 + 400 = 900, losses 1,200: net −300.
        let buy = "timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,tx_id\n"
            + "2025-01-02T12:00:00Z,buy,bitmex,40000,USD,1,BTC,b1\n"
        #expect(try cli.run("import", try cli.file("buy.csv", buy)).status == 0)
        #expect(try cli.run("import", try cli.file("bitmex.csv", Self.bitmexFile)).status == 0)
        let prices = "date,open,high,low,close,volume\n2025-03-01,,,,50000,\n2025-04-01,,,,60000,\n"
        #expect(try cli.run("prices", "import", try cli.file("BTC-USD.csv", prices)).status == 0)
        let csv = try cli.run("gains", "--format", "csv", "--year", "2025")
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("BTC,bitmex,0.02,2025-01-02,2025-04-01,1200.00,800.00,0.00,400.00,short,b1,") })
        #expect(lines.contains { $0.hasPrefix("XBTUSD,bitmex,0,2025-03-01,2025-03-01,500.00,0.00,0.00,500.00,short,") })
        #expect(lines.contains { $0.hasPrefix("XBTUSD,bitmex,0,2025-04-01,2025-04-01,0.00,1200.00,0.00,-1200.00,short,") })
    }

    @Test("one import batch per file, derivative events included: `imports undo` takes them out, importing again puts them back")
    func undo() throws {
        let cli = try CLI()
        // The made-up BitMEX file: 2 RealisedPNL rows, no spot rows. Its batch lists 2 added and 2 stored.
        let path = try cli.file("bitmex.csv", Self.bitmexFile)
        #expect(try cli.run("import", path).status == 0)
        var batches = try cli.run("imports", "--format", "csv")
        let row = try #require(batches.stdout.split(separator: "\n").first { $0.contains("bitmex.csv") })
        #expect(row.contains(",bitmex,"))
        let id = try #require(row.split(separator: ",").first.map(String.init))
        let undone = try cli.run("imports", "undo", id)
        #expect(undone.status == 0)
        #expect(undone.stdout.contains("removed 2 row(s)"))
        batches = try cli.run("imports", "--format", "csv")
        #expect(!batches.stdout.contains("bitmex.csv"))
        // Gone from the gains (no price needed: no row left to value), and imported again as new.
        let gains = try cli.run("gains", "--format", "csv")
        #expect(gains.status == 0 && !gains.stdout.contains("XBTUSD"))
        let again = try cli.run("import", path)
        #expect(again.stdout.contains("bitmex.csv: 2 derivative event(s) added, 0 duplicate(s) skipped, 0 instrument(s) added"))
    }
}
