/// Something that stands between the user and a complete report, for one asset (and wallet, where that matters): the
/// rows it covers, and how much gain or loss depends on it.
public struct Problem: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        /// Rows that need a price on a day the price book does not have: every report stops at the first of them.
        case missingPrice = "missing-price"
        /// An asset with no prices at all that rows need valued: every report stops at the first of them.
        case unknownAsset = "unknown-asset"
        /// Rows that take more than was held (acquisitions missing from the history): zero-basis units were assumed.
        case missingAcquisitions = "missing-acquisitions"
        /// Withdrawals matched to no deposit and not marked: their units left the books without gain or loss.
        case unmatchedWithdrawal = "unmatched-withdrawal"
        /// Deposits matched to no withdrawal and not marked: their units arrived with zero basis.
        case unmatchedDeposit = "unmatched-deposit"
        /// Units still held whose latest price is older than the threshold: holdings and the plan value them with it.
        case stalePrice = "stale-price"

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }

        /// Whether every report fails on it (the others are computed through, flagged, with a warning).
        public var blocksReports: Bool { self == .missingPrice || self == .unknownAsset }
    }

    public var kind: Kind
    public var asset: Asset
    /// The wallet, for problems of one wallet (transfers, missing acquisitions per wallet); nil for prices.
    public var wallet: Wallet?
    /// The rows, in time order.
    public var transactions: [TransactionReference]
    /// The units concerned: missing, unmatched, unpriced or held.
    public var quantity: Quantity
    public var first: CivilDate
    public var last: CivilDate
    /// How much gain or loss depends on it, in the base currency (an estimate where prices are missing); nil when
    /// nothing values it.
    public var effect: Money?
    /// For a stale price: the day of the latest close.
    public var priceDate: CivilDate?

    public init(
        kind: Kind, asset: Asset, wallet: Wallet?, transactions: [TransactionReference], quantity: Quantity, first: CivilDate,
        last: CivilDate, effect: Money?, priceDate: CivilDate? = nil
    ) {
        self.kind = kind
        self.asset = asset
        self.wallet = wallet
        self.transactions = transactions
        self.quantity = quantity
        self.first = first
        self.last = last
        self.effect = effect
        self.priceDate = priceDate
    }
}

/// Finds the problems of a history from one lenient replay (missing basis taken as zero, missing prices as zero, each
/// noted: `AccountingPolicy.allowMissingBasis` and `unpricedAtZero`) and its transfer matching, so that every gap shows
/// at once rather than one error per run.
///
/// Ranked: the problems that stop every report first, then by how much gain or loss depends on each (largest first;
/// unknown last), then by kind, asset and wallet.
public enum ProblemFinder {
    public struct Input: Sendable {
        /// The history as replayed (after edits, decoding and transfer matching).
        public var result: LedgerResult
        /// Deposits and withdrawals left unmatched and unmarked.
        public var unmatched: [Transaction]
        public var prices: PriceBook
        public var base: Asset
        /// The day holdings are valued on, for stale prices.
        public var asOf: CivilDate
        /// A close older than this many days before `asOf` is stale.
        public var staleAfterDays: Int

        public init(result: LedgerResult, unmatched: [Transaction], prices: PriceBook, base: Asset, asOf: CivilDate, staleAfterDays: Int) {
            self.result = result
            self.unmatched = unmatched
            self.prices = prices
            self.base = base
            self.asOf = asOf
            self.staleAfterDays = staleAfterDays
        }
    }

    public static func find(_ input: Input) -> [Problem] {
        var groups = Groups()
        let prices = input.prices

        // Unpriced amounts: an asset with some prices misses some days; one with none is unknown to the price book.
        for amount in input.result.unpriced {
            let series = prices.series(for: amount.asset)
            let kind: Problem.Kind = series == nil ? .unknownAsset : .missingPrice
            let estimate = prices.latestClose(amount.asset, onOrBefore: amount.date)?.price ?? series?.closes.first
            groups.add(kind, amount.asset, nil, amount.transaction, amount.quantity, amount.date, effect: estimate.map { $0 * amount.quantity })
        }

        // Shortfalls: the proceeds of the zero-basis units are gain that depends on the missing acquisitions.
        var zeroBasisProceeds: [GroupKey: Money] = [:]
        for disposal in input.result.disposals where disposal.missingBasis {
            zeroBasisProceeds[GroupKey(kind: .missingAcquisitions, asset: disposal.asset, wallet: disposal.wallet), default: .zero]
                += disposal.proceeds
        }
        for shortfall in input.result.shortfalls {
            let wallet = shortfall.wallet ?? shortfall.transaction.wallet
            groups.add(.missingAcquisitions, shortfall.asset, wallet, shortfall.transaction, shortfall.missing, shortfall.date, effect: nil)
        }
        for (key, proceeds) in zeroBasisProceeds { groups.setEffect(key, proceeds) }

        // Unmatched transfer sides: their fair value is the basis (or the proceeds) in question.
        for tx in input.unmatched {
            let outgoing = tx.kind == .withdrawal
            guard let amount = outgoing ? tx.sent : tx.received, amount.quantity.isPositive else { continue }
            // An effect too large to compute is shown as unknown: the replay names the row when it meets it.
            let value = (try? Valuation.fairValue(
                tx, sent: outgoing ? amount : nil, received: outgoing ? nil : amount, base: input.base, prices: prices))??.value
            groups.add(outgoing ? .unmatchedWithdrawal : .unmatchedDeposit, amount.asset, tx.wallet, TransactionReference(tx), amount.quantity,
                       tx.date, effect: value)
        }

        // Stale prices of what is held.
        var held: [Asset: Quantity] = [:]
        for lot in input.result.openLots where !lot.asset.isFiat && lot.asset != input.base { held[lot.asset, default: .zero] += lot.quantity }
        for (asset, quantity) in held where quantity.isPositive {
            guard let latest = prices.latestClose(asset, onOrBefore: input.asOf) else { continue }
            let age = Int(input.asOf.daysSinceEpoch) - Int(latest.date.daysSinceEpoch)
            guard age > input.staleAfterDays else { continue }
            // From the latest close to the day valued: the closes that are missing.
            groups.problems.append(Problem(
                kind: .stalePrice, asset: asset, wallet: nil, transactions: [], quantity: quantity, first: latest.date, last: input.asOf,
                effect: try? latest.price.value(of: quantity), priceDate: latest.date))
        }

        return groups.ranked()
    }

    struct GroupKey: Hashable {
        var kind: Problem.Kind
        var asset: Asset
        var wallet: Wallet?
    }

    struct Groups {
        var index: [GroupKey: Int] = [:]
        var problems: [Problem] = []
        var seen: [Int: Set<TransactionReference>] = [:]

        mutating func add(
            _ kind: Problem.Kind, _ asset: Asset, _ wallet: Wallet?, _ reference: TransactionReference, _ quantity: Quantity,
            _ date: CivilDate, effect: Money?
        ) {
            let key = GroupKey(kind: kind, asset: asset, wallet: wallet)
            guard let at = index[key] else {
                index[key] = problems.count
                seen[problems.count] = [reference]
                problems.append(Problem(
                    kind: kind, asset: asset, wallet: wallet, transactions: [reference], quantity: quantity, first: date, last: date,
                    effect: effect))
                return
            }
            problems[at].quantity += quantity
            problems[at].first = min(problems[at].first, date)
            problems[at].last = max(problems[at].last, date)
            if let effect { problems[at].effect = (problems[at].effect ?? .zero) + effect }
            if seen[at, default: []].insert(reference).inserted { problems[at].transactions.append(reference) }
        }

        mutating func setEffect(_ key: GroupKey, _ effect: Money) {
            if let at = index[key] { problems[at].effect = effect }
        }

        func ranked() -> [Problem] {
            problems.sorted { a, b in
                if a.kind.blocksReports != b.kind.blocksReports { return a.kind.blocksReports }
                let ea = a.effect?.magnitude, eb = b.effect?.magnitude
                if ea != eb {
                    guard let ea else { return false }
                    guard let eb else { return true }
                    return ea > eb
                }
                if a.kind != b.kind { return a.kind < b.kind }
                if a.asset != b.asset { return a.asset < b.asset }
                return (a.wallet?.name ?? "") < (b.wallet?.name ?? "")
            }
        }
    }
}
