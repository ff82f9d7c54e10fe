/// Daily closing prices in the base currency, per asset: what values rows that carry no fiat value.
public struct PriceBook: Sendable {
    private var series: [Asset: PriceSeries] = [:]

    public init() {}

    public mutating func set(_ asset: Asset, _ series: PriceSeries) { self.series[asset] = series }
    public func series(for asset: Asset) -> PriceSeries? { series[asset] }

    /// Values each equivalent form of an asset (WETH, WBTC, USDC.E: `TransferRules.equivalents`) that has no prices of
    /// its own through the first asset of its group that has: one unit of a wrapped or bridged form is worth one unit of
    /// what it wraps. A form priced itself keeps its own prices.
    public mutating func addEquivalents(_ groups: [[Asset]]) {
        for group in groups {
            guard let priced = group.first(where: { series[$0] != nil }), let underlying = series[priced] else { continue }
            for form in group where series[form] == nil { series[form] = underlying }
        }
    }
    public var assets: [Asset] { series.keys.sorted() }

    /// The close of `date`, if the book has that day.
    public func close(_ asset: Asset, on date: CivilDate) -> Price? { series[asset]?.close(on: date) }

    /// The latest close on or before `date`, with its day.
    public func latestClose(_ asset: Asset, onOrBefore date: CivilDate) -> (date: CivilDate, price: Price)? {
        series[asset]?.latestClose(onOrBefore: date)
    }
}

/// One asset's daily closes, sorted by day.
public struct PriceSeries: Sendable {
    public private(set) var days: [CivilDate]
    public private(set) var closes: [Price]

    /// Builds a series from (day, close) pairs in any order; a later pair for the same day wins.
    public init(_ points: [(CivilDate, Price)]) {
        var byDay: [CivilDate: Price] = [:]
        for (day, price) in points { byDay[day] = price }
        days = byDay.keys.sorted()
        closes = days.map { byDay[$0]! }
    }

    public func close(on date: CivilDate) -> Price? {
        let index = lowerBound(date)
        return index < days.count && days[index] == date ? closes[index] : nil
    }

    public func latestClose(onOrBefore date: CivilDate) -> (date: CivilDate, price: Price)? {
        let index = lowerBound(date)
        if index < days.count && days[index] == date { return (date, closes[index]) }
        return index > 0 ? (days[index - 1], closes[index - 1]) : nil
    }

    private func lowerBound(_ date: CivilDate) -> Int {
        var low = 0, high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle] < date { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// One day of a price file: `date,open,high,low,close,volume`.
public struct PricePoint: Sendable, Hashable {
    public var date: CivilDate
    public var open: Price?
    public var high: Price?
    public var low: Price?
    public var close: Price
    public var volume: Fixed?

    public init(date: CivilDate, open: Price? = nil, high: Price? = nil, low: Price? = nil, close: Price, volume: Fixed? = nil) {
        self.date = date
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}
