import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest plan --format json`: the plan's totals, the do-not-buy-back dates, the replacements, the rebalancing trades and
/// every lot, with amounts as exact decimal strings (no rounding: the figures the plan computed) and the correlation as a
/// number with two decimals.
@Suite("Plan JSON")
struct PlanJSONTests {
    /// Two decimals, half away from zero (0.125 is exact in binary: 12.5 hundredths → 13), and no "-0.00".
    @Test("the correlation, to two decimals", arguments: [
        (1.0, "1.00"), (0.9999, "1.00"), (0.5, "0.50"), (0.956, "0.96"), (0.07, "0.07"), (0.125, "0.13"), (0.0, "0.00"),
        (-0.004, "0.00"), (-0.125, "-0.13"), (-0.5, "-0.50"), (-1.0, "-1.00"),
    ])
    func correlation(_ value: Double, _ text: String) {
        #expect(PlanReport.correlation(value) == text)
    }

    /// The README's lots (`PlanRequests.readme`) valued with a 25% discount over 2 years (factor 0.64), and daily prices to
    /// choose ETH's replacement from (`PlanRequests.history`):
    /// - e1: saves 1,349.88 × 35% = 472.458 (all deducted against income, as in the README); deferred 1,349.88 × 15% ×
    ///   0.64 = 202.482 × 0.64 = 129.58848; costs 3,675 × 0.60% = 22.05; net 472.458 − 129.58848 − 22.05 = 320.81952.
    /// - e2: saves 263.50 × 35% = 92.225; deferred 39.525 × 0.64 = 25.296; costs 14.7; net 52.229.
    /// - Totals: loss 1,613.38; saved 564.683; deferred 154.88448; costs 36.75; net 373.04852.
    /// - Do not buy back ETH before 2025-07-31: 31 days after the sale (the US rule's 30 days after, plus one).
    /// - The replacement: WETH is substantially identical to ETH (left out, however well it correlates); SOL moves against
    ///   ETH (correlation −1); LINK: each return is its mean plus or minus a fixed step, and so is ETH's, with as many ups
    ///   as downs over the 24 days, so the correlation is the mean of the products of the signs: (6 − 2) / 8 = 0.50.
    /// - The warning: the purchase of 2025-06-15 falls in the 30 days before the sale; the US rule does not reach
    ///   crypto held as property, so it is advice.
    @Test("README's lots: exact amounts as strings, the do-not-buy-back date, the replacement, the warning")
    func readme() throws {
        var request = try PlanRequests.readme(PlanRequests.exactProfile)
        request.priceHistory = PlanRequests.history()
        let plan = HarvestPlanner.plan(request)
        #expect(PlanReport.json(plan) == #"""
            {"as_of":"2025-06-30","loss_realized":"1613.38","tax_saved_now":"564.683","deferred_tax":"154.88448","restart_cost":"0",\#
            "costs":"36.75","net_benefit":"373.04852","do_not_buy_before":{"ETH":"2025-07-31"},\#
            "replacements":{"ETH":{"asset":"LINK","correlation":0.50,"days":24}},"rebalance":[],"rebalance_tax":"0","candidates":[\#
            {"decision":"sell","asset":"ETH","wallet":"coinbase","date_acquired":"2022-01-12","term":"long","quantity":"1.5",\#
            "quantity_to_sell":"1.5","basis":"5024.88","value":"3675","unrealized":"-1349.88","loss":"1349.88",\#
            "tax_saved_now":"472.458","deferred_tax":"129.58848","restart_cost":"0","costs":"22.05","net_benefit":"320.81952",\#
            "days_to_long_term":0,"lot_tx_id":"e1",\#
            "explanation":"lot 2022-01-12 1.5 ETH@coinbase: loss 1,350, saves 472 now, deferred tax 130, costs 22, net 321"},\#
            {"decision":"sell","asset":"ETH","wallet":"coinbase","date_acquired":"2025-02-10","term":"short","quantity":"1",\#
            "quantity_to_sell":"1","basis":"2713.5","value":"2450","unrealized":"-263.5","loss":"263.5","tax_saved_now":"92.225",\#
            "deferred_tax":"25.296","restart_cost":"0","costs":"14.7","net_benefit":"52.229","days_to_long_term":226,"lot_tx_id":"e2",\#
            "explanation":"lot 2025-02-10 1 ETH@coinbase: loss 264, saves 92 now, deferred tax 25, costs 15, net 52"},\#
            {"decision":"keep","asset":"BTC","wallet":"coinbase","date_acquired":"2023-05-01","term":"long","quantity":"0.1",\#
            "quantity_to_sell":"0","basis":"3000","value":"6000","unrealized":"3000","loss":"0","tax_saved_now":"0",\#
            "deferred_tax":"0","restart_cost":"0","costs":"0","net_benefit":"0","days_to_long_term":0,"lot_tx_id":"b1",\#
            "explanation":"lot 2023-05-01 0.1 BTC@coinbase: gain 3,000: not sold (a harvest never realizes a gain)"},\#
            {"decision":"keep","asset":"DOGE","wallet":"coinbase","date_acquired":"2024-11-20","term":"short","quantity":"1000",\#
            "quantity_to_sell":"0","basis":"150","value":null,"unrealized":null,"loss":"0","tax_saved_now":"0","deferred_tax":"0",\#
            "restart_cost":"0","costs":"0","net_benefit":"0","days_to_long_term":144,"lot_tx_id":"d1",\#
            "explanation":"lot 2024-11-20 1000 DOGE@coinbase: no price on or before 2025-06-30: not valued"},\#
            {"decision":"keep","asset":"ETH","wallet":"coinbase","date_acquired":"2025-06-15","term":"short","quantity":"0.2",\#
            "quantity_to_sell":"0","basis":"480","value":"490","unrealized":"10","loss":"0","tax_saved_now":"0","deferred_tax":"0",\#
            "restart_cost":"0","costs":"0","net_benefit":"0","days_to_long_term":351,"lot_tx_id":"i1",\#
            "explanation":"lot 2025-06-15 0.2 ETH@coinbase: gain 10: not sold (a harvest never realizes a gain)"}],\#
            "warnings":["ETH: 0.2 ETH acquired 2025-06-15 (buy, tx i1) is within 30 days before 2025-06-30: the United States \#
            rule does not reach crypto held as property, but a stricter reading (or another country's rule) would match it"]}

            """#)
    }

    /// Germany (`PlanRequests.germany`, worked in PlanCSVTests): no wash-sale rule, so no do-not-buy-back date and no
    /// warning; the reset lot's costs (60,000 × 0.60% = 360) with no benefit counted.
    @Test("Germany: no do-not-buy-back dates, no warnings; a reset lot with its costs")
    func germany() throws {
        let json = PlanReport.json(HarvestPlanner.plan(try PlanRequests.germany()))
        #expect(json.hasPrefix(#"""
            {"as_of":"2025-06-30","loss_realized":"200.01","tax_saved_now":"504","deferred_tax":"0","restart_cost":"0",\#
            "costs":"3.60018","net_benefit":"500.39982","do_not_buy_before":{},"replacements":{},"rebalance":[],"rebalance_tax":"0","candidates":[\#
            {"decision":"sell","asset":"SOL",
            """#))
        #expect(json.contains(#"""
            {"decision":"reset","asset":"BTC","wallet":"A","date_acquired":"2023-03-01","term":"long","quantity":"1",\#
            "quantity_to_sell":"0","basis":"20000","value":"60000","unrealized":"40000","loss":"0","tax_saved_now":"0",\#
            "deferred_tax":"0","restart_cost":"0","costs":"360","net_benefit":"0","days_to_long_term":0,"lot_tx_id":"b1",\#
            "explanation":"lot 2023-03-01 1 BTC@A: gain 40,000 held over one year: tax-free; consider gain harvesting: selling \#
            and buying back (no wash-sale rule) raises the basis at no tax, for costs of 360; the new units start a new one-year period"}
            """#))
        #expect(json.hasSuffix(#"],"warnings":[]}"# + "\n"))
    }

    /// On 2025-06-30, in wallet w: x1 10 X bought 2024-01-10 for 1,000 and x2 10 X bought 2025-03-01 for 2,000, both
    /// worth 10 × 150 = 1,500; y1 20 Y bought 2024-02-01 for 1,200, worth 20 × 100 = 2,000. The exit is never (no deferred
    /// tax). Target X 15%, Y 85%.
    /// - The harvest: x2's short-term loss of 500, deducted against income: saves 175; costs 1,500 × 0.60% = 9; net 166.
    /// - Rebalancing 5,000: X wanted 750, held 3,000; x2's 1,500 is harvested and to be bought back: buy back nothing
    ///   instead (replace_less 1,500); the other 750 from x1: 10 × 750 / 1,500 = 5 X, a long-term gain of 500 × 5/10 =
    ///   250. Y wanted 4,250, held 2,000: buy 2,250.
    /// - Their tax: the year with the harvest, short −500 (a 500 deduction: −175); with the 250 long-term gain too, net
    ///   −250 (a 250 deduction: −87.50): 87.50 more.
    @Test("rebalancing: buy back less, sell a lot in part, buy the shortfall, and the tax of it")
    func rebalance() throws {
        let lots = try Books([
            Row.buy("x1", "2024-01-10", 10, "X", cost: 1000, wallet: "w"),
            Row.buy("y1", "2024-02-01", 20, "Y", cost: 1200, wallet: "w"),
            Row.buy("x2", "2025-03-01", 10, "X", cost: 2000, wallet: "w"),
        ], .us).result.openLots
        var request = PlanRequest(
            asOf: day("2025-06-30"), lots: lots, prices: [Asset("X"): 150, Asset("Y"): 100],
            profile: TaxProfile(shortRate: "0.35", longRate: "0.15", exit: .never), costs: TradingCosts(feeBasisPoints: 10, slippageBasisPoints: 20))
        request.targetWeights = [Asset("X"): "0.15", Asset("Y"): "0.85"]
        #expect(PlanReport.json(HarvestPlanner.plan(request)) == #"""
            {"as_of":"2025-06-30","loss_realized":"500","tax_saved_now":"175","deferred_tax":"0","restart_cost":"0","costs":"9",\#
            "net_benefit":"166","do_not_buy_before":{"X":"2025-07-31"},"replacements":{},"rebalance":[\#
            {"side":"replace_less","asset":"X","wallet":null,"lot_tx_id":null,"quantity":null,"value":"1500","gain":"0",\#
            "explanation":"buy back 0 instead of 1,500 of X's harvested value: target 750"},\#
            {"side":"sell","asset":"X","wallet":"w","lot_tx_id":"x1","quantity":"5","value":"750","gain":"250",\#
            "explanation":"sell 5 X@w (lot 2024-01-10): 750, long-term gain 250"},\#
            {"side":"buy","asset":"Y","wallet":null,"lot_tx_id":null,"quantity":null,"value":"2250","gain":"0",\#
            "explanation":"buy 2,250 of Y: held 2,000, target 4,250"}],"rebalance_tax":"87.5","candidates":[\#
            {"decision":"sell","asset":"X","wallet":"w","date_acquired":"2025-03-01","term":"short","quantity":"10",\#
            "quantity_to_sell":"10","basis":"2000","value":"1500","unrealized":"-500","loss":"500","tax_saved_now":"175",\#
            "deferred_tax":"0","restart_cost":"0","costs":"9","net_benefit":"166","days_to_long_term":245,"lot_tx_id":"x2",\#
            "explanation":"lot 2025-03-01 10 X@w: loss 500, saves 175 now, deferred tax 0, costs 9, net 166"},\#
            {"decision":"keep","asset":"X","wallet":"w","date_acquired":"2024-01-10","term":"long","quantity":"10",\#
            "quantity_to_sell":"0","basis":"1000","value":"1500","unrealized":"500","loss":"0","tax_saved_now":"0",\#
            "deferred_tax":"0","restart_cost":"0","costs":"0","net_benefit":"0","days_to_long_term":0,"lot_tx_id":"x1",\#
            "explanation":"lot 2024-01-10 10 X@w: gain 500: not sold (a harvest never realizes a gain)"},\#
            {"decision":"keep","asset":"Y","wallet":"w","date_acquired":"2024-02-01","term":"long","quantity":"20",\#
            "quantity_to_sell":"0","basis":"1200","value":"2000","unrealized":"800","loss":"0","tax_saved_now":"0",\#
            "deferred_tax":"0","restart_cost":"0","costs":"0","net_benefit":"0","days_to_long_term":0,"lot_tx_id":"y1",\#
            "explanation":"lot 2024-02-01 20 Y@w: gain 800: not sold (a harvest never realizes a gain)"}],"warnings":[]}

            """#)
    }
}
