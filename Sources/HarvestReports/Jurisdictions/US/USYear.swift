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
            if let worksheet = scheduleD.worksheet { lines.append(worksheetLine(worksheet, year: s.year)) }
        }
        return (lines + incomeLines(s)).joined(separator: "\n") + "\n"
    }

    /// How the carryover worksheet's cap (lines 1–3) was applied, beside the carryover it decides.
    func worksheetLine(_ worksheet: CarryoverWorksheet, year: Int) -> String {
        guard let taxableIncome = worksheet.line1TaxableIncome, let line3 = worksheet.line3 else {
            return "  (Carryover worksheet: no taxable income for \(year) in the profile, so lines 1-3 are assumed not to limit "
                + "the loss used up; set it with `harvest profile set --year \(year) --taxable-income N`)"
        }
        return "  (Carryover worksheet: taxable income \(taxableIncome.groupedCents) + deduction \(worksheet.line2Deduction.groupedCents) = "
            + "\(line3.groupedCents); loss used up \(worksheet.line4.groupedCents))"
    }
}
