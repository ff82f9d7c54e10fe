import HarvestCore
import HarvestTestSupport
import Testing

/// What each transaction kind does to lots, disposals, removals and income, worked by hand.
/// All rows are in wallet A under FIFO and wallet scope unless a test says otherwise.
struct TransactionKindTests {
    @Test("a buy's USD fee is added to the lot's basis")
    func buyWithFee() throws {
        // Given 2 BTC bought for 20,000 USD plus a 50 USD fee
        let result = try LotEngine.run([Row.buy("b1", "2024-01-10", 2, "BTC", cost: 20_000, fee: usd(50))])
        // Then one lot of 2 BTC with basis 20,000 + 50 = 20,050, and nothing taxable
        #expect(result.held == [Held("BTC", "A", "b1", 2, basis: 20_050)])
        #expect(result.openLots.first?.dateAcquired == day("2024-01-10"))
        #expect(result.openLots.first?.holdingStart == day("2024-01-10"))
        #expect(result.disposals.isEmpty && result.removals.isEmpty && result.income.isEmpty && result.warnings.isEmpty)
    }

    @Test("a sale's USD fee reduces its proceeds")
    func sellWithFee() throws {
        // Given 2 BTC bought for 20,000
        let rows = [
            Row.buy("b1", "2023-01-10", 2, "BTC", cost: 20_000),
            // When 1 BTC is sold for 15,000 with a 30 USD fee
            Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 15_000, fee: usd(30)),
        ]
        let result = try LotEngine.run(rows)
        // Then proceeds 15,000 − 30 = 14,970; basis 20,000 × 1/2 = 10,000; gain 4,970;
        // long-term (2023-01-10 → 2024-06-01 is more than a year)
        #expect(result.sold == [Sold("b1", 1, proceeds: 14_970, basis: 10_000, .long)])
        #expect(result.disposals.map(\.gain) == [4_970])
        #expect(result.disposals.map(\.kind) == [.sale])
        #expect(result.held == [Held("BTC", "A", "b1", 1, basis: 10_000)])
    }

    @Test("a trade disposes of what was sent at fair value and acquires what was received at the same value")
    func trade() throws {
        // Given 1 BTC bought for 30,000
        let rows = [
            Row.buy("b1", "2024-01-05", 1, "BTC", cost: 30_000),
            // When 0.5 BTC (fair value 35,000) is traded for 10 ETH
            Row.trade("t1", "2024-03-01", sent: amount("0.5", "BTC"), received: amount(10, "ETH"), value: 35_000),
        ]
        let result = try LotEngine.run(rows)
        // Then a disposal: proceeds 35,000, basis 30,000 × 0.5 = 15,000, gain 20,000, short-term
        #expect(result.sold == [Sold("b1", "0.5", proceeds: 35_000, basis: 15_000, .short)])
        #expect(result.disposals.map(\.kind) == [.trade])
        // And a 10 ETH lot with basis 35,000 acquired on the trade date
        #expect(result.held == [Held("BTC", "A", "b1", "0.5", basis: 15_000), Held("ETH", "A", "t1", 10, basis: 35_000)])
        #expect(result.openLots.last?.dateAcquired == day("2024-03-01"))
    }

    @Test("a trade with no value in the row is valued at the day's close of what was sent")
    func tradeValuedFromPrices() throws {
        var prices = PriceBook()
        prices.set(Asset("BTC"), PriceSeries([(day("2024-03-01"), 70_000), (day("2024-02-29"), 1)]))
        prices.set(Asset("ETH"), PriceSeries([(day("2024-03-01"), 1)]))  // must not be used: BTC was sent
        let rows = [
            Row.buy("b1", "2024-01-05", 1, "BTC", cost: 30_000),
            Row.trade("t1", "2024-03-01", sent: amount("0.5", "BTC"), received: amount(10, "ETH"), value: nil),
        ]
        let result = try LotEngine.run(rows, prices: prices)
        // 0.5 × 70,000 = 35,000, as in the valued trade.
        #expect(result.sold == [Sold("b1", "0.5", proceeds: 35_000, basis: 15_000, .short)])
        #expect(result.held.last == Held("ETH", "A", "t1", 10, basis: 35_000))
    }

    @Test("a fee in a third asset is a disposal of that asset and a cost of the trade")
    func thirdAssetFeeOnTrade() throws {
        // Given 10 BNB for 3,000 (300 each) and 1 BTC for 40,000
        let rows = [
            Row.buy("n1", "2024-01-02", 10, "BNB", cost: 3_000),
            Row.buy("b1", "2024-01-05", 1, "BTC", cost: 40_000),
            // When 1 BTC (worth 60,000) is traded for 20 ETH, paying 0.1 BNB worth 60 as the fee
            Row.trade("t1", "2024-04-01", sent: amount(1, "BTC"), received: amount(20, "ETH"), value: 60_000,
                      fee: amount("0.1", "BNB"), feeValue: 60),
        ]
        let result = try LotEngine.run(rows)
        // Then the BTC disposal's proceeds are net of the fee: 60,000 − 60 = 59,940, basis 40,000;
        // and the fee units are disposed of at their value: 0.1 BNB, proceeds 60, basis 3,000 × 0.1/10 = 30
        #expect(result.sold == [
            Sold("b1", 1, proceeds: 59_940, basis: 40_000, .short),
            Sold("n1", "0.1", proceeds: 60, basis: 30, .short),
        ])
        #expect(result.disposals.map(\.kind) == [.trade, .fee])
        #expect(result.disposals.map(\.disposalTransactionID) == ["t1", "t1"])
        // The ETH basis is the fair value, 60,000 (the fee already reduced the proceeds; not counted twice)
        #expect(result.held == [
            Held("BNB", "A", "n1", "9.9", basis: 2_970),
            Held("ETH", "A", "t1", 20, basis: 60_000),
        ])
    }

    @Test("a fee in a third asset on a buy is added to the basis, valued at the day's close")
    func thirdAssetFeeOnBuy() throws {
        var prices = PriceBook()
        prices.set(Asset("BNB"), PriceSeries([(day("2024-05-01"), 600)]))
        let rows = [
            Row.buy("n1", "2024-01-02", 10, "BNB", cost: 3_000),
            // 1 ETH for 3,000 USD plus 0.01 BNB; 0.01 × 600 = 6
            Row.buy("e1", "2024-05-01", 1, "ETH", cost: 3_000, fee: amount("0.01", "BNB")),
        ]
        let result = try LotEngine.run(rows, prices: prices)
        // ETH basis 3,000 + 6 = 3,006; the BNB fee: proceeds 6, basis 300 × 0.01 = 3, gain 3
        #expect(result.sold == [Sold("n1", "0.01", proceeds: 6, basis: 3, .short)])
        #expect(result.disposals.map(\.gain) == [3])
        #expect(result.held == [Held("BNB", "A", "n1", "9.99", basis: 2_997), Held("ETH", "A", "e1", 1, basis: 3_006)])
    }

    @Test("a fee paid in the asset sold is valued at the sale's price and disposed of too")
    func feeInSoldAsset() throws {
        let rows = [
            Row.buy("b1", "2024-01-02", 2, "BTC", cost: 20_000),
            // 1 BTC sold for 50,000 USD, plus 0.01 BTC fee: worth 50,000 × 0.01 / 1 = 500
            Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 50_000, fee: amount("0.01", "BTC")),
        ]
        let result = try LotEngine.run(rows)
        // Sale: proceeds 50,000 − 500 = 49,500, basis 10,000. Fee units: proceeds 500, basis 10,000 × 0.01 = 100.
        #expect(result.sold == [
            Sold("b1", 1, proceeds: 49_500, basis: 10_000, .short),
            Sold("b1", "0.01", proceeds: 500, basis: 100, .short),
        ])
        #expect(result.held == [Held("BTC", "A", "b1", "0.99", basis: 9_900)])
        // The two rows together: 1.01 BTC gone, 50,000 received, 10,100 of basis used.
        #expect(result.disposals.map(\.proceeds).sum() == 50_000)
    }

    @Test("income creates a lot at fair value and an income record")
    func income() throws {
        // Given 0.5 ETH of staking income worth 1,200, later sold for 1,500
        let rows = [
            Row.income("i1", "2024-02-01", "0.5", "ETH", value: 1_200, type: .staking),
            Row.sell("s1", "2024-03-01", "0.5", "ETH", proceeds: 1_500),
        ]
        let result = try LotEngine.run(rows)
        // Then income of 1,200 in 2024, and the sale's basis is that same 1,200: gain 300
        try #require(result.income.count == 1)
        let record = result.income[0]
        #expect(record.value == 1_200)
        #expect(record.quantity == "0.5" && record.asset == Asset("ETH") && record.wallet == Wallet("A"))
        #expect(record.type == .staking && record.taxYear == 2024 && record.date == day("2024-02-01"))
        #expect(record.transactionID == "i1")
        #expect(result.sold == [Sold("i1", "0.5", proceeds: 1_500, basis: 1_200, .short)])
        #expect(result.disposals.map(\.gain) == [300])
    }

    @Test("income with no value is valued at the day's close, and untyped income is 'other'")
    func incomeFromPrices() throws {
        var prices = PriceBook()
        prices.set(Asset("SOL"), PriceSeries([(day("2024-03-03"), "100.25")]))
        let row = Row.make("i1", .income, "2024-03-03", received: amount(2, "SOL"))
        let result = try LotEngine.run([row], prices: prices)
        // 2 × 100.25 = 200.5
        #expect(result.income.map(\.value) == ["200.5"])
        #expect(result.income.map(\.type) == [.other])
        #expect(result.held == [Held("SOL", "A", "i1", 2, basis: "200.5")])
    }

    @Test("a spend is a disposal at fair value")
    func spend() throws {
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 30_000),
            // 0.1 BTC spent on goods worth 6,500: basis 3,000, gain 3,500
            Row.spend("p1", "2024-05-01", "0.1", "BTC", value: 6_500),
        ]
        let result = try LotEngine.run(rows)
        #expect(result.sold == [Sold("b1", "0.1", proceeds: 6_500, basis: 3_000, .short)])
        #expect(result.disposals.map(\.kind) == [.spend])
        #expect(result.held == [Held("BTC", "A", "b1", "0.9", basis: 27_000)])
    }

    @Test("a gift received is a lot at the given basis, not income")
    func giftIn() throws {
        let result = try LotEngine.run([Row.giftIn("g1", "2024-01-01", 1, "ETH", value: 1_000)])
        #expect(result.held == [Held("ETH", "A", "g1", 1, basis: 1_000)])
        #expect(result.income.isEmpty && result.disposals.isEmpty)
    }

    @Test("gifts given, donations and losses are removals, not disposals")
    func removals() throws {
        // Given 3 ETH bought for 3,000 (1,000 each)
        let rows = [
            Row.buy("b1", "2023-01-01", 3, "ETH", cost: 3_000),
            Row.removal(.giftOut, "g1", "2024-02-01", 1, "ETH", value: 2_500),
            Row.removal(.donation, "d1", "2024-02-02", 1, "ETH", value: 2_600),
            // A loss with no value and no price: the fair value stays unknown
            Row.removal(.lost, "l1", "2024-02-03", "0.5", "ETH", value: nil),
        ]
        let result = try LotEngine.run(rows)
        // Then no gain or loss is realized
        #expect(result.disposals.isEmpty)
        // And each removal carries its basis (1,000 per ETH) and fair value
        #expect(result.removals.map(\.kind) == [.giftOut, .donation, .lost])
        #expect(result.removals.map(\.quantity) == [1, 1, "0.5"])
        #expect(result.removals.map(\.costBasis) == [1_000, 1_000, 500])
        #expect(result.removals.map(\.fairValue) == [2_500, 2_600, nil])
        #expect(result.removals.map(\.lotTransactionID) == ["b1", "b1", "b1"])
        #expect(result.removals.map(\.transactionID) == ["g1", "d1", "l1"])
        #expect(result.removals.map(\.date) == [day("2024-02-01"), day("2024-02-02"), day("2024-02-03")])
        #expect(result.removals.allSatisfy { $0.dateAcquired == day("2023-01-01") && $0.wallet == Wallet("A") })
        #expect(result.held == [Held("ETH", "A", "b1", "0.5", basis: 500)])
    }

    @Test("a removal spanning two lots splits basis and fair value between them")
    func removalAcrossLots() throws {
        let rows = [
            Row.buy("b1", "2023-01-01", 1, "ETH", cost: 1_000),
            Row.buy("b2", "2023-02-01", 1, "ETH", cost: 2_000),
            // 1.5 ETH worth 3,000 donated: FIFO takes b1 whole and half of b2
            Row.removal(.donation, "d1", "2024-03-01", "1.5", "ETH", value: 3_000),
        ]
        let result = try LotEngine.run(rows)
        // b1: 1 ETH, basis 1,000, value 3,000 × 1/1.5 = 2,000; b2: 0.5 ETH, basis 1,000, value 1,000
        #expect(result.removals.map(\.lotTransactionID) == ["b1", "b2"])
        #expect(result.removals.map(\.quantity) == [1, "0.5"])
        #expect(result.removals.map(\.costBasis) == [1_000, 1_000])
        #expect(result.removals.map(\.fairValue) == [2_000, 1_000])
        #expect(result.held == [Held("ETH", "A", "b2", "0.5", basis: 1_000)])
    }

    @Test("a fee-only row disposes of the fee units at their value", arguments: [
        Row.make("f1", .fee, "2024-02-01", fee: amount("0.01", "ETH"), feeValue: 25),
        // The row's value is the fee's value when nothing else was sent or received
        Row.make("f1", .fee, "2024-02-01", fee: amount("0.01", "ETH"), value: 25),
        Row.make("f1", .fee, "2024-02-01", sent: amount("0.01", "ETH"), value: 25),
    ])
    func feeOnly(_ feeRow: Transaction) throws {
        // Given 1 ETH bought for 2,000, then a failed transaction that burned 0.01 ETH worth 25
        let result = try LotEngine.run([Row.buy("b1", "2024-01-01", 1, "ETH", cost: 2_000), feeRow])
        // Then a fee disposal: proceeds 25, basis 2,000 × 0.01 = 20, gain 5
        #expect(result.sold == [Sold("b1", "0.01", proceeds: 25, basis: 20, .short)])
        #expect(result.disposals.map(\.kind) == [.fee])
        #expect(result.held == [Held("ETH", "A", "b1", "0.99", basis: 1_980)])
    }

    @Test("a fee-only row with no value is valued at the day's close; one in USD changes nothing")
    func feeOnlyPricedAndFiat() throws {
        var prices = PriceBook()
        prices.set(Asset("ETH"), PriceSeries([(day("2024-02-01"), 2_400)]))
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "ETH", cost: 2_000),
            Row.make("f1", .fee, "2024-02-01", fee: amount("0.01", "ETH")),
            Row.make("f2", .fee, "2024-02-02", fee: usd(5)),
        ]
        let result = try LotEngine.run(rows, prices: prices)
        // 0.01 × 2,400 = 24
        #expect(result.sold == [Sold("b1", "0.01", proceeds: 24, basis: 20, .short)])
        #expect(result.held == [Held("ETH", "A", "b1", "0.99", basis: 1_980)])
    }

    @Test("a transfer keeps basis and the original acquisition date")
    func transferKeepsHolding() throws {
        // Given 1 BTC bought in A on 2023-03-01, moved to B on 2024-01-15
        let rows = [
            Row.buy("b1", "2023-03-01", 1, "BTC", cost: 20_000),
            Row.transfer("t1", "2024-01-15", sent: 1, "BTC", from: "A", to: "B"),
            // When it is sold from B on 2024-03-05: more than a year after 2023-03-01, but less than
            // a year after the transfer
            Row.sell("s1", "2024-03-05", 1, "BTC", proceeds: 50_000, wallet: "B"),
        ]
        let result = try LotEngine.run(rows)
        // Then the sale is long-term with the original basis and date, traced to the buy
        #expect(result.sold == [Sold("b1", 1, proceeds: 50_000, basis: 20_000, .long)])
        #expect(result.disposals.first?.dateAcquired == day("2023-03-01"))
        #expect(result.disposals.first?.wallet == Wallet("B"))
        #expect(result.held.isEmpty)
    }

    @Test("a transfer moves the lot to the destination wallet, nothing else")
    func transferMoves() throws {
        let rows = [
            Row.buy("b1", "2023-03-01", 2, "BTC", cost: 20_000),
            Row.transfer("t1", "2024-01-15", sent: "0.5", "BTC", from: "A", to: "B"),
        ]
        let result = try LotEngine.run(rows)
        // 0.5 of 2 BTC moves with a quarter of the basis: 5,000
        #expect(result.held == [Held("BTC", "A", "b1", "1.5", basis: 15_000), Held("BTC", "B", "b1", "0.5", basis: 5_000)])
        #expect(result.openLots.map(\.dateAcquired) == [day("2023-03-01"), day("2023-03-01")])
        #expect(result.disposals.isEmpty && result.removals.isEmpty)
    }

    @Test("a transfer's network fee is a disposal at fair value by default")
    func transferFeeDisposed() throws {
        // Given 1 BTC bought for 20,000 in A
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 20_000),
            // When 1 BTC worth 40,000 is sent to B and 0.999 arrives
            Row.transfer("t1", "2024-02-01", sent: 1, received: "0.999", "BTC", from: "A", to: "B", value: 40_000),
        ]
        let result = try LotEngine.run(rows)
        // Then the 0.001 BTC fee is disposed of: proceeds 40,000 × 0.001 = 40, basis 20,000 × 0.001 = 20
        #expect(result.sold == [Sold("b1", "0.001", proceeds: 40, basis: 20, .short)])
        #expect(result.disposals.map(\.kind) == [.transferFee])
        #expect(result.disposals.map(\.wallet) == [Wallet("A")])
        #expect(result.disposals.map(\.disposalTransactionID) == ["t1"])
        // And 0.999 BTC arrives in B with the rest of the basis, 19,980
        #expect(result.held == [Held("BTC", "B", "b1", "0.999", basis: 19_980)])
    }

    @Test("a transfer's network fee with no value in the row is valued at the day's close")
    func transferFeePriced() throws {
        var prices = PriceBook()
        prices.set(Asset("BTC"), PriceSeries([(day("2024-02-01"), 42_000)]))
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 20_000),
            Row.transfer("t1", "2024-02-01", sent: 1, received: "0.999", "BTC", from: "A", to: "B"),
        ]
        let result = try LotEngine.run(rows, prices: prices)
        // 0.001 × 42,000 = 42
        #expect(result.sold == [Sold("b1", "0.001", proceeds: 42, basis: 20, .short)])
    }

    @Test("with transferFee = .addToBasis the fee's basis moves to the received units and nothing is disposed of")
    func transferFeeAddedToBasis() throws {
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 20_000),
            Row.transfer("t1", "2024-02-01", sent: 1, received: "0.999", "BTC", from: "A", to: "B", value: 40_000),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(transferFee: .addToBasis))
        // 19,980 for the moved units + 20 from the fee units = the whole 20,000
        #expect(result.disposals.isEmpty && result.removals.isEmpty)
        #expect(result.held == [Held("BTC", "B", "b1", "0.999", basis: 20_000)])
        #expect(result.openLots.first?.dateAcquired == day("2024-01-01"))
    }

    @Test("with .addToBasis a USD transfer fee is added to the moved units' basis")
    func transferUSDFeeAddedToBasis() throws {
        let rows = [
            Row.buy("b1", "2024-01-01", 2, "BTC", cost: 20_000),
            Row.buy("b2", "2024-01-02", 1, "BTC", cost: 30_000),
            // 2.5 BTC moved (all of b1, half of b2) with a 15 USD fee, split 2 : 0.5 → 12 and 3
            Row.transfer("t1", "2024-02-01", sent: "2.5", "BTC", from: "A", to: "B", fee: usd(15)),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(transferFee: .addToBasis))
        #expect(result.held == [
            Held("BTC", "A", "b2", "0.5", basis: 15_000),
            Held("BTC", "B", "b1", 2, basis: 20_012),
            Held("BTC", "B", "b2", "0.5", basis: 15_003),
        ])
    }
}
