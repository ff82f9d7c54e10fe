/// A problem with the user's data that the engine cannot compute through. Each case carries the
/// numbers, and its message names the row (STYLE.md §7).
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A disposal of more units than are held where it looks.
    case insufficientLots(transaction: String, asset: Asset, wallet: Wallet?, requested: Quantity, available: Quantity)
    /// No fair value for an amount that needs one.
    case missingPrice(transaction: String, asset: Asset, date: CivilDate)
    /// A transaction whose fields do not fit its kind.
    case malformed(transaction: String, reason: MalformedReason)
    /// A specific identification that names a lot that is not there, or asks more of it than it holds.
    case badLotPick(transaction: String, pick: LotPick, reason: String)
    /// An amount the replay computes from the row does not fit (a price of 1e15 times 1e10 units), or the ledger's amounts
    /// add up past what a report can total (README "Supported range").
    case outOfRange(transaction: String, overflow: ArithmeticOverflow)
    /// An internal invariant of the replay does not hold (a programmer error, reported by the checked mode).
    case invariant(String)

    public var description: String {
        switch self {
        case let .insufficientLots(transaction, asset, wallet, requested, available):
            let place = wallet.map { " from wallet \($0)" } ?? " (all wallets pooled)"
            return "\(transaction): takes \(requested) \(asset)\(place) but only \(available) is held there: "
                + "short by \(requested - available) \(asset) (import the missing acquisitions, or use --allow-missing-basis)"
        case let .missingPrice(transaction, asset, date):
            return "\(transaction): no price for \(asset) on \(date): give a value in the row or import \(asset) prices"
        case let .malformed(transaction, reason):
            return "\(transaction): \(reason)"
        case let .badLotPick(transaction, pick, reason):
            return "\(transaction): lot \(pick.transactionID): \(reason)"
        case let .outOfRange(transaction, overflow):
            return "\(transaction): \(overflow)"
        case let .invariant(broken):
            return "internal error (please report it): \(broken)"
        }
    }
}

/// What is wrong with a transaction whose fields do not fit its kind: the message names the field to fix.
public enum MalformedReason: Sendable, Equatable, CustomStringConvertible {
    /// A sale, a removal (gift, donation, loss) or an unmatched withdrawal without a positive crypto amount sent.
    case noCryptoSent(TransactionKind)
    /// Income or a gift received without an amount received.
    case nothingReceived(TransactionKind)
    /// A buy, sell, trade or spend that moves nothing.
    case nothingMoved(TransactionKind)
    /// A fee row without the fee.
    case feeRowWithoutFee
    /// A transfer without a positive crypto amount sent.
    case transferWithoutCrypto
    /// A transfer without its destination wallet.
    case transferWithoutDestination
    /// A transfer that arrives as an asset that is not a form of the one sent.
    case transferArrivesAsOtherAsset(sent: Asset, received: Asset)
    /// A transfer that arrives with more than was sent.
    case transferReceivesMore(received: Quantity, sent: Quantity)
    /// A deposit without a positive crypto amount received.
    case depositWithoutCrypto

    public var description: String {
        switch self {
        case .noCryptoSent(let kind): "\(kind.rawValue) needs a positive sent_quantity of a crypto asset"
        case .nothingReceived(let kind): "\(kind.rawValue) needs received_quantity and received_asset"
        case .nothingMoved(let kind): "a \(kind.rawValue) needs a sent or a received quantity"
        case .feeRowWithoutFee: "a fee row needs fee_quantity and fee_asset"
        case .transferWithoutCrypto: "a transfer needs a positive sent_quantity of a crypto asset"
        case .transferWithoutDestination: "a transfer needs to_wallet"
        case let .transferArrivesAsOtherAsset(sent, received):
            "a transfer sends \(sent) but receives \(received), which is not an equivalent form of it"
        case let .transferReceivesMore(received, sent): "received_quantity \(received) is more than sent_quantity \(sent)"
        case .depositWithoutCrypto: "a deposit needs a positive received_quantity of a crypto asset"
        }
    }
}
