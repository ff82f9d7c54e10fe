/// `harvest backtest --windows`: every strategy run from each of many start dates to one end, and the distribution of
/// their tax alpha (README "Does harvesting pay?"). One window's result says little: the start year decides most of it.
public struct BacktestStudy: Sendable {
    /// The first day of each window; every window runs to the configuration's `end`.
    public var starts: [CivilDate]
    /// Each strategy's tax alpha (against `none`) per window, in the order of `starts`; nil where it cannot be measured
    /// (nothing contributed before the end).
    public var alphas: [BacktestStrategy: [Double?]]
    public var strategies: [BacktestStrategy]

    public init(starts: [CivilDate], strategies: [BacktestStrategy], alphas: [BacktestStrategy: [Double?]]) {
        self.starts = starts
        self.strategies = strategies
        self.alphas = alphas
    }

    /// The first days of every `everyMonths`-th month from `from` (its month's first day) through `through`.
    public static func starts(from: CivilDate, through: CivilDate, everyMonths: Int) -> [CivilDate] {
        guard everyMonths > 0, var day = CivilDate(year: from.year, month: from.month, day: 1) else { return [] }
        if day < from { day = day.adding(months: everyMonths) }
        var list: [CivilDate] = []
        while day <= through {
            list.append(day)
            day = day.adding(months: everyMonths)
        }
        return list
    }

    /// One strategy's distribution over the windows it could be measured in.
    public struct Distribution: Sendable, Hashable {
        public var windows: Int
        public var median: Double
        public var lowerQuartile: Double
        public var upperQuartile: Double
        public var worst: Double
        public var best: Double
        /// The share of windows with a positive tax alpha.
        public var positive: Double
    }

    /// The distribution of `strategy`'s tax alpha, nil when no window measured it.
    public func distribution(_ strategy: BacktestStrategy) -> Distribution? {
        let values = (alphas[strategy] ?? []).compactMap { $0 }.sorted()
        guard let worst = values.first, let best = values.last else { return nil }
        return Distribution(
            windows: values.count, median: Self.quantile(values, 0.5), lowerQuartile: Self.quantile(values, 0.25),
            upperQuartile: Self.quantile(values, 0.75), worst: worst, best: best,
            positive: Double(values.filter { $0 > 0 }.count) / Double(values.count))
    }

    /// The share of windows (where both were measured) in which `strategy`'s tax alpha is above `other`'s; a tie (as
    /// when neither harvests anything) counts as not beating.
    public func shareBeating(_ strategy: BacktestStrategy, _ other: BacktestStrategy) -> Double? {
        guard let mine = alphas[strategy], let theirs = alphas[other] else { return nil }
        var compared = 0, beats = 0
        for (a, b) in zip(mine, theirs) {
            guard let a, let b else { continue }
            compared += 1
            if a > b + 1e-9 { beats += 1 }
        }
        return compared > 0 ? Double(beats) / Double(compared) : nil
    }

    /// The quantile `q` of sorted values, interpolated linearly between the two nearest ranks (the usual "type 7").
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position)
        let fraction = position - Double(lower)
        return lower + 1 < sorted.count ? sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower]) : sorted[lower]
    }
}
