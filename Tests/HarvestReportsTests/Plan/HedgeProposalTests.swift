import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// Hedges for harvested lots under a wash-sale rule (issue 17): a written put, priced by Black-Scholes.
struct HedgeProposalTests {
    @Test("a lot of ETH harvested under wash-sale-crypto: write a put struck at the close through the window")
    func writtenPut() throws {
        // The README's plan (PlanRequests.readme) with the US rule extended to crypto and the ETH history: 2,450 on even
        // days, 2,695 on odd ones, 2025-06-06 to 2025-06-30: 24 returns, 12 of +10% and 12 of −1/11; sample variance
        // 0.0095077 a day, × 365: sigma = 1.862879 (Python: statistics.variance).
        // The put: S = K = 2,450, 31 days (the window's 30 and one), r = 4%: 519.1556 a unit (Python, erfc) → 519.16.
        // Costs 10 + 20 bps on the notional: 2,450 × units × 0.003 (7.35 a unit).
        var request = try PlanRequests.readme(PlanRequests.readmeProfile)
        request.washSale = WashSaleRule.unitedStates.includingCrypto
        request.priceHistory = PlanRequests.history()
        let plan = HarvestPlanner.plan(request)
        let ethTrades = plan.trades.filter { $0.lot.asset == Asset("ETH") }
        try #require(!ethTrades.isEmpty)
        let hedges = DerivativeHedge.proposals(
            trades: plan.trades, asOf: request.asOf, washSale: request.washSale, classes: request.assetClasses, prices: request.priceHistory,
            costs: request.costs)
        #expect(hedges.count == ethTrades.count)
        for (hedge, trade) in zip(hedges, ethTrades) {
            #expect(hedge.strike == 2_450 && hedge.expiry == day("2025-07-31") && hedge.days == 31 && hedge.windowEnds == day("2025-07-30"))
            #expect(abs(hedge.volatility - 1.862_879) < 1e-6)
            #expect(hedge.units == trade.quantityToSell)
            #expect(hedge.premium == (Price("519.16") * trade.quantityToSell).rounded(scale: 2, .halfAwayFromZero))
            #expect(hedge.cost == (Price("7.35") * trade.quantityToSell).rounded(scale: 2, .halfAwayFromZero))
            #expect(hedge.straddleNote.contains("no straddle"))
        }
        // 1 ETH (the lot e2, when sold whole): premium 519.16, cost 7.35, 511.81 if it lapses.
        if let whole = hedges.first(where: { $0.units == 1 }) { #expect(whole.netIfLapses == "511.81") }

        // Without a rule reaching crypto (the US default), no hedge: buying back at once is allowed.
        var plain = request
        plain.washSale = .unitedStates
        #expect(DerivativeHedge.proposals(trades: HarvestPlanner.plan(plain).trades, asOf: plain.asOf, washSale: plain.washSale,
                                          classes: plain.assetClasses, prices: plain.priceHistory, costs: plain.costs).isEmpty)

        // With a short perpetual open on ETH, the written put offsets it: a straddle, said so.
        let perpetual = try Instrument(symbol: "ETH-PERPETUAL", kind: .perpetual, underlying: Asset("ETH"), settlementAsset: .usd)
        let short = DerivativePosition(instrument: perpetual, wallet: Wallet("d"), side: .short, contracts: 1, dateOpened: day("2025-06-01"),
                                       openEventID: "p1", carried: 2_500, mark: nil)
        let withShort = DerivativeHedge.proposals(
            trades: plan.trades, asOf: request.asOf, washSale: request.washSale, classes: request.assetClasses, prices: request.priceHistory,
            positions: [short], costs: request.costs)
        #expect(withShort.allSatisfy { $0.straddleNote.contains("offsets ETH-PERPETUAL (short)") })

        // The plan's machine outputs carry them.
        let json = PlanReport.json(plan, extra: [DerivativePlanReport.hedgeJSON(hedges)])
        #expect(json.contains(#""hedges":[{"hedge":"write_put","asset":"ETH","#))
        #expect(json.contains(#""strike":"2450","expiry":"2025-07-31","days":31,"volatility":1.86"#))
        let csv = DerivativePlanReport.hedgeCSV(hedges)
        #expect(csv.hasPrefix("\n" + DerivativePlanReport.hedgeHeader + "\nwrite_put,ETH,"))
    }
}
