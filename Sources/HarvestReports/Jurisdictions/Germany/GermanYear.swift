import HarvestCore

/// A German year: the private sales of §23 EStG, the Freigrenze and the loss carried.
struct GermanYear: YearPresentation {
    let summary: YearSummary
    let sales: GermanPrivateSales

    var summaryFields: SummaryFields {
        SummaryFields(netShortTerm: sales.total, netLongTerm: summary.longTermGains + summary.longTermLosses,
                      netCapitalGain: sales.taxable.isPositive ? sales.taxable : -sales.carriedOut)
    }

    var ownJSON: (key: String, value: String)? {
        ("germany", JSON.object([
            ("gains", jsonMoney(sales.gains)), ("losses", jsonMoney(sales.losses)), ("total", jsonMoney(sales.total)),
            ("exempt_gains", jsonMoney(sales.exemptGains)), ("exempt_losses", jsonMoney(sales.exemptLosses)),
            ("freigrenze", jsonMoney(sales.freigrenze)), ("below_freigrenze", sales.belowFreigrenze ? "true" : "false"),
            ("carried_in", jsonMoney(sales.carriedIn)), ("carried_in_applied", jsonMoney(sales.carriedInApplied)),
            ("taxable", jsonMoney(sales.taxable)), ("carried_out", jsonMoney(sales.carriedOut)),
        ]))
    }

    func text(jurisdiction: Jurisdiction, filing: FilingStatus) -> String {
        var lines = ["Tax year \(summary.year) (\(jurisdiction.name), private sales §23 EStG)"]
        lines.append("  Within one year: gains \(sales.gains.groupedCents), losses \(sales.losses.groupedCents), total \(sales.total.groupedCents)")
        lines.append("  Held over one year (tax-free, losses do not count): gains \(sales.exemptGains.groupedCents), losses "
            + "\(sales.exemptLosses.groupedCents)")
        let freigrenze = sales.belowFreigrenze ? "under the \(sales.freigrenze.groupedCents) Freigrenze: tax-free"
            : sales.total < sales.freigrenze ? "no gain" : "at or over the \(sales.freigrenze.groupedCents) Freigrenze: taxable in full"
        lines.append("  Freigrenze: \(freigrenze)")
        lines.append("  Loss carried in \(sales.carriedIn.groupedCents), used \(sales.carriedInApplied.groupedCents)")
        lines.append("  Taxable private-sale income: \(sales.taxable.groupedCents)")
        lines.append("  Loss carried forward (§23(3), §10d): \(sales.carriedOut.groupedCents)")
        return (lines + incomeLines(summary)).joined(separator: "\n") + "\n"
    }
}
