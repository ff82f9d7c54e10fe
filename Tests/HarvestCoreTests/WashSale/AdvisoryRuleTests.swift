import HarvestCore
import HarvestTestSupport
import Testing

/// One definition of each window (WashSaleRule.swift, and each country's folder): the engine's matching or denial, the
/// planner's advice and `--warn-for CODE` read the same numbers, so they cannot drift apart.
struct AdvisoryRuleTests {
    /// A plan day with `recent` acquisitions, for the advice text.
    static func request(asOf: String, recent: [PlanRequest.Acquisition] = []) -> PlanRequest {
        PlanRequest(asOf: day(asOf), lots: [], prices: [:], recentAcquisitions: recent)
    }

    @Test("the jurisdictions advised on under another's rules are the UK, Canada and Australia, in registry order")
    func advisable() {
        #expect(Jurisdiction.advisable.map(\.code) == ["uk", "ca", "au"])
        #expect(Jurisdiction.us.advisory == nil && Jurisdiction.germany.advisory == nil)
        // `--warn-for CODE` finds each by code.
        #expect(Jurisdiction.advisable.allSatisfy { Jurisdiction.all[$0.code]?.advisory == $0.advisory })
    }

    @Test("UK: the advice's window is the 30 days of TCGA s.106A(5) the matching uses; day 31 is the first day free")
    func unitedKingdom() throws {
        let advisory = try #require(Jurisdiction.unitedKingdom.advisory)
        #expect(advisory.rule == UnitedKingdom.thirtyDayRule && Jurisdiction.unitedKingdom.washSale == UnitedKingdom.thirtyDayRule)
        #expect(advisory.rule.daysAfter == UnitedKingdom.thirtyDays && advisory.rule.daysBefore == 0 && advisory.rule.effect == .advise)
        #expect(UnitedKingdom.thirtyDays == 30)
        // The engine: a repurchase `thirtyDays` after a 1 March 2024 sale is matched to it (30-day rule), one a day later
        // goes to the pool.
        let sale = day("2024-03-01")
        func matching(after days: Int) throws -> [Matching] {
            try LotEngine.run([
                Local.buy("b0", "2023-01-02", 100, "ETH", cost: 1000, "GBP"),
                Local.sell("s1", "2024-03-01", 10, "ETH", proceeds: 50, "GBP"),
                Local.buy("b1", sale.adding(days: days).description, 10, "ETH", cost: 60, "GBP"),
            ], jurisdiction: .unitedKingdom).disposals.map(\.matching)
        }
        #expect(try matching(after: UnitedKingdom.thirtyDays) == [.thirtyDay])
        #expect(try matching(after: UnitedKingdom.thirtyDays + 1) == [.pool])
        // The advice names that first free day, 31 March + 1 = 1 April 2024.
        let advice = advisory.advice(for: Asset("ETH"), request: Self.request(asOf: "2024-03-01"))
        #expect(advice.hasPrefix("UK: ETH: ") && advice.contains("do not buy back before 2024-04-01"))
        #expect(sale.adding(days: UnitedKingdom.thirtyDays + 1) == day("2024-04-01"))
    }

    @Test("Canada: `--warn-for ca` advises on the very rule the engine applies (ITA s.54 superficial loss), only advised")
    func canada() throws {
        let engine = try #require(Jurisdiction.canada.washSale)
        let advisory = try #require(Jurisdiction.canada.advisory)
        #expect(engine == Canada.superficialLoss && engine.effect == .denySuperficialLoss)
        #expect(advisory.rule == engine.asAdvice && advisory.rule.effect == .advise)
        // Everything but the effect is the engine's: 30 days either side, the same classes, assets and acquisitions.
        #expect(advisory.rule.daysBefore == 30 && advisory.rule.daysAfter == 30)
        #expect(advisory.rule.daysBefore == engine.daysBefore && advisory.rule.daysAfter == engine.daysAfter)
        #expect(advisory.rule.appliesTo == engine.appliesTo && advisory.rule.identicalGroups == engine.identicalGroups)
        #expect(advisory.rule.replacementKinds == engine.replacementKinds && engine.replacementKinds == [.buy, .trade, .income])
        // The advice: day 31 after a 1 June sale is 2 July; the 1 unit bought on 20 May counts already.
        let recent = [PlanRequest.Acquisition(asset: Asset("SOL"), wallet: Wallet("A"), date: day("2024-05-20"), quantity: 1, kind: .buy,
                                              transactionID: "r1")]
        let advice = advisory.advice(for: Asset("SOL"), request: Self.request(asOf: "2024-06-01", recent: recent))
        #expect(advice.hasPrefix("Canada: SOL: a superficial loss") && advice.contains("do not buy back before 2024-07-02"))
        #expect(advice.hasSuffix("; 1 acquired in the 30 days before already count"))
    }

    @Test("Australia: TR 2008/1 is advice only, its own rule and the one others are told about")
    func australia() throws {
        let advisory = try #require(Jurisdiction.australia.advisory)
        #expect(Jurisdiction.australia.washSale == Australia.washSaleAdvice && advisory.rule == Australia.washSaleAdvice)
        #expect(advisory.rule.effect == .advise && advisory.rule.daysBefore == 30 && advisory.rule.daysAfter == 30)
    }

    @Test("a purchase outside the window before the plan day does not count, one on its first day does")
    func windowBefore() throws {
        let advisory = try #require(Jurisdiction.canada.advisory)
        // 1 June: the window opens 30 days before, on 2 May. 1 May is outside.
        func acquired(_ date: String) -> PlanRequest.Acquisition {
            PlanRequest.Acquisition(asset: Asset("SOL"), wallet: Wallet("A"), date: day(date), quantity: 2, kind: .buy, transactionID: date)
        }
        let outside = advisory.advice(for: Asset("SOL"), request: Self.request(asOf: "2024-06-01", recent: [acquired("2024-05-01")]))
        let inside = advisory.advice(for: Asset("SOL"), request: Self.request(asOf: "2024-06-01", recent: [acquired("2024-05-02")]))
        #expect(!outside.contains("already count"))
        #expect(inside.hasSuffix("; 2 acquired in the 30 days before already count"))
    }
}
