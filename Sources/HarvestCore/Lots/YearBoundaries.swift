/// The year boundaries of a replay: a tax year may change the method or the scope (US: universal scope before 2025,
/// wallet by wallet from then, Rev. Proc. 2024-28), which re-keys the heaps or re-buckets the lots.
extension Replay {
    /// Applies the new year's method and scope: re-keys the heaps, or re-buckets the lots.
    mutating func enterYear(_ year: Int) {
        let newMethod = policy.method(for: year)
        let newScope = policy.scope(for: year)
        guard newMethod != method || newScope != scope else { return }
        method = newMethod
        if newScope != scope {
            if newScope == .wallet {
                allocatePoolToWallets()
            }
            scope = newScope
            if scope == .universal {
                walletBalances = [:]
                for lot in lots where lot.quantity.isPositive {
                    walletBalances[BucketKey(asset: lot.asset, wallet: lot.wallet), default: .zero] += lot.quantity
                }
            }
        }
        rebuildBuckets()
    }

    /// Leaving the universal pool for wallet-by-wallet tracking (US, 1 January 2025): assigns the pooled
    /// lots to the wallets that actually hold the units, a "global allocation" under Rev. Proc. 2024-28.
    /// The written rule: each lot stays in the wallet it was last recorded in, as far as that wallet's
    /// balance allows; what is left is assigned oldest lot first to the wallets still short, in wallet-name
    /// order. Lots are split where a wallet needs only part of one.
    mutating func allocatePoolToWallets() {
        var need = walletBalances.filter { $0.value.isPositive }
        let open = lots.indices.filter { lots[$0].quantity.isPositive }.sorted {
            (lots[$0].acquiredAt, lots[$0].origin, lots[$0].serial) < (lots[$1].acquiredAt, lots[$1].origin, lots[$1].serial)
        }
        var leftovers: [Int] = []
        for index in open {
            let home = BucketKey(asset: lots[index].asset, wallet: lots[index].wallet)
            let room = need[home] ?? .zero
            if room >= lots[index].quantity {
                need[home] = room - lots[index].quantity
            } else {
                if room.isPositive {
                    splitOff(index, room, to: lots[index].wallet)
                    need[home] = .zero
                }
                leftovers.append(index)
            }
        }
        let short = need.filter { $0.value.isPositive }.keys.sorted { ($0.asset, $0.wallet!) < ($1.asset, $1.wallet!) }
        for index in leftovers {
            for wallet in short where wallet.asset == lots[index].asset && lots[index].quantity.isPositive {
                let room = need[wallet] ?? .zero
                guard room.isPositive else { continue }
                if room >= lots[index].quantity {
                    need[wallet] = room - lots[index].quantity
                    lots[index].wallet = wallet.wallet!
                    break
                }
                splitOff(index, room, to: wallet.wallet!)
                need[wallet] = .zero
            }
        }
    }

    /// Moves `quantity` units of a lot, with their basis, into a new fragment recorded in `wallet`.
    mutating func splitOff(_ index: Int, _ quantity: Quantity, to wallet: Wallet) {
        let piece = consume(index, quantity)
        let lot = lots[index]
        lots.append(LotState(
            asset: lot.asset, wallet: wallet, quantity: quantity, basis: piece.basis, acquiredAt: lot.acquiredAt,
            dateAcquired: lot.dateAcquired, holdingStart: lot.holdingStart, origin: lot.origin,
            serial: nextSerial, unitCost: lot.unitCost, missingBasis: lot.missingBasis, replacementUsed: lot.replacementUsed))
    }

    /// Puts every open lot into the bucket of the current scope, heap-ordered by the current method.
    mutating func rebuildBuckets() {
        var grouped: [BucketKey: [LotHeap.Entry]] = [:]
        var totals: [BucketKey: Quantity] = [:]
        for index in lots.indices where lots[index].quantity.isPositive {
            let lot = lots[index]
            let key = key(lot.asset, lot.wallet)
            grouped[key, default: []].append(.init(key: sortKey(lot), lot: Int32(index)))
            totals[key, default: .zero] += lot.quantity
        }
        bucketIndex = [:]
        buckets = []
        bucketKeys = []
        for key in grouped.keys.sorted(by: { ($0.asset, $0.wallet?.name ?? "") < ($1.asset, $1.wallet?.name ?? "") }) {
            let number = bucket(for: key)
            buckets[number].heap.rebuild(grouped[key]!)
            buckets[number].total = totals[key]!
        }
    }
}
