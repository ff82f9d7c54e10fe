import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// A US year for people (`YearSummary.presentation.text`): Schedule D's nets, the deduction and the carryover.
@Suite("US year text")
struct USYearTests {
    /// `Years.unitedStates` (worked in GainsJSONSummaryTests): short-term −10,000 less 1,000 carried in, long-term 2,000
    /// less 500: net −9,500, 3,000 deducted, 6,500 carried short-term; 250 of staking income.
    @Test("a loss year: nets with the carryover in, the deduction, the carryover out, the income")
    func lossYear() throws {
        let summary = try Years.unitedStates().summary(2024)
        #expect(summary.presentation.text(jurisdiction: .us, filing: .single) == """
            Tax year 2024 (United States, filing single)
              Proceeds 43,000.00, cost basis 51,000.00
              Short-term: gains 0.00, losses -10,000.00, carryover in -1,000.00, net -11,000.00
              Long-term:  gains 2,000.00, losses 0.00, carryover in -500.00, net 1,500.00
              Net capital gain (loss): -9,500.00
              Deducted against ordinary income: 3,000.00
              Carried forward to 2025: short-term 6,500.00, long-term 0.00
              (Carryover worksheet: no taxable income for 2024 in the profile, so lines 1-3 are assumed not to limit the loss used up; set it with `harvest profile set --year 2024 --taxable-income N`)
              Ordinary income: staking 250.00 (total 250.00)

            """)
    }

    /// 1 ETH bought for 2,000, 3 sold for 9,000 (missing basis allowed): gain 1,000 + 6,000 = 7,000, short-term; no
    /// deduction or carryover lines for a gain; the zero-basis row is counted.
    @Test("a gain year with a zero-basis row: no deduction lines, the row counted")
    func gainYear() throws {
        let summary = try Books([Row.buy("b1", "2024-01-01", 1, "ETH", cost: 2000), Row.sell("s1", "2024-05-01", 3, "ETH", proceeds: 9000)],
                                .us, policy: AccountingPolicy(allowMissingBasis: true)).summary(2024)
        #expect(summary.presentation.text(jurisdiction: .us, filing: .marriedJoint) == """
            Tax year 2024 (United States, filing mfj)
              Proceeds 9,000.00, cost basis 2,000.00
              Short-term: gains 7,000.00, losses 0.00, carryover in 0.00, net 7,000.00
              Long-term:  gains 0.00, losses 0.00, carryover in 0.00, net 0.00
              Net capital gain (loss): 7,000.00
              1 row(s) use an assumed zero basis

            """)
    }
}
