import Foundation
import HarvestCore
import HarvestReports

/// The plan for people: the trades, the totals, the do-not-buy-back dates and a line on every lot.
enum PlanText {
    static func render(_ plan: HarvestPlan, request: PlanRequest) -> String {
        let m = TextTable.money
        let p = request.profile
        let rates = request.jurisdiction.economics(profile: p, asOf: plan.asOf).ratesDescription
        var out = "Harvest plan as of \(plan.asOf) (\(request.jurisdiction.name), \(rates); \(p.discountRate.percent) discount, "
            + "\(p.horizonYears)-year horizon, exit \(p.exit.rawValue); costs \(request.costs.feeBasisPoints)+\(request.costs.slippageBasisPoints) "
            + "bps each way)\n"
        out += "Realized this year so far: short-term \(m(request.realizedShortTerm)), long-term \(m(request.realizedLongTerm))"
        if !p.carryforward.isZero {
            out += request.jurisdiction.lossesKeepCharacter
                ? "; carried in: short \(m(p.carryforward.shortTerm)), long \(m(p.carryforward.longTerm))"
                : "; loss carried in \(m(p.carryforward.total))"
        }
        out += "\n\n"
        let trades = plan.trades
        if trades.isEmpty {
            out += "No trades: no loss is worth harvesting today.\n"
        } else {
            var table = TextTable(
                headers: ["Sell", "Asset", "Wallet", "Acquired", "Term", "Loss", "Saves now", "Deferred", "Costs", "Net"],
                leftAligned: [1, 2, 3, 4])
            for trade in trades {
                table.add([
                    trade.quantityToSell.description, trade.lot.asset.symbol, trade.lot.wallet.name, trade.lot.dateAcquired.description,
                    trade.term.rawValue, m(trade.loss), m(trade.taxSavedNow), m(trade.deferredTax + trade.restartCost),
                    m(trade.tradingCosts), m(trade.netBenefit),
                ])
            }
            out += table.render()
            out += "\nTotal: loss \(m(plan.lossRealized)), tax saved now \(m(plan.taxSavedNow)), deferred tax \(m(plan.deferredTax + plan.restartCost)), "
                + "costs \(m(plan.tradingCosts)), net benefit \(m(plan.netBenefit))\n"
            for (asset, date) in plan.doNotBuyBefore.sorted(by: { $0.key < $1.key }) {
                out += "Do not buy back \(asset) (or anything substantially identical) before \(date)"
                if let replacement = plan.replacements[asset] {
                    out += "; to keep the exposure meanwhile, buy \(replacement.asset) (correlation \(PlanReport.correlation(replacement.correlation)) "
                        + "over \(replacement.days) days of returns)"
                } else {
                    out += "; no correlated replacement found in the price store"
                }
                out += ".\n"
            }
        }
        if let weights = request.targetWeights {
            let described = weights.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.percent)" }.joined(separator: ", ")
            out += "\nRebalance to \(described):\n"
            out += plan.rebalance.isEmpty ? "  nothing to trade: the portfolio is at its target\n"
                : plan.rebalance.map { "  " + $0.explanation }.joined(separator: "\n") + "\n"
            let gains = plan.rebalance.filter { $0.side == .sell }.reduce(Money.zero) { $0 + $1.gain }
            if !plan.rebalance.isEmpty {
                out += "  Rebalancing realizes \(m(gains)) of gains (net of losses); tax this year \(plan.rebalanceTax.isNegative ? "saved" : "added") "
                    + "\(m(plan.rebalanceTax.magnitude)) after the harvest's losses.\n"
            }
        }
        out += "\nWhy:\n" + plan.candidates.map { "  " + PlanReport.decision($0).padding(toLength: 6, withPad: " ", startingAt: 0) + $0.explanation }
            .joined(separator: "\n") + "\n"
        if !plan.warnings.isEmpty { out += "\nWarnings:\n" + plan.warnings.map { "  " + $0 }.joined(separator: "\n") + "\n" }
        return out
    }
}
