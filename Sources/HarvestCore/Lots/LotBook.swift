/// The lot engine applied one transaction at a time, for simulations that decide each day from the lots
/// held (the backtester): the same replay as `LotEngine.run`, with the same results for the same history.
///
/// A wash-sale rule that defers losses needs the purchases after each sale, which a simulation has not made
/// yet, so a `LotBook` takes policies without one (a simulation avoids wash sales by its own trading, or
/// replays its history through `LotEngine.run` at the end).
public struct LotBook: Sendable {
    private var replay: Replay

    public init(prices: PriceBook = PriceBook(), policy: AccountingPolicy = AccountingPolicy(), jurisdiction: Jurisdiction = .us) {
        precondition(policy.washSale.map { $0.effect != .disallowAndDefer || $0.appliesTo.isEmpty } ?? true,
                     "a LotBook cannot apply a wash-sale rule that defers losses: it cannot see later purchases")
        replay = Replay(transactions: [], prices: prices, policy: policy, jurisdiction: jurisdiction)
    }

    /// Applies `transaction`, which must not be earlier than the last one applied.
    /// - Throws: `LedgerError` as `LotEngine.run` would for this row; the book is then unusable.
    public mutating func apply(_ transaction: Transaction) throws(LedgerError) {
        if let last = replay.input.last {
            precondition((last.timestamp, last.sequence) <= (transaction.timestamp, transaction.sequence),
                         "LotBook transactions must come in time order: \(transaction.id) is before \(last.id)")
        }
        let year = replay.jurisdiction.taxYear.year(of: transaction.date)
        if replay.pooled && !isKnownUniquelyReferenced(&replay.pools) { replay.pools = replay.pools.copy() }
        replay.input.append(transaction)
        replay.years.append(year)
        if replay.input.count == 1 {
            replay.currentYear = year
            replay.method = replay.policy.method(for: year)
            replay.scope = replay.policy.scope(for: year)
        } else if year != replay.currentYear {
            replay.currentYear = year
            replay.enterYear(year)
        }
        try replay.apply(Int32(replay.input.count - 1))
    }

    /// Everything so far: disposals, open lots, removals, income. Under the UK rules, disposals still open to
    /// 30-day matches are settled as if nothing more were bought.
    public var result: LedgerResult {
        guard replay.identifying else { return replay.result() }
        var settled = replay
        settled.pools = replay.pools.copy()
        settled.finishPools()
        return settled.result()
    }

    /// The disposals so far (cheaper than `result` when only they are needed). Under the UK rules, only the
    /// settled ones (a disposal settles when its 30 days have passed), in the order they settled.
    public var disposals: [Disposal] { replay.disposals }

    /// Days after a disposal until its rows are final (the UK's 30-day rule: 31; otherwise 0).
    public var settlementDays: Int { replay.settlementDays }

    /// Whether some disposals still wait for 30-day matches (UK): `disposals` does not show them yet.
    public var hasUnsettledDisposals: Bool {
        replay.identifying && (replay.pools.queue[replay.pools.queueHead...].contains { !replay.pools.groups[Int($0)].done }
            || !replay.pools.openPools.isEmpty)
    }

    /// Settles the UK disposals whose 30 days have passed by `date` (a simulation calls this as its days pass).
    public mutating func advance(to date: CivilDate) {
        if replay.pooled && !isKnownUniquelyReferenced(&replay.pools) { replay.pools = replay.pools.copy() }
        replay.poolEnterDay(date)
    }

    /// Calls `body` with each open lot of `asset` (any wallet), in no particular order: a cheap daily scan. Under a
    /// pooled jurisdiction, one lot per wallet holding the asset, at the pool's average cost.
    public func forEachOpenLot(of asset: Asset, _ body: (OpenLot) -> Void) {
        if replay.pooled {
            for lot in replay.poolOpenLots(of: asset) {
                body(OpenLot(quantity: lot.quantity, costBasis: lot.costBasis, holdingStart: lot.holdingStart,
                             transactionID: lot.transactionID, wallet: lot.wallet))
            }
            return
        }
        // The buckets of the asset hold every open lot (and some emptied ones, dropped lazily).
        for (number, key) in replay.bucketKeys.enumerated() where key.asset == asset {
            for entry in replay.buckets[number].heap.entries {
                let lot = replay.lots[Int(entry.lot)]
                guard lot.quantity.isPositive else { continue }
                body(OpenLot(quantity: lot.quantity, costBasis: lot.basis, holdingStart: lot.holdingStart,
                             transactionID: replay.originID(lot.origin), wallet: lot.wallet))
            }
        }
    }

    /// What a scan of open lots sees.
    public struct OpenLot: Sendable {
        public var quantity: Quantity
        public var costBasis: Money
        public var holdingStart: CivilDate
        /// The acquiring transaction: name it in `lotPicks` to sell this lot.
        public var transactionID: String
        public var wallet: Wallet
    }
}
