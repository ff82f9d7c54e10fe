import HarvestCore

/// How reports round money: to cents, half away from zero (the IRS instructions' "round half up"),
/// once per printed figure. Exact values stay exact until this point.
public enum ReportRounding {
    public static let scale = 2
    public static let mode = RoundingMode.halfAwayFromZero

    public static func cents(_ money: Money) -> Money { money.rounded(scale: scale, mode) }
    public static func text(_ money: Money) -> String { money.formatted(scale: scale, mode) }
}

/// One disposal row as printed: proceeds, basis and adjustment rounded to cents, and the gain as their
/// combination, so each printed row adds up (gain = proceeds − basis + adjustment, to the cent).
public struct PrintedDisposal: Sendable {
    public var disposal: Disposal
    public var proceeds: Money
    public var costBasis: Money
    public var adjustment: Money
    public var gain: Money

    public init(_ disposal: Disposal) {
        self.disposal = disposal
        proceeds = ReportRounding.cents(disposal.proceeds)
        costBasis = ReportRounding.cents(disposal.costBasis)
        adjustment = ReportRounding.cents(disposal.adjustment)
        gain = proceeds - costBasis + adjustment
    }
}

/// `harvest gains --format csv` (DESIGN.md "Gains CSV").
///
/// The columns are DESIGN.md's, in its order. Under pooled rules (UK, Canada) a column `rule` is appended: how
/// each row was matched (`same_day`, `30_day`, or `pool`, whose `lot_tx_id` is `pool` and `date_acquired` the day
/// the pool last started); `term` is `long` on every such row (one class of gains). When a row rests on assumed
/// zero-basis units (`--allow-missing-basis`), a last column `missing_basis` is added, `true` on those rows.
public enum GainsCSV {
    public static let header = [
        "asset", "wallet", "quantity", "date_acquired", "date_disposed", "proceeds", "cost_basis", "adjustment", "gain",
        "term", "lot_tx_id", "disposal_tx_id",
    ]

    public static func write(_ disposals: [Disposal]) -> String {
        var out = ""
        write(disposals) { out += $0 }
        return out
    }

    /// Streams the CSV to `emit` in pieces of about a megabyte (a million rows need not be one string).
    public static func write(_ disposals: [Disposal], to emit: (String) -> Void) {
        let flagged = disposals.contains { $0.missingBasis }
        let pooled = disposals.contains { $0.matching != .lot }
        var out = (header + (pooled ? ["rule"] : []) + (flagged ? ["missing_basis"] : [])).joined(separator: ",") + "\n"
        out.reserveCapacity(1 << 20)
        for disposal in disposals {
            let row = PrintedDisposal(disposal)
            out += csvField(disposal.asset.symbol)
            out += ","
            out += csvField(disposal.wallet.name)
            out += ","
            out += disposal.quantity.description
            out += ","
            out += disposal.dateAcquired.description
            out += ","
            out += disposal.dateDisposed.description
            for amount in [row.proceeds, row.costBasis, row.adjustment, row.gain] {
                out += ","
                out += amount.formatted(scale: 2, .towardZero)
            }
            out += ","
            out += disposal.term.rawValue
            out += ","
            out += csvField(disposal.lotTransactionID)
            out += ","
            out += csvField(disposal.disposalTransactionID)
            if pooled {
                out += ","
                out += disposal.matching.rawValue
            }
            if flagged { out += disposal.missingBasis ? ",true" : ",false" }
            out += "\n"
            if out.utf8.count >= 1 << 20 {
                emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        emit(out)
    }
}

/// Minimal JSON writing: money and quantities as exact strings (JSON numbers are floating point in most readers).
public enum JSON {
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}

/// `harvest gains --format json`: exact amounts as strings, each disposal with its source rows.
public enum GainsJSON {
    /// - Parameter sources: the source rows of a disposal's lot and of the disposal itself (`file:line`).
    public static func write(
        _ disposals: [Disposal], summaries: [YearSummary], warnings: [String],
        sources: (Disposal) -> (lot: SourceLocation?, disposal: SourceLocation?) = { _ in (nil, nil) },
        valuedBy: (Disposal) -> (lot: ValuationSource?, disposal: ValuationSource?) = { _ in (nil, nil) }
    ) -> String {
        let rows = disposals.map { d in
            let (lotSource, disposalSource) = sources(d)
            let (lotValuation, disposalValuation) = valuedBy(d)
            return
            JSON.object([
                ("asset", JSON.string(d.asset.symbol)), ("wallet", JSON.string(d.wallet.name)),
                ("quantity", JSON.string(d.quantity.description)), ("date_acquired", JSON.string(d.dateAcquired.description)),
                ("date_disposed", JSON.string(d.dateDisposed.description)), ("proceeds", JSON.string(d.proceeds.description)),
                ("cost_basis", JSON.string(d.costBasis.description)), ("adjustment", JSON.string(d.adjustment.description)),
                ("adjustment_code", JSON.string(d.adjustmentCode)), ("gain", JSON.string(d.gain.description)),
                ("term", JSON.string(d.term.rawValue)), ("tax_year", String(d.taxYear)), ("kind", JSON.string(d.kind.rawValue)),
                ("lot_tx_id", JSON.string(d.lotTransactionID)), ("disposal_tx_id", JSON.string(d.disposalTransactionID)),
                ("lot_source", lotSource.map { JSON.string($0.description) } ?? "null"),
                ("disposal_source", disposalSource.map { JSON.string($0.description) } ?? "null"),
                ("missing_basis", d.missingBasis ? "true" : "false"), ("rule", JSON.string(d.matching.rawValue)),
                ("lot_valued_by", lotValuation.map { JSON.string($0.description) } ?? "null"),
                ("disposal_valued_by", disposalValuation.map { JSON.string($0.description) } ?? "null"),
            ])
        }
        return JSON.object([
            ("disposals", JSON.array(rows)),
            ("years", JSON.array(summaries.map(summaryJSON))),
            ("warnings", JSON.array(warnings.map(JSON.string))),
        ]) + "\n"
    }

    public static func summaryJSON(_ s: YearSummary) -> String {
        func money(_ m: Money) -> String { JSON.string(m.description) }
        return JSON.object([
            ("year", String(s.year)), ("proceeds", money(s.proceeds)), ("cost_basis", money(s.costBasis)),
            ("adjustments", money(s.adjustments)),
            ("short_term_gains", money(s.shortTermGains)), ("short_term_losses", money(s.shortTermLosses)),
            ("long_term_gains", money(s.longTermGains)), ("long_term_losses", money(s.longTermLosses)),
            ("carryforward_in_short", money(s.carryforwardIn.shortTerm)), ("carryforward_in_long", money(s.carryforwardIn.longTerm)),
            ("net_short_term", money(s.netShortTerm)), ("net_long_term", money(s.netLongTerm)),
            ("net_capital_gain", money(s.netCapitalGain)),
            ("deduction_against_ordinary_income", money(s.deductionAgainstOrdinaryIncome)),
            ("carryforward_out_short", money(s.carryforwardOut.shortTerm)),
            ("carryforward_out_long", money(s.carryforwardOut.longTerm)),
            ("income", JSON.object(s.incomeByType.sorted { $0.key < $1.key }.map { ($0.key.rawValue, money($0.value)) })),
            ("total_income", money(s.totalIncome)), ("missing_basis_rows", String(s.missingBasisRows)),
            ("disposal_count", String(s.disposalCount)), ("exempt_amount", money(s.exemptAmount)),
            ("carryforward_used", money(s.carryforwardUsed)), ("taxable_gain", money(s.taxableGain)),
            ("estimated_tax", s.estimatedTax.map(money) ?? "null"),
            ("rate_periods", JSON.array(s.ratePeriods.map { period in
                JSON.object([("from", JSON.string(period.from.description)), ("gains", money(period.gains)), ("losses", money(period.losses)),
                             ("taxable", money(period.taxable)), ("rate", JSON.string(period.rate.description)), ("tax", money(period.tax))])
            })),
        ] + jurisdictionJSON(s))
    }
}

/// Plain-text tables for people: right-aligned numbers, thousands separators.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]] = []
    /// Columns aligned left (text); the others align right (numbers).
    public var leftAligned: Set<Int>

    public init(headers: [String], leftAligned: Set<Int>) {
        self.headers = headers
        self.leftAligned = leftAligned
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public func render() -> String {
        var widths = headers.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return leftAligned.contains(index) ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = line(headers) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    /// `1234567.891` → `1,234,567.89` (cents, half away from zero).
    public static func money(_ value: Money) -> String { grouped(ReportRounding.text(value)) }

    public static func grouped(_ text: String) -> String {
        var negative = false
        var body = Substring(text)
        if body.hasPrefix("-") {
            negative = true
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1)
        let whole = Array(parts[0])
        var grouped = ""
        for (index, character) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        if parts.count == 2 { grouped += "." + parts[1] }
        return (negative ? "-" : "") + grouped
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

/// `harvest report 8949`: Form 8949 rows, Part I (short-term) then Part II (long-term), with the box
/// for digital assets not reported on a 1099 (C/F through 2024, I/L from 2025), each box's totals, and the
/// Schedule D lines they feed.
///
/// Rounding: each row's proceeds, basis and adjustment are rounded to cents (half away from zero) and
/// its gain is computed from the rounded figures; a box's totals are the sums of its printed rows, as
/// the form's arithmetic requires. Schedule D's net lines add those totals to the carryovers.
public enum Form8949 {
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
    }

    public static func build(year: Int, disposals: [Disposal], summary: YearSummary) -> Report {
        let rows = disposals.filter { $0.taxYear == year }.map(PrintedDisposal.init)
        let short = rows.filter { $0.disposal.term == .short }
        let long = rows.filter { $0.disposal.term == .long }
        return Report(
            year: year, shortTerm: short, longTerm: long,
            shortBox: Jurisdiction.usForm8949Box(term: .short, taxYear: year),
            longBox: Jurisdiction.usForm8949Box(term: .long, taxYear: year),
            shortTotals: totals(short), longTotals: totals(long), summary: summary)
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
                    money(row.costBasis), d.adjustmentCode, d.adjustmentCode.isEmpty ? "" : money(row.adjustment), money(row.gain),
                ].map(csvField).joined(separator: ",") + "\n"
            }
            out += [part, box, "Totals (\(totals.rows) rows)", "", "", money(totals.proceeds), money(totals.costBasis), "",
                    money(totals.adjustment), money(totals.gain)].map(csvField).joined(separator: ",") + "\n"
        }
        section("I", report.shortBox, report.shortTerm, report.shortTotals)
        section("II", report.longBox, report.longTerm, report.longTotals)
        for (label, amount) in scheduleD(report) {
            out += ["Schedule D", "", label, "", "", "", "", "", "", money(amount)].map(csvField).joined(separator: ",") + "\n"
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
        let deduction = ReportRounding.cents(s.deductionAgainstOrdinaryIncome)
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
}
