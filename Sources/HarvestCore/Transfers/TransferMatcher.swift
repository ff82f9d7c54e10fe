/// Joins the user's wallets into one history: a withdrawal from one wallet and a deposit into another
/// wallet of the same asset, or of an equivalent one (ETH and WETH, USDC on two chains), within a time
/// window and a fee tolerance, become one transfer that carries the lots and their basis. A transfer is
/// between two different wallets, never within one: a wallet's own withdrawal and deposit are never paired
/// (on chain, those are the two sides of a swap, which `OnChainDecoder` makes a trade before matching).
///
/// Pure and deterministic: the same history and links always give the same matches. The user's own
/// decisions (`TransferLink`) come first; the rest is matched automatically each time the history is
/// replayed, so a later import can complete a pair.
public struct TransferRules: Sendable, Hashable {
    /// How long a deposit may arrive after its withdrawal (blockchains confirm in minutes; exchanges
    /// credit within hours, sometimes days).
    public var window: Int64
    /// How much earlier than the withdrawal a deposit may be stamped (two exchanges' clocks, time zones
    /// written wrong).
    public var skew: Int64
    /// The most the network may keep, as a share of what was sent: 0.02 = 2 %.
    public var tolerance: Fixed
    /// Groups of assets that are one asset for transfers: wrapped or bridged forms.
    public var equivalents: [[Asset]]
    /// Treat a transfer that arrives as another asset of the group (a wrap, a bridge) as a trade.
    public var wrapsAreTrades: Bool

    public init(
        windowHours: Int = 72, skewHours: Int = 2, tolerance: Fixed = Fixed(raw: Fixed.scale / 50),
        equivalents: [[Asset]] = TransferRules.defaultEquivalents, wrapsAreTrades: Bool = false
    ) {
        self.window = Int64(windowHours) * 3_600_000
        self.skew = Int64(skewHours) * 3_600_000
        self.tolerance = tolerance
        self.equivalents = equivalents
        self.wrapsAreTrades = wrapsAreTrades
    }

    /// Wrapped and bridged forms Harvest knows (`transfer-equivalent.NAME` adds groups).
    public static let defaultEquivalents: [[Asset]] = [
        ["ETH", "WETH"], ["BTC", "WBTC", "BTCB"], ["USDC", "USDC.E", "USDBC"], ["USDT", "USDT.E"], ["MATIC", "WMATIC", "POL"],
        ["BNB", "WBNB"], ["AVAX", "WAVAX"], ["SOL", "WSOL"],
    ].map { $0.map(Asset.init) }

    /// The class an asset is matched in: its group, else its ticker (so `USDC@base` meets `USDC`).
    public func matchingClass(_ asset: Asset) -> String {
        let ticker = String(asset.ticker)
        for group in equivalents where group.contains(where: { String($0.ticker) == ticker }) {
            return group[0].symbol
        }
        return ticker
    }
}

/// A user's decision about a deposit or a withdrawal (`harvest transfers match|mark-external`).
public struct TransferLink: Sendable, Hashable, Codable {
    public enum Decision: Sendable, Hashable, Codable {
        /// This withdrawal and this deposit are one transfer, whatever the rules say.
        case match(deposit: TransactionReference)
        /// The other side is outside the user's tracked wallets: the row becomes `kind` (`withdrawal` or
        /// `deposit`: acknowledged as untracked; or spend, gift_out, donation, lost, income, gift_in), with
        /// `basis` as a deposit's cost when known.
        case external(kind: TransactionKind, basis: Money?)
    }

    public var transaction: TransactionReference
    public var decision: Decision

    public init(_ transaction: TransactionReference, _ decision: Decision) {
        self.transaction = transaction
        self.decision = decision
    }
}

/// A transaction as the user names it: `wallet/id`.
public struct TransactionReference: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var wallet: Wallet
    public var id: String
    public init(wallet: Wallet, id: String) {
        self.wallet = wallet
        self.id = id
    }
    public init(_ transaction: Transaction) { self.init(wallet: transaction.wallet, id: transaction.id) }
    public var description: String { "\(wallet.name)/\(id)" }
    public static func < (lhs: TransactionReference, rhs: TransactionReference) -> Bool { (lhs.wallet, lhs.id) < (rhs.wallet, rhs.id) }
}

/// What matching made of a history.
public struct TransferResolution: Sendable {
    /// The history with each matched pair replaced by one transfer (and external decisions applied).
    public var transactions: [Transaction]
    public var matches: [TransferMatch]
    /// Deposits and withdrawals still unmatched and not acknowledged: reports warn about these.
    public var unmatched: [Transaction]
    /// Links naming transactions that are not in the history (or not a deposit or a withdrawal).
    public var staleLinks: [String]
}

public struct TransferMatch: Sendable, Hashable {
    public var withdrawal: TransactionReference
    public var deposit: TransactionReference
    public var asset: Asset
    public var sent: Quantity
    public var received: Quantity
    /// The user matched them (`transfers match`), rather than the rules.
    public var manual: Bool
}

public enum TransferMatcher {
    /// The history with the user's decisions applied, each withdrawal matched with a deposit where the rules find one,
    /// and each pair written as one transfer at the withdrawal's place.
    public static func resolve(_ transactions: [Transaction], rules: TransferRules = TransferRules(), links: [TransferLink] = []) -> TransferResolution {
        var state = State(transactions)
        if state.withdrawals.isEmpty && state.deposits.isEmpty && links.isEmpty {
            return TransferResolution(transactions: transactions, matches: [], unmatched: [], staleLinks: [])
        }
        state.apply(links)
        state.matchAutomatically(rules)
        let (result, matches) = state.history(rules)
        let unmatched = (state.withdrawals + state.deposits).filter { !state.used.contains($0) }.sorted().map { transactions[$0] }
        return TransferResolution(transactions: result, matches: matches, unmatched: unmatched, staleLinks: state.stale)
    }

    /// A resolution in progress: which withdrawals and deposits are paired, decided or left.
    struct State {
        let transactions: [Transaction]
        var withdrawals: [Int] = []
        var deposits: [Int] = []
        /// Withdrawal index → deposit index.
        var partner: [Int: Int] = [:]
        var used = Set<Int>()
        /// Transactions the user marked external, as what they really were.
        var replaced: [Int: Transaction] = [:]
        /// Withdrawals the user matched.
        var manual = Set<Int>()
        var stale: [String] = []

        init(_ transactions: [Transaction]) {
            self.transactions = transactions
            for (index, tx) in transactions.enumerated() {
                if tx.kind == .withdrawal { withdrawals.append(index) } else if tx.kind == .deposit { deposits.append(index) }
            }
        }

        /// The user's decisions (`transfers match`, `mark-external`), which win over the rules; a decision about a
        /// transaction no longer there, or no longer fitting, is stale.
        mutating func apply(_ links: [TransferLink]) {
            var byReference: [TransactionReference: Int] = [:]
            for index in withdrawals + deposits { byReference[TransactionReference(transactions[index])] = index }
            for link in links {
                guard let index = byReference[link.transaction] else {
                    stale.append("\(link.transaction) is not a deposit or a withdrawal in the history")
                    continue
                }
                switch link.decision {
                case .match(let other):
                    guard let otherIndex = byReference[other], transactions[index].kind == .withdrawal,
                          transactions[otherIndex].kind == .deposit, !used.contains(index), !used.contains(otherIndex) else {
                        stale.append("match \(link.transaction) \(other): not an unused withdrawal and deposit")
                        continue
                    }
                    guard transactions[index].wallet != transactions[otherIndex].wallet else {
                        stale.append("match \(link.transaction) \(other): both are in wallet \(other.wallet), and a transfer is between two "
                            + "different wallets")
                        continue
                    }
                    partner[index] = otherIndex
                    used.formUnion([index, otherIndex])
                    manual.insert(index)
                case .external(let kind, let basis):
                    guard !used.contains(index) else { continue }
                    used.insert(index)
                    replaced[index] = State.external(transactions[index], as: kind, basis: basis)
                }
            }
        }

        /// A deposit or withdrawal marked external, as the kind it really was.
        static func external(_ transaction: Transaction, as kind: TransactionKind, basis: Money?) -> Transaction {
            var tx = transaction
            if kind == .deposit, let basis {
                // A known cost brought in from outside: the units arrive with it, as a gift's carried basis does.
                tx.kind = .giftIn
                tx.value = basis
            } else if kind == .giftIn || kind == .income {
                tx.kind = kind
                if kind == .income { tx.incomeType = .other }
                if let basis { tx.value = basis }
            } else if kind != .withdrawal && kind != .deposit {
                tx.kind = kind
            }
            tx.note = [tx.note, "external (\(kind.rawValue))"].filter { !$0.isEmpty }.joined(separator: "; ")
            return tx
        }

        /// Automatic matching, per asset class: each deposit in time order takes the unused withdrawal in its window
        /// whose quantity is closest above it (the network keeps the difference), then the latest.
        mutating func matchAutomatically(_ rules: TransferRules) {
            var classes: [String: [Int]] = [:]
            for index in withdrawals where !used.contains(index) {
                guard let sent = transactions[index].sent else { continue }
                classes[rules.matchingClass(sent.asset), default: []].append(index)
            }
            for key in classes.keys { classes[key]?.sort { transactions[$0].timestamp < transactions[$1].timestamp } }
            let orderedDeposits = deposits.filter { !used.contains($0) }.sorted { transactions[$0].timestamp < transactions[$1].timestamp }
            var start: [String: Int] = [:]
            for depositIndex in orderedDeposits {
                let deposit = transactions[depositIndex]
                guard let received = deposit.received, let candidates = classes[rules.matchingClass(received.asset)] else { continue }
                let time = deposit.timestamp.millisecondsSinceEpoch
                var first = start[rules.matchingClass(received.asset)] ?? 0
                while first < candidates.count && transactions[candidates[first]].timestamp.millisecondsSinceEpoch < time - rules.window { first += 1 }
                start[rules.matchingClass(received.asset)] = first
                if let best = closestWithdrawal(to: deposit, received: received, among: candidates[first...], rules) {
                    partner[best] = depositIndex
                    used.formUnion([best, depositIndex])
                }
            }
        }

        /// Among the withdrawals from a deposit's window on, the unused one from another wallet whose quantity (with a
        /// fee in the same asset) is closest above what arrived, within the tolerance; then the closest in time.
        func closestWithdrawal(to deposit: Transaction, received: Amount, among candidates: ArraySlice<Int>, _ rules: TransferRules) -> Int? {
            let time = deposit.timestamp.millisecondsSinceEpoch
            var best: (index: Int, difference: Fixed, distance: Int64)?
            for index in candidates {
                let withdrawal = transactions[index]
                let sentTime = withdrawal.timestamp.millisecondsSinceEpoch
                if sentTime > time + rules.skew { break }
                guard !used.contains(index), let sent = withdrawal.sent, withdrawal.wallet != deposit.wallet else { continue }
                // What left (with a fee in the same asset) against what arrived.
                let left = sent.quantity.fixed + (withdrawal.fee.map { $0.asset == sent.asset ? $0.quantity.fixed : .zero } ?? .zero)
                let difference = left - received.quantity.fixed
                guard !difference.isNegative, difference <= left.multiplied(by: rules.tolerance, rounding: .up) else { continue }
                let distance = abs(time - sentTime)
                if let current = best, difference > current.difference || (difference == current.difference && distance >= current.distance) {
                    continue
                }
                best = (index, difference, distance)
            }
            return best?.index
        }

        /// The history with each pair as one transfer at the withdrawal's place (a wrap or bridge as a transfer and a
        /// trade when `wrapsAreTrades`), and the decided transactions as what they were.
        func history(_ rules: TransferRules) -> (transactions: [Transaction], matches: [TransferMatch]) {
            var matches: [TransferMatch] = []
            var result: [Transaction] = []
            result.reserveCapacity(transactions.count)
            let dropped = Set(partner.values)
            for (index, tx) in transactions.enumerated() {
                if dropped.contains(index) { continue }
                guard let depositIndex = partner[index], let sent = tx.sent, let received = transactions[depositIndex].received else {
                    result.append(replaced[index] ?? tx)
                    continue
                }
                let deposit = transactions[depositIndex]
                matches.append(TransferMatch(
                    withdrawal: TransactionReference(tx), deposit: TransactionReference(deposit), asset: sent.asset,
                    sent: sent.quantity, received: received.quantity, manual: manual.contains(index)))
                var transfer = tx
                transfer.kind = .transfer
                transfer.toWallet = deposit.wallet
                transfer.received = received
                transfer.note = [tx.note, "to \(TransactionReference(deposit))" + (deposit.source.map { " (\($0))" } ?? "")]
                    .filter { !$0.isEmpty }.joined(separator: "; ")
                guard received.asset != sent.asset && rules.wrapsAreTrades else {
                    result.append(transfer)
                    continue
                }
                // Moved as it was sent, then exchanged for the other form where it arrived.
                transfer.received = Amount(received.quantity, sent.asset)
                var trade = deposit
                trade.kind = .trade
                trade.sent = Amount(received.quantity, sent.asset)
                trade.note = [deposit.note, "wrap or bridge from \(TransactionReference(tx))"].filter { !$0.isEmpty }.joined(separator: "; ")
                if trade.timestamp < transfer.timestamp { trade.timestamp = transfer.timestamp; trade.date = transfer.date }
                trade.sequence = transfer.sequence
                result.append(transfer)
                result.append(trade)
            }
            return (result, matches)
        }
    }
}
