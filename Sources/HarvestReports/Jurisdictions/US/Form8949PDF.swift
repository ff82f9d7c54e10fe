import HarvestCore

/// `harvest report 8949 --format pdf`: Form 8949 laid out as the IRS form (US Letter, portrait): each page a part with
/// its box checked, 14 rows with the form's columns (a)–(h), and line 2, the totals of that page's rows, as the form
/// asks when a part needs more than one page ("complete as many forms with the same box checked as you need"); then a
/// page with the Schedule D lines the totals feed (`Form8949.scheduleD`). The rows are the CSV's printed rows, so the
/// pages' totals add up to the CSV's box totals. Amounts in (g) and (h) below zero are in parentheses, as the form writes
/// a loss. It is a layout of Harvest's own, not the IRS's printed form: the name and number lines are left blank for
/// the filer, and the footer says so.
public enum Form8949PDF {
    /// Rows a page of the form holds.
    public static let rowsPerPage = 14

    /// Column edges in points, (a) through (h), from the left margin to the right one.
    static let edges: [Double] = [36, 186, 238, 290, 358, 426, 450, 508, 576]

    public static func document(
        year: Int, disposals: [Disposal], summary: YearSummary, figures: USScheduleD
    ) -> PDFDocument {
        var document = PDFDocument(title: "Form 8949 (\(year)) and Schedule D lines")
        var parts: [(term: Term, rows: [PrintedDisposal])] = []
        for term in [Term.short, .long] {
            let rows = Array(Form8949.rows(disposals, year: year, term: term))
            if !rows.isEmpty { parts.append((term, rows)) }
        }
        if parts.isEmpty { parts = [(.short, [])] }
        var pages: [(term: Term, rows: ArraySlice<PrintedDisposal>)] = []
        for part in parts {
            var start = 0
            repeat {
                pages.append((part.term, part.rows[start..<min(start + rowsPerPage, part.rows.count)]))
                start += rowsPerPage
            } while start < part.rows.count
        }
        var totals: [Term: Form8949.Totals] = [:]
        for (index, page) in pages.enumerated() {
            let pageTotals = Form8949.totals(page.rows)
            totals[page.term, default: Form8949.Totals()].add(pageTotals)
            document.addPage { drawFormPage(&$0, year: year, term: page.term, rows: page.rows, totals: pageTotals,
                                            number: index + 1, of: pages.count + 1) }
        }
        let lines = Form8949.scheduleD(
            year: year, shortBox: Form8949.box(term: .short, taxYear: year), longBox: Form8949.box(term: .long, taxYear: year),
            shortTotals: totals[.short] ?? Form8949.Totals(), longTotals: totals[.long] ?? Form8949.Totals(), summary: summary,
            scheduleD: figures)
        document.addPage { drawScheduleD(&$0, year: year, lines: lines, number: pages.count + 1, of: pages.count + 1) }
        return document
    }

    /// A form amount: cents, and a value below zero in parentheses when `parentheses` (columns (g) and (h)).
    static func amount(_ value: Money, parentheses: Bool = false) -> String {
        let text = Form8949.money(value.magnitude)
        guard value < .zero else { return text }
        return parentheses ? "(\(text))" : "-" + text
    }

    /// The box's own line on the form.
    static func boxText(_ box: String, term: Term) -> String {
        let kind = term == .short ? "Short-term" : "Long-term"
        switch box {
        case "C", "F": return "(\(box)) \(kind) transactions not reported to you on Form 1099-B"
        default: return "(\(box)) \(kind) digital asset transactions not reported to you on Form 1099-DA or 1099-B"
        }
    }

    static func header(_ page: inout PDFDocument.Page, title: String, subtitle: String, year: Int) {
        page.text(title, x: 36, y: 752, size: 15, font: .bold)
        page.text(subtitle, x: 130, y: 754, size: 11, font: .bold)
        page.text(String(year), right: 576, y: 752, size: 15, font: .bold)
        page.line(36, 744, 576, 744, width: 1.5)
        page.text("Name(s) shown on return", x: 36, y: 728, size: 7)
        page.line(36, 712, 400, 712)
        page.text("Social security number or taxpayer identification number", x: 410, y: 728, size: 6)
        page.line(410, 712, 576, 712)
    }

    static func footer(_ page: inout PDFDocument.Page, _ form: String, number: Int, of count: Int) {
        page.line(36, 48, 576, 48, width: 1)
        page.text("\(form), laid out by Harvest from its records (not an official IRS printing): check it against the form's instructions.",
                  x: 36, y: 38, size: 6.5)
        page.text("Page \(number) of \(count)", right: 576, y: 38, size: 6.5)
    }

    static func drawFormPage(
        _ page: inout PDFDocument.Page, year: Int, term: Term, rows: ArraySlice<PrintedDisposal>, totals: Form8949.Totals,
        number: Int, of count: Int
    ) {
        header(&page, title: "Form 8949", subtitle: "Sales and Other Dispositions of Capital Assets", year: year)
        let short = term == .short
        page.rectangle(x: 36, y: 686, width: 540, height: 14, filled: true, gray: 0.85)
        page.text(short ? "Part I" : "Part II", x: 40, y: 690, size: 9, font: .bold)
        page.text(short
            ? "Short-Term. Transactions involving capital assets you held 1 year or less are generally short-term."
            : "Long-Term. Transactions involving capital assets you held more than 1 year are generally long-term.",
            x: 80, y: 690, size: 8)
        let box = Form8949.box(term: term, taxYear: year)
        page.text("You must check the box that applies; a separate form (page) for each box.", x: 36, y: 672, size: 7)
        page.rectangle(x: 40, y: 655, width: 8, height: 8)
        page.rectangle(x: 41.5, y: 656.5, width: 5, height: 5, filled: true)
        page.text(boxText(box, term: term), x: 54, y: 656, size: 8)

        // Column heads.
        let top = 645.0, headBottom = 612.0, rowHeight = 22.0
        let heads: [[String]] = [
            ["(a)", "Description of property"], ["(b)", "Date acquired", "(Mo., day, yr.)"],
            ["(c)", "Date sold or", "disposed of", "(Mo., day, yr.)"], ["(d)", "Proceeds", "(sales price)"],
            ["(e)", "Cost or other", "basis"], ["(f)", "Code"], ["(g)", "Amount of", "adjustment"],
            ["(h)", "Gain or (loss)", "(d) - (e) + (g)"],
        ]
        page.text("1", x: 28, y: top - 10, size: 8, font: .bold)
        for (column, lines) in heads.enumerated() {
            for (index, text) in lines.enumerated() {
                page.text(text, x: edges[column] + 3, y: top - 9 - Double(index) * 7.5, size: 6.5, font: index == 0 ? .bold : .regular)
            }
        }
        let bottom = headBottom - Double(rowsPerPage) * rowHeight
        page.line(36, top, 576, top, width: 1)
        page.line(36, headBottom, 576, headBottom)
        for edge in edges { page.line(edge, top, edge, bottom - rowHeight) }
        for index in 1...rowsPerPage { page.line(36, headBottom - Double(index) * rowHeight, 576, headBottom - Double(index) * rowHeight) }

        for (index, row) in rows.enumerated() {
            let d = row.disposal
            let y = headBottom - Double(index + 1) * rowHeight + 8
            page.text(fitted(Form8949.description(of: row), points: edges[1] - edges[0] - 6, size: 7.5), x: edges[0] + 3, y: y, size: 7.5)
            page.text(Form8949.formDate(d.dateAcquired), x: edges[1] + 3, y: y, size: 7.5)
            page.text(Form8949.formDate(d.dateDisposed), x: edges[2] + 3, y: y, size: 7.5)
            page.text(amount(row.proceeds), right: edges[4] - 3, y: y, size: 7.5)
            page.text(amount(row.costBasis), right: edges[5] - 3, y: y, size: 7.5)
            if d.adjustmentCode != .none {
                page.text(d.adjustmentCode.rawValue, x: edges[5] + 3, y: y, size: 7.5)
                page.text(amount(row.adjustment, parentheses: true), right: edges[7] - 3, y: y, size: 7.5)
            }
            page.text(amount(row.gain, parentheses: true), right: edges[8] - 3, y: y, size: 7.5)
        }

        // Line 2: this page's totals.
        let y = bottom - rowHeight + 8
        page.line(36, bottom - rowHeight, 576, bottom - rowHeight, width: 1)
        page.text("2", x: 28, y: y, size: 8, font: .bold)
        page.text("Totals. Add the amounts in (d), (e), (g), (h).", x: edges[0] + 3, y: y + 3, size: 6.5, font: .bold)
        page.text("Include on Schedule D (the box \(box) line).",
                  x: edges[0] + 3, y: y - 5, size: 6.5)
        page.text(amount(totals.proceeds), right: edges[4] - 3, y: y, size: 7.5, font: .bold)
        page.text(amount(totals.costBasis), right: edges[5] - 3, y: y, size: 7.5, font: .bold)
        page.text(amount(totals.adjustment, parentheses: true), right: edges[7] - 3, y: y, size: 7.5, font: .bold)
        page.text(amount(totals.gain, parentheses: true), right: edges[8] - 3, y: y, size: 7.5, font: .bold)
        page.text("Column (d) is the proceeds net of the sale's fee; (e) the basis without it (the instructions allow either). Amounts in cents,",
                  x: 36, y: bottom - rowHeight - 16, size: 6.5)
        page.text("each row rounded half away from zero and its gain computed from the rounded figures; line 2 adds this page's rows.",
                  x: 36, y: bottom - rowHeight - 24, size: 6.5)
        footer(&page, "Form 8949 (\(year))", number: number, of: count)
    }

    static func drawScheduleD(_ page: inout PDFDocument.Page, year: Int, lines: [(String, Money?)], number: Int, of count: Int) {
        header(&page, title: "Schedule D", subtitle: "(Form 1040) Capital Gains and Losses: the lines from these Forms 8949", year: year)
        var y = 684.0
        page.rectangle(x: 36, y: y - 4, width: 540, height: 14, filled: true, gray: 0.85)
        page.text("Line", x: 40, y: y, size: 8, font: .bold)
        page.text("Amount", right: 572, y: y, size: 8, font: .bold)
        y -= 22
        for (label, value) in lines {
            page.text(fitted(label, points: 440, size: 8), x: 40, y: y, size: 8)
            if let value { page.text(amount(value, parentheses: true), right: 572, y: y, size: 8) }
            page.line(36, y - 6, 576, y - 6, width: 0.3)
            y -= 20
        }
        footer(&page, "Schedule D (Form 1040) \(year)", number: number, of: count)
    }

    /// `text` cut with "..." to fit `points` at `size` (the width estimate errs wide, so it never overflows its column).
    static func fitted(_ text: String, points: Double, size: Double) -> String {
        guard PDFDocument.width(of: text, size: size, font: .regular) > points else { return text }
        var characters = Array(text)
        while !characters.isEmpty && PDFDocument.width(of: String(characters) + "...", size: size, font: .regular) > points {
            characters.removeLast()
        }
        return String(characters) + "..."
    }
}

extension Form8949.Totals {
    mutating func add(_ other: Form8949.Totals) {
        proceeds += other.proceeds
        costBasis += other.costBasis
        adjustment += other.adjustment
        gain += other.gain
        rows += other.rows
    }
}
