/// What kind of derivative contract an instrument is.
public enum InstrumentKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A futures contract with an expiry: a regulated one (CME) is a §1256 contract, an offshore one is not.
    case future
    /// A perpetual swap: no expiry, funding payments between longs and shorts. Never a §1256 contract.
    case perpetual
    /// An option: the right to buy (call) or sell (put) the underlying at the strike, until the expiry.
    case option
}

/// A call or a put.
public enum OptionRight: String, Sendable, Hashable, CaseIterable, Codable {
    case call, put
}

/// Long (bought) or short (sold, written).
public enum PositionSide: String, Sendable, Hashable, CaseIterable, Codable {
    case long, short

    /// The other side.
    public var opposite: PositionSide { self == .long ? .short : .long }
}

/// A derivative contract as the exchange lists it (`BTC-27DEC24-60000-C`, `BTC-PERPETUAL`, `BTCZ4`).
///
/// Prices of an instrument (its premium, its futures price, its marks) are in the base currency per unit of the
/// underlying; one contract covers `multiplier` units of the underlying (CME's BTC future: 5 BTC; a Deribit option: 1).
public struct Instrument: Sendable, Hashable, Codable {
    /// The exchange's symbol: the key of the instrument, and the asset its marks are stored under in the price store.
    public let symbol: String
    public let kind: InstrumentKind
    public let underlying: Asset
    /// The last day of trading; nil for a perpetual.
    public let expiry: CivilDate?
    /// An option's strike, in the base currency per unit of the underlying.
    public let strike: Price?
    /// An option's right.
    public let right: OptionRight?
    /// Units of the underlying per contract.
    public let multiplier: Quantity
    /// The asset the contract settles in (margin, premium, PnL).
    public let settlementAsset: Asset
    /// A regulated futures contract (or an option on one, a dealer equity option...): a §1256 contract, marked to market at
    /// year end and taxed 60% long-term, 40% short-term (IRC §1256(a), (b)).
    public let section1256: Bool

    /// - Throws: `DerivativeError.badInstrument` when the fields do not make an instrument of `kind`: an option
    ///   without a strike, right and expiry; a future without an expiry; a perpetual with one; a multiplier that is not
    ///   positive; a perpetual marked §1256 (no regulated exchange lists perpetual swaps as futures: IRC §1256(g)(1)).
    public init(
        symbol: String, kind: InstrumentKind, underlying: Asset, expiry: CivilDate? = nil, strike: Price? = nil, right: OptionRight? = nil,
        multiplier: Quantity = 1, settlementAsset: Asset, section1256: Bool = false
    ) throws(DerivativeError) {
        func bad(_ reason: String) -> DerivativeError { .badInstrument(symbol: symbol, reason: reason) }
        guard !symbol.isEmpty else { throw bad("the symbol is empty") }
        guard multiplier.isPositive else { throw bad("the multiplier \(multiplier) must be positive") }
        switch kind {
        case .option:
            guard let strike, strike.fixed.isPositive else { throw bad("an option needs a positive strike") }
            guard right != nil else { throw bad("an option needs a right (call or put)") }
            guard expiry != nil else { throw bad("an option needs an expiry") }
        case .future:
            guard expiry != nil else { throw bad("a future needs an expiry") }
            guard strike == nil, right == nil else { throw bad("a future has no strike and no call/put") }
        case .perpetual:
            guard expiry == nil, strike == nil, right == nil else { throw bad("a perpetual has no expiry, strike or call/put") }
            guard !section1256 else { throw bad("a perpetual swap is not a regulated futures contract (IRC §1256(g)(1)): it cannot be §1256") }
        }
        self.symbol = symbol
        self.kind = kind
        self.underlying = underlying
        self.expiry = expiry
        self.strike = strike
        self.right = right
        self.multiplier = multiplier
        self.settlementAsset = settlementAsset
        self.section1256 = section1256
    }

    /// The asset the instrument's marks are stored under in the price store.
    public var markAsset: Asset { Asset(symbol) }

    /// Units of the underlying that `contracts` contracts cover.
    public func units(_ contracts: Quantity) -> Quantity {
        Quantity(contracts.fixed.multiplied(by: multiplier.fixed, rounding: .halfEven))
    }

    /// A position on this side of the instrument profits when the underlying falls: the simple straddle legs against
    /// spot held long (IRC §1092(c)): a short future or perpetual, a long put, a written call.
    public func offsetsSpot(side: PositionSide) -> Bool {
        switch (kind, right, side) {
        case (.future, _, .short), (.perpetual, _, .short), (.option, .put, .long), (.option, .call, .short): true
        default: false
        }
    }

    /// A position on this side is a contract or option to acquire the underlying (IRC §1091(a)): a long future or
    /// perpetual, a bought call. A written put is not (Rev. Rul. 85-87 treats only a deep-in-the-money one as such;
    /// Harvest does not guess at that).
    public func acquiresUnderlying(side: PositionSide) -> Bool {
        switch (kind, right, side) {
        case (.future, _, .long), (.perpetual, _, .long), (.option, .call, .long): true
        default: false
        }
    }
}

/// A derivatives input problem, naming the instrument or the event.
public enum DerivativeError: Error, Sendable, Hashable, CustomStringConvertible {
    case badInstrument(symbol: String, reason: String)
    case unknownInstrument(symbol: String, event: String)
    case badEvent(event: String, reason: String)
    /// A close, expiry, exercise or assignment of more contracts than are open.
    case overClose(event: String, instrument: String, requested: Quantity, open: Quantity)
    /// A §1256 position open at a year end with no settlement price for it.
    case missingYearEndMark(instrument: String, date: CivilDate, contracts: Quantity)
    /// An open, close or expiry of an instrument settled in another asset than the base currency without the amount of
    /// that asset it moved (the spot side), or an exercise or assignment of one (physical delivery not modelled).
    case unsupportedSettlement(instrument: String, asset: Asset, base: Asset)
    /// A realized result or funding payment in a settlement asset with no price in the base currency on its day.
    case missingSettlementPrice(event: String, asset: Asset, date: CivilDate)
    /// Derivative rows under a jurisdiction whose treatment of them Harvest does not implement.
    case unsupportedJurisdiction(name: String)

    public var description: String {
        switch self {
        case .badInstrument(let symbol, let reason): "instrument \(symbol): \(reason)"
        case .unknownInstrument(let symbol, let event): "\(event): instrument \(symbol) is not defined (add a row with its kind, underlying, expiry, ...)"
        case .badEvent(let event, let reason): "\(event): \(reason)"
        case .overClose(let event, let instrument, let requested, let open):
            "\(event): cannot close \(requested) contracts of \(instrument): only \(open) open on that side"
        case .missingYearEndMark(let instrument, let date, let contracts):
            "no year-end mark for §1256 instrument \(instrument) on \(date) (\(contracts) contracts open): import its settlement price "
                + "(`harvest prices import \(instrument)-USD.csv`) or add a settlement row"
        case .unsupportedSettlement(let instrument, let asset, let base):
            "instrument \(instrument) settles in \(asset), not the base currency (\(base)): its open, close and expire rows need the amount of "
                + "\(asset) they moved (the amount column), and its exercise or assignment is not supported"
        case .missingSettlementPrice(let event, let asset, let date):
            "\(event): no price of \(asset) on \(date) to value the \(asset) it settled: import one (`harvest prices import` or `harvest prices fetch`)"
        case .unsupportedJurisdiction(let name):
            "derivative rows are not supported under the \(name) rules: Harvest implements only the US treatment of futures, "
                + "perpetual swaps and options (use --jurisdiction us, or leave the derivative rows out)"
        }
    }
}
