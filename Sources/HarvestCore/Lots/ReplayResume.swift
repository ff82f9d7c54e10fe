/// The state of a replay at the start of a tax year: what a replay of a longer or changed history can resume from, when
/// the history up to that point is the same (issue 16: a command after an import of newer rows replays only the years
/// the import reaches).
///
/// Taken by `LotEngine.run(_:prices:policy:jurisdiction:capturingYears:)` before the first row of the year is applied (so
/// before the year's method and scope take effect), and resumed by `LotEngine.resume(from:_:prices:policy:jurisdiction:)`.
/// It holds what the rows after it can still reach, and no more:
///
/// - the open lots (the lots emptied before are dropped: no later row can take from them), each bucket's heap of them,
///   and the creation count, so that a new lot is ordered after every earlier one as in a whole replay;
/// - the method and scope in force, the units of each wallet (universal scope), the gifts' dual basis;
/// - the wash-sale bookkeeping: the losses waiting for a replacement not yet acquired, the lots each acquisition made,
///   and the units of recent acquisitions already used as replacements (a replacement bought up to `daysBefore` before
///   a later sale);
/// - the pools (UK, Canada), with the UK's disposals still open to 30-day matches;
/// - the counts behind the warnings, and the conservation ledger with the rows already made counted out.
///
/// The rows made before it (disposals, removals, income, unpriced amounts, shortfalls) are not in it: a resumed replay
/// makes the rows from the state on, which follow the first `disposalCount` (…) rows of the whole replay's lists.
/// Under the UK's rules a disposal makes its rows when its 30 days have passed, and the rows are put in disposal order
/// at the end: there a resumed replay's rows of `year` and later are the whole replay's rows of those years, and its
/// rows of earlier years (disposals still open at the state) repeat rows the whole replay has in those years.
///
/// Whether the history before the state is unchanged is for the caller to know (the store's change log, a margin for
/// the rules that look forward past a sale: `forwardDays`). The resume checks what it cheaply can (the year at the
/// position and the row before it) and declines when that does not fit.
public struct ReplayState: Sendable {
    /// The position (in time order) of the first row not applied: the first row of `year`.
    public let position: Int
    /// The tax year that starts at `position`.
    public let year: Int
    /// The date of the row at `position` when the state was taken: the first day of the year with a row then.
    public let firstDate: CivilDate
    /// How many rows of each list the replay had made before the state.
    public let disposalCount: Int
    public let removalCount: Int
    public let incomeCount: Int
    public let unpricedCount: Int
    public let shortfallCount: Int
    /// The row before `position` (its wallet and id), and the tax year it belongs to.
    let previous: TransactionReference?
    let previousYear: Int
    /// Under what the state was made: a resume under another policy or jurisdiction is declined.
    public let policy: AccountingPolicy
    public let jurisdiction: Jurisdiction

    let lots: [Replay.LotState]
    let serialOffset: Int32
    let buckets: [Replay.Bucket]
    let bucketKeys: [Replay.BucketKey]
    let method: LotMethod
    let scope: BasisScope
    let walletBalances: [Replay.BucketKey: Quantity]
    let dualBasis: [Int32: Replay.DualBasis]
    let missingBasisCount: Int
    let audit: ReplayAudit
    /// Wash sales: deferrals by the position they wait for, lot indices (into `lots`) by origin, and units used as
    /// replacements by the position of the acquisition.
    let washPending: [Int32: [WashState.Deferral]]
    let washLotsByOrigin: [Int32: [Int32]]
    let washUsed: [Int32: Quantity]
    /// The pools (pooled jurisdictions): a copy of their own, never changed.
    let pools: PoolBook?

    /// Where the history a resume needs begins: no rule looks back from a row of `year` or later, nor does the state point,
    /// to a row dated before `cutDate` (`lookBackDays`), so the rows from that day on are enough
    /// (`LotEngine.resume(from:fromCut:…)`). `cutPosition` rows come before it in time order.
    public let cutDate: CivilDate
    public let cutPosition: Int
    /// The rows before the cut that open lots were acquired by (their ids, sources and valuations name the lots).
    let origins: [Int32: Transaction]
    /// The magnitudes of the rows before the cut, added up (`SupportedRange.checkLedgerTotals`).
    let totalBeforeCut: Fixed
    /// Units of each asset held before the cut, when Canada's superficial-loss window counts them.
    let unitsBeforeCut: [Asset: Quantity]
    /// A digest of the rows from the cut to the state's position as the replay saw them (`RowDigest`): a resume checks
    /// that it is given the same rows there (after transfer matching), which the rules looking back from the year read.
    let rowDigest: UInt64
    /// What the caller knew of the rows before the cut (`CutNotes`), for a replay of the rows from it; nil when it said
    /// nothing (the caller then gives the whole history).
    public var notes: CutNotes? = nil

    /// The open lots held in the state (for measuring what a state costs to keep).
    public var openLotCount: Int { lots.count }

    /// Whether `ReplaySnapshot.encode(_:)` holds this state: not one whose conservation totals overflowed.
    public var isEncodable: Bool { audit.overflow == nil }

    /// How many days before a tax year's start its cut lies: the longest look back of a rule from a row of the year (a
    /// wash-sale rule's days before a sale; the 30 days of the UK's and Canada's rules, which also look back from an
    /// acquisition to the sales it matches), and a week more.
    public static func lookBackDays(policy: AccountingPolicy, jurisdiction: Jurisdiction) -> Int {
        let rules = [policy.washSale, jurisdiction.washSale].compactMap { $0 }
        let longest = rules.map { max($0.daysBefore, $0.daysAfter) }.max() ?? 0
        return min(max(longest, 30), 3_650) + 7
    }
}

/// What a caller knew of a history before a state's cut that the rows from the cut cannot tell it again, kept with the
/// state: the deposits and withdrawals left unmatched before the cut, and the tax years with rows before it (the CLI's
/// warnings count over the whole history).
public struct CutNotes: Sendable, Hashable {
    public var unmatchedWithdrawals: Int
    public var unmatchedDeposits: Int
    public var years: [Int]

    public init(unmatchedWithdrawals: Int, unmatchedDeposits: Int, years: [Int]) {
        self.unmatchedWithdrawals = unmatchedWithdrawals
        self.unmatchedDeposits = unmatchedDeposits
        self.years = years
    }
}

extension LotEngine {
    /// `run(_:prices:policy:jurisdiction:)`, also taking the replay's state at the start of each tax year in `years` that
    /// the history reaches after its first row.
    public static func run(
        _ transactions: [Transaction], prices: PriceBook = PriceBook(), policy: AccountingPolicy = AccountingPolicy(),
        jurisdiction: Jurisdiction = .us, capturingYears years: Set<Int>
    ) throws(LedgerError) -> (result: LedgerResult, states: [ReplayState]) {
        try SupportedRange.checkLedgerTotals(transactions)
        var replay = Replay(transactions: transactions, prices: prices, policy: policy, jurisdiction: jurisdiction)
        replay.audit = ReplayAudit(checked: policy.checkedArithmetic)
        replay.captureYears = years
        try replay.run()
        let result = replay.result()
        try replay.verifyConservation(result)
        return (result, replay.captured)
    }

    /// Replays `transactions` from `state` on: the same as a whole replay's rows after the state's counts, the same open
    /// lots and warnings, when the history before `state.position` is the one the state was taken from (the caller's to
    /// know). The result's `disposals`, `removals`, `income`, `unpriced` and `shortfalls` are those made from the state on.
    ///
    /// Nil when the state does not fit the history: another policy or jurisdiction, the history too short, another year
    /// or another row at the boundary. The caller then replays the whole history.
    public static func resume(
        from state: ReplayState, _ transactions: [Transaction], prices: PriceBook = PriceBook(),
        policy: AccountingPolicy = AccountingPolicy(), jurisdiction: Jurisdiction = .us
    ) throws(LedgerError) -> LedgerResult? {
        try resume(from: state, transactions, prices: prices, policy: policy, jurisdiction: jurisdiction, capturingYears: [])?.result
    }

    /// The same, also taking the state at the start of each tax year in `years` after the state's.
    ///
    /// With `fromCut`, `transactions` are the history's rows dated `state.cutDate` or later only: the rows before (which
    /// the state stands for) are not needed. The result's `transactions` are those rows; a disposal's or lot's position
    /// before them names a row the state kept (`LedgerResult.transaction(at:)`).
    public static func resume(
        from state: ReplayState, _ transactions: [Transaction], prices: PriceBook = PriceBook(),
        policy: AccountingPolicy = AccountingPolicy(), jurisdiction: Jurisdiction = .us, capturingYears years: Set<Int>,
        fromCut: Bool = false
    ) throws(LedgerError) -> (result: LedgerResult, states: [ReplayState])? {
        guard state.policy == policy, state.jurisdiction == jurisdiction else { return nil }
        try SupportedRange.checkLedgerTotals(transactions, startingAt: fromCut ? state.totalBeforeCut : .zero)
        var replay = Replay(
            transactions: transactions, prices: prices, policy: policy, jurisdiction: jurisdiction, first: fromCut ? state.cutPosition : 0,
            earlierRows: fromCut ? state.origins : [:])
        if fromCut {
            replay.unitsBeforeFirst = state.unitsBeforeCut
            replay.totalBeforeFirst = state.totalBeforeCut
        }
        guard replay.fits(state) else { return nil }
        replay.captureYears = years
        try replay.resume(state)
        let result = replay.result()
        try replay.verifyConservation(result)
        return (result, replay.captured)
    }
}

extension Replay {
    /// The state before the row at `position` (the first of a new tax year) is applied.
    func capture(at position: Int) -> ReplayState {
        // The open lots, renumbered in their order; an emptied lot is in no heap's reach any more.
        var renumbered = [Int32](repeating: -1, count: lots.count)
        var open: [LotState] = []
        for index in lots.indices where lots[index].quantity.isPositive {
            renumbered[index] = Int32(open.count)
            open.append(lots[index])
        }
        var buckets = self.buckets
        for number in buckets.indices {
            // A heap pops in the order of its keys, which are unique (the creation order breaks ties): rebuilt from the
            // open lots' entries, it gives them in the same order. Sorted (a sorted array is a heap), the same open lots
            // make the same state however the heap grew (a whole replay's, or one resumed from an earlier state).
            let entries = buckets[number].heap.entries.compactMap { entry -> LotHeap.Entry? in
                let lot = renumbered[Int(entry.lot)]
                return lot < 0 ? nil : LotHeap.Entry(key: entry.key, lot: lot)
            }.sorted { $0.key < $1.key }
            buckets[number].heap.rebuild(entries)
        }
        let pools: PoolBook? = pooled ? self.pools.compacted() : nil
        let cut = cut(before: position, pools: pools)
        var pending: [Int32: [WashState.Deferral]] = [:]
        var lotsByOrigin: [Int32: [Int32]] = [:]
        var used: [Int32: Quantity] = [:]
        if let wash {
            pending = wash.pending
            for (origin, indices) in wash.lotsByOrigin {
                let kept = indices.compactMap { renumbered[Int($0)] < 0 ? nil : renumbered[Int($0)] }
                if !kept.isEmpty { lotsByOrigin[origin] = kept }
            }
            // A later sale looks back `daysBefore` from its own day, which is no earlier than the last row's before the
            // state (rows may be added between it and the year's first row).
            // (On the rows from a cut with none before the position, the rows before are not here: from the first.)
            let from = position > first ? ordered(position - 1).date.adding(days: -wash.rule.daysBefore) : CivilDate(daysSinceEpoch: .min)
            for candidates in wash.candidates.values {
                // (Those before the cut are not needed: a later sale looks back less far.)
                for candidate in candidates[candidates.partitioningIndex { $0.date >= from }...]
                where candidate.used.isPositive && Int(candidate.position) >= cut.position {
                    used[candidate.position] = candidate.used
                }
            }
        }
        // The rows made so far are counted out, so that the resumed replay's own rows balance (`ReplayAudit.verify`).
        var audit = self.audit
        for disposal in disposals { audit.left(disposal.asset, units: disposal.quantity, basis: disposal.costBasis) }
        for removal in removals { audit.left(removal.asset, units: removal.quantity, basis: removal.costBasis) }
        // The rows' order at the end (UK) is of the rows made after the state: those before keep theirs.
        let previous = position > first ? TransactionReference(ordered(position - 1)) : position > 0 ? previousBeforeFirst : nil
        var origins: [Int32: Transaction] = [:]
        origins.reserveCapacity(open.count)
        for lot in open where Int(lot.origin) < cut.position && origins[lot.origin] == nil { origins[lot.origin] = originRow(lot.origin) }
        var digest = RowDigest()
        for row in cut.position..<position { digest.add(input[inputIndex(row)]) }
        var total = totalBeforeFirst
        for before in first..<max(first, cut.position) {
            // Within the bound the replay's input was checked against (`checkLedgerTotals`): it cannot overflow.
            total = (try? total.adding(SupportedRange.magnitude(of: input[inputIndex(before)]))) ?? total
        }
        return ReplayState(
            position: position, year: years[position], firstDate: ordered(position).date,
            disposalCount: rowsBefore.disposals + disposals.count, removalCount: rowsBefore.removals + removals.count,
            incomeCount: rowsBefore.income + income.count, unpricedCount: rowsBefore.unpriced + log.unpriced.count,
            shortfallCount: rowsBefore.shortfalls + log.shortfalls.count, previous: previous, previousYear: currentYear, policy: policy,
            jurisdiction: jurisdiction, lots: open, serialOffset: nextSerial - Int32(open.count), buckets: buckets,
            bucketKeys: bucketKeys, method: method, scope: scope, walletBalances: walletBalances, dualBasis: dualBasis,
            missingBasisCount: missingBasisCount, audit: audit, washPending: pending, washLotsByOrigin: lotsByOrigin,
            washUsed: used, pools: pools, cutDate: cut.date, cutPosition: cut.position, origins: origins, totalBeforeCut: total,
            unitsBeforeCut: self.pools.superficial?.unitsHeld(before: cut.date) ?? [:], rowDigest: digest.value)
    }

    /// The cut of a state taken before the row at `position` (`ReplayState.cutDate`): `lookBackDays` before its tax year's
    /// start, or earlier when a pool's disposal still open to matches, or a row matched to it, lies before that.
    func cut(before position: Int, pools: PoolBook?) -> (date: CivilDate, position: Int) {
        var date = jurisdiction.taxYear.start(of: years[position])
            .adding(days: -ReplayState.lookBackDays(policy: policy, jurisdiction: jurisdiction))
        if let pools {
            let needed = pools.entries.map(\.position) + pools.groups.map(\.sameDayAcquisition) + pools.parts.map(\.acquisition)
            if let earliest = needed.filter({ $0 >= 0 }).min(), Int(earliest) >= first, ordered(Int(earliest)).date < date {
                date = ordered(Int(earliest)).date
            }
        }
        // Rows are in time order, so their days are too: the first position dated `date` or later.
        var low = first, high = position
        while low < high {
            let middle = (low + high) / 2
            if ordered(middle).date < date { low = middle + 1 } else { high = middle }
        }
        return (date, low)
    }

    /// Whether `state` can be resumed on this history: the same year starts at its position, after the same row. (The row
    /// at the position may be another: rows added to the year before the old first one, later than any rule looks
    /// forward from the rows before.)
    ///
    /// On the history from the state's cut (`first` > 0), the rows before the state's position that are there must be
    /// dated on or after the cut, and every open lot acquired before it must be among the rows the state kept.
    func fits(_ state: ReplayState) -> Bool {
        guard state.position > 0, state.position >= first, state.position < count, years[state.position] == state.year,
              state.previous != nil else { return false }
        if state.position > first {
            guard years[state.position - 1] == state.previousYear, years[state.position - 1] != state.year,
                  TransactionReference(ordered(state.position - 1)) == state.previous else { return false }
        }
        if first > 0 {
            guard first == state.cutPosition, ordered(first).date >= state.cutDate,
                  state.lots.allSatisfy({ Int($0.origin) >= first || state.origins[$0.origin] != nil }) else { return false }
        }
        // The rows from the cut on that the state stands on are the ones it was taken on.
        guard state.cutPosition >= first, state.cutPosition <= state.position else { return false }
        var digest = RowDigest()
        for row in state.cutPosition..<state.position { digest.add(input[inputIndex(row)]) }
        return digest.value == state.rowDigest
    }

    /// Takes `state` as its own and applies the rows from its position on.
    mutating func resume(_ state: ReplayState) throws(LedgerError) {
        // The rules that read the whole history are set up from it (the replacement candidates, Canada's window), then
        // given the state's bookkeeping.
        wash = WashState(self)
        if wash != nil {
            wash!.pending = state.washPending
            wash!.lotsByOrigin = state.washLotsByOrigin
            if !state.washUsed.isEmpty {
                for identity in Array(wash!.candidates.keys) {
                    for index in wash!.candidates[identity]!.indices {
                        if let used = state.washUsed[wash!.candidates[identity]![index].position] {
                            wash!.candidates[identity]![index].used = used
                        }
                    }
                }
            }
        }
        if let pools = state.pools { self.pools = pools.copy() }
        preparePools()
        lots = state.lots
        serialOffset = state.serialOffset
        lots.reserveCapacity(lots.count + (count - state.position) * 2)
        buckets = state.buckets
        bucketKeys = state.bucketKeys
        bucketIndex = [:]
        for (number, key) in bucketKeys.enumerated() { bucketIndex[key] = number }
        method = state.method
        scope = state.scope
        walletBalances = state.walletBalances
        dualBasis = state.dualBasis
        missingBasisCount = state.missingBasisCount
        audit = state.audit
        rowsBefore = (state.disposalCount, state.removalCount, state.incomeCount, state.unpricedCount, state.shortfallCount)
        if state.position == first { previousBeforeFirst = state.previous }
        currentYear = state.previousYear
        try apply(from: state.position)
        finishPools()
    }
}

extension PoolBook {
    /// Every index the book holds points into its lists, and each chain of entries or parts runs forward (so that it
    /// ends): what a decoded state's pools must satisfy before a replay walks them.
    func checkIndices() throws(SnapshotError) {
        func within(_ index: Int32, _ count: Int, none: Bool = true) -> Bool { (none && index == -1) || (index >= 0 && Int(index) < count) }
        func forward(_ from: Int32, _ next: Int32, _ count: Int) -> Bool { next == -1 || (next > from && Int(next) < count) }
        for (number, entry) in entries.enumerated() where !forward(Int32(number), entry.next, entries.count) {
            throw .malformed("pool entry \(number) goes on to \(entry.next)")
        }
        for (number, part) in parts.enumerated() where !forward(Int32(number), part.next, parts.count) {
            throw .malformed("pool part \(number) goes on to \(part.next)")
        }
        for group in groups where !within(group.pool, pools.count, none: false) || !within(group.firstEntry, entries.count)
            || !within(group.firstPart, parts.count) || !within(group.lastPart, parts.count) {
            throw .malformed("a pool group points outside the state")
        }
        for g in queue + pools.flatMap(\.pending) where !within(g, groups.count, none: false) {
            throw .malformed("pool group \(g) of \(groups.count)")
        }
        for pool in pools where !within(pool.dayFirstEntry, entries.count) || !within(pool.dayLastEntry, entries.count) {
            throw .malformed("a pool's day points outside the state")
        }
        for p in openPools where !within(p, pools.count, none: false) { throw .malformed("open pool \(p) of \(pools.count)") }
    }

    /// A copy holding only what later rows can reach (UK): the disposals still open to 30-day matches (their groups, with
    /// their entries and matched parts) and the day open in each pool, renumbered in their order (the rows are put in
    /// entry order at the end, so the order must stay). A settled group is skipped by every walk of the queue and the
    /// pools' pending lists, so dropping it changes nothing. No rows' entries (`rowEntries`): those are of rows made before.
    func compacted() -> PoolBook {
        let book = copy()
        book.rowEntries = []
        book.cellBuffer = []
        guard matching == .ukShareIdentification else { return book }
        // The live groups: open ones in the queue and in the pools' pending lists.
        var liveGroups = Set<Int32>()
        for g in queue[queueHead...] where !groups[Int(g)].done { liveGroups.insert(g) }
        for pool in pools { for g in pool.pending[pool.pendingHead...] where !groups[Int(g)].done { liveGroups.insert(g) } }
        var liveEntries = Set<Int32>(), liveParts = Set<Int32>()
        func chain(_ first: Int32, _ next: (Int32) -> Int32, into live: inout Set<Int32>) {
            var cursor = first
            while cursor >= 0 {
                live.insert(cursor)
                cursor = next(cursor)
            }
        }
        for g in liveGroups {
            chain(groups[Int(g)].firstEntry, { self.entries[Int($0)].next }, into: &liveEntries)
            chain(groups[Int(g)].firstPart, { self.parts[Int($0)].next }, into: &liveParts)
        }
        for pool in pools where pool.day != Int32.min { chain(pool.dayFirstEntry, { self.entries[Int($0)].next }, into: &liveEntries) }
        // Renumbered in their order.
        func numbering(_ live: Set<Int32>) -> [Int32: Int32] {
            Dictionary(uniqueKeysWithValues: live.sorted().enumerated().map { ($1, Int32($0)) })
        }
        let groupNumber = numbering(liveGroups), entryNumber = numbering(liveEntries), partNumber = numbering(liveParts)
        func renumbered(_ index: Int32, _ numbers: [Int32: Int32]) -> Int32 { index < 0 ? index : numbers[index] ?? -1 }
        book.entries = liveEntries.sorted().map { old in
            var entry = entries[Int(old)]
            entry.next = renumbered(entry.next, entryNumber)
            return entry
        }
        book.parts = liveParts.sorted().map { old in
            var part = parts[Int(old)]
            part.next = renumbered(part.next, partNumber)
            return part
        }
        book.groups = liveGroups.sorted().map { old in
            var group = groups[Int(old)]
            group.firstEntry = renumbered(group.firstEntry, entryNumber)
            group.firstPart = renumbered(group.firstPart, partNumber)
            group.lastPart = renumbered(group.lastPart, partNumber)
            return group
        }
        book.queue = queue[queueHead...].compactMap { groupNumber[$0] }
        book.queueHead = 0
        for p in book.pools.indices {
            let pool = pools[p]
            book.pools[p].pending = pool.pending[pool.pendingHead...].compactMap { groupNumber[$0] }
            book.pools[p].pendingHead = 0
            book.pools[p].dayFirstEntry = renumbered(pool.dayFirstEntry, entryNumber)
            book.pools[p].dayLastEntry = renumbered(pool.dayLastEntry, entryNumber)
        }
        return book
    }
}

// MARK: - Encoding

extension ReplaySnapshot {
    /// Units by asset and wallet (a wallet's balance, a pool's units in a wallet), in key order.
    private static func writeUnits(_ units: [Replay.BucketKey: Quantity], to writer: inout SnapshotWriter) {
        writer.unsigned(UInt64(units.count))
        for (key, quantity) in units.sorted(by: { ($0.key.asset, $0.key.wallet?.name ?? "") < ($1.key.asset, $1.key.wallet?.name ?? "") }) {
            writer.text(key.asset.symbol)
            writer.optional(key.wallet) { $0.text($1.name) }
            writer.quantity(quantity)
        }
    }

    /// The bytes of `state`, for a checkpoint's part; nil for one whose conservation totals overflowed (checked
    /// arithmetic: the whole replay reports it).
    ///
    /// The policy and jurisdiction are not in it: the checkpoint's key stands for the settings, and `decodeState` takes
    /// them from the caller.
    public static func encode(_ state: ReplayState) -> [UInt8]? {
        guard state.isEncodable else { return nil }
        var writer = begin(capacity: 80 * state.lots.count + 40 * state.lots.count + 256)
        writer.unsigned(UInt64(state.position))
        writer.int(state.year)
        writer.date(state.firstDate)
        for count in [state.disposalCount, state.removalCount, state.incomeCount, state.unpricedCount, state.shortfallCount] {
            writer.unsigned(UInt64(count))
        }
        writer.optional(state.previous) { writer, previous in
            writer.text(previous.wallet.name)
            writer.text(previous.id)
        }
        writer.int(state.previousYear)
        writer.date(state.cutDate)
        writer.unsigned(UInt64(state.cutPosition))
        writer.fixed(state.totalBeforeCut)
        writer.unsigned(UInt64(state.unitsBeforeCut.count))
        for (asset, units) in state.unitsBeforeCut.sorted(by: { $0.key < $1.key }) {
            writer.text(asset.symbol)
            writer.quantity(units)
        }
        writer.unsigned(state.rowDigest)
        writer.optional(state.notes) { writer, notes in
            writer.unsigned(UInt64(notes.unmatchedWithdrawals))
            writer.unsigned(UInt64(notes.unmatchedDeposits))
            writer.unsigned(UInt64(notes.years.count))
            for year in notes.years { writer.int(year) }
        }
        writer.unsigned(UInt64(state.origins.count))
        for (origin, row) in state.origins.sorted(by: { $0.key < $1.key }) {
            writer.signed(Int64(origin))
            writer.transaction(row)
        }
        writer.unsigned(UInt64(state.lots.count))
        for lot in state.lots {
            writer.text(lot.asset.symbol)
            writer.text(lot.wallet.name)
            writer.quantity(lot.quantity)
            writer.money(lot.basis)
            writer.fixed(Fixed(raw: lot.unitCost))
            writer.bool(lot.missingBasis)
            writer.bool(lot.replacementUsed)
            writer.date(lot.dateAcquired)
            writer.instant(lot.acquiredAt)
            writer.date(lot.holdingStart)
            writer.signed(Int64(lot.origin))
            writer.signed(Int64(lot.serial))
        }
        writer.signed(Int64(state.serialOffset))
        writer.unsigned(UInt64(state.buckets.count))
        for (bucket, key) in zip(state.buckets, state.bucketKeys) {
            writer.text(key.asset.symbol)
            writer.optional(key.wallet) { $0.text($1.name) }
            writer.quantity(bucket.total)
            writer.unsigned(UInt64(bucket.heap.entries.count))
            for entry in bucket.heap.entries {
                writer.fixed(Fixed(raw: entry.key.primary))
                writer.signed(entry.key.secondary)
                writer.signed(entry.key.tertiary)
                writer.unsigned(UInt64(entry.lot))
            }
        }
        writer.choice(state.method)
        writer.choice(state.scope)
        writeUnits(state.walletBalances, to: &writer)
        writer.unsigned(UInt64(state.dualBasis.count))
        for (origin, dual) in state.dualBasis.sorted(by: { $0.key < $1.key }) {
            writer.signed(Int64(origin))
            writer.money(dual.gap)
            writer.quantity(dual.quantity)
        }
        writer.unsigned(UInt64(state.missingBasisCount))
        for flows in [state.audit.inflow, state.audit.outflow] {
            writer.unsigned(UInt64(flows.count))
            for (asset, flow) in flows.sorted(by: { $0.key < $1.key }) {
                writer.text(asset.symbol)
                writer.fixed(flow.units)
                writer.fixed(flow.basis)
            }
        }
        writer.unsigned(UInt64(state.washPending.count))
        for (position, deferrals) in state.washPending.sorted(by: { $0.key < $1.key }) {
            writer.signed(Int64(position))
            writer.unsigned(UInt64(deferrals.count))
            for deferral in deferrals {
                writer.quantity(deferral.units)
                writer.money(deferral.basis)
                writer.int(deferral.tackDays)
            }
        }
        writer.unsigned(UInt64(state.washLotsByOrigin.count))
        for (origin, lots) in state.washLotsByOrigin.sorted(by: { $0.key < $1.key }) {
            writer.signed(Int64(origin))
            writer.unsigned(UInt64(lots.count))
            for lot in lots { writer.unsigned(UInt64(lot)) }
        }
        writer.unsigned(UInt64(state.washUsed.count))
        for (position, used) in state.washUsed.sorted(by: { $0.key < $1.key }) {
            writer.signed(Int64(position))
            writer.quantity(used)
        }
        writer.optional(state.pools) { writer, pools in
            writer.unsigned(UInt64(pools.pools.count))
            for (pool, asset) in zip(pools.pools, pools.assets) {
                writer.text(asset.symbol)
                writer.quantity(pool.quantity)
                writer.money(pool.basis)
                writer.date(pool.opened)
                writer.quantity(pool.held)
                writer.money(pool.deniedWaiting)
                writer.bool(pool.unknownBasis)
                // UK: the open day and the groups still open to 30-day matches.
                writer.signed(Int64(pool.day))
                writer.quantity(pool.dayAcquired)
                writer.money(pool.dayCost)
                writer.signed(Int64(pool.dayAcquisition))
                writer.quantity(pool.dayDisposed)
                writer.signed(Int64(pool.dayFirstEntry))
                writer.signed(Int64(pool.dayLastEntry))
                writer.unsigned(UInt64(pool.pending.count - pool.pendingHead))
                for g in pool.pending[pool.pendingHead...] { writer.signed(Int64(g)) }
            }
            writeUnits(pools.wallets, to: &writer)
            writer.unsigned(UInt64(pools.ignoredPicks))
            writer.signed(Int64(pools.openDay))
            writer.unsigned(UInt64(pools.openPools.count))
            for p in pools.openPools { writer.signed(Int64(p)) }
            writer.unsigned(UInt64(pools.queue.count - pools.queueHead))
            for g in pools.queue[pools.queueHead...] { writer.signed(Int64(g)) }
            writer.unsigned(UInt64(pools.entries.count))
            for entry in pools.entries {
                writer.signed(Int64(entry.position))
                writer.choice(entry.kind)
                writer.quantity(entry.quantity)
                writer.quantity(entry.missing)
                writer.money(entry.proceeds)
                writer.money(entry.sellingCost)
                writer.signed(Int64(entry.next))
            }
            writer.unsigned(UInt64(pools.groups.count))
            for group in pools.groups {
                writer.signed(Int64(group.pool))
                writer.date(group.date)
                writer.signed(Int64(group.firstEntry))
                writer.quantity(group.disposed)
                writer.quantity(group.sameDay)
                writer.money(group.sameDayCost)
                writer.signed(Int64(group.sameDayAcquisition))
                writer.quantity(group.remaining)
                writer.money(group.remainingBasis)
                writer.date(group.poolOpened)
                writer.bool(group.poolUnknownBasis)
                writer.signed(Int64(group.firstPart))
                writer.signed(Int64(group.lastPart))
                writer.bool(group.done)
            }
            writer.unsigned(UInt64(pools.parts.count))
            for part in pools.parts {
                writer.date(part.date)
                writer.signed(Int64(part.acquisition))
                writer.quantity(part.quantity)
                writer.money(part.cost)
                writer.signed(Int64(part.next))
            }
        }
        return writer.bytes
    }

    /// The state `encode(_:)` wrote, taken under `policy` and `jurisdiction` (those of the checkpoint's key). Every index
    /// it holds is checked, so that bytes that are not such a state are an error, never a trap in the replay.
    public static func decodeState(
        _ bytes: [UInt8], policy: AccountingPolicy, jurisdiction: Jurisdiction
    ) throws(SnapshotError) -> ReplayState {
        var reader = try reader(bytes)
        // A number that is not a count of what follows (`SnapshotReader.count` checks that against the bytes left).
        func natural(_ reader: inout SnapshotReader) throws(SnapshotError) -> Int {
            let value = try reader.unsigned()
            guard value <= UInt64(Int32.max) else { throw .malformed("\(value) out of range") }
            return Int(value)
        }
        let position = try natural(&reader)
        let year = try reader.int()
        let firstDate = try reader.date()
        var counts: [Int] = []
        for _ in 0..<5 { counts.append(try natural(&reader)) }
        let previous = try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) in
            TransactionReference(wallet: Wallet(try reader.text()), id: try reader.text())
        }
        let previousYear = try reader.int()
        let cutDate = try reader.date()
        let cutPosition = try natural(&reader)
        let totalBeforeCut = try reader.fixed()
        var unitsBeforeCut: [Asset: Quantity] = [:]
        for _ in 0..<(try reader.count()) { unitsBeforeCut[try reader.asset()] = try reader.quantity() }
        let rowDigest = try reader.unsigned()
        let notes = try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) -> CutNotes in
            let withdrawals = try natural(&reader), deposits = try natural(&reader)
            var years: [Int] = []
            for _ in 0..<(try reader.count()) { years.append(try reader.int()) }
            return CutNotes(unmatchedWithdrawals: withdrawals, unmatchedDeposits: deposits, years: years)
        }
        var origins: [Int32: Transaction] = [:]
        let originCount = try reader.count()
        origins.reserveCapacity(originCount)
        for _ in 0..<originCount {
            let origin = try reader.int32()
            guard origin >= 0, Int(origin) < cutPosition else { throw .malformed("a lot's row \(origin) is not before the cut") }
            origins[origin] = try reader.transaction()
        }
        guard cutPosition <= position else { throw .malformed("the cut \(cutPosition) is after the state's position \(position)") }
        let lotCount = try reader.count()
        var lots: [Replay.LotState] = []
        lots.reserveCapacity(lotCount)
        for _ in 0..<lotCount {
            let asset = try reader.asset(), wallet = Wallet(try reader.text())
            let quantity = try reader.quantity(), basis = try reader.money(), unitCost = try reader.fixed().raw
            let missingBasis = try reader.bool(), replacementUsed = try reader.bool()
            let dateAcquired = try reader.date(), acquiredAt = try reader.instant(), holdingStart = try reader.date()
            let origin = try reader.int32(), serial = try reader.int32()
            guard quantity.isPositive, origin >= 0 else { throw .malformed("a lot of the state holds \(quantity) from \(origin)") }
            lots.append(Replay.LotState(
                asset: asset, wallet: wallet, quantity: quantity, basis: basis, acquiredAt: acquiredAt, dateAcquired: dateAcquired,
                holdingStart: holdingStart, origin: origin, serial: serial, unitCost: unitCost, missingBasis: missingBasis,
                replacementUsed: replacementUsed))
        }
        let serialOffset = try reader.int32()
        func lotIndex(_ reader: inout SnapshotReader) throws(SnapshotError) -> Int32 {
            let index = try natural(&reader)
            guard index < lots.count else { throw .malformed("lot \(index) of \(lots.count)") }
            return Int32(index)
        }
        func bucketKey(_ reader: inout SnapshotReader) throws(SnapshotError) -> Replay.BucketKey {
            Replay.BucketKey(
                asset: try reader.asset(),
                wallet: try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) in Wallet(try reader.text()) })
        }
        var buckets: [Replay.Bucket] = [], bucketKeys: [Replay.BucketKey] = []
        for _ in 0..<(try reader.count()) {
            bucketKeys.append(try bucketKey(&reader))
            var bucket = Replay.Bucket()
            bucket.total = try reader.quantity()
            var entries: [LotHeap.Entry] = []
            for _ in 0..<(try reader.count()) {
                let key = LotKey(primary: try reader.fixed().raw, secondary: try reader.signed(), tertiary: try reader.signed())
                entries.append(LotHeap.Entry(key: key, lot: try lotIndex(&reader)))
            }
            bucket.heap.rebuild(entries)
            buckets.append(bucket)
        }
        guard Set(bucketKeys).count == bucketKeys.count else { throw .malformed("a bucket named twice") }
        let method: LotMethod = try reader.choice()
        let scope: BasisScope = try reader.choice()
        var walletBalances: [Replay.BucketKey: Quantity] = [:]
        for _ in 0..<(try reader.count()) { walletBalances[try bucketKey(&reader)] = try reader.quantity() }
        var dualBasis: [Int32: Replay.DualBasis] = [:]
        for _ in 0..<(try reader.count()) {
            let origin = try reader.int32()
            dualBasis[origin] = Replay.DualBasis(gap: try reader.money(), quantity: try reader.quantity())
        }
        let missingBasisCount = try natural(&reader)
        var audit = ReplayAudit(checked: policy.checkedArithmetic)
        for flows in 0..<2 {
            for _ in 0..<(try reader.count()) {
                let asset = try reader.asset()
                let flow = ReplayAudit.Flow(units: try reader.fixed(), basis: try reader.fixed())
                if flows == 0 { audit.inflow[asset] = flow } else { audit.outflow[asset] = flow }
            }
        }
        var pending: [Int32: [WashState.Deferral]] = [:]
        for _ in 0..<(try reader.count()) {
            let position = try reader.int32()
            var deferrals: [WashState.Deferral] = []
            for _ in 0..<(try reader.count()) {
                let units = try reader.quantity(), basis = try reader.money(), tackDays = try reader.int32()
                deferrals.append(WashState.Deferral(units: units, basis: basis, tackDays: Int(tackDays)))
            }
            pending[position] = deferrals
        }
        var lotsByOrigin: [Int32: [Int32]] = [:]
        for _ in 0..<(try reader.count()) {
            let origin = try reader.int32()
            var indices: [Int32] = []
            for _ in 0..<(try reader.count()) { indices.append(try lotIndex(&reader)) }
            lotsByOrigin[origin] = indices
        }
        var used: [Int32: Quantity] = [:]
        for _ in 0..<(try reader.count()) { used[try reader.int32()] = try reader.quantity() }
        let pools = try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) -> PoolBook in
            let book = PoolBook(matching: jurisdiction.matching)
            for _ in 0..<(try reader.count()) {
                let asset = try reader.asset()
                var pool = PoolBook.Pool()
                pool.quantity = try reader.quantity()
                pool.basis = try reader.money()
                pool.opened = try reader.date()
                pool.held = try reader.quantity()
                pool.deniedWaiting = try reader.money()
                pool.unknownBasis = try reader.bool()
                pool.day = try reader.int32()
                pool.dayAcquired = try reader.quantity()
                pool.dayCost = try reader.money()
                pool.dayAcquisition = try reader.int32()
                pool.dayDisposed = try reader.quantity()
                pool.dayFirstEntry = try reader.int32()
                pool.dayLastEntry = try reader.int32()
                for _ in 0..<(try reader.count()) { pool.pending.append(try reader.int32()) }
                guard book.index[asset] == nil else { throw .malformed("pool \(asset) twice") }
                book.index[asset] = book.pools.count
                book.pools.append(pool)
                book.assets.append(asset)
            }
            for _ in 0..<(try reader.count()) { book.wallets[try bucketKey(&reader)] = try reader.quantity() }
            book.ignoredPicks = try natural(&reader)
            book.openDay = try reader.int32()
            for _ in 0..<(try reader.count()) { book.openPools.append(try reader.int32()) }
            for _ in 0..<(try reader.count()) { book.queue.append(try reader.int32()) }
            for _ in 0..<(try reader.count()) {
                book.entries.append(PoolBook.Entry(
                    position: try reader.int32(), kind: try reader.choice(), quantity: try reader.quantity(), missing: try reader.quantity(),
                    proceeds: try reader.money(), sellingCost: try reader.money(), next: try reader.int32()))
            }
            for _ in 0..<(try reader.count()) {
                book.groups.append(PoolBook.Group(
                    pool: try reader.int32(), date: try reader.date(), firstEntry: try reader.int32(), disposed: try reader.quantity(),
                    sameDay: try reader.quantity(), sameDayCost: try reader.money(), sameDayAcquisition: try reader.int32(),
                    remaining: try reader.quantity(), remainingBasis: try reader.money(), poolOpened: try reader.date(),
                    poolUnknownBasis: try reader.bool(), firstPart: try reader.int32(), lastPart: try reader.int32(), done: try reader.bool()))
            }
            for _ in 0..<(try reader.count()) {
                book.parts.append(PoolBook.Part(
                    date: try reader.date(), acquisition: try reader.int32(), quantity: try reader.quantity(), cost: try reader.money(),
                    next: try reader.int32()))
            }
            try book.checkIndices()
            return book
        }
        try finish(reader)
        guard (pools != nil) == (jurisdiction.matching != .lots) else {
            throw .malformed("pools for rules matching by \(jurisdiction.matching)")
        }
        return ReplayState(
            position: position, year: year, firstDate: firstDate, disposalCount: counts[0], removalCount: counts[1],
            incomeCount: counts[2], unpricedCount: counts[3], shortfallCount: counts[4], previous: previous,
            previousYear: previousYear, policy: policy, jurisdiction: jurisdiction, lots: lots, serialOffset: serialOffset,
            buckets: buckets, bucketKeys: bucketKeys, method: method, scope: scope, walletBalances: walletBalances,
            dualBasis: dualBasis, missingBasisCount: missingBasisCount, audit: audit, washPending: pending,
            washLotsByOrigin: lotsByOrigin, washUsed: used, pools: pools, cutDate: cutDate, cutPosition: cutPosition, origins: origins,
            totalBeforeCut: totalBeforeCut, unitsBeforeCut: unitsBeforeCut, rowDigest: rowDigest, notes: notes)
    }
}

/// FNV-1a (64 bits) of rows: their ids, wallets, kinds, times, amounts and values (`ReplayState.rowDigest`). Not a
/// safeguard against anyone, a check that a history is the one a state was taken on.
struct RowDigest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    private mutating func add(byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }

    private mutating func add(text: String) {
        for byte in text.utf8 { add(byte: byte) }
        add(byte: 0xff)  // never in UTF-8: ends the text
    }

    private mutating func add(number: Int128) {
        var bits = UInt128(bitPattern: number)
        for _ in 0..<16 {
            add(byte: UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    private mutating func add(_ amount: Amount?) {
        guard let amount else { return add(byte: 0) }
        add(byte: 1)
        add(number: amount.quantity.fixed.raw)
        add(text: amount.asset.symbol)
    }

    private mutating func add(_ money: Money?) {
        guard let money else { return add(byte: 0) }
        add(byte: 1)
        add(number: money.fixed.raw)
    }

    mutating func add(_ tx: Transaction) {
        add(text: tx.id)
        add(text: tx.wallet.name)
        add(text: tx.kind.rawValue)
        add(number: Int128(tx.timestamp.millisecondsSinceEpoch))
        add(tx.sent)
        add(tx.received)
        add(tx.fee)
        add(tx.value)
        add(tx.feeValue)
        add(tx.receivedValue)
        add(text: tx.toWallet?.name ?? "")
    }
}
