import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// The backtest chart: each strategy's portfolio value over time (a polyline, one point a week), year labels, and the
/// losses harvested each year (bars), in a 900 × 520 SVG. The plot runs from x 80 to 880, the value line from y 330 (zero)
/// up to y 30 (the largest value), the bars from y 480 up to y 370.
@Suite("SVG chart")
struct SVGChartTests {
    /// X at 100 every day from `start` through `end`, except 70 from `dipFrom` through `dipTo`.
    static func prices(_ start: String, _ end: String, dip: (from: String, to: String)? = nil) -> PriceBook {
        var points: [(CivilDate, Price)] = []
        var date = day(start)
        while date <= day(end) {
            let low = dip.map { date >= day($0.from) && date <= day($0.to) } ?? false
            points.append((date, low ? 70 : 100))
            date = date.adding(days: 1)
        }
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries(points))
        return book
    }

    static func config(_ strategy: BacktestStrategy, _ start: String, _ end: String) -> BacktestConfig {
        BacktestConfig(
            assets: [Asset("X")], start: day(start), end: day(end), initial: 1000, rebalanceEveryMonths: 0, strategy: strategy,
            costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0), liquidateAtEnd: false)
    }

    @Test("no results: an empty SVG")
    func empty() {
        #expect(SVGChart.render([]) == "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"520\"></svg>\n")
        #expect(SVGChart.render([], width: 300, height: 200) == "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"200\"></svg>\n")
    }

    /// Buy and hold 1,000 of X at a flat 100, no costs, 2023-12-01 to 2024-02-09: 71 days (a span of 70), the value
    /// 1,000 every day. The top of the scale is 1,000, so every point is at y = 330 − 300 × 1,000/1,000 = 30. One point a
    /// week, days 0, 7, …, 70 (the last day is one of them): x = 80 + 800 × day/70, i.e. 80, 160, …, 880. 2024 starts 31
    /// days in: x = 80 + 800 × 31/70 = 434 (whole pixels), its label 14 to the left at 420, 16 below the axis. The bars'
    /// years 2023 and 2024 take 400 pixels each; nothing was harvested, so there are no bars.
    @Test("one result: the whole chart, worked out by hand")
    func oneResult() throws {
        let result = try Backtester.run(Self.config(.none, "2023-12-01", "2024-02-09"), prices: Self.prices("2023-12-01", "2024-02-09"))
        let points = stride(from: 0, through: 70, by: 7).map { "\(80 + 800 * $0 / 70),30" }.joined(separator: " ")
        #expect(points == "80,30 160,30 240,30 320,30 400,30 480,30 560,30 640,30 720,30 800,30 880,30")
        #expect(SVGChart.render([result]) == """
            <svg xmlns="http://www.w3.org/2000/svg" width="900" height="520" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="80" y="18" font-size="14">Portfolio value, taxes paid as due</text>
            <line x1="80" y1="330" x2="880" y2="330" stroke="#999"/>
            <text x="4" y="34">1,000</text>
            <text x="4" y="330">0</text>
            <text x="420" y="346">2024</text>
            <polyline fill="none" stroke="#444444" stroke-width="1.5" points="\(points)"/>
            <text x="720" y="40" fill="#444444">none</text>
            <text x="80" y="362" font-size="14">Losses harvested per year</text>
            <text x="80" y="496">2023</text>
            <text x="480" y="496">2024</text>
            </svg>

            """)
    }

    /// X falls to 70 from 2023-12-27 to 2023-12-31: the 10% threshold strategy harvests the lot's 300 loss in 2023 and
    /// buys back. Bars: the largest year is 300, so the 2023 bar is 110 × 300/300 = 110 high (y 480 − 110 = 370); two
    /// years of 400 pixels shared by two strategies: each bar (400 − 10)/2 = 195 wide, drawn 194 with a pixel between, the
    /// first at x 80. Buy and hold harvested nothing: no bar. Its line is drawn second, in the second colour, its name
    /// 14 pixels lower.
    @Test("a harvest year's bar, two strategies' lines, and no NaN or infinity anywhere")
    func bars() throws {
        let prices = Self.prices("2023-12-20", "2024-01-10", dip: ("2023-12-27", "2023-12-31"))
        let harvest = try Backtester.run(Self.config(.threshold("0.1"), "2023-12-20", "2024-01-10"), prices: prices)
        let hold = try Backtester.run(Self.config(.none, "2023-12-20", "2024-01-10"), prices: prices)
        #expect(harvest.harvestedByYear == [2023: 300])
        let svg = SVGChart.render([harvest, hold])
        #expect(svg.contains("<rect x=\"80\" y=\"370\" width=\"194\" height=\"110\" fill=\"#444444\"/>"))
        #expect(lines(svg).filter { $0.hasPrefix("<polyline") }.count == 2)
        #expect(svg.contains("<text x=\"720\" y=\"40\" fill=\"#444444\">threshold:0.1</text>"))
        #expect(svg.contains("<text x=\"720\" y=\"54\" fill=\"#1f77b4\">none</text>"))
        let lowered = svg.lowercased()
        #expect(!lowered.contains("nan") && !lowered.contains("inf"))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    /// A portfolio worth nothing (no money put in): the scale's top is held at 1, every point on the zero line (y 330),
    /// and no division by zero reaches the output.
    @Test("a zero portfolio: points on the zero line, no NaN or infinity")
    func zeroPortfolio() throws {
        var config = Self.config(.none, "2024-01-01", "2024-01-15")
        config.initial = 0
        let result = try Backtester.run(config, prices: Self.prices("2024-01-01", "2024-01-15"))
        let svg = SVGChart.render([result])
        // 15 days, a span of 14: points on days 0, 7 and 14 at x 80, 480, 880.
        #expect(svg.contains("points=\"80,330 480,330 880,330\""))
        #expect(svg.contains("<text x=\"4\" y=\"34\">1</text>"))
        let lowered = svg.lowercased()
        #expect(!lowered.contains("nan") && !lowered.contains("inf"))
    }
}
