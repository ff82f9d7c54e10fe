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

    /// From `replay.first` on; a replay of the history from a state's cut starts each asset's balance at the units held
    /// before the cut (`Replay.unitsBeforeFirst`).
    init(_ replay: Replay, rule: WashSaleRule) {
        if replay.first > 0, !replay.unitsBeforeFirst.isEmpty {
            // Before every day: the balance a window ending on any day from the cut on starts from.
            let day = Int32.min
            for (asset, units) in replay.unitsBeforeFirst.sorted(by: { $0.key < $1.key }) {
                index[asset] = series.count
                series.append(Series(days: [day], acquiredThrough: [.zero], balance: [units]))
            }
        }
        for position in replay.first..<replay.count {
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

    /// Units of each asset held at the end of the day before `date` (the assets held).
    func unitsHeld(before date: CivilDate) -> [Asset: Quantity] {
        var held: [Asset: Quantity] = [:]
        for (asset, number) in index {
            let end = series[number].days.partitioningIndex { $0 >= date.daysSinceEpoch } - 1
            if end >= 0, !series[number].balance[end].isZero { held[asset] = series[number].balance[end] }
        }
        return held
    }

    /// Units held at the end of the data.
    func finalBalance(_ asset: Asset) -> Quantity { index[asset].flatMap { series[$0].balance.last } ?? .zero }
}

extension Replay {
    /// Sets up the superficial-loss window when a rule that denies superficial losses applies to average-cost pools (a
    /// whole history is needed: not in a `LotBook`).
    mutating func preparePools() {
        guard pools.matching == .averageCost else { return }
        let rules = [policy.washSale, jurisdiction.washSale].compactMap { $0 }
        guard let rule = rules.first(where: { $0.effect == .denySuperficialLoss }) else { return }
        pools.superficialRule = rule
        pools.superficial = SuperficialWindow(self, rule: rule)
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

    /// Pair check at the end of a replay: the window's balances are the pools' (when no units were assumed).
    func checkSuperficialWindow() {
        guard let window = pools.superficial, missingBasisCount == 0 else { return }
        for (p, asset) in pools.assets.enumerated() {
            precondition(window.finalBalance(asset) == pools.pools[p].held,
                         "\(asset): the superficial-loss window holds \(window.finalBalance(asset)) but the pool \(pools.pools[p].held)")
        }
    }
}
