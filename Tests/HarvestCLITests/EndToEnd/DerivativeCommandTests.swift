import Foundation
import HarvestImport
import Testing
import HarvestTestSupport

/// Derivatives from the command line (issue 17): a Harvest CSV with derivative rows imported, Form 6781, the gains rows
/// and the open positions in holdings, and the errors a user meets.
@Suite("Derivatives from the command line")
struct DerivativeCommandTests {
    /// MBTH25 (CME micro bitcoin, 0.1 BTC): long 3 on 2024-12-02 at 96,000, fee 7.50 (cost 28,807.50), marked 93,500 at
    /// 2024-12-31 (28,050: 2024 −757.50), closed 2025-02-14 at 98,000, fee 7.50 (29,392.50 − 28,050 = 1,342.50).
    /// METF26 (micro ether, 0.1 ETH): short 5 on 2025-06-02 at 2,600, fee 5 (credit 1,295), marked 3,000 at 2025-12-31
    /// (1,500: 2025 −205), bought back 2026-01-20 at 2,900 (1,500 − 1,450 = 50 in 2026).
    /// 2025 on Form 6781: line 3 = 1,342.50 − 205 = 1,137.50; line 8 = 455.00; line 9 = 682.50.
    static let file = HarvestCSV.columns.joined(separator: ",") + "," + HarvestDerivativesCSV.columns.joined(separator: ",") + """

        2024-12-02T15:00:00Z,open,ibkr,,,,,7.50,USD,,,f1,,MBTH25,future,BTC,2025-03-28,,,0.1,USD,yes,long,3,96000,
        2025-02-14T15:00:00Z,close,ibkr,,,,,7.50,USD,,,f2,,MBTH25,,,,,,,,,,3,98000,
        2025-06-02T15:00:00Z,open,ibkr,,,,,5,USD,,,f3,,METF26,future,ETH,2026-01-30,,,0.1,USD,yes,short,5,2600,
        2026-01-20T15:00:00Z,close,ibkr,,,,,,,,,f4,,METF26,,,,,,,,,,5,2900,

        """

    static func prepared() throws -> CLI {
        let cli = try CLI()
        let imported = try cli.run("import", try cli.file("futures.csv", Self.file))
        #expect(imported.status == 0 && imported.stdout.contains("futures.csv: 4 derivative event(s) added, 0 duplicate(s) skipped, 2 instrument(s) added"))
        let header = "date,open,high,low,close,volume\n"
        let prices = try cli.run("prices", "import", try cli.file("MBTH25-USD.csv", header + "2024-12-31,,,,93500,\n"),
                                 try cli.file("METF26-USD.csv", header + "2025-12-31,,,,3000,\n"))
        #expect(prices.status == 0)
        return cli
    }

    @Test("report 6781: Part I of a year with a future closed and another open at the year end")
    func form6781() throws {
        let cli = try Self.prepared()
        let report = try cli.run("report", "6781", "--year", "2025")
        #expect(report.status == 0)
        #expect(report.stdout == """
            part,line,description,loss,gain,amount
            I,1,ibkr: MBTH25,0.00,1342.50,
            I,1,ibkr: METF26,-205.00,0.00,
            I,2,add the amounts on line 1,-205.00,1342.50,
            I,3,net gain or (loss),,,1137.50
            I,7,combine lines 5 and 6 (no 1099-B adjustment or carryback),,,1137.50
            I,8,short-term (40%): Schedule D line 4,,,455.00
            I,9,long-term (60%): Schedule D line 11,,,682.50

            part II section A,description,date_entered,date_closed,gross_sales_price,cost,loss,unrecognized_gain,recognized_loss,term,carried_in

            open at year end,instrument,wallet,side,contracts,mark_date,mark,value_at_mark
            open,METF26,ibkr,short,5,2025-12-31,3000,1500.00

            """)
        // Re-importing the file adds nothing.
        let again = try cli.run("import", try cli.file("futures.csv", Self.file))
        #expect(again.stdout.contains("0 derivative event(s) added, 4 duplicate(s) skipped"))
    }

    @Test("gains: the derivative rows after the spot rows, the 60/40 split in the year's summary")
    func gains() throws {
        let cli = try Self.prepared()
        let csv = try cli.run("gains", "--format", "csv", "--year", "2025")
        #expect(csv.status == 0)
        #expect(csv.stdout == """
            asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id
            MBTH25,ibkr,3,2024-12-02,2025-02-14,29392.50,28050.00,0.00,1342.50,1256,f1,f2
            METF26,ibkr,5,2025-06-02,2025-12-31,1295.00,1500.00,0.00,-205.00,1256,f3,METF26@2025-12-31

            """)
        let table = try cli.run("gains", "--year", "2025").stdout
        // Schedule D: 455.00 short-term (line 4), 682.50 long-term (line 11).
        #expect(table.contains("Short-term: gains 455.00, losses 0.00"))
        #expect(table.contains("Long-term:  gains 682.50, losses 0.00"))
    }

    @Test("holdings: an open position with its mark and unrealized result")
    func holdings() throws {
        let cli = try Self.prepared()
        _ = try cli.run("prices", "import", try cli.file("METF26-USD.csv", "date,open,high,low,close,volume\n2025-10-31,,,,2700,\n"))
        let holdings = try cli.run("holdings", "--as-of", "2025-11-01")
        #expect(holdings.status == 0)
        // Short 5 × 0.1 ETH: credit 1,295 − 0.5 × 2,700 = −55.00.
        let line = holdings.stdout.split(separator: "\n").first { $0.hasPrefix("METF26") }.map(String.init) ?? ""
        #expect(line.contains("short") && line.contains("1,295.00") && line.contains("2,700.00 (2025-10-31)") && line.contains("-55.00"))
    }

    @Test("a §1256 position without a year-end mark, and derivative rows under the UK rules, are data errors naming them")
    func errors() throws {
        let cli = try CLI()
        _ = try cli.run("import", try cli.file("futures.csv", Self.file))
        let missing = try cli.run("gains")
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no year-end mark for §1256 instrument MBTH25 on 2024-12-31 (3 contracts open)"))
        let uk = try cli.run("gains", "--jurisdiction", "uk")
        #expect(uk.status == 65 && uk.stderr.contains("derivative rows are not supported under the United Kingdom rules"))
        let bad = try cli.run("import", try cli.file("bad.csv", Self.file.replacingOccurrences(of: "long,3,96000", with: "long,3,x")))
        #expect(bad.status == 65 && bad.stderr.contains("bad.csv:2: price: 'x' is not a decimal number"))
    }
}
