import HarvestCore
import HarvestTestSupport
import Testing

/// The planner against hand-computed plans: the README's worked example, the loss target, and the rules
/// that keep a plan honest (never a gain, the minimum benefit, wallets, stable order).
struct HarvestPlannerTests {
    static func lot(_ date: String, _ quantity: Quantity, _ asset: String, _ wallet: String, basis: Money, id: String) -> Lot {
        Lot(asset: Asset(asset), wallet: Wallet(wallet), quantity: quantity, costBasis: basis, acquiredAt: Instant(date: day(date)),
            dateAcquired: day(date), holdingStart: day(date), transactionID: id)
    }

    /// The README's worked example, as of 2024-08-05, single, 35% short / 15% long, 5% discount, 5-year horizon,
    /// costs 10 bps fee + 20 bps slippage each way (60 bps round trip), $2,000 of short-term gains so far:
    /// - A: 1 BTC at kraken, bought 2024-03-10 for 70,000, now 55,000: short-term loss 15,000.
    /// - B: 10 ETH, bought 2022-11-01 for 16,000, now 25,000: a gain, never sold.
    /// - C: 100 SOL, bought 2023-01-15 for 15,000, now 14,000: long-term loss 1,000.
    /// - D: 100 ADA, bought 2024-06-01 for 50, now 45: loss 5.
    static let example = PlanRequest(
        asOf: day("2024-08-05"),
        lots: [
            lot("2024-03-10", 1, "BTC", "kraken", basis: 70_000, id: "a"),
            lot("2022-11-01", 10, "ETH", "coinbase", basis: 16_000, id: "b"),
            lot("2023-01-15", 100, "SOL", "kraken", basis: 15_000, id: "c"),
            lot("2024-06-01", 100, "ADA", "kraken", basis: 50, id: "d"),
        ],
        prices: [Asset("BTC"): 55_000, Asset("ETH"): 2_500, Asset("SOL"): 140, Asset("ADA"): "0.45"],
        realizedShortTerm: 2_000,
        profile: TaxProfile(shortRate: "0.35", longRate: "0.15", discountRate: "0.05", horizonYears: 5),
        recentAcquisitions: [
            .init(asset: Asset("BTC"), wallet: Wallet("kraken"), date: day("2024-07-20"), quantity: "0.1", kind: .buy, transactionID: "r1")
        ])

    @Test("the worked example: A is harvested; C would pay alone but not after A; B is a gain; D costs more than it saves")
    func workedExample() throws {
        let plan = HarvestPlanner.plan(Self.example)
        func cents(_ money: Money) -> String { money.formatted(scale: 2, .halfEven) }
        // A: tax this year before = 2,000 × 35% = 700. After the 15,000 loss: net −13,000, 3,000 deducted at 35% = 1,050
        // saved, 10,000 carried (worth 10,000 × 15% / 1.05 = 1,428.57): 700 + 1,050 + 1,428.57 = 3,178.57 saved.
        // Deferred tax: 15,000 × 15% / 1.05^5 = 1,762.93. Costs: 55,000 × 0.6% = 330. Net 1,085.64.
        let a = try #require(plan.candidates.first)
        #expect(a.lot.transactionID == "a" && a.chosen)
        #expect(cents(a.taxSavedNow) == "3178.57" && cents(a.deferredTax) == "1762.93" && cents(a.tradingCosts) == "330.00")
        #expect(cents(a.netBenefit) == "1085.64")
        #expect(a.explanation == "lot 2024-03-10 1 BTC@kraken: loss 15,000, saves 3,179 now, deferred tax 1,763, costs 330, net 1,086")
        // C alone: 2,000 − 1,000 = 1,000 taxed at 35%: saves 350, less 117.53 deferred and 84 costs: 148.47. After A
        // its 1,000 only adds to the carryforward: 1,000 × 15% / 1.05 = 142.86 saved, net −58.67: rejected.
        let c = try #require(plan.candidates.first { $0.lot.transactionID == "c" })
        #expect(!c.chosen && cents(c.netBenefit) == "-58.67")
        #expect(c.explanation.hasSuffix("net -59: below the 10 minimum"))
        let b = try #require(plan.candidates.first { $0.lot.transactionID == "b" })
        #expect(!b.chosen && b.explanation == "lot 2022-11-01 10 ETH@coinbase: gain 9,000: not sold (a harvest never realizes a gain)")
        #expect(plan.trades.count == 1 && plan.lossRealized == 15_000 && cents(plan.netBenefit) == "1085.64")
        // Repurchase BTC (or WBTC, cbBTC) from 2024-09-05: day 31 after the sale.
        #expect(plan.doNotBuyBefore == [Asset("BTC"): day("2024-09-05")])
        // The 0.1 BTC bought on 2024-07-20 falls in the window; the US rule does not reach crypto: advice only.
        #expect(plan.warnings.count == 1 && plan.warnings[0].contains("0.1 BTC acquired 2024-07-20"))
        #expect(plan.warnings[0].contains("does not reach crypto held as property"))
    }

    @Test("a gift worth less than the donor's basis: the loss a sale would realize is from the fair value (IRC §1015(a))")
    func dualBasisGiftLot() throws {
        // The lot as the engine leaves it: Pub 551's gift (donor's basis 10,000, FMV 8,000) given 2024-03-01, held since 2020.
        var gift = Row.make("g", .giftIn, "2024-03-01", received: amount(1, "BTC"), value: 10_000)
        gift.receivedValue = 8_000
        gift.donorAcquired = day("2020-02-01")
        let lot = try #require(try LotEngine.run([gift]).openLots.first)
        #expect(lot.costBasis == 10_000 && lot.lossBasis == 8_000)
        // At 7,000 a sale realizes 7,000 − 8,000 = −1,000 (not −3,000), short-term (held from the gift); at 9,000 nothing.
        #expect(lot.unrealized(at: 7_000) == -1_000 && lot.unrealized(at: 9_000) == 0 && lot.unrealized(at: 12_000) == 2_000)
        var request = Self.example
        request.lots = [lot]
        request.prices = [Asset("BTC"): 7_000]
        let candidate = try #require(HarvestPlanner.plan(request).candidates.first)
        #expect(candidate.unrealized == -1_000 && candidate.term == .short)
        request.prices = [Asset("BTC"): 9_000]
        let between = try #require(HarvestPlanner.plan(request).candidates.first)
        #expect(between.unrealized == 0 && !between.chosen)
    }

    @Test("a loss target sells just enough of a lot, pro rata")
    func lossTarget() throws {
        // Realize exactly 5,000 of A's 15,000 loss: a third of the lot, 1/3 BTC (rounded up at the 18th digit).
        var request = Self.example
        request.realizeLoss = 5_000
        let plan = HarvestPlanner.plan(request)
        let a = try #require(plan.trades.first)
        #expect(plan.trades.count == 1 && a.loss == 5_000)
        #expect(a.quantityToSell == "0.333333333333333334")
        // 5,000 short-term loss: ST 2,000 − 5,000 = −3,000, all deducted: 700 + 1,050 = 1,750 saved.
        #expect(a.taxSavedNow == 1_750)
        #expect(a.explanation.hasSuffix("(sell 0.333333333333333334 of 1)"))
    }

    @Test("exit never (donation or step-up): no deferred tax, so C pays even after A")
    func exitNever() {
        var request = Self.example
        request.profile.exit = .never
        let plan = HarvestPlanner.plan(request)
        // C after A: 142.86 saved − 84 costs = 58.86 ≥ 10.
        #expect(plan.trades.map(\.lot.transactionID) == ["a", "c"])
        #expect(plan.deferredTax == 0)
    }

    @Test("a plan is the same whatever the order of the lots")
    func stableOrder() {
        var reversed = Self.example
        reversed.lots.reverse()
        let one = HarvestPlanner.plan(Self.example), other = HarvestPlanner.plan(reversed)
        #expect(one.candidates.map(\.explanation) == other.candidates.map(\.explanation))
    }
}

/// Harvest and rebalance together: hand-computed from the worked example's lots.
struct RebalanceTests {
    @Test("rebalancing sells losses first, then long-term gains, short-term gains last, and buys the shortfall")
    func rebalance() throws {
        // Holdings at the example's prices: BTC 55,000 (a), ETH 25,000 (b), SOL 14,000 (c), ADA 45 (d): 94,045.
        // Target BTC 50%, ETH 50%: BTC 47,022.50, ETH 47,022.50; SOL and ADA go.
        // - BTC: held 55,000, all of it the harvested lot a, which is to be bought back (as a replacement): buy back
        //   only 47,022.50, i.e. 7,977.50 less, instead of selling anything.
        // - ETH: buy 22,022.50. SOL: sell all 14,000 (a 1,000 long-term loss). ADA: sell all 45 (a 5 loss).
        var request = HarvestPlannerTests.example
        request.targetWeights = [Asset("BTC"): "0.5", Asset("ETH"): "0.5"]
        let plan = HarvestPlanner.plan(request)
        let rows = plan.rebalance.map { "\($0.side.rawValue) \($0.asset) \($0.value) \($0.gain)" }
        #expect(rows == ["sell ADA 45 -5", "replace_less BTC 7977.5 0", "buy ETH 22022.5 0", "sell SOL 14000 -1000"])
    }

    @Test("an overweight asset sells its losses, then long-term gains by least gain per dollar, short-term gains last")
    func lotOrder() throws {
        // 4 lots of X at 100 each: L (loss, basis 120), G1 (long, basis 50: gain 50 per 100), G2 (long, basis 80:
        // gain 20 per 100), S (short, basis 10). Target X 25%, Y 75% of 400 (Y has no lots but a price): sell 300 of X:
        // L (loss 20), then G2 (gain 20), then G1 (gain 50); S (short-term gain 90) is kept.
        let lots = [
            HarvestPlannerTests.lot("2024-07-01", 1, "X", "w", basis: 120, id: "L"),
            HarvestPlannerTests.lot("2022-01-01", 1, "X", "w", basis: 50, id: "G1"),
            HarvestPlannerTests.lot("2022-02-01", 1, "X", "w", basis: 80, id: "G2"),
            HarvestPlannerTests.lot("2024-06-01", 1, "X", "w", basis: 10, id: "S"),
        ]
        var request = PlanRequest(asOf: day("2024-08-05"), lots: lots, prices: [Asset("X"): 100, Asset("Y"): 10],
                                  minimumBenefitPerTrade: 1_000_000)
        request.targetWeights = [Asset("X"): "0.25", Asset("Y"): "0.75"]
        let plan = HarvestPlanner.plan(request)
        #expect(plan.trades.isEmpty)
        #expect(plan.rebalance.compactMap { $0.lot?.transactionID } == ["L", "G2", "G1"])
        #expect(plan.rebalance.filter { $0.side == .buy }.map(\.value) == [300])
        // Tax: long-term gains 20 + 50, short-term loss 20 (L was bought 2024-07-01): net ST −20 against LT 70 → 50
        // long-term at 15% = 7.50.
        #expect(plan.rebalanceTax == "7.5")
    }
}

/// The look-back half of a wash-sale rule in the value: what the plan says a sale saves is what the engine will allow.
struct PlanWashSaleTests {
    static let rule = WashSaleRule.unitedStates.includingCrypto

    /// A history: 1 BTC bought 2024-03-10 for 70,000 (lot a), 0.1 BTC bought 2024-07-20 for 6,000 (r1, within 30 days of
    /// 2024-08-05); BTC at 55,000 on the plan's day.
    static let history = [
        Row.buy("a", "2024-03-10", 1, "BTC", cost: 70_000, wallet: "kraken"),
        Row.buy("r1", "2024-07-20", "0.1", "BTC", cost: 6_000, wallet: "kraken"),
    ]

    static func request(_ transactions: [Transaction]) throws -> PlanRequest {
        let result = try LotEngine.run(transactions, policy: AccountingPolicy(washSale: rule))
        var request = HarvestPlannerTests.example
        request.lots = result.openLots
        request.prices = [Asset("BTC"): 55_000]
        request.washSale = rule
        request.recentAcquisitions = transactions.filter { $0.date >= day("2024-07-06") }.map {
            .init(asset: $0.received!.asset, wallet: $0.wallet, date: $0.date, quantity: $0.received!.quantity, kind: $0.kind, transactionID: $0.id)
        }
        return request
    }

    /// The engine, with the plan's sales appended (FIFO takes lot a first: it is the older one).
    static func engineLoss(_ transactions: [Transaction], selling trades: [HarvestCandidate]) throws -> (loss: Money, disallowed: Money) {
        let sales = trades.enumerated().map { index, trade in
            Row.sell("p\(index)", "2024-08-05", trade.quantityToSell, trade.lot.asset.symbol,
                     proceeds: trade.price! * trade.quantityToSell, wallet: trade.lot.wallet.name, hour: 13 + index)
        }
        let result = try LotEngine.run(transactions + sales, policy: AccountingPolicy(washSale: rule))
        let rows = result.disposals.filter { $0.dateDisposed == day("2024-08-05") }
        return (rows.reduce(Money.zero) { $0 + $1.costBasis - $1.proceeds }, rows.reduce(Money.zero) { $0 + $1.adjustment })
    }

    @Test("a sale with units bought in the 30 days before: the replaced part of the loss saves nothing, as the engine says")
    func partlyDisallowed() throws {
        // Lot a: loss 15,000; 0.1 of its 1 BTC replaced by r1: 1,500 disallowed, 13,500 allowed. r1 is at a loss too (500),
        // but its costs (18% of its loss) exceed what a loss past the $3,000 deduction saves (14%): not sold.
        let plan = HarvestPlanner.plan(try Self.request(Self.history))
        let a = try #require(plan.trades.first { $0.lot.transactionID == "a" })
        #expect(a.disallowedLoss == 1_500 && a.loss == 13_500)
        #expect(a.explanation.contains("wash sale: 1,500 of the loss disallowed"))
        let engine = try Self.engineLoss(Self.history, selling: Array(plan.trades))
        #expect(engine.loss - engine.disallowed == plan.lossRealized)
    }

    @Test("a sale whose units are all replaced: not harvested (the engine marks it W and it saves nothing)")
    func allDisallowed() throws {
        // 0.1 BTC bought 2024-06-01 for 7,000, worth 5,500: loss 1,500; 0.1 BTC bought 2024-07-20 replaces all of it.
        let history = [
            Row.buy("old", "2024-06-01", "0.1", "BTC", cost: 7_000, wallet: "kraken"),
            Row.buy("r1", "2024-07-20", "0.1", "BTC", cost: 5_600, wallet: "kraken"),
        ]
        let plan = HarvestPlanner.plan(try Self.request(history))
        let old = try #require(plan.candidates.first { $0.lot.transactionID == "old" })
        #expect(!old.chosen && old.reason == .washSale(replacedUnits: "0.1"))
        #expect(old.explanation.contains("wash sale: 0.1 BTC bought in the window before the day replace the units sold"))
        // Sold anyway, the engine disallows all of it.
        var sold = old
        sold.quantityToSell = "0.1"
        let engine = try Self.engineLoss(history, selling: [sold])
        #expect(engine.loss == 1_500 && engine.disallowed == 1_500)
    }
}

/// Plans within the lot-selection method the user files with.
struct PlanLotMethodTests {
    /// Wallet w: 1 X bought 2024-01-10 for `oldBasis` and 1 X bought 2024-05-10 for 300, each worth 90: the new lot a
    /// short-term loss of 210 against 5,000 of gains (35%, no costs). FIFO takes the older lot first.
    static func request(_ method: LotMethod?, oldBasis: Money = 50) -> PlanRequest {
        var request = PlanRequest(
            asOf: day("2024-08-05"),
            lots: [HarvestPlannerTests.lot("2024-01-10", 1, "X", "w", basis: oldBasis, id: "old"),
                   HarvestPlannerTests.lot("2024-05-10", 1, "X", "w", basis: 300, id: "new")],
            prices: [Asset("X"): 90], realizedShortTerm: 5_000, profile: HarvestOptimizerTests.never,
            costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0), minimumBenefitPerTrade: 1)
        request.lotMethod = method
        return request
    }

    @Test("FIFO: a sale reaches the newer loss only through the older lot, a gain: it needs specific identification")
    func fifo() throws {
        let plan = HarvestPlanner.plan(Self.request(.fifo))
        #expect(plan.trades.isEmpty)
        let new = try #require(plan.candidates.first { $0.lot.transactionID == "new" })
        #expect(new.reason == .methodOrder(.fifo, unitsFirst: 1))
        #expect(new.explanation.contains("lot_ids=new and file with --method specific"))
        #expect(plan.warnings.contains { $0.contains("behind other units under FIFO") })
    }

    @Test("FIFO with both lots at a loss: the sale takes the older lot, then the newer one: both can be sold, in that order")
    func fifoChain() {
        // Old: loss 10 (basis 100). Both save 35%, cost nothing: sell 2 X from w, FIFO takes old then new.
        let plan = HarvestPlanner.plan(Self.request(.fifo, oldBasis: 100))
        #expect(plan.trades.map(\.lot.transactionID) == ["old", "new"] && plan.lossRealized == 220)
    }

    @Test("HIFO takes the dearer lot first: it can be sold; LIFO the newer one")
    func hifoAndLifo() {
        #expect(HarvestPlanner.plan(Self.request(.hifo)).trades.map(\.lot.transactionID) == ["new"])
        #expect(HarvestPlanner.plan(Self.request(.lifo)).trades.map(\.lot.transactionID) == ["new"])
    }

    @Test("specific identification: any lot, and the plan says to record each sale's lot_ids and file with --method specific")
    func specific() {
        let plan = HarvestPlanner.plan(Self.request(.specific))
        #expect(plan.trades.map(\.lot.transactionID) == ["new"])
        #expect(plan.warnings.contains { $0.contains("lot_ids column: ") && $0.contains("new=1") && $0.contains("--method specific") })
    }
}
