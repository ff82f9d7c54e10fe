/// A year's results under one class of gains (UK, Canada): the rows of one disposal (its same-day, 30-day and pool
/// parts) net into one gain or loss before gains and losses are added up. Each row counts as printed
/// (`Disposal.printed`), so a disposal's gain is the sum of its printed rows.
public struct DisposalGains: Sendable {
    /// What one disposal is.
    public enum Grouping: Sendable {
        /// A token's disposals on one day are one disposal (UK, TCGA s.105(1)).
        case tokenAndDay
        /// One disposing transaction's units of one asset (Canada).
        case transaction
    }

    /// Each disposal's day and net gain (negative: a loss), in the order first seen.
    public var disposals: [(date: CivilDate, gain: Money)] = []
    /// The disposals with a gain, and those with a loss (negative).
    public var gains = Money.zero
    public var losses = Money.zero

    public init(_ rows: [Disposal], grouping: Grouping) {
        struct Key: Hashable {
            var asset: Asset
            var day: Int32
            var transaction: String
        }
        var byDisposal: [Key: Int] = [:]
        for row in rows {
            let key = Key(asset: row.asset, day: row.dateDisposed.daysSinceEpoch,
                          transaction: grouping == .tokenAndDay ? "" : row.disposalTransactionID)
            let gain = row.printed.gain
            if let index = byDisposal[key] {
                disposals[index].gain += gain
            } else {
                byDisposal[key] = disposals.count
                disposals.append((row.dateDisposed, gain))
            }
        }
        for disposal in disposals {
            if disposal.gain.isNegative { losses += disposal.gain } else { gains += disposal.gain }
        }
    }

    /// Gains and losses together.
    public var net: Money { gains + losses }

    /// As the long-term fields of a year (one class of gains).
    public var asLongTerm: RealizedGains { RealizedGains(longTermGains: gains, longTermLosses: losses) }
}
