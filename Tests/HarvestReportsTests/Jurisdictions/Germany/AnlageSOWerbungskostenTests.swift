import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// Anlage SO lists each private sale with its Veräußerungspreis, its Anschaffungskosten and its Werbungskosten on lines of
/// their own; the gain is the price less both (§23 Abs. 3 S. 1 EStG). The fee of a sale is Werbungskosten, so the price
/// is gross.
@Suite("Anlage SO Werbungskosten")
struct AnlageSOWerbungskostenTests {
    /// 1 BTC bought for 40,000 EUR on 1 February 2024 (its fee in the cost: 40,000 + 60 = 40,060), sold on 1 August
    /// 2024 for 43,000 EUR with a 90 EUR fee: Veräußerungspreis 43,000, Anschaffungskosten 40,060, Werbungskosten 90,
    /// gain 43,000 − 40,060 − 90 = 2,850: over the 1,000 Freigrenze, taxable in full.
    @Test("a sale within the year: Veräußerungspreis gross, the fee as Werbungskosten, gain 2,850")
    func sale() throws {
        let eur = Local(.germany)
        let books = try Books([
            eur.buy("b1", "2024-02-01", 1, "BTC", cost: 40000, fee: 60),
            eur.sell("s1", "2024-08-01", 1, "BTC", proceeds: 43000, fee: 90),
        ], .germany)
        let summary = try books.summary(2024)
        let csv = AnlageSOReport.csv(year: 2024, disposals: books.disposals, summary: summary,
                                     figures: try #require(AnlageSOReport.figures(of: summary)))
        #expect(lines(csv)[0] == "section,description,date_acquired,date_disposed,proceeds,cost_basis,selling_costs,gain,lot_tx_id,disposal_tx_id")
        #expect(lines(csv)[1] == "§23 (within one year),1 BTC (A),2024-02-01,2024-08-01,43000.00,40060.00,90.00,2850.00,b1,s1")
        #expect(AnlageSOReportTests.summaryAmounts(csv)["Taxable private-sale income"] == "2850.00")
    }
}
