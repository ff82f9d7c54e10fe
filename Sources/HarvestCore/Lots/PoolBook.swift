/// The pools of one replay under a pooled jurisdiction: one pool per asset across all of the person's wallets
/// (transfers between them move no basis), at average cost. The storage the pooled rules share; the rules themselves
/// are in their countries' folders:
///
/// - UK (`MatchingRule.ukShareIdentification`, `Jurisdictions/UK/ShareIdentification.swift`): same day, 30 days, then
///   the section 104 pool; the day, entry, group and part records below are its bookkeeping.
/// - Canada (`MatchingRule.averageCost`, `Jurisdictions/Canada/AdjustedCostBase.swift`): every acquisition joins the
///   pool and every disposal takes its average cost, in time order; the superficial-loss rule then denies part of a
///   loss (`SuperficialLoss.swift`).
///
/// A class so that the replay stays cheap to pass around (a struct of a dozen arrays would be retained and released
/// field by field at every copy); the replay copies it before mutating a shared one (`LotBook`), so it behaves as a
/// value: that is what makes the unchecked `Sendable` sound.
final class PoolBook: @unchecked Sendable {
    struct Pool {
        /// Units and cost in the pool (UK: the section 104 holding; Canada: everything held).
        var quantity = Quantity.zero
        var basis = Money.zero
        /// The day the pool last went from empty to holding units: the `date_acquired` of its rows.
        var opened = CivilDate(daysSinceEpoch: 0)
        /// Units actually held across the wallets: the shortfall check (UK: the pool lags it within a day).
        var held = Quantity.zero
        /// Canada: a superficial loss denied while the pool was empty, added with the next acquisition.
        var deniedWaiting = Money.zero
        /// Units of unknown cost (a deposit from an unknown address, at zero cost) joined the pool since it last
        /// opened: rows it yields are flagged `missingBasis`.
        var unknownBasis = false
        /// UK: the open day (days since the epoch; `Int32.min` when none) and its acquisitions and disposals.
        var day = Int32.min
        var dayAcquired = Quantity.zero
        var dayCost = Money.zero
        /// Position of the day's first acquisition: what the day's matched rows name as their lot.
        var dayAcquisition: Int32 = -1
        var dayDisposed = Quantity.zero
        var dayFirstEntry: Int32 = -1
        var dayLastEntry: Int32 = -1
        /// UK: groups still open to 30-day matches, in date order (those before `pendingHead` are settled).
        var pending: [Int32] = []
        var pendingHead = 0
    }

    /// One disposing transaction's units of one asset (its sent units, or its fee units).
    struct Entry {
        var position: Int32
        var kind: DisposalKind
        var quantity: Quantity
        /// Units with no acquisition behind them (`allowMissingBasis`): zero basis, flagged.
        var missing: Quantity
        var proceeds: Money
        /// The part of the transaction's fee that `proceeds` is net of (`Disposal.sellingCost`).
        var sellingCost: Money
        var next: Int32 = -1
    }

    /// UK: the disposal of one token on one day, and how it has been matched so far.
    struct Group {
        var pool: Int32
        var date: CivilDate
        var firstEntry: Int32
        /// Units to match (missing units apart).
        var disposed: Quantity
        var sameDay: Quantity
        var sameDayCost: Money
        var sameDayAcquisition: Int32
        /// Units still drawn provisionally from the pool, and their cost.
        var remaining: Quantity
        var remainingBasis: Money
        var poolOpened: CivilDate
        /// The pool held units of unknown cost when the units were drawn: its rows are flagged `missingBasis`.
        var poolUnknownBasis = false
        var firstPart: Int32 = -1
        var lastPart: Int32 = -1
        var done = false
    }

    /// UK: a 30-day match of a group with a later day's acquisition.
    struct Part {
        var date: CivilDate
        var acquisition: Int32
        var quantity: Quantity
        var cost: Money
        var next: Int32 = -1
    }

    /// One cell of a group's rows: a matched part, before it is split over the group's entries.
    struct Cell {
        var matching: Matching
        var quantity: Quantity
        var cost: Money
        var acquisition: Int32
        var date: CivilDate
        var quantityLeft: Quantity
        var costLeft: Money
    }

    let matching: MatchingRule
    var pools: [Pool] = []
    var assets: [Asset] = []
    var index: [Asset: Int] = [:]
    /// Units by asset and wallet: how the pool's holding is shown wallet by wallet (holdings, the planner).
    var wallets: [Replay.BucketKey: Quantity] = [:]
    var entries: [Entry] = []
    var groups: [Group] = []
    var parts: [Part] = []
    /// UK: the day the open day groups belong to, and the pools that have one.
    var openDay = Int32.min
    var openPools: [Int32] = []
    /// UK: every group in date order, for settling those whose 30 days have passed.
    var queue: [Int32] = []
    var queueHead = 0
    /// UK: the entry of each disposal row, to put the rows in disposal order at the end.
    var rowEntries: [Int32] = []
    var cellBuffer: [Cell] = []
    /// Canada: acquisitions and holdings by day, for the superficial-loss test (nil without the rule).
    var superficial: SuperficialWindow?
    var superficialRule: WashSaleRule?
    /// Rows that named lots (specific identification), which pooled rules cannot honour.
    var ignoredPicks = 0

    init(matching: MatchingRule) { self.matching = matching }

    /// An independent copy (copy on write, by hand).
    func copy() -> PoolBook {
        let copy = PoolBook(matching: matching)
        copy.pools = pools
        copy.assets = assets
        copy.index = index
        copy.wallets = wallets
        copy.entries = entries
        copy.groups = groups
        copy.parts = parts
        copy.openDay = openDay
        copy.openPools = openPools
        copy.queue = queue
        copy.queueHead = queueHead
        copy.rowEntries = rowEntries
        copy.superficial = superficial
        copy.superficialRule = superficialRule
        copy.ignoredPicks = ignoredPicks
        return copy
    }

    func number(_ asset: Asset) -> Int {
        if let found = index[asset] { return found }
        let number = pools.count
        pools.append(Pool())
        assets.append(asset)
        index[asset] = number
        return number
    }
}

extension PoolBook {
    /// What a pool row or a pooled holding names as its lot: there is no single acquisition behind it.
    static let lotID = "pool"
}
