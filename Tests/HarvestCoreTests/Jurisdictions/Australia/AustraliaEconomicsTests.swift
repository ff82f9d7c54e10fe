import HarvestCore
import Testing

/// The planner under Australian and German economics, against hand-computed plans. No trading costs unless said, so
/// that each figure is the tax arithmetic alone.
struct PlannerJurisdictionTests {
    static func lot(_ date: String, _ quantity: Quantity, _ asset: String, _ wallet: String, basis: Money, id: String) -> Lot {
        HarvestPlannerTests.lot(date, quantity, asset, wallet, basis: basis, id: id)
    }
    static let free = TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0)

    /// One BTC lot bought `bought` for `basis`, priced `price`, on `asOf`, with the year's results so far.
    static func request(
        _ jurisdiction: Jurisdiction, asOf: String, lots: [Lot], price: Price = 10_000, realized: RealizedGains = RealizedGains(),
        profile: TaxProfile
    ) -> PlanRequest {
        var request = PlanRequest(
            asOf: day(asOf), lots: lots, prices: [Asset("BTC"): price], realizedShortTerm: realized.netShortTerm,
            realizedLongTerm: realized.netLongTerm, profile: profile, costs: free, jurisdiction: jurisdiction)
        request.realizedShortTermLosses = realized.shortTermLosses
        request.realizedLongTermLosses = realized.longTermLosses
        return request
    }

    // MARK: - Australia

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
        let plan = HarvestPlanner.plan(Self.request(
            .australia, asOf: "2024-09-01", lots: [Self.lot("2024-05-01", 1, "BTC", "A", basis: 11_000, id: "l")],
            realized: realized, profile: Self.auProfile))
        let trade = try #require(plan.trades.first)
        #expect(trade.loss == 1_000 && trade.taxSavedNow == saved && trade.deferredTax == 0)
    }

    @Test("Australia: a long-term loss offsets a short-term gain first too (losses have no character)")
    func australianLongLoss() throws {
        // The lot was bought 2022-05-01: long-term. Against 1,000 of non-discountable gain it still saves 1,000 × 40%.
        let plan = HarvestPlanner.plan(Self.request(
            .australia, asOf: "2024-09-01", lots: [Self.lot("2022-05-01", 1, "BTC", "A", basis: 11_000, id: "l")],
            realized: RealizedGains(shortTermGains: 1_000), profile: Self.auProfile))
        #expect(plan.trades.first?.term == .long && plan.trades.first?.taxSavedNow == 400)
    }

    @Test("Australia: the recaptured gain on a replacement held 12 months is discounted: deferred at half the marginal rate")
    func australianDeferral() throws {
        var profile = Self.auProfile
        profile.exit = .sell
        profile.horizonYears = 5
        let plan = HarvestPlanner.plan(Self.request(
            .australia, asOf: "2024-09-01", lots: [Self.lot("2024-05-01", 1, "BTC", "A", basis: 11_000, id: "l")],
            realized: RealizedGains(shortTermGains: 1_000), profile: profile))
        // 1,000 × 20% / 1.05^5 = 156.705...
        let trade = try #require(plan.trades.first)
        #expect(trade.deferredTax.formatted(scale: 2, .halfEven) == "156.71")
        #expect(trade.netBenefit.formatted(scale: 2, .halfEven) == "243.29")
    }

    @Test("Australia: a gain lot short of 12 months waits for the discount")
    func australianWait() throws {
        // Bought 2023-09-15: the discount applies from 2024-09-16.
        let plan = HarvestPlanner.plan(Self.request(
            .australia, asOf: "2024-09-01", lots: [Self.lot("2023-09-15", 1, "BTC", "A", basis: 6_000, id: "g")], profile: Self.auProfile))
        let candidate = try #require(plan.candidates.first)
        #expect(candidate.reason == .waitForDiscount(day("2024-09-16")) && candidate.daysToLongTerm == 15)
        #expect(candidate.explanation == "lot 2023-09-15 1 BTC@A: gain 4,000: not sold; wait: the 50% CGT discount applies from 2024-09-16")
    }

    @Test("Australia: TR 2008/1 is advised on for every harvested asset, with the recent purchases that count")
    func australianWashSaleWarning() throws {
        var request = Self.request(
            .australia, asOf: "2024-09-01", lots: [Self.lot("2024-05-01", 1, "BTC", "A", basis: 11_000, id: "l")],
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

    // MARK: - Germany

    /// A 42% personal rate.
    static let deProfile = TaxProfile(shortRate: "0.42", longRate: "0", horizonYears: 5)

    @Test("Germany: a loss within the year saves the personal rate; held on past a year the replacement is tax-free: no deferred tax")
    func germanLoss() throws {
        // 2024: 2,000 of §23 gains so far. A lot bought 2023-10-15 for 10,500, now 10,000: a 500 loss that counts until
        // 2024-10-15. Before: 2,000 ≥ 1,000, taxed 840; after: 1,500, taxed 630: saves 210. Deferred tax: none, the
        // replacement held 5 years is sold tax-free.
        let plan = HarvestPlanner.plan(Self.request(
            .germany, asOf: "2024-09-01", lots: [Self.lot("2023-10-15", 1, "BTC", "A", basis: 10_500, id: "l")],
            realized: RealizedGains(shortTermGains: 2_000), profile: Self.deProfile))
        let trade = try #require(plan.trades.first)
        #expect(trade.taxSavedNow == 210 && trade.deferredTax == 0 && trade.netBenefit == 210)
        #expect(trade.lossCountsUntil == day("2024-10-15"))
        #expect(trade.explanation.hasSuffix("; the loss counts only if sold by 2024-10-15"))
        // No wash-sale rule: nothing to wait for, nothing to warn about.
        #expect(plan.doNotBuyBefore.isEmpty && plan.warnings.isEmpty)
    }

    @Test("Germany: a loss that brings the year under the Freigrenze saves the tax on the whole total")
    func germanFreigrenze() throws {
        // 1,200 of §23 gains in 2024 (taxable in full, 504); a 300 loss brings the total to 900 < 1,000: tax-free.
        let plan = HarvestPlanner.plan(Self.request(
            .germany, asOf: "2024-09-01", lots: [Self.lot("2024-03-01", 1, "BTC", "A", basis: 10_300, id: "l")],
            realized: RealizedGains(shortTermGains: 1_200), profile: Self.deProfile))
        #expect(plan.trades.first?.taxSavedNow == 504)
    }

    @Test("Germany: after one year a loss does not count and a gain is tax-free (gain harvesting suggested)")
    func germanLongTerm() throws {
        var request = Self.request(
            .germany, asOf: "2024-09-01",
            lots: [Self.lot("2023-01-10", 1, "BTC", "A", basis: 12_000, id: "old-loss"),
                   Self.lot("2023-02-10", 1, "BTC", "A", basis: 4_000, id: "old-gain"),
                   Self.lot("2024-02-10", 1, "BTC", "A", basis: 5_000, id: "new-gain")],
            realized: RealizedGains(shortTermGains: 5_000), profile: Self.deProfile)
        request.costs = TradingCosts()  // 10 + 20 bps each way: 60 bps of 10,000 = 60 a round trip
        let plan = HarvestPlanner.plan(request)
        #expect(plan.trades.isEmpty)
        let byID = Dictionary(uniqueKeysWithValues: plan.candidates.map { ($0.lot.transactionID, $0) })
        #expect(byID["old-loss"]?.reason == .lossDoesNotCount)
        #expect(byID["old-loss"]?.explanation == "lot 2023-01-10 1 BTC@A: loss 2,000: held over one year, outside §23 EStG: the loss does not count")
        #expect(byID["old-gain"]?.reason == .taxFreeGain && byID["old-gain"]?.tradingCosts == 60)
        #expect(byID["old-gain"]?.explanation.contains("consider gain harvesting") == true)
        // Bought 2024-02-10: tax-free from 2025-02-11.
        #expect(byID["new-gain"]?.reason == .waitForTaxFree(day("2025-02-11")))
    }

    @Test("Germany: FIFO per wallet: a newer loss lot cannot be sold past older units in the same wallet")
    func germanFIFO() throws {
        // Wallet A holds 2 BTC from 2023-01-10 (tax-free now) and 1 BTC from 2024-06-01 at a 2,000 loss; wallet B holds
        // 1 BTC from 2024-07-01 at a 1,000 loss. A sale from A takes the 2 old units first: the A loss is out of reach.
        let plan = HarvestPlanner.plan(Self.request(
            .germany, asOf: "2024-09-01",
            lots: [Self.lot("2023-01-10", 2, "BTC", "A", basis: 8_000, id: "a-old"),
                   Self.lot("2024-06-01", 1, "BTC", "A", basis: 12_000, id: "a-new"),
                   Self.lot("2024-07-01", 1, "BTC", "B", basis: 11_000, id: "b-new")],
            realized: RealizedGains(shortTermGains: 3_000), profile: Self.deProfile))
        #expect(plan.trades.map(\.lot.transactionID) == ["b-new"])
        let blocked = try #require(plan.candidates.first { $0.lot.transactionID == "a-new" })
        #expect(blocked.reason == .fifoOrder(olderUnits: 2))
        #expect(blocked.explanation.contains("FIFO per wallet: a sale from A takes the 2 older BTC first"))
        // Australia identifies parcels: the same lots are all open to a sale.
        let au = HarvestPlanner.plan(Self.request(
            .australia, asOf: "2024-09-01", lots: [Self.lot("2023-01-10", 2, "BTC", "A", basis: 8_000, id: "a-old"),
                                                   Self.lot("2024-06-01", 1, "BTC", "A", basis: 12_000, id: "a-new")],
            realized: RealizedGains(shortTermGains: 3_000), profile: Self.auProfile))
        #expect(au.trades.map(\.lot.transactionID) == ["a-new"])
    }
}
