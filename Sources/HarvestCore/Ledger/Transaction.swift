/// What a transaction is, as DESIGN.md names the kinds.
public enum TransactionKind: String, Sendable, CaseIterable, Codable {
    /// Fiat sent, crypto received.
    case buy
    /// Crypto sent, fiat received.
    case sell
    /// Crypto for crypto: a disposal of what was sent and an acquisition of what was received, at fair value.
    case trade
    /// Between the user's own wallets: not taxable; the units keep their basis and holding period.
    case transfer
    /// Staking, mining, airdrops, interest: ordinary income at fair value, which is also the lot's basis.
    case income
    /// Crypto spent on goods or services: a disposal at fair value.
    case spend
    /// Received as a gift: the `value` given is the donor's basis, `received_value` the fair value at the gift,
    /// `donor_acquired` the donor's acquisition day; the jurisdiction's `giftBasis` says which counts.
    case giftIn = "gift_in"
    /// Given away: the units leave, no gain or loss is realized.
    case giftOut = "gift_out"
    /// Given to a charity: the units leave, no gain or loss is realized.
    case donation
    /// Lost or stolen: the units leave; no loss is deducted (personal casualty losses are not deductible 2018–2025).
    case lost
    /// A fee-only event, such as a failed on-chain transaction: a disposal of the fee at fair value.
    case fee
    /// Units sent out of a wallet to an address the export does not name: a transfer candidate. Matched
    /// with a deposit into another of the user's wallets it becomes a transfer (`TransferMatcher`);
    /// unmatched, the units leave the books without gain or loss, and reports warn.
    case withdrawal
    /// Units received from an address the export does not name: a transfer candidate. Unmatched, the units
    /// arrive with an unknown (zero) basis, flagged, and reports warn.
    case deposit
}

/// What kind of ordinary income an `income` transaction is; totalled separately in the year summary.
public enum IncomeType: String, Sendable, CaseIterable, Codable, Comparable {
    case staking, mining, airdrop, interest, reward, other
    public static func < (lhs: IncomeType, rhs: IncomeType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a transaction came from: for messages and for tracing every figure to its row.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
    public var description: String { "\(file):\(line)" }
}

/// A disposal's specific identification of one lot (IRS FAQ Q39–Q40): the acquisition's transaction
/// id, and how much of it, or all that is left when the quantity is absent.
public struct LotPick: Sendable, Hashable, Codable, CustomStringConvertible {
    public var transactionID: String
    public var quantity: Quantity?
    public init(transactionID: String, quantity: Quantity? = nil) {
        self.transactionID = transactionID
        self.quantity = quantity
    }
    public var description: String { quantity.map { "\(transactionID)=\($0)" } ?? transactionID }
}

/// One event from a source file, normalized.
public struct Transaction: Sendable, Hashable, Codable {
    // Stored in this order, not the order of the initializer's parameters: the 16-byte-aligned amounts first, each
    // followed by the small fields that fill the padding its 17 or 33 bytes leave, so that a transaction takes 336 bytes
    // instead of 400 (a million of them are held while a history replays: `TransactionLayoutTests`).
    public var sent: Amount?
    public var kind: TransactionKind
    public var incomeType: IncomeType?
    /// The user changed this row's figures (`harvest tx edit`, an edit layered over the imported row): every figure
    /// that rests on it is marked `edited` in the reports.
    public var edited: Bool
    /// The day it happened in the tax time zone.
    public var date: CivilDate
    public var received: Amount?
    /// A gift received: the day the donor acquired the units, from which the holding period runs where the donor's
    /// holding period carries over (`Jurisdiction.giftBasis`).
    public var donorAcquired: CivilDate?
    /// A fee charged on top, in fiat or in crypto.
    public var fee: Amount?
    /// When it happened.
    public var timestamp: Instant
    /// Fair value, in the base currency, of what was sent (of what was received when nothing was sent).
    public var value: Money?
    /// Breaks ties between equal timestamps: the order of the rows as imported.
    public var sequence: Int
    /// Fair value of the fee, where the fee's asset is neither side of the transaction.
    public var feeValue: Money?
    /// Lots named by a disposal (specific identification); empty when none are named.
    public var lotPicks: [LotPick]
    /// Fair value, in the base currency, of what was received, where it differs from `value`: a swap's received side
    /// (the proceeds of what was sent; `Jurisdiction.swapCost` says whether it is also the new lot's cost), or a gift's
    /// fair market value at the time of the gift (its `value` being the donor's basis; `Jurisdiction.giftBasis`).
    public var receivedValue: Money?
    /// The source's id, or a content hash where the source has none: what every figure traces back to.
    public var id: String
    public var wallet: Wallet
    /// The destination of a transfer.
    public var toWallet: Wallet?
    public var source: SourceLocation?
    public var note: String
    /// The on-chain transaction (its hash) a block explorer's row belongs to: rows of one hash across an address's
    /// exports are one event (`OnChainDecoder`). Nil for rows not read from a chain.
    public var chainTransaction: String?

    public init(
        id: String, timestamp: Instant, date: CivilDate, sequence: Int = 0, kind: TransactionKind,
        incomeType: IncomeType? = nil, wallet: Wallet, sent: Amount? = nil, received: Amount? = nil, fee: Amount? = nil,
        value: Money? = nil, feeValue: Money? = nil, toWallet: Wallet? = nil, lotPicks: [LotPick] = [],
        source: SourceLocation? = nil, note: String = "", chainTransaction: String? = nil, edited: Bool = false,
        receivedValue: Money? = nil, donorAcquired: CivilDate? = nil
    ) {
        self.id = id
        self.timestamp = timestamp
        self.date = date
        self.sequence = sequence
        self.kind = kind
        self.incomeType = incomeType
        self.wallet = wallet
        self.sent = sent
        self.received = received
        self.fee = fee
        self.value = value
        self.feeValue = feeValue
        self.toWallet = toWallet
        self.lotPicks = lotPicks
        self.source = source
        self.note = note
        self.chainTransaction = chainTransaction
        self.edited = edited
        self.receivedValue = receivedValue
        self.donorAcquired = donorAcquired
    }

    /// "trades.csv:17 (tx abc)", or "tx abc" where the origin is unknown.
    public var reference: String {
        if let source { return "\(source) (tx \(id))" }
        return "tx \(id)"
    }
}
