/// One term's harvestable losses in order of cost per unit of loss: the cheapest way to realize any amount `x` of that
/// term's loss is to take them in that order, the last one in part (a fractional knapsack). Its cost `C(x)` is convex and
/// piecewise linear, bending at the cumulative losses.
struct LossCurve {
    /// One lot's harvestable loss (positive) and what realizing all of it costs (deferred tax, restart, trading).
    struct Item {
        var index: Int
        var loss: Money
        var cost: Money
        var rate: Fixed
        /// The lot's rank in the planner's tie-break order.
        var rank: Int
    }

    /// The items in order of cost per unit of loss, ties in lot order.
    let items: [Item]
    /// `cumulativeLoss[k]`, `cumulativeCost[k]`: the first `k` items together.
    let cumulativeLoss: [Money]
    let cumulativeCost: [Money]

    /// - Parameter ordered: the items already in order of rate, ties by rank.
    init(_ unordered: [Item], ordered: Bool = false) {
        items = ordered ? unordered : unordered.sorted { $0.rate != $1.rate ? $0.rate < $1.rate : $0.rank < $1.rank }
        var loss = [Money.zero], cost = [Money.zero]
        loss.reserveCapacity(items.count + 1)
        cost.reserveCapacity(items.count + 1)
        for item in items {
            precondition(item.loss.isPositive, "a harvest item without a loss: \(item)")
            loss.append(loss.last! + item.loss)
            cost.append(cost.last! + item.cost)
        }
        cumulativeLoss = loss
        cumulativeCost = cost
    }

    /// A lot's cost per unit of its loss.
    static func rate(cost: Money, loss: Money) -> Fixed { cost.fixed.divided(by: loss.fixed, rounding: .halfEven) }

    var total: Money { cumulativeLoss.last! }

    /// The item that realizes the loss just past `x` (the first with cumulative loss above `x`); `items.count` when none.
    func item(after x: Money) -> Int { cumulativeLoss.partitioningIndex { $0 > x } - 1 }

    /// The cheapest cost of realizing `x` (0 ≤ x ≤ total).
    func cost(_ x: Money) -> Money {
        precondition(!x.isNegative && x <= total, "loss curve: \(x) outside 0...\(total)")
        let k = item(after: x)
        guard k < items.count, x > cumulativeLoss[k] else { return cumulativeCost[min(k, items.count)] }
        return cumulativeCost[k] + items[k].cost.scaled(by: (x - cumulativeLoss[k]).fixed, over: items[k].loss.fixed, rounding: .halfEven)
    }

    /// The loss of the items whose rate is below `rate` (`orEqual`: at most `rate`): the cheapest amount to realize
    /// where each unit of loss saves `rate` (the least such amount, or the most).
    func amount(savingRate rate: Fixed, orEqual: Bool) -> Money {
        cumulativeLoss[items.partitioningIndex { orEqual ? $0.rate > rate : $0.rate >= rate }]
    }

    /// The marginal cost just past `x`; nil past the last item (no more loss to realize).
    func rate(after x: Money) -> Fixed? {
        let k = item(after: x)
        return k < items.count ? items[k].rate : nil
    }

    /// The marginal cost just before `x` (x > 0).
    func rate(before x: Money) -> Fixed {
        let k = cumulativeLoss.partitioningIndex { $0 >= x } - 1
        return items[max(0, k)].rate
    }

    /// How much of each item realizing `x` takes: all of the first ones, part of the last.
    func taken(_ x: Money) -> [(item: Item, loss: Money)] {
        var result: [(item: Item, loss: Money)] = []
        var left = x
        for item in items where left.isPositive {
            let part = min(item.loss, left)
            result.append((item, part))
            left -= part
        }
        return result
    }
}

/// The exact maximum of a harvest's value over how much of each losing lot to sell (README "The value model").
///
/// Harvesting `x_i ∈ [0, 1]` of lot `i` is worth `V = S(Ls, Ll) − Σ x_i c_i`, where `S` is the tax saved (the year's tax
/// before, less after the short-term losses `Ls` and long-term losses `Ll` harvested) and `c_i` the lot's own costs. For
/// given totals the costs are least when each term's lots are taken in order of cost per unit of loss (`LossCurve`), so
/// `V = S(Ls, Ll) − Cs(Ls) − Cl(Ll)`. `S` is linear between the economics' kink lines (`TaxKink`: `Ls = k`, `Ll = k`,
/// `Ls + Ll = k`), which cut the plane into convex cells: the intersections of a vertical, a horizontal and a diagonal
/// slab. On each closed cell `S` is linear and `−Cs − Cl` concave, so the cell's maximum is where the marginal cost
/// crosses the saving rate: in the box, each term where its curve's rate passes the cell's saving rate (a binary search);
/// if that sum is outside the cell's diagonal slab, on its nearer diagonal edge, where the two marginal costs balance (a
/// binary search on the concave restriction). The best of the cells is the maximum. A cliff (the tax jumps, Germany's
/// Freigrenze) closes the cell on its side of less loss; the cell on the other side starts one cent past it.
struct HarvestOptimizer {
    let economics: any HarvestEconomics
    let realized: RealizedGains
    let baseCost: Money
    let short: LossCurve
    let long: LossCurve
    /// An upper bound on the total loss (the loss target), if any.
    let target: Money?

    /// How far past a cliff the loss goes: one cent, the least a return shows.
    static let pastCliff: Money = "0.01"

    struct Point: Equatable {
        var short: Money
        var long: Money
        var value: Money
    }

    /// The tax saved by harvesting `short` and `long` on top of `realized`.
    func saving(_ short: Money, _ long: Money) -> Money {
        baseCost - economics.taxCost(realized.adding(-short, term: .short).adding(-long, term: .long))
    }

    func value(_ shortLoss: Money, _ longLoss: Money) -> Money {
        saving(shortLoss, longLoss) - short.cost(shortLoss) - long.cost(longLoss)
    }

    /// A slab between two consecutive kink positions: `lower...upper`.
    struct Slab {
        var lower: Money
        var upper: Money
    }

    /// The slabs the kinks of `line` cut `0...maximum` into, a cliff's side of more loss starting past it.
    static func slabs(_ kinks: [TaxKink], _ line: TaxKink.Line, maximum: Money) -> [Slab] {
        guard maximum.isPositive else { return [Slab(lower: .zero, upper: .zero)] }
        var cliffs = Set<Money>()
        var positions: [Money] = [.zero, maximum]
        for kink in kinks where kink.line == line && !kink.at.isNegative && kink.at < maximum {
            positions.append(kink.at)
            if kink.isCliff { cliffs.insert(kink.at) }
        }
        positions = Array(Set(positions)).sorted()
        var slabs: [Slab] = cliffs.contains(.zero) ? [Slab(lower: .zero, upper: .zero)] : []
        for (lower, upper) in zip(positions, positions.dropFirst()) {
            let start = cliffs.contains(lower) ? lower + pastCliff : lower
            if start <= upper { slabs.append(Slab(lower: start, upper: upper)) }
        }
        return slabs
    }

    /// The best harvest: the totals of short- and long-term loss and the value, the least loss among equal values.
    func best() -> Point {
        var best = Point(short: .zero, long: .zero, value: .zero)
        for cell in cells() {
            guard let point = optimum(in: cell) else { continue }
            let candidate = Point(short: point.short, long: point.long, value: value(point.short, point.long))
            if candidate.value > best.value
                || (candidate.value == best.value && candidate.short + candidate.long < best.short + best.long)
            {
                best = candidate
            }
        }
        return best
    }

    /// A convex cell: `a ≤ Ls ≤ b`, `c ≤ Ll ≤ d`, `e ≤ Ls + Ll ≤ f`.
    struct Cell {
        var short: Slab
        var long: Slab
        var total: Slab
    }

    /// Every non-empty cell of the kinks' arrangement within the lots' losses (and the loss target).
    func cells() -> [Cell] {
        let kinks = economics.kinks(after: realized)
        var maximumTotal = short.total + long.total
        if let target { maximumTotal = min(maximumTotal, max(.zero, target)) }
        var cells: [Cell] = []
        for s in Self.slabs(kinks, .short, maximum: short.total) {
            for l in Self.slabs(kinks, .long, maximum: long.total) {
                for t in Self.slabs(kinks, .total, maximum: maximumTotal)
                where s.lower + l.lower <= t.upper && s.upper + l.upper >= t.lower {
                    cells.append(Cell(short: s, long: l, total: t))
                }
            }
        }
        return cells
    }

    /// The saving per unit of short- and long-term loss on a cell (zero along a term the cell does not extend in), from
    /// the tax at interior points: `S` is linear there.
    func savingRates(on cell: Cell) -> (short: Fixed, long: Fixed) {
        // The cell's extent in Ls, and at its middle, in Ll; then the chords through that middle point.
        let xLow = max(cell.short.lower, cell.total.lower - cell.long.upper)
        let xHigh = min(cell.short.upper, cell.total.upper - cell.long.lower)
        let x = Self.middle(xLow, xHigh)
        let yLow = max(cell.long.lower, cell.total.lower - x), yHigh = min(cell.long.upper, cell.total.upper - x)
        let y = Self.middle(yLow, yHigh)
        func rate(_ low: Money, _ high: Money, along term: Term) -> Fixed {
            guard low < high else { return .zero }
            let from = Self.middle(low, term == .short ? x : y), to = Self.middle(term == .short ? x : y, high)
            guard from < to else { return .zero }
            let difference = term == .short ? saving(to, y) - saving(from, y) : saving(x, to) - saving(x, from)
            return difference.fixed.divided(by: (to - from).fixed, rounding: .halfEven)
        }
        let chordLow = max(cell.short.lower, cell.total.lower - y), chordHigh = min(cell.short.upper, cell.total.upper - y)
        return (rate(chordLow, chordHigh, along: .short), rate(yLow, yHigh, along: .long))
    }

    static func middle(_ a: Money, _ b: Money) -> Money { Money(Fixed(raw: a.fixed.raw + (b.fixed.raw - a.fixed.raw) / 2)) }

    /// The highest saving rate of any cell: a lot costing more per unit of loss never pays (without a cliff).
    func highestSavingRate() -> Fixed {
        cells().reduce(Fixed.zero) { best, cell in
            let rates = savingRates(on: cell)
            return max(best, rates.short, rates.long)
        }
    }

    /// The maximum of `S − Cs − Cl` on one cell, `S` linear there.
    func optimum(in cell: Cell) -> (short: Money, long: Money)? {
        let rates = savingRates(on: cell)
        func clamp(_ value: Money, _ slab: Slab) -> Money { min(max(value, slab.lower), slab.upper) }
        // The box's maximizers: each term up to where its marginal cost reaches the saving rate (least and most).
        let xLeast = clamp(short.amount(savingRate: rates.short, orEqual: false), cell.short)
        let yLeast = clamp(long.amount(savingRate: rates.long, orEqual: false), cell.long)
        let xMost = clamp(short.amount(savingRate: rates.short, orEqual: true), cell.short)
        let yMost = clamp(long.amount(savingRate: rates.long, orEqual: true), cell.long)
        if xLeast + yLeast > cell.total.upper { return onDiagonal(cell.total.upper, cell, rates) }
        if xMost + yMost < cell.total.lower { return onDiagonal(cell.total.lower, cell, rates) }
        if xLeast + yLeast >= cell.total.lower { return (xLeast, yLeast) }
        // Among equal maximizers, the least loss that reaches the slab.
        let x = min(xMost, xLeast + (cell.total.lower - xLeast - yLeast))
        return (x, cell.total.lower - x)
    }

    /// The maximum on `Ls + Ll = total` within the cell: `h(x) = σs·x − Cs(x) + σl·(total − x) − Cl(total − x)` is
    /// concave; its right slope `σs − σl − cs(x⁺) + cl((total − x)⁻)` falls with `x`, and the first `x` where it is not
    /// positive is the maximum (a binary search over the exact amounts: the answer is a breakpoint or an end).
    func onDiagonal(_ total: Money, _ cell: Cell, _ rates: (short: Fixed, long: Fixed)) -> (short: Money, long: Money)? {
        let low = max(cell.short.lower, total - cell.long.upper), high = min(cell.short.upper, total - cell.long.lower)
        guard low <= high else { return nil }
        func stopsRising(_ x: Money) -> Bool {
            guard x < high else { return true }
            guard let shortRate = short.rate(after: x) else { return true }
            let y = total - x
            let longRate = y.isPositive ? long.rate(before: y) : Fixed.zero
            return rates.short - rates.long - shortRate + longRate <= .zero
        }
        var lower = low.fixed.raw, upper = high.fixed.raw
        // At most 128 halvings of an Int128 range.
        while lower < upper {
            let middle = lower + (upper - lower) / 2
            if stopsRising(Money(Fixed(raw: middle))) { upper = middle } else { lower = middle + 1 }
        }
        let x = Money(Fixed(raw: lower))
        return (x, total - x)
    }
}

/// The tax saved along one term's axis through a point (the other term's loss fixed), from `low` to `high`: linear
/// between the kinks the axis crosses, so it is evaluated there once and interpolated for every lot (a plan over a
/// hundred thousand lots asks it for each). Across a cliff it evaluates every point.
struct AxisSaving {
    let term: Term
    let other: Money
    let saving: (Money, Money) -> Money
    var positions: [Money] = []
    var savings: [Money] = []
    var direct = false

    init(_ economics: any HarvestEconomics, realized: RealizedGains, term: Term, other: Money, from low: Money, to high: Money,
         saving: @escaping (Money, Money) -> Money) {
        self.term = term
        self.other = other
        self.saving = saving
        var points: Set<Money> = [low, high]
        for kink in economics.kinks(after: realized) {
            if kink.isCliff { direct = true }
            let at: Money
            switch kink.line {
            case .total: at = kink.at - other
            case .short: guard term == .short else { continue }; at = kink.at
            case .long: guard term == .long else { continue }; at = kink.at
            }
            if at > low && at < high { points.insert(at) }
        }
        guard !direct else { return }
        positions = points.sorted()
        savings = positions.map { value(at: $0) }
    }

    func value(at x: Money) -> Money { term == .short ? saving(x, other) : saving(other, x) }

    /// The saving with `x` of this term's loss (within `low...high`).
    func callAsFunction(_ x: Money) -> Money {
        guard !direct else { return value(at: x) }
        let upper = min(max(positions.partitioningIndex { $0 >= x }, 1), positions.count - 1)
        let (from, to) = (positions[upper - 1], positions[upper])
        guard to > from else { return savings[upper] }
        return savings[upper - 1] + (savings[upper] - savings[upper - 1]).scaled(by: (x - from).fixed, over: (to - from).fixed, rounding: .halfEven)
    }
}
