import HarvestCore
import HarvestTestSupport
import Testing

/// Backtests under the UK and Canadian rules: the same dip, harvested, waited out for 31 days.
struct BacktestJurisdictionTests {
    static func config(_ jurisdiction: Jurisdiction) -> BacktestConfig {
        var config = BacktestConfig(
            assets: [Asset("X")], start: day("2023-11-01"), end: day("2024-02-10"), initial: 1000, rebalanceEveryMonths: 0,
            strategy: .threshold("0.1"), costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0), liquidateAtEnd: false)
        config.jurisdiction = jurisdiction
        config.washSale = jurisdiction.washSale
        return config
    }

    @Test("UK and Canada: the harvest sells at 70, waits 31 days in cash and buys back at 100; the loss is carried forward",
          arguments: [(Jurisdiction.unitedKingdom, Money(60)), (.canada, Money("52.5"))])
    func dip(_ jurisdiction: Jurisdiction, carriedValue: Money) throws {
        // 10 X bought 2023-11-01 at 100 (1,000). 2023-12-27: 30% down: sold for 700 (loss 300). A purchase within 30
        // days would be matched to the sale (UK) or make it superficial (Canada), so the 700 waits until day 31,
        // 2024-01-27, and buys 7 X at 100. Held at the end: 700 on a 700 basis. The year's loss of 300 is no tax and is
        // carried forward (neither country offsets it against income); still carried at the end, it is counted at the
        // long rate: UK 300 × 20% (the upper rate before 30 October 2024) = 60; Canada 300 × ½ inclusion × 35% = 52.50.
        let prices = BacktesterTests.dip(from: "2023-11-01", until: "2024-02-10")
        let result = try Backtester.run(Self.config(jurisdiction), prices: prices)
        #expect(result.harvests == 1)
        #expect(result.ledger.disposals.map(\.matching) == [.pool] && result.ledger.disposals.map(\.gain) == [-300])
        #expect(result.ledger.transactions.last?.date == day("2024-01-27"))
        #expect(result.taxByYear.values.allSatisfy { $0.isZero })
        #expect(result.carryforwardAtEnd.total == 300 && result.carryforwardValue == carriedValue)
        #expect(result.endingAfterTax == 700 + carriedValue && result.unreconciledDays == 0 && result.washSalesTriggered == 0)
    }

    @Test("two assets harvested together, each the other's replacement: the money waits in cash (no endless stand-in)")
    func mutualReplacements() throws {
        // X and Y follow the same dip (correlation 1), 10 units each. On 2023-12-27 X is harvested (loss 300) and its 700
        // buys 10 Y at 70 as the stand-in; Y, just bought, is not sold that day (the same-day rule would match the
        // purchase). On 2023-12-28 Y is harvested: 20 units from the pool, cost 1,700, for 1,400 (loss 300). Its stand-in
        // would be X, blocked itself: the 1,400 waits in cash, and each asset is bought back on its day 31. The 600 of
        // loss carried at the end counts at 20%: 120.
        var prices = BacktesterTests.dip(from: "2023-11-01", until: "2024-02-10")
        prices.set(Asset("Y"), prices.series(for: Asset("X"))!)
        var config = BacktestConfig(
            assets: [Asset("X"), Asset("Y")], start: day("2023-11-01"), end: day("2024-02-10"), initial: 2000, rebalanceEveryMonths: 0,
            strategy: .threshold("0.1"), costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0), liquidateAtEnd: false)
        config.jurisdiction = .unitedKingdom
        config.washSale = Jurisdiction.unitedKingdom.washSale
        let result = try Backtester.run(config, prices: prices)
        #expect(result.harvests == 2 && result.endingAfterTax == 1520 && result.washSalesAvoided == 1)
        let rows = result.ledger.disposals.map { "\($0.asset) \($0.matching.rawValue) \($0.quantity) \($0.gain)" }
        #expect(rows == ["X pool 10 -300", "Y pool 20 -300"])
        #expect(result.ledger.transactions.suffix(2).map(\.date) == [day("2024-01-27"), day("2024-01-28")])
    }

    @Test("the tax of a year is due 31 January (UK) or 30 April (Canada) after it ends")
    func paymentDates() {
        #expect(Jurisdiction.unitedKingdom.taxPaymentDate(for: 2024) == day("2026-01-31"))
        #expect(Jurisdiction.canada.taxPaymentDate(for: 2024) == day("2025-04-30"))
        #expect(Jurisdiction.us.taxPaymentDate(for: 2024) == day("2025-04-15"))
    }
}
