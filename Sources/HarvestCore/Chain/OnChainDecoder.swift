/// Joins a block explorer's rows of one on-chain transaction into what happened.
///
/// An Etherscan-family explorer exports an address's history as three files (normal transactions, token transfers,
/// internal transactions); each row imports alone as a `withdrawal` (units out), a `deposit` (units in) or a `fee`
/// (gas only), carrying its transaction hash (`Transaction.chainTransaction`). A swap is then a withdrawal and a
/// deposit of one hash: read apart, the disposal disappears and the deposit arrives with no basis. This decoder
/// groups the rows of each (wallet, hash), nets the quantities of each asset within the group (a refund of unused
/// ETH comes off the ETH sent; a token routed through the wallet in a multi-hop swap cancels out), and rewrites the
/// group by what is left:
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
/// at the place of its first row; what a group becomes does not depend on the order of its rows (files imported in
/// another order give the same trades).
///
/// Pure and deterministic; the history's rows are joined whenever it is replayed, so files imported at different
/// times are joined too. Cost: one hash and one sort of the rows that carry a hash, then a pass per group.
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

    /// The history with each on-chain transaction's rows rewritten as what happened.
    public func decode(_ transactions: [Transaction]) -> OnChainDecoding {
        let groups = OnChainDecoder.groups(transactions)
        if groups.isEmpty { return OnChainDecoding(transactions: transactions, patterns: [:]) }
        // Per input row: keep it (-1), drop it (-2), or put group k's rows in its place (k).
        var fate = [Int32](repeating: -1, count: transactions.count)
        var rewritten: [[Transaction]] = []
        rewritten.reserveCapacity(groups.count)
        var patterns: [OnChainPattern: Int] = [:]
        for rows in groups {
            let decoded = OnChainGroup(rows: rows, in: transactions, rules: rules).decode()
            patterns[decoded.pattern, default: 0] += 1
            guard let rewrite = decoded.rewrite else { continue }
            for index in rows { fate[index] = -2 }
            fate[rows[0]] = Int32(rewritten.count)
            rewritten.append(rewrite)
        }
        var result: [Transaction] = []
        result.reserveCapacity(transactions.count)
        for (index, tx) in transactions.enumerated() {
            switch fate[index] {
            case -1: result.append(tx)
            case -2: continue
            default: result += rewritten[Int(fate[index])]
            }
        }
        return OnChainDecoding(transactions: result, patterns: patterns)
    }

    /// Whether a row of this kind takes part in decoding: what an explorer's row imports as.
    static func joins(_ kind: TransactionKind) -> Bool { kind == .withdrawal || kind == .deposit || kind == .fee }

    /// The rows (by index, in input order) of each (wallet, hash) that has two or more: the rows carrying a hash are
    /// sorted by a hash of their key (an integer sort, not a string sort), then each run of equal keys is checked
    /// against the real key, so two keys sharing a hash are still told apart.
    static func groups(_ transactions: [Transaction]) -> [[Int]] {
        var keyed: [(key: Int, index: Int)] = []
        for index in transactions.indices {
            guard let chain = transactions[index].chainTransaction, joins(transactions[index].kind) else { continue }
            var hasher = Hasher()
            hasher.combine(transactions[index].wallet.name)
            hasher.combine(chain)
            keyed.append((hasher.finalize(), index))
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        var groups: [[Int]] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
            if end - start >= 2 { groups += split(keyed[start..<end].map(\.index), transactions) }
            start = end
        }
        return groups
    }

    /// The rows of one run of equal key hashes, grouped by their real (wallet, hash): almost always one group.
    static func split(_ run: [Int], _ transactions: [Transaction]) -> [[Int]] {
        var groups: [[Int]] = []
        for index in run {
            let tx = transactions[index]
            if let group = groups.firstIndex(where: {
                transactions[$0[0]].wallet == tx.wallet && transactions[$0[0]].chainTransaction == tx.chainTransaction
            }) {
                groups[group].append(index)
            } else {
                groups.append([index])
            }
        }
        return groups.filter { $0.count >= 2 }
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
