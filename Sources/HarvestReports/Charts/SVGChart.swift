import HarvestCore

/// A plain SVG chart of backtests, written by our own code: each strategy's portfolio value over time (a line),
/// and the losses harvested each year (bars).
public enum SVGChart {
    static let colors = ["#444444", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]

    public static func render(_ results: [BacktestResult], width: Int = 900, height: Int = 520) -> String {
        let plotLeft = 80, plotRight = width - 20, lineTop = 30, lineBottom = 330, barTop = 370, barBottom = height - 40
        guard let first = results.first, let firstDay = first.days.first, let lastDay = first.days.last else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\"></svg>\n"
        }
        let span = max(1, firstDay.date.days(to: lastDay.date))
        let top = results.flatMap { $0.days.map(\.value) }.max() ?? .zero
        let topValue = max(1, top.fixed.statistic(fractionDigits: 0))
        func x(_ date: CivilDate) -> Int { plotLeft + (plotRight - plotLeft) * firstDay.date.days(to: date) / span }
        func y(_ value: Money) -> Int {
            let amount = value.fixed.statistic(fractionDigits: 0)
            return lineBottom - Int(Double(lineBottom - lineTop) * max(0, amount) / topValue)
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(plotLeft)\" y=\"18\" font-size=\"14\">Portfolio value, taxes paid as due</text>\n"
        svg += "<line x1=\"\(plotLeft)\" y1=\"\(lineBottom)\" x2=\"\(plotRight)\" y2=\"\(lineBottom)\" stroke=\"#999\"/>\n"
        svg += "<text x=\"4\" y=\"\(lineTop + 4)\">\(Money.grouped(String(Int64(topValue))))</text>\n<text x=\"4\" y=\"\(lineBottom)\">0</text>\n"
        for year in firstDay.date.year...lastDay.date.year {
            guard let start = CivilDate(year: year, month: 1, day: 1), start >= firstDay.date else { continue }
            svg += "<text x=\"\(x(start) - 14)\" y=\"\(lineBottom + 16)\">\(year)</text>\n"
        }
        for (index, result) in results.enumerated() {
            // One point a week keeps the file small.
            let points = result.days.enumerated().filter { $0.offset % 7 == 0 || $0.offset == result.days.count - 1 }
                .map { "\(x($0.element.date)),\(y($0.element.value))" }.joined(separator: " ")
            let color = colors[index % colors.count]
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points)\"/>\n"
            svg += "<text x=\"\(plotRight - 160)\" y=\"\(lineTop + 14 * index + 10)\" fill=\"\(color)\">\(result.strategy)</text>\n"
        }
        // Losses harvested per year, grouped by strategy.
        svg += "<text x=\"\(plotLeft)\" y=\"\(barTop - 8)\" font-size=\"14\">Losses harvested per year</text>\n"
        let years = Array(firstDay.date.year...lastDay.date.year)
        let most = results.flatMap { $0.harvestedByYear.values }.max() ?? .zero
        let mostValue = max(1, most.fixed.statistic(fractionDigits: 0))
        let groupWidth = (plotRight - plotLeft) / max(1, years.count)
        let barWidth = max(2, (groupWidth - 10) / max(1, results.count))
        for (yearIndex, year) in years.enumerated() {
            svg += "<text x=\"\(plotLeft + yearIndex * groupWidth)\" y=\"\(barBottom + 16)\">\(year)</text>\n"
            for (index, result) in results.enumerated() {
                let amount = (result.harvestedByYear[year] ?? .zero).fixed.statistic(fractionDigits: 0)
                let barHeight = Int(Double(barBottom - barTop) * amount / mostValue)
                guard barHeight > 0 else { continue }
                svg += "<rect x=\"\(plotLeft + yearIndex * groupWidth + index * barWidth)\" y=\"\(barBottom - barHeight)\" "
                    + "width=\"\(barWidth - 1)\" height=\"\(barHeight)\" fill=\"\(colors[index % colors.count])\"/>\n"
            }
        }
        svg += "</svg>\n"
        return svg
    }
}
