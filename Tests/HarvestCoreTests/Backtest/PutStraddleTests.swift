@testable import HarvestCore
import HarvestTestSupport
import Testing

/// The straddle rule in the options backtest (IRC §1092(a)): each year end's test of the puts' losses against the spot
/// units' unrecognized gain, and of spot losses against the puts', on lot books written by hand.
struct PutStraddleTests {
    static let put = "X-P-20241201-1000"

    /// A put on 1 X struck at 1,000, bought 2024-11-01 for 500 and expired worthless on 2024-12-01 (a short-term loss
    /// of 500), with 1 X held from 2024-01-02 (basis 1,000) and 1 X bought 2024-12-16 (after the loss, basis 1,000);
    /// both X sold 2025-03-03 for 2,500.
    static let history = [
        Row.buy("b1", "2024-01-02", 1, "X", cost: 1_000),
        Row.buy("p1", "2024-11-01", 1, put, cost: 500),
        Row.make("x1", .sell, "2024-12-01", sent: amount(1, put), received: usd(0), value: 0),
        Row.buy("b2", "2024-12-16", 1, "X", cost: 1_000),
        Row.sell("s1", "2025-03-03", 2, "X", proceeds: 2_500),
    ]

    static func prices(_ closes: [(String, Price)]) -> PriceBook {
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries(closes.map { (day($0.0), $0.1) }))
        return book
    }

    /// Runs the year-end tests of 2024 and 2025 on `transactions`, with the puts given.
    static func tested(_ transactions: [Transaction], puts: [PutStraddles.Put], prices: PriceBook) throws -> PutStraddles {
        let ledger = try LotEngine.run(transactions)
        var straddles = PutStraddles()
        for put in puts { straddles.bought(put) }
        for year in 2024...2025 {
            straddles.test(year: year, ledger: ledger, prices: prices, calendar: Jurisdiction.us.taxYear, identity: { $0.symbol })
        }
        return straddles
    }

    @Test("§1092(a)(1)(A)-(B): a put loss of 500, spot gain 300 at the year end: 300 deferred, 200 allowed; the 300 allowed once the spot is sold")
    func putLossPartlyDeferred() throws {
        // 2024-12-31, X closes at 1,300. The unit held since 2024-01-02 (held on the loss's day, 2024-12-01): unrecognized
        // gain 1,300 − 1,000 = 300 (§1092(a)(3)(A)). The unit bought 2024-12-16, also up 300, came after the loss: it
        // does not offset it. 300 of the 500 deferred (§1092(a)(1)(A)), 500 − 300 = 200 allowed in 2024.
        // 2025: the 300 is treated as sustained on 1 January (§1092(a)(1)(B)); both units are sold 2025-03-03 for 1,250
        // each (b1: +250 long-term, held over a year; b2: +250 short-term); at 2025-12-31 nothing is held: nothing
        // offsets the 300, allowed in 2025.
        let prices = Self.prices([("2024-12-31", 1_300), ("2025-12-31", 1_400)])
        let put = PutStraddles.Put(asset: Asset(Self.put), underlying: Asset("X"), strike: 1_000)
        let straddles = try Self.tested(Self.history, puts: [put], prices: prices)
        #expect(straddles.deferrals.map(\.year) == [2024, 2025])
        #expect(straddles.deferrals.map(\.leg) == [Self.put, Self.put])
        #expect(straddles.deferrals.map(\.loss) == [500, 300])
        #expect(straddles.deferrals.map(\.unrecognizedGain) == [300, 0])
        #expect(straddles.deferrals.map(\.deferred) == [300, 0])
        #expect(straddles.deferrals.map(\.recognized) == [200, 300])
        #expect(straddles.deferrals.map(\.carried) == [false, true])
        #expect(straddles.deferrals.allSatisfy { $0.term == .short && $0.dateClosed == day("2024-12-01") })
        // The years' results: +300 back in 2024, −300 in 2025.
        #expect(straddles.adjustments == [2024: RealizedGains(shortTermGains: 300), 2025: RealizedGains(shortTermLosses: -300)])
        #expect(straddles.carried.isEmpty)
        // As Schedule D nets them: 2024 short-term −500 + 300 = −200; 2025 short-term +250 − 300 = −50, long-term +250.
        let ledger = try LotEngine.run(Self.history)
        let years = YearSummaries.compute(disposals: ledger.disposals, income: [], jurisdiction: .us, otherGains: straddles.adjustments)
        #expect(years.map(\.year) == [2024, 2025])
        #expect(years.map(\.gains.netShortTerm) == [-200, -50])
        #expect(years.map(\.gains.netLongTerm) == [0, 250])
    }

    @Test("§1092(a)(3)(A): spot at an unrecognized loss at the year end offsets nothing: the put's loss is allowed in full")
    func spotAtALoss() throws {
        // 2024-12-31, X closes at 900: both units are worth 100 less than their basis; no unrecognized gain, nothing
        // deferred: the 500 is allowed in 2024, and nothing is carried into 2025.
        let prices = Self.prices([("2024-12-31", 900), ("2025-12-31", 1_400)])
        let put = PutStraddles.Put(asset: Asset(Self.put), underlying: Asset("X"), strike: 1_000)
        let straddles = try Self.tested(Self.history, puts: [put], prices: prices)
        #expect(straddles.deferrals.isEmpty && straddles.adjustments.isEmpty && straddles.carried.isEmpty)
        let ledger = try LotEngine.run(Self.history)
        let years = YearSummaries.compute(disposals: ledger.disposals, income: [], jurisdiction: .us, otherGains: straddles.adjustments)
        #expect(years.map(\.gains.netShortTerm) == [-500, 250])
    }

    @Test("§1092(a)(1)(A), the spot leg: a spot loss is deferred by the unrecognized gain of the put held at the year end")
    func spotLossDeferredByThePut() throws {
        // 2 X bought 2024-06-03 for 2,000; a put on 2 X struck at 1,000 bought 2024-12-02 for 100; 1 X sold 2024-12-10 for
        // 750: a short-term loss of 250. 2024-12-31, X closes at 850: the put (bought by the loss's day) is worth
        // (1,000 − 850) × 2 = 300 at its intrinsic value, 300 − 100 = 200 of unrecognized gain. 200 deferred, 50 allowed.
        // The put is settled 2025-01-01 for 280 (a gain of 180, no loss to test); at 2025-12-31 no put is held: the 200 is
        // allowed in 2025. The unit still held (at a loss) is no offsetting gain of anything.
        let put = "X-P-20250101-1000"
        let history = [
            Row.buy("b1", "2024-06-03", 2, "X", cost: 2_000),
            Row.buy("p1", "2024-12-02", 2, put, cost: 100),
            Row.sell("s1", "2024-12-10", 1, "X", proceeds: 750),
            Row.sell("x1", "2025-01-01", 2, put, proceeds: 280),
        ]
        let prices = Self.prices([("2024-12-31", 850), ("2025-12-31", 900)])
        let straddles = try Self.tested(history, puts: [PutStraddles.Put(asset: Asset(put), underlying: Asset("X"), strike: 1_000)],
                                        prices: prices)
        #expect(straddles.deferrals.map(\.leg) == ["X", "X"])
        #expect(straddles.deferrals.map(\.loss) == [250, 200])
        #expect(straddles.deferrals.map(\.unrecognizedGain) == [200, 0])
        #expect(straddles.deferrals.map(\.deferred) == [200, 0])
        #expect(straddles.adjustments == [2024: RealizedGains(shortTermGains: 200), 2025: RealizedGains(shortTermLosses: -200)])
    }

    @Test("a put bought after the spot loss does not offset it")
    func putAfterTheLoss() throws {
        // As above, but the put is bought 2024-12-11, the day after the sale: not an offsetting position of the units
        // sold (positions held by the loss's day): the 250 is allowed in 2024.
        let put = "X-P-20250101-1000"
        let history = [
            Row.buy("b1", "2024-06-03", 2, "X", cost: 2_000),
            Row.sell("s1", "2024-12-10", 1, "X", proceeds: 750),
            Row.buy("p1", "2024-12-11", 1, put, cost: 50),
        ]
        let prices = Self.prices([("2024-12-31", 850), ("2025-12-31", 900)])
        let straddles = try Self.tested(history, puts: [PutStraddles.Put(asset: Asset(put), underlying: Asset("X"), strike: 1_000)],
                                        prices: prices)
        #expect(straddles.deferrals.isEmpty && straddles.adjustments.isEmpty)
    }
}
