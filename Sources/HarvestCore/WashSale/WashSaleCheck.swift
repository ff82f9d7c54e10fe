/// What the wash-sale rule would make of a sale or a purchase on one day, asset by asset: the acquisitions a
/// loss sale today would meet, and the recent loss sales a purchase today would reach. Pure.
public struct WashSaleCheck: Sendable {
    public struct Entry: Sendable, Hashable {
        /// The group of substantially identical assets (`BTC=CBBTC=WBTC`, or one symbol).
        public var identity: String
        /// Whether the rule reaches this class of asset.
        public var applies: Bool
        /// Acquisitions in the window before the day: a loss sale today is matched against them.
        public var acquisitions: [Transaction]
        /// Sales in the window before the day, with their loss when known: a purchase today would replace them.
        public var lossSales: [(transaction: Transaction, loss: Money)]
        /// The first day a purchase no longer reaches the latest of those loss sales.
        public var buyBackFrom: CivilDate?

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.identity == rhs.identity && lhs.applies == rhs.applies && lhs.acquisitions == rhs.acquisitions
                && lhs.lossSales.map(\.transaction) == rhs.lossSales.map(\.transaction) && lhs.lossSales.map(\.loss) == rhs.lossSales.map(\.loss)
                && lhs.buyBackFrom == rhs.buyBackFrom
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(identity) }
    }

    public var entries: [Entry]

    /// - Parameters:
    ///   - transactions: the history in time order (as the store returns it).
    ///   - losses: realized loss by disposing transaction id (from the engine's disposals), for the sales in the window.
    public static func check(
        _ transactions: [Transaction], asOf: CivilDate, rule: WashSaleRule, classes: AssetClasses, losses: [String: Money]
    ) -> WashSaleCheck {
        let from = asOf.adding(days: -max(rule.daysBefore, rule.daysAfter))
        // The window is at the end of a history in time order: find its start by bisection, not a scan.
        let start = transactions.partitioningIndex { $0.date >= from }
        var byIdentity: [String: Entry] = [:]
        for tx in transactions[start...] where tx.date <= asOf {
            if rule.replacementKinds.contains(tx.kind), let received = tx.received, !received.asset.isFiat,
               tx.date >= asOf.adding(days: -rule.daysBefore) {
                let identity = rule.identity(of: received.asset)
                byIdentity[identity, default: entry(identity, received.asset, rule, classes)].acquisitions.append(tx)
            }
            if let loss = losses[tx.id], loss.isPositive, let sent = tx.sent, !sent.asset.isFiat, tx.date >= asOf.adding(days: -rule.daysAfter) {
                let identity = rule.identity(of: sent.asset)
                byIdentity[identity, default: entry(identity, sent.asset, rule, classes)].lossSales.append((tx, loss))
                byIdentity[identity]!.buyBackFrom = tx.date.adding(days: rule.daysAfter + 1)
            }
        }
        return WashSaleCheck(entries: byIdentity.keys.sorted().map { byIdentity[$0]! })
    }

    static func entry(_ identity: String, _ asset: Asset, _ rule: WashSaleRule, _ classes: AssetClasses) -> Entry {
        Entry(identity: identity, applies: rule.appliesTo.contains(classes.of(asset)), acquisitions: [], lossSales: [], buyBackFrom: nil)
    }
}
