import HarvestCore
import HarvestTestSupport
import PropertyBased
import Testing

/// `LotBook`, the engine one transaction at a time (for the backtester), must give exactly what the batch
/// replay gives for the same history: rows, open lots, income, removals, warnings, and the same first error.
struct LotBookTests {
    @Test("one at a time equals all at once, on random ledgers under every policy", arguments: LedgerConservationPropertyTests.policies)
    func sameAsBatch(_ c: LedgerConservationPropertyTests.PolicyCase) async {
        await propertyCheck(count: 150, input: LedgerGen.ledger(overdraw: c.overdraw)) { ledger in
            let history = ledger.transactions.sorted { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
            let batch = try LotEngine.run(history, policy: c.policy)
            var book = LotBook(policy: c.policy)
            for transaction in history { try book.apply(transaction) }
            let incremental = book.result
            #expect(incremental.disposals == batch.disposals)
            #expect(incremental.openLots == batch.openLots)
            #expect(incremental.removals == batch.removals)
            #expect(incremental.income == batch.income)
            #expect(incremental.warnings == batch.warnings)
        }
    }

    @Test("the first failing row fails in both, with the same error")
    func sameError() async {
        await propertyCheck(count: 100, input: LedgerGen.ledger(overdraw: true)) { ledger in
            let history = ledger.transactions.sorted { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
            let strict = AccountingPolicy(method: .fifo, scope: .wallet)
            var batchError: LedgerError?
            do throws(LedgerError) { _ = try LotEngine.run(history, policy: strict) } catch { batchError = error }
            var bookError: LedgerError?
            var book = LotBook(policy: strict)
            do throws(LedgerError) { for transaction in history { try book.apply(transaction) } } catch { bookError = error }
            #expect(bookError == batchError)
        }
    }

    @Test("open lots are readable mid-history: after a buy and a partial sale")
    func midHistory() throws {
        // 2 BTC for 60,000; sell 0.5 for 20,000: 1.5 BTC left with basis 45,000; the sale's gain 20,000 − 15,000.
        var book = LotBook()
        try book.apply(Row.buy("b1", "2024-01-02", 2, "BTC", cost: 60_000))
        #expect(book.result.openLots.map(\.costBasis) == [60_000])
        try book.apply(Row.sell("s1", "2024-02-01", "0.5", "BTC", proceeds: 20_000))
        #expect(book.result.openLots.map(\.quantity) == ["1.5"] && book.result.openLots.map(\.costBasis) == [45_000])
        #expect(book.disposals.map(\.gain) == [5_000])
    }
}
