import Foundation
import Testing
import HarvestTestSupport

/// Issue 13, item 3, end to end: a Harvest CSV with a fee on the sale, imported and reported as a user would.
@Suite("harvest report uk-sa: gross proceeds, the sale's fee an allowable cost")
struct GrossProceedsCommandTests {
    /// 1 BTC bought for £48,000 and sold for £50,200 with a £300 fee (TCGA s.38(1)(c); CRYPTO22150): SA108 proceeds
    /// 50,200 (over £50,000), allowable costs 48,000 + 300 = 48,300, gain 1,900; the gains CSV keeps proceeds net, 49,900,
    /// with the 300 as `selling_cost`.
    static let rows = """
        \(header)
        2024-05-01,buy,kraken,48000,GBP,1,BTC,,,,,b1,
        2024-07-01,sell,kraken,1,BTC,50200,GBP,300,GBP,,,s1,

        """

    @Test("report uk-sa: disposal proceeds 50,200, allowable costs 48,300, gain 1,900; gains CSV: 49,900 + 300")
    func uk() throws {
        let cli = try CLI()
        #expect(try cli.run("settings", "set", "jurisdiction", "uk").status == 0)
        #expect(try cli.run("import", try cli.file("fees.csv", Self.rows)).status == 0)
        let report = try cli.run("report", "uk-sa", "--year", "2024")
        #expect(report.status == 0)
        let fields = Dictionary(uniqueKeysWithValues: report.stdout.split(separator: "\n").dropFirst().map { line -> (String, String) in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(cells.first!), String(cells.last!))
        })
        #expect(fields["disposal_proceeds"] == "50200" && fields["allowable_costs"] == "48300" && fields["gains_before_losses"] == "1900")
        let gains = try cli.run("gains", "--format", "csv").stdout.split(separator: "\n").map(String.init)
        #expect(gains == [
            "asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id,rule,selling_cost",
            "BTC,kraken,1,2024-05-01,2024-07-01,49900.00,48000.00,0.00,1900.00,long,pool,s1,pool,300.00",
        ])
        // The year summary a user reads shows the same figures.
        let summary = try cli.run("gains", "--year", "2024").stdout
        #expect(summary.contains("1 disposal(s): proceeds 50,200.00, allowable costs 48,300.00 (incidental costs of disposal 300.00 included)"))
        // The table shows the sale fee beside the net proceeds, so the summary's gross 50,200 adds up from it.
        let table = summary.split(separator: "\n").map(String.init)
        #expect(table[0].contains("Proceeds  Sale fee      Basis"))
        #expect(table[2].contains("49,900.00    300.00  48,000.00"))
        #expect(summary.contains("Proceeds are net of the sale fee: gross proceeds are proceeds + sale fee.\n"))
    }
}
