/// A trade that brings the portfolio to its target weights.
public struct RebalanceTrade: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable {
        case sell, buy
        /// Buy back less than the harvest sold (its replacement, then the asset): the cheapest way to cut an
        /// overweight asset that is being harvested.
        case replaceLess = "replace_less"
    }
    public var side: Side
    public var asset: Asset
    /// The lot sold (sells only): a lot can only be sold where it is held.
    public var lot: Lot?
    public var quantity: Quantity?
    public var value: Money
    /// Gain (negative: loss) realized by a sell.
    public var gain: Money
    public var term: Term?
    public var explanation: String
}

/// Rebalancing with the least tax: what to sell of each overweight asset, lot by lot, and what to buy.
enum Rebalancer {
    /// - Parameters:
    ///   - harvested: units the harvest already sells, by lot: their exposure is kept by a replacement, so they
    ///     count as held, and they are not sold again.
    static func trades(
        _ request: PlanRequest, weights: [Asset: Fixed], harvested: [String: Quantity]
    ) -> (trades: [RebalanceTrade], warnings: [String]) {
        var warnings: [String] = []
        var valueByAsset: [Asset: Money] = [:]
        for lot in request.lots {
            guard let price = request.prices[lot.asset] else {
                warnings.append("\(lot.asset) has no price on or before \(request.asOf): left out of the rebalancing")
                continue
            }
            valueByAsset[lot.asset, default: .zero] += price * lot.quantity
        }
        let total = valueByAsset.values.sum()
        guard total.isPositive else { return ([], warnings) }
        var trades: [RebalanceTrade] = []
        for asset in Set(valueByAsset.keys).union(weights.keys).sorted() {
            let held = valueByAsset[asset] ?? .zero
            let wanted = total.multiplied(by: weights[asset] ?? .zero, rounding: .halfEven)
            if wanted > held {
                guard request.prices[asset] != nil else {
                    warnings.append("\(asset) is in the target but has no price: cannot size its purchase")
                    continue
                }
                trades.append(RebalanceTrade(
                    side: .buy, asset: asset, lot: nil, quantity: nil, value: wanted - held, gain: .zero, term: nil,
                    explanation: "buy \(HarvestPlanner.show(wanted - held)) of \(asset): held \(HarvestPlanner.show(held)), target "
                        + "\(HarvestPlanner.show(wanted))"))
            } else if held - wanted > Money("0.01") {
                var excess = held - wanted
                // Units the harvest sells are bought back (as a replacement): buy back less before selling more.
                let price = request.prices[asset]!
                let harvestedValue = request.lots.filter { $0.asset == asset }.reduce(Money.zero) { sum, lot in
                    sum + price * (harvested[Rebalancer.key(lot)] ?? .zero)
                }
                if harvestedValue.isPositive {
                    let less = min(harvestedValue, excess)
                    trades.append(RebalanceTrade(
                        side: .replaceLess, asset: asset, lot: nil, quantity: nil, value: less, gain: .zero, term: nil,
                        explanation: "buy back \(HarvestPlanner.show(harvestedValue - less)) instead of \(HarvestPlanner.show(harvestedValue)) "
                            + "of \(asset)'s harvested value: target \(HarvestPlanner.show(wanted))"))
                    excess -= less
                }
                if excess > Money("0.01") { trades += sells(request, asset: asset, value: excess, harvested: harvested) }
            }
        }
        return (trades, warnings)
    }

    /// How harvested units are keyed: the lot's transaction, wallet and date.
    static func key(_ lot: Lot) -> String { lot.transactionID + "@" + lot.wallet.name + "@" + lot.dateAcquired.description }

    /// Sells `value` of `asset`: losses first (largest first), then long-term gains, then short-term gains, each
    /// by the smallest gain per unit of value, so the least tax is realized; the last lot in part.
    static func sells(_ request: PlanRequest, asset: Asset, value: Money, harvested: [String: Quantity]) -> [RebalanceTrade] {
        guard let price = request.prices[asset] else { return [] }
        struct Option {
            var lot: Lot
            var quantity: Quantity
            var value: Money
            var gain: Money
            var term: Term
        }
        var options: [Option] = []
        for lot in request.lots where lot.asset == asset {
            let quantity = lot.quantity - (harvested[Rebalancer.key(lot)] ?? .zero)
            guard quantity.isPositive else { continue }
            let basis = quantity == lot.quantity ? lot.costBasis : lot.costBasis.prorated(quantity, of: lot.quantity)
            let lotValue = price * quantity
            options.append(Option(
                lot: lot, quantity: quantity, value: lotValue, gain: lotValue - basis,
                term: request.jurisdiction.holdingPeriod.term(held: lot.holdingStart, disposed: request.asOf)))
        }
        func rank(_ option: Option) -> Int { option.gain.isNegative ? 0 : option.term == .long ? 1 : 2 }
        options.sort { a, b in
            if rank(a) != rank(b) { return rank(a) < rank(b) }
            // Gain per dollar sold, compared without dividing: a.gain / a.value < b.gain / b.value.
            let left = a.gain.fixed.multiplied(by: b.value.fixed, rounding: .halfEven)
            let right = b.gain.fixed.multiplied(by: a.value.fixed, rounding: .halfEven)
            if left != right { return left < right }
            return (a.lot.dateAcquired, a.lot.wallet, a.lot.transactionID) < (b.lot.dateAcquired, b.lot.wallet, b.lot.transactionID)
        }
        var left = value
        var trades: [RebalanceTrade] = []
        for option in options where left.isPositive {
            var sold = option
            if option.value > left {
                let quantity = Quantity(option.quantity.fixed.scaled(by: left.fixed, over: option.value.fixed, rounding: .up))
                sold.quantity = min(quantity, option.quantity)
                sold.value = price * sold.quantity
                sold.gain = option.gain.prorated(sold.quantity, of: option.quantity)
            }
            left -= sold.value
            let kind = sold.gain.isNegative ? "loss" : "\(sold.term.rawValue)-term gain"
            trades.append(RebalanceTrade(
                side: .sell, asset: asset, lot: option.lot, quantity: sold.quantity, value: sold.value, gain: sold.gain, term: sold.term,
                explanation: "sell \(sold.quantity) \(asset)@\(option.lot.wallet) (lot \(option.lot.dateAcquired)): "
                    + "\(HarvestPlanner.show(sold.value)), \(kind) \(HarvestPlanner.show(sold.gain.magnitude))"))
        }
        return trades
    }
}
