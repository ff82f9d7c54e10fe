import HarvestCore

/// The portfolio's value over time as an SVG: one line per series (an asset, and the total), on the backtest chart's
/// axes (`Ticks`, `SVGChart.timeAxis`). Amounts are exact until they become pixels or axis labels (`Fixed.statistic`).
public enum ValueChart {
    /// One line: its name and its value on each day drawn, in date order.
    public struct Series: Sendable {
        public var name: String
        public var points: [(date: CivilDate, value: Money)]
        public init(name: String, points: [(date: CivilDate, value: Money)]) {
            self.name = name
            self.points = points
        }
    }

    /// The lines on one panel with a legend at the right; an empty chart (the right size, a note) when no line has two points.
    public static func render(_ series: [Series], title: String, width: Int = 900, height: Int = 360) -> String {
        let open = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" "
            + "aria-label=\"\(Markup.escaped(title))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        let dates = series.flatMap { $0.points.map(\.date) }
        guard let start = dates.min(), let end = dates.max(), start < end else {
            return open + "<text x=\"20\" y=\"30\">Not enough history to draw \(Markup.escaped(title.lowercased())).</text>\n</svg>\n"
        }
        // The backtest chart's layout, sized so that its line panel ends 40 pixels above this chart's bottom.
        let layout = SVGChart.Layout(width: width, height: ((height - 40) * 100 + 61) / 62)
        let bottom = layout.lineBottom
        let values: [Double] = series.flatMap { line in line.points.map { $0.value.fixed.statistic(fractionDigits: 0) } } + [0]
        let ticks = Ticks(low: values.min() ?? 0, high: values.max() ?? 0, minimumSpan: 1)
        let span = max(1, start.days(to: end))
        func x(_ date: CivilDate) -> Int { layout.plotLeft + (layout.plotRight - layout.plotLeft) * start.days(to: date) / span }
        func y(_ value: Money) -> Int { ticks.pixel(value.fixed.statistic(fractionDigits: 0), top: layout.lineTop, bottom: bottom) }
        var svg = open + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(layout.plotLeft)\" y=\"18\" font-size=\"14\">\(Markup.escaped(title))</text>\n"
        for tick in ticks.values {
            let tickY = ticks.pixel(tick, top: layout.lineTop, bottom: bottom)
            svg += "<line x1=\"\(layout.plotLeft)\" y1=\"\(tickY)\" x2=\"\(layout.plotRight)\" y2=\"\(tickY)\" stroke=\"\(tick == 0 ? "#999" : "#e5e5e5")\"/>\n"
            svg += "<text x=\"\(layout.plotLeft - 6)\" y=\"\(tickY + 4)\" text-anchor=\"end\">\(Money.grouped(String(Int64(tick))))</text>\n"
        }
        svg += SVGChart.timeAxis(layout: layout, from: start, to: end, x: x)
        let colors = series.count <= SVGChart.palette.count ? Array(SVGChart.palette.prefix(series.count))
            : series.indices.map { "hsl(\(240 - 240 * $0 / max(1, series.count - 1)),70%,42%)" }
        for (index, line) in series.enumerated() {
            let color = line.name == "total" ? SVGChart.baselineColor : colors[index]
            let points = line.points.map { "\(x($0.date)),\(y($0.value))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(line.name == "total" ? 2.5 : 1.5)\" points=\"\(points)\"/>\n"
            let rowY = layout.lineTop + 18 * index
            svg += "<rect x=\"\(layout.legendLeft)\" y=\"\(rowY - 9)\" width=\"12\" height=\"10\" fill=\"\(color)\"/>\n"
            let last = line.points.last.map { " " + $0.value.groupedWhole } ?? ""
            svg += "<text x=\"\(layout.legendLeft + 16)\" y=\"\(rowY)\">\(Markup.escaped(line.name))\(last)</text>\n"
        }
        return svg + "</svg>\n"
    }
}
