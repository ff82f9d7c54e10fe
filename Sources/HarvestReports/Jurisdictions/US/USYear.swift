import HarvestCore

/// A US year: Schedule D's nets, the deduction against ordinary income and the carryover.
struct USYear: YearPresentation {
    let summary: YearSummary
    let scheduleD: USScheduleD

    var summaryFields: SummaryFields {
        SummaryFields(netShortTerm: scheduleD.netShortTerm, netLongTerm: scheduleD.netLongTerm, netCapitalGain: scheduleD.netCapitalGain,
                      deductionAgainstOrdinaryIncome: scheduleD.deductionAgainstOrdinaryIncome)
    }

    var ownJSON: (key: String, value: String)? { nil }

    func text(jurisdiction: Jurisdiction, filing: FilingStatus) -> String {
        let s = summary
        var lines = ["Tax year \(s.year) (\(jurisdiction.name), filing \(filing.rawValue))"]
        lines.append("  Proceeds \(s.proceeds.groupedCents), cost basis \(s.costBasis.groupedCents)")
        lines.append("  Short-term: gains \(s.shortTermGains.groupedCents), losses \(s.shortTermLosses.groupedCents), carryover in "
            + "\((-s.carryforwardIn.shortTerm).groupedCents), net \(scheduleD.netShortTerm.groupedCents)")
        lines.append("  Long-term:  gains \(s.longTermGains.groupedCents), losses \(s.longTermLosses.groupedCents), carryover in "
            + "\((-s.carryforwardIn.longTerm).groupedCents), net \(scheduleD.netLongTerm.groupedCents)")
        lines.append("  Net capital gain (loss): \(scheduleD.netCapitalGain.groupedCents)")
        if scheduleD.netCapitalGain.isNegative {
            lines.append("  Deducted against ordinary income: \(scheduleD.deductionAgainstOrdinaryIncome.groupedCents)")
            lines.append("  Carried forward to \(s.year + 1): short-term \(s.carryforwardOut.shortTerm.groupedCents), long-term "
                + "\(s.carryforwardOut.longTerm.groupedCents)")
        }
        return (lines + incomeLines(s)).joined(separator: "\n") + "\n"
    }
}
