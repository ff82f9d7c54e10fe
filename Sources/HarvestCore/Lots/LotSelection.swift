/// Lot selection: the buckets of open lots (an asset in a wallet, or in every wallet under universal scope), each a heap
/// in the order the method consumes them (FIFO by original acquisition time, LIFO, HIFO by unit cost, specific
/// identification by the lots a disposal names), and the taking of units from them with their pro-rata basis.
extension Replay {
    func key(_ asset: Asset, _ wallet: Wallet) -> BucketKey {
        BucketKey(asset: asset, wallet: scope == .wallet ? wallet : nil)
    }

    /// A new lot of `received` at `basis`; its holding period runs from `holdingStart` when given (a gift's carried-over
    /// holding period), else from the day of the transaction.
    mutating func acquire(
        _ index: Int32, _ tx: Transaction, _ received: Amount, basis: Money, missingBasis: Bool = false, holdingStart: CivilDate? = nil
    ) {
        if pooled { return poolAcquire(index, tx, received, basis: basis, missingBasis: missingBasis) }
        let lot = LotState(
            asset: received.asset, wallet: tx.wallet, quantity: received.quantity, basis: basis,
            acquiredAt: tx.timestamp, dateAcquired: tx.date, holdingStart: min(holdingStart ?? tx.date, tx.date), origin: index,
            serial: nextSerial, unitCost: Replay.unitCost(basis, received.quantity), missingBasis: missingBasis)
        insert(lot, into: key(received.asset, tx.wallet))
        audit.came(received.asset, units: received.quantity, basis: basis)
        if scope == .universal {
            walletBalances[BucketKey(asset: received.asset, wallet: tx.wallet), default: .zero] += received.quantity
        }
        if let deferrals = wash?.pending.removeValue(forKey: index) {
            applyDeferrals(deferrals, toNewLot: lots.count - 1)
        }
    }

    static func unitCost(_ basis: Money, _ quantity: Quantity) -> Int128 {
        // Saturated: a dust lot (1e-18 units costing $171) costs more per unit than `Fixed` holds, and is still the
        // highest-cost lot for HIFO; the unit cost orders lots and is never printed.
        quantity.isZero ? 0 : basis.fixed.saturatingDivided(by: quantity.fixed, rounding: .halfEven).raw
    }

    mutating func insert(_ lot: LotState, into key: BucketKey) {
        let lotIndex = Int32(lots.count)
        lots.append(lot)
        if wash != nil { wash!.lotsByOrigin[lot.origin, default: []].append(lotIndex) }
        let bucket = bucket(for: key)
        buckets[bucket].heap.push(.init(key: sortKey(lot), lot: lotIndex))
        buckets[bucket].total += lot.quantity
    }

    mutating func bucket(for key: BucketKey) -> Int {
        if let index = bucketIndex[key] { return index }
        let index = buckets.count
        buckets.append(Bucket())
        bucketKeys.append(key)
        bucketIndex[key] = index
        return index
    }

    /// The consumption order under the current method; ties by acquisition, then creation order.
    func sortKey(_ lot: LotState) -> LotKey {
        let acquired = lot.acquiredAt.millisecondsSinceEpoch
        let origin = Int64(lot.origin)
        switch method {
        case .fifo, .specific:
            return LotKey(primary: Int128(acquired), secondary: origin, tertiary: Int64(lot.serial))
        case .lifo:
            return LotKey(primary: -Int128(acquired), secondary: -origin, tertiary: -Int64(lot.serial))
        case .hifo:
            return LotKey(primary: -lot.unitCost, secondary: acquired, tertiary: origin << 32 | Int64(lot.serial))
        }
    }

    /// Takes `quantity` units from a bucket: the named lots when `picks` is not empty, else in the
    /// method's order. A shortfall is an error, or with `allowMissingBasis` a zero-basis lot.
    mutating func take(
        _ index: Int32, _ tx: Transaction, from key: BucketKey, wallet: Wallet, quantity: Quantity, picks: [LotPick]
    ) throws(LedgerError) -> [Piece] {
        let bucketNumber = bucket(for: key)
        if scope == .universal {
            walletBalances[BucketKey(asset: key.asset, wallet: wallet), default: .zero] -= quantity
        }
        let available = buckets[bucketNumber].total
        if available < quantity {
            guard policy.allowMissingBasis else {
                throw .insufficientLots(transaction: tx.reference, asset: key.asset, wallet: key.wallet,
                                        requested: quantity, available: available)
            }
            // Zero-basis units acquired on the disposal date, flagged wherever they appear.
            missingBasisCount += 1
            log.shortfalls.append(Shortfall(
                transaction: TransactionReference(tx), asset: key.asset, wallet: key.wallet, missing: quantity - available, date: tx.date))
            let missing = LotState(
                asset: key.asset, wallet: wallet, quantity: quantity - available, basis: .zero, acquiredAt: tx.timestamp,
                dateAcquired: tx.date, holdingStart: tx.date, origin: index, serial: nextSerial, unitCost: 0,
                missingBasis: true)
            insert(missing, into: key)
            audit.came(key.asset, units: quantity - available, basis: .zero)
        }
        // Reuse one buffer across calls: most disposals take one or two pieces, and an allocation per
        // disposal shows in a million-transaction replay. Callers hand it back with `recycle`.
        var pieces = pieceBuffer
        pieceBuffer = []
        pieces.removeAll(keepingCapacity: true)
        var needed = quantity
        if !picks.isEmpty {
            for pick in picks where needed.isPositive {
                needed -= try takePicked(pick, tx, bucket: bucketNumber, needed: needed, into: &pieces)
            }
            guard needed.isZero else {
                throw .badLotPick(transaction: tx.reference, pick: picks[picks.count - 1],
                                  reason: "the named lots cover only \(quantity - needed) of the \(quantity) \(key.asset) disposed of")
            }
        }
        while needed.isPositive {
            guard let top = buckets[bucketNumber].heap.top else {
                preconditionFailure("bucket \(key) total \(buckets[bucketNumber].total) disagrees with its lots")
            }
            let lotIndex = Int(top.lot)
            let held = lots[lotIndex].quantity
            if held.isZero {  // consumed through a specific identification: drop it now
                buckets[bucketNumber].heap.popTop()
                continue
            }
            let taken = min(held, needed)
            pieces.append(consume(lotIndex, taken))
            if lots[lotIndex].quantity.isZero { buckets[bucketNumber].heap.popTop() }
            needed -= taken
        }
        buckets[bucketNumber].total -= quantity
        return pieces
    }

    /// Takes from the lots of the transaction `pick` names, in their consumption order.
    mutating func takePicked(
        _ pick: LotPick, _ tx: Transaction, bucket bucketNumber: Int, needed: Quantity, into pieces: inout [Piece]
    ) throws(LedgerError) -> Quantity {
        var matching = buckets[bucketNumber].heap.entries.filter {
            originID(lots[Int($0.lot)].origin) == pick.transactionID && lots[Int($0.lot)].quantity.isPositive
        }
        matching.sort { $0.key < $1.key }
        let held = matching.reduce(Quantity.zero) { $0 + lots[Int($1.lot)].quantity }
        guard held.isPositive else {
            throw .badLotPick(transaction: tx.reference, pick: pick, reason: "no open lot from that transaction is held here")
        }
        let wanted = min(pick.quantity ?? held, needed)
        guard wanted <= held else {
            throw .badLotPick(transaction: tx.reference, pick: pick, reason: "asks for \(wanted) but the lot holds \(held)")
        }
        var left = wanted
        for entry in matching where left.isPositive {
            let taken = min(lots[Int(entry.lot)].quantity, left)
            pieces.append(consume(Int(entry.lot), taken))
            left -= taken
        }
        return wanted
    }

    /// Removes `quantity` units from a lot with their pro-rata basis; the lot keeps the exact remainder,
    /// so basis is conserved to the last unit (rp2 `gain_loss.py`: basis × sold ÷ held, one rounding).
    mutating func consume(_ lotIndex: Int, _ quantity: Quantity) -> Piece {
        let held = lots[lotIndex].quantity
        precondition(quantity.isPositive && quantity <= held, "lot \(lotIndex) over-consumed: \(quantity) of \(held)")
        let basis = quantity == held ? lots[lotIndex].basis : lots[lotIndex].basis.prorated(quantity, of: held)
        lots[lotIndex].quantity -= quantity
        lots[lotIndex].basis -= basis
        return Piece(lot: Int32(lotIndex), quantity: quantity, basis: basis)
    }

    /// Returns a pieces array's storage for the next `take`.
    mutating func recycle(_ pieces: [Piece]) { pieceBuffer = pieces }

    func sortedByAcquisition(_ pieces: [Piece]) -> [Piece] {
        guard pieces.count > 1 else { return pieces }
        return pieces.map { piece in
            (key: LotKey(primary: Int128(lots[Int(piece.lot)].acquiredAt.millisecondsSinceEpoch),
                         secondary: Int64(lots[Int(piece.lot)].origin), tertiary: Int64(lots[Int(piece.lot)].serial)),
             piece: piece)
        }.sorted { $0.key < $1.key }.map(\.piece)
    }
}
