import HarvestCore
import HarvestTestSupport
import Testing

/// US netting, the $3,000 / $1,500 limit and the character-keeping carryforward (IRC §1211(b),
/// §1212(b); the Schedule D Capital Loss Carryover Worksheet; rules.md §1.3).
struct ScheduleDTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var netShortTerm: Money
        var netLongTerm: Money
        var limit: Money = 3000
        var deduction: Money
        var carryShortTerm: Money
        var carryLongTerm: Money
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // us-derived-loss-carryover: −10,000 ST, +2,000 LT → net −8,000. Deduct 3,000; the worksheet's
        // line 8: ST carry = 10,000 − (2,000 LT gain + 3,000) = 5,000; no LT loss, so no LT carry.
        Case(name: "vector, single", netShortTerm: -10_000, netLongTerm: 2_000, deduction: 3_000, carryShortTerm: 5_000, carryLongTerm: 0),
        // Married filing separately: limit 1,500 → ST carry = 10,000 − (2,000 + 1,500) = 6,500.
        Case(name: "vector, married filing separately", netShortTerm: -10_000, netLongTerm: 2_000, limit: 1_500,
             deduction: 1_500, carryShortTerm: 6_500, carryLongTerm: 0),
        // A net gain: nothing to deduct, nothing carried.
        Case(name: "net gain", netShortTerm: 5_000, netLongTerm: 2_000, deduction: 0, carryShortTerm: 0, carryLongTerm: 0),
        Case(name: "gain offsetting a loss", netShortTerm: -5_000, netLongTerm: 5_000, deduction: 0, carryShortTerm: 0, carryLongTerm: 0),
        // A loss of exactly the limit is deducted in full.
        Case(name: "loss exactly 3,000", netShortTerm: -3_000, netLongTerm: 0, deduction: 3_000, carryShortTerm: 0, carryLongTerm: 0),
        Case(name: "loss one cent under the limit", netShortTerm: "-2999.99", netLongTerm: 0, deduction: "2999.99",
             carryShortTerm: 0, carryLongTerm: 0),
        Case(name: "loss one cent over the limit", netShortTerm: "-3000.01", netLongTerm: 0, deduction: 3_000,
             carryShortTerm: "0.01", carryLongTerm: 0),
        // Long-term only: deduct 3,000 (line 11: 3,000 − 0 ST loss = 3,000 left for long),
        // LT carry = 5,000 − (0 + 3,000) = 2,000.
        Case(name: "long-term loss only", netShortTerm: 0, netLongTerm: -5_000, deduction: 3_000, carryShortTerm: 0, carryLongTerm: 2_000),
        // ST gain 1,000 absorbs part of the LT loss 6,000: net −5,000, deduct 3,000,
        // LT carry = 6,000 − (1,000 + 3,000) = 2,000.
        Case(name: "short-term gain, long-term loss", netShortTerm: 1_000, netLongTerm: -6_000, deduction: 3_000,
             carryShortTerm: 0, carryLongTerm: 2_000),
        // Both losses: the deduction uses the short-term loss first. ST 2,000 fully used; 1,000 of the
        // deduction left for long; LT carry = 5,000 − 1,000 = 4,000.
        Case(name: "both losses, short smaller", netShortTerm: -2_000, netLongTerm: -5_000, deduction: 3_000,
             carryShortTerm: 0, carryLongTerm: 4_000),
        // ST 5,000: 3,000 deducted, 2,000 carried; LT 2,000 untouched, carried whole.
        Case(name: "both losses, short larger", netShortTerm: -5_000, netLongTerm: -2_000, deduction: 3_000,
             carryShortTerm: 2_000, carryLongTerm: 2_000),
        // Total loss 2,000 under the limit: all deducted.
        Case(name: "both losses under the limit", netShortTerm: -1_000, netLongTerm: -1_000, deduction: 2_000,
             carryShortTerm: 0, carryLongTerm: 0),
        // LT gain 1,000 absorbs part of the ST loss 6,000: ST carry = 6,000 − (1,000 + 3,000) = 2,000.
        Case(name: "short-term loss, long-term gain", netShortTerm: -6_000, netLongTerm: 1_000, deduction: 3_000,
             carryShortTerm: 2_000, carryLongTerm: 0),
        // Married filing separately, long-term: 5,000 − 1,500 = 3,500.
        Case(name: "long-term loss, married filing separately", netShortTerm: 0, netLongTerm: -5_000, limit: 1_500,
             deduction: 1_500, carryShortTerm: 0, carryLongTerm: 3_500),
    ]

    @Test("the carryover worksheet, case by case", arguments: cases)
    func worksheet(_ c: Case) {
        let (deduction, carry) = UnitedStates.netting(netShortTerm: c.netShortTerm, netLongTerm: c.netLongTerm, limit: c.limit)
        #expect(deduction == c.deduction)
        #expect(carry == Carryforward(shortTerm: c.carryShortTerm, longTerm: c.carryLongTerm))
        // The pair check: a net loss is either deducted now or carried, never lost or doubled.
        let net = c.netShortTerm + c.netLongTerm
        if net.isNegative {
            #expect(deduction + carry.shortTerm + carry.longTerm == -net)
        }
    }

    @Test("the limit by filing status", arguments: [
        (FilingStatus.single, Money(3_000)), (.marriedJoint, 3_000), (.headOfHousehold, 3_000), (.marriedSeparate, 1_500),
    ])
    func limits(_ filing: FilingStatus, _ limit: Money) {
        #expect(UnitedStates.capitalLossLimit(filing) == limit)
    }

    /// us-derived-loss-carryover through the engine: a long-term gain of 2,000 and a short-term loss
    /// of 10,000 in 2024, with 100,000 of ordinary (interest) income.
    static let vectorLedger = [
        Row.buy("b1", "2022-01-10", 1, "BTC", cost: 40_000),
        Row.sell("s1", "2024-05-01", 1, "BTC", proceeds: 42_000),  // held > 1 year: LT +2,000
        Row.buy("b2", "2024-01-10", 1, "ETH", cost: 13_000),
        Row.sell("s2", "2024-06-01", 1, "ETH", proceeds: 3_000),  // ST −10,000
        Row.make("i1", .income, "2024-12-31", received: usd(100_000), incomeType: .interest),
    ]

    @Test("vector us-derived-loss-carryover from ledger rows", arguments: [
        (FilingStatus.single, Money(3_000), Money(5_000)),
        (.marriedSeparate, 1_500, 6_500),
    ])
    func vectorThroughEngine(_ filing: FilingStatus, _ deduction: Money, _ carryShortTerm: Money) throws {
        let result = try LotEngine.run(Self.vectorLedger)
        let summaries = YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: .us, filing: filing)
        try #require(summaries.count == 1)
        let year = summaries[0]
        let scheduleD = try #require(year.scheduleD)
        #expect(year.year == 2024)
        #expect(year.proceeds == 45_000)  // 42,000 + 3,000
        #expect(year.costBasis == 53_000)  // 40,000 + 13,000
        #expect(year.shortTermGains == 0 && year.shortTermLosses == -10_000)
        #expect(year.longTermGains == 2_000 && year.longTermLosses == 0)
        #expect(scheduleD.netShortTerm == -10_000 && scheduleD.netLongTerm == 2_000)
        #expect(scheduleD.netCapitalGain == -8_000)
        #expect(scheduleD.deductionAgainstOrdinaryIncome == deduction)
        #expect(year.carryforwardOut == Carryforward(shortTerm: carryShortTerm, longTerm: 0))
        #expect(year.totalIncome == 100_000)
        #expect(year.incomeByType == [.interest: 100_000])
    }

    @Test("a short-term loss carries through an empty year and is absorbed by later gains")
    func carryforwardAbsorbed() throws {
        // Given a 10,000 short-term loss in 2023, nothing in 2024, and a 5,000 long-term gain in 2025
        let rows = [
            Row.buy("e1", "2023-01-10", 1, "ETH", cost: 12_000),
            Row.sell("e2", "2023-03-01", 1, "ETH", proceeds: 2_000),
            Row.buy("b1", "2023-06-01", 1, "BTC", cost: 20_000),
            Row.sell("s1", "2025-02-01", 1, "BTC", proceeds: 25_000),
        ]
        let result = try LotEngine.run(rows)
        // When the years are summarized in turn
        let years = YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: .us)
        // Then 2023 deducts 3,000 and carries 7,000 short-term
        try #require(years.map(\.year) == [2023, 2024, 2025])
        #expect(years[0].scheduleD?.deductionAgainstOrdinaryIncome == 3_000)
        #expect(years[0].carryforwardOut == Carryforward(shortTerm: 7_000))
        // 2024 has no disposals: the 7,000 is that year's short-term loss; 3,000 deducted, 4,000 carried
        #expect(years[1].carryforwardIn == Carryforward(shortTerm: 7_000))
        #expect(years[1].scheduleD?.netShortTerm == -7_000)
        #expect(years[1].scheduleD?.deductionAgainstOrdinaryIncome == 3_000)
        #expect(years[1].carryforwardOut == Carryforward(shortTerm: 4_000))
        // 2025: −4,000 ST carried in + 5,000 LT gain = 1,000 net gain: nothing deducted, nothing left
        #expect(years[2].scheduleD?.netShortTerm == -4_000)
        #expect(years[2].scheduleD?.netLongTerm == 5_000)
        #expect(years[2].scheduleD?.netCapitalGain == 1_000)
        #expect(years[2].scheduleD?.deductionAgainstOrdinaryIncome == 0)
        #expect(years[2].carryforwardOut == .none)
    }

    @Test("a long-term loss keeps its character year after year")
    func carryforwardKeepsCharacter() throws {
        // Given a long-term loss of 8,000 in 2023, a 1,000 short-term gain in 2024, a 500 one in 2025
        let rows = [
            Row.buy("b1", "2021-01-04", 1, "BTC", cost: 30_000),
            Row.sell("s1", "2023-05-01", 1, "BTC", proceeds: 22_000),
            Row.buy("e1", "2024-01-02", 1, "ETH", cost: 2_000),
            Row.sell("s2", "2024-06-01", 1, "ETH", proceeds: 3_000),
            Row.buy("e2", "2025-01-02", 1, "ETH", cost: 3_000),
            Row.sell("s3", "2025-03-01", 1, "ETH", proceeds: 3_500),
        ]
        let result = try LotEngine.run(rows)
        let years = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .us)
        try #require(years.map(\.year) == [2023, 2024, 2025])
        // 2023: LT −8,000 → deduct 3,000; LT carry 8,000 − 3,000 = 5,000; nothing short-term.
        #expect(years[0].scheduleD?.netLongTerm == -8_000)
        #expect(years[0].scheduleD?.deductionAgainstOrdinaryIncome == 3_000)
        #expect(years[0].carryforwardOut == Carryforward(shortTerm: 0, longTerm: 5_000))
        // 2024: ST +1,000, LT −5,000 carried → net −4,000; deduct 3,000; LT carry 5,000 − (1,000 + 3,000) = 1,000.
        #expect(years[1].scheduleD?.netShortTerm == 1_000)
        #expect(years[1].scheduleD?.netLongTerm == -5_000)
        #expect(years[1].scheduleD?.deductionAgainstOrdinaryIncome == 3_000)
        #expect(years[1].carryforwardOut == Carryforward(shortTerm: 0, longTerm: 1_000))
        // 2025: ST +500, LT −1,000 → net −500, all deducted, nothing carried.
        #expect(years[2].scheduleD?.netCapitalGain == -500)
        #expect(years[2].scheduleD?.deductionAgainstOrdinaryIncome == 500)
        #expect(years[2].carryforwardOut == .none)
    }

    @Test("a carryforward from before the ledger, and years past its end")
    func openingCarryforwardAndRange() throws {
        // Given 2,500 of short-term loss carried into 2024, a 1,000 short-term gain in 2024
        let rows = [
            Row.buy("e1", "2024-01-02", 1, "ETH", cost: 2_000),
            Row.sell("s1", "2024-06-01", 1, "ETH", proceeds: 3_000),
        ]
        let result = try LotEngine.run(rows)
        // When summarized through 2026, married filing separately
        let years = YearSummaries.compute(
            disposals: result.disposals, income: [], jurisdiction: .us, filing: .marriedSeparate,
            carryforward: Carryforward(shortTerm: 2_500), through: 2026)
        // Then 2024 nets to −1,500, fully deducted at the 1,500 limit; later years are empty
        try #require(years.map(\.year) == [2024, 2025, 2026])
        #expect(years[0].scheduleD?.netShortTerm == -1_500)
        #expect(years[0].scheduleD?.deductionAgainstOrdinaryIncome == 1_500)
        #expect(years[0].carryforwardOut == .none)
        #expect(years[1].scheduleD?.deductionAgainstOrdinaryIncome == 0 && years[2].carryforwardOut == .none)
    }

    @Test("a carried loss larger than the limit drains 1,500 a year when married filing separately")
    func drainsByLimit() {
        // 4,000 ST carried into 2024 with no activity: 1,500 + 1,500 + 1,000.
        let years = YearSummaries.compute(
            disposals: [], income: [], jurisdiction: .us, filing: .marriedSeparate, carryforward: Carryforward(shortTerm: 4_000),
            from: 2024, through: 2026)
        #expect(years.map(\.scheduleD?.deductionAgainstOrdinaryIncome) == [1_500, 1_500, 1_000])
        #expect(years.map(\.carryforwardOut.shortTerm) == [2_500, 1_000, 0])
    }

    @Test("no activity and no range: no summaries")
    func empty() {
        #expect(YearSummaries.compute(disposals: [], income: [], jurisdiction: .us).isEmpty)
    }

    @Test("income is totalled by type")
    func incomeByType() throws {
        let rows = [
            Row.income("i1", "2024-02-01", "0.5", "ETH", value: 1_200, type: .staking),
            Row.income("i2", "2024-03-01", "0.25", "ETH", value: "650.5", type: .staking),
            Row.income("i3", "2024-04-01", 100, "USDC", value: 100, type: .interest),
            Row.income("i4", "2025-01-01", 1, "SOL", value: 90, type: .airdrop),
        ]
        let result = try LotEngine.run(rows)
        let years = YearSummaries.compute(disposals: result.disposals, income: result.income, jurisdiction: .us)
        try #require(years.count == 2)
        #expect(years[0].incomeByType == [.staking: "1850.5", .interest: 100])
        #expect(years[0].totalIncome == "1950.5")
        #expect(years[1].incomeByType == [.airdrop: 90])
        #expect(years[0].scheduleD?.netCapitalGain == 0 && years[0].carryforwardOut == .none)
    }
}
