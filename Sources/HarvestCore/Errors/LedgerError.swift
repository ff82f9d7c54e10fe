/// A problem with the user's data that the engine cannot compute through. Each case carries the
/// numbers, and its message names the row (STYLE.md §7).
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A disposal of more units than are held where it looks.
    case insufficientLots(transaction: String, asset: Asset, wallet: Wallet?, requested: Quantity, available: Quantity)
    /// No fair value for an amount that needs one.
    case missingPrice(transaction: String, asset: Asset, date: CivilDate)
    /// A transaction whose fields do not fit its kind.
    case malformed(transaction: String, reason: String)
    /// A specific identification that names a lot that is not there, or asks more of it than it holds.
    case badLotPick(transaction: String, pick: LotPick, reason: String)

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
        }
    }
}
