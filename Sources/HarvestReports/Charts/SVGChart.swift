import HarvestCore

/// The backtest chart, an SVG written by our own code.
///
/// Top: each strategy's wealth relative to `none`'s, day by day (taxes paid as they fall due; tax paid from outside
/// taken off), so strategies a few percent apart do not sit on one line; at the right edge a dot per strategy marks the
/// result being compared: the after-tax wealth relative to `none`'s, after the final tax (the liquidation's, or the tax
/// deferred in what is held). A legend gives each strategy's after-tax difference and the tax taken at the end. Bottom:
/// the losses harvested each year. Both panels have ticks. Amounts are exact until they become pixels or axis labels
/// (`Fixed.statistic`); the legend's amounts are exact money rounded to whole units.
public enum SVGChart {
    /// `none`'s colour.
    static let baselineColor = "#444444"
    /// Up to nine strategies besides `none` take these; more (a sweep) take hues from blue to red in order.
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]

    /// One colour per result, never the same twice: grey for `none`, the palette, or a ramp of hues for a sweep.
    public static func colors(_ results: [BacktestResult]) -> [String] {
        let others = results.filter { $0.strategy != .none }.count
        var index = 0
        return results.map { result in
            guard result.strategy != .none else { return baselineColor }
            defer { index += 1 }
            if others <= palette.count { return palette[index] }
            // Tenths of a degree, from 240 (blue) down to 0 (red).
            let hue = 2_400 - 2_400 * index / (others - 1)
            return "hsl(\(hue / 10).\(hue % 10),70%,42%)"
        }
    }

    struct Layout {
        let width: Int, height: Int
        var plotLeft: Int { 70 }
        var plotRight: Int { width - 300 }
        var lineTop: Int { 40 }
        var lineBottom: Int { height * 62 / 100 }
        var barTop: Int { lineBottom + 60 }
        var barBottom: Int { height - 40 }
        var legendLeft: Int { plotRight + 36 }
    }

    public static func render(_ results: [BacktestResult], width: Int = 900, height: Int = 560) -> String {
        guard let first = results.first, let firstDay = first.days.first, let lastDay = first.days.last else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\"></svg>\n"
        }
        let layout = Layout(width: width, height: height)
        let colors = colors(results)
        let baseline = results.first { $0.strategy == .none } ?? first
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += relativePanel(results, baseline: baseline, colors: colors, layout: layout, from: firstDay.date, to: lastDay.date)
        svg += legend(results, baseline: baseline, colors: colors, layout: layout)
        svg += barPanel(results, colors: colors, layout: layout, years: Array(firstDay.date.year...lastDay.date.year))
        svg += "</svg>\n"
        return svg
    }

    // MARK: - Wealth relative to none

    /// A day's wealth: the portfolio, less the tax paid so far from outside it.
    static func wealth(_ day: BacktestDay, of result: BacktestResult) -> Money {
        result.taxesFromPortfolio ? day.value : day.value - day.taxPaid
    }

    /// `mine / theirs − 1`, a coordinate (zero when `theirs` is not positive).
    static func relative(_ mine: Money, _ theirs: Money) -> Double {
        let base = theirs.fixed.statistic(fractionDigits: 2)
        return base > 0 ? mine.fixed.statistic(fractionDigits: 2) / base - 1 : 0
    }

    /// The tax taken at the end: what the final settling paid (the last years' tax, due or not) and, when held, the tax
    /// deferred in the holdings.
    static func taxAtEnd(_ result: BacktestResult) -> Money {
        result.taxPaid - (result.days.last?.taxPaid ?? .zero) + result.deferredTax
    }

    static func relativePanel(
        _ results: [BacktestResult], baseline: BacktestResult, colors: [String], layout: Layout, from start: CivilDate, to end: CivilDate
    ) -> String {
        let series = results.map { result in
            zip(result.days, baseline.days).map { relative(wealth($0, of: result), wealth($1, of: baseline)) }
        }
        let finals = results.map { relative($0.endingAfterTax, baseline.endingAfterTax) }
        let values = series.flatMap { $0 } + finals + [0]
        let ticks = Ticks(low: values.min() ?? 0, high: values.max() ?? 0, minimumSpan: 0.01)
        let span = max(1, start.days(to: end))
        // The dots after the final tax stand in a narrow column right of the plot, each strategy a few pixels apart.
        let markerColumn = layout.plotRight + 12
        let markerSpacing = min(4, 20 / max(1, results.count))
        func x(_ date: CivilDate) -> Int { layout.plotLeft + (layout.plotRight - layout.plotLeft) * start.days(to: date) / span }
        func y(_ value: Double) -> Int { ticks.pixel(value, top: layout.lineTop, bottom: layout.lineBottom) }
        var svg = "<text x=\"\(layout.plotLeft)\" y=\"18\" font-size=\"14\">After-tax wealth relative to none: taxes paid as due; "
            + "at the right, after the final tax</text>\n"
        for tick in ticks.values {
            let color = tick == 0 ? "#999" : "#e5e5e5"
            svg += "<line x1=\"\(layout.plotLeft)\" y1=\"\(y(tick))\" x2=\"\(layout.plotRight + 32)\" y2=\"\(y(tick))\" stroke=\"\(color)\"/>\n"
            svg += "<text x=\"\(layout.plotLeft - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\">\(Ticks.percent(tick, step: ticks.step))</text>\n"
        }
        svg += timeAxis(layout: layout, from: start, to: end, x: x)
        for (index, result) in results.enumerated() {
            // One point a week keeps the file small; the last day is always drawn.
            let points = result.days.indices.filter { $0 % 7 == 0 || $0 == result.days.count - 1 }
                .map { "\(x(result.days[$0].date)),\(y(series[index][$0]))" }.joined(separator: " ")
            let color = colors[index]
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points)\"/>\n"
            // From the last day to the result after the final tax, each strategy in its own column.
            let markerX = markerColumn + markerSpacing * index
            let lastY = y(series[index].last ?? 0)
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-dasharray=\"3,2\" points=\"\(layout.plotRight),\(lastY) \(markerX),\(y(finals[index]))\"/>\n"
            svg += "<circle cx=\"\(markerX)\" cy=\"\(y(finals[index]))\" r=\"3\" fill=\"\(color)\"/>\n"
        }
        return svg
    }

    /// Year ticks (every `k` years when there are many), or month ticks for a window within about a year.
    static func timeAxis(layout: Layout, from start: CivilDate, to end: CivilDate, x: (CivilDate) -> Int) -> String {
        var marks: [(CivilDate, String)] = []
        for year in start.year...end.year {
            guard let date = CivilDate(year: year, month: 1, day: 1), date >= start, date <= end else { continue }
            marks.append((date, String(year)))
        }
        if marks.count < 2 {
            marks = []
            var year = start.year, month = start.month
            for _ in 0..<24 {
                month += 1
                if month > 12 { (year, month) = (year + 1, 1) }
                guard let date = CivilDate(year: year, month: month, day: 1), date <= end else { break }
                marks.append((date, "\(year)-\(month < 10 ? "0" : "")\(month)"))
            }
        }
        let every = max(1, (marks.count + 9) / 10)
        var svg = "<line x1=\"\(layout.plotLeft)\" y1=\"\(layout.lineBottom)\" x2=\"\(layout.plotRight)\" y2=\"\(layout.lineBottom)\" stroke=\"#999\"/>\n"
        for (index, mark) in marks.enumerated() where index % every == 0 {
            let position = x(mark.0)
            svg += "<line x1=\"\(position)\" y1=\"\(layout.lineBottom)\" x2=\"\(position)\" y2=\"\(layout.lineBottom + 5)\" stroke=\"#999\"/>\n"
            svg += "<text x=\"\(position)\" y=\"\(layout.lineBottom + 18)\" text-anchor=\"middle\">\(mark.1)</text>\n"
        }
        return svg
    }

    /// Each strategy's colour, its after-tax wealth less `none`'s, and the tax taken at the end.
    static func legend(_ results: [BacktestResult], baseline: BacktestResult, colors: [String], layout: Layout) -> String {
        let left = layout.legendLeft, right = layout.width - 10
        var svg = "<g font-size=\"11\">\n<text x=\"\(right - 80)\" y=\"\(layout.lineTop - 8)\" text-anchor=\"end\">after tax vs none</text>\n"
        svg += "<text x=\"\(right)\" y=\"\(layout.lineTop - 8)\" text-anchor=\"end\">tax at end</text>\n"
        let rowHeight = min(18, max(12, (layout.lineBottom - layout.lineTop) / max(1, results.count)))
        for (index, result) in results.enumerated() {
            let rowY = layout.lineTop + 10 + rowHeight * index
            let difference = result.endingAfterTax - baseline.endingAfterTax
            let sign = difference.isPositive ? "+" : ""
            svg += "<rect x=\"\(left)\" y=\"\(rowY - 9)\" width=\"12\" height=\"10\" fill=\"\(colors[index])\"/>\n"
            svg += "<text x=\"\(left + 16)\" y=\"\(rowY)\">\(result.strategy)</text>\n"
            svg += "<text x=\"\(right - 80)\" y=\"\(rowY)\" text-anchor=\"end\">\(result.strategy == baseline.strategy ? "-" : sign + difference.groupedWhole)</text>\n"
            svg += "<text x=\"\(right)\" y=\"\(rowY)\" text-anchor=\"end\">\(taxAtEnd(result).groupedWhole)</text>\n"
        }
        return svg + "</g>\n"
    }

    // MARK: - Losses harvested

    static func barPanel(_ results: [BacktestResult], colors: [String], layout: Layout, years: [Int]) -> String {
        let harvesting = results.indices.filter { results[$0].strategy != .none }
        let most = harvesting.flatMap { results[$0].harvestedByYear.values }.max() ?? .zero
        let ticks = Ticks(low: 0, high: most.fixed.statistic(fractionDigits: 0), minimumSpan: 1)
        var svg = "<text x=\"\(layout.plotLeft)\" y=\"\(layout.barTop - 14)\" font-size=\"14\">Losses harvested per year</text>\n"
        for tick in ticks.values {
            let tickY = ticks.pixel(tick, top: layout.barTop, bottom: layout.barBottom)
            svg += "<line x1=\"\(layout.plotLeft)\" y1=\"\(tickY)\" x2=\"\(layout.plotRight)\" y2=\"\(tickY)\" stroke=\"\(tick == 0 ? "#999" : "#e5e5e5")\"/>\n"
            svg += "<text x=\"\(layout.plotLeft - 6)\" y=\"\(tickY + 4)\" text-anchor=\"end\">\(Money.grouped(String(Int64(tick))))</text>\n"
        }
        let groupWidth = (layout.plotRight - layout.plotLeft) / max(1, years.count)
        let barWidth = max(2, (groupWidth - 10) / max(1, harvesting.count))
        for (yearIndex, year) in years.enumerated() {
            let groupLeft = layout.plotLeft + yearIndex * groupWidth
            svg += "<text x=\"\(groupLeft + groupWidth / 2)\" y=\"\(layout.barBottom + 16)\" text-anchor=\"middle\">\(year)</text>\n"
            for (slot, index) in harvesting.enumerated() {
                let amount = (results[index].harvestedByYear[year] ?? .zero).fixed.statistic(fractionDigits: 0)
                let top = ticks.pixel(amount, top: layout.barTop, bottom: layout.barBottom)
                guard top < layout.barBottom else { continue }
                svg += "<rect x=\"\(groupLeft + 5 + slot * barWidth)\" y=\"\(top)\" width=\"\(max(1, barWidth - 1))\" "
                    + "height=\"\(layout.barBottom - top)\" fill=\"\(colors[index])\"/>\n"
            }
        }
        return svg
    }
}

/// Axis ticks at a round step (1, 2 or 5 times a power of ten) covering `low...high`, about five of them.
struct Ticks {
    let step: Double
    let values: [Double]

    init(low: Double, high: Double, minimumSpan: Double) {
        let span = max(high - low, minimumSpan)
        var power = 1.0
        while power * 10 <= span / 5 { power *= 10 }
        while power > span / 5 { power /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { span / $0 <= 6 } ?? power * 10
        let first = (low / step).rounded(.down), last = (max(high, low + minimumSpan) / step).rounded(.up)
        self.step = step
        values = (0...max(0, min(40, Int(last - first)))).map { (first + Double($0)) * step }
    }

    /// The pixel of `value` between `bottom` (the lowest tick) and `top` (the highest).
    func pixel(_ value: Double, top: Int, bottom: Int) -> Int {
        guard let low = values.first, let high = values.last, high > low else { return bottom }
        return bottom - Int((Double(bottom - top) * (value - low) / (high - low)).rounded())
    }

    /// A fraction as a signed percentage with as many decimals as the step needs: 0.015 → "+1.5%".
    static func percent(_ value: Double, step: Double) -> String {
        var decimals = 0
        var scaledStep = step * 100
        while scaledStep < 0.999 && decimals < 4 {
            scaledStep *= 10
            decimals += 1
        }
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let units = Int((abs(value) * 100 * factor).rounded())
        let whole = String(units / Int(factor))
        let fraction = decimals == 0 ? "" : "." + String(String(units % Int(factor) + Int(factor)).dropFirst())
        let sign = units == 0 ? "" : value < 0 ? "\u{2212}" : "+"
        return sign + whole + fraction + "%"
    }
}
