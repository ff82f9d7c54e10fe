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
    /// The acquiring transaction was edited by the user (`Transaction.edited`): flagged in every report.
    public var edited: Bool
    /// A US gift received worth less than the donor's basis: the basis for a loss (the fair value at the gift, with the
    /// same later adjustments), below `costBasis`; nil when there is one basis (IRC §1015(a)).
    public var lossBasis: Money?

    /// What selling the lot for `value` would realize: the gain over `costBasis`; for a lot with a `lossBasis`, a loss
    /// only below it, and nothing between the two.
    public func unrealized(at value: Money) -> Money {
        guard let lossBasis, value < costBasis else { return value - costBasis }
        return value < lossBasis ? value - lossBasis : .zero
    }

    /// The day a sale's holding period runs from when it realizes `unrealized`: a loss figured from a gift's fair value
    /// is held from the gift (IRS Pub 544), anything else from `holdingStart`.
    public func holdingStart(realizing unrealized: Money) -> CivilDate {
        lossBasis != nil && unrealized.isNegative ? dateAcquired : holdingStart
    }

    public init(
        asset: Asset, wallet: Wallet, quantity: Quantity, costBasis: Money, acquiredAt: Instant, dateAcquired: CivilDate,
        holdingStart: CivilDate, transactionID: String, source: SourceLocation? = nil, missingBasis: Bool = false, edited: Bool = false
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
        self.edited = edited
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
///
/// A value checks itself when it is made (`init`): the engine is its only maker, so a broken invariant is a bug in the
/// engine, and stops it rather than reaching a report.
public struct Disposal: Sendable, Hashable {
    // Stored in this order (the one-byte fields after `asset`, filling its padding): 192 bytes, not 208.
    public let quantity: Quantity
    /// Proceeds net of selling costs (DESIGN.md "Disposal"; Form 8949 column (d) as Harvest fills it).
    public let proceeds: Money
    public let costBasis: Money
    /// Added to the gain (a disallowed loss: a wash sale, a superficial loss); zero when none applies.
    public let adjustment: Money
    /// The costs of making the disposal that `proceeds` is net of: this row's share of the disposing transaction's fee
    /// (pro rata by units, the last row taking the remainder, so a transaction's rows add up to its fee exactly). Zero
    /// on the disposal of fee units themselves (`fee`, `transfer_fee`): their value is the selling cost of the main row.
    /// The returns that ask for gross proceeds show it apart: the UK's allowable costs (TCGA s.38(1)(c)), Canada's
    /// outlays and expenses (ITA s.40(1)(a)(i)), Germany's Werbungskosten (§23(3) EStG), Australia's cost base
    /// (element 2, ITAA 1997 s.110-25(3)).
    public let sellingCost: Money
    /// Order of the disposing event in the history; orders the report rows.
    public let disposedAt: Instant
    public let taxYear: Int
    public let wallet: Wallet
    /// The lot's acquiring transaction.
    public let lotTransactionID: String
    /// The disposing transaction.
    public let disposalTransactionID: String
    public let asset: Asset
    /// Why `adjustment` is there (Form 8949's code W; Canada's superficial loss).
    public let adjustmentCode: AdjustmentCode
    public let term: Term
    public let kind: DisposalKind
    public let dateAcquired: CivilDate
    public let dateDisposed: CivilDate
    /// Positions, in time order, of the lot's and the disposal's transactions in the replayed history
    /// (`LedgerResult.transaction(at:)`).
    public let lotPosition: Int32
    public let disposalPosition: Int32
    /// The lot had no known basis (`--allow-missing-basis`): flagged in every report.
    public let missingBasis: Bool
    /// Which rule matched the units: a lot (US), or the UK's same-day / 30-day rules, or a pool at average cost.
    public let matching: Matching
    /// The disposing transaction, or the acquisition the units came from, was edited by the user (`Transaction.edited`):
    /// flagged in every report, as `missingBasis` is.
    public let edited: Bool

    /// - Precondition: a positive quantity; a basis that is not negative; an adjustment that is not negative, with a
    ///   code exactly when it is positive; acquired on or before the day of disposal, except for a UK 30-day row,
    ///   whose acquisition comes after it (TCGA s.106A(5)); no selling cost on the disposal of fee units.
    public init(
        quantity: Quantity, proceeds: Money, costBasis: Money, adjustment: Money = .zero, sellingCost: Money = .zero, disposedAt: Instant,
        taxYear: Int, wallet: Wallet, lotTransactionID: String, disposalTransactionID: String, adjustmentCode: AdjustmentCode = .none, asset: Asset,
        dateAcquired: CivilDate, dateDisposed: CivilDate, lotPosition: Int32, disposalPosition: Int32, term: Term, kind: DisposalKind,
        missingBasis: Bool = false, matching: Matching = .lot, edited: Bool = false
    ) {
        precondition(quantity.isPositive, "disposal of \(quantity) \(asset) in \(disposalTransactionID): the quantity must be positive")
        precondition(!costBasis.isNegative, "disposal in \(disposalTransactionID): negative basis \(costBasis)")
        precondition(!adjustment.isNegative && adjustment.isPositive == (adjustmentCode != .none),
                     "disposal in \(disposalTransactionID): adjustment \(adjustment) with code '\(adjustmentCode.rawValue)'")
        precondition(dateAcquired <= dateDisposed || matching == .thirtyDay,
                     "disposal in \(disposalTransactionID): acquired \(dateAcquired), after its disposal on \(dateDisposed)")
        precondition(sellingCost.isZero || (kind != .fee && kind != .transferFee),
                     "disposal of fee units in \(disposalTransactionID): selling cost \(sellingCost)")
        self.quantity = quantity
        self.proceeds = proceeds
        self.costBasis = costBasis
        self.adjustment = adjustment
        self.sellingCost = sellingCost
        self.disposedAt = disposedAt
        self.taxYear = taxYear
        self.wallet = wallet
        self.lotTransactionID = lotTransactionID
        self.disposalTransactionID = disposalTransactionID
        self.adjustmentCode = adjustmentCode
        self.asset = asset
        self.dateAcquired = dateAcquired
        self.dateDisposed = dateDisposed
        self.lotPosition = lotPosition
        self.disposalPosition = disposalPosition
        self.term = term
        self.kind = kind
        self.missingBasis = missingBasis
        self.matching = matching
        self.edited = edited
    }

    /// Whether the row came out of a pool (UK section 104, Canadian ACB): no single acquisition stands behind it,
    /// so `lotTransactionID` is `pool`, `lotPosition` is −1 and `dateAcquired` is the day the pool last started.
    public var isPooled: Bool { matching == .pool }

    /// Proceeds − cost basis + adjustment.
    public var gain: Money { proceeds - costBasis + adjustment }

    /// What the disposal fetched before its selling costs: `proceeds + sellingCost` (the UK's disposal proceeds, Canada's
    /// proceeds of disposition, Germany's Veräußerungspreis, Australia's capital proceeds).
    public var grossProceeds: Money { proceeds + sellingCost }
}

/// Why a disposal row's loss was adjusted: the code its report prints.
public enum AdjustmentCode: String, Sendable, Codable, CaseIterable {
    /// No adjustment.
    case none = ""
    /// US wash sale: the loss disallowed (IRC §1091; Form 8949 column (f) code W).
    case washSale = "W"
    /// Canada: the superficial loss denied (ITA s.54, s.40(2)(g)(i)).
    case superficialLoss = "SL"
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
    /// The transaction was edited by the user (`Transaction.edited`).
    public var edited: Bool = false
}
