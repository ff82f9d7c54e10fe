import HarvestCore
import HarvestTestSupport
import Testing

/// The planner under the UK's economics, against hand-computed plans.
struct UKEconomicsTests {
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
