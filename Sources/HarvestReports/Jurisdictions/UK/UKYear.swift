import HarvestCore

/// A UK year: one class of gains per disposal, the exempt amount, losses brought forward, the tax by rate period.
struct UKYear: YearPresentation {
    let summary: YearSummary
    let gains: UKCapitalGains

    var summaryFields: SummaryFields {
        let afterLosses = gains.net - gains.lossesBroughtForwardUsed
        return SummaryFields(netShortTerm: .zero, netLongTerm: afterLosses, netCapitalGain: afterLosses, exemptAmount: gains.exemptAmount,
                             carryforwardUsed: gains.lossesBroughtForwardUsed, estimatedTax: gains.estimatedTax, ratePeriods: gains.ratePeriods)
    }

    var ownJSON: (key: String, value: String)? { nil }

    func text(jurisdiction: Jurisdiction, filing: FilingStatus) -> String {
        let s = summary
        var lines = ["Tax year \(jurisdiction.taxYear.label(s.year)) (6 April \(s.year) to 5 April \(s.year + 1)) "
            + "(\(jurisdiction.name), \(jurisdiction.baseCurrency))"]
        lines += OneClassYear.disposalLines(s, used: gains.lossesBroughtForwardUsed, sellingCostsName: "incidental costs of disposal")
        lines.append("  Annual exempt amount \(gains.exemptAmount.groupedCents); taxable gain \(s.taxableGain.groupedCents)")
        for period in gains.ratePeriods where !(period.gains.isZero && period.losses.isZero) {
            lines.append("  Disposals from \(period.from): gains \(period.gains.groupedCents), losses \(period.losses.groupedCents), "
                + "taxed \(period.taxable.groupedCents) at \(period.rate.percent) = \(period.tax.groupedCents)")
        }
        lines.append("  Estimated capital gains tax: \(gains.estimatedTax.groupedCents)")
        return (lines + OneClassYear.closingLines(s)).joined(separator: "\n") + "\n"
    }
}

/// The lines a UK and a Canadian year share (one class of gains, counted per disposal).
enum OneClassYear {
    /// Proceeds are gross and the selling costs (named `sellingCostsName`) part of the costs, as both returns show them.
    static func disposalLines(_ s: YearSummary, used: Money, sellingCostsName: String) -> [String] {
        [
            "  \(s.disposalCount) disposal(s): proceeds \(s.grossProceeds.groupedCents), allowable costs "
                + (s.costBasis + s.sellingCosts).groupedCents
                + (s.sellingCosts.isZero ? "" : " (\(sellingCostsName) \(s.sellingCosts.groupedCents) included)")
                + (s.adjustments.isZero ? "" : ", superficial losses denied \(s.adjustments.groupedCents)"),
            "  Gains \(s.longTermGains.groupedCents), losses \(s.longTermLosses.groupedCents), net "
                + "\((s.longTermGains + s.longTermLosses).groupedCents)",
            "  Losses brought forward \(s.carryforwardIn.total.groupedCents), used \(used.groupedCents)",
        ]
    }

    static func closingLines(_ s: YearSummary) -> [String] {
        ["  Loss carried forward to \(s.year + 1): \(s.carryforwardOut.total.groupedCents)"] + incomeLines(s, label: "Income")
    }
}
