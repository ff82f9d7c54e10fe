import HarvestCore
import HarvestTestSupport
import Testing

/// What a harvest is worth under the US rules (USEconomics.swift), called directly: short against short, long against
/// long, then across; a net loss deducted against ordinary income up to $3,000 ($1,500 married filing separately,
/// IRC §1211(b)) at the short rate, the rest carried forward (§1212(b)) and valued at the long rate, discounted a year.
struct USEconomicsTests {
    /// 35% short, 15% long; a 25% discount rate, so that a year's discount factor is exactly 1 / 1.25 = 0.8.
    static func economics(
        filing: FilingStatus = .single, carryforward: Carryforward = .none, discountRate: Fixed = "0.25", weight: Fixed = 1
    ) -> any HarvestEconomics {
        Jurisdiction.us.economics(
            profile: TaxProfile(filing: filing, shortRate: "0.35", longRate: "0.15", carryforward: carryforward, discountRate: discountRate,
                                carryforwardWeight: weight),
            asOf: day("2024-08-05"))
    }

    @Test("a later gain is taxed at the short rate within a year, the long rate after it; state tax on both")
    func rates() {
        #expect(Self.economics().laterShortRate == "0.35" && Self.economics().laterLongRate == "0.15")
        let withState = Jurisdiction.us.economics(profile: TaxProfile(shortRate: "0.35", longRate: "0.15", stateRate: "0.05"),
                                                  asOf: day("2024-08-05"))
        #expect(withState.laterShortRate == "0.40" && withState.laterLongRate == "0.20")
        #expect(withState.ratesDescription == "filing single; rates: short 40%, long 20%")
    }

    static let netGainCases: [(RealizedGains, Money)] = [
        // 1,000 short × 35% + 1,000 long × 15% = 500.
        (RealizedGains(shortTermGains: 1_000, longTermGains: 1_000), Money(500)),
        // A long-term loss of 500 comes off the short-term gain of 2,000: 1,500 × 35% = 525.
        (RealizedGains(shortTermGains: 2_000, longTermLosses: -500), 525),
        // A short-term loss of 500 comes off the long-term gain of 2,000: 1,500 × 15% = 225.
        (RealizedGains(shortTermLosses: -500, longTermGains: 2_000), 225),
        // Gains and losses of one term net first: (3,000 − 1,000) × 35% = 700.
        (RealizedGains(shortTermGains: 3_000, shortTermLosses: -1_000), 700),
        // Nothing realized: nothing owed.
        (RealizedGains(), 0),
    ]

    @Test("a net gain is taxed at each term's rate after cross-netting", arguments: netGainCases)
    func netGains(_ realized: RealizedGains, _ tax: Money) {
        #expect(Self.economics().taxCost(realized) == tax)
    }

    @Test("us-derived-loss-carryover: −10,000 short, +2,000 long: the limit's deduction at 35%, the carryover at 15% a year later",
          arguments: [
              // Single: 3,000 deducted, 1,050 saved; 5,000 carried short-term, worth 5,000 × 15% × 0.8 = 600 now.
              (FilingStatus.single, Money(-1_650)),
              (.marriedJoint, -1_650), (.headOfHousehold, -1_650),
              // Married filing separately: 1,500 deducted, 525 saved; 6,500 carried, 6,500 × 15% × 0.8 = 780.
              (.marriedSeparate, -1_305),
          ])
    func lossCarryover(_ filing: FilingStatus, _ cost: Money) {
        #expect(Self.economics(filing: filing).taxCost(RealizedGains(shortTermLosses: -10_000, longTermGains: 2_000)) == cost)
    }

    @Test("the carried loss is valued at the long rate × the carryforward weight, discounted one year at the profile's rate")
    func carriedValue() {
        let vector = RealizedGains(shortTermLosses: -10_000, longTermGains: 2_000)
        // Weight ½: 5,000 × 15% × ½ × 0.8 = 300: −1,050 − 300.
        #expect(Self.economics(weight: "0.5").taxCost(vector) == -1_350)
        // The default 5%: 1 / 1.05 is 0.952380952380952381 at 18 digits (half-even), and 750 × that is
        // 714.28571428571428575: −1,050 − 714.28571428571428575.
        #expect(Self.economics(discountRate: "0.05").taxCost(vector) == "-1764.28571428571428575")
        // A loss of exactly the limit is all deducted: nothing carried, nothing discounted.
        #expect(Self.economics().taxCost(RealizedGains(shortTermLosses: -3_000)) == -1_050)
    }

    @Test("a carryover brought into the year keeps its character against the year's gains")
    func broughtIn() {
        // 1,000 short-term carried in against 3,000 of short-term gains: 2,000 × 35% = 700.
        #expect(Self.economics(carryforward: Carryforward(shortTerm: 1_000)).taxCost(RealizedGains(shortTermGains: 3_000)) == 700)
        // 1,000 long-term carried in against 3,000 of long-term gains: 2,000 × 15% = 300.
        #expect(Self.economics(carryforward: Carryforward(longTerm: 1_000)).taxCost(RealizedGains(longTermGains: 3_000)) == 300)
        // 4,000 long-term carried in against 1,000 of long-term gains: a net loss of 3,000, deducted in full: −1,050.
        #expect(Self.economics(carryforward: Carryforward(longTerm: 4_000)).taxCost(RealizedGains(longTermGains: 1_000)) == -1_050)
    }

    @Test("every loss counts and a gain is simply not sold")
    func terms() {
        let economics = Self.economics()
        #expect(economics.lossCounts(.short) && economics.lossCounts(.long))
        #expect(economics.keepReason(term: .short, longFrom: day("2025-01-01")) == .gain)
        #expect(economics.keepReason(term: .long, longFrom: day("2023-01-01")) == .gain)
    }
}
