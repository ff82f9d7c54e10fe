import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest plan --format csv`: one row per open lot, chosen lots first in the order chosen, then the rest by net benefit
/// (ties in lot order); money in cents, half away from zero; the decision sell, keep or reset (Germany).
@Suite("Plan CSV")
struct PlanCSVTests {
    static let header = "decision,asset,wallet,date_acquired,term,quantity,quantity_to_sell,basis,value,unrealized,loss,tax_saved_now,"
        + "deferred_tax,restart_cost,costs,net_benefit,days_to_long_term,lot_tx_id,explanation"

    @Test("the header, column for column")
    func header() throws {
        #expect(PlanReport.csvHeader == Self.header)
        let empty = HarvestPlanner.plan(PlanRequest(asOf: day("2025-06-30"), lots: [], prices: [:]))
        #expect(PlanReport.csv(empty) == Self.header + "\n")
    }

    /// README "The value model", by hand (`PlanRequests.readme`):
    /// - The year so far: a net long-term loss of 878.96, all deducted against income (under 3,000): tax −878.96 × 35%.
    /// - e1 first (best alone): adding 1,349.88 keeps the deduction (2,228.84) under 3,000, so all of it is deducted at
    ///   35%: 472.458 → 472.46. Deferred: 1,349.88 × 15% / 1.05^5 = 202.482 / 1.2762815625 = 158.649… → 158.65. Costs
    ///   3,675.00 × 0.60% = 22.05. Net 472.458 − 158.649… − 22.05 = 291.758… → 291.76. The explanation shows whole units.
    /// - e2 next: 2,228.84 + 263.50 = 2,492.34, still under 3,000: 263.50 × 35% = 92.225 → 92.23 (half away from zero);
    ///   deferred 39.525 / 1.2762815625 = 30.968… → 30.97; costs 2,450 × 0.60% = 14.70; net 46.556… → 46.56. Short-term:
    ///   long from 2026-02-11 (one year and a day after 2025-02-10), 226 days after 30 June 2025 (1 + 31 + 31 + 30 + 31 + 30
    ///   + 31 + 31 + 10).
    /// - The rest, all net 0, in lot order (date acquired): b1 a gain (long: 0 days), d1 no price (empty value and
    ///   unrealized; long from 2025-11-21: 144 days), i1 a gain (long from 2026-06-16: 351 days). Kept lots sell nothing.
    @Test("README's worked example: sell rows with their figures in cents, kept rows with their reasons")
    func readme() throws {
        let plan = HarvestPlanner.plan(try PlanRequests.readme(PlanRequests.readmeProfile))
        #expect(PlanReport.csv(plan) == """
            \(Self.header)
            sell,ETH,coinbase,2022-01-12,long,1.5,1.5,5024.88,3675.00,-1349.88,1349.88,472.46,158.65,0.00,22.05,291.76,0,e1,\
            "lot 2022-01-12 1.5 ETH@coinbase: loss 1,350, saves 472 now, deferred tax 159, costs 22, net 292"
            sell,ETH,coinbase,2025-02-10,short,1,1,2713.50,2450.00,-263.50,263.50,92.23,30.97,0.00,14.70,46.56,226,e2,\
            "lot 2025-02-10 1 ETH@coinbase: loss 264, saves 92 now, deferred tax 31, costs 15, net 47"
            keep,BTC,coinbase,2023-05-01,long,0.1,0,3000.00,6000.00,3000.00,0.00,0.00,0.00,0.00,0.00,0.00,0,b1,\
            "lot 2023-05-01 0.1 BTC@coinbase: gain 3,000: not sold (a harvest never realizes a gain)"
            keep,DOGE,coinbase,2024-11-20,short,1000,0,150.00,,,0.00,0.00,0.00,0.00,0.00,0.00,144,d1,\
            lot 2024-11-20 1000 DOGE@coinbase: no price on or before 2025-06-30: not valued
            keep,ETH,coinbase,2025-06-15,short,0.2,0,480.00,490.00,10.00,0.00,0.00,0.00,0.00,0.00,0.00,351,i1,\
            lot 2025-06-15 0.2 ETH@coinbase: gain 10: not sold (a harvest never realizes a gain)

            """)
    }

    /// Germany (`PlanRequests.germany`), by hand:
    /// - s1: a loss of 200.01 within the year brings the year's total from 1,200 to 999.99, just under the 1,000
    ///   Freigrenze (a cliff): the tax on all of it is saved, 1,200 × 42% = 504; the other 299.99 of the lot's loss would
    ///   save nothing more (the total is tax-free already, and stays above zero). So sell 10 × 200.01 / 500 = 4.0002 SOL.
    ///   No deferred tax (a replacement held over a year is sold tax-free), no restart (5-year horizon); costs 4.0002 ×
    ///   150 × 0.60% = 3.60018; net 500.39982 (the whole lot: 504 − 9 = 495). The loss counts only within the year: sold
    ///   by 2026-02-01 (BGB: the year from 2025-02-01 ends on 2026-02-01; long from 2026-02-02, 217 days on).
    /// - a1: a loss held over one year: outside §23, it counts for nothing: kept, nothing to sell, loss 0.00.
    /// - b1: a tax-free gain held over one year: `reset` (sell and buy back to raise the basis at no tax), costs
    ///   60,000 × 0.60% = 360; no benefit is counted.
    /// - e1: a gain within the year: kept until it is tax-free, from 2026-01-16 (200 days on).
    /// The kept lots all have net 0: in lot order, a1 (2022), b1 (2023), e1 (2025).
    @Test("Germany: a loss within the year sold, a tax-free gain to reset, the others kept with their reasons")
    func germany() throws {
        let plan = HarvestPlanner.plan(try PlanRequests.germany())
        #expect(plan.candidates.map(PlanReport.decision) == ["sell", "keep", "reset", "keep"])
        #expect(PlanReport.csv(plan) == """
            \(Self.header)
            sell,SOL,A,2025-02-01,short,10,4.0002,2000.00,1500.00,-500.00,200.01,504.00,0.00,0.00,3.60,500.40,217,s1,\
            "lot 2025-02-01 10 SOL@A: loss 200, saves 504 now, deferred tax 0, costs 4, net 500 (sell 4.0002 of 10); the loss counts \
            only if sold by 2026-02-01"
            keep,ADA,A,2022-05-01,long,1000,0,800.00,500.00,-300.00,0.00,0.00,0.00,0.00,0.00,0.00,0,a1,\
            "lot 2022-05-01 1000 ADA@A: loss 300: held over one year, outside §23 EStG: the loss does not count"
            reset,BTC,A,2023-03-01,long,1,0,20000.00,60000.00,40000.00,0.00,0.00,0.00,0.00,360.00,0.00,0,b1,\
            "lot 2023-03-01 1 BTC@A: gain 40,000 held over one year: tax-free; consider gain harvesting: selling and buying back \
            (no wash-sale rule) raises the basis at no tax, for costs of 360; the new units start a new one-year period"
            keep,ETH,A,2025-01-15,short,2,0,4000.00,4900.00,900.00,0.00,0.00,0.00,0.00,0.00,0.00,200,e1,\
            lot 2025-01-15 2 ETH@A: gain 900: not sold; wait: tax-free from 2026-01-16 (held over one year)

            """)
    }

    /// `--realize-loss 1000` on 3 ETH bought 2025-01-06 for 9,000, worth 3 × 2,000 = 6,000 (a loss of 3,000): sell
    /// 3 × 1,000 / 3,000 = 1 ETH, worth 2,000. Saves 1,000 × 35% = 350 (deducted against income); deferred
    /// 1,000 × 15% × 0.64 = 96; costs 2,000 × 0.60% = 12; net 242. Long from 2026-01-07: 191 days after 2025-06-30.
    @Test("a loss target: part of the lot to sell, its loss and costs pro rata")
    func lossTarget() throws {
        let request = PlanRequest(
            asOf: day("2025-06-30"), lots: try Books([Row.buy("l1", "2025-01-06", 3, "ETH", cost: 9000)], .us).result.openLots,
            prices: [Asset("ETH"): 2000], profile: PlanRequests.exactProfile, costs: TradingCosts(feeBasisPoints: 10, slippageBasisPoints: 20),
            realizeLoss: 1000)
        #expect(lines(PlanReport.csv(HarvestPlanner.plan(request))) == [
            Self.header,
            "sell,ETH,A,2025-01-06,short,3,1,9000.00,6000.00,-3000.00,1000.00,350.00,96.00,0.00,12.00,242.00,191,l1,"
                + "\"lot 2025-01-06 3 ETH@A: loss 1,000, saves 350 now, deferred tax 96, costs 12, net 242 (sell 1 of 3)\"",
        ])
    }

    /// 10 SOL bought 2025-03-03 for 1,566.50, worth 10 × 150 = 1,500 on 2025-06-30: a short-term loss of 66.50. Saves
    /// 66.50 × 35% = 23.275 → 23.28; deferred 9.975 / 1.2762815625 = 7.815… → 7.82; costs 1,500 × 0.60% = 9.00; net
    /// 6.459… → 6.46, under the 10 minimum: kept. Long from 2026-03-04, 247 days on.
    @Test("a loss below the minimum: kept, its figures shown, nothing to sell")
    func belowMinimum() throws {
        let request = PlanRequest(
            asOf: day("2025-06-30"), lots: try Books([Row.buy("s1", "2025-03-03", 10, "SOL", cost: "1566.50", wallet: "coinbase")], .us)
                .result.openLots,
            prices: [Asset("SOL"): 150], profile: PlanRequests.readmeProfile, costs: TradingCosts(feeBasisPoints: 10, slippageBasisPoints: 20))
        let plan = HarvestPlanner.plan(request)
        let rows = lines(PlanReport.csv(plan))
        try #require(rows.count == 2)
        var expected = csvFields(
            "keep,SOL,coinbase,2025-03-03,short,10,0,1566.50,1500.00,-66.50,66.50,23.28,7.82,0.00,9.00,6.46,247,s1,"
                + "\"lot 2025-03-03 10 SOL@coinbase: loss 67, saves 23 now, deferred tax 8, costs 9, net 6: below the 10 minimum\"")
        var fields = csvFields(rows[1])
        try #require(fields.count == expected.count)
        // A lot not chosen has nothing to sell (HarvestCandidate.quantityToSell: "zero when rejected").
        #expect(fields[6] == "0")
        #expect(PlanReport.json(plan).contains(#""quantity":"10","quantity_to_sell":"0""#))
        // Every other column as it should be.
        fields.remove(at: 6)
        expected.remove(at: 6)
        #expect(fields == expected)
    }
}
