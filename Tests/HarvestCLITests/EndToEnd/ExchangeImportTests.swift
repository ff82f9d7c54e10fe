import Foundation
import HarvestImport
import Testing
import HarvestTestSupport

/// `harvest import` on exchange exports (files written here, of our own making), and `harvest transfers`.
@Suite("harvest import of exchange exports; harvest transfers")
struct ExchangeImportTests {
    // A Kraken ledger: 0.02 BTC bought for 1,000 USD (fee 1.60), 0.01 BTC withdrawn (fee 0.0001), 0.005 BTC withdrawn.
    static let kraken = """
        "txid","refid","time","type","subtype","aclass","asset","amount","fee","balance"
        "L1","T1","2024-03-01 10:00:00","trade","","currency","ZUSD",-1000.0000,1.6000,0
        "L2","T1","2024-03-01 10:00:00","trade","","currency","XXBT",0.0200000000,0,0.02
        "L5","T3","2024-03-03 12:00:00","withdrawal","","currency","XXBT",-0.0100000000,0.0001,0.0099
        "L6","T4","2024-03-20 12:00:00","withdrawal","","currency","XXBT",-0.0050000000,0,0.0049

        """
    // Coinbase (2024 layout): the 0.01 BTC arrives 40 minutes later; sold a month later for 700 USD less a 1 USD fee.
    static let coinbase = """
        ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes
        a1,2024-03-03 12:40:00 UTC,Receive,BTC,0.01,USD,$60000,$600,$600,$0.00,
        a2,2024-04-03 12:40:00 UTC,Sell,BTC,-0.01,USD,$70000,$700,$699,$1,

        """

    @Test("the header decides the format; re-importing an overlapping export adds nothing twice")
    func autoDetection() throws {
        let cli = try CLI()
        let path = try cli.file("ledgers.csv", Self.kraken)
        let first = try cli.run("import", path)
        #expect(first.status == 0)
        #expect(first.stdout == "\(path): 3 added, 0 duplicate(s) skipped\n")
        #expect(first.stderr.contains("\(path): read as kraken"))
        #expect(try cli.run("import", path).stdout == "\(path): 0 added, 3 duplicate(s) skipped\n")
        // --dry-run reads and checks, and stores nothing.
        let other = try cli.file("other.csv", Self.coinbase)
        let dry = try cli.run("import", "--dry-run", other)
        #expect(dry.status == 0 && dry.stdout == "\(other): 2 row(s) read, nothing written (--dry-run), 0 duplicate(s) skipped\n")
        #expect(try cli.run("import", other).stdout == "\(other): 2 added, 0 duplicate(s) skipped\n")
        let formats = try cli.run("formats")
        #expect(formats.status == 0 && formats.stdout.contains("kraken") && formats.stdout.contains("coinbase"))
    }

    @Test("an unknown header is refused with the closest known formats, exit 65")
    func unknownHeader() throws {
        let cli = try CLI()
        let path = try cli.file("mystery.csv", "txid,refid,time,kind,asset,amount\nx,y,2024-01-01,trade,BTC,1\n")
        let result = try cli.run("import", path)
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):1: unrecognized format (first line: txid,refid,time,kind,asset,amount); closest known formats: kraken (missing type, fee)"))
        let named = try cli.run("import", "--format", "nosuch", path)
        #expect(named.status == 64 && named.stderr.contains("The value 'nosuch' is invalid for '--format <name>': unknown format: known are auto, harvest,"))
    }

    @Test("an unknown header: the column that rules a format out is named, the header past a preamble shown, Kraken's trades.csv explained")
    func unknownHeaderReasons() throws {
        let cli = try CLI()
        // Made up: Koinly's columns and a Type column, which Koinly's files never have.
        let koinly = try cli.file("koinly-like.csv", "Date,Type,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency\n"
            + "2024-01-01 10:00,deposit,,,1,BTC,,\n")
        let extra = try cli.run("import", koinly)
        #expect(extra.status == 65)
        #expect(extra.stderr.contains("\(koinly):1: unrecognized format (first line: Date,Type,Sent Amount,Sent Currency,Received Amount,"
            + "Received Currency,Fee Amount,Fee Currency); closest known formats: koinly (every column it needs is there, but so is Type, "
            + "which koinly's files do not have); "))
        let named = try cli.run("import", "--format", "koinly", koinly)
        #expect(named.status == 65 && named.stderr.contains("\(koinly):1: no koinly header found: this line comes closest, but every column "
            + "it needs is there, but so is Type, which koinly's files do not have (expected the columns Date, Sent Amount, "))
        // Made up: a preamble of three lines before the header.
        let preamble = try cli.file("statement.csv", "Account statement\nfor someone\n\nWhen,What,How much,Which coin\n2024-01-01,in,1,BTC\n")
        #expect(try cli.run("import", preamble).stderr.contains(
            "\(preamble):4: unrecognized format (header line: When,What,How much,Which coin); no known format shares its columns."))
        // Made up in Kraken's trades.csv layout.
        let trades = try cli.file("trades.csv", #""txid","ordertxid","pair","time","type","ordertype","price","cost","fee","vol","margin","misc","ledgers""#
            + "\n" + #""T1","O1","XXBTZEUR","2024-03-01 10:00:00.1234","buy","market",50000,1000,1.6,0.02,0,"","L1,L2""# + "\n")
        // Unless a format for Kraken's trades.csv has been added since.
        guard ExchangeFormats.named("kraken-trades") == nil else { return }
        let partial = try cli.run("import", trades)
        #expect(partial.status == 65)
        #expect(partial.stderr.contains("\(trades):1: unrecognized format (first line: txid,ordertxid,pair,time,type,ordertype,price,cost,...): "
            + "this is Kraken's trades export (trades.csv): it holds only trades, without deposits, withdrawals, staking or the asset a "
            + "fee was paid in. Download the ledger instead (Kraken: History, Export, Ledgers; the file is ledgers.csv) and import that: "
            + "Harvest reads it as the kraken format"))
    }

    @Test("a withdrawal and a deposit across exchanges are one transfer; the rest is listed and resolved by the user")
    func transfers() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("ledgers.csv", Self.kraken), try cli.file("coinbase.csv", Self.coinbase)).status == 0)
        let listed = try cli.run("transfers", "--format", "csv")
        #expect(listed.stdout == """
            status,date,from,to,asset,sent,received
            matched,2024-03-03,kraken/L5,coinbase/a1,BTC,0.01,0.01
            unmatched withdrawal,2024-03-20,kraken/L6,?,BTC,0.005,

            """)
        // Gains: the transfer carries the lot bought on Kraken (1,000 + 1.60 fee for 0.02 BTC: 50.08 per 0.001).
        // The transfer fee 0.0001 BTC is a disposal at fair value, so BTC needs a price on 2024-03-03.
        let prices = try cli.file("BTC-USD.csv", "date,open,high,low,close,volume\n2024-03-03,,,,62000,\n")
        #expect(try cli.run("prices", "import", prices).status == 0)
        let gains = try cli.run("gains", "--format", "csv")
        #expect(gains.status == 0)
        // 0.0001 BTC fee: basis 1001.60 × 0.0001/0.02 = 5.008 → 5.01; proceeds 0.0001 × 62,000 = 6.20.
        // 0.01 BTC sold: basis 500.80, proceeds 700 − 1 = 699.
        #expect(gains.stdout.contains("BTC,kraken,0.0001,2024-03-01,2024-03-03,6.20,5.01,0.00,1.19,short,T1,L5"))
        #expect(gains.stdout.contains("BTC,coinbase,0.01,2024-03-01,2024-04-03,699.00,500.80,0.00,198.20,short,T1,a2"))
        #expect(gains.stderr.contains("1 withdrawal(s) and 0 deposit(s) are not matched to a transfer"))

        // The user says where the second withdrawal went: it was a payment (a spend), valued at the day's close.
        let marked = try cli.run("transfers", "mark-external", "kraken/L6", "--as", "spend")
        #expect(marked.status == 0 && marked.stdout == "marked kraken/L6 external (spend)\n")
        #expect(try cli.run("transfers", "--unmatched", "--format", "csv").stdout == "status,date,from,to,asset,sent,received\n")
        let bad = try cli.run("transfers", "mark-external", "kraken/nope")
        #expect(bad.status == 65 && bad.stderr.contains("no deposit or withdrawal kraken/nope"))
        #expect(try cli.run("transfers", "unlink", "kraken/L6").stdout == "forgot the decision about kraken/L6\n")
        #expect(try cli.run("transfers", "--unmatched", "--format", "csv").stdout.contains("unmatched withdrawal,2024-03-20,kraken/L6"))
    }
}

/// A large single file is written while it is read; a bad row anywhere still leaves nothing written.
@Suite("harvest import of a large exchange export")
struct LargeExchangeImportTests {
    /// A file generated over 4 MB, the lines before its first row, a bad row to append, and the message it gets.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var generate: [String]
        var linesBeforeRows: Int
        var badRow: String
        var message: String
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "40,000 Coinbase rows", generate: ["--layout", "coinbase", "--transactions", "40000"], linesBeforeRows: 4,
             badRow: "zz1,2024-12-31 10:00:00 UTC,Buy,BTC,1.2.3,USD,$1,$1,$1,$0,", message: "Quantity Transacted: '1.2.3' is not a number"),
        Case(name: "60,000 rows of Harvest CSV", generate: ["--transactions", "60000"], linesBeforeRows: 1,
             badRow: "2024-12-31T10:00:00Z,buy,kraken,1,USD,1.2.3,BTC,,,,,zz1,,", message: "received_quantity: '1.2.3' is not a number"),
    ]

    @Test("over 4 MB, read and written in chunks: all added once; a bad last row writes nothing", arguments: cases)
    func streamed(_ file: Case) throws {
        let cli = try CLI()
        let generated = try cli.run(["generate"] + file.generate + ["--seed", "3"])
        #expect(generated.status == 0 && generated.stdout.utf8.count > 4_000_000)
        let lines = generated.stdout.utf8.count { $0 == UInt8(ascii: "\n") }
        // A bad quantity on the very last row: the chunks before it were already handed to the database.
        let bad = try cli.file("bad.csv", generated.stdout + file.badRow + "\n")
        let rejected = try cli.run("import", bad)
        #expect(rejected.status == 65)
        #expect(rejected.stderr.contains("bad.csv:\(lines + 1): \(file.message)"))
        #expect(rejected.stderr.contains("nothing was imported: 1 error(s)"))
        let good = try cli.file("good.csv", generated.stdout)
        let rows = lines - file.linesBeforeRows
        let first = try cli.run("import", good)
        #expect(first.status == 0 && first.stdout == "\(good): \(rows) added, 0 duplicate(s) skipped\n")
        #expect(try cli.run("import", good).stdout == "\(good): 0 added, \(rows) duplicate(s) skipped\n")
    }
}
