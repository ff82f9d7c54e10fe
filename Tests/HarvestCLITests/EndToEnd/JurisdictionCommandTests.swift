import Foundation
import Testing
import HarvestTestSupport

/// `--jurisdiction au|de` and the settings, end to end: gains, the two reports, the plan, the backtest.
@Suite("Australia and Germany from the command line")
struct AustraliaGermanyCommandTests {
    /// 2 BTC bought 10 January 2023 for 20,000 AUD; one sold 30 June 2024 for 7,000 (a 3,000 loss in 2023-24), the other
    /// 1 July 2024 for 16,000 (a 6,000 discountable gain in 2024-25: (6,000 − 3,000) × 50% = 1,500).
    static let australian = """
        \(header)
        2023-01-10,buy,coinspot,20000,AUD,2,BTC,,,,,b1,
        2024-06-30,sell,coinspot,1,BTC,7000,AUD,,,,,s1,
        2024-07-01,sell,coinspot,1,BTC,16000,AUD,,,,,s2,

        """

    @Test("au: settings, gains by income year, the item 18 report; LIFO is refused")
    func australia() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("au.csv", Self.australian)).status == 0)
        #expect(try cli.run("settings", "set", "jurisdiction", "au").status == 0)
        let csv = try cli.run("gains", "--format", "csv")
        #expect(csv.status == 0)
        // The Gains CSV contract is unchanged; long means discount-eligible.
        #expect(csv.stdout == """
            asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id
            BTC,coinspot,1,2023-01-10,2024-06-30,7000.00,10000.00,0.00,-3000.00,long,b1,s1
            BTC,coinspot,1,2023-01-10,2024-07-01,16000.00,10000.00,0.00,6000.00,long,b1,s2

            """)
        let table = try cli.run("gains").stdout
        #expect(table.contains("Income year 2024-25 (Australia, 1 July 2024 to 30 June 2025)"))
        #expect(table.contains("  Net capital gain (18A): 1,500.00"))
        #expect(table.contains("  Net capital losses carried forward (18V): 3,000.00"))
        let report = try cli.run("report", "au-cgt", "--year", "2024")
        #expect(report.status == 0)
        let lines = report.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "income_year,label,item,amount")
        #expect(lines.contains("2024-25,18H,Total current year capital gains,6000.00"))
        #expect(lines.contains("2024-25,,Net capital losses from earlier years,3000.00"))
        #expect(lines.contains("2024-25,,CGT discount (50%),1500.00"))
        #expect(lines.contains("2024-25,18A,Net capital gain,1500.00"))
        #expect(lines.contains("2024-25,18V,Net capital losses carried forward to later income years,0.00"))
        let output = cli.directory.appendingPathComponent("cgt.csv").path
        let written = try cli.run("report", "au-cgt", "--year", "2023", "--output", output)
        #expect(written.stdout.contains("net capital gain (18A) 0.00, losses carried forward (18V) 3,000.00"))
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("2023-24,18V,Net capital losses carried forward to later income years,3000.00"))
        let form = try cli.run("report", "8949", "--year", "2024")
        #expect(form.status == 64 && form.stderr.contains("use `harvest report au-cgt`"))
        let lifo = try cli.run("gains", "--method", "lifo")
        #expect(lifo.status == 64 && lifo.stderr.contains("method lifo is not allowed in Australia: allowed are fifo, specific"))
    }

    /// 2024: ETH bought 1 January for 1,000 EUR and sold 30 September for 1,400 (Haufe's third Amalie example); BTC held
    /// since 2022 sold at a 5,000 loss that does not count.
    static let german = """
        \(header)
        2022-03-01,buy,bitpanda,6000,EUR,1,BTC,,,,,b0,
        2024-01-01,buy,bitpanda,1000,EUR,1,ETH,,,,,b1,
        2024-09-30,sell,bitpanda,1,ETH,1400,EUR,,,,,s1,
        2024-10-15,sell,bitpanda,1,BTC,1000,EUR,,,,,s2,

        """

    @Test("de: --jurisdiction on gains, the Anlage SO report with the Freigrenze; universal scope is refused")
    func germany() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("de.csv", Self.german)).status == 0)
        let table = try cli.run("gains", "--jurisdiction", "de")
        #expect(table.status == 0)
        #expect(table.stdout.contains("Tax year 2024 (Germany, private sales §23 EStG)"))
        #expect(table.stdout.contains("  Freigrenze: under the 1,000.00 Freigrenze: tax-free"))
        #expect(table.stdout.contains("  Held over one year (tax-free, losses do not count): gains 0.00, losses -5,000.00"))
        let report = try cli.run("report", "de-so", "--year", "2024")
        #expect(report.status == 0)
        let lines = report.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "section,description,date_acquired,date_disposed,proceeds,cost_basis,selling_costs,gain,lot_tx_id,disposal_tx_id")
        #expect(lines.contains("§23 (within one year),1 ETH (bitpanda),2024-01-01,2024-09-30,1400.00,1000.00,0.00,400.00,b1,s1"))
        #expect(lines.contains("tax-free (held over one year),1 BTC (bitpanda),2022-03-01,2024-10-15,1000.00,6000.00,0.00,-5000.00,b0,s2"))
        #expect(lines.contains("summary 2024,Total (Gesamtgewinn),,,,,,400.00,,"))
        #expect(lines.contains("summary 2024,\"Freigrenze applies: yes, tax-free\",,,,,,,,"))
        #expect(lines.contains("summary 2024,Taxable private-sale income,,,,,,0.00,,"))
        let universal = try cli.run("gains", "--jurisdiction", "de", "--scope", "universal")
        #expect(universal.status == 64 && universal.stderr.contains("scope universal is not allowed in Germany"))
        #expect(try cli.run("gains", "--jurisdiction", "fr").status == 64)
    }

    @Test("base-currency: a fiat code, used for the rows and the prices")
    func baseCurrency() throws {
        let cli = try CLI()
        #expect(try cli.run("settings", "set", "base-currency", "BTC").status == 64)
        #expect(try cli.run("settings", "set", "base-currency", "aud").status == 0)
        // US rules in AUD: the Australian rows are valued in their own currency.
        #expect(try cli.run("import", try cli.file("au.csv", Self.australian)).status == 0)
        let gains = try cli.run("gains", "--year", "2024")
        #expect(gains.status == 0 && gains.stdout.contains("Tax year 2024 (United States"))
        let shown = try cli.run("settings").stdout
        #expect(shown.contains("base-currency = aud") && shown.contains("base-currency: the currency amounts and prices are in"))
    }

    @Test("plan: Germany suggests resetting a tax-free gain; Australia warns under TR 2008/1")
    func plans() throws {
        let cli = try CLI()
        let trades = try cli.file("t.csv", """
            \(header)
            2022-03-01,buy,ledger,20000,EUR,1,BTC,,,,,old,
            2024-08-01,buy,kraken,70000,EUR,1,BTC,,,,,new,

            """)
        #expect(try cli.run("import", trades).status == 0)
        #expect(try cli.run("prices", "import", try cli.file("BTC-EUR.csv", "date,open,high,low,close,volume\n2024-09-01,,,,55000,\n")).status == 0)
        let plan = try cli.run("plan", "--jurisdiction", "de", "--as-of", "2024-09-01", "--format", "csv")
        #expect(plan.status == 0)
        let rows = plan.stdout.split(separator: "\n").map(String.init)
        // The new lot: a 15,000 loss within the year, counted until 2025-08-01: sold. The old lot (another wallet, so
        // FIFO does not put it first): tax-free, reset.
        #expect(rows.contains { $0.hasPrefix("sell,BTC,kraken,2024-08-01,short,1,1,70000.00,55000.00,-15000.00,15000.00,") })
        #expect(rows.contains { $0.hasPrefix("reset,BTC,ledger,2022-03-01,long,1,0,20000.00,55000.00,35000.00,") })
        #expect(plan.stdout.contains("the loss counts only if sold by 2025-08-01"))
        let table = try cli.run("plan", "--jurisdiction", "de", "--as-of", "2024-09-01").stdout
        #expect(table.contains("(Germany, personal rate 35%, tax-free after one year, Freigrenze;"))
        #expect(!table.contains("Do not buy back"))

        // The same history in AUD, under Australian rules: the TR 2008/1 advice comes with the plan.
        let au = try CLI()
        #expect(try au.run("import", try au.file("t.csv", """
            \(header)
            2024-08-01,buy,kraken,70000,AUD,1,BTC,,,,,new,
            2024-08-20,sell,kraken,0.5,BTC,40000,AUD,,,,,gain,

            """)).status == 0)
        #expect(try au.run("prices", "import", try au.file("BTC-AUD.csv", "date,open,high,low,close,volume\n2024-09-01,,,,55000,\n")).status == 0)
        let auPlan = try au.run("plan", "--jurisdiction", "au", "--as-of", "2024-09-01").stdout
        #expect(auPlan.contains("Australia: BTC: TR 2008/1: a sale and quick repurchase with no change of exposure can be cancelled as a wash sale"))
    }

    @Test("backtest --jurisdiction au: a loss harvested in June is carried, not refunded; it absorbs the gain deferred at the end")
    func backtest() throws {
        let cli = try CLI()
        // X at 100, 70 from 24 to 30 June 2024, 100 again: 1,000 invested, no costs, held at the end (10 July 2024).
        // threshold:0.10 harvests the 300 loss on 24 June (income year 2023-24): no tax to save, the loss is carried.
        // At the end the 300 gain in the holdings (bought 24 June: short-term, no discount) is what a sale would realize in
        // 2024-25, and the 300 loss carried in absorbs it: nothing deferred, nothing left carried: 1,000. (Before: the
        // carried loss was dropped and the gain taxed discounted, 300 × 35% × 50% = 52.50: 947.50.)
        var rows = "date,open,high,low,close,volume\n"
        var date = CivilDateForTests(year: 2024, month: 6, day: 20)
        while date.isNotAfter(2024, 7, 10) {
            rows += "\(date.text),,,,\(date.isIn(from: (2024, 6, 24), through: (2024, 6, 30)) ? 70 : 100),\n"
            date = date.next()
        }
        let folder = cli.directory.appendingPathComponent("prices").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try rows.write(toFile: folder + "/X-AUD.csv", atomically: true, encoding: .utf8)
        let result = try cli.run("backtest", "--jurisdiction", "au", "--prices", folder, "--assets", "X", "--start", "2024-06-20",
                                 "--end", "2024-07-10", "--initial", "1000", "--rebalance", "none", "--fees", "0bps", "--slippage", "0bps",
                                 "--at-end", "hold", "--strategy", "threshold:0.10")
        #expect(result.status == 0)
        #expect(result.stdout.contains("each way; Australia, marginal rate 35%;"))
        #expect(result.stdout.contains("threshold:0.1  1,000.00   1,000.00      0.00     300.00         1"))
        // Without AUD prices the run names the missing file.
        #expect(try cli.run("backtest", "--jurisdiction", "de", "--prices", folder, "--assets", "X", "--start", "2024-06-20",
                            "--end", "2024-07-10").status == 65)
    }
}

/// `--jurisdiction uk|ca` and the settings, end to end: gains, report uk-sa and schedule3.
@Suite("harvest under the UK and Canadian rules: settings, gains, report uk-sa and schedule3")
struct UKCanadaCommandTests {
    /// CRYPTO22255 (Melanie) in GBP: 14,000 tokens for 200,000; 4,000 sold on 30 August for 160,000; 500 bought
    /// back on 11 September for 17,500 (30-day rule).
    static let melanie = """
        \(header)
        2024-01-02,buy,kraken,200000,GBP,14000,TOKEN,,,,,m1,
        2024-08-30,sell,kraken,4000,TOKEN,160000,GBP,,,,,m2,
        2024-09-11,buy,ledger,17500,GBP,500,TOKEN,,,,,m3,

        """

    @Test("settings set jurisdiction uk: gains in GBP with a rule column; the Self Assessment figures for 2024-25")
    func uk() throws {
        let cli = try CLI()
        #expect(try cli.run("settings", "set", "jurisdiction", "uk").status == 0)
        #expect(try cli.run("import", try cli.file("melanie.csv", Self.melanie)).status == 0)
        let gains = try cli.run("gains", "--format", "csv")
        #expect(gains.status == 0)
        let lines = gains.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id,rule")
        // 500 matched with the 11 September purchase (17,500), 3,500 from the pool (50,000): gain 92,500.
        #expect(lines.dropFirst() == [
            "TOKEN,kraken,500,2024-09-11,2024-08-30,20000.00,17500.00,0.00,2500.00,long,m3,m2,30_day",
            "TOKEN,kraken,3500,2024-01-02,2024-08-30,140000.00,50000.00,0.00,90000.00,long,pool,m2,pool",
        ])
        let report = try cli.run("report", "uk-sa", "--year", "2024")
        #expect(report.status == 0)
        let fields = Dictionary(uniqueKeysWithValues: report.stdout.split(separator: "\n").dropFirst().map { line -> (String, String) in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(cells.first!), String(cells.last!))
        })
        // Taxable 92,500 − 3,000 = 89,500, all before 30 October 2024: at 20% (upper band by default) 17,900.
        #expect(fields["tax_year"] == "2024-25" && fields["number_of_disposals"] == "1")
        #expect(fields["disposal_proceeds"] == "160000" && fields["allowable_costs"] == "67500")
        #expect(fields["gains_before_losses"] == "92500" && fields["losses_in_year"] == "0")
        #expect(fields["annual_exempt_amount"] == "3000" && fields["taxable_gain"] == "89500")
        #expect(fields["gains_2024-04-06"] == "92500" && fields["gains_2024-10-30"] == "0")
        #expect(fields["estimated_tax"] == "17900")
        // Basic rate band: 10% before 30 October: 8,950.
        #expect(try cli.run("settings", "set", "rate-band", "lower").status == 0)
        #expect(try cli.run("report", "uk-sa", "--year", "2024").stdout.contains("estimated_tax,Estimated capital gains tax (rate band as set),8950"))
        // The summary in the table names the UK year.
        let table = try cli.run("gains", "--year", "2024")
        #expect(table.stdout.contains("Tax year 2024-25 (6 April 2024 to 5 April 2025) (United Kingdom, GBP)"))
        #expect(table.stdout.contains("Annual exempt amount 3,000.00; taxable gain 89,500.00"))
    }

    /// Under the UK rules with `--warn-for ca`: 2 ETH bought 10 April 2024 for 6,000 GBP, one sold 1 May for 8,000 (gain
    /// 5,000, 2,000 over the exempt amount), 1 ETH bought 20 July for 2,500. On 5 August ETH closes at 1,500: the pool
    /// holds 2 ETH at 3,000 + 2,500 = 5,500, worth 3,000: a loss of 2,500, worth 2,000 × 20% = 400 this year (the upper
    /// rate before 30 October 2024; exit never: nothing deferred). The last 500 of it only eats into the exempt amount and
    /// saves nothing, so the plan sells 2 × 2,000 / 2,500 = 1.6 ETH: a 2,000 loss, 400 saved, less 2,400 × 0.60% = 14.40
    /// of costs: 385.60 (the whole pool: 400 − 18 = 382).
    static let quickRepurchase = """
        \(header)
        2024-04-10,buy,kraken,6000,GBP,2,ETH,,,,,b1,
        2024-05-01,sell,kraken,1,ETH,8000,GBP,,,,,s1,
        2024-07-20,buy,kraken,2500,GBP,1,ETH,,,,,b2,

        """

    @Test("plan under the UK rules with --warn-for ca: Canada's advice counts the purchase 16 days before, in its own window")
    func adviceWindows() throws {
        let cli = try CLI()
        #expect(try cli.run("settings", "set", "jurisdiction", "uk").status == 0)
        #expect(try cli.run("profile", "set", "--exit", "never").status == 0)
        #expect(try cli.run("import", try cli.file("uk.csv", Self.quickRepurchase)).status == 0)
        #expect(try cli.run("prices", "import", try cli.file("ETH-GBP.csv", "date,open,high,low,close,volume\n2024-08-05,1500,1500,1500,1500,0\n")).status == 0)
        let plan = try cli.run("plan", "--as-of", "2024-08-05", "--warn-for", "ca")
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("Total: loss 2,000.00, tax saved now 400.00, deferred tax 0.00, costs 14.40, net benefit 385.60"))
        // The UK's own rule looks forward only (the 30 days after); Canada's looks 30 days back too, and sees the 20 July
        // purchase (TCGA s.106A(5); ITA s.54 "superficial loss").
        #expect(plan.stdout.contains("  Canada: ETH: a superficial loss: bought within 30 days before or after (you or an affiliated person, "
            + "such as a spouse) and still held 30 days after; do not buy back before 2024-09-05; 1 acquired in the 30 days before already count"))
        #expect(plan.stdout.contains("  UK: ETH: a purchase of ETH up to 2024-09-04 (30 days) is matched to this sale before the pool"))
    }

    @Test("--jurisdiction ca on one run; report schedule3 shows the superficial loss denied; bad settings are named")
    func canada() throws {
        let cli = try CLI()
        // adjustedcostbase.ca superficial-loss example 1, in CAD.
        let history = """
            \(header)
            2014-01-06,buy,qt,5000,CAD,100,SEC,,,,,c1,
            2014-11-03,sell,qt,100,SEC,3000,CAD,,,,,c2,
            2014-11-04,buy,ws,3000,CAD,100,SEC,,,,,c3,
            2015-12-02,sell,ws,100,SEC,8000,CAD,,,,,c4,

            """
        #expect(try cli.run("import", try cli.file("ca.csv", history)).status == 0)
        // The database is in USD by default: values must be in the base currency, so set it for the run.
        #expect(try cli.run("settings", "set", "base-currency", "CAD").status == 0)
        let gains = try cli.run("gains", "--jurisdiction", "ca", "--format", "csv")
        #expect(gains.status == 0)
        #expect(gains.stdout.split(separator: "\n").dropFirst() == [
            "SEC,qt,100,2014-01-06,2014-11-03,3000.00,5000.00,2000.00,0.00,long,pool,c2,pool",
            "SEC,ws,100,2014-11-04,2015-12-02,8000.00,5000.00,0.00,3000.00,long,pool,c4,pool",
        ])
        let schedule = try cli.run("report", "schedule3", "--year", "2014")
        #expect(schedule.status == 0)
        #expect(schedule.stdout.contains("15300,2014,100 SEC,2014-11-03,3000.00,5000.00,0.00,0.00,2000.00"))
        let taxable = try cli.run("report", "schedule3", "--year", "2015")
        #expect(taxable.stdout.contains("12700,,Taxable capital gains: 50% of line 19900 (when positive),,,,,1500.00,"))
        #expect(try cli.run("report", "schedule3", "--year", "2014", "--jurisdiction", "uk").status == 64)
        let bad = try cli.run("settings", "set", "base-currency", "BTC")
        #expect(bad.status != 0 && bad.stderr.contains("a fiat currency code"))
        let unknown = try cli.run("gains", "--jurisdiction", "fr")
        #expect(unknown.status == 64 && unknown.stderr.contains("The value 'fr' is invalid for '--jurisdiction <code>'. Please provide one of 'us', 'uk', 'ca', 'au' or 'de'."))
    }
}
