import HarvestCore

/// `harvest report 8949`: Form 8949 rows, Part I (short-term) then Part II (long-term), with the box
/// for digital assets not reported on a 1099 (C/F through 2024, I/L from 2025), each box's totals, and the
/// Schedule D lines they feed.
///
/// Column (d) is the proceeds net of selling costs (the fee of the sale), and column (e) the basis without them: the
/// instructions allow net proceeds in (d) or the selling expenses in (e) (code E in (g) is for a 1099-B or 1099-DA that
/// shows proceeds the expenses are not reflected in, not a box C/F/I/L row). The selling costs are in the gains CSV.
///
/// Rounding (`ReportRounding`): each row's proceeds, basis and adjustment are rounded to cents (half away from zero)
/// and its gain is computed from the rounded figures; a box's totals are the sums of its printed rows, as the form's
/// arithmetic requires. Schedule D's net lines add those totals to the carryovers; line 21 and the carryover worksheet
/// work from those lines (the year summary nets the same printed rows).
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

    static func totals(_ rows: some Sequence<PrintedDisposal>) -> Totals {
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

    /// Column (a): "0.5 BTC", with a note when the basis is unknown.
    static func description(of row: PrintedDisposal) -> String {
        let d = row.disposal
        return "\(d.quantity) \(d.asset.symbol)" + (d.missingBasis ? " (basis unknown: assumed zero)" : "")
    }

    public static func csv(_ report: Report) -> String {
        TextWriter.text { writer in
            writer.write(text: header.joined(separator: ",") + "\n")
            let short = section("I", report.shortBox, report.shortTerm, to: writer)
            let long = section("II", report.longBox, report.longTerm, to: writer)
            precondition(short == report.shortTotals && long == report.longTotals, "Form 8949 totals written differ from the report's")
            writeScheduleD(scheduleD(report), to: writer)
        }
    }

    /// Writes the rows of one part of the form, then its totals row; the totals (the sums of the printed rows).
    static func section(_ part: String, _ box: String, _ rows: some Sequence<PrintedDisposal>, to writer: TextWriter) -> Totals {
        var totals = Totals()
        for row in rows {
            let d = row.disposal
            writer.writeCSVRow([
                part, box, description(of: row), formDate(d.dateAcquired), formDate(d.dateDisposed), money(row.proceeds),
                money(row.costBasis), d.adjustmentCode.rawValue, d.adjustmentCode == .none ? "" : money(row.adjustment), money(row.gain),
            ])
            totals.proceeds += row.proceeds
            totals.costBasis += row.costBasis
            totals.adjustment += row.adjustment
            totals.gain += row.gain
            totals.rows += 1
        }
        writer.writeCSVRow([part, box, "Totals (\(totals.rows) rows)", "", "", money(totals.proceeds), money(totals.costBasis), "",
                            money(totals.adjustment), money(totals.gain)])
        return totals
    }

    static func writeScheduleD(_ lines: [(String, Money?)], to writer: TextWriter) {
        for (label, amount) in lines {
            writer.writeCSVRow(["Schedule D", "", label, "", "", "", "", "", "", amount.map(money) ?? ""])
        }
    }

    /// The Schedule D lines this report feeds, with cents as printed: lines 7, 15 and 16 from the box totals (the sums
    /// of the printed rows), line 21 and the carryovers from the year's netting, which adds the same printed rows
    /// (`YearActivity`), so both are one set of figures. When line 16 is a loss, the carryover worksheet's lines 1–4 follow:
    /// the taxable income that caps the loss used up, or, when none was given, a line that says the cap was assumed not
    /// to bind (`amount` nil).
    public static func scheduleD(_ report: Report) -> [(String, Money?)] {
        scheduleD(year: report.year, shortBox: report.shortBox, longBox: report.longBox, shortTotals: report.shortTotals,
                  longTotals: report.longTotals, summary: report.summary, scheduleD: report.scheduleD)
    }

    /// The Schedule D lines from the two boxes' totals (`scheduleD(_:)`).
    static func scheduleD(
        year: Int, shortBox: String, longBox: String, shortTotals: Totals, longTotals: Totals, summary s: YearSummary,
        scheduleD figures: USScheduleD
    ) -> [(String, Money?)] {
        let report = (year: year, shortBox: shortBox, longBox: longBox, shortTotals: shortTotals, longTotals: longTotals,
                      scheduleD: figures)
        let shortCarry = s.carryforwardIn.shortTerm
        let longCarry = s.carryforwardIn.longTerm
        let netShort = report.shortTotals.gain - shortCarry
        let netLong = report.longTotals.gain - longCarry
        let combined = netShort + netLong
        // Pair check: the form's totals and the year's netting add the same printed rows.
        precondition(netShort == report.scheduleD.netShortTerm && netLong == report.scheduleD.netLongTerm,
                     "Form 8949 totals (\(netShort), \(netLong)) differ from the year's Schedule D (\(report.scheduleD))")
        var lines: [(String, Money?)] = [
            ("Short-term totals from Form 8949 box \(report.shortBox)", report.shortTotals.gain),
            ("Line 6: short-term capital loss carryover", -shortCarry),
            ("Line 7: net short-term capital gain or (loss)", netShort),
            ("Long-term totals from Form 8949 box \(report.longBox)", report.longTotals.gain),
            ("Line 14: long-term capital loss carryover", -longCarry),
            ("Line 15: net long-term capital gain or (loss)", netLong),
            ("Line 16: combined", combined),
            ("Line 21: loss deducted against ordinary income", -report.scheduleD.deductionAgainstOrdinaryIncome),
            ("Carryover to next year: short-term", s.carryforwardOut.shortTerm),
            ("Carryover to next year: long-term", s.carryforwardOut.longTerm),
        ]
        if let worksheet = report.scheduleD.worksheet {
            if let taxableIncome = worksheet.line1TaxableIncome, let line3 = worksheet.line3 {
                lines += [
                    ("Carryover worksheet line 1: taxable income (Form 1040 line 15)", taxableIncome),
                    ("Carryover worksheet line 3: line 1 + line 2 (not below zero)", line3),
                    ("Carryover worksheet line 4: loss used up (smaller of line 2 or line 3)", worksheet.line4),
                ]
            } else {
                lines.append(("Carryover worksheet lines 1-3: no taxable income for \(report.year) in the profile; "
                    + "assumed not to limit line 4 (harvest profile set --year \(report.year) --taxable-income N)", nil))
            }
        }
        return lines
    }

    /// Written as the rows are read: each part's rows straight from `disposals`, never a list of the year's rows.
    public static func csv(year: Int, disposals: [Disposal], summary: YearSummary, figures: USScheduleD, to writer: TextWriter) {
        writer.write(text: header.joined(separator: ",") + "\n")
        let shortBox = box(term: .short, taxYear: year), longBox = box(term: .long, taxYear: year)
        let shortTotals = section("I", shortBox, rows(disposals, year: year, term: .short), to: writer)
        let longTotals = section("II", longBox, rows(disposals, year: year, term: .long), to: writer)
        writeScheduleD(scheduleD(year: year, shortBox: shortBox, longBox: longBox, shortTotals: shortTotals, longTotals: longTotals,
                                 summary: summary, scheduleD: figures), to: writer)
    }

    /// The year's rows of one term, printed as they are read.
    static func rows(_ disposals: [Disposal], year: Int, term: Term) -> some Sequence<PrintedDisposal> {
        disposals.lazy.filter { $0.taxYear == year && $0.term == term }.map(PrintedDisposal.init)
    }

    /// The form's totals and the Schedule D lines, one per line.
    public static func written(year: Int, disposals: [Disposal], summary: YearSummary, figures: USScheduleD) -> String {
        let shortBox = box(term: .short, taxYear: year), longBox = box(term: .long, taxYear: year)
        let shortTotals = totals(rows(disposals, year: year, term: .short)), longTotals = totals(rows(disposals, year: year, term: .long))
        return written(year: year, shortBox: shortBox, longBox: longBox, shortTotals: shortTotals, longTotals: longTotals,
                       scheduleD: scheduleD(year: year, shortBox: shortBox, longBox: longBox, shortTotals: shortTotals,
                                            longTotals: longTotals, summary: summary, scheduleD: figures))
    }

    static func written(
        year: Int, shortBox: String, longBox: String, shortTotals: Totals, longTotals: Totals, scheduleD: [(String, Money?)]
    ) -> String {
        var lines = ["Form 8949 for \(year)"]
        for (part, box, totals) in [("Part I", shortBox, shortTotals), ("Part II", longBox, longTotals)] {
            lines.append("  \(part), box \(box): \(totals.rows) row(s), proceeds \(totals.proceeds.groupedCents), basis "
                + "\(totals.costBasis.groupedCents), gain \(totals.gain.groupedCents)")
        }
        for (label, amount) in scheduleD { lines.append("  Schedule D \(label)" + (amount.map { ": \($0.groupedCents)" } ?? "")) }
        return lines.joined(separator: "\n")
    }
}
