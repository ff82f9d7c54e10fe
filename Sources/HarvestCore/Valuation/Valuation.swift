/// Where a transaction's fair value in the base currency came from: every value the engine uses is one of
/// these, and reports can say which (`harvest gains --format json`: `disposal_valued_by`, `lot_valued_by`).
public enum ValuationSource: Sendable, Hashable, CustomStringConvertible {
    /// One side of the transaction is the base currency: its amount is the value.
    case baseCurrencySide
    /// The value written in the source row (the exchange's own valuation, or the user's).
    case row
    /// The day's close of an asset from the price store (`harvest prices import`), times the quantity.
    case close(Asset, CivilDate)

    public var description: String {
        switch self {
        case .baseCurrencySide: "base-currency side"
        case .row: "value in the source row"
        case .close(let asset, let date): "close of \(asset) on \(date)"
        }
    }
}

/// The valuation rule, in one place: the base-currency side when there is one; else the row's `value`;
/// else the day's close of what was sent, else the row's `received_value`, else the day's close of what was received. The day is the transaction's tax day
/// (its date in the tax time zone); the close is the price file's `close` for that date. There is no
/// fallback to another day: a missing price is an error naming the asset and the date.
public enum Valuation {
    public static func fairValue(
        _ tx: Transaction, sent: Amount?, received: Amount?, base: Asset, prices: PriceBook
    ) throws(ArithmeticOverflow) -> (value: Money, source: ValuationSource)? {
        if let sent, sent.asset == base { return (Money(sent.quantity.fixed), .baseCurrencySide) }
        if let received, received.asset == base { return (Money(received.quantity.fixed), .baseCurrencySide) }
        if let value = tx.value { return (value, .row) }
        if let sent, let price = prices.close(sent.asset, on: tx.date) { return (try price.value(of: sent.quantity), .close(sent.asset, tx.date)) }
        // A swap valued on its received side only: the two sides are taken as equal.
        if let receivedValue = tx.receivedValue { return (receivedValue, .row) }
        if let received, let price = prices.close(received.asset, on: tx.date) {
            return (try price.value(of: received.quantity), .close(received.asset, tx.date))
        }
        return nil
    }

    /// How `tx` as a whole is valued (its non-zero sides), or nil when it needs no value or has none.
    public static func source(of tx: Transaction, base: Asset, prices: PriceBook) -> ValuationSource? {
        let sent = tx.sent.flatMap { $0.quantity.isZero ? nil : $0 }
        let received = tx.received.flatMap { $0.quantity.isZero ? nil : $0 }
        return (try? fairValue(tx, sent: sent, received: received, base: base, prices: prices))??.source
    }
}
