import HarvestCore
import HarvestTestSupport
import Testing

/// What a harvest is worth under Germany's rules (GermanyEconomics.swift): only sales within one year count (§23 Abs. 1
/// S. 1 Nr. 2 EStG), at the personal rate, with the Freigrenze of the plan day's year (§23 Abs. 3 S. 5: 600 EUR through
/// 2023, 1,000 EUR from 2024, BMF 06.03.2025 Rz. 53); a replacement held past a year is sold tax-free. Called directly,
/// then through the planner against hand-computed plans.
struct GermanyEconomicsTests {
    /// A 42% personal rate.
    static let deProfile = TaxProfile(shortRate: "0.42", longRate: "0", horizonYears: 5)

    /// The 42% personal rate; a 25% discount rate, so that a year's discount factor is exactly 0.8.
    static func economics(asOf: String = "2024-09-01", carriedIn: Money = .zero) -> any HarvestEconomics {
        Jurisdiction.germany.economics(
            profile: TaxProfile(shortRate: "0.42", longRate: "0", carryforward: Carryforward(shortTerm: carriedIn), discountRate: "0.25"),
            asOf: day(asOf))
    }

    @Test("the personal rate within the year; nothing after it (tax-free)")
    func rates() {
        let economics = Self.economics()
        #expect(economics.laterShortRate == "0.42" && economics.laterLongRate == 0)
        #expect(economics.ratesDescription == "personal rate 42%, tax-free after one year, Freigrenze")
    }

    @Test("the Freigrenze of the plan day's year: a total under it is tax-free, one at it taxable in full", arguments: [
        // 2024: 1,000. 999.99 is free; 1,000 and 1,200 are taxed whole: 420 and 504.
        ("2024-09-01", Money("999.99"), Money(0)), ("2024-09-01", 1_000, 420), ("2024-09-01", 1_200, 504),
        // 2023: 600. 599.99 is free; 800 is taxed whole: 336 (in 2024 it would be free).
        ("2023-09-01", "599.99", 0), ("2023-09-01", 800, 336), ("2024-09-01", 800, 0),
    ])
    func freigrenze(_ asOf: String, _ gains: Money, _ tax: Money) {
        #expect(Self.economics(asOf: asOf).taxCost(RealizedGains(shortTermGains: gains)) == tax)
    }

    @Test("a loss that brings the year under the Freigrenze saves the tax on all of it")
    func lossUnderTheFreigrenze() {
        let economics = Self.economics()
        // 1,200 of §23 gains: 504. A 300 loss leaves 900 < 1,000: tax-free. The 300 saves 504, more than 300 × 42% = 126.
        #expect(economics.taxCost(RealizedGains(shortTermGains: 1_200)) == 504)
        #expect(economics.taxCost(RealizedGains(shortTermGains: 1_200, shortTermLosses: -300)) == 0)
        // A 100 loss leaves 1,100: still taxed in full, 462: it saves only 100 × 42% = 42.
        #expect(economics.taxCost(RealizedGains(shortTermGains: 1_200, shortTermLosses: -100)) == 462)
    }

    @Test("results on units held more than a year do not count: not their gains, not their losses")
    func longTermDoesNotCount() {
        let economics = Self.economics()
        #expect(!economics.lossCounts(.long) && economics.lossCounts(.short))
        // A 5,000 loss after a year leaves the 1,200 of §23 gains taxed in full; a 50,000 gain after a year is free.
        #expect(economics.taxCost(RealizedGains(shortTermGains: 1_200, longTermLosses: -5_000)) == 504)
        #expect(economics.taxCost(RealizedGains(longTermGains: 50_000)) == 0)
    }

    @Test("a §23 loss carries forward at the personal rate; a loss carried in counts only once the Freigrenze is reached")
    func carried() {
        // A net §23 loss of 2,000: carried, worth 2,000 × 42% × 0.8 = 672 now.
        #expect(Self.economics().taxCost(RealizedGains(shortTermGains: 500, shortTermLosses: -2_500)) == -672)
        // 2,000 carried in against 2,500 of gains (at least 1,000: taxable): 500 taxed, 210; nothing left to carry.
        #expect(Self.economics(carriedIn: 2_000).taxCost(RealizedGains(shortTermGains: 2_500)) == 210)
        // Against 800 (under the Freigrenze): nothing taxed and the 2,000 stays carried: −672.
        #expect(Self.economics(carriedIn: 2_000).taxCost(RealizedGains(shortTermGains: 800)) == -672)
    }

    @Test("a gain within the year waits for the tax-free date; one after it is tax-free (gain harvesting)")
    func keepReasons() {
        let economics = Self.economics()
        #expect(economics.keepReason(term: .short, longFrom: day("2025-02-11")) == .waitForTaxFree(day("2025-02-11")))
        #expect(economics.keepReason(term: .long, longFrom: day("2024-02-11")) == .taxFreeGain)
    }

    // MARK: - Through the planner

    @Test("Germany: a loss within the year saves the personal rate; held on past a year the replacement is tax-free: no deferred tax")
    func germanLoss() throws {
        // 2024: 2,000 of §23 gains so far. A lot bought 2023-10-15 for 10,500, now 10,000: a 500 loss that counts until
        // 2024-10-15. Before: 2,000 ≥ 1,000, taxed 840; after: 1,500, taxed 630: saves 210. Deferred tax: none, the
        // replacement held 5 years is sold tax-free.
        let plan = HarvestPlanner.plan(PlanRequests.lots(
            .germany, asOf: "2024-09-01", lots: [PlanRequests.lot("2023-10-15", 1, "BTC", "A", basis: 10_500, id: "l")],
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
        let plan = HarvestPlanner.plan(PlanRequests.lots(
            .germany, asOf: "2024-09-01", lots: [PlanRequests.lot("2024-03-01", 1, "BTC", "A", basis: 10_300, id: "l")],
            realized: RealizedGains(shortTermGains: 1_200), profile: Self.deProfile))
        #expect(plan.trades.first?.taxSavedNow == 504)
    }

    @Test("Germany: after one year a loss does not count and a gain is tax-free (gain harvesting suggested)")
    func germanLongTerm() throws {
        var request = PlanRequests.lots(
            .germany, asOf: "2024-09-01",
            lots: [PlanRequests.lot("2023-01-10", 1, "BTC", "A", basis: 12_000, id: "old-loss"),
                   PlanRequests.lot("2023-02-10", 1, "BTC", "A", basis: 4_000, id: "old-gain"),
                   PlanRequests.lot("2024-02-10", 1, "BTC", "A", basis: 5_000, id: "new-gain")],
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
        let plan = HarvestPlanner.plan(PlanRequests.lots(
            .germany, asOf: "2024-09-01",
            lots: [PlanRequests.lot("2023-01-10", 2, "BTC", "A", basis: 8_000, id: "a-old"),
                   PlanRequests.lot("2024-06-01", 1, "BTC", "A", basis: 12_000, id: "a-new"),
                   PlanRequests.lot("2024-07-01", 1, "BTC", "B", basis: 11_000, id: "b-new")],
            realized: RealizedGains(shortTermGains: 3_000), profile: Self.deProfile))
        #expect(plan.trades.map(\.lot.transactionID) == ["b-new"])
        let blocked = try #require(plan.candidates.first { $0.lot.transactionID == "a-new" })
        #expect(blocked.reason == .fifoOrder(olderUnits: 2))
        #expect(blocked.explanation.contains("FIFO per wallet: a sale from A takes the 2 older BTC first"))
        // Australia identifies parcels: the same lots are all open to a sale.
        let au = HarvestPlanner.plan(PlanRequests.lots(
            .australia, asOf: "2024-09-01", lots: [PlanRequests.lot("2023-01-10", 2, "BTC", "A", basis: 8_000, id: "a-old"),
                                                   PlanRequests.lot("2024-06-01", 1, "BTC", "A", basis: 12_000, id: "a-new")],
            realized: RealizedGains(shortTermGains: 3_000), profile: AustraliaEconomicsTests.auProfile))
        #expect(au.trades.map(\.lot.transactionID) == ["a-new"])
    }
}
