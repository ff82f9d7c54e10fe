import HarvestCore
import HarvestTestSupport
import Testing

/// IRC §1091 wash sales, against the IRS's and the regulation's worked examples (../shared/tax/vectors) and
/// hand-computed traps. Assets named like stocks are classed as securities, where the US rule applies.
struct WashSaleTests {
    static func policy(_ securities: [String], method: LotMethod = .fifo, crypto: Bool = false) -> AccountingPolicy {
        AccountingPolicy(
            method: method, washSale: crypto ? WashSaleRule.unitedStates.includingCrypto : .unitedStates,
            assetClasses: AssetClasses(Dictionary(uniqueKeysWithValues: securities.map { (Asset($0), AssetClass.security) })))
    }

    @Test("IRS VITA case study 1 (Pub 550 example 1): the $250 loss is disallowed and the new basis is $1,050")
    func vita() throws {
        // us-vita-wash-1: 100 X bought for 1,000; sold for 750 (loss 250); 100 X bought 14 days later for 800.
        let rows = [
            Row.buy("b1", "2024-01-02", 100, "X", cost: 1000),
            Row.sell("s1", "2024-03-01", 100, "X", proceeds: 750),
            Row.buy("b2", "2024-03-15", 100, "X", cost: 800),
        ]
        let result = try LotEngine.run(rows, policy: Self.policy(["X"]))
        let sale = try #require(result.disposals.first)
        // Form 8949: code W, column (g) 250, gain (h) = 750 − 1,000 + 250 = 0.
        #expect(sale.adjustmentCode == .washSale && sale.adjustmentCode.rawValue == "W" && sale.adjustment == 250 && sale.gain == 0)
        let replacement = try #require(result.openLots.first)
        #expect(replacement.costBasis == 1050 && replacement.quantity == 100)
        // Holding period tacked (§1223(3)): the 59 days the old shares were held (2024-01-02 → 2024-03-01) come
        // before the new purchase: it counts from 2024-03-15 − 59 days = 2024-01-16.
        // (The vector's derived "2024-01-03" ignores the 14 days with no shares held; the statute counts only
        // days held.)
        #expect(replacement.holdingStart == day("2024-01-16"))
        #expect(replacement.dateAcquired == day("2024-03-15"))
    }

    @Test("Treas. Reg. §1.1091-2(a) example 1: basis of the replacement is 110")
    func regulation() throws {
        // us-reg1091-2-ex1: bought 1935 at 100, sold 1955-01-15 at 80, bought 1955-02-01 at 90:
        // loss 20 disallowed, new basis 90 + 20 = 110.
        let rows = [
            Row.buy("b1", "1935-01-01", 1, "XCORP", cost: 100),
            Row.sell("s1", "1955-01-15", 1, "XCORP", proceeds: 80),
            Row.buy("b2", "1955-02-01", 1, "XCORP", cost: 90),
        ]
        let result = try LotEngine.run(rows, policy: Self.policy(["XCORP"]))
        #expect(result.disposals.map(\.adjustment) == [20])
        #expect(result.disposals.map(\.gain) == [0])
        #expect(result.openLots.map(\.costBasis) == [110])
        // The replacement is long-term at once: the old share's 20 years are tacked on.
        #expect(Jurisdiction.us.holdingPeriod.term(held: result.openLots[0].holdingStart, disposed: day("1955-02-02")) == .long)
    }

    @Test("fewer replacement units than sold, bought before the sale: a proportionate part is disallowed")
    func unequalBeforeSale() throws {
        // us-guide-unequal-2: 100 XYZ (2008-12-01, 2,000), 50 (2009-03-01, 1,200), 25 (2009-03-10, 650);
        // the 2008 lot is sold on 2009-03-27 for 1,300: loss 700. The 75 shares bought in the 30 days before
        // replace 75 of the 100: 700 × 75/100 = 525 disallowed, 175 deducted. Matched in purchase order:
        // 50 shares take 700 × 50/100 = 350 (basis 1,550), 25 take 175 (basis 825).
        let rows = [
            Row.buy("b1", "2008-12-01", 100, "XYZ", cost: 2000),
            Row.buy("b2", "2009-03-01", 50, "XYZ", cost: 1200),
            Row.buy("b3", "2009-03-10", 25, "XYZ", cost: 650),
            Row.sell("s1", "2009-03-27", 100, "XYZ", proceeds: 1300, picks: [LotPick(transactionID: "b1")]),
        ]
        let result = try LotEngine.run(rows, policy: Self.policy(["XYZ"], method: .specific))
        let sale = try #require(result.disposals.first)
        #expect(sale.adjustment == 525 && sale.gain == -175)
        #expect(result.openLots.map(\.costBasis) == [1550, 825])
        // Holding period: the sold shares were held 2008-12-01 → 2009-03-27, 116 days, tacked onto each.
        #expect(result.openLots.map(\.holdingStart) == [day("2009-03-01").adding(days: -116), day("2009-03-10").adding(days: -116)])
    }

    @Test("crypto held as property is outside the US rule by default, and inside when the setting applies it")
    func cryptoOffByDefault() throws {
        // 1 BTC bought for 60,000, sold for 50,000, bought back 10 days later for 51,000.
        let rows = [
            Row.buy("b1", "2024-05-01", 1, "BTC", cost: 60_000),
            Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 50_000),
            Row.buy("b2", "2024-06-11", 1, "BTC", cost: 51_000),
        ]
        let off = try LotEngine.run(rows, policy: Self.policy([]))
        #expect(off.disposals.map(\.gain) == [-10_000] && off.openLots.map(\.costBasis) == [51_000])
        let on = try LotEngine.run(rows, policy: Self.policy([], crypto: true))
        #expect(on.disposals.map(\.gain) == [0] && on.openLots.map(\.costBasis) == [61_000])
    }

    @Test("wrapped tokens are substantially identical: selling BTC at a loss and buying WBTC is a wash sale")
    func identicalGroups() throws {
        let rows = [
            Row.buy("b1", "2024-05-01", 1, "BTC", cost: 60_000),
            Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 50_000),
            Row.buy("b2", "2024-06-05", 1, "WBTC", cost: 50_500),
        ]
        let result = try LotEngine.run(rows, policy: Self.policy([], crypto: true))
        #expect(result.disposals.map(\.adjustment) == [10_000])
        #expect(result.openLots.map(\.asset) == [Asset("WBTC")] && result.openLots.map(\.costBasis) == [60_500])
    }

    @Test("outside the window, or a gain, nothing is disallowed")
    func window() throws {
        // Day 31 after the sale is outside; a sale at a gain is never a wash sale.
        let rows = [
            Row.buy("b1", "2024-01-02", 10, "X", cost: 1000),
            Row.sell("s1", "2024-03-01", 5, "X", proceeds: 400),
            Row.buy("b2", "2024-04-01", 5, "X", cost: 300),
            Row.sell("s2", "2024-04-10", 5, "X", proceeds: 600),
            Row.buy("b3", "2024-04-12", 5, "X", cost: 320),
        ]
        let result = try LotEngine.run(rows, policy: Self.policy(["X"]))
        // s1: loss 500 − 400 = 100; b2 is 31 days later: allowed. s2: 5 of b1 (basis 500) for 600: a gain.
        #expect(result.disposals.map(\.gain) == [-100, 100])
        #expect(result.disposals.allSatisfy { $0.adjustment == 0 })
        // Day 30 is inside: the same sale with the purchase on 2024-03-31 is disallowed.
        let inside = try LotEngine.run(
            [rows[0], rows[1], Row.buy("b2", "2024-03-31", 5, "X", cost: 300)], policy: Self.policy(["X"]))
        #expect(inside.disposals.map(\.adjustment) == [100])
    }

    @Test("a sale spanning two lots, a partial replacement, and two loss sales matched in order")
    func traps() throws {
        // Lots: 10 X at 100 (a), 10 X at 80 (b). Sale s1 of 15 X at 60 (FIFO: 10 of a, loss 400; 5 of b, loss 100).
        // Replacement: 8 X at 65 eleven days later. Rows are matched in order: a's 10 units take the 8 replacement
        // units: 400 × 8/10 = 320 disallowed; b's row finds none left: its 100 is allowed.
        // A second loss sale s2 (the remaining 5 of b, at 50: loss 150) then finds no unused replacement in its
        // window except the new purchase b3 (4 X, on 2024-07-05: after s1's window, which ends 2024-07-01):
        // 150 × 4/5 = 120 disallowed.
        let rows = [
            Row.buy("a", "2024-01-02", 10, "X", cost: 1000),
            Row.buy("b", "2024-01-03", 10, "X", cost: 800),
            Row.sell("s1", "2024-06-01", 15, "X", proceeds: 900),
            Row.buy("r1", "2024-06-12", 8, "X", cost: 520),
            Row.sell("s2", "2024-06-20", 5, "X", proceeds: 250),
            Row.buy("b3", "2024-07-05", 4, "X", cost: 220),
        ]
        let result = try LotEngine.run(rows, policy: Self.policy(["X"]))
        #expect(result.disposals.map(\.adjustment) == [320, 0, 120])
        #expect(result.disposals.map(\.gain) == [-80, -100, -30])
        // r1: 520 + 320 = 840 for 8; b3: 220 + 120 = 340 for 4.
        #expect(result.openLots.map(\.costBasis) == [840, 340])
    }

    @Test("same-day gain and loss: the wash-sale loss cannot reduce the gain")
    func sameDay() throws {
        // Two lots sold the same day: one at a gain of 200, one at a loss of 300; 10 X bought back next day.
        let rows = [
            Row.buy("a", "2024-01-02", 10, "X", cost: 500),
            Row.buy("b", "2024-05-02", 10, "X", cost: 1300),
            Row.sell("s1", "2024-06-01", 10, "X", proceeds: 700, picks: [LotPick(transactionID: "a")]),
            Row.sell("s2", "2024-06-01", 10, "X", proceeds: 1000, picks: [LotPick(transactionID: "b")], hour: 13),
            Row.buy("r", "2024-06-02", 10, "X", cost: 1000),
        ]
        let result = try LotEngine.run(rows, policy: Self.policy(["X"], method: .specific))
        #expect(result.disposals.map(\.gain) == [200, 0])
        #expect(result.openLots.map(\.costBasis) == [1300])
    }

    @Test("a replacement unit replaces one loss only (Treas. Reg. §1.1091-1(e)): the second loss is deductible")
    func replacementUsedOnce() throws {
        // b1 and b2: 1 IBIT at 100 each; b3: 2 at 30 each. Sold 3 for 120 (40 each), FIFO: b1 (loss 60), b2 (loss 60),
        // one b3 unit (gain 10). b1's loss meets the b3 unit still held: disallowed (W 60), its basis 30 + 60 = 90.
        // b2's loss would meet the same unit, which already made a loss non-deductible, and the other b3 unit was sold
        // in the same sale: no replacement is left, so b2's 60 is deducted.
        let rows = [
            Row.buy("b1", "2024-01-02", 1, "IBIT", cost: 100),
            Row.buy("b2", "2024-01-03", 1, "IBIT", cost: 100),
            Row.buy("b3", "2024-01-04", 2, "IBIT", cost: 60),
            Row.sell("s1", "2024-01-10", 3, "IBIT", proceeds: 120),
        ]
        let result = try LotEngine.run(rows, policy: Self.policy(["IBIT"]))
        #expect(result.disposals.map(\.lotTransactionID) == ["b1", "b2", "b3"])
        #expect(result.disposals.map(\.adjustment) == [60, 0, 0])
        #expect(result.disposals.map(\.gain) == [0, -60, 10])
        let held = try #require(result.openLots.first)
        #expect(result.openLots.count == 1 && held.quantity == 1 && held.costBasis == 90)
        // The holding period is tacked once: b1's 8 days (2024-01-02 → 2024-01-10) before 2024-01-04.
        #expect(held.holdingStart == day("2023-12-27"))
    }

    @Test("property: each replacement unit absorbs at most one sold unit's loss; basis plus deducted amounts are conserved",
          arguments: 0..<200)
    func replacementsConserved(seed: UInt64) throws {
        // Random histories of one security, whole units, buys and sells days apart so that windows overlap.
        var random = SplitMix64(state: seed)
        var rows: [Transaction] = []
        var held = 0
        var bought = 0
        var date = day("2024-01-01")
        for step in 0..<12 {
            date = date.adding(days: Int(1 + random.next() % 9))
            let units = Int(1 + random.next() % 4)
            if held > 0 && random.next() % 2 == 0 {
                let sold = min(held, units)
                rows.append(Row.sell("s\(step)", date.description, Quantity(Fixed(sold)), "X", proceeds: Money(Fixed(sold * Int(20 + random.next() % 100)))))
                held -= sold
            } else {
                rows.append(Row.buy("b\(step)", date.description, Quantity(Fixed(units)), "X", cost: Money(Fixed(units * Int(20 + random.next() % 100)))))
                held += units
                bought += units
            }
        }
        let result = try LotEngine.run(rows, policy: Self.policy(["X"]))
        // Units: what was bought is sold or held.
        let sold = result.disposals.reduce(Quantity.zero) { $0 + $1.quantity }
        let open = result.openLots.reduce(Quantity.zero) { $0 + $1.quantity }
        #expect(sold + open == Quantity(Fixed(bought)))
        // Money: every dollar paid is either basis recovered by a sale, basis still held, or a deducted loss moved
        // into the basis of a replacement; so cost paid + losses disallowed = basis of sales + basis held.
        let paid = rows.filter { $0.kind == .buy }.reduce(Money.zero) { $0 + Money($1.sent!.quantity.fixed) }
        let disallowed = result.disposals.reduce(Money.zero) { $0 + $1.adjustment }
        let basisSold = result.disposals.reduce(Money.zero) { $0 + $1.costBasis }
        let basisHeld = result.openLots.reduce(Money.zero) { $0 + $1.costBasis }
        #expect(paid + disallowed == basisSold + basisHeld)
        // Each replacement unit absorbs at most one sold unit's loss: what a unit's basis carries above its price is never
        // more than the largest loss per unit of any sale (with the bug, one unit carried two units' losses).
        let price = Dictionary(uniqueKeysWithValues: rows.filter { $0.kind == .buy }.map {
            ($0.id, $0.sent!.quantity.fixed.divided(by: $0.received!.quantity.fixed, rounding: .halfEven))
        })
        let largestLoss = result.disposals.map {
            ($0.costBasis - $0.proceeds).fixed.divided(by: $0.quantity.fixed, rounding: .halfEven)
        }.reduce(Fixed.zero) { max($0, $1) }
        let tolerance = Fixed(raw: Fixed.scale / 1_000_000_000)
        let carried = result.disposals.map { ($0.lotTransactionID, $0.costBasis, $0.quantity) }
            + result.openLots.map { ($0.transactionID, $0.costBasis, $0.quantity) }
        for (lot, basis, quantity) in carried {
            let perUnit = basis.fixed.divided(by: quantity.fixed, rounding: .halfEven) - (price[lot] ?? .zero)
            #expect(perUnit <= largestLoss + tolerance, "lot \(lot) carries \(perUnit) a unit; the largest loss a unit is \(largestLoss)")
        }
        // A disallowed loss never exceeds the loss, and a row with one never shows a gain beyond zero from it.
        for disposal in result.disposals where disposal.adjustment.isPositive {
            #expect(disposal.proceeds - disposal.costBasis < .zero && disposal.adjustment <= disposal.costBasis - disposal.proceeds)
        }
    }
}
