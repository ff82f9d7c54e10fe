import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// Schedule 3's proceeds of disposition are gross and the costs of selling go in "outlays and expenses": the gain is the
/// proceeds less the ACB and the outlays and expenses incurred to make the disposition (ITA s.40(1)(a)(i)).
@Suite("Schedule 3 outlays and expenses")
struct Schedule3OutlaysTests {
    /// 2 BTC bought for 60,000 plus a 100 commission: the pool's ACB 60,100. 1 BTC sold for 50,200 less a 300 fee: ACB
    /// 60,100 × 1/2 = 30,050; proceeds of disposition 50,200, outlays and expenses 300, gain 50,200 − 30,050 − 300 =
    /// 19,850 (the same as from net proceeds: 49,900 − 30,050). Line 12700: 19,850 × ½ = 9,925.
    @Test("proceeds of disposition gross, the sale's fee in outlays and expenses, ACB from the pool")
    func sale() throws {
        let cad = Local(.canada)
        let books = try Books([
            cad.buy("b1", "2024-02-01", 2, "BTC", cost: 60000, fee: 100),
            cad.sell("s1", "2024-08-01", 1, "BTC", proceeds: 50200, fee: 300),
        ], .canada)
        let csv = lines(try Schedule3Tests.csv(books, 2024))
        #expect(csv[1] == "15300,2024,1 BTC,2024-08-01,50200.00,30050.00,300.00,19850.00,")
        #expect(csv[2] == "15199,,Total proceeds (1 rows),,50200.00,30050.00,300.00,,0.00")
        #expect(csv[5] == "12700,,Taxable capital gains: 50% of line 19900 (when positive),,,,,9925.00,")
        let sale = try #require(books.disposals.first)
        #expect(sale.proceeds == 49900 && sale.sellingCost == 300 && sale.grossProceeds == 50200 && sale.costBasis == 30050)
    }

    /// A superficial loss counts the outlays: 1 ETH bought for 5,000, sold for 4,000 less a 100 fee (loss 4,000 − 5,000 −
    /// 100 = −1,100), bought back the next day for 4,000 and held: the whole 1,100 is denied (s.54, s.40(2)(g)(i)) and the
    /// row's gain is 0; the proceeds of disposition stay 4,000 with 100 of outlays.
    @Test("a superficial loss is the loss after outlays and expenses")
    func superficialLoss() throws {
        let cad = Local(.canada)
        let books = try Books([
            cad.buy("b1", "2024-02-01", 1, "ETH", cost: 5000),
            cad.sell("s1", "2024-08-01", 1, "ETH", proceeds: 4000, fee: 100),
            cad.buy("b2", "2024-08-02", 1, "ETH", cost: 4000),
        ], .canada)
        let csv = lines(try Schedule3Tests.csv(books, 2024))
        #expect(csv[1] == "15300,2024,1 ETH,2024-08-01,4000.00,5000.00,100.00,0.00,1100.00")
    }
}
