import HarvestCore

/// `harvest report 8949`: Form 8949 rows, Part I (short-term) then Part II (long-term), with the box
/// for digital assets not reported on a 1099 (C/F through 2024, I/L from 2025), each box's totals, and the
/// Schedule D lines they feed.
///
/// Column (d) is the proceeds net of selling costs (the fee of the sale), and column (e) the basis without them: the
/// instructions allow net proceeds in (d) or the selling expenses in (e) (code E in (g) is for a 1099-B or 1099-DA that
/// shows proceeds the expenses are not reflected in, not a box C/F/I/L row). The selling costs are in the gains CSV.
///
/// Rounding: each row's proceeds, basis and adjustment are rounded to cents (half away from zero) and
/// its gain is computed from the rounded figures; a box's totals are the sums of its printed rows, as
/// the form's arithmetic requires. Schedule D's net lines add those totals to the carryovers.
public enum Form8949: CountryReport {
    public static let jurisdiction = Jurisdiction.us

    public static let header = [
        "part", "box", "description", "date_acquired", "date_sold", "proceeds", "cost_basis", "adjustment_code",
        "adjustment_amount", "gain",
    ]

    public struct Totals: Sendable, Equatable {
        public var proceeds = Money.zero
        public var costBasis = Money.zero
        public var adjustment = Money.zero
        public var gain = Money.zero
        public var rows = 0
    }

    public struct Report: Sendable {
        public var year: Int
        public var shortTerm: [PrintedDisposal]
        public var longTerm: [PrintedDisposal]
        public var shortBox: String
        public var longBox: String
        public var shortTotals: Totals
        public var longTotals: Totals
        public var summary: YearSummary
        public var scheduleD: USScheduleD
    }

    public static func figures(of summary: YearSummary) -> USScheduleD? {
        guard case .unitedStates(let scheduleD) = summary.figures else { return nil }
        return scheduleD
    }

    public static func build(year: Int, disposals: [Disposal], summary: YearSummary, scheduleD: USScheduleD) -> Report {
        let rows = disposals.filter { $0.taxYear == year }.map(PrintedDisposal.init)
        let short = rows.filter { $0.disposal.term == .short }
        let long = rows.filter { $0.disposal.term == .long }
        return Report(
            year: year, shortTerm: short, longTerm: long,
            shortBox: box(term: .short, taxYear: year), longBox: box(term: .long, taxYear: year),
            shortTotals: totals(short), longTotals: totals(long), summary: summary, scheduleD: scheduleD)
    }

    /// The box for digital assets not reported on a 1099: C/F through 2024, I/L from 2025 (../shared/tax/rules.md §1.2;
    /// the 2025 form's digital-asset boxes).
    public static func box(term: Term, taxYear: Int) -> String {
        switch (term, taxYear >= 2025) {
        case (.short, false): "C"
        case (.long, false): "F"
        case (.short, true): "I"
        case (.long, true): "L"
        }
    }

    static func totals(_ rows: [PrintedDisposal]) -> Totals {
        var totals = Totals()
        for row in rows {
            totals.proceeds += row.proceeds
            totals.costBasis += row.costBasis
            totals.adjustment += row.adjustment
            totals.gain += row.gain
            totals.rows += 1
        }
        return totals
    }

    /// The form's date style, MM/DD/YYYY.
    static func formDate(_ date: CivilDate) -> String {
        let (year, month, day) = date.components
        return (month < 10 ? "0" : "") + "\(month)/" + (day < 10 ? "0" : "") + "\(day)/\(year)"
    }

    static func money(_ value: Money) -> String { value.formatted(scale: 2, .towardZero) }

    public static func csv(_ report: Report) -> String {
        var out = header.joined(separator: ",") + "\n"
        func section(_ part: String, _ box: String, _ rows: [PrintedDisposal], _ totals: Totals) {
            for row in rows {
                let d = row.disposal
                var description = "\(d.quantity) \(d.asset.symbol)"
                if d.missingBasis { description += " (basis unknown: assumed zero)" }
                out += [
                    part, box, description, formDate(d.dateAcquired), formDate(d.dateDisposed), money(row.proceeds),
                    money(row.costBasis), d.adjustmentCode.rawValue, d.adjustmentCode == .none ? "" : money(row.adjustment), money(row.gain),
                ].csvRow
            }
            out += [part, box, "Totals (\(totals.rows) rows)", "", "", money(totals.proceeds), money(totals.costBasis), "",
                    money(totals.adjustment), money(totals.gain)].csvRow
        }
        section("I", report.shortBox, report.shortTerm, report.shortTotals)
        section("II", report.longBox, report.longTerm, report.longTotals)
        for (label, amount) in scheduleD(report) {
            out += ["Schedule D", "", label, "", "", "", "", "", "", money(amount)].csvRow
        }
        return out
    }

    /// The Schedule D lines this report feeds, with cents as printed.
    public static func scheduleD(_ report: Report) -> [(String, Money)] {
        let s = report.summary
        let shortCarry = ReportRounding.cents(s.carryforwardIn.shortTerm)
        let longCarry = ReportRounding.cents(s.carryforwardIn.longTerm)
        let netShort = report.shortTotals.gain - shortCarry
        let netLong = report.longTotals.gain - longCarry
        let combined = netShort + netLong
        let deduction = ReportRounding.cents(report.scheduleD.deductionAgainstOrdinaryIncome)
        return [
            ("Short-term totals from Form 8949 box \(report.shortBox)", report.shortTotals.gain),
            ("Line 6: short-term capital loss carryover", -shortCarry),
            ("Line 7: net short-term capital gain or (loss)", netShort),
            ("Long-term totals from Form 8949 box \(report.longBox)", report.longTotals.gain),
            ("Line 14: long-term capital loss carryover", -longCarry),
            ("Line 15: net long-term capital gain or (loss)", netLong),
            ("Line 16: combined", combined),
            ("Line 21: loss deducted against ordinary income", combined.isNegative ? -deduction : .zero),
            ("Carryover to next year: short-term", ReportRounding.cents(s.carryforwardOut.shortTerm)),
            ("Carryover to next year: long-term", ReportRounding.cents(s.carryforwardOut.longTerm)),
        ]
    }

    public static func csv(year: Int, disposals: [Disposal], summary: YearSummary, figures: USScheduleD) -> String {
        csv(build(year: year, disposals: disposals, summary: summary, scheduleD: figures))
    }

    /// The form's totals and the Schedule D lines, one per line.
    public static func written(year: Int, disposals: [Disposal], summary: YearSummary, figures: USScheduleD) -> String {
        written(build(year: year, disposals: disposals, summary: summary, scheduleD: figures))
    }

    static func written(_ report: Report) -> String {
        var lines = ["Form 8949 for \(report.year)"]
        for (part, box, totals) in [("Part I", report.shortBox, report.shortTotals), ("Part II", report.longBox, report.longTotals)] {
            lines.append("  \(part), box \(box): \(totals.rows) row(s), proceeds \(totals.proceeds.groupedCents), basis "
                + "\(totals.costBasis.groupedCents), gain \(totals.gain.groupedCents)")
        }
        for (label, amount) in scheduleD(report) { lines.append("  Schedule D \(label): \(amount.groupedCents)") }
        return lines.joined(separator: "\n")
    }
}
