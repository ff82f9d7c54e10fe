import HarvestCore
import HarvestTestSupport
import Testing

/// Transfers, and the deposits and withdrawals of exchange exports (TransferMatcher leaves the unmatched ones), under
/// the pooled rules: a move between the person's wallets changes no pool; an unmatched withdrawal leaves at average
/// cost without gain or loss; an unmatched deposit joins the pool at zero cost and flags its rows; a transfer arriving
/// as an equivalent form (ETH as WETH) carries the pool's cost over.
struct PooledTransferTests {
    static let pooled: [Jurisdiction] = [.unitedKingdom, .canada]

    static func holding(_ result: LedgerResult, _ asset: String, _ wallet: String) -> (quantity: Quantity, cost: Money) {
        let lots = result.openLots.filter { $0.asset == Asset(asset) && $0.wallet == Wallet(wallet) }
        return (lots.reduce(.zero) { $0 + $1.quantity }, lots.map(\.costBasis).sum())
    }

    @Test("a transfer is not a disposal; an unmatched withdrawal leaves at average cost with no gain", arguments: pooled)
    func transferAndWithdrawal(_ jurisdiction: Jurisdiction) throws {
        let code = jurisdiction.baseCurrency.symbol
        let result = try LotEngine.run([
            Local.buy("b1", "2024-05-01", 2, "ETH", cost: 4_000, code),
            Row.make("t1", .transfer, "2024-05-10", wallet: "A", sent: amount(1, "ETH"), received: amount(1, "ETH"), to: "B"),
            Row.make("w1", .withdrawal, "2024-05-20", wallet: "B", sent: amount("0.5", "ETH")),
            Local.sell("s1", "2024-07-01", 1, "ETH", proceeds: 3_000, code),
        ], jurisdiction: jurisdiction)
        // Pool: 2 ETH for 4,000; the withdrawal takes 0.5 at 2,000 each (1,000); the sale 1 at 2,000.
        #expect(result.disposals.count == 1)
        let sale = try #require(result.disposals.first)
        #expect(sale.disposalTransactionID == "s1" && sale.matching == .pool && sale.costBasis == 2_000 && sale.gain == 1_000)
        #expect(!sale.missingBasis)
        #expect(result.removals.map(\.kind) == [.withdrawal] && result.removals.first?.costBasis == 1_000)
        #expect(result.removals.first?.quantity == Quantity("0.5"))
        #expect(Self.holding(result, "ETH", "B") == (Quantity("0.5"), 1_000))
        #expect(Self.holding(result, "ETH", "A").quantity.isZero)
    }

    @Test("an unmatched deposit joins the pool at zero cost; the pool's rows are flagged until it empties", arguments: pooled)
    func depositFromUnknown(_ jurisdiction: Jurisdiction) throws {
        let code = jurisdiction.baseCurrency.symbol
        let result = try LotEngine.run([
            Local.buy("b1", "2024-05-01", 1, "BTC", cost: 30_000, code),
            Row.make("d1", .deposit, "2024-05-02", wallet: "B", received: amount(1, "BTC")),
            Local.sell("s1", "2024-08-01", 1, "BTC", proceeds: 40_000, code),
            Local.sell("s2", "2024-09-02", 1, "BTC", proceeds: 40_000, code, wallet: "B"),
            // The pool emptied: a new purchase is of known cost (more than 30 days after s2, so no UK 30-day match).
            Local.buy("b2", "2024-10-15", 1, "BTC", cost: 50_000, code),
            Local.sell("s3", "2024-12-02", 1, "BTC", proceeds: 55_000, code),
        ], jurisdiction: jurisdiction)
        // Pool: 2 BTC for 30,000 (the deposit at zero): 15,000 each.
        #expect(result.disposals.map(\.disposalTransactionID) == ["s1", "s2", "s3"])
        #expect(result.disposals.map(\.costBasis) == [15_000, 15_000, 50_000])
        #expect(result.disposals.map(\.gain) == [25_000, 25_000, 5_000])
        #expect(result.disposals.map(\.missingBasis) == [true, true, false])
        #expect(result.disposals.allSatisfy { $0.matching == .pool })
        let years = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: jurisdiction)
        #expect(years.map(\.missingBasisRows).reduce(0, +) == 2)
    }

    @Test("a held deposit shows as a flagged holding at the pool's cost", arguments: pooled)
    func depositHolding(_ jurisdiction: Jurisdiction) throws {
        let code = jurisdiction.baseCurrency.symbol
        let result = try LotEngine.run([
            Local.buy("b1", "2024-05-01", 1, "BTC", cost: 30_000, code),
            Row.make("d1", .deposit, "2024-05-02", wallet: "B", received: amount(1, "BTC")),
        ], jurisdiction: jurisdiction)
        #expect(result.openLots.count == 2 && result.openLots.allSatisfy(\.missingBasis))
        #expect(result.openLots.map(\.costBasis).sum() == 30_000)
    }

    @Test("ETH arriving as WETH moves from one pool to the other at the first pool's average cost", arguments: pooled)
    func equivalentForm(_ jurisdiction: Jurisdiction) throws {
        let code = jurisdiction.baseCurrency.symbol
        let result = try LotEngine.run([
            Local.buy("b1", "2024-05-01", 2, "ETH", cost: 4_000, code),
            Row.make("t1", .transfer, "2024-05-10", wallet: "A", sent: amount(1, "ETH"), received: amount(1, "WETH"), to: "B"),
            Local.sell("s1", "2024-07-01", 1, "WETH", proceeds: 2_500, code, wallet: "B"),
        ], jurisdiction: jurisdiction)
        #expect(result.disposals.count == 1)
        let sale = try #require(result.disposals.first)
        #expect(sale.asset == Asset("WETH") && sale.costBasis == 2_000 && sale.gain == 500 && !sale.missingBasis)
        #expect(Self.holding(result, "ETH", "A") == (1, 2_000))
        #expect(Self.holding(result, "WETH", "B").quantity.isZero)
    }

    @Test("a transfer to an asset outside the equivalence group is refused", arguments: pooled)
    func unrelatedAsset(_ jurisdiction: Jurisdiction) throws {
        let code = jurisdiction.baseCurrency.symbol
        #expect(throws: LedgerError.self) {
            try LotEngine.run([
                Local.buy("b1", "2024-05-01", 2, "ETH", cost: 4_000, code),
                Row.make("t1", .transfer, "2024-05-10", wallet: "A", sent: amount(1, "ETH"), received: amount(1, "BTC"), to: "B"),
            ], jurisdiction: jurisdiction)
        }
    }
}
