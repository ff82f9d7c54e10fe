import HarvestCore
import HarvestTestSupport
import Testing

/// A row the user edited (`Transaction.edited`, set by the CLI's edit layer) marks every figure that rests on it: the
/// disposals of its lots and its own, its income, its open lots, and the year's count.
@Suite("Edited rows are marked in the engine's output")
struct EditedMarkTests {
    static func edited(_ tx: Transaction) -> Transaction {
        var copy = tx
        copy.edited = true
        return copy
    }

    /// b1 (edited) 1 BTC, b2 1 BTC; s1 sells 1.5 (FIFO: all of b1, 0.5 of b2); s2 (edited) sells 0.25 of b2; i1 (edited)
    /// staking income; b3 (edited) stays open.
    @Test("a disposal is edited when its own row or its lot's row was; income and open lots follow their row")
    func marks() throws {
        let result = try LotEngine.run([
            Self.edited(Row.buy("b1", "2024-01-01", 1, "BTC", cost: 100)),
            Row.buy("b2", "2024-01-02", 1, "BTC", cost: 200),
            Row.sell("s1", "2024-02-01", "1.5", "BTC", proceeds: 450),
            Self.edited(Row.sell("s2", "2024-03-01", "0.25", "BTC", proceeds: 80)),
            Self.edited(Row.income("i1", "2024-04-01", 1, "ETH", value: 3000)),
            Self.edited(Row.buy("b3", "2024-05-01", 1, "SOL", cost: 150)),
        ])
        #expect(result.disposals.map(\.lotTransactionID) == ["b1", "b2", "b2"])
        #expect(result.disposals.map(\.edited) == [true, false, true])
        #expect(result.income.map(\.edited) == [true])
        #expect(result.openLots.map { "\($0.transactionID):\($0.edited)" } == ["b2:false", "i1:true", "b3:true"])
        // Two edited disposal rows and one edited income row in 2024.
        #expect(YearActivity(year: 2024, disposals: result.disposals, income: result.income).editedRows == 3)
        #expect(YearActivity(year: 2024, disposals: result.disposals, income: []).missingBasisRows == 0)
    }

    @Test("nothing edited, nothing marked")
    func none() throws {
        let result = try LotEngine.run([Row.buy("b1", "2024-01-01", 1, "BTC", cost: 100), Row.sell("s1", "2024-02-01", 1, "BTC", proceeds: 90)])
        #expect(result.disposals.map(\.edited) == [false])
        #expect(YearActivity(year: 2024, disposals: result.disposals, income: result.income).editedRows == 0)
    }

    @Test("under pooled rules (UK) a same-day row rests on its acquisition, a pool row on the disposal only")
    func pooled() throws {
        // b1 into the pool; b2 (edited) and s1 on one day: s1's 1 BTC is matched with b2 first (TCGA s.105(1)), the
        // other 0.5 comes from the pool.
        let result = try LotEngine.run([
            Row.make("b1", .buy, "2024-01-01", sent: amount(100, "GBP"), received: amount(1, "BTC")),
            Self.edited(Row.make("b2", .buy, "2024-06-01", hour: 9, sent: amount(300, "GBP"), received: amount(1, "BTC"))),
            Row.make("s1", .sell, "2024-06-01", hour: 15, sent: amount("1.5", "BTC"), received: amount(600, "GBP")),
        ], jurisdiction: .unitedKingdom)
        #expect(result.disposals.map(\.matching) == [.sameDay, .pool])
        #expect(result.disposals.map(\.edited) == [true, false])
    }
}
