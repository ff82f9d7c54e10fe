import HarvestCore
import HarvestTestSupport
import Testing

/// The Capital Loss Carryover Worksheet of the Instructions for Schedule D (Form 1040), lines 1–13, with its
/// taxable-income cap (lines 1–3): each case is worked by hand from the worksheet's own line instructions.
@Suite("Schedule D carryover worksheet")
struct CarryoverWorksheetTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var netShortTerm: Money
        var netLongTerm: Money
        var taxableIncome: Money?
        var line3: Money?
        var line4: Money
        var carryShortTerm: Money
        var carryLongTerm: Money
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Line 7 of Schedule D −10,000, line 15 zero: line 21 = (3,000), so line 2 = 3,000.
        // Line 1 −2,000 (deductions exceeded income by 2,000). Line 3 = −2,000 + 3,000 = 1,000. Line 4 = min(3,000, 1,000)
        // = 1,000: only 1,000 of the deduction used up the loss. Line 5 = 10,000, line 6 = 0, line 7 = 1,000 + 0 = 1,000,
        // line 8 = 10,000 − 1,000 = 9,000 (not the 7,000 an uncapped worksheet gives). No line-15 loss: lines 9–13 skipped.
        Case(name: "taxable income −2,000: the cap binds, 9,000 carried", netShortTerm: -10_000, netLongTerm: 0, taxableIncome: -2_000,
             line3: 1_000, line4: 1_000, carryShortTerm: 9_000, carryLongTerm: 0),
        // Line 1 50,000: line 3 = 53,000, line 4 = min(3,000, 53,000) = 3,000; line 8 = 10,000 − 3,000 = 7,000.
        Case(name: "taxable income 50,000: the cap does not bind, 7,000 carried", netShortTerm: -10_000, netLongTerm: 0,
             taxableIncome: 50_000, line3: 53_000, line4: 3_000, carryShortTerm: 7_000, carryLongTerm: 0),
        // Line 1 0 (line 15 exactly zero): line 3 = 3,000, line 4 = 3,000: the cap is just met, 7,000 carried.
        Case(name: "taxable income zero: the cap is just met", netShortTerm: -10_000, netLongTerm: 0, taxableIncome: 0,
             line3: 3_000, line4: 3_000, carryShortTerm: 7_000, carryLongTerm: 0),
        // Line 1 −3,000: line 3 = 0 ("if zero or less, enter -0-"), line 4 = 0: none of the loss used up, all 10,000 carried.
        Case(name: "taxable income −3,000: nothing used up", netShortTerm: -10_000, netLongTerm: 0, taxableIncome: -3_000,
             line3: 0, line4: 0, carryShortTerm: 10_000, carryLongTerm: 0),
        // Line 1 −5,000: line 3 = −2,000 → 0; line 4 = 0; all 10,000 carried.
        Case(name: "taxable income −5,000: line 3 stops at zero", netShortTerm: -10_000, netLongTerm: 0, taxableIncome: -5_000,
             line3: 0, line4: 0, carryShortTerm: 10_000, carryLongTerm: 0),
        // Both characters: line 7 −1,000, line 15 −9,000, line 16 −10,000, line 2 = 3,000. Line 1 −2,500: line 3 = 500,
        // line 4 = 500. Short: line 5 1,000, line 6 0, line 7 500, line 8 = 1,000 − 500 = 500. Long: line 9 9,000,
        // line 10 0, line 11 = max(0, 500 − 1,000) = 0, line 12 0, line 13 = 9,000. Carried 9,500 = 10,000 − 500 used up.
        Case(name: "both characters, capped: the short-term loss is used up first", netShortTerm: -1_000, netLongTerm: -9_000,
             taxableIncome: -2_500, line3: 500, line4: 500, carryShortTerm: 500, carryLongTerm: 9_000),
        // Same without a taxable income: line 4 = line 2 = 3,000. Line 8 = 1,000 − 3,000 → 0; line 11 = 3,000 − 1,000 =
        // 2,000; line 13 = 9,000 − 2,000 = 7,000.
        Case(name: "both characters, no taxable income: the cap assumed not to bind", netShortTerm: -1_000, netLongTerm: -9_000,
             taxableIncome: nil, line3: nil, line4: 3_000, carryShortTerm: 0, carryLongTerm: 7_000),
        // Long-term loss with a short-term gain: line 7 +2,000, line 15 −8,000, line 16 −6,000, line 2 3,000. Line 1 −1,000:
        // line 3 = 2,000, line 4 = 2,000. Line 5: line 7 is no loss, so 0 and on to line 9. Line 9 8,000, line 10 2,000,
        // line 11 = 2,000 − 0 = 2,000, line 12 4,000, line 13 = 8,000 − 4,000 = 4,000.
        Case(name: "long-term loss, short-term gain, capped", netShortTerm: 2_000, netLongTerm: -8_000, taxableIncome: -1_000,
             line3: 2_000, line4: 2_000, carryShortTerm: 0, carryLongTerm: 4_000),
    ]

    @Test("lines 1–13 worked by hand", arguments: cases)
    func lines(_ c: Case) throws {
        let worksheet = try #require(UnitedStates.worksheet(netShortTerm: c.netShortTerm, netLongTerm: c.netLongTerm, limit: 3_000,
                                                            taxableIncome: c.taxableIncome))
        #expect(worksheet.line1TaxableIncome == c.taxableIncome)
        #expect(worksheet.line2Deduction == 3_000)
        #expect(worksheet.line3 == c.line3)
        #expect(worksheet.line4 == c.line4)
        #expect(worksheet.carryforward == Carryforward(shortTerm: c.carryShortTerm, longTerm: c.carryLongTerm))
        #expect(worksheet.capAssumed == (c.taxableIncome == nil))
        // Pair check: the loss is used up (line 4) or carried, never lost or doubled.
        #expect(worksheet.line4 + c.carryShortTerm + c.carryLongTerm == -(c.netShortTerm + c.netLongTerm))
        // `netting` carries what the worksheet carries; line 21 is not capped by taxable income.
        let (deduction, carry) = UnitedStates.netting(netShortTerm: c.netShortTerm, netLongTerm: c.netLongTerm, limit: 3_000,
                                                      taxableIncome: c.taxableIncome)
        #expect(deduction == 3_000 && carry == worksheet.carryforward)
    }

    @Test("a year whose line 16 is not a loss has no worksheet")
    func noLoss() {
        #expect(UnitedStates.worksheet(netShortTerm: -2_000, netLongTerm: 2_000, limit: 3_000, taxableIncome: -5_000) == nil)
    }

    /// The case through the engine and the year chain: 1 ETH bought 2024-01-10 for 12,000, sold 2024-06-01 for
    /// 2,000: short-term −10,000. 2024's taxable income −2,000: the worksheet carries 9,000 (by hand above). 2025, no
    /// activity and no taxable income given: −9,000 carried in, 3,000 deducted, the uncapped worksheet carries 6,000.
    @Test("the profile's taxable income caps the carryover out of its own year only")
    func throughYears() throws {
        let result = try LotEngine.run([
            Row.buy("b1", "2024-01-10", 1, "ETH", cost: 12_000), Row.sell("s1", "2024-06-01", 1, "ETH", proceeds: 2_000),
        ])
        let years = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .us, through: 2025,
                                          taxableIncomeByYear: [2024: -2_000])
        try #require(years.map(\.year) == [2024, 2025])
        #expect(years[0].scheduleD?.deductionAgainstOrdinaryIncome == 3_000)
        #expect(years[0].scheduleD?.worksheet?.line4 == 1_000)
        #expect(years[0].carryforwardOut == Carryforward(shortTerm: 9_000))
        #expect(years[1].carryforwardIn == Carryforward(shortTerm: 9_000))
        #expect(years[1].scheduleD?.worksheet?.capAssumed == true)
        #expect(years[1].carryforwardOut == Carryforward(shortTerm: 6_000))
        // Without a taxable income the cap is assumed not to bind: 7,000 out of 2024, as before.
        let uncapped = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .us)
        #expect(uncapped.first?.carryforwardOut == Carryforward(shortTerm: 7_000))
    }
}
