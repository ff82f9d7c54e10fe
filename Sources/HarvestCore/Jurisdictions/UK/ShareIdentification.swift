/// UK share identification for individuals (TCGA 1992 s.104, s.105, s.106A; HMRC CRYPTO22200 on), as the replay
/// applies it to the pools (`Lots/PoolBook.swift`): a day's disposals of a token are one disposal and its acquisitions
/// one acquisition (s.105(1)). When the day closes, the disposal is matched with the same day's acquisition, then the
/// rest provisionally with the section 104 pool; each later day's acquisition, after its own same-day matching, goes
/// to the disposals of the 30 days before it, earliest disposal first (s.106A(5)), taking back from the pool the units
/// those disposals had provisionally drawn, at the cost they were drawn at; what is left joins the pool. A disposal's
/// rows are written once its 30 days have passed (or it is fully matched), and put back in disposal order at the end.
/// Taking provisionally and giving back gives HMRC's figures: while a disposal still waits for matches, every
/// acquisition goes to it, so the pool's average cost cannot change in between (the one exception: a transfer fee under
/// `add-to-basis` leaves its cost in the pool, and units given back after it carry the earlier average).
extension Replay {
    /// An acquisition joins its day's acquisition of the token (matched when the day closes).
    mutating func identifyAcquisition(_ p: Int, _ index: Int32, _ tx: Transaction, _ received: Amount, basis: Money) {
        openDay(pool: p, tx.date)
        pools.pools[p].dayAcquired += received.quantity
        pools.pools[p].dayCost += basis
        if pools.pools[p].dayAcquisition < 0 { pools.pools[p].dayAcquisition = index }
    }

    /// A disposal joins its day's disposal of the token: an entry of the day's group (matched when the day closes).
    mutating func identifyDisposal(
        _ p: Int, _ index: Int32, _ tx: Transaction, _ amount: Amount, proceeds: Money, sellingCost: Money, kind: DisposalKind,
        missing: Quantity
    ) {
        openDay(pool: p, tx.date)
        let entry = Int32(pools.entries.count)
        pools.entries.append(PoolBook.Entry(
            position: index, kind: kind, quantity: amount.quantity, missing: missing, proceeds: proceeds, sellingCost: sellingCost))
        if pools.pools[p].dayLastEntry >= 0 {
            pools.entries[Int(pools.pools[p].dayLastEntry)].next = entry
        } else {
            pools.pools[p].dayFirstEntry = entry
        }
        pools.pools[p].dayLastEntry = entry
        pools.pools[p].dayDisposed += amount.quantity - missing
    }

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
        let cutoff = date.adding(days: -UnitedKingdom.thirtyDays - 1)
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
        if leftQuantity.isPositive {
            (leftQuantity, leftCost) = matchEarlierDisposals(pool: p, date: date, acquisition: pool.dayAcquisition,
                                                             quantity: leftQuantity, cost: leftCost)
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

    /// The 30-day rule for one day's acquisition of a token (what the same day left of it): the earlier disposals
    /// still waiting, earliest first (CRYPTO22253), each taking back the units it drew from the pool. Returns what is
    /// left of the acquisition for the pool.
    mutating func matchEarlierDisposals(
        pool p: Int, date: CivilDate, acquisition: Int32, quantity: Quantity, cost: Money
    ) -> (quantity: Quantity, cost: Money) {
        var leftQuantity = quantity, leftCost = cost
        let earliest = date.adding(days: -UnitedKingdom.thirtyDays)
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
            let partCost = units == leftQuantity ? leftCost : leftCost.prorated(units, of: leftQuantity)
            // The units the disposal drew from the pool go back at the cost they were drawn at.
            let back = units == group.remaining ? group.remainingBasis : group.remainingBasis.prorated(units, of: group.remaining)
            addToPool(p, units, back, on: date)
            pools.groups[g].remaining -= units
            pools.groups[g].remainingBasis -= back
            let part = Int32(pools.parts.count)
            pools.parts.append(PoolBook.Part(date: date, acquisition: acquisition, quantity: units, cost: partCost))
            if group.lastPart >= 0 { pools.parts[Int(group.lastPart)].next = part } else { pools.groups[g].firstPart = part }
            pools.groups[g].lastPart = part
            leftQuantity -= units
            leftCost -= partCost
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
        return (leftQuantity, leftCost)
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
            var sellingCostLeft = entry.sellingCost
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
                let sellingCost = closesEntry ? sellingCostLeft : entry.sellingCost.prorated(quantity, of: entry.quantity)
                sellingCostLeft -= sellingCost
                poolRow(tx, index: entry.position, asset: asset, quantity: quantity, proceeds: proceeds, sellingCost: sellingCost, basis: cost,
                                  adjustment: .zero, kind: entry.kind, matching: cells[c].matching, lot: cells[c].acquisition,
                                  dateAcquired: cells[c].date, missing: cells[c].matching == .pool && group.poolUnknownBasis)
                pools.rowEntries.append(entryIndex)
            }
            if entry.missing.isPositive {
                poolRow(tx, index: entry.position, asset: asset, quantity: entry.missing, proceeds: proceedsLeft,
                                  sellingCost: sellingCostLeft, basis: .zero, adjustment: .zero, kind: entry.kind, matching: .pool,
                                  lot: entry.position, dateAcquired: tx.date, missing: true)
                pools.rowEntries.append(entryIndex)
            }
            entryIndex = entry.next
        }
        pools.cellBuffer = cells
    }

    /// The end of the history: every day closed, every disposal settled, rows in disposal order.
    mutating func finishIdentification() {
        closeOpenDays()
        for g in pools.queue[pools.queueHead...] where !pools.groups[Int(g)].done { settle(group: Int(g)) }
        pools.queueHead = pools.queue.count
        pools.openDay = Int32.min
        reorderPoolRows()
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

}

extension Replay {
    /// Days after a disposal until its rows are final: the UK's 30 days and the day itself (a 30-day match may still
    /// come); zero under every other matching rule.
    var settlementDays: Int { identifying ? UnitedKingdom.thirtyDays + 1 : 0 }
}
