import HarvestCore

/// `harvest plan --format csv|json`: every lot with its decision and figures, for machines (exact amounts in JSON,
/// cents in CSV).
public enum PlanReport {
    /// Two decimals, for display.
    public static func correlation(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        return sign + "\(magnitude / 100)." + (magnitude % 100 < 10 ? "0" : "") + "\(magnitude % 100)"
    }


    public static let csvHeader = "decision,asset,wallet,date_acquired,term,quantity,quantity_to_sell,basis,value,unrealized,loss,tax_saved_now,"
        + "deferred_tax,restart_cost,costs,net_benefit,days_to_long_term,lot_tx_id,explanation"

    public static func csv(_ plan: HarvestPlan) -> String {
        var out = csvHeader + "\n"
        for c in plan.candidates {
            out += [
                decision(c), c.lot.asset.symbol, c.lot.wallet.name, c.lot.dateAcquired.description, c.term.rawValue,
                c.lot.quantity.description, c.quantityToSell.description, ReportRounding.text(c.lot.costBasis),
                c.value.map(ReportRounding.text) ?? "", c.unrealized.map(ReportRounding.text) ?? "", ReportRounding.text(c.loss),
                ReportRounding.text(c.taxSavedNow), ReportRounding.text(c.deferredTax), ReportRounding.text(c.restartCost),
                ReportRounding.text(c.tradingCosts), ReportRounding.text(c.netBenefit), String(c.daysToLongTerm), c.lot.transactionID,
                c.explanation,
            ].csvRow
        }
        return out
    }

    /// sell, keep, or reset (Germany: a tax-free gain whose basis a sale and buy-back would raise).
    public static func decision(_ c: HarvestCandidate) -> String { c.chosen ? "sell" : c.reason == .taxFreeGain ? "reset" : "keep" }

    /// - Parameters:
    ///   - extra: keys after the plan's own (the derivatives' `"derivatives"` and `"hedges"`, `DerivativePlanReport`).
    public static func json(_ plan: HarvestPlan, extra: [(String, String)] = []) -> String {
        func money(_ m: Money) -> String { JSON.string(m.description) }
        let candidates = plan.candidates.map { c in
            JSON.object([
                ("decision", JSON.string(decision(c))), ("asset", JSON.string(c.lot.asset.symbol)),
                ("wallet", JSON.string(c.lot.wallet.name)), ("date_acquired", JSON.string(c.lot.dateAcquired.description)),
                ("term", JSON.string(c.term.rawValue)), ("quantity", JSON.string(c.lot.quantity.description)),
                ("quantity_to_sell", JSON.string(c.quantityToSell.description)), ("basis", money(c.lot.costBasis)),
                ("value", c.value.map(money) ?? "null"), ("unrealized", c.unrealized.map(money) ?? "null"), ("loss", money(c.loss)),
                ("tax_saved_now", money(c.taxSavedNow)), ("deferred_tax", money(c.deferredTax)), ("restart_cost", money(c.restartCost)),
                ("costs", money(c.tradingCosts)), ("net_benefit", money(c.netBenefit)), ("days_to_long_term", String(c.daysToLongTerm)),
                ("lot_tx_id", JSON.string(c.lot.transactionID)), ("explanation", JSON.string(c.explanation)),
            ])
        }
        return JSON.object([
            ("as_of", JSON.string(plan.asOf.description)), ("loss_realized", money(plan.lossRealized)),
            ("tax_saved_now", money(plan.taxSavedNow)), ("deferred_tax", money(plan.deferredTax)),
            ("restart_cost", money(plan.restartCost)), ("costs", money(plan.tradingCosts)), ("net_benefit", money(plan.netBenefit)),
            ("do_not_buy_before", JSON.object(plan.doNotBuyBefore.sorted { $0.key < $1.key }.map { ($0.key.symbol, JSON.string($0.value.description)) })),
            ("replacements", JSON.object(plan.replacements.sorted { $0.key < $1.key }.map { asset, replacement in
                (asset.symbol, JSON.object([("asset", JSON.string(replacement.asset.symbol)),
                                            ("correlation", correlation(replacement.correlation)), ("days", String(replacement.days))]))
            })),
            ("rebalance", JSON.array(plan.rebalance.map { trade in
                JSON.object([
                    ("side", JSON.string(trade.side.rawValue)), ("asset", JSON.string(trade.asset.symbol)),
                    ("wallet", trade.lot.map { JSON.string($0.wallet.name) } ?? "null"),
                    ("lot_tx_id", trade.lot.map { JSON.string($0.transactionID) } ?? "null"),
                    ("quantity", trade.quantity.map { JSON.string($0.description) } ?? "null"), ("value", money(trade.value)),
                    ("gain", money(trade.gain)), ("explanation", JSON.string(trade.explanation)),
                ])
            })),
            ("rebalance_tax", money(plan.rebalanceTax)),
            ("candidates", JSON.array(candidates)), ("warnings", JSON.array(plan.warnings.map(JSON.string))),
        ] + extra) + "\n"
    }
}
