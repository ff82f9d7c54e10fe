/// Canada's adjusted cost base (ITA s.47) as the replay applies it to the pools (`Lots/PoolBook.swift`): identical
/// property held in any of the person's wallets is one pool at average cost; every acquisition joins it and every
/// disposal takes the pool's cost × units sold ÷ units held, in time order. A loss the superficial-loss rule denies
/// (`SuperficialLoss.swift`) is added to the cost of the property still held.
extension Replay {
    /// An acquisition joins the pool, with any superficial loss denied while the pool was empty (it is the substitute).
    mutating func averageCostAcquisition(_ p: Int, _ tx: Transaction, _ received: Amount, basis: Money) {
        let denied = pools.pools[p].deniedWaiting
        pools.pools[p].deniedWaiting = .zero
        addToPool(p, received.quantity, basis + denied, on: tx.date)
    }

    /// A disposal at the pool's average cost, now; units beyond what is held (`allowMissingBasis`) on a row of their own.
    mutating func averageCostDisposal(
        _ p: Int, _ index: Int32, _ tx: Transaction, _ amount: Amount, proceeds: Money, sellingCost: Money, kind: DisposalKind,
        missing: Quantity
    ) {
        let sold = amount.quantity - missing
        let unknownBasis = pools.pools[p].unknownBasis
        let basis = sold.isPositive ? takeFromPool(p, sold) : .zero
        let soldProceeds = missing.isPositive ? proceeds.prorated(sold, of: amount.quantity) : proceeds
        let soldSellingCost = missing.isPositive ? sellingCost.prorated(sold, of: amount.quantity) : sellingCost
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
            poolRow(tx, index: index, asset: amount.asset, quantity: sold, proceeds: soldProceeds, sellingCost: soldSellingCost, basis: basis,
                    adjustment: adjustment, kind: kind, matching: .pool, lot: -1, dateAcquired: pools.pools[p].opened,
                    missing: unknownBasis)
        }
        if missing.isPositive {
            poolRow(tx, index: index, asset: amount.asset, quantity: missing, proceeds: proceeds - soldProceeds,
                    sellingCost: sellingCost - soldSellingCost, basis: .zero, adjustment: .zero, kind: kind, matching: .pool, lot: index,
                    dateAcquired: tx.date, missing: true)
        }
    }
}
