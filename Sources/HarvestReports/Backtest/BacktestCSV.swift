import Foundation
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

    /// `harvest backtest --windows --out FILE`: each window's tax alpha per strategy, as a fraction (empty where it
    /// could not be measured).
    public static func windows(_ study: BacktestStudy) -> String {
        var out = "start,strategy,tax_alpha\n"
        for (index, start) in study.starts.enumerated() {
            for strategy in study.strategies {
                let alpha = study.alphas[strategy].flatMap { index < $0.count ? $0[index] : nil }
                out += "\(start),\(strategy),\(alpha.map { String(format: "%.6f", $0) } ?? "")\n"
            }
        }
        return out
    }
}
