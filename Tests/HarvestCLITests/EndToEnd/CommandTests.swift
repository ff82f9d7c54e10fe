import Foundation
import Testing
import HarvestTestSupport

let header = "timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,to_wallet,tx_id,note"

@Suite("harvest import: errors name file, line and field; nothing is half-written")
struct ImportErrorTests {
    @Test("every bad cell is reported at once as file:line: column: message, exit 65, nothing written")
    func allErrorsAtOnce() throws {
        let cli = try CLI()
        let path = try cli.file("bad.csv", """
            \(header)
            2024-01-02T10:00:00Z,buy,coinbase,1000,USD,0.1,BTC,,,,,t1,fine
            2024-01-03T10:00:00Z,buy,coinbase,1,2,USD,0.1,BTC,,,,,t2,
            2024-01-04T10:00:00Z,buy,coinbase,"1,2",USD,0.1,BTC,,,,,t3,bad number
            2024-01-05T10:00:00Z,swap,coinbase,100,USD,0.1,BTC,,,,,t4,unknown type
            2024-01-06T10:00:00Z,buy,coinbase,100,USD,0.1,,,,,,t5,missing asset
            2024-13-07,buy,coinbase,100,USD,0.1,BTC,,,,,t6,bad timestamp

            """)
        let result = try cli.run("import", path)
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(path):3: has 14 fields but the header has 13"))
        #expect(lines.contains("\(path):4: sent_quantity: '1,2' is not a number"))
        #expect(lines.contains { $0.hasPrefix("\(path):5: type: unknown type 'swap'") })
        #expect(lines.contains("\(path):6: received_asset: missing asset for received_quantity 0.1"))
        #expect(lines.contains("\(path):7: timestamp: '2024-13-07' is not a calendar date"))
        #expect(lines.last == "nothing was imported: 5 error(s)")
        // Line 2 was fine, but the file is rejected whole: the database holds nothing.
        let holdings = try cli.run("holdings", "--as-of", "2024-12-31", "--format", "csv")
        #expect(holdings.status == 0)
        #expect(holdings.stdout.split(separator: "\n").count == 1)
    }

    @Test("an unknown column is named with the known ones")
    func unknownColumn() throws {
        let cli = try CLI()
        let path = try cli.file("cols.csv", "timestamp,type,wallet,amount\n2024-01-02,buy,coinbase,1\n")
        let result = try cli.run("import", path)
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):1: amount: unknown column (known: timestamp, type, wallet"))
    }

    @Test("a missing file is a data error naming it")
    func missingFile() throws {
        let cli = try CLI()
        let result = try cli.run("import", "no-such.csv")
        #expect(result.status == 65)
        #expect(result.stderr.contains("no-such.csv:0: no such file"))
    }

    @Test("a usage error exits 64")
    func usage() throws {
        let cli = try CLI()
        #expect(try cli.run("gains", "--method", "average").status == 64)
        #expect(try cli.run("import").status == 64)
    }

    @Test("a sale of more than is held: zero basis, flagged, with a warning by default; missing-basis error names the row, exit 65")
    func shortfall() throws {
        let cli = try CLI()
        let path = try cli.file("short.csv", """
            \(header)
            2024-01-02T10:00:00Z,buy,kraken,1000,USD,1,ETH,,,,,b1,
            2024-02-02T10:00:00Z,sell,kraken,1.5,ETH,3000,USD,,,,,s1,

            """)
        #expect(try cli.run("import", path).status == 0)
        #expect(try cli.run("settings", "set", "missing-basis", "error").status == 0)
        let gains = try cli.run("gains")
        #expect(gains.status == 65)
        #expect(gains.stderr.contains("\(path):3 (tx s1): takes 1.5 ETH from wallet kraken but only 1 is held there: short by 0.5 ETH"))
        #expect(try cli.run("settings", "set", "missing-basis", "sometimes").status == 64)

        // 1 ETH at basis 1,000 sold for 2,000 (2/3 of 3,000): short term, gain 1,000.
        // 0.5 ETH assumed zero basis, proceeds 1,000: gain 1,000, flagged.
        let allowed = try cli.run("gains", "--allow-missing-basis", "--format", "csv")
        #expect(allowed.stderr.contains("`harvest problems` lists what is missing"))
        // The default (no setting) is the same as --allow-missing-basis; --missing-basis error stops it for one run.
        #expect(try cli.run("settings", "unset", "missing-basis").status == 0)
        #expect(try cli.run("gains", "--format", "csv").stdout == allowed.stdout)
        #expect(try cli.run("gains", "--missing-basis", "error").status == 65)
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("warning: 1 disposal(s) had no acquisitions to match"))
        let rows = allowed.stdout.split(separator: "\n").map(String.init)
        #expect(rows[0].hasSuffix(",disposal_tx_id,missing_basis"))
        #expect(rows[1] == "ETH,kraken,1,2024-01-02,2024-02-02,2000.00,1000.00,0.00,1000.00,short,b1,s1,false")
        #expect(rows[2] == "ETH,kraken,0.5,2024-02-02,2024-02-02,1000.00,0.00,0.00,1000.00,short,s1,s1,true")
    }
}

@Suite("harvest import is idempotent; outputs follow DESIGN.md")
struct ImportAndReportTests {
    static let trades = """
        \(header)
        2023-01-10T15:00:00Z,buy,coinbase,20000,USD,1,BTC,100,USD,,,c1,
        2023-06-01T15:00:00Z,buy,coinbase,15000,USD,0.5,BTC,,,,,c2,
        2024-01-11T15:00:00Z,sell,coinbase,0.5,BTC,21000,USD,21,USD,,,c3,
        2024-02-01T15:00:00Z,sell,coinbase,0.75,BTC,30000,USD,,,,,c4,

        """

    @Test("re-importing a file, or an overlapping one, adds nothing twice")
    func reimport() throws {
        let cli = try CLI()
        let path = try cli.file("trades.csv", ImportAndReportTests.trades)
        let first = try cli.run("import", path)
        #expect(first.status == 0)
        #expect(first.stdout == "\(path): 4 added, 0 duplicate(s) skipped\n")
        let again = try cli.run("import", path)
        #expect(again.stdout == "\(path): 0 added, 4 duplicate(s) skipped\n")
        // An overlapping export: two old rows and one new.
        let overlap = try cli.file("overlap.csv", """
            \(header)
            2024-01-11T15:00:00Z,sell,coinbase,0.5,BTC,21000,USD,21,USD,,,c3,
            2024-02-01T15:00:00Z,sell,coinbase,0.75,BTC,30000,USD,,,,,c4,
            2024-03-01T15:00:00Z,buy,coinbase,7000,USD,0.1,BTC,,,,,c5,

            """)
        #expect(try cli.run("import", overlap).stdout == "\(overlap): 1 added, 2 duplicate(s) skipped\n")
    }

    @Test("gains CSV: DESIGN.md columns, FIFO vs HIFO by hand")
    func gainsCSV() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("trades.csv", ImportAndReportTests.trades)).status == 0)
        // FIFO: c3 sells 0.5 of c1 (basis 20,100 × 0.5 = 10,050), proceeds 21,000 − 21 = 20,979 → gain 10,929, long
        // (2023-01-10 → 2024-01-11 is after the anniversary). c4 sells the other 0.5 of c1 (10,050) and 0.25 of c2
        // (15,000 × 0.25/0.5 = 7,500); proceeds 30,000 split 20,000 / 10,000. The proceeds are net; c3's 21 fee is its
        // selling cost, in the column added after DESIGN.md's.
        let fifo = try cli.run("gains", "--year", "2024", "--format", "csv")
        #expect(fifo.status == 0)
        #expect(fifo.stdout == """
            asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id,selling_cost
            BTC,coinbase,0.5,2023-01-10,2024-01-11,20979.00,10050.00,0.00,10929.00,long,c1,c3,21.00
            BTC,coinbase,0.5,2023-01-10,2024-02-01,20000.00,10050.00,0.00,9950.00,long,c1,c4,0.00
            BTC,coinbase,0.25,2023-06-01,2024-02-01,10000.00,7500.00,0.00,2500.00,short,c2,c4,0.00

            """)
        // HIFO: unit costs c1 20,100, c2 30,000. c3 takes 0.5 of c2 (basis 15,000, short: 2023-06-01 → 2024-01-11),
        // gain 5,979; c4 takes 0.75 of c1 (basis 15,075), gain 14,925, long.
        let hifo = try cli.run("gains", "--year", "2024", "--method", "hifo", "--format", "csv")
        #expect(hifo.stdout.contains("BTC,coinbase,0.5,2023-06-01,2024-01-11,20979.00,15000.00,0.00,5979.00,short,c2,c3,21.00\n"))
        #expect(hifo.stdout.contains("BTC,coinbase,0.75,2023-01-10,2024-02-01,30000.00,15075.00,0.00,14925.00,long,c1,c4,0.00\n"))
    }

    @Test("report 8949: box C/F in 2024, rows, totals and Schedule D lines")
    func form8949() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("trades.csv", ImportAndReportTests.trades)).status == 0)
        let output = cli.directory.appendingPathComponent("f8949.csv").path
        let result = try cli.run("report", "8949", "--year", "2024", "--output", output)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Part I, box C: 1 row(s), proceeds 10,000.00, basis 7,500.00, gain 2,500.00"))
        let csv = try String(contentsOfFile: output, encoding: .utf8)
        let rows = csv.split(separator: "\n").map(String.init)
        #expect(rows[0] == "part,box,description,date_acquired,date_sold,proceeds,cost_basis,adjustment_code,adjustment_amount,gain")
        #expect(rows[1] == "I,C,0.25 BTC,06/01/2023,02/01/2024,10000.00,7500.00,,,2500.00")
        #expect(rows[2] == "I,C,Totals (1 rows),,,10000.00,7500.00,,0.00,2500.00")
        #expect(rows[3] == "II,F,0.5 BTC,01/10/2023,01/11/2024,20979.00,10050.00,,,10929.00")
        #expect(rows[5] == "II,F,Totals (2 rows),,,40979.00,20100.00,,0.00,20879.00")
        #expect(rows.contains("Schedule D,,Line 16: combined,,,,,,,23379.00"))
    }

    /// The same rows as `form8949` in the layouts tax programs import, and the income report; a PDF needs a file.
    @Test("report 8949 --format txf|taxact|pdf and report income, end to end")
    func filingExports() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("trades.csv", ImportAndReportTests.trades)).status == 0)
        let txf = try cli.run("report", "8949", "--year", "2024", "--format", "txf")
        #expect(txf.status == 0 && txf.stdout.hasPrefix("V042\r\nAHarvest\r\nD"))
        #expect(txf.stdout.contains("TD\r\nN712\r\nC1\r\nL1\r\nP0.25 BTC\r\nD06/01/2023\r\nD02/01/2024\r\n$7500.00\r\n$10000.00\r\n$\r\n^\r\n"))
        let taxAct = try cli.run("report", "8949", "--year", "2024", "--format", "taxact").stdout.split(separator: "\n")
        #expect(taxAct.count == 4 && taxAct[1] == "0.25 BTC,06/01/2023,02/01/2024,10000.00,7500.00,,,,C")
        let refused = try cli.run("report", "8949", "--year", "2024", "--format", "pdf")
        #expect(refused.status == 64 && refused.stderr.contains("--format pdf writes a file: give --output FILE.pdf"))
        let pdf = cli.directory.appendingPathComponent("f8949.pdf").path
        let written = try cli.run("report", "8949", "--year", "2024", "--format", "pdf", "--output", pdf)
        #expect(written.status == 0 && written.stdout == "Wrote \(pdf): Form 8949 for 2024, 3 row(s) as PDF\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(8) == Data("%PDF-1.4".utf8))
        let income = try cli.run("report", "income", "--year", "2024")
        #expect(income.status == 0 && income.stdout == "date,type,asset,quantity,value,wallet,us_line,transaction_id,source\nTotal,all (0 rows),,,0.00,,,,\n")
    }

    @Test("wash sales: a security's loss is disallowed with code W and deferred into the replacement (IRS VITA case 1)")
    func washSale() throws {
        let cli = try CLI()
        let path = try cli.file("vita.csv", """
            \(header)
            2024-01-02,buy,broker,1000,USD,100,X,,,,,b1,
            2024-03-01,sell,broker,100,X,750,USD,,,,,s1,
            2024-03-15,buy,broker,800,USD,100,X,,,,,b2,

            """)
        #expect(try cli.run("import", path).status == 0)
        // X is crypto until classed as a security: §1091 does not reach it, the 250 loss stands.
        #expect(try cli.run("gains", "--format", "csv").stdout.contains("X,broker,100,2024-01-02,2024-03-01,750.00,1000.00,0.00,-250.00,short,b1,s1\n"))
        #expect(try cli.run("settings", "set", "asset-class.X", "security").status == 0)
        #expect(try cli.run("gains", "--format", "csv").stdout.contains("X,broker,100,2024-01-02,2024-03-01,750.00,1000.00,250.00,0.00,short,b1,s1\n"))
        let form = try cli.run("report", "8949", "--year", "2024").stdout
        #expect(form.contains("I,C,100 X,01/02/2024,03/01/2024,750.00,1000.00,W,250.00,0.00\n"))
        // The gains table shows the code and the adjustment, so the row adds up on screen: 750 − 1,000 + 250 = 0.
        let table = try cli.run("gains", "--year", "2024").stdout
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("2024-03-01") })
        #expect(row.split(separator: " ") == ["2024-03-01", "X", "100", "2024-01-02", "broker", "750.00", "1,000.00", "W", "250.00", "0.00", "short", "b1", "s1"])
        // The replacement: basis 800 + 250; its holding period starts 59 days (the old shares' time) before 2024-03-15.
        let holdings = try cli.run("holdings", "--as-of", "2024-12-31", "--format", "csv").stdout
        #expect(holdings.contains("X,broker,2024-03-15,100,1050.00,,,,,short,2025-01-17,b2,false\n"))
    }

    /// Schedule D Capital Loss Carryover Worksheet, by hand: 1 ETH bought for 12,000 and sold for 2,000 in 2024, a
    /// short-term loss of 10,000; line 21 (3,000). Without a taxable income the cap is assumed not to bind: line 4 =
    /// 3,000, carryover 10,000 − 3,000 = 7,000, and the output says so. With 2024's taxable income −2,000 (Form 1040 line
    /// 15): line 3 = −2,000 + 3,000 = 1,000, line 4 = min(3,000, 1,000) = 1,000, carryover 10,000 − 1,000 = 9,000.
    @Test("profile set --year --taxable-income: the carryover worksheet's cap, shown where the carryover is")
    func taxableIncome() throws {
        let cli = try CLI()
        let path = try cli.file("loss.csv", """
            \(header)
            2024-01-10,buy,kraken,12000,USD,1,ETH,,,,,b1,
            2024-06-01,sell,kraken,1,ETH,2000,USD,,,,,s1,

            """)
        #expect(try cli.run("import", path).status == 0)
        let before = try cli.run("gains", "--year", "2024").stdout
        #expect(before.contains("  Carried forward to 2025: short-term 7,000.00, long-term 0.00\n"))
        #expect(before.contains("no taxable income for 2024 in the profile, so lines 1-3 are assumed not to limit the loss used up"))
        #expect(try cli.run("report", "8949", "--year", "2024").stdout.contains("Schedule D,,Carryover worksheet lines 1-3: no taxable income for 2024"))
        // A taxable income belongs to a year: without --year it is a usage error.
        #expect(try cli.run("profile", "set", "--taxable-income", "-2000").status == 64)
        #expect(try cli.run("profile", "set", "--year", "2024", "--taxable-income", "-2000").status == 0)
        #expect(try cli.run("profile").stdout.contains("taxable-income: 2024 -2000"))
        let after = try cli.run("gains", "--year", "2024").stdout
        #expect(after.contains("  Carried forward to 2025: short-term 9,000.00, long-term 0.00\n"))
        #expect(after.contains("(Carryover worksheet: taxable income -2,000.00 + deduction 3,000.00 = 1,000.00; loss used up 1,000.00)"))
        let form = try cli.run("report", "8949", "--year", "2024").stdout
        #expect(form.contains("Schedule D,,Line 21: loss deducted against ordinary income,,,,,,,-3000.00\n"))
        #expect(form.contains("Schedule D,,Carryover to next year: short-term,,,,,,,9000.00\n"))
        #expect(form.contains("Schedule D,,Carryover worksheet line 3: line 1 + line 2 (not below zero),,,,,,,1000.00\n"))
        // The settings key is the same value.
        #expect(try cli.run("settings", "set", "taxable-income.2024", "50000").status == 0)
        #expect(try cli.run("gains", "--year", "2024").stdout.contains("  Carried forward to 2025: short-term 7,000.00, long-term 0.00\n"))
    }

    @Test("plan: the profile sets the rates; the plan names the lot, the figures and the buy-back date")
    func plan() throws {
        let cli = try CLI()
        let trades = try cli.file("t.csv", """
            \(header)
            2024-03-10T12:00:00Z,buy,kraken,70000,USD,1,BTC,,,,,a,
            2024-04-01T12:00:00Z,sell,kraken,0.000001,BTC,0.07,USD,,,,,tiny,
            2024-07-20T12:00:00Z,buy,kraken,5800,USD,0.1,BTC,,,,,r1,

            """)
        let prices = try cli.file("BTC-USD.csv", "date,open,high,low,close,volume\n2024-08-05,,,,55000,\n")
        #expect(try cli.run("import", trades).status == 0)
        #expect(try cli.run("prices", "import", prices).status == 0)
        #expect(try cli.run("profile", "set", "--short-rate", "0.4", "--exit", "never", "--fee-bps", "0", "--slippage-bps", "0").status == 0)
        #expect(try cli.run("profile", "set", "--short-rate", "1.5").status == 64)
        let plan = try cli.run("plan", "--as-of", "2024-08-05", "--format", "csv")
        #expect(plan.status == 0)
        // Lot a: 0.999999 BTC, basis 70,000 − 0.07 = 69,999.93, value 54,999.945: loss 14,999.985, short-term.
        // Realized so far: the tiny sale (0.07 − 0.07 = 0). After the loss: 3,000 deducted at 40% = 1,200 saved, and
        // 11,999.985 carried, worth × 15% / 1.05 = 1,714.28; exit never: no deferred tax; no costs.
        // Lot r1: 0.1 BTC bought at 58,000, now 5,500: loss 300 more, only carried: 300 × 15% / 1.05 = 42.86.
        let rows = plan.stdout.split(separator: "\n").map(String.init)
        #expect(rows[0] == "decision,asset,wallet,date_acquired,term,quantity,quantity_to_sell,basis,value,unrealized,loss,tax_saved_now,deferred_tax,restart_cost,costs,net_benefit,days_to_long_term,lot_tx_id,explanation")
        #expect(rows[1].hasPrefix("sell,BTC,kraken,2024-03-10,short,0.999999,0.999999,69999.93,54999.95,-14999.99,14999.99,2914.28,0.00,0.00,0.00,2914.28,218,a,"))
        #expect(rows[2].hasPrefix("sell,BTC,kraken,2024-07-20,short,0.1,0.1,5800.00,5500.00,-300.00,300.00,42.86,0.00,0.00,0.00,42.86,350,r1,"))
        let table = try cli.run("plan", "--as-of", "2024-08-05").stdout
        #expect(table.contains("Do not buy back BTC (or anything substantially identical) before 2024-09-05"))
        // Under the UK's matching rule the advice is to wait 31 days; Canada's looks 30 days back too.
        let abroad = try cli.run("plan", "--as-of", "2024-08-05", "--warn-for", "uk,ca").stdout
        #expect(abroad.contains("UK: BTC: a repurchase within 30 days after a sale is matched to it and erases the loss; wait 31 days or buy a different token; do not buy back before 2024-09-05"))
        #expect(abroad.contains("Canada: BTC: a superficial loss") && abroad.contains("0.1 acquired in the 30 days before already count"))
        #expect(try cli.run("plan", "--warn-for", "fr").status == 64)
        let check = try cli.run("wash-check", "--as-of", "2024-08-05").stdout
        #expect(check.contains("BTC=CBBTC=WBTC: the rule does not reach it (advice only)"))
        #expect(check.contains("2024-07-20 buy 0.1 BTC in kraken (tx r1)"))
    }

    @Test("backtest: a dip and recovery, by hand; bad options are usage errors")
    func backtest() throws {
        let cli = try CLI()
        // X at 100, 70 from 2023-12-27 to 12-31, 100 again: 1,000 invested, no costs, held at the end (2024-01-10).
        // threshold:0.10 harvests the 300 loss on 12-27 (saves 105 in 2023) and defers 300 × 35% = 105 (the new lot is
        // short-term at the end): 1,000.
        let folder = try BacktestCommandTests.dipPrices(cli)
        let result = try cli.run("backtest", "--prices", folder, "--assets", "X", "--start", "2023-12-20", "--end", "2024-01-10",
                                 "--initial", "1000", "--rebalance", "none", "--fees", "0bps", "--slippage", "0bps", "--at-end", "hold",
                                 "--strategy", "threshold:0.10")
        #expect(result.status == 0)
        #expect(result.stdout.contains("none           1,000.00   1,000.00      0.00       0.00         0   0.00"))
        #expect(result.stdout.contains("threshold:0.1  1,000.00   1,000.00   -105.00     300.00         1   0.00"))
        #expect(result.stdout.contains("Held at the end: the after-tax wealth is less the tax a sale of everything at the last closes "
            + "would add, each lot at its own term, after the loss carried: none 0.00, threshold:0.1 105.00."))
        #expect(try cli.run("backtest", "--prices", folder, "--assets", "X", "--start", "2023-12-20", "--end", "2024-01-10",
                            "--strategy", "sometimes").status == 64)
        #expect(try cli.run("backtest", "--prices", folder, "--assets", "Y", "--start", "2023-12-20", "--end", "2024-01-10").status == 65)
    }

    @Test("the demo runs on a fresh temporary database")
    func demo() throws {
        let cli = try CLI()
        let result = try cli.run("demo")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Holdings as of 2025-06-30"))
        #expect(result.stdout.contains("Tax year 2024"))
        #expect(result.stdout.contains("Harvest plan as of 2025-06-30"))
        // The README's worked example is this output.
        #expect(result.stdout.contains("""
            Sell  Asset  Wallet    Acquired    Term       Loss  Saves now  Deferred  Costs     Net
            ----  -----  --------  ----------  -----  --------  ---------  --------  -----  ------
             1.5  ETH    coinbase  2022-01-12  long   1,349.88     472.46    158.65  22.05  291.76
               1  ETH    coinbase  2025-02-10  short    263.50      92.23     30.97  14.70   46.56

            Total: loss 1,613.38, tax saved now 564.68, deferred tax 189.62, costs 36.75, net benefit 338.31
            Do not buy back ETH (or anything substantially identical) before 2025-07-31; to keep the exposure meanwhile, buy SOL (correlation 1.00 over 90 days of returns).
            """))
        #expect(!FileManager.default.fileExists(atPath: cli.database))
    }
}

/// Calendar stepping for building test files (the tests do not import HarvestCore).
struct CivilDateForTests {
    var year: Int, month: Int, day: Int
    init(year: Int, month: Int, day: Int) { (self.year, self.month, self.day) = (year, month, day) }
    var text: String { String(format: "%04d-%02d-%02d", year, month, day) }
    func next() -> CivilDateForTests {
        let days = [31, year % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        if day < days { return CivilDateForTests(year: year, month: month, day: day + 1) }
        return month < 12 ? CivilDateForTests(year: year, month: month + 1, day: 1) : CivilDateForTests(year: year + 1, month: 1, day: 1)
    }
    func isNotAfter(_ y: Int, _ m: Int, _ d: Int) -> Bool { (year, month, day) <= (y, m, d) }
    func isIn(from: (Int, Int, Int), through: (Int, Int, Int)) -> Bool { (year, month, day) >= from && (year, month, day) <= through }
}
