/// The asset that best keeps a harvested position's exposure without being substantially identical to it.
public struct Replacement: Sendable, Hashable {
    public var asset: Asset
    /// Pearson correlation of daily returns over the look-back window.
    ///
    /// A statistic, not an amount: statistics (this, the backtest's returns and tracking) are the only `Double`s
    /// in the domain, and no money is computed from them.
    public var correlation: Double
    /// Daily returns the correlation rests on.
    public var days: Int
}

public enum Replacements {
    /// The candidate most correlated with `asset` over the `lookbackDays` ending on `asOf`, among `candidates`
    /// (every priced asset when nil), excluding `asset` and anything substantially identical to it under `rule`.
    /// Returns are close-to-close on consecutive days both assets have; at least `minimumDays` are needed.
    /// Ties go to the asset whose symbol sorts first.
    public static func best(
        for asset: Asset, prices: PriceBook, asOf: CivilDate, lookbackDays: Int = 90, candidates: Set<Asset>? = nil,
        rule: WashSaleRule?, minimumDays: Int = 20
    ) -> Replacement? {
        var cache = ReturnsCache(prices: prices, from: asOf.adding(days: -lookbackDays), through: asOf)
        return best(for: asset, cache: &cache, candidates: candidates, rule: rule, minimumDays: minimumDays)
    }

    /// Daily returns per asset over one window, computed once for all the assets a plan compares.
    struct ReturnsCache {
        let prices: PriceBook
        let from: CivilDate
        let through: CivilDate
        var returnsByAsset: [Asset: [CivilDate: Double]?] = [:]

        init(prices: PriceBook, from: CivilDate, through: CivilDate) {
            self.prices = prices
            self.from = from
            self.through = through
        }

        mutating func returns(_ asset: Asset) -> [CivilDate: Double]? {
            if let cached = returnsByAsset[asset] { return cached }
            let computed = Replacements.returns(prices.series(for: asset), from: from, through: through)
            returnsByAsset[asset] = .some(computed)
            return computed
        }
    }

    static func best(
        for asset: Asset, cache: inout ReturnsCache, candidates: Set<Asset>?, rule: WashSaleRule?, minimumDays: Int = 20
    ) -> Replacement? {
        guard let target = cache.returns(asset) else { return nil }
        let identity = rule?.identity(of: asset) ?? asset.symbol
        var best: Replacement?
        for other in cache.prices.assets where other != asset && !other.isFiat && (candidates?.contains(other) ?? true) {
            guard (rule?.identity(of: other) ?? other.symbol) != identity, let theirs = cache.returns(other) else { continue }
            var xs: [Double] = [], ys: [Double] = []
            for (day, value) in target where theirs[day] != nil {
                xs.append(value)
                ys.append(theirs[day]!)
            }
            guard xs.count >= minimumDays, let correlation = pearson(xs, ys) else { continue }
            if best.map({ correlation > $0.correlation }) ?? true {
                best = Replacement(asset: other, correlation: correlation, days: xs.count)
            }
        }
        return best
    }

    /// Daily simple returns by day, for the days whose previous day also has a close.
    static func returns(_ series: PriceSeries?, from: CivilDate, through: CivilDate) -> [CivilDate: Double]? {
        guard let series else { return nil }
        var result: [CivilDate: Double] = [:]
        var previous: (CivilDate, Double)?
        // `lookbackDays` returns: the first is from the close of `from` to the close of the day after.
        for (day, close) in zip(series.days, series.closes) where day >= from && day <= through {
            // To 1e-12: plenty for returns, and cheap (through Int64).
            let value = close.fixed.statistic(fractionDigits: 12)
            if let (previousDay, previousValue) = previous, previousDay.adding(days: 1) == day, previousValue > 0 {
                result[day] = value / previousValue - 1
            }
            previous = (day, value)
        }
        return result.isEmpty ? nil : result
    }

    static func pearson(_ xs: [Double], _ ys: [Double]) -> Double? {
        let n = Double(xs.count)
        let meanX = xs.reduce(0, +) / n, meanY = ys.reduce(0, +) / n
        var covariance = 0.0, varianceX = 0.0, varianceY = 0.0
        for (x, y) in zip(xs, ys) {
            covariance += (x - meanX) * (y - meanY)
            varianceX += (x - meanX) * (x - meanX)
            varianceY += (y - meanY) * (y - meanY)
        }
        guard varianceX > 0, varianceY > 0 else { return nil }
        return covariance / (varianceX * varianceY).squareRoot()
    }
}
