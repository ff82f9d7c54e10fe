import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// A German year for people (`YearSummary.presentation.text`).
@Suite("German year text")
struct GermanYearTests {
    /// `Years.germany` (worked in GainsJSONSummaryTests): §23 gains 1,200, losses −300, total 900, under the Freigrenze;
    /// after one year 30,000 and −600; 200 carried in, none used, 200 carried on.
    @Test("2024 under the Freigrenze")
    func underFreigrenze() throws {
        let summary = try Years.germany().summary(2024)
        #expect(summary.presentation.text(jurisdiction: .germany, filing: .single) == """
            Tax year 2024 (Germany, private sales §23 EStG)
              Within one year: gains 1,200.00, losses -300.00, total 900.00
              Held over one year (tax-free, losses do not count): gains 30,000.00, losses -600.00
              Freigrenze: under the 1,000.00 Freigrenze: tax-free
              Loss carried in 200.00, used 0.00
              Taxable private-sale income: 0.00
              Loss carried forward (§23(3), §10d): 200.00

            """)
    }

    /// The same year with ETH sold for 2,500: total 1,200, at or over the Freigrenze, taxable in full; 200 of the loss
    /// carried in used: 1,000 taxable, nothing carried on.
    @Test("2024 over the Freigrenze")
    func overFreigrenze() throws {
        let summary = try Years.germany(ethProceeds: 2500).summary(2024)
        #expect(summary.presentation.text(jurisdiction: .germany, filing: .single) == """
            Tax year 2024 (Germany, private sales §23 EStG)
              Within one year: gains 1,500.00, losses -300.00, total 1,200.00
              Held over one year (tax-free, losses do not count): gains 30,000.00, losses -600.00
              Freigrenze: at or over the 1,000.00 Freigrenze: taxable in full
              Loss carried in 200.00, used 200.00
              Taxable private-sale income: 1,000.00
              Loss carried forward (§23(3), §10d): 0.00

            """)
    }

    /// A year whose §23 sales net to a loss of 500 (1 ETH bought for 2,000 and sold for 1,500 within the year): no gain.
    @Test("a loss year: no gain to test against the Freigrenze")
    func lossYear() throws {
        let eur = Local(.germany)
        let summary = try Books([eur.buy("e0", "2023-02-01", 1, "ETH", cost: 2000), eur.sell("e1", "2023-05-01", 1, "ETH", proceeds: 1500)],
                                .germany).summary(2023)
        #expect(summary.presentation.text(jurisdiction: .germany, filing: .single) == """
            Tax year 2023 (Germany, private sales §23 EStG)
              Within one year: gains 0.00, losses -500.00, total -500.00
              Held over one year (tax-free, losses do not count): gains 0.00, losses 0.00
              Freigrenze: no gain
              Loss carried in 0.00, used 0.00
              Taxable private-sale income: 0.00
              Loss carried forward (§23(3), §10d): 500.00

            """)
    }
}
