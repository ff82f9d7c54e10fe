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
        guard let series else { return nil }
        let from = date.adding(days: -volatilityDays)
        // The closes in (from, date], by binary search on the sorted days.
        var low = 0, high = series.days.count
        while low < high {
            let middle = (low + high) / 2
            if series.days[middle] <= from { low = middle + 1 } else { high = middle }
        }
        var count = 0
        var sum = 0.0, squares = 0.0
        var index = max(low, 1)
        while index < series.days.count, series.days[index] <= date {
            if series.days[index - 1].days(to: series.days[index]) == 1, series.days[index - 1] >= from {
                let previous = series.closes[index - 1].fixed.statistic(fractionDigits: 9)
                if previous > 0 {
                    let change = series.closes[index].fixed.statistic(fractionDigits: 9) / previous - 1
                    count += 1
                    sum += change
                    squares += change * change
                }
            }
            index += 1
        }
        guard count >= 20 else { return nil }
        let mean = sum / Double(count)
        let variance = max(0, (squares - Double(count) * mean * mean) / Double(count - 1))
        return (variance * 365).squareRoot()
    }
}
