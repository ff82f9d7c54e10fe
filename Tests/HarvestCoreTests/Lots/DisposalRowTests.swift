import HarvestCore
import HarvestTestSupport
import Testing

/// The disposal rows themselves: exact pro-rata splits, traceability to source rows, and order.
struct DisposalRowTests {
    @Test("proceeds split pro rata across lots add up exactly to the total")
    func proceedsSplitExactly() throws {
        // Given three 1-BTC lots, all sold for 100 USD
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10),
            Row.buy("b2", "2024-01-02", 1, "BTC", cost: 20),
            Row.buy("b3", "2024-01-03", 1, "BTC", cost: 30),
            Row.sell("s1", "2024-02-01", 3, "BTC", proceeds: 100),
        ]
        let result = try LotEngine.run(rows)
        // Then 100 × 1/3 = 33.333333333333333333 (18 digits, half-even) twice; the last row takes the
        // remainder, 33.333333333333333334, so the rows sum to exactly 100
        #expect(result.disposals.map(\.proceeds) == ["33.333333333333333333", "33.333333333333333333", "33.333333333333333334"])
        #expect(result.disposals.map(\.proceeds).sum() == 100)
        #expect(result.disposals.map(\.costBasis) == [10, 20, 30])
    }

    @Test("a lot's basis split by partial sales adds up exactly to its cost")
    func basisSplitExactly() throws {
        // Given 3 BTC bought for 100 USD
        let rows = [
            Row.buy("b1", "2024-01-01", 3, "BTC", cost: 100),
            // When 1 BTC is sold, then the other 2
            Row.sell("s1", "2024-02-01", 1, "BTC", proceeds: 50),
            Row.sell("s2", "2024-03-01", 2, "BTC", proceeds: 90),
        ]
        let result = try LotEngine.run(rows)
        // Then the first takes 100 × 1/3 = 33.333333333333333333 and the last all that is left,
        // 66.666666666666666667: exactly 100 in all, no wei lost
        #expect(result.disposals.map(\.costBasis) == ["33.333333333333333333", "66.666666666666666667"])
        #expect(result.disposals.map(\.costBasis).sum() == 100)
        #expect(result.disposals.map(\.gain).sum() == 40)  // 140 − 100
    }

    @Test("rows trace to the acquiring and the disposing rows")
    func traceability() throws {
        let buy1 = Row.make("buy-1", .buy, "2024-01-01", sent: usd(1_000), received: amount(1, "ETH"),
                            source: SourceLocation(file: "coinbase.csv", line: 2))
        let buy2 = Row.make("buy-2", .buy, "2024-01-05", sent: usd(2_000), received: amount(1, "ETH"),
                            source: SourceLocation(file: "kraken.csv", line: 9))
        let sale = Row.make("sell-1", .sell, "2024-03-01", hour: 15, sent: amount("1.5", "ETH"), received: usd(4_500),
                            source: SourceLocation(file: "kraken.csv", line: 40))
        let result = try LotEngine.run([buy1, buy2, sale])
        #expect(result.disposals.map(\.lotTransactionID) == ["buy-1", "buy-2"])
        #expect(result.disposals.map(\.disposalTransactionID) == ["sell-1", "sell-1"])
        #expect(result.disposals.map(result.lotSource(of:)) == [SourceLocation(file: "coinbase.csv", line: 2), SourceLocation(file: "kraken.csv", line: 9)])
        #expect(result.disposals.map(result.disposalSource(of:)) == [sale.source, sale.source])
        #expect(result.disposals.map(\.disposedAt) == [sale.timestamp, sale.timestamp])
        #expect(result.disposals.map(\.dateAcquired) == [day("2024-01-01"), day("2024-01-05")])
        #expect(result.disposals.allSatisfy { $0.adjustment == 0 && $0.adjustmentCode == .none && $0.adjustmentCode.rawValue.isEmpty && $0.taxYear == 2024 })
        // The open remainder of buy-2 traces back too
        #expect(result.openLots.map(\.transactionID) == ["buy-2"])
        #expect(result.openLots.map(\.source) == [SourceLocation(file: "kraken.csv", line: 9)])
    }

    @Test("rows come in disposal order, then acquisition order within a disposal")
    func rowOrder() throws {
        // Under LIFO each sale consumes the newest lot first, yet its rows are listed oldest lot first
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "ETH", cost: 1_000),
            Row.buy("b2", "2024-01-02", 1, "ETH", cost: 2_000),
            Row.buy("b3", "2024-01-03", 1, "ETH", cost: 3_000),
            Row.buy("b4", "2024-01-04", 1, "ETH", cost: 4_000),
            Row.sell("s1", "2024-02-01", "1.5", "ETH", proceeds: 6_000),  // b4 whole, half of b3
            Row.sell("s2", "2024-02-02", "1.5", "ETH", proceeds: 3_000),  // the other half of b3, then b2
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(method: .lifo))
        #expect(result.disposals.map(\.disposalTransactionID) == ["s1", "s1", "s2", "s2"])
        #expect(result.disposals.map(\.lotTransactionID) == ["b3", "b4", "b2", "b3"])
        // s1: b3 0.5 → proceeds 6,000 × 0.5/1.5 = 2,000, basis 1,500; b4 1 → 4,000, basis 4,000.
        // s2: b2 1 → 2,000, basis 2,000; b3 0.5 → 1,000, basis 1,500.
        #expect(result.sold == [
            Sold("b3", "0.5", proceeds: 2_000, basis: 1_500, .short),
            Sold("b4", 1, proceeds: 4_000, basis: 4_000, .short),
            Sold("b2", 1, proceeds: 2_000, basis: 2_000, .short),
            Sold("b3", "0.5", proceeds: 1_000, basis: 1_500, .short),
        ])
        #expect(result.held == [Held("ETH", "A", "b1", 1, basis: 1_000)])
    }

    @Test("rows are ordered by timestamp then sequence, whatever the input order")
    func inputOrder() throws {
        // A buy and a sale at the same instant: sequence says the buy came first
        var buy = Row.buy("b1", "2024-01-01", 1, "ETH", cost: 1_000, hour: 9)
        var sale = Row.sell("s1", "2024-01-01", 1, "ETH", proceeds: 1_100, hour: 9)
        buy.sequence = 1
        sale.sequence = 2
        let early = Row.buy("b0", "2023-12-31", 1, "ETH", cost: 900)
        let forward = try LotEngine.run([early, buy, sale], policy: AccountingPolicy(method: .lifo))
        let backward = try LotEngine.run([sale, buy, early], policy: AccountingPolicy(method: .lifo))
        // LIFO picks b1, bought the same instant but earlier in sequence
        #expect(forward.sold == [Sold("b1", 1, proceeds: 1_100, basis: 1_000, .short)])
        #expect(backward.disposals == forward.disposals)
        #expect(backward.openLots == forward.openLots)
        // With the sequence the other way round, the sale precedes the buy and takes b0
        sale.sequence = 0
        let swapped = try LotEngine.run([early, buy, sale], policy: AccountingPolicy(method: .lifo))
        #expect(swapped.disposals.map(\.lotTransactionID) == ["b0"])
    }

    @Test("a time of day late in the tax year's last day still falls in that year")
    func taxYearOfRow() throws {
        let rows = [
            Row.buy("b1", "2024-06-01", 1, "ETH", cost: 1_000),
            Row.sell("s1", "2024-12-31", "0.5", "ETH", proceeds: 600, hour: 23),
            Row.sell("s2", "2025-01-01", "0.5", "ETH", proceeds: 700, hour: 0),
        ]
        let result = try LotEngine.run(rows)
        #expect(result.disposals.map(\.taxYear) == [2024, 2025])
    }

    @Test("an empty ledger gives an empty result")
    func emptyLedger() throws {
        let result = try LotEngine.run([])
        #expect(result.disposals.isEmpty && result.openLots.isEmpty && result.removals.isEmpty)
        #expect(result.income.isEmpty && result.warnings.isEmpty)
    }
}
