import Foundation
import Testing

@Suite("harvest under the UK and Canadian rules: settings, gains, report uk-sa and schedule3")
struct JurisdictionCommandTests {
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
        #expect(unknown.status == 64 && unknown.stderr.contains("ca, uk, us"))
    }
}
