import HarvestCore
import Testing

/// The planner's economics under the UK and Canadian rules.
struct UKCanadaPlannerTests {
    static func request(_ jurisdiction: Jurisdiction, asOf: String, realized: Money, loss: Money, band: RateBand = .upper,
                        recent: [PlanRequest.Acquisition] = []) -> PlanRequest {
        // One pooled holding of 10 ETH costing 20,000 + loss, worth 20,000; no trading costs; 5% discount, 5 years.
        var profile = TaxProfile(shortRate: "0.40", longRate: "0.20", discountRate: "0.05", horizonYears: 5)
        profile.rateBand = band
        var request = PlanRequest(
            asOf: day(asOf), lots: [HarvestPlannerTests.lot("2023-01-02", 10, "ETH", "A", basis: 20_000 + loss, id: "pool")],
            prices: [Asset("ETH"): 2_000], realizedLongTerm: realized, profile: profile,
            costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0), minimumBenefitPerTrade: 1, jurisdiction: jurisdiction,
            washSale: jurisdiction.washSale, recentAcquisitions: recent)
        request.minimumBenefitTotal = .zero
        return request
    }

    @Test("UK: a loss worth the 24% rate after 30 October 2024, less the deferred tax; day 31 is the buy-back date")
    func ukLoss() throws {
        // 2024-25, 10,000 gains realized; loss 2,000: taxable 10,000 − 3,000 = 7,000 → 5,000; saves 2,000 × 24% = 480.
        // Deferred: 480 / 1.05^5 = 376.09. Net 103.91.
        let plan = HarvestPlanner.plan(Self.request(.unitedKingdom, asOf: "2024-11-15", realized: 10_000, loss: 2_000))
        let trade = try #require(plan.trades.first)
        #expect(trade.taxSavedNow == 480)
        #expect(trade.deferredTax.rounded(scale: 2, .halfEven) == "376.09" && trade.restartCost.isZero)
        #expect(plan.doNotBuyBefore[Asset("ETH")] == day("2024-12-16"))
        #expect(plan.warnings.contains { $0.hasPrefix("UK: ETH") && $0.contains("2024-12-16 (day 31)") })
        // In the basic-rate band, 18%: 360 now.
        let basic = HarvestPlanner.plan(Self.request(.unitedKingdom, asOf: "2024-11-15", realized: 10_000, loss: 2_000, band: .lower))
        #expect(basic.candidates.first?.taxSavedNow == 360)
        // Before 30 October 2024, 20%: 400.
        let before = HarvestPlanner.plan(Self.request(.unitedKingdom, asOf: "2024-10-01", realized: 10_000, loss: 2_000))
        #expect(before.candidates.first?.taxSavedNow == 400)
    }

    @Test("UK: a loss that only eats into gains the exempt amount covers saves nothing, and is not harvested")
    func ukWastedExemption() throws {
        // 2,000 of gains ≤ the 3,000 exempt amount: no tax with or without the 1,500 loss (the net stays positive, so
        // nothing is carried forward): saved 0, deferred tax > 0: kept.
        let plan = HarvestPlanner.plan(Self.request(.unitedKingdom, asOf: "2024-11-15", realized: 2_000, loss: 1_500))
        #expect(plan.trades.isEmpty)
        #expect(plan.candidates.first?.taxSavedNow == 0)
    }

    @Test("Canada: a loss is worth the ½ inclusion × the marginal rate; the superficial-loss window and affiliated persons are warned")
    func canadaLoss() throws {
        // 10,000 of gains; loss 2,000: saves 2,000 × ½ × 40% = 400; deferred 400 / 1.05^5 = 313.41.
        let recent = [PlanRequest.Acquisition(asset: Asset("ETH"), wallet: Wallet("A"), date: day("2024-05-20"), quantity: 1, kind: .buy,
                                              transactionID: "r1")]
        let plan = HarvestPlanner.plan(Self.request(.canada, asOf: "2024-06-01", realized: 10_000, loss: 2_000, recent: recent))
        let trade = try #require(plan.trades.first)
        #expect(trade.taxSavedNow == 400 && trade.deferredTax.rounded(scale: 2, .halfEven) == "313.41")
        #expect(plan.doNotBuyBefore[Asset("ETH")] == day("2024-07-02"))
        let warning = try #require(plan.warnings.first { $0.hasPrefix("Canada: ETH") })
        #expect(warning.contains("2024-05-02 to 2024-07-01") && warning.contains("spouse") && warning.contains("RRSP or TFSA")
            && warning.contains("1 ETH acquired in the 30 days before"))
    }
}
