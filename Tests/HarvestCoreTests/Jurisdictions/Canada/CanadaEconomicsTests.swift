import HarvestCore
import HarvestTestSupport
import Testing

/// The planner under Canada's economics, against hand-computed plans.
struct CanadaEconomicsTests {
    @Test("Canada: a loss is worth the ½ inclusion × the marginal rate; the superficial-loss window and affiliated persons are warned")
    func canadaLoss() throws {
        // 10,000 of gains; loss 2,000: saves 2,000 × ½ × 40% = 400; deferred 400 / 1.05^5 = 313.41.
        let recent = [PlanRequest.Acquisition(asset: Asset("ETH"), wallet: Wallet("A"), date: day("2024-05-20"), quantity: 1, kind: .buy,
                                              transactionID: "r1")]
        let plan = HarvestPlanner.plan(PlanRequests.pooled(.canada, asOf: "2024-06-01", realized: 10_000, loss: 2_000, recent: recent))
        let trade = try #require(plan.trades.first)
        #expect(trade.taxSavedNow == 400 && trade.deferredTax.rounded(scale: 2, .halfEven) == "313.41")
        #expect(plan.doNotBuyBefore[Asset("ETH")] == day("2024-07-02"))
        let warning = try #require(plan.warnings.first { $0.hasPrefix("Canada: ETH") })
        #expect(warning.contains("2024-05-02 to 2024-07-01") && warning.contains("spouse") && warning.contains("RRSP or TFSA")
            && warning.contains("1 ETH acquired in the 30 days before"))
    }
}
