import HarvestCore
import HarvestTestSupport
import Testing

/// What a harvest is worth under Australia's rules (AustraliaEconomics.swift): item 18's netting (losses against
/// non-discountable gains first, then the 50% discount, ITAA 1997 s.115-100(a)), the marginal rate, and the wait for
/// the discount. Called directly, then through the planner against hand-computed plans.
struct AustraliaEconomicsTests {
    /// A 40% marginal rate; the replacement never sold, so no deferred tax (exit never), unless a test says otherwise.
    static let auProfile = TaxProfile(shortRate: "0.40", longRate: "0", exit: .never)

    /// The top marginal rate, 45%; a 25% discount rate, so that a year's discount factor is exactly 0.8.
    static func economics(carriedIn: Money = .zero) -> any HarvestEconomics {
        Jurisdiction.australia.economics(
            profile: TaxProfile(shortRate: "0.45", longRate: "0", carryforward: Carryforward(shortTerm: carriedIn), discountRate: "0.25"),
            asOf: day("2024-09-01"))
    }

    @Test("the marginal rate on a gain short of 12 months, half of it on one that has the discount")
    func rates() {
        let economics = Self.economics()
        // 45% − 45% × 50% = 22.5%.
        #expect(economics.laterShortRate == "0.45" && economics.laterLongRate == "0.225")
        #expect(economics.ratesDescription == "marginal rate 45%, 50% CGT discount after 12 months")
    }

    static let itemEighteenCases: [(RealizedGains, Money)] = [
        // 2,000 short of 12 months: 2,000 × 45% = 900. 2,000 discountable: 1,000 after the discount, 450.
        (RealizedGains(shortTermGains: 2_000), Money(900)),
        (RealizedGains(longTermGains: 2_000), 450),
        // 1,000 non-discountable, 2,000 discountable, a loss of 1,000 (of either term): the loss takes the 1,000
        // non-discountable gain; 2,000 halved is 1,000: 450. Against the discountable gain instead it would have left
        // 1,000 + 500 = 1,500, 675.
        (RealizedGains(shortTermGains: 1_000, longTermGains: 2_000, longTermLosses: -1_000), 450),
        (RealizedGains(shortTermGains: 1_000, shortTermLosses: -1_000, longTermGains: 2_000), 450),
        // A loss larger than the non-discountable gains reaches the discountable ones before the discount: 3,000 of
        // loss, 1,000 + 4,000 of gains: (4,000 − 2,000) × 50% = 1,000: 450.
        (RealizedGains(shortTermGains: 1_000, longTermGains: 4_000, longTermLosses: -3_000), 450),
    ]

    @Test("item 18: losses come off non-discountable gains first, then the discount, at the marginal rate", arguments: itemEighteenCases)
    func itemEighteen(_ realized: RealizedGains, _ tax: Money) {
        #expect(Self.economics().taxCost(realized) == tax)
    }

    @Test("losses carried in come off before the discount; a net capital loss carries forward at the discounted rate")
    func carried() {
        // 500 carried in against 2,000 discountable: (2,000 − 500) × 50% = 750: 337.50.
        #expect(Self.economics(carriedIn: 500).taxCost(RealizedGains(longTermGains: 2_000)) == "337.5")
        // A year's 3,000 loss against 1,000 of gains: 2,000 carried, worth 2,000 × 22.5% × 0.8 = 360 now.
        #expect(Self.economics().taxCost(RealizedGains(shortTermGains: 1_000, shortTermLosses: -3_000)) == -360)
    }

    @Test("every loss counts; a gain short of 12 months waits for the discount, one past it is simply a gain")
    func keepReasons() {
        let economics = Self.economics()
        #expect(economics.lossCounts(.short) && economics.lossCounts(.long))
        #expect(economics.keepReason(term: .short, longFrom: day("2024-09-16")) == .waitForDiscount(day("2024-09-16")))
        #expect(economics.keepReason(term: .long, longFrom: day("2023-09-16")) == .gain)
    }

    // MARK: - Through the planner

    static let lossValueCases: [(RealizedGains, Money)] = [
        // 1,000 of non-discountable gain: 1,000 × 40% = 400 of tax, all of it saved by a 1,000 loss.
        (RealizedGains(shortTermGains: 1_000), Money(400)),
        // 2,000 of discountable gain: before, 2,000 × 50% × 40% = 400; after, (2,000 − 1,000) × 50% × 40% = 200: saves 200.
        (RealizedGains(longTermGains: 2_000), 200),
        // Both: the loss comes off the non-discountable 1,000 first: before 1,000 × 40% + 1,000 × 40% = 800; after
        // 0 + 1,000 × 40% = 400: saves 400.
        (RealizedGains(shortTermGains: 1_000, longTermGains: 2_000), 400),
    ]

    @Test("Australia: a loss is worth the full marginal rate against non-discountable gains, half against discountable ones",
          arguments: lossValueCases)
    func australianLossValue(_ realized: RealizedGains, _ saved: Money) throws {
        let plan = HarvestPlanner.plan(PlanRequests.lots(
            .australia, asOf: "2024-09-01", lots: [PlanRequests.lot("2024-05-01", 1, "BTC", "A", basis: 11_000, id: "l")],
            realized: realized, profile: Self.auProfile))
        let trade = try #require(plan.trades.first)
        #expect(trade.loss == 1_000 && trade.taxSavedNow == saved && trade.deferredTax == 0)
    }

    @Test("Australia: a long-term loss offsets a short-term gain first too (losses have no character)")
    func australianLongLoss() throws {
        // The lot was bought 2022-05-01: long-term. Against 1,000 of non-discountable gain it still saves 1,000 × 40%.
        let plan = HarvestPlanner.plan(PlanRequests.lots(
            .australia, asOf: "2024-09-01", lots: [PlanRequests.lot("2022-05-01", 1, "BTC", "A", basis: 11_000, id: "l")],
            realized: RealizedGains(shortTermGains: 1_000), profile: Self.auProfile))
        #expect(plan.trades.first?.term == .long && plan.trades.first?.taxSavedNow == 400)
    }

    @Test("Australia: the recaptured gain on a replacement held 12 months is discounted: deferred at half the marginal rate")
    func australianDeferral() throws {
        var profile = Self.auProfile
        profile.exit = .sell
        profile.horizonYears = 5
        let plan = HarvestPlanner.plan(PlanRequests.lots(
            .australia, asOf: "2024-09-01", lots: [PlanRequests.lot("2024-05-01", 1, "BTC", "A", basis: 11_000, id: "l")],
            realized: RealizedGains(shortTermGains: 1_000), profile: profile))
        // 1,000 × 20% / 1.05^5 = 156.705...
        let trade = try #require(plan.trades.first)
        #expect(trade.deferredTax.formatted(scale: 2, .halfEven) == "156.71")
        #expect(trade.netBenefit.formatted(scale: 2, .halfEven) == "243.29")
    }

    @Test("Australia: a gain lot short of 12 months waits for the discount")
    func australianWait() throws {
        // Bought 2023-09-15: the discount applies from 2024-09-16.
        let plan = HarvestPlanner.plan(PlanRequests.lots(
            .australia, asOf: "2024-09-01", lots: [PlanRequests.lot("2023-09-15", 1, "BTC", "A", basis: 6_000, id: "g")],
            profile: Self.auProfile))
        let candidate = try #require(plan.candidates.first)
        #expect(candidate.reason == .waitForDiscount(day("2024-09-16")) && candidate.daysToLongTerm == 15)
        #expect(candidate.explanation == "lot 2023-09-15 1 BTC@A: gain 4,000: not sold; wait: the 50% CGT discount applies from 2024-09-16")
    }

    @Test("Australia: TR 2008/1 is advised on for every harvested asset, with the recent purchases that count")
    func australianWashSaleWarning() throws {
        var request = PlanRequests.lots(
            .australia, asOf: "2024-09-01", lots: [PlanRequests.lot("2024-05-01", 1, "BTC", "A", basis: 11_000, id: "l")],
            realized: RealizedGains(shortTermGains: 1_000), profile: Self.auProfile)
        request.recentAcquisitions = [.init(asset: Asset("BTC"), wallet: Wallet("A"), date: day("2024-08-20"), quantity: "0.5",
                                            kind: .buy, transactionID: "r")]
        let plan = HarvestPlanner.plan(request)
        #expect(plan.trades.count == 1)
        #expect(plan.warnings.count == 1)
        #expect(plan.warnings.first?.hasPrefix("Australia: BTC: TR 2008/1") == true)
        #expect(plan.warnings.first?.contains("0.5 acquired in the 30 days before already count") == true)
        #expect(plan.doNotBuyBefore == [Asset("BTC"): day("2024-10-02")])
    }
}
