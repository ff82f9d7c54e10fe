import HarvestCore

/// A Canadian year: one class of gains per disposition, losses of other years, the taxable capital gain.
struct CanadaYear: YearPresentation {
    let summary: YearSummary
    let gains: CanadaCapitalGains

    var summaryFields: SummaryFields {
        let afterLosses = gains.net - gains.lossesOfOtherYearsUsed
        return SummaryFields(netShortTerm: .zero, netLongTerm: afterLosses, netCapitalGain: afterLosses,
                             carryforwardUsed: gains.lossesOfOtherYearsUsed)
    }

    var ownJSON: (key: String, value: String)? { nil }

    func text(jurisdiction: Jurisdiction, filing: FilingStatus) -> String {
        let s = summary
        var lines = ["Tax year \(jurisdiction.taxYear.label(s.year)) (\(jurisdiction.name), \(jurisdiction.baseCurrency))"]
        lines += OneClassYear.disposalLines(s, used: gains.lossesOfOtherYearsUsed, sellingCostsName: "outlays and expenses")
        lines.append("  Taxable capital gain (\(gains.inclusionRate.percent) of the net gain after losses of other years): "
            + "\(s.taxableGain.groupedCents)")
        return (lines + OneClassYear.closingLines(s)).joined(separator: "\n") + "\n"
    }
}
