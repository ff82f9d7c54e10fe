import HarvestCore
import HarvestTestSupport
import Testing

/// The valuation rule and the source it reports for each value.
@Suite("Valuation sources")
struct ValuationTests {
    @Test("base-currency side, then the row's value, then the day's close of what was sent, then of what was received")
    func order() throws {
        var prices = PriceBook()
        prices.set(Asset("ETH"), PriceSeries([(day("2024-02-02"), Price("2400"))]))
        prices.set(Asset("SOL"), PriceSeries([(day("2024-02-03"), Price("100"))]))
        let buy = Row.buy("b", "2024-02-02", "1", "ETH", cost: "2500")
        #expect(Valuation.source(of: buy, base: .usd, prices: prices) == .baseCurrencySide)
        // 0.5 ETH for 10 SOL on 2024-02-02: 0.5 × 2,400 = 1,200 from ETH's close.
        let trade = Row.trade("t", "2024-02-02", sent: amount("0.5", "ETH"), received: amount("10", "SOL"), value: nil)
        let valued = try #require(try Valuation.fairValue(trade, sent: trade.sent, received: trade.received, base: .usd, prices: prices))
        #expect(valued.value == Money("1200") && valued.source == .close(Asset("ETH"), day("2024-02-02")))
        #expect(valued.source.description == "close of ETH on 2024-02-02")
        // The next day ETH has no close, SOL does: 10 × 100 = 1,000 from what was received.
        let next = Row.trade("t2", "2024-02-03", sent: amount("0.5", "ETH"), received: amount("10", "SOL"), value: nil)
        #expect(try Valuation.fairValue(next, sent: next.sent, received: next.received, base: .usd, prices: prices)?.value == Money("1000"))
        // A value in the row wins over the price store.
        let given = Row.trade("t3", "2024-02-02", sent: amount("0.5", "ETH"), received: amount("10", "SOL"), value: "1190")
        #expect(Valuation.source(of: given, base: .usd, prices: prices) == .row)
        // No price and no value: no valuation (the engine then fails naming the asset and the day).
        let unknown = Row.trade("t4", "2024-02-05", sent: amount("1", "ETH"), received: amount("1", "BTC"), value: nil)
        #expect(Valuation.source(of: unknown, base: .usd, prices: prices) == nil)
        #expect(throws: LedgerError.self) { try LotEngine.run([buy, unknown], prices: prices) }
    }
}
