import HarvestCore

/// `harvest backtest --out FILE`: each strategy's daily series (value, cash, tax paid, money put in), in cents.
public enum BacktestCSV {
    public static let header = "date,strategy,value,cash,tax_paid,contributed"

    public static func daily(_ results: [BacktestResult]) -> String {
        var out = header + "\n"
        for result in results {
            let name = result.strategy.description
            for day in result.days {
                out += "\(day.date),\(name),\(ReportRounding.text(day.value)),\(ReportRounding.text(day.cash)),"
                    + "\(ReportRounding.text(day.taxPaid)),\(ReportRounding.text(day.contributed))\n"
            }
        }
        return out
    }
}
