import HarvestCore

/// An Australian income year: item 18 of the return and the steps between its labels.
struct AustralianYear: YearPresentation {
    let summary: YearSummary
    let cgt: AustralianCGT

    var summaryFields: SummaryFields {
        SummaryFields(
            netShortTerm: summary.shortTermGains + summary.shortTermLosses, netLongTerm: summary.longTermGains + summary.longTermLosses,
            netCapitalGain: cgt.netCapitalGain.isPositive ? cgt.netCapitalGain : -cgt.carriedOut)
    }

    var ownJSON: (key: String, value: String)? {
        ("australia", JSON.object([
            ("income_year", JSON.string(Jurisdiction.australia.taxYear.label(summary.year))),
            ("total_current_year_capital_gains", jsonMoney(cgt.totalCurrentYearGains)),
            ("non_discountable_gains", jsonMoney(cgt.nonDiscountableGains)), ("discountable_gains", jsonMoney(cgt.discountableGains)),
            ("current_year_losses", jsonMoney(cgt.currentYearLosses)), ("carried_in", jsonMoney(cgt.carriedIn)),
            ("losses_applied_to_non_discountable", jsonMoney(cgt.lossesAppliedToNonDiscountable)),
            ("losses_applied_to_discountable", jsonMoney(cgt.lossesAppliedToDiscountable)),
            ("carried_in_applied", jsonMoney(cgt.carriedInApplied)), ("discount", jsonMoney(cgt.discount)),
            ("net_capital_gain", jsonMoney(cgt.netCapitalGain)), ("carried_out", jsonMoney(cgt.carriedOut)),
        ]))
    }

    func text(jurisdiction: Jurisdiction, filing: FilingStatus) -> String {
        let s = summary
        var lines = ["Income year \(jurisdiction.taxYear.label(s.year)) (\(jurisdiction.name), 1 July \(s.year) to 30 June \(s.year + 1))"]
        // Capital proceeds are gross; the costs of the disposal are element 2 of the cost base (ITAA 1997 s.110-25(3)).
        lines.append("  Capital proceeds \(s.grossProceeds.groupedCents), cost base \((s.costBasis + s.sellingCosts).groupedCents)"
            + (s.sellingCosts.isZero ? "" : " (incidental costs of disposal \(s.sellingCosts.groupedCents) included)"))
        lines.append("  Total current year capital gains (18H): \(cgt.totalCurrentYearGains.groupedCents): non-discountable "
            + "\(cgt.nonDiscountableGains.groupedCents), discountable \(cgt.discountableGains.groupedCents)")
        lines.append("  Capital losses: this year \(cgt.currentYearLosses.groupedCents), carried in \(cgt.carriedIn.groupedCents); applied to "
            + "non-discountable \(cgt.lossesAppliedToNonDiscountable.groupedCents), to discountable \(cgt.lossesAppliedToDiscountable.groupedCents)")
        lines.append("  CGT discount (\(Australia.discountRate.percent)): \(cgt.discount.groupedCents)")
        lines.append("  Net capital gain (18A): \(cgt.netCapitalGain.groupedCents)")
        lines.append("  Net capital losses carried forward (18V): \(cgt.carriedOut.groupedCents)")
        return (lines + incomeLines(s)).joined(separator: "\n") + "\n"
    }
}
