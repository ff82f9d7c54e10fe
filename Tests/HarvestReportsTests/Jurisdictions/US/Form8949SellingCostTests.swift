import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// Harvest's Form 8949 puts the proceeds net of the sale's fee in column (d) and the basis without it in column (e), as
/// the instructions allow (net proceeds in (d), or the expense of sale added to the basis in (e); code E in column (g) is
/// for a 1099 whose proceeds do not reflect selling expenses). The gains CSV keeps `proceeds` net (DESIGN.md) and shows
/// the fee in `selling_cost`.
@Suite("Form 8949 and the gains CSV with a selling cost")
struct Form8949SellingCostTests {
    /// The case in dollars: 1 BTC bought for 48,000, sold for 50,200 with a 300 fee: (d) 49,900, (e) 48,000,
    /// (h) 1,900; the gains CSV row: proceeds 49,900, selling_cost 300.
    @Test("column (d) is net of the fee; the gains CSV adds selling_cost and keeps proceeds net")
    func netProceeds() throws {
        let books = try Books([
            Row.buy("b1", "2024-01-10", 1, "BTC", cost: 48000),
            Row.sell("s1", "2024-07-01", 1, "BTC", proceeds: 50200, fee: usd(300)),
        ], .us)
        let summary = try books.summary(2024)
        let form = Form8949.csv(year: 2024, disposals: books.disposals, summary: summary,
                                figures: try #require(Form8949.figures(of: summary)))
        #expect(lines(form)[1] == "I,C,1 BTC,01/10/2024,07/01/2024,49900.00,48000.00,,,1900.00")
        #expect(lines(GainsCSV.write(books.disposals)) == [
            GainsCSVTests.designHeader + ",selling_cost",
            "BTC,A,1,2024-01-10,2024-07-01,49900.00,48000.00,0.00,1900.00,short,b1,s1,300.00",
        ])
    }
}
