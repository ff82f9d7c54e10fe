import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// An Australian income year for people (`YearSummary.presentation.text`).
@Suite("Australian year text")
struct AustralianYearTests {
    /// `Years.australia` (worked in GainsJSONSummaryTests): proceeds 30,000 + 1,000 + 3,000 = 34,000, cost base
    /// 20,000 + 1,500 + 1,000 = 22,500; 18H 12,000; losses 500 this year and 3,000 carried in, 2,000 applied to
    /// non-discountable gains and 1,500 to discountable ones; discount 4,250; 18A 4,250; 18V 0.
    @Test("2024-25: item 18 and the steps between its labels")
    func year() throws {
        let summary = try Years.australia().summary(2024)
        #expect(summary.presentation.text(jurisdiction: .australia, filing: .single) == """
            Income year 2024-25 (Australia, 1 July 2024 to 30 June 2025)
              Capital proceeds 34,000.00, cost base 22,500.00
              Total current year capital gains (18H): 12,000.00: non-discountable 2,000.00, discountable 10,000.00
              Capital losses: this year 500.00, carried in 3,000.00; applied to non-discountable 2,000.00, to discountable 1,500.00
              CGT discount (50%): 4,250.00
              Net capital gain (18A): 4,250.00
              Net capital losses carried forward (18V): 0.00

            """)
    }
}
