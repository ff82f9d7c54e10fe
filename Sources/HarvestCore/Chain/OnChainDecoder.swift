/// Joins a block explorer's rows of one on-chain transaction into what happened.
///
/// An Etherscan-family explorer exports an address's history as three files (normal transactions, token transfers,
/// internal transactions); each row imports alone as a `withdrawal` (units out), a `deposit` (units in) or a `fee`
/// (gas only), carrying its transaction hash (`Transaction.chainTransaction`). A swap is then a withdrawal and a
/// deposit of one hash: read apart, the disposal disappears and the deposit arrives with no basis. This decoder
/// groups the rows of each (wallet, hash) (which all carry the block's time: a row whose time the user changed stands
/// apart), nets the quantities of each asset within the group (a refund of unused ETH comes off the ETH sent; a token
/// routed through the wallet in a multi-hop swap cancels out), and rewrites the group by what is left:
///
/// - **Swap**, one asset out and another in: one `trade` (sent, received, fee = the gas). Its value is the fair value
///   of what was sent when a row gives it in the base currency, else of what was received, else nil (the engine
///   prices it from the day's close).
/// - **Wrap**, one asset out and an equivalent form in (ETH → WETH, WETH → ETH; `TransferRules.equivalents`): by
///   default a `transfer` from the wallet to itself that arrives as the other form, so the lots continue with their
///   basis and holding period (as `LotEngine` and `Pooling` treat any transfer arriving as an equivalent asset); with
///   `wrapsAreTrades` (`wrap-as-trade on`) a `trade`. One that gives back more units than it took is no like-for-like
///   wrap: a `trade`.
/// - **Several assets out and/or in** (adding liquidity: ETH and DAI for an LP token; removing it; a swap that also
///   pays a reward): LP tokens are ordinary assets, and each asset sent is disposed of for a share of each asset
///   received, one `trade` per pair (sent i, received j). What is sent of asset i is split across the received assets
///   in proportion to their values, and what is received of asset j across the sent assets in proportion to theirs,
///   when every such value is given and positive; else evenly (and the note says so). Each share is rounded down at
///   18 digits and the last takes the remainder, so the trades add back to the quantities exactly. A trade's value is
///   its share of the sent asset's value, else of the received asset's, else nil. The gas is the first trade's fee.
/// - **Only out** or **only in**: the rows stay withdrawals and deposits (transfer candidates). A gas-only row is
///   folded into the first withdrawal without a fee, so the gas stays that withdrawal's fee; deposits keep the gas
///   as a row of its own. When netting changed a quantity (units both sent and returned), the group is rewritten as
///   one withdrawal or deposit per asset at its net quantity.
/// - **Gas only** (a contract call, an approval, a failed transaction, legs that cancel out): one `fee` row.
///
/// A rewritten group takes its id, source line, time and order from its normal-transaction row (the row whose id is
/// the hash itself, else the row that paid the gas, else the row of the smallest id), so `tx show`, traces and
/// messages point at a real file and line; several rows from one group are told apart by `#1`, `#2`, ..., in the
/// order of the assets' symbols (sent, then received). Groups of one row, rows of other kinds (a row the user edited
/// into an income, say) and rows without a hash are kept as they are. The result keeps the input's order, each group
/// at the place of its last row; what a group becomes does not depend on the order of its rows (files imported in
/// another order give the same trades).
///
/// Pure and deterministic; the history's rows are joined whenever it is replayed, so files imported at different
/// times are joined too. Cost: one pass over the history in time order, then a pass per group.
public struct OnChainDecoder: Sendable {
    /// The rules whose equivalents (wrapped forms) and `wrapsAreTrades` decide wraps.
    public var rules: TransferRules

    public init(rules: TransferRules = TransferRules()) {
        self.rules = rules
    }

    public init(equivalents: [[Asset]], wrapsAreTrades: Bool) {
        var rules = TransferRules()
        rules.equivalents = equivalents
        rules.wrapsAreTrades = wrapsAreTrades
        self.rules = rules
    }

    /// The history with each on-chain transaction's rows rewritten as what happened. Handed the only reference to the
    /// history (the last use of a loaded array), it rewrites it in place.
    public func decode(_ transactions: consuming [Transaction]) -> OnChainDecoding {
        let (rewrite, patterns) = plan(transactions)
        guard !patterns.isEmpty else { return OnChainDecoding(transactions: transactions, patterns: [:]) }
        return OnChainDecoding(transactions: rewrite.apply(to: consume transactions), patterns: patterns)
    }

    /// What each group becomes (its rewrite in the place of its last row), and how many groups were each pattern.
    func plan(_ transactions: [Transaction]) -> (rewrite: HistoryRewrite, patterns: [OnChainPattern: Int]) {
        let groups = OnChainGroups(transactions)
        var rewrite = HistoryRewrite(count: transactions.count)
        var patterns: [OnChainPattern: Int] = [:]
        guard groups.count > 0 else { return (rewrite, patterns) }
        rewrite.reserveRuns(groups.count * 2)
        var group = OnChainGroup(transactions, rules: rules)
        for number in 0..<groups.count {
            let rows = groups[number]
            group.load(rows)
            let decoded = group.decode(into: &rewrite.runs)
            patterns[decoded.pattern, default: 0] += 1
            guard decoded.rewritten else { continue }
            var last = 0
            for index in rows {
                rewrite.drop(index)
                last = max(last, index)
            }
            rewrite.replace(last)
        }
        return (rewrite, patterns)
    }

    /// Whether a row of this kind takes part in decoding: what an explorer's row imports as.
    static func joins(_ kind: TransactionKind) -> Bool { kind == .withdrawal || kind == .deposit || kind == .fee }
}

/// The groups of two rows or more that share a wallet, a hash and a time, in one flat array of row indices (each
/// group's rows by id, then input order).
///
/// All the movements of one on-chain transaction carry its block's time, so its rows meet among the rows of that time:
/// one pass over the history in time order (sorted first only when it is not) finds the runs of equal times, and only
/// a run of two joinable rows or more is looked at further. No hash table of a million keys, no sort of a million rows.
/// (A row whose time the user changed stands apart from the others of its hash.)
struct OnChainGroups {
    private var rows: [Int] = []
    /// Group k is `rows[bounds[k]..<bounds[k + 1]]`.
    private var bounds: [Int] = [0]

    var count: Int { bounds.count - 1 }
    subscript(number: Int) -> ArraySlice<Int> { rows[bounds[number]..<bounds[number + 1]] }

    init(_ transactions: [Transaction]) {
        var inOrder = true
        for index in transactions.indices.dropFirst() where transactions[index].timestamp < transactions[index - 1].timestamp {
            inOrder = false
            break
        }
        let order = inOrder ? nil : transactions.indices.sorted {
            (transactions[$0].timestamp, $0) < (transactions[$1].timestamp, $1)
        }
        var run: [Int] = []
        var position = 0
        while position < transactions.count {
            let time = transactions[order?[position] ?? position].timestamp
            run.removeAll(keepingCapacity: true)
            while position < transactions.count, transactions[order?[position] ?? position].timestamp == time {
                let index = order?[position] ?? position
                if transactions[index].chainTransaction != nil && OnChainDecoder.joins(transactions[index].kind) { run.append(index) }
                position += 1
            }
            if run.count >= 2 { add(run, transactions) }
        }
    }

    /// Adds the rows of one time that share a wallet and a hash, two or more, as groups.
    private mutating func add(_ run: [Int], _ transactions: [Transaction]) {
        func sameKey(_ first: Int, _ second: Int) -> Bool {
            transactions[first].chainTransaction == transactions[second].chainTransaction && transactions[first].wallet == transactions[second].wallet
        }
        func byID(_ first: Int, _ second: Int) -> Bool {
            transactions[first].id != transactions[second].id ? transactions[first].id < transactions[second].id : first < second
        }
        // The common case: the two rows of a swap.
        if run.count == 2 {
            guard sameKey(run[0], run[1]) else { return }
            rows += byID(run[1], run[0]) ? [run[1], run[0]] : run
            bounds.append(rows.count)
            return
        }
        // By hash, wallet and id (then input order): the rows of each group together, by id.
        let sorted = run.sorted { first, second in
            if transactions[first].chainTransaction != transactions[second].chainTransaction {
                return (transactions[first].chainTransaction ?? "") < (transactions[second].chainTransaction ?? "")
            }
            if transactions[first].wallet != transactions[second].wallet { return transactions[first].wallet < transactions[second].wallet }
            return byID(first, second)
        }
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, sameKey(sorted[start], sorted[end]) { end += 1 }
            if end - start >= 2 {
                rows += sorted[start..<end]
                bounds.append(rows.count)
            }
            start = end
        }
    }
}

/// What an on-chain transaction (a group of two rows or more of one wallet and hash) was found to be.
public enum OnChainPattern: String, Sendable, CaseIterable, Comparable {
    /// One asset out, another in: a trade.
    case swap
    /// One asset out, an equivalent form of it in: a transfer within the wallet (or a trade with `wrapsAreTrades`).
    case wrap
    /// Several assets out, one in (adding liquidity): a trade per asset sent.
    case manyForOne = "many-for-one"
    /// One asset out, several in (removing liquidity, a swap with a reward): a trade per asset received.
    case oneForMany = "one-for-many"
    /// Several out and several in: a trade per pair.
    case manyForMany = "many-for-many"
    /// Only out: withdrawals, the gas their fee.
    case outgoing
    /// Only in: deposits.
    case incoming
    /// Nothing moved but the gas: a fee.
    case gasOnly = "gas-only"
    /// Everything cancelled out and no gas was paid: no row.
    case nothing

    public static func < (lhs: OnChainPattern, rhs: OnChainPattern) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A history with its on-chain transactions decoded.
public struct OnChainDecoding: Sendable {
    /// The history, each group of rows replaced by what it was, in the input's order.
    public var transactions: [Transaction]
    /// How many groups (on-chain transactions of two rows or more) were found to be each pattern.
    public var patterns: [OnChainPattern: Int]

    /// How many groups were found to be `pattern`.
    public func count(_ pattern: OnChainPattern) -> Int { patterns[pattern] ?? 0 }
}
