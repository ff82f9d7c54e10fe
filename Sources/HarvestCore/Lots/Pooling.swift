/// The pooled rules' replay (UK, Canada): every pool operation the countries share. Acquisitions and disposals go to
/// the country's matching (`Jurisdictions/UK/ShareIdentification.swift`, `Jurisdictions/Canada/AdjustedCostBase.swift`);
/// removals, transfers, the holdings and the rows are the same for both.
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
            identifyAcquisition(p, index, tx, received, basis: basis)
        } else {
            averageCostAcquisition(p, tx, received, basis: basis)
        }
    }

    /// A disposal of `amount` (sent units or fee units) for `proceeds`, net of `sellingCost`.
    mutating func poolDispose(
        _ index: Int32, _ tx: Transaction, _ amount: Amount, proceeds: Money, sellingCost: Money = .zero, kind: DisposalKind
    ) throws(LedgerError) {
        let p = pools.number(amount.asset)
        let missing = try drawHeld(p, tx, amount, index: index)
        pools.wallets[BucketKey(asset: amount.asset, wallet: tx.wallet), default: .zero] -= amount.quantity
        if !tx.lotPicks.isEmpty && kind != .fee && kind != .transferFee { pools.ignoredPicks += 1 }
        if identifying {
            identifyDisposal(p, index, tx, amount, proceeds: proceeds, sellingCost: sellingCost, kind: kind, missing: missing)
        } else {
            averageCostDisposal(p, index, tx, amount, proceeds: proceeds, sellingCost: sellingCost, kind: kind, missing: missing)
        }
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
            log.shortfalls.append(Shortfall(transaction: TransactionReference(tx), asset: amount.asset, wallet: nil, missing: missing, date: tx.date))
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
            throw .malformed(transaction: tx.reference, reason: .noCryptoSent(tx.kind))
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

    /// The end of the history: every day closed, every disposal settled, rows in disposal order.
    mutating func finishPools() {
        guard pooled else { return }
        if identifying { finishIdentification() }
        checkSuperficialWindow()
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

extension Replay {
    /// Appends one pooled disposal row (a superficial loss is adjustment code `SL`).
    mutating func poolRow(
        _ tx: Transaction, index: Int32, asset: Asset, quantity: Quantity, proceeds: Money, sellingCost: Money = .zero, basis: Money,
        adjustment: Money, kind: DisposalKind, matching: Matching, lot: Int32, dateAcquired: CivilDate, missing: Bool = false
    ) {
        let lotID = lot < 0 ? PoolBook.lotID : originID(lot)
        disposals.append(Disposal(
            quantity: quantity, proceeds: proceeds, costBasis: basis, adjustment: adjustment, sellingCost: sellingCost, disposedAt: tx.timestamp,
            taxYear: years[Int(index)], wallet: tx.wallet, lotTransactionID: lotID, disposalTransactionID: tx.id,
            adjustmentCode: adjustment.isPositive ? .superficialLoss : .none, asset: asset, dateAcquired: dateAcquired, dateDisposed: tx.date,
            lotPosition: lot, disposalPosition: index, term: jurisdiction.holdingPeriod.term(held: dateAcquired, disposed: tx.date),
            kind: kind, missingBasis: missing, matching: matching, edited: tx.edited || (lot >= 0 && originEdited(lot))))
    }
}
