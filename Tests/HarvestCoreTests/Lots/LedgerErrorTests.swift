import HarvestCore
import HarvestTestSupport
import Testing

/// Rows the engine cannot compute through: each error names the row and carries the numbers.
struct LedgerErrorTests {
    @Test("a shortfall names the transaction, the wallet and both amounts")
    func shortfall() {
        // Given 1 BTC held in A
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10_000),
            // When 1.5 BTC is sold, from row 7 of trades.csv
            Row.sell("s1", "2025-03-01", "1.5", "BTC", proceeds: 30_000, source: SourceLocation(file: "trades.csv", line: 7)),
        ]
        let error = #expect(throws: LedgerError.self) { try LotEngine.run(rows) }
        // Then the error says which row, what was asked for and what was there
        #expect(error == .insufficientLots(transaction: "trades.csv:7 (tx s1)", asset: Asset("BTC"), wallet: Wallet("A"),
                                           requested: "1.5", available: 1))
        #expect(error?.description == "trades.csv:7 (tx s1): takes 1.5 BTC from wallet A but only 1 is held there: "
            + "short by 0.5 BTC (import the missing acquisitions, or use --allow-missing-basis)")
    }

    @Test("allowMissingBasis takes the missing units as zero-basis, short-term, flagged, with a warning")
    func allowMissingBasis() throws {
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10_000),
            Row.sell("s1", "2025-03-01", "1.5", "BTC", proceeds: 30_000),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(allowMissingBasis: true))
        // b1: 1 BTC, proceeds 30,000 × 1/1.5 = 20,000, basis 10,000, long-term (2024-01-01 → 2025-03-01).
        // The missing 0.5 BTC: proceeds 10,000, basis 0, acquired on the sale date, so short-term.
        #expect(result.sold == [
            Sold("b1", 1, proceeds: 20_000, basis: 10_000, .long),
            Sold("s1", "0.5", proceeds: 10_000, basis: 0, .short),
        ])
        #expect(result.disposals.map(\.missingBasis) == [false, true])
        #expect(result.disposals.last?.dateAcquired == day("2025-03-01"))
        #expect(result.held.isEmpty)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("1 disposal(s)") == true)
        // And the year summary counts the flagged row
        let summary = YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .us)
        #expect(summary.map(\.missingBasisRows) == [1])
        #expect(summary.map(\.shortTermGains) == [10_000])
        #expect(summary.map(\.longTermGains) == [10_000])
    }

    @Test("allowMissingBasis with nothing held at all")
    func allowMissingBasisEmpty() throws {
        let rows = [Row.sell("s1", "2025-03-01", 2, "ETH", proceeds: 5_000, wallet: "W")]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(allowMissingBasis: true))
        #expect(result.sold == [Sold("s1", 2, proceeds: 5_000, basis: 0, .short)])
        #expect(result.disposals.map(\.wallet) == [Wallet("W")])
        #expect(result.held.isEmpty)
    }

    @Test("a value that cannot be found is an error naming the asset and day", arguments: [
        (Row.spend("p1", "2024-05-01", "0.1", "BTC", value: nil), "BTC"),
        (Row.trade("p1", "2024-05-01", sent: amount("0.1", "BTC"), received: amount(2, "ETH"), value: nil), "BTC"),
        (Row.trade("p1", "2024-05-01", sent: amount("0.1", "BTC"), received: amount(2, "ETH"), value: 5_000, fee: amount(1, "BNB")), "BNB"),
        (Row.transfer("p1", "2024-05-01", sent: "0.1", received: "0.09", "BTC", from: "A", to: "B"), "BTC"),
        (Row.make("p1", .fee, "2024-05-01", fee: amount("0.001", "BTC")), "BTC"),
    ])
    func missingPrice(_ row: Transaction, _ asset: String) {
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10_000),
            Row.buy("n1", "2024-01-01", 10, "BNB", cost: 3_000),
            row,
        ]
        let error = #expect(throws: LedgerError.self) { try LotEngine.run(rows) }
        #expect(error == .missingPrice(transaction: "tx p1", asset: Asset(asset), date: day("2024-05-01")))
        #expect(error?.description.contains("no price for \(asset) on 2024-05-01") == true)
    }

    @Test("a price on another day does not value a row")
    func priceOnOtherDay() {
        var prices = PriceBook()
        prices.set(Asset("BTC"), PriceSeries([(day("2024-04-30"), 60_000), (day("2024-05-02"), 61_000)]))
        let rows = [Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10_000), Row.spend("p1", "2024-05-01", "0.1", "BTC", value: nil)]
        let error = #expect(throws: LedgerError.self) { try LotEngine.run(rows, prices: prices) }
        #expect(error == .missingPrice(transaction: "tx p1", asset: Asset("BTC"), date: day("2024-05-01")))
    }

    @Test("rows whose fields do not fit their kind are rejected, naming what is wrong", arguments: [
        (Row.make("x1", .buy, "2024-05-01"), MalformedReason.nothingMoved(.buy)),
        (Row.make("x1", .income, "2024-05-01", value: 10), .nothingReceived(.income)),
        (Row.make("x1", .transfer, "2024-05-01", sent: amount(1, "BTC")), .transferWithoutDestination),
        (Row.make("x1", .transfer, "2024-05-01", sent: amount(1, "BTC"), received: amount(2, "BTC"), to: "B"),
         .transferReceivesMore(received: 2, sent: 1)),
        (Row.make("x1", .transfer, "2024-05-01", sent: amount(1, "BTC"), received: amount(1, "ETH"), to: "B"),
         .transferArrivesAsOtherAsset(sent: Asset("BTC"), received: Asset("ETH"))),
        (Row.make("x1", .transfer, "2024-05-01", sent: usd(100), to: "B"), .transferWithoutCrypto),
        (Row.make("x1", .giftOut, "2024-05-01", sent: usd(100)), .noCryptoSent(.giftOut)),
        (Row.make("x1", .fee, "2024-05-01"), .feeRowWithoutFee),
    ])
    func malformed(_ row: Transaction, _ expected: MalformedReason) {
        let rows = [Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10_000), row]
        let error = #expect(throws: LedgerError.self) { try LotEngine.run(rows) }
        guard case let .malformed(transaction, reason) = error else { Issue.record("expected malformed, got \(String(describing: error))"); return }
        #expect(transaction == "tx x1")
        #expect(reason == expected)
        // The message is the reason's text after the row's reference.
        #expect(!reason.description.isEmpty && error?.description == "tx x1: \(reason)")
    }

    @Test("the first failing row in time order is the one reported")
    func firstError() {
        let rows = [
            Row.sell("late", "2024-06-01", 5, "BTC", proceeds: 1),
            Row.sell("early", "2024-03-01", 5, "ETH", proceeds: 1),
        ]
        let error = #expect(throws: LedgerError.self) { try LotEngine.run(rows) }
        #expect(error == .insufficientLots(transaction: "tx early", asset: Asset("ETH"), wallet: Wallet("A"), requested: 5, available: 0))
    }
}
