/// Short-term or long-term, by the jurisdiction's holding-period rule.
public enum Term: String, Sendable, Codable, CaseIterable {
    case short, long
}

/// An acquisition still (partly) held.
public struct Lot: Sendable, Hashable, Codable {
    public var asset: Asset
    public var wallet: Wallet
    /// Units still held.
    public var quantity: Quantity
    /// Basis of the units still held, fees included.
    public var costBasis: Money
    /// When the units were acquired (transfers do not change it).
    public var acquiredAt: Instant
    public var dateAcquired: CivilDate
    /// The day the holding period counts from; a transfer keeps it, a wash sale may move it earlier.
    public var holdingStart: CivilDate
    /// The acquiring transaction's id.
    public var transactionID: String
    public var source: SourceLocation?
    /// Created by `--allow-missing-basis` for units sold but never seen acquired: zero basis.
    public var missingBasis: Bool

    public init(
        asset: Asset, wallet: Wallet, quantity: Quantity, costBasis: Money, acquiredAt: Instant, dateAcquired: CivilDate,
        holdingStart: CivilDate, transactionID: String, source: SourceLocation? = nil, missingBasis: Bool = false
    ) {
        self.asset = asset
        self.wallet = wallet
        self.quantity = quantity
        self.costBasis = costBasis
        self.acquiredAt = acquiredAt
        self.dateAcquired = dateAcquired
        self.holdingStart = holdingStart
        self.transactionID = transactionID
        self.source = source
        self.missingBasis = missingBasis
    }
}

/// Why units left a lot in a taxable disposal.
public enum DisposalKind: String, Sendable, Codable, CaseIterable {
    /// A sale for fiat.
    case sale
    /// The sent side of a crypto-for-crypto trade.
    case trade
    /// Spent on goods or services.
    case spend
    /// A fee paid in crypto: a disposal of the fee units at fair value.
    case fee
    /// The network fee of a transfer, paid in the moved asset (the default treatment).
    case transferFee = "transfer_fee"
    /// Units given away where a gift is a disposal at market value (Australia).
    case gift
}

/// The part of one lot consumed by one taxable event (DESIGN.md "Disposal").
///
/// A million-transaction history makes more than a million of these, so the fields are ordered for
/// packing (16-byte amounts first) and the source rows are kept as positions in the replayed history:
/// `LedgerResult.lotSource(of:)` and `disposalSource(of:)` turn them into `file:line`.
public struct Disposal: Sendable, Hashable {
    public var quantity: Quantity
    /// Proceeds net of selling costs.
    public var proceeds: Money
    public var costBasis: Money
    /// Added to the gain (e.g. a disallowed wash-sale loss, code W); zero when none applies.
    public var adjustment: Money
    /// Order of the disposing event in the history; orders the report rows.
    public var disposedAt: Instant
    public var taxYear: Int
    public var wallet: Wallet
    /// The lot's acquiring transaction.
    public var lotTransactionID: String
    /// The disposing transaction.
    public var disposalTransactionID: String
    public var adjustmentCode: String
    public var asset: Asset
    public var dateAcquired: CivilDate
    public var dateDisposed: CivilDate
    /// Positions, in time order, of the lot's and the disposal's transactions in the replayed history
    /// (`LedgerResult.transaction(at:)`).
    public var lotPosition: Int32
    public var disposalPosition: Int32
    public var term: Term
    public var kind: DisposalKind
    /// The lot had no known basis (`--allow-missing-basis`): flagged in every report.
    public var missingBasis: Bool
    /// Which rule matched the units: a lot (US), or the UK's same-day / 30-day rules, or a pool at average cost.
    public var matching: Matching = .lot

    /// Whether the row came out of a pool (UK section 104, Canadian ACB): no single acquisition stands behind it,
    /// so `lotTransactionID` is `pool`, `lotPosition` is −1 and `dateAcquired` is the day the pool last started.
    public var isPooled: Bool { matching == .pool }

    /// Proceeds − cost basis + adjustment.
    public var gain: Money { proceeds - costBasis + adjustment }
}

/// How the units of a disposal row were identified.
public enum Matching: String, Sendable, Codable, CaseIterable {
    /// A lot chosen by the lot method (US).
    case lot
    /// UK: acquisitions of the same day (TCGA s.105(1)).
    case sameDay = "same_day"
    /// UK: acquisitions in the 30 days after the disposal (TCGA s.106A(5)).
    case thirtyDay = "30_day"
    /// A pool at average cost: the UK section 104 holding, or Canada's adjusted cost base.
    case pool
}

/// Units that left the user's hands without a taxable disposal: gifts given, donations, losses.
public struct Removal: Sendable, Hashable, Codable {
    public var asset: Asset
    public var wallet: Wallet
    public var quantity: Quantity
    public var costBasis: Money
    public var dateAcquired: CivilDate
    public var date: CivilDate
    public var kind: TransactionKind
    /// Fair value when known (the donation's deduction amount starts here).
    public var fairValue: Money?
    public var lotTransactionID: String
    public var transactionID: String
}

/// Ordinary income received in crypto (or fiat), at fair value.
public struct IncomeRecord: Sendable, Hashable, Codable {
    public var date: CivilDate
    public var taxYear: Int
    public var type: IncomeType
    public var asset: Asset
    public var quantity: Quantity
    public var value: Money
    public var wallet: Wallet
    public var transactionID: String
}
