import HarvestCore

/// `harvest backtest` for people: each strategy's wealth, tax, harvests and tax alpha, then the years.
enum BacktestText {
    static func render(_ results: [BacktestResult], config: BacktestConfig, prices: PriceBook, sweep: Bool) -> String {
        let m = TextTable.money
        let baseline = results.first { $0.strategy == .none }
        let flows = results.first?.contributions ?? []
        var out = "Backtest \(config.start) to \(config.end): \(config.assets.map(\.symbol).joined(separator: ", ")); "
            + "contributed \(m(results.first?.contributed ?? .zero)); costs \(config.costs.feeBasisPoints)+\(config.costs.slippageBasisPoints) bps "
            + "each way; "
            + config.jurisdiction.regime.backtestRates(profile: config.profile, in: config.jurisdiction) + "; "
            + "\(config.liquidateAtEnd ? "liquidated at the end" : "held at the end, less the tax a sale at the last closes would add")\n\n"
        var table = TextTable(
            headers: ["Strategy", "Pre-tax", "After-tax", "Tax paid", "Harvested", "Harvests", "Costs", "Tracking", "Return/yr", "Tax alpha"],
            leftAligned: [0])
        for result in results {
            let annual = BacktestMetrics.annualizedReturn(contributions: flows, ending: result.endingAfterTax, end: config.end)
            let alpha = baseline.flatMap { BacktestMetrics.taxAlpha(result, baseline: $0, contributions: flows, end: config.end) }
            table.add([
                result.strategy.description, m(result.endingPreTax), m(result.endingAfterTax), m(result.taxPaid),
                m(result.harvestedByYear.values.sum()), String(result.harvests), m(result.costs), percent(result.trackingDifference),
                annual.map { percent($0) } ?? "-", result.strategy == .none ? "-" : (alpha.map { percent($0) } ?? "-"),
            ])
        }
        out += table.render()
        out += "Tracking: mean distance of the weights from the target (half the sum of the differences).\n"
        out += endNotes(results, config: config)
        if let rule = config.washSale {
            out += "\nWash-sale rule applied to crypto: harvests wait \(rule.daysAfter + 1) days in a correlated replacement (or cash).\n"
            for result in results where result.strategy != .none || result.washSalesTriggered > 0 {
                out += "  \(result.strategy): \(result.washSalesAvoided) harvest day(s) skipped for a purchase in the window before; "
                    + "\(result.washSalesTriggered) sale(s) still wash sales (\(m(result.washSaleDisallowed)) disallowed, deferred into the "
                    + "replacements' basis in the tax above)\n"
            }
        }
        if !sweep {
            for result in results where result.strategy != .none {
                out += "\n\(result.strategy): losses harvested and tax by year\n"
                for year in Set(result.taxByYear.keys).union(result.harvestedByYear.keys).sorted() {
                    let baseTax = baseline?.taxByYear[year] ?? .zero
                    // Losses the straddle rule (IRC §1092(a)) moved out of this year: carried into the next, tested again there.
                    let deferred = result.straddles.filter { $0.year == year }.map(\.deferred).sum()
                    out += "  \(year): harvested \(m(result.harvestedByYear[year] ?? .zero)), tax \(m(result.taxByYear[year] ?? .zero)) "
                        + "(none: \(m(baseTax)))" + (deferred.isZero ? "" : ", straddle loss deferred to \(year + 1): \(m(deferred))") + "\n"
                }
            }
        }
        let ended = results.first?.endedAtLastClose ?? [:]
        for (asset, date) in ended.sorted(by: { $0.key < $1.key }) {
            out += "\nwarning: \(asset) has no close on \(config.end): \(config.liquidateAtEnd ? "sold" : "valued") at its last close, of \(date)\n"
        }
        let missing = results.first?.missingDays.filter { $0.value > 0 } ?? [:]
        if !missing.isEmpty {
            out += "\nDays without a close (valued at the last close, not traded: purchases and switches back wait for the next close, "
                + "tax is raised from the assets that have one; before the first close, the asset's share waits in cash):\n"
            for (asset, count) in missing.sorted(by: { $0.key < $1.key }) {
                let first = prices.series(for: asset)?.days.first { $0 >= config.start }
                out += "  \(asset): \(count)" + (first.map { $0 > config.start ? " (first close \($0))" : "" } ?? " (no prices)") + "\n"
            }
        }
        return out
    }

    /// What the after-tax wealth counts at the end besides cash and holdings: the tax deferred in what is held, and the
    /// loss still carried forward, valued at the long rate (as the planner values it).
    static func endNotes(_ results: [BacktestResult], config: BacktestConfig) -> String {
        let m = TextTable.money
        var out = ""
        if !config.liquidateAtEnd {
            out += "Held at the end: the after-tax wealth is less the tax a sale of everything at the last closes would add, each lot "
                + "at its own term, after the loss carried: " + results.map { "\($0.strategy) \(m($0.deferredTax))" }.joined(separator: ", ") + ".\n"
        }
        let carrying = results.filter { !$0.carryforwardAtEnd.isZero }
        if !carrying.isEmpty {
            let rate = config.jurisdiction.economics(profile: config.profile, asOf: config.end).laterLongRate
            out += "Loss still carried forward at the end, counted in the after-tax wealth at the long rate (\(rate.percent)): "
                + carrying.map { "\($0.strategy) \(m($0.carryforwardAtEnd.total)) (worth \(m($0.carryforwardValue)))" }.joined(separator: ", ")
                + ".\n"
        }
        return out
    }

    /// `--windows`: the distribution of each strategy's tax alpha over the windows, and how often it beats each other.
    static func renderStudy(_ study: BacktestStudy, config: BacktestConfig, period: WindowPeriod) -> String {
        let first = study.starts.first.map(String.init(describing:)) ?? "-"
        let last = study.starts.last.map(String.init(describing:)) ?? "-"
        var out = "Backtest windows: \(study.starts.count) \(period.rawValue) starts from \(first) to \(last), each to \(config.end); "
            + "\(config.assets.map(\.symbol).joined(separator: ", ")); costs \(config.costs.feeBasisPoints)+\(config.costs.slippageBasisPoints) bps "
            + "each way; " + config.jurisdiction.regime.backtestRates(profile: config.profile, in: config.jurisdiction) + "; "
            + "taxes from \(config.taxesFromPortfolio ? "the portfolio" : "outside"); "
            + (config.rebalanceEveryMonths > 0 ? "rebalanced every \(config.rebalanceEveryMonths) month(s)" : "not rebalanced") + "; "
            + "\(config.liquidateAtEnd ? "liquidated at the end" : "held at the end")\n\n"
        out += "Tax alpha a year against none, across the windows (Q1, Q3: quartiles; Positive: share of windows above 0; "
            + "> S: share of windows above strategy S):\n\n"
        let others = study.strategies.filter { $0 != .none }
        var table = TextTable(
            headers: ["Strategy", "Median", "Q1", "Q3", "Worst", "Best", "Positive"] + others.map { "> \($0)" }, leftAligned: [0])
        for strategy in others {
            guard let d = study.distribution(strategy) else { continue }
            table.add([strategy.description, percent(d.median), percent(d.lowerQuartile), percent(d.upperQuartile), percent(d.worst),
                       percent(d.best), share(d.positive)]
                + others.map { other in other == strategy ? "-" : (study.shareBeating(strategy, other).map(share) ?? "-") })
        }
        out += table.render()
        return out
    }

    static func share(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    static func percent(_ value: Double) -> String {
        let basis = Int((value * 10_000).rounded())
        let sign = basis < 0 ? "-" : ""
        return sign + "\(abs(basis) / 100)." + (abs(basis) % 100 < 10 ? "0" : "") + "\(abs(basis) % 100)%"
    }
}
