import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// A Canadian year for people (`YearSummary.presentation.text`).
@Suite("Canada year text")
struct CanadaYearTests {
    /// adjustedcostbase.ca's basic example with 1,000 of net capital losses of other years: proceeds of disposition
    /// 6,000 + 3,600 = 9,600, costs ACB 6,111 + outlays and expenses 10 + 10 = 6,131,
    /// gains 3,485, losses −16, net 3,469; 1,000 used; taxable (3,469 − 1,000) × ½ = 1,234.50; nothing carried.
    @Test("a gain year with losses of other years used")
    func gainYear() throws {
        let summary = try Years.canada(carriedIn: 1000).summary(2014)
        #expect(summary.presentation.text(jurisdiction: .canada, filing: .single) == """
            Tax year 2014 (Canada, CAD)
              2 disposal(s): proceeds 9,600.00, allowable costs 6,131.00 (outlays and expenses 20.00 included)
              Gains 3,485.00, losses -16.00, net 3,469.00
              Losses brought forward 1,000.00, used 1,000.00
              Taxable capital gain (50% of the net gain after losses of other years): 1,234.50
              Loss carried forward to 2015: 0.00

            """)
    }

    /// The IT-456R partial case (Schedule3Tests): a loss of 800 of which 600 is denied: the year's loss is 200; with 300
    /// carried in, 500 carries forward.
    @Test("a loss year with a superficial loss denied")
    func lossYear() throws {
        let cad = Local(.canada)
        let summary = try Books([
            cad.buy("b1", "2024-01-10", 50, "ETH", cost: 5000),
            cad.sell("s1", "2024-03-01", 20, "ETH", proceeds: 1200),
            cad.buy("b2", "2024-03-10", 15, "ETH", cost: 900),
        ], .canada, carryforward: Carryforward(longTerm: 300)).summary(2024)
        #expect(summary.presentation.text(jurisdiction: .canada, filing: .single) == """
            Tax year 2024 (Canada, CAD)
              1 disposal(s): proceeds 1,200.00, allowable costs 2,000.00, superficial losses denied 600.00
              Gains 0.00, losses -200.00, net -200.00
              Losses brought forward 300.00, used 0.00
              Taxable capital gain (50% of the net gain after losses of other years): 0.00
              Loss carried forward to 2025: 500.00

            """)
    }
}
