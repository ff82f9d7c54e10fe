import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// A UK year for people (`YearSummary.presentation.text`).
@Suite("UK year text")
struct UKYearTests {
    /// `Years.unitedKingdom` (worked in GainsJSONSummaryTests): gains 12,000, losses 2,000, 5,000 brought forward and
    /// used, exempt 3,000, taxable 2,000; the period before 30 October taxes 2,000 at 20% = 400, the later one nothing.
    @Test("2024-25: disposals, losses brought forward, exempt amount, each rate period, the tax, the loss carried")
    func year() throws {
        let summary = try Years.unitedKingdom().summary(2024)
        #expect(summary.presentation.text(jurisdiction: .unitedKingdom, filing: .single) == """
            Tax year 2024-25 (6 April 2024 to 5 April 2025) (United Kingdom, GBP)
              3 disposal(s): proceeds 18,000.00, allowable costs 8,000.00
              Gains 12,000.00, losses -2,000.00, net 10,000.00
              Losses brought forward 5,000.00, used 5,000.00
              Annual exempt amount 3,000.00; taxable gain 2,000.00
              Disposals from 2024-04-06: gains 6,000.00, losses 0.00, taxed 2,000.00 at 20% = 400.00
              Disposals from 2024-10-30: gains 6,000.00, losses -2,000.00, taxed 0.00 at 24% = 0.00
              Estimated capital gains tax: 400.00
              Loss carried forward to 2025: 0.00

            """)
    }

    /// A period without disposals has no line: 2024-25 with one sale before 30 October only (1 BTC bought for 1,000, sold
    /// for 2,000 on 1 May: gain 1,000, under the exempt amount). 150 of staking income is listed as income.
    @Test("a period without disposals has no line; income is listed")
    func quietPeriod() throws {
        let gbp = Local(.unitedKingdom)
        let summary = try Books([
            gbp.buy("b", "2023-09-01", 1, "BTC", cost: 1000), gbp.sell("s", "2024-05-01", 1, "BTC", proceeds: 2000),
            Row.income("i", "2024-06-01", 1, "DOT", value: 150),
        ], .unitedKingdom).summary(2024)
        #expect(summary.presentation.text(jurisdiction: .unitedKingdom, filing: .single) == """
            Tax year 2024-25 (6 April 2024 to 5 April 2025) (United Kingdom, GBP)
              1 disposal(s): proceeds 2,000.00, allowable costs 1,000.00
              Gains 1,000.00, losses 0.00, net 1,000.00
              Losses brought forward 0.00, used 0.00
              Annual exempt amount 3,000.00; taxable gain 0.00
              Disposals from 2024-04-06: gains 1,000.00, losses 0.00, taxed 0.00 at 20% = 0.00
              Estimated capital gains tax: 0.00
              Loss carried forward to 2025: 0.00
              Income: staking 150.00 (total 150.00)

            """)
    }
}
