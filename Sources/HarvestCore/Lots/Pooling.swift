/// The pools of one replay under a pooled jurisdiction: one pool per asset across all of the person's wallets
/// (transfers between them move no basis), at average cost.
///
/// - UK (`MatchingRule.ukShareIdentification`): a day's disposals of a token are one disposal and its acquisitions
///   one acquisition (TCGA s.105(1)). When the day closes, the disposal is matched with the same day's acquisition,
///   then the rest provisionally with the section 104 pool; each later day's acquisition, after its own same-day
///   matching, goes to the disposals of the 30 days before it, earliest disposal first (s.106A(5)), taking back from
///   the pool the units those disposals had provisionally drawn, at the cost they were drawn at; what is left joins
///   the pool. A disposal's rows are written once its 30 days have passed (or it is fully matched), and put back in
///   disposal order at the end. Taking provisionally and giving back gives HMRC's figures: while a disposal still
///   waits for matches, every acquisition goes to it, so the pool's average cost cannot change in between (the one
///   exception: a transfer fee under `add-to-basis` leaves its cost in the pool, and units given back after it carry
///   the earlier average).
/// - Canada (`MatchingRule.averageCost`): every acquisition joins the pool (its adjusted cost base) and every
///   disposal takes the pool's cost × units ÷ units held, in time order; the superficial-loss rule then denies
///   part of a loss (`SuperficialWindow`).
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

    var isActive: Bool { matching != .lots }
    var identifies: Bool { matching == .ukShareIdentification }

    func number(_ asset: Asset) -> Int {
        if let found = index[asset] { return found }
        let number = pools.count
        pools.append(Pool())
        assets.append(asset)
        index[asset] = number
        return number
    }
}

/// Canada's superficial-loss test needs what happens after a sale: acquisitions of the asset in the 30 days before
/// and after, and the units still held at the end. Built once, before the replay, from the units each transaction
/// moves (`Replay.unitFlows`); the replay checks at the end that it holds what this says (a pair check).
struct SuperficialWindow {
    struct Series {
        var days: [Int32] = []
        /// Acquisitions of the replacement kinds through each day (cumulative).
        var acquiredThrough: [Quantity] = []
        /// Units held at the end of each day.
        var balance: [Quantity] = []
    }

    var series: [Series] = []
    var index: [Asset: Int] = [:]

    init(_ replay: Replay, rule: WashSaleRule) {
        for position in 0..<replay.count {
            let tx = replay.input[replay.inputIndex(position)]
            let day = tx.date.daysSinceEpoch
            let counts = rule.replacementKinds.contains(tx.kind)
            Replay.unitFlows(tx) { asset, change, acquisition in
                let number: Int
                if let found = index[asset] {
                    number = found
                } else {
                    number = series.count
                    series.append(Series())
                    index[asset] = number
                }
                // In place: a copy of the series per row would make this quadratic.
                if series[number].days.last != day {
                    series[number].days.append(day)
                    series[number].acquiredThrough.append(series[number].acquiredThrough.last ?? .zero)
                    series[number].balance.append(series[number].balance.last ?? .zero)
                }
                let last = series[number].days.count - 1
                series[number].balance[last] += change
                if acquisition && counts { series[number].acquiredThrough[last] += change }
            }
        }
    }

    /// Units of `asset` acquired from `from` through `through`, and held at the end of `through` (or at the end of
    /// the data, when the window runs past it: a sale less than 30 days before the data ends is judged on what is
    /// known).
    func acquiredAndHeld(_ asset: Asset, from: CivilDate, through: CivilDate) -> (acquired: Quantity, held: Quantity) {
        guard let number = index[asset] else { return (.zero, .zero) }
        let entry = series[number]
        let end = entry.days.partitioningIndex { $0 > through.daysSinceEpoch } - 1
        guard end >= 0 else { return (.zero, .zero) }
        let before = entry.days.partitioningIndex { $0 >= from.daysSinceEpoch } - 1
        let acquired = entry.acquiredThrough[end] - (before >= 0 ? entry.acquiredThrough[before] : .zero)
        return (acquired, entry.balance[end])
    }

    /// Units held at the end of the data.
    func finalBalance(_ asset: Asset) -> Quantity { index[asset].flatMap { series[$0].balance.last } ?? .zero }
}

extension Replay {
    /// The units of each crypto asset `tx` moves into or out of the person's hands (all wallets together), with
    /// whether an inflow is an acquisition: the same quantities the replay applies, read without valuing anything.
    static func unitFlows(_ tx: Transaction, _ body: (Asset, Quantity, Bool) -> Void) {
        func out(_ amount: Amount?) {
            if let amount, amount.quantity.isPositive, !amount.asset.isFiat { body(amount.asset, .zero - amount.quantity, false) }
        }
        switch tx.kind {
        case .buy, .sell, .trade, .spend, .income, .giftIn:
            if tx.kind != .income && tx.kind != .giftIn { out(tx.sent) }
            if let received = tx.received, received.quantity.isPositive, !received.asset.isFiat { body(received.asset, received.quantity, true) }
            out(tx.fee)
        case .transfer:
            guard let sent = tx.sent, sent.quantity.isPositive, !sent.asset.isFiat else { return }
            let arrived = tx.received?.quantity ?? sent.quantity
            var feeUnits = sent.quantity - arrived
            if let fee = tx.fee, fee.quantity.isPositive, fee.asset == sent.asset { feeUnits += fee.quantity } else { out(tx.fee) }
            if feeUnits.isPositive { body(sent.asset, .zero - feeUnits, false) }
            // Arriving as another form of the asset (ETH as WETH): the units move from one pool to the other.
            if let received = tx.received, received.asset != sent.asset, arrived.isPositive {
                body(sent.asset, .zero - arrived, false)
                body(received.asset, arrived, false)
            }
        case .giftOut, .donation, .lost, .withdrawal:
            out(tx.sent)
            out(tx.fee)
        case .deposit:
            if let received = tx.received, received.quantity.isPositive, !received.asset.isFiat { body(received.asset, received.quantity, true) }
            out(tx.fee)
        case .fee:
            out(tx.fee ?? tx.sent)
        }
    }

    /// Sets up the superficial-loss window when the rule applies (a whole history is needed: not in a `LotBook`).
    mutating func preparePools() {
        guard pools.matching == .averageCost else { return }
        let rules = [policy.washSale, jurisdiction.washSale].compactMap { $0 }
        guard let rule = rules.first(where: { $0.effect == .denySuperficialLoss }) else { return }
        pools.superficialRule = rule
        pools.superficial = SuperficialWindow(self, rule: rule)
    }

    // MARK: - Acquisitions and disposals

    /// An acquisition; with `missingBasis`, units of unknown origin (a deposit not matched to a withdrawal).
    mutating func poolAcquire(_ index: Int32, _ tx: Transaction, _ received: Amount, basis: Money, missingBasis: Bool = false) {
        let p = pools.number(received.asset)
        pools.wallets[BucketKey(asset: received.asset, wallet: tx.wallet), default: .zero] += received.quantity
        pools.pools[p].held += received.quantity
        if missingBasis {
            // Most likely the person's own units coming back from a wallet the data does not show: they join the
            // pool (not the day's acquisitions, so no same-day or 30-day match) at their cost, zero when unknown,
            // and the pool's rows are flagged until it empties.
            addToPool(p, received.quantity, basis, on: tx.date)
            pools.pools[p].unknownBasis = true
            return
        }
        if identifying {
            openDay(pool: p, tx.date)
            pools.pools[p].dayAcquired += received.quantity
            pools.pools[p].dayCost += basis
            if pools.pools[p].dayAcquisition < 0 { pools.pools[p].dayAcquisition = index }
        } else {
            let denied = pools.pools[p].deniedWaiting
            pools.pools[p].deniedWaiting = .zero
            addToPool(p, received.quantity, basis + denied, on: tx.date)
        }
    }

    /// A disposal of `amount` (sent units or fee units) for `proceeds`.
    mutating func poolDispose(_ index: Int32, _ tx: Transaction, _ amount: Amount, proceeds: Money, kind: DisposalKind) throws(LedgerError) {
        let p = pools.number(amount.asset)
        let missing = try drawHeld(p, tx, amount, index: index)
        pools.wallets[BucketKey(asset: amount.asset, wallet: tx.wallet), default: .zero] -= amount.quantity
        if !tx.lotPicks.isEmpty && kind != .fee && kind != .transferFee { pools.ignoredPicks += 1 }
        if identifying {
            openDay(pool: p, tx.date)
            let entry = Int32(pools.entries.count)
            pools.entries.append(PoolBook.Entry(position: index, kind: kind, quantity: amount.quantity, missing: missing, proceeds: proceeds))
            if pools.pools[p].dayLastEntry >= 0 {
                pools.entries[Int(pools.pools[p].dayLastEntry)].next = entry
            } else {
                pools.pools[p].dayFirstEntry = entry
            }
            pools.pools[p].dayLastEntry = entry
            pools.pools[p].dayDisposed += amount.quantity - missing
            return
        }
        // Canada: the pool's average cost, now.
        let sold = amount.quantity - missing
        let unknownBasis = pools.pools[p].unknownBasis
        let basis = sold.isPositive ? takeFromPool(p, sold) : .zero
        let soldProceeds = missing.isPositive ? proceeds.prorated(sold, of: amount.quantity) : proceeds
        var adjustment = Money.zero
        if sold.isPositive, basis > soldProceeds, let rule = pools.superficialRule, let window = pools.superficial {
            adjustment = superficialLoss(window, rule, amount.asset, date: tx.date, sold: sold, loss: basis - soldProceeds)
            if adjustment.isPositive {
                // Added to the cost of the substituted property (s.53(1)(f)): identical property shares one adjusted
                // cost base, so the pool's; if the sale emptied it, with the next acquisition (the substitute).
                if pools.pools[p].quantity.isPositive { pools.pools[p].basis += adjustment } else { pools.pools[p].deniedWaiting += adjustment }
            }
        }
        if sold.isPositive {
            poolRow(tx, index: index, asset: amount.asset, quantity: sold, proceeds: soldProceeds, basis: basis,
                              adjustment: adjustment, kind: kind, matching: .pool, lot: -1, dateAcquired: pools.pools[p].opened,
                              missing: unknownBasis)
        }
        if missing.isPositive {
            poolRow(tx, index: index, asset: amount.asset, quantity: missing, proceeds: proceeds - soldProceeds,
                              basis: .zero, adjustment: .zero, kind: kind, matching: .pool, lot: index, dateAcquired: tx.date, missing: true)
        }
    }

    /// CRA's proportion of a loss that is superficial: loss × min(S, P, B) ÷ S, with S the units sold, P the units
    /// acquired from 30 days before to 30 days after, B the units held at the end of that period (IT-456R ¶12).
    /// Each sale is judged on its own window: an acquisition may count for two sales close together (as the
    /// formula reads).
    func superficialLoss(
        _ window: SuperficialWindow, _ rule: WashSaleRule, _ asset: Asset, date: CivilDate, sold: Quantity, loss: Money
    ) -> Money {
        let (acquired, held) = window.acquiredAndHeld(asset, from: date.adding(days: -rule.daysBefore), through: date.adding(days: rule.daysAfter))
        let replaced = min(sold, min(acquired, held))
        guard replaced.isPositive else { return .zero }
        return replaced == sold ? loss : loss.prorated(replaced, of: sold)
    }

    /// Takes `quantity` units off what is held; the shortfall, if allowed, is returned as missing units.
    mutating func drawHeld(_ p: Int, _ tx: Transaction, _ amount: Amount, index: Int32) throws(LedgerError) -> Quantity {
        let held = pools.pools[p].held
        var missing = Quantity.zero
        if held < amount.quantity {
            guard policy.allowMissingBasis else {
                throw .insufficientLots(transaction: tx.reference, asset: amount.asset, wallet: nil, requested: amount.quantity,
                                        available: max(held, .zero))
            }
            missingBasisCount += 1
            missing = amount.quantity - max(held, .zero)
        }
        pools.pools[p].held = max(.zero, held - amount.quantity)
        return missing
    }

    /// Removes `quantity` units from the pool at its average cost; returns their cost.
    mutating func takeFromPool(_ p: Int, _ quantity: Quantity) -> Money {
        let pool = pools.pools[p]
        precondition(quantity <= pool.quantity, "pool \(pools.assets[p]) over-drawn: \(quantity) of \(pool.quantity)")
        let basis = quantity == pool.quantity ? pool.basis : pool.basis.prorated(quantity, of: pool.quantity)
        pools.pools[p].quantity -= quantity
        pools.pools[p].basis -= basis
        if pools.pools[p].quantity.isZero { pools.pools[p].unknownBasis = false }
        return basis
    }

    mutating func addToPool(_ p: Int, _ quantity: Quantity, _ basis: Money, on date: CivilDate) {
        if pools.pools[p].quantity.isZero { pools.pools[p].opened = date }
        pools.pools[p].quantity += quantity
        pools.pools[p].basis += basis
    }

    /// Units leaving without a disposal (a removal, or a transfer fee whose basis moves to the moved units): from the
    /// pool at average cost; UK units bought earlier the same day and not yet pooled come from the day's acquisition.
    mutating func takeUnmatched(_ p: Int, _ quantity: Quantity) -> Money {
        let fromPool = min(quantity, pools.pools[p].quantity)
        var basis = fromPool.isPositive ? takeFromPool(p, fromPool) : .zero
        let rest = min(quantity - fromPool, pools.pools[p].dayAcquired)
        if rest.isPositive {
            let day = pools.pools[p]
            let cost = rest == day.dayAcquired ? day.dayCost : day.dayCost.prorated(rest, of: day.dayAcquired)
            pools.pools[p].dayAcquired -= rest
            pools.pools[p].dayCost -= cost
            basis += cost
        }
        return basis
    }

    /// gift_out, donation, lost: the units leave at the pool's average cost, with no gain or loss. (A UK gift to
    /// anyone but a spouse or charity is a disposal at market value: record it as a `spend` to tax it.)
    mutating func poolRemove(_ index: Int32, _ tx: Transaction) throws(LedgerError) {
        guard let sent = tx.sent, sent.quantity.isPositive, !sent.asset.isFiat else {
            throw .malformed(transaction: tx.reference, reason: "\(tx.kind.rawValue) needs a positive sent_quantity of a crypto asset")
        }
        let value = try? fairValue(tx, sent: sent, received: nil)
        let p = pools.number(sent.asset)
        let missing = try drawHeld(p, tx, sent, index: index)
        pools.wallets[BucketKey(asset: sent.asset, wallet: tx.wallet), default: .zero] -= sent.quantity
        let basis = takeUnmatched(p, sent.quantity - missing)
        removals.append(Removal(
            asset: sent.asset, wallet: tx.wallet, quantity: sent.quantity, costBasis: basis, dateAcquired: pools.pools[p].opened,
            date: tx.date, kind: tx.kind, fairValue: value, lotTransactionID: PoolBook.lotID, transactionID: tx.id))
        if let fee = tx.fee, fee.quantity.isPositive, !fee.asset.isFiat {
            let cost = try feeCost(tx, paid: fee, transactionValue: value)
            try poolDispose(index, tx, fee, proceeds: cost, kind: .fee)
        }
    }

    /// A move between the person's own wallets: the pool does not change. The network fee is disposed of at fair
    /// value, or with `addToBasis` leaves untaxed and its cost stays with the moved asset's pool. Units arriving as
    /// another form of the asset (ETH as WETH, `TransferRules.equivalents`) leave their pool at its average cost and
    /// join the other form's pool with that cost: no disposal.
    mutating func poolTransfer(
        _ index: Int32, _ tx: Transaction, sent: Amount, arrived: Quantity, arrivingAsset: Asset, destination: Wallet
    ) throws(LedgerError) {
        var feeUnits = sent.quantity - arrived
        var otherFee: Amount?
        if let fee = tx.fee, fee.quantity.isPositive {
            if fee.asset == sent.asset { feeUnits += fee.quantity } else { otherFee = fee }
        }
        let p = pools.number(sent.asset)
        if feeUnits.isPositive {
            let feeAmount = Amount(feeUnits, sent.asset)
            switch policy.transferFee {
            case .dispose:
                try poolDispose(index, tx, feeAmount, proceeds: try transferFeeValue(tx, sent: sent, units: feeUnits), kind: .transferFee)
            case .addToBasis:
                let missing = try drawHeld(p, tx, feeAmount, index: index)
                pools.wallets[BucketKey(asset: sent.asset, wallet: tx.wallet), default: .zero] -= feeUnits
                pools.pools[p].basis += takeUnmatched(p, feeUnits - missing)
            }
        }
        if let otherFee {
            let cost = try feeCost(tx, paid: otherFee, transactionValue: nil)
            if otherFee.asset.isFiat {
                if policy.transferFee == .addToBasis { pools.pools[p].basis += cost }
            } else if policy.transferFee == .addToBasis {
                let q = pools.number(otherFee.asset)
                let missing = try drawHeld(q, tx, otherFee, index: index)
                pools.wallets[BucketKey(asset: otherFee.asset, wallet: tx.wallet), default: .zero] -= otherFee.quantity
                pools.pools[p].basis += takeUnmatched(q, otherFee.quantity - missing)
            } else {
                try poolDispose(index, tx, otherFee, proceeds: cost, kind: .fee)
            }
        }
        guard arrived.isPositive else { return }
        if arrivingAsset != sent.asset {
            let moved = Amount(arrived, sent.asset)
            let missing = try drawHeld(p, tx, moved, index: index)
            pools.wallets[BucketKey(asset: sent.asset, wallet: tx.wallet), default: .zero] -= arrived
            let unknownBasis = pools.pools[p].unknownBasis || missing.isPositive
            let opened = pools.pools[p].opened
            let basis = takeUnmatched(p, arrived - missing)
            let q = pools.number(arrivingAsset)
            pools.wallets[BucketKey(asset: arrivingAsset, wallet: destination), default: .zero] += arrived
            pools.pools[q].held += arrived
            let wasEmpty = pools.pools[q].quantity.isZero
            addToPool(q, arrived, basis, on: tx.date)
            // The moved units keep the day their pool opened, when they start the other form's pool.
            if wasEmpty { pools.pools[q].opened = opened }
            if unknownBasis { pools.pools[q].unknownBasis = true }
            return
        }
        if pools.pools[p].held < arrived && !policy.allowMissingBasis {
            throw .insufficientLots(transaction: tx.reference, asset: sent.asset, wallet: nil, requested: arrived,
                                    available: max(pools.pools[p].held, .zero))
        }
        pools.wallets[BucketKey(asset: sent.asset, wallet: tx.wallet), default: .zero] -= arrived
        pools.wallets[BucketKey(asset: sent.asset, wallet: destination), default: .zero] += arrived
    }

    // MARK: - UK days

    /// Opens `pool`'s day group for `date`, closing an older one first.
    mutating func openDay(pool p: Int, _ date: CivilDate) {
        let day = pools.pools[p].day
        if day == date.daysSinceEpoch { return }
        if day != Int32.min { closeDay(pool: p) }
        pools.pools[p].day = date.daysSinceEpoch
        pools.openPools.append(Int32(p))
    }

    /// Before a transaction on `date` (UK): closes the days before it and settles the disposals whose 30 days have
    /// passed, so that the rows so far are final.
    mutating func poolEnterDay(_ date: CivilDate) {
        guard identifying, date.daysSinceEpoch != pools.openDay else { return }
        pools.openDay = date.daysSinceEpoch
        closeOpenDays()
        let cutoff = date.adding(days: -Jurisdiction.ukBedAndBreakfastDays - 1)
        while pools.queueHead < pools.queue.count {
            let g = Int(pools.queue[pools.queueHead])
            if !pools.groups[g].done {
                guard pools.groups[g].date <= cutoff else { break }
                settle(group: g)
            }
            pools.queueHead += 1
        }
    }

    mutating func closeOpenDays() {
        let open = pools.openPools
        pools.openPools.removeAll(keepingCapacity: true)
        for p in open where pools.pools[Int(p)].day != Int32.min { closeDay(pool: Int(p)) }
    }

    /// The day's matching for one token: same day first, then the earlier disposals' 30-day matches, then the pool.
    mutating func closeDay(pool p: Int) {
        let pool = pools.pools[p]
        let date = CivilDate(daysSinceEpoch: pool.day)
        pools.pools[p].day = Int32.min
        pools.pools[p].dayAcquired = .zero
        pools.pools[p].dayCost = .zero
        pools.pools[p].dayAcquisition = -1
        pools.pools[p].dayDisposed = .zero
        pools.pools[p].dayFirstEntry = -1
        pools.pools[p].dayLastEntry = -1

        let sameDay = min(pool.dayDisposed, pool.dayAcquired)
        let sameDayCost = sameDay == pool.dayAcquired ? pool.dayCost : pool.dayCost.prorated(sameDay, of: pool.dayAcquired)
        var leftQuantity = pool.dayAcquired - sameDay
        var leftCost = pool.dayCost - sameDayCost
        // The 30-day rule: the earlier disposals still waiting, earliest first (CRYPTO22253).
        if leftQuantity.isPositive {
            let earliest = date.adding(days: -Jurisdiction.ukBedAndBreakfastDays)
            var cursor = pools.pools[p].pendingHead
            while cursor < pools.pools[p].pending.count, leftQuantity.isPositive {
                let g = Int(pools.pools[p].pending[cursor])
                cursor += 1
                guard !pools.groups[g].done else { continue }
                guard pools.groups[g].date >= earliest else {
                    settle(group: g)
                    continue
                }
                let group = pools.groups[g]
                let units = min(group.remaining, leftQuantity)
                let cost = units == leftQuantity ? leftCost : leftCost.prorated(units, of: leftQuantity)
                // The units the disposal drew from the pool go back at the cost they were drawn at.
                let back = units == group.remaining ? group.remainingBasis : group.remainingBasis.prorated(units, of: group.remaining)
                addToPool(p, units, back, on: date)
                pools.groups[g].remaining -= units
                pools.groups[g].remainingBasis -= back
                let part = Int32(pools.parts.count)
                pools.parts.append(PoolBook.Part(date: date, acquisition: pool.dayAcquisition, quantity: units, cost: cost))
                if group.lastPart >= 0 { pools.parts[Int(group.lastPart)].next = part } else { pools.groups[g].firstPart = part }
                pools.groups[g].lastPart = part
                leftQuantity -= units
                leftCost -= cost
                if pools.groups[g].remaining.isZero { settle(group: g) }
            }
            while pools.pools[p].pendingHead < pools.pools[p].pending.count,
                  pools.groups[Int(pools.pools[p].pending[pools.pools[p].pendingHead])].done {
                pools.pools[p].pendingHead += 1
            }
            if pools.pools[p].pendingHead > 64 && pools.pools[p].pendingHead * 2 > pools.pools[p].pending.count {
                pools.pools[p].pending.removeFirst(pools.pools[p].pendingHead)
                pools.pools[p].pendingHead = 0
            }
        }
        if leftQuantity.isPositive { addToPool(p, leftQuantity, leftCost, on: date) }
        guard pool.dayFirstEntry >= 0 else { return }
        // The day's disposal: what the same day did not match is drawn from the pool, provisionally.
        let rest = pool.dayDisposed - sameDay
        let opened = pools.pools[p].opened
        let unknownBasis = rest.isPositive && pools.pools[p].unknownBasis
        let restBasis = rest.isPositive ? takeFromPool(p, rest) : .zero
        let g = Int32(pools.groups.count)
        pools.groups.append(PoolBook.Group(
            pool: Int32(p), date: date, firstEntry: pool.dayFirstEntry, disposed: pool.dayDisposed, sameDay: sameDay,
            sameDayCost: sameDayCost, sameDayAcquisition: pool.dayAcquisition, remaining: rest, remainingBasis: restBasis,
            poolOpened: opened, poolUnknownBasis: unknownBasis))
        if rest.isPositive {
            pools.pools[p].pending.append(g)
            pools.queue.append(g)
        } else {
            settle(group: Int(g))
        }
    }

    /// Writes a group's rows: each matched part split over the group's disposing transactions by their units.
    mutating func settle(group g: Int) {
        precondition(!pools.groups[g].done, "group \(g) settled twice")
        pools.groups[g].done = true
        let group = pools.groups[g]
        var cells = pools.cellBuffer
        pools.cellBuffer = []
        cells.removeAll(keepingCapacity: true)
        func cell(_ matching: Matching, _ quantity: Quantity, _ cost: Money, _ acquisition: Int32, _ date: CivilDate) {
            cells.append(PoolBook.Cell(matching: matching, quantity: quantity, cost: cost, acquisition: acquisition, date: date,
                                       quantityLeft: quantity, costLeft: cost))
        }
        if group.sameDay.isPositive { cell(.sameDay, group.sameDay, group.sameDayCost, group.sameDayAcquisition, group.date) }
        var part = group.firstPart
        while part >= 0 {
            let match = pools.parts[Int(part)]
            cell(.thirtyDay, match.quantity, match.cost, match.acquisition, match.date)
            part = match.next
        }
        if group.remaining.isPositive { cell(.pool, group.remaining, group.remainingBasis, -1, group.poolOpened) }
        let asset = pools.assets[Int(group.pool)]
        var entryIndex = group.firstEntry
        while entryIndex >= 0 {
            let entry = pools.entries[Int(entryIndex)]
            let last = entry.next < 0
            let units = entry.quantity - entry.missing
            let tx = ordered(Int(entry.position))
            var proceedsLeft = entry.proceeds
            var unitsLeft = units
            for c in cells.indices {
                let quantity: Quantity
                let cost: Money
                if last {
                    quantity = cells[c].quantityLeft
                    cost = cells[c].costLeft
                } else {
                    quantity = c == cells.count - 1
                        ? min(unitsLeft, cells[c].quantityLeft)
                        : Quantity(cells[c].quantity.fixed.scaled(by: units.fixed, over: group.disposed.fixed, rounding: .halfEven))
                    cost = quantity == cells[c].quantityLeft ? cells[c].costLeft : cells[c].cost.prorated(quantity, of: cells[c].quantity)
                }
                cells[c].quantityLeft -= quantity
                cells[c].costLeft -= cost
                unitsLeft -= quantity
                guard quantity.isPositive else { continue }
                let closesEntry = c == cells.count - 1 && entry.missing.isZero
                let proceeds = closesEntry ? proceedsLeft : entry.proceeds.prorated(quantity, of: entry.quantity)
                proceedsLeft -= proceeds
                poolRow(tx, index: entry.position, asset: asset, quantity: quantity, proceeds: proceeds, basis: cost,
                                  adjustment: .zero, kind: entry.kind, matching: cells[c].matching, lot: cells[c].acquisition,
                                  dateAcquired: cells[c].date, missing: cells[c].matching == .pool && group.poolUnknownBasis)
                pools.rowEntries.append(entryIndex)
            }
            if entry.missing.isPositive {
                poolRow(tx, index: entry.position, asset: asset, quantity: entry.missing, proceeds: proceedsLeft,
                                  basis: .zero, adjustment: .zero, kind: entry.kind, matching: .pool, lot: entry.position,
                                  dateAcquired: tx.date, missing: true)
                pools.rowEntries.append(entryIndex)
            }
            entryIndex = entry.next
        }
        pools.cellBuffer = cells
    }

    /// The end of the history: every day closed, every disposal settled, rows in disposal order.
    mutating func finishPools() {
        guard pooled else { return }
        if identifying {
            closeOpenDays()
            for g in pools.queue[pools.queueHead...] where !pools.groups[Int(g)].done { settle(group: Int(g)) }
            pools.queueHead = pools.queue.count
            pools.openDay = Int32.min
            reorderPoolRows()
        }
        if let window = pools.superficial, missingBasisCount == 0 {
            for (p, asset) in pools.assets.enumerated() {
                precondition(window.finalBalance(asset) == pools.pools[p].held,
                             "\(asset): the superficial-loss window holds \(window.finalBalance(asset)) but the pool \(pools.pools[p].held)")
            }
        }
    }

    /// Puts the rows in disposal order (then matching order), by the entry each belongs to: a counting sort.
    mutating func reorderPoolRows() {
        let rows = disposals
        guard rows.count == pools.rowEntries.count, rows.count > 1 else { return }
        var starts = [Int](repeating: 0, count: pools.entries.count + 1)
        for entry in pools.rowEntries { starts[Int(entry) + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        var ordered = rows
        for (row, entry) in zip(rows, pools.rowEntries) {
            ordered[starts[Int(entry)]] = row
            starts[Int(entry)] += 1
        }
        disposals = ordered
        pools.rowEntries.sort()
    }

    // MARK: - Results

    /// The pools' holdings shown wallet by wallet: each wallet's units at the pool's average cost (one `Lot` per
    /// asset and wallet, `transactionID` `pool`).
    func poolOpenLots(of asset: Asset? = nil) -> [Lot] {
        var byAsset: [Asset: [(Wallet, Quantity)]] = [:]
        for (key, units) in pools.wallets where units.isPositive && (asset == nil || key.asset == asset) {
            byAsset[key.asset, default: []].append((key.wallet!, units))
        }
        var lots: [Lot] = []
        for (asset, holders) in byAsset.sorted(by: { $0.key < $1.key }) {
            guard let p = pools.index[asset] else { continue }
            let pool = pools.pools[p]
            var quantity = pool.quantity
            var basis = pool.basis
            if pool.day != Int32.min {
                // UK, in a LotBook between transactions of a day not yet closed: what the day's matching will leave,
                // the same-day match taken from the day's acquisitions and the rest of the day's disposals from the pool.
                let sameDay = min(pool.dayDisposed, pool.dayAcquired)
                let sameDayCost = sameDay == pool.dayAcquired ? pool.dayCost : pool.dayCost.prorated(sameDay, of: pool.dayAcquired)
                let rest = min(pool.dayDisposed - sameDay, pool.quantity)
                let restCost = rest.isZero ? .zero : rest == pool.quantity ? pool.basis : pool.basis.prorated(rest, of: pool.quantity)
                quantity = pool.quantity - rest + pool.dayAcquired - sameDay
                basis = pool.basis - restCost + pool.dayCost - sameDayCost
            }
            guard quantity.isPositive else { continue }
            let wallets = holders.sorted { $0.0 < $1.0 }
            let total = wallets.reduce(Quantity.zero) { $0 + $1.1 }
            var quantityLeft = quantity, basisLeft = basis
            for (offset, (wallet, units)) in wallets.enumerated() {
                let last = offset == wallets.count - 1
                let share = last ? quantityLeft : (units == total ? quantity : Quantity(quantity.fixed.scaled(by: units.fixed, over: total.fixed, rounding: .halfEven)))
                let cost = last ? basisLeft : basis.prorated(share, of: quantity)
                quantityLeft -= share
                basisLeft -= cost
                guard share.isPositive else { continue }
                lots.append(Lot(
                    asset: asset, wallet: wallet, quantity: share, costBasis: cost, acquiredAt: Instant(date: pool.opened),
                    dateAcquired: pool.opened, holdingStart: pool.opened, transactionID: PoolBook.lotID,
                    missingBasis: pool.unknownBasis))
            }
        }
        return lots
    }
}

extension PoolBook {
    /// What a pool row or a pooled holding names as its lot: there is no single acquisition behind it.
    static let lotID = "pool"
}

extension Replay {
    /// Appends one pooled disposal row (a superficial loss is adjustment code `SL`).
    mutating func poolRow(
        _ tx: Transaction, index: Int32, asset: Asset, quantity: Quantity, proceeds: Money, basis: Money,
        adjustment: Money, kind: DisposalKind, matching: Matching, lot: Int32, dateAcquired: CivilDate, missing: Bool = false
    ) {
        let lotID = lot < 0 ? PoolBook.lotID : input[inputIndex(Int(lot))].id
        disposals.append(Disposal(
            quantity: quantity, proceeds: proceeds, costBasis: basis, adjustment: adjustment, disposedAt: tx.timestamp,
            taxYear: years[Int(index)], wallet: tx.wallet, lotTransactionID: lotID, disposalTransactionID: tx.id,
            adjustmentCode: adjustment.isPositive ? "SL" : "", asset: asset, dateAcquired: dateAcquired, dateDisposed: tx.date,
            lotPosition: lot, disposalPosition: index, term: jurisdiction.holdingPeriod.term(held: dateAcquired, disposed: tx.date),
            kind: kind, missingBasis: missing, matching: matching))
    }
}
