import HarvestCore
import HarvestTestSupport

/// Builders for the derivatives tests: instruments and events that read like the Harvest CSV rows they stand for.
enum Derivative {
    static func option(
        _ symbol: String, _ underlying: String, _ right: OptionRight, strike: Price, expiry: String, multiplier: Quantity = 1
    ) throws -> Instrument {
        try Instrument(symbol: symbol, kind: .option, underlying: Asset(underlying), expiry: day(expiry), strike: strike, right: right,
                       multiplier: multiplier, settlementAsset: .usd)
    }

    static func future(_ symbol: String, _ underlying: String, expiry: String, multiplier: Quantity, section1256: Bool = true) throws -> Instrument {
        try Instrument(symbol: symbol, kind: .future, underlying: Asset(underlying), expiry: day(expiry), multiplier: multiplier,
                       settlementAsset: .usd, section1256: section1256)
    }

    static func perpetual(_ symbol: String, _ underlying: String) throws -> Instrument {
        try Instrument(symbol: symbol, kind: .perpetual, underlying: Asset(underlying), settlementAsset: .usd)
    }

    static func event(
        _ id: String, _ kind: DerivativeEventKind, _ date: String, _ instrument: String, side: PositionSide? = nil, contracts: Quantity? = nil,
        price: Price? = nil, fee: Money = .zero, amount: Money? = nil, wallet: String = "A", hour: Int = 12
    ) -> DerivativeEvent {
        let civil = day(date)
        return DerivativeEvent(
            id: id, timestamp: Instant(millisecondsSinceEpoch: Instant(date: civil).millisecondsSinceEpoch + Int64(hour) * 3_600_000),
            date: civil, wallet: Wallet(wallet), instrument: instrument, kind: kind, side: side, contracts: contracts, price: price, fee: fee,
            amount: amount)
    }

    static func prices(_ points: [String: [(String, Price)]]) -> PriceBook {
        var book = PriceBook()
        for (asset, series) in points { book.set(Asset(asset), PriceSeries(series.map { (day($0.0), $0.1) })) }
        return book
    }
}
