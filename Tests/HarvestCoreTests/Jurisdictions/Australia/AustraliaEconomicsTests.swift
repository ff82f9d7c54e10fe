import HarvestCore
import HarvestTestSupport
import Testing

/// The planner under Australia's economics, against hand-computed plans.
struct AustraliaEconomicsTests {
    /// A 40% marginal rate; the replacement never sold, so no deferred tax (exit never), unless a test says otherwise.
    static let auProfile = TaxProfile(shortRate: "0.40", longRate: "0", exit: .never)

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
