import HarvestCore
import HarvestTestSupport
import Testing

/// What a harvest is worth under the UK's rules (UKEconomics.swift): the exempt amount of the plan day's tax year, the
/// rate of its period in the profile's band, losses brought forward only down to the exempt amount (TCGA 1992 s.2A,
/// ../shared/tax/rules.md §2.3-2.4). Called directly, then through the planner.
struct UKEconomicsTests {
    /// A 25% discount rate: a year's discount factor is exactly 1 / 1.25 = 0.8, so carried losses have exact values.
    static func economics(asOf: String, band: RateBand = .upper, broughtForward: Money = .zero) -> any HarvestEconomics {
        var profile = TaxProfile(shortRate: "0.40", longRate: "0.28", carryforward: Carryforward(longTerm: broughtForward), discountRate: "0.25")
        profile.rateBand = band
        return Jurisdiction.unitedKingdom.economics(profile: profile, asOf: day(asOf))
    }

    /// One class of gains: the year's results so far as gains and losses (the term does not matter).
    static func year(gains: Money, losses: Money = .zero) -> RealizedGains { RealizedGains(longTermGains: gains, longTermLosses: losses) }

    @Test("the rate of the plan day's period: 10% / 20% before 30 October 2024, 18% / 24% from then (Finance Act 2025 s.7)",
          arguments: [
              ("2024-10-29", RateBand.upper, Fixed("0.20")), ("2024-10-29", .lower, "0.10"),
              ("2024-10-30", .upper, "0.24"), ("2024-10-30", .lower, "0.18"),
              ("2023-06-01", .upper, "0.20"), ("2025-06-01", .lower, "0.18"),
              // Before the first period in the schedule (6 April 2016): the profile's long rate.
              ("2016-04-05", .upper, "0.28"),
          ])
    func rateOfThePeriod(_ asOf: String, _ band: RateBand, _ rate: Fixed) {
        let economics = Self.economics(asOf: asOf, band: band)
        #expect(economics.laterLongRate == rate)
        // One class of gains: nothing turns long-term, so a replacement sold early is taxed alike.
        #expect(economics.laterShortRate == rate)
        // The year's gains are taxed at the same rate: 10,000 over the exempt amount, exactly.
        let exempt = Jurisdiction.unitedKingdom.schedule.exemptAmount(year: Jurisdiction.unitedKingdom.taxYear.year(of: day(asOf)))
        #expect(economics.taxCost(Self.year(gains: exempt + 10_000)) == Money(10_000).multiplied(by: rate, rounding: .halfEven))
    }

    @Test("the exempt amount of the plan day's tax year comes off first", arguments: [
        // 2024-25: 3,000. (10,000 − 3,000) × 24% = 1,680.
        ("2024-11-15", Money(10_000), Money(1_680)),
        // 2023-24 (a day before 6 April 2024): 6,000. (7,000 − 6,000) × 20% = 200.
        ("2024-04-05", 7_000, 200),
        // 2022-23: 12,300. 12,300 is all exempt; 13,300 leaves 1,000 × 20% = 200.
        ("2022-12-01", 12_300, 0), ("2022-12-01", 13_300, 200),
    ])
    func exemptAmount(_ asOf: String, _ gains: Money, _ tax: Money) {
        #expect(Self.economics(asOf: asOf).taxCost(Self.year(gains: gains)) == tax)
    }

    @Test("a loss that only eats into gains the exempt amount covers saves nothing; above it, only what it takes off the excess")
    func lossAgainstTheExemptAmount() {
        let economics = Self.economics(asOf: "2024-11-15")
        // 2,000 of gains are under the 3,000 exempt amount: no tax with or without a 1,500 loss, and the net stays a gain,
        // so nothing is carried forward either.
        #expect(economics.taxCost(Self.year(gains: 2_000)) == 0)
        #expect(economics.taxCost(Self.year(gains: 2_000, losses: -1_500)) == 0)
        // 4,000 of gains: (4,000 − 3,000) × 24% = 240. A 2,000 loss leaves 2,000, all exempt: it saves 240, not 480.
        #expect(economics.taxCost(Self.year(gains: 4_000)) == 240)
        #expect(economics.taxCost(Self.year(gains: 4_000, losses: -2_000)) == 0)
        // 10,000 of gains: a 2,000 loss saves all of 2,000 × 24% = 480 (1,680 → 1,200).
        #expect(economics.taxCost(Self.year(gains: 10_000)) - economics.taxCost(Self.year(gains: 10_000, losses: -2_000)) == 480)
    }

    @Test("losses brought forward go only down to the exempt amount; the rest, and a year's net loss, carry forward")
    func broughtForward() {
        // 2,000 brought forward against 4,000 of gains: only 1,000 is used (down to the 3,000 exempt amount), nothing is
        // taxed, and 1,000 is carried on, worth 1,000 × 24% × 0.8 = 192 now: −192.
        #expect(Self.economics(asOf: "2024-11-15", broughtForward: 2_000).taxCost(Self.year(gains: 4_000)) == -192)
        // 2,000 brought forward against 10,000: all used; (10,000 − 2,000 − 3,000) × 24% = 1,200.
        #expect(Self.economics(asOf: "2024-11-15", broughtForward: 2_000).taxCost(Self.year(gains: 10_000)) == 1_200)
        // A year's net loss of 1,000 is carried: −1,000 × 24% × 0.8 = −192; before 30 October at 20%: −160.
        #expect(Self.economics(asOf: "2024-11-15").taxCost(Self.year(gains: 500, losses: -1_500)) == -192)
        #expect(Self.economics(asOf: "2024-10-01").taxCost(Self.year(gains: 500, losses: -1_500)) == -160)
    }

    @Test("every loss counts and no gain waits for a better term; the rates in one phrase")
    func termsAndDescription() {
        let economics = Self.economics(asOf: "2024-11-15")
        #expect(economics.lossCounts(.short) && economics.lossCounts(.long))
        #expect(economics.keepReason(term: .short, longFrom: day("2025-01-01")) == .gain)
        #expect(economics.ratesDescription == "rate 24% (upper band), exempt amount 3,000.00")
    }

    // MARK: - Through the planner

    @Test("UK: a loss worth the 24% rate after 30 October 2024, less the deferred tax; day 31 is the buy-back date")
    func ukLoss() throws {
        // 2024-25, 10,000 gains realized; loss 2,000: taxable 10,000 − 3,000 = 7,000 → 5,000; saves 2,000 × 24% = 480.
        // Deferred: 480 / 1.05^5 = 376.09. Net 103.91.
        let plan = HarvestPlanner.plan(PlanRequests.pooled(.unitedKingdom, asOf: "2024-11-15", realized: 10_000, loss: 2_000))
        let trade = try #require(plan.trades.first)
        #expect(trade.taxSavedNow == 480)
        #expect(trade.deferredTax.rounded(scale: 2, .halfEven) == "376.09" && trade.restartCost.isZero)
        #expect(plan.doNotBuyBefore[Asset("ETH")] == day("2024-12-16"))
        #expect(plan.warnings.contains { $0.hasPrefix("UK: ETH") && $0.contains("2024-12-16 (day 31)") })
        // In the basic-rate band, 18%: 360 now.
        let basic = HarvestPlanner.plan(PlanRequests.pooled(.unitedKingdom, asOf: "2024-11-15", realized: 10_000, loss: 2_000, band: .lower))
        #expect(basic.candidates.first?.taxSavedNow == 360)
        // Before 30 October 2024, 20%: 400.
        let before = HarvestPlanner.plan(PlanRequests.pooled(.unitedKingdom, asOf: "2024-10-01", realized: 10_000, loss: 2_000))
        #expect(before.candidates.first?.taxSavedNow == 400)
    }

    @Test("UK: a loss that only eats into gains the exempt amount covers saves nothing, and is not harvested")
    func ukWastedExemption() throws {
        // 2,000 of gains ≤ the 3,000 exempt amount: no tax with or without the 1,500 loss (the net stays positive, so
        // nothing is carried forward): saved 0, deferred tax > 0: kept.
        let plan = HarvestPlanner.plan(PlanRequests.pooled(.unitedKingdom, asOf: "2024-11-15", realized: 2_000, loss: 1_500))
        #expect(plan.trades.isEmpty)
        #expect(plan.candidates.first?.taxSavedNow == 0)
    }
}
