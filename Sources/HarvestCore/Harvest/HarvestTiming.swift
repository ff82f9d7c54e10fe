/// When in the year a loss is harvested (README "When to harvest"): the value model says whether a harvest pays today;
/// this says whether today is the day. Before the last days of the tax year a lot is harvested only when its loss is
/// deep for its asset's volatility; in the last days (the sweep) every loss that pays is taken, as the year's last chance
/// to count against its gains.
///
/// Why: harvesting sells and buys back, so each harvest costs the round trip and restarts the lot's holding period, and
/// a fall harvested early is often harvested again as it deepens. Waiting for the sweep avoids that, but a loss that
/// recovers before December is lost. How likely it is to recover before the year ends grows with the asset's volatility,
/// so the depth at which harvesting early is worth it falls as the volatility rises: `depthScale / σ` of the basis (σ the
/// annualized volatility of daily returns over the last year), within `minimumDepth...maximumDepth`. With the default
/// 0.22 that is about 30% for bitcoin (σ ≈ 0.7) and about 20% for an altcoin (σ ≈ 1.1). The scale was chosen on the
/// quarterly windows of 2017–2023 in `harvest backtest --windows` (README "Does harvesting pay?", where the measured
/// effect of each part is given); it is a policy measured on history, not a law.
///
/// A statistic, not an amount: the volatility is a `Double`, used only to compare a lot's loss with its trigger.
public struct HarvestTiming: Sendable, Hashable {
    public var depthScale: Double
    public var minimumDepth: Double
    public var maximumDepth: Double
    /// The sweep: the last `sweepDays` days of the tax year (US: 24–31 December).
    public var sweepDays: Int
    /// Days of daily returns the volatility is measured over.
    public var volatilityDays: Int

    public init(depthScale: Double = 0.22, minimumDepth: Double = 0.10, maximumDepth: Double = 0.50, sweepDays: Int = 8,
                volatilityDays: Int = 365) {
        self.depthScale = depthScale
        self.minimumDepth = minimumDepth
        self.maximumDepth = maximumDepth
        self.sweepDays = sweepDays
        self.volatilityDays = volatilityDays
    }

    /// Whether `date` is in the sweep of its tax year.
    public func isSweep(_ date: CivilDate, taxYear: TaxYearCalendar) -> Bool {
        date > taxYear.end(of: taxYear.year(of: date)).adding(days: -sweepDays)
    }

    /// The loss, as a fraction of the basis, at which a lot is harvested before the sweep: `maximumDepth` when the
    /// volatility is unknown (too few closes).
    public func triggerDepth(volatility: Double?) -> Double {
        guard let volatility, volatility > 0 else { return maximumDepth }
        return min(maximumDepth, max(minimumDepth, depthScale / volatility))
    }

    /// Whether a lot with this basis and value is deep enough to harvest today.
    public func isDeepEnough(basis: Money, value: Money, volatility: Double?, on date: CivilDate, taxYear: TaxYearCalendar) -> Bool {
        if isSweep(date, taxYear: taxYear) { return true }
        let basisAmount = basis.fixed.statistic(fractionDigits: 6)
        guard basisAmount > 0 else { return false }
        let depth = (basis - value).fixed.statistic(fractionDigits: 6) / basisAmount
        return depth >= triggerDepth(volatility: volatility)
    }

    /// The annualized volatility (sample standard deviation × √365) of the daily returns between consecutive closes in
    /// the `volatilityDays` days up to `date`; nil with fewer than 20 returns.
    public func volatility(_ series: PriceSeries?, on date: CivilDate) -> Double? {
        series.flatMap { VolatilityHistory($0).volatility(on: date, days: volatilityDays) }
    }
}

/// A price series' daily returns summed once (running totals of their count, sum and sum of squares), so that the
/// volatility over any window is two lookups: what a backtest asks every day for every asset.
public struct VolatilityHistory: Sendable {
    let days: [CivilDate]
    /// Running totals up to and including each close: returns counted, their sum and their squares' sum. A return is
    /// the change from the previous close when that was the day before.
    let count: [Int]
    let sum: [Double]
    let squares: [Double]

    public init(_ series: PriceSeries) {
        days = series.days
        var count: [Int] = [], sum: [Double] = [], squares: [Double] = []
        count.reserveCapacity(days.count)
        sum.reserveCapacity(days.count)
        squares.reserveCapacity(days.count)
        var runningCount = 0, runningSum = 0.0, runningSquares = 0.0
        var previous: Double?
        for index in days.indices {
            let close = series.closes[index].fixed.statistic(fractionDigits: 9)
            if index > 0, days[index - 1].days(to: days[index]) == 1, let previous, previous > 0 {
                let change = close / previous - 1
                runningCount += 1
                runningSum += change
                runningSquares += change * change
            }
            previous = close
            count.append(runningCount)
            sum.append(runningSum)
            squares.append(runningSquares)
        }
        self.count = count
        self.sum = sum
        self.squares = squares
    }

    /// The annualized volatility of the returns on the days in (date − days, date]: a return on day d is from the close
    /// of d − 1, so every return counted lies within the window. Nil with fewer than 20.
    public func volatility(on date: CivilDate, days window: Int) -> Double? {
        let last = lastIndex(onOrBefore: date)
        let before = lastIndex(onOrBefore: date.adding(days: -window))
        guard let last else { return nil }
        let n = count[last] - (before.map { count[$0] } ?? 0)
        guard n >= 20 else { return nil }
        let s = sum[last] - (before.map { sum[$0] } ?? 0)
        let q = squares[last] - (before.map { squares[$0] } ?? 0)
        let mean = s / Double(n)
        let variance = max(0, (q - Double(n) * mean * mean) / Double(n - 1))
        return (variance * 365).squareRoot()
    }

    /// The position of the last close on or before `date`.
    func lastIndex(onOrBefore date: CivilDate) -> Int? {
        var low = 0, high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle] <= date { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? low - 1 : nil
    }
}
