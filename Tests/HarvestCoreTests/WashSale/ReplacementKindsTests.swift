import HarvestCore
import HarvestTestSupport
import Testing

/// One list of what counts as a replacement: each rule's own `replacementKinds`, read by the engine, the planner's
/// advice and `wash-check` alike.
///
/// IRC §1091(a) disallows a loss where substantially identical property is "acquired ... by purchase or by an exchange":
/// a staking reward or a gift received is neither, so the US rule counts purchases and trades only. The UK's 30-day
/// rule (TCGA s.106A(5)) and same-day rule match any acquisition, as the engine's matching does (income and gifts
/// received included); Canada's superficial loss counts property acquired, as its engine does (purchases, trades,
/// income).
struct ReplacementKindsTests {
    static let asOf = "2024-08-05"

    /// 0.5 ETH of each kind, 10 days before the plan day.
    static let acquisitions: [PlanRequest.Acquisition] = [TransactionKind.buy, .trade, .income, .giftIn].map { kind in
        PlanRequest.Acquisition(asset: Asset("ETH"), wallet: Wallet("A"), date: day("2024-07-26"), quantity: "0.5", kind: kind,
                                transactionID: kind.rawValue)
    }

    static func request(_ jurisdiction: Jurisdiction, recent: [PlanRequest.Acquisition] = acquisitions) -> PlanRequest {
        PlanRequest(asOf: day(asOf), lots: [], prices: [:], jurisdiction: jurisdiction, recentAcquisitions: recent)
    }

    @Test("each rule counts its own kinds", arguments: [
        (WashSaleRule.unitedStates, ["buy", "trade"]),
        (UnitedKingdom.thirtyDayRule, ["buy", "trade", "income", "gift_in"]),
        (Canada.superficialLoss, ["buy", "trade", "income"]),
        (Australia.washSaleAdvice, ["buy", "trade", "income"]),
    ])
    func kinds(_ rule: WashSaleRule, _ expected: [String]) {
        // The UK rule's window looks back 0 days: move the plan day onto the acquisitions' day for it.
        var request = Self.request(.us)
        if rule.daysBefore == 0 { request.asOf = day("2024-07-26") }
        #expect(rule.acquisitions(of: Asset("ETH"), in: request).map(\.transactionID) == expected)
    }

    @Test("a rule's window: from daysBefore before the day through the day; substantially identical assets count")
    func window() {
        func bought(_ date: String, _ asset: String = "ETH") -> PlanRequest.Acquisition {
            PlanRequest.Acquisition(asset: Asset(asset), wallet: Wallet("A"), date: day(date), quantity: 1, kind: .buy, transactionID: date + asset)
        }
        // 30 days before 5 August is 6 July: 5 July is outside, the plan day itself inside, the day after not yet known.
        let request = Self.request(.us, recent: [bought("2024-07-05"), bought("2024-07-06"), bought("2024-08-05"), bought("2024-08-06"),
                                                 bought("2024-07-20", "WETH"), bought("2024-07-20", "SOL")])
        #expect(WashSaleRule.unitedStates.acquisitions(of: Asset("ETH"), in: request).map(\.transactionID)
            == ["2024-07-06ETH", "2024-08-05ETH", "2024-07-20WETH"])
    }

    @Test("US: a purchase in the 30 days before a loss sale is warned about; a staking reward is not (not a purchase)")
    func unitedStatesWarnings() {
        // A security, so that the rule applies: 10 IBIT bought for 500 each, now 400.
        let lot = Lot(asset: Asset("IBIT"), wallet: Wallet("A"), quantity: 10, costBasis: 5000, acquiredAt: Instant(date: day("2024-01-02")),
                      dateAcquired: day("2024-01-02"), holdingStart: day("2024-01-02"), transactionID: "b0")
        func plan(_ kind: TransactionKind) -> HarvestPlan {
            var request = PlanRequest(
                asOf: day(Self.asOf), lots: [lot], prices: [Asset("IBIT"): 400], jurisdiction: .us, washSale: .unitedStates,
                assetClasses: AssetClasses([Asset("IBIT"): .security]),
                recentAcquisitions: [PlanRequest.Acquisition(asset: Asset("IBIT"), wallet: Wallet("A"), date: day("2024-07-26"),
                                                             quantity: 1, kind: kind, transactionID: "r1")])
            request.minimumBenefitPerTrade = .zero
            return HarvestPlanner.plan(request)
        }
        let bought = plan(.buy)
        #expect(bought.trades.count == 1)
        #expect(bought.warnings == ["IBIT: 1 IBIT acquired 2024-07-26 (buy, tx r1) is within 30 days before 2024-08-05: selling today is a "
            + "wash sale for up to that many units; the loss on them is deferred"])
        let earned = plan(.income)
        #expect(earned.trades.count == 1 && earned.warnings.isEmpty)
    }

    @Test("wash-check lists the acquisitions of the rule's kinds")
    func washCheck() {
        let rows = [
            Row.buy("b1", "2024-07-20", 1, "ETH", cost: 3000),
            Row.income("s1", "2024-07-25", "0.1", "ETH", value: 300),
            Row.giftIn("g1", "2024-07-30", "0.2", "ETH", value: 600),
        ]
        func listed(_ rule: WashSaleRule) -> [String] {
            WashSaleCheck.check(rows, asOf: day(Self.asOf), rule: rule, classes: AssetClasses(), losses: [:]).entries
                .flatMap(\.acquisitions).map(\.id)
        }
        #expect(listed(.unitedStates) == ["b1"])
        #expect(listed(Canada.superficialLoss.asAdvice) == ["b1", "s1"])
        // The UK rule looks 0 days back: nothing before the day; on the gift's day, the gift.
        #expect(listed(UnitedKingdom.thirtyDayRule) == [])
        #expect(WashSaleCheck.check(rows, asOf: day("2024-07-30"), rule: UnitedKingdom.thirtyDayRule, classes: AssetClasses(), losses: [:])
            .entries.flatMap(\.acquisitions).map(\.id) == ["g1"])
    }
}
