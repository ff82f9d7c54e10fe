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

    /// `matchingClass` for many assets: each grouped ticker's class, looked up once per asset (a pass over a million
    /// rows asks a dictionary, not every group).
    public struct MatchingClasses: Sendable {
        let byTicker: [String: String]
        public func of(_ asset: Asset) -> String {
            let ticker = String(asset.ticker)
            return byTicker[ticker] ?? ticker
        }
    }

    public var matchingClasses: MatchingClasses {
        var byTicker: [String: String] = [:]
        for group in equivalents {
            for asset in group where byTicker[String(asset.ticker)] == nil { byTicker[String(asset.ticker)] = group[0].symbol }
        }
        return MatchingClasses(byTicker: byTicker)
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
    public static func resolve(
        _ transactions: consuming [Transaction], rules: TransferRules = TransferRules(), links: [TransferLink] = []
    ) -> TransferResolution {
        let (rewrite, resolution) = plan(transactions, rules: rules, links: links)
        guard let rewrite else { return TransferResolution(transactions: transactions, matches: [], unmatched: [], staleLinks: []) }
        var result = resolution
        // Handed the only reference to the history, this rewrites it in place.
        result.transactions = rewrite.apply(to: consume transactions)
        return result
    }

    /// The matches and decisions, and how the history is rewritten with them (nil: it is not, nothing to match).
    static func plan(
        _ transactions: [Transaction], rules: TransferRules, links: [TransferLink]
    ) -> (rewrite: HistoryRewrite?, resolution: TransferResolution) {
        var state = State(transactions)
        if state.withdrawals.isEmpty && state.deposits.isEmpty && links.isEmpty {
            return (nil, TransferResolution(transactions: [], matches: [], unmatched: [], staleLinks: []))
        }
        state.apply(links)
        state.matchAutomatically(rules)
        let (rewrite, matches) = state.history(rules)
        let unmatched = (state.withdrawals + state.deposits).filter { !state.used[$0] }.sorted().map { transactions[$0] }
        return (rewrite, TransferResolution(transactions: [], matches: matches, unmatched: unmatched, staleLinks: state.stale))
    }

    /// A resolution in progress: which withdrawals and deposits are paired, decided or left.
    struct State {
        let transactions: [Transaction]
        var withdrawals: [Int] = []
        var deposits: [Int] = []
        /// Withdrawal index → deposit index (-1: none).
        var partner: [Int32]
        /// Whether each transaction is paired or decided.
        var used: [Bool]
        /// Transactions the user marked external, as what they really were.
        var replaced: [Int: Transaction] = [:]
        /// Withdrawals the user matched.
        var manual = Set<Int>()
        var stale: [String] = []

        init(_ transactions: [Transaction]) {
            self.transactions = transactions
            partner = [Int32](repeating: -1, count: transactions.count)
            used = [Bool](repeating: false, count: transactions.count)
            for index in transactions.indices {
                let kind = transactions[index].kind
                if kind == .withdrawal { withdrawals.append(index) } else if kind == .deposit { deposits.append(index) }
            }
        }

        mutating func pair(_ withdrawal: Int, _ deposit: Int) {
            partner[withdrawal] = Int32(deposit)
            used[withdrawal] = true
            used[deposit] = true
        }

        /// The user's decisions (`transfers match`, `mark-external`), which win over the rules; a decision about a
        /// transaction no longer there, or no longer fitting, is stale.
        mutating func apply(_ links: [TransferLink]) {
            guard !links.isEmpty else { return }
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
                          transactions[otherIndex].kind == .deposit, !used[index], !used[otherIndex] else {
                        stale.append("match \(link.transaction) \(other): not an unused withdrawal and deposit")
                        continue
                    }
                    guard transactions[index].wallet != transactions[otherIndex].wallet else {
                        stale.append("match \(link.transaction) \(other): both are in wallet \(other.wallet), and a transfer is between two "
                            + "different wallets")
                        continue
                    }
                    pair(index, otherIndex)
                    manual.insert(index)
                case .external(let kind, let basis):
                    guard !used[index] else { continue }
                    used[index] = true
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

        /// The withdrawals of one asset class, in buckets of a third of a deposit's span by when they were sent, each bucket by
        /// what left (the quantity with a fee in the same asset), then time: a deposit looks in the few buckets its window
        /// covers, from the quantity it received up, rather than at every withdrawal of its window.
        struct Candidates {
            var indices: [Int] = []
            /// What left, as `Fixed.raw`.
            var left: [Int128] = []
            var time: [Int64] = []
            /// Bucket number → its positions in the arrays above.
            var buckets: [Int64: Range<Int>] = [:]
            let width: Int64

            init(_ entries: [(left: Int128, time: Int64, index: Int)], width: Int64) {
                self.width = width
                let sorted = entries.sorted {
                    let (first, second) = ($0.time.quotientFloor(width), $1.time.quotientFloor(width))
                    return first != second ? first < second : ($0.left, $0.time, $0.index) < ($1.left, $1.time, $1.index)
                }
                indices = sorted.map(\.index)
                left = sorted.map(\.left)
                time = sorted.map(\.time)
                var start = 0
                while start < sorted.count {
                    let bucket = time[start].quotientFloor(width)
                    var end = start + 1
                    while end < sorted.count && time[end].quotientFloor(width) == bucket { end += 1 }
                    buckets[bucket] = start..<end
                    start = end
                }
            }

            /// The first position of `range` whose quantity is at least `quantity`.
            func first(atLeast quantity: Int128, in range: Range<Int>) -> Int {
                var low = range.lowerBound, high = range.upperBound
                while low < high {
                    let middle = (low + high) / 2
                    if left[middle] >= quantity { high = middle } else { low = middle + 1 }
                }
                return low
            }
        }

        /// Automatic matching, per asset class: each deposit in time order takes the unused withdrawal from another wallet
        /// in its window whose quantity is closest above it (the network keeps the difference), then the closest in time.
        mutating func matchAutomatically(_ rules: TransferRules) {
            let classes = rules.matchingClasses
            var entries: [String: [(left: Int128, time: Int64, index: Int)]] = [:]
            for index in withdrawals where !used[index] {
                guard let sent = transactions[index].sent else { continue }
                let fee = transactions[index].fee.map { $0.asset == sent.asset ? $0.quantity.fixed : .zero } ?? .zero
                let left = (sent.quantity.fixed + fee).raw
                entries[classes.of(sent.asset), default: []].append((left, transactions[index].timestamp.millisecondsSinceEpoch, index))
            }
            // A deposit's span (window before, skew after) covers four or five buckets, whatever the settings.
            let width = max(1, (rules.window + rules.skew) / 3)
            var byClass: [String: Candidates] = [:]
            for (key, list) in entries { byClass[key] = Candidates(list, width: width) }
            entries = [:]
            let orderedDeposits = deposits.filter { !used[$0] }.sorted {
                (transactions[$0].timestamp, $0) < (transactions[$1].timestamp, $1)
            }
            for depositIndex in orderedDeposits {
                guard let received = transactions[depositIndex].received, let candidates = byClass[classes.of(received.asset)] else { continue }
                if let best = closestWithdrawal(to: depositIndex, received: received.quantity.fixed, among: candidates, rules) {
                    pair(best, depositIndex)
                }
            }
        }

        /// Among the unused withdrawals from another wallet sent from `window` before the deposit to `skew` after it, the
        /// one whose quantity (with a fee in the same asset) is closest above what arrived, within the tolerance; then
        /// the closest in time, then the earliest.
        func closestWithdrawal(to depositIndex: Int, received: Fixed, among candidates: Candidates, _ rules: TransferRules) -> Int? {
            let time = transactions[depositIndex].timestamp.millisecondsSinceEpoch
            let earliest = time - rules.window, latest = time + rules.skew
            var best: (left: Int128, distance: Int64, time: Int64, index: Int)?
            for bucket in earliest.quotientFloor(candidates.width)...latest.quotientFloor(candidates.width) {
                guard let range = candidates.buckets[bucket] else { continue }
                var position = candidates.first(atLeast: received.raw, in: range)
                while position < range.upperBound {
                    let left = candidates.left[position]
                    // A larger quantity cannot do better; and what the network kept grows with the quantity faster than
                    // the tolerance allows: past the first quantity that keeps too much, all do.
                    if let found = best, left > found.left { break }
                    guard Fixed(raw: left - received.raw) <= Fixed(raw: left).multiplied(by: rules.tolerance, rounding: .up) else { break }
                    let sentTime = candidates.time[position], index = candidates.indices[position]
                    if sentTime >= earliest, sentTime <= latest, !used[index], transactions[index].wallet != transactions[depositIndex].wallet {
                        let candidate = (left: left, distance: abs(time - sentTime), time: sentTime, index: index)
                        if best.map({ candidate < $0 }) ?? true { best = candidate }
                    }
                    position += 1
                }
            }
            return best?.index
        }

        /// The history with each pair as one transfer at the withdrawal's place (a wrap or bridge as a transfer and a
        /// trade when `wrapsAreTrades`), and the decided transactions as what they were.
        func history(_ rules: TransferRules) -> (rewrite: HistoryRewrite, matches: [TransferMatch]) {
            var matches: [TransferMatch] = []
            var rewrite = HistoryRewrite(count: transactions.count)
            for (index, tx) in replaced { rewrite.runs.append(tx); rewrite.replace(index) }
            for index in withdrawals where partner[index] >= 0 {
                let depositIndex = Int(partner[index])
                guard let sent = transactions[index].sent, let received = transactions[depositIndex].received else { continue }
                let tx = transactions[index], deposit = transactions[depositIndex]
                matches.append(TransferMatch(
                    withdrawal: TransactionReference(tx), deposit: TransactionReference(deposit), asset: sent.asset,
                    sent: sent.quantity, received: received.quantity, manual: manual.contains(index)))
                rewrite.drop(depositIndex)
                var transfer = tx
                transfer.kind = .transfer
                transfer.toWallet = deposit.wallet
                transfer.received = received
                transfer.note = State.note(tx.note, to: deposit)
                guard received.asset != sent.asset && rules.wrapsAreTrades else {
                    rewrite.runs.append(transfer)
                    rewrite.replace(index)
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
                rewrite.runs += [transfer, trade]
                rewrite.replace(index)
            }
            return (rewrite, matches)
        }

        /// A transfer's note: the withdrawal's, then where the units went (`to coinbase/a1 (coinbase.csv:3)`), built in one
        /// string.
        static func note(_ note: String, to deposit: Transaction) -> String {
            var text = ""
            let sourceLength = deposit.source?.file.utf8.count ?? 0
            text.reserveCapacity(note.utf8.count + deposit.wallet.name.utf8.count + deposit.id.utf8.count + sourceLength + 32)
            if !note.isEmpty { text += note; text += "; " }
            text += "to "
            text += deposit.wallet.name
            text += "/"
            text += deposit.id
            if let source = deposit.source {
                text += " ("
                text += source.file
                text += ":"
                text += String(source.line)
                text += ")"
            }
            return text
        }
    }
}

private extension Int64 {
    /// The quotient rounded toward minus infinity (bucket numbers of times before 1970 too).
    func quotientFloor(_ divisor: Int64) -> Int64 { self >= 0 ? self / divisor : -((-self + divisor - 1) / divisor) }
}
