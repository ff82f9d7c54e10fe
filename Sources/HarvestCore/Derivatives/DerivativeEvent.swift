/// What a derivative event does to a position.
public enum DerivativeEventKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Opens (or adds to) a position on `side`: contracts at `price`.
    case open
    /// Reduces or closes a position: contracts at `price`.
    case close
    /// The instrument expired: an option worthless (no price) or cash-settled at `price` (its value per unit of the
    /// underlying), a future cash-settled at `price`.
    case expire
    /// The holder of a long option exercised it: the underlying is delivered at the strike.
    case exercise
    /// The writer of a short option was assigned: the underlying is delivered at the strike.
    case assign
    /// A funding payment on a perpetual: `amount` received (positive) or paid (negative).
    case funding
    /// A profit (positive `amount`) or loss (negative) the exchange computed and paid into the wallet, where its export
    /// has no fills to replay (BitMEX wallet history, Binance futures transaction history...): realized on the event's
    /// day, short-term (no opening day is known), valued in the base currency on that day.
    case realized
    /// A settlement price (mark) of the instrument on a day: a §1256 position's year-end mark, the latest value of
    /// an open position.
    case settlement
}

/// One derivative event from a source file.
public struct DerivativeEvent: Sendable, Hashable, Codable {
    public var id: String
    public var timestamp: Instant
    /// The day in the tax time zone.
    public var date: CivilDate
    /// Breaks ties between equal timestamps: the order of the rows as imported.
    public var sequence: Int
    public var wallet: Wallet
    /// The instrument's symbol.
    public var instrument: String
    public var kind: DerivativeEventKind
    /// The side opened (`open`); the side reduced (`close`, optional: the open side when absent).
    public var side: PositionSide?
    /// Contracts opened, closed, exercised or assigned; for `expire`, nil means every open contract.
    public var contracts: Quantity?
    /// Base currency per unit of the underlying: the premium or futures price, an expiry's settlement value, a mark.
    public var price: Price?
    /// Fees paid on the event, in the base currency.
    public var fee: Money
    /// A funding payment or realized result: received when positive, paid when negative, in the instrument's settlement
    /// asset. For an instrument settled in another asset than the base currency, the settlement asset's movement of an
    /// open, close or expiry (its cash flow, fees included) too: the book turns it into a spot acquisition or disposal.
    public var amount: Money?
    public var source: SourceLocation?

    public init(
        id: String, timestamp: Instant, date: CivilDate, sequence: Int = 0, wallet: Wallet, instrument: String, kind: DerivativeEventKind,
        side: PositionSide? = nil, contracts: Quantity? = nil, price: Price? = nil, fee: Money = .zero, amount: Money? = nil,
        source: SourceLocation? = nil
    ) {
        self.id = id
        self.timestamp = timestamp
        self.date = date
        self.sequence = sequence
        self.wallet = wallet
        self.instrument = instrument
        self.kind = kind
        self.side = side
        self.contracts = contracts
        self.price = price
        self.fee = fee
        self.amount = amount
        self.source = source
    }

    /// "trades.csv:17 (event abc)", or "event abc" where the origin is unknown.
    public var reference: String {
        if let source { return "\(source) (event \(id))" }
        return "event \(id)"
    }

    /// Events in replay order: by time, then the import order, then the id.
    static func replayOrder(_ lhs: DerivativeEvent, _ rhs: DerivativeEvent) -> Bool {
        (lhs.timestamp, lhs.sequence, lhs.id) < (rhs.timestamp, rhs.sequence, rhs.id)
    }
}
