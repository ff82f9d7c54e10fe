/// Performance measures of a backtest. Returns are statistics, not amounts: computed in `Double` from the exact
/// results, and never fed back into any amount.
public enum BacktestMetrics {
    /// The money-weighted annual return: the yearly rate `r` at which the contributions, each growing from its
    /// day, reach `ending` on `end` (an IRR). With a single contribution it is the plain annualized growth.
    /// Nil when there is nothing to measure.
    public static func annualizedReturn(contributions: [(date: CivilDate, amount: Money)], ending: Money, end: CivilDate) -> Double? {
        let flows = contributions.filter { $0.amount.isPositive }.map { (years: Double($0.date.days(to: end)) / 365.25, amount: double($0.amount)) }
        let target = double(ending)
        guard !flows.isEmpty, target > 0, flows.contains(where: { $0.years > 0 }) else { return nil }
        func future(_ rate: Double) -> Double {
            flows.reduce(0) { $0 + $1.amount * pow1p(rate, $1.years) }
        }
        // The future value rises with the rate: bisect between −99.99% and +10,000% a year.
        var low = -0.9999, high = 100.0
        guard future(low) <= target, future(high) >= target else { return nil }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if future(middle) < target { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// Tax alpha (Chaudhuri, Burnham & Lo 2020): the strategy's annualized after-tax return less the baseline's.
    public static func taxAlpha(_ result: BacktestResult, baseline: BacktestResult, contributions: [(date: CivilDate, amount: Money)], end: CivilDate) -> Double? {
        guard let mine = annualizedReturn(contributions: contributions, ending: result.endingAfterTax, end: end),
              let theirs = annualizedReturn(contributions: contributions, ending: baseline.endingAfterTax, end: end) else { return nil }
        return mine - theirs
    }

    /// An amount as a statistic: to the millionth, plenty for returns and weights.
    static func double(_ money: Money) -> Double { money.fixed.statistic(fractionDigits: 6) }

    /// (1 + rate)^years without Foundation.
    static func pow1p(_ rate: Double, _ years: Double) -> Double {
        exp(years * log1p(rate))
    }

    static func log1p(_ x: Double) -> Double {
        // ln(1 + x) by atanh series on y = x / (2 + x): converges for x > −1.
        let y = x / (2 + x), y2 = y * y
        var term = y, sum = 0.0
        var n = 1.0
        for _ in 0..<200 {
            sum += term / n
            term *= y2
            n += 2
            if abs(term) < 1e-18 { break }
        }
        return 2 * sum
    }

    static func exp(_ x: Double) -> Double {
        // e^x = (e^(x/2^k))^(2^k), the small power by its series.
        var k = 0
        var reduced = x
        while abs(reduced) > 0.5 && k < 64 {
            reduced /= 2
            k += 1
        }
        var term = 1.0, sum = 1.0
        for n in 1..<30 {
            term *= reduced / Double(n)
            sum += term
        }
        for _ in 0..<k { sum *= sum }
        return sum
    }
}

extension BacktestResult {
    /// Every contribution with its day (the initial investment and the deposits), from the daily series.
    public var contributions: [(date: CivilDate, amount: Money)] {
        var previous = Money.zero
        var flows: [(date: CivilDate, amount: Money)] = []
        for day in days where day.contributed != previous {
            flows.append((day.date, day.contributed - previous))
            previous = day.contributed
        }
        return flows
    }
}
