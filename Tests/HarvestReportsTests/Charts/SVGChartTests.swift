import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// The backtest chart, 900 × 560: each strategy's wealth relative to `none`'s (the plot from x 70 to 600, y 347 at the
/// lowest tick up to 40 at the highest), a dot per strategy at its after-tax result in a column from x 612, a legend
/// with exact amounts, and the losses harvested per year (bars from y 520 up to 407).
@Suite("SVG chart")
struct SVGChartTests {
    /// X at 100 every day from `start` through `end`, except 70 from `dipFrom` through `dipTo`, and `later` from `laterFrom`.
    static func prices(_ start: String, _ end: String, dip: (from: String, to: String)? = nil, later: (from: String, price: Price)? = nil) -> PriceBook {
        var points: [(CivilDate, Price)] = []
        var date = day(start)
        while date <= day(end) {
            let low = dip.map { date >= day($0.from) && date <= day($0.to) } ?? false
            let after = later.flatMap { date >= day($0.from) ? $0.price : nil }
            points.append((date, low ? 70 : after ?? 100))
            date = date.adding(days: 1)
        }
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries(points))
        return book
    }

    static func config(_ strategy: BacktestStrategy, _ start: String, _ end: String, liquidate: Bool = false) -> BacktestConfig {
        BacktestConfig(
            assets: [Asset("X")], start: day(start), end: day(end), initial: 1000, rebalanceEveryMonths: 0, strategy: strategy,
            costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0), liquidateAtEnd: liquidate)
    }

    @Test("no results: an empty SVG")
    func empty() {
        #expect(SVGChart.render([]) == "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"560\"></svg>\n")
        #expect(SVGChart.render([], width: 300, height: 200) == "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"200\"></svg>\n")
    }

    /// The dip, harvested (threshold:0.1) and not (none), 2023-12-20 to 2024-05-01, sold at the end; X at 110 from
    /// 2024-04-20. The harvest's 105 refund buys 1.05 X on 2024-04-15: from then on it holds 11.05 X against none's 10,
    /// +10.5% (1,105 / 1,000, then 1,215.50 / 1,100). After the final tax: harvest 1,215.50 − 410.50 × 35% = 1,071.825,
    /// none 1,100 − 100 × 35% = 1,065: +6.825 → "+7" in the legend, +0.64%. Ticks: 0 to 10.5% in steps of 2% (the round
    /// step giving at most six), 0% to 12%. The harvest's dot: 347 − 307 × (1,071.82 / 1,065 − 1) / 0.12 = 347 − 16 =
    /// 331, at x 612 + 4 (second of two). Months are the ticks of a window without two new years: 2024-01 to 2024-05.
    @Test("wealth relative to none, the result after the final tax, the legend's exact amounts, ticks")
    func relativeAndFinal() throws {
        let prices = Self.prices("2023-12-20", "2024-05-01", dip: ("2023-12-27", "2023-12-31"), later: ("2024-04-20", 110))
        let hold = try Backtester.run(Self.config(.none, "2023-12-20", "2024-05-01", liquidate: true), prices: prices)
        let harvest = try Backtester.run(Self.config(.threshold("0.1"), "2023-12-20", "2024-05-01", liquidate: true), prices: prices)
        #expect(hold.endingAfterTax == 1065 && harvest.endingAfterTax == "1071.825")
        let svg = SVGChart.render([hold, harvest])
        let rows = lines(svg)
        #expect(rows.filter { $0.hasPrefix("<polyline") }.count == 4)
        #expect(svg.contains("<circle cx=\"612\" cy=\"347\" r=\"3\" fill=\"#444444\"/>"))
        #expect(svg.contains("<circle cx=\"616\" cy=\"331\" r=\"3\" fill=\"#1f77b4\"/>"))
        let labels = ["0%", "+2%", "+4%", "+6%", "+8%", "+10%", "+12%"].map { "text-anchor=\"end\">\($0)</text>" }
        #expect(labels.allSatisfy { svg.contains($0) })
        #expect(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"].allSatisfy { svg.contains("text-anchor=\"middle\">\($0)</text>") })
        // The legend: none's difference is "-", the harvest's +7; the tax at the end, 35 and 143.675 → 144.
        #expect(svg.contains(">none</text>") && svg.contains("text-anchor=\"end\">+7</text>"))
        #expect(svg.contains("text-anchor=\"end\">35</text>") && svg.contains("text-anchor=\"end\">144</text>"))
        let lowered = svg.lowercased()
        #expect(!lowered.contains("nan") && !lowered.contains("inf") && svg.hasSuffix("</svg>\n"))
    }

    /// X falls to 70 from 2023-12-27 to 2023-12-31: the 10% threshold strategy harvests the lot's 300 loss in 2023 and
    /// buys back. Bars: ticks 0 to 300 in steps of 50, so 300 reaches the top, y 407; two years of (600 − 70) / 2 = 265
    /// pixels, one harvesting strategy: its bar 255 wide, drawn 254, from x 70 + 5. `none` harvests nothing and has no bar.
    @Test("a harvest year's bar, with money ticks")
    func bars() throws {
        let prices = Self.prices("2023-12-20", "2024-01-10", dip: ("2023-12-27", "2023-12-31"))
        let harvest = try Backtester.run(Self.config(.threshold("0.1"), "2023-12-20", "2024-01-10"), prices: prices)
        let hold = try Backtester.run(Self.config(.none, "2023-12-20", "2024-01-10"), prices: prices)
        #expect(harvest.harvestedByYear == [2023: 300])
        let svg = SVGChart.render([hold, harvest])
        #expect(svg.contains("<rect x=\"75\" y=\"407\" width=\"254\" height=\"113\" fill=\"#1f77b4\"/>"))
        #expect(lines(svg).filter { $0.hasPrefix("<rect x=") && $0.contains("height=\"113\"") }.count == 1)
        #expect(["0", "50", "100", "150", "200", "250", "300"].allSatisfy { svg.contains("text-anchor=\"end\">\($0)</text>") })
    }

    @Test("one colour per strategy: grey for none, the palette up to nine, a ramp of hues for a sweep, never twice")
    func colours() throws {
        let result = try Backtester.run(Self.config(.none, "2024-01-01", "2024-01-03"), prices: Self.prices("2024-01-01", "2024-01-03"))
        func run(_ strategies: [BacktestStrategy]) -> [String] {
            SVGChart.colors(strategies.map { strategy in
                var copy = result
                copy.strategy = strategy
                return copy
            })
        }
        let compare = run([.none, .yearEnd, .planner, .threshold("0.1"), .threshold("0.2")])
        #expect(compare == ["#444444", "#1f77b4", "#d62728", "#2ca02c", "#9467bd"])
        // A sweep of 15 thresholds (before: eight colours, repeating): hues from 240° down to 0°, 240 × i / 14 apart.
        let sweep = run([.none] + (1...15).map { BacktestStrategy.threshold(Fixed($0 * 2).divided(by: 100, rounding: .down)) })
        #expect(Set(sweep).count == 16 && sweep[1] == "hsl(240.0,70%,42%)" && sweep[2] == "hsl(222.9,70%,42%)" && sweep[15] == "hsl(0.0,70%,42%)")
    }

    /// A portfolio worth nothing (no money put in): every point on the zero line (y 347), and no division by zero
    /// reaches the output. 15 days, a span of 14: points on days 0, 7 and 14 at x 70, 335, 600.
    @Test("a zero portfolio: points on the zero line, no NaN or infinity")
    func zeroPortfolio() throws {
        var config = Self.config(.none, "2024-01-01", "2024-01-15")
        config.initial = 0
        let result = try Backtester.run(config, prices: Self.prices("2024-01-01", "2024-01-15"))
        let svg = SVGChart.render([result])
        #expect(svg.contains("points=\"70,347 335,347 600,347\""))
        let lowered = svg.lowercased()
        #expect(!lowered.contains("nan") && !lowered.contains("inf"))
    }
}
