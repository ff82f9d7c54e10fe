import HarvestCore

/// Form 8949's rows in the layouts tax programs import (`harvest report 8949 --format txf|taxact`): the same printed rows
/// as the CSV (`Form8949.rows`: cents, half away from zero), so the program's totals are the CSV's box totals.
///
/// - **TXF** (Tax Exchange Format, version 042, the last Intuit published; TurboTax desktop and H&R Block import it):
///   a header (`V042`, the program, the export date, `^`), then one record per row, one field per line, each record
///   closed by `^`. Rows use record format 5: `TD`, `N` the reference number of the form's box, `C1`, `L1`, `P` the
///   description, `D` the date acquired, `D` the date sold, `$` the cost basis, `$` the proceeds, `$` the wash-sale loss
///   disallowed (empty when none). Reference numbers: 712 for Part I box C and 714 for Part II box F, the boxes for
///   sales not reported on a Form 1099 (TXF spec v042, "Form 1099-B TXF Reference Numbers", taxdataexchange.org/docs/txf).
///   The spec predates the 2025 digital-asset boxes I and L and has no reference number for them: from 2025 the rows
///   carry 712/714 and `txfBoxWarning` says to move them to box I/L in the tax program. Lines end in CR LF, as the spec's
///   DOS-era files do.
/// - **TaxAct** (Stock Assistant CSV import, TaxAct support article 882, "Form 1099-B - Create Your Own Spreadsheet"):
///   the required columns Description, Date Acquired, Date Sold, Sales Proceeds, Cost or Other Basis, and the optional
///   Wash Sale ("W" on a wash-sale row), Adjustment Code, Adjustment Amount and Reporting Category (the form's box).
public enum Form8949Filing {
    /// The TXF reference number of a row's box: 712 short-term (box C), 714 long-term (box F).
    public static func txfReference(term: Term) -> Int {
        switch term {
        case .short: 712
        case .long: 714
        }
    }

    /// Why the TXF of a tax year needs a hand in the tax program, or nil: from 2025 the form's boxes for digital assets
    /// not on a 1099 are I and L, which TXF v042 cannot name.
    public static func txfBoxWarning(year: Int) -> String? {
        guard year >= 2025 else { return nil }
        return "TXF (version 042) has no reference number for Form 8949 boxes I and L (digital assets from 2025): the rows "
            + "are marked box C (712) and F (714); after importing, move them to box I (short-term) and L (long-term) in your tax program."
    }

    /// The TXF file of tax year `year`'s rows, Part I then Part II; `exported` is the day written into the header.
    public static func txf(year: Int, disposals: [Disposal], exported: CivilDate, program: String, to writer: TextWriter) {
        func line(_ text: String) {
            writer.write(text: text)
            writer.write("\r\n")
        }
        line("V042")
        line("A" + singleLine(program))
        line("D" + Form8949.formDate(exported))
        line("^")
        for term in [Term.short, .long] {
            for row in Form8949.rows(disposals, year: year, term: term) {
                let d = row.disposal
                line("TD")
                line("N\(txfReference(term: term))")
                line("C1")
                line("L1")
                line("P" + singleLine(Form8949.description(of: row)))
                line("D" + Form8949.formDate(d.dateAcquired))
                line("D" + Form8949.formDate(d.dateDisposed))
                line("$" + Form8949.money(row.costBasis))
                line("$" + Form8949.money(row.proceeds))
                line("$" + (d.adjustmentCode == .washSale ? Form8949.money(row.adjustment) : ""))
                line("^")
            }
        }
    }

    public static let taxActHeader = [
        "Description", "Date Acquired", "Date Sold", "Sales Proceeds", "Cost or Other Basis", "Wash Sale", "Adjustment Code",
        "Adjustment Amount", "Reporting Category",
    ]

    /// The TaxAct CSV of tax year `year`'s rows, Part I then Part II.
    public static func taxAct(year: Int, disposals: [Disposal], to writer: TextWriter) {
        writer.writeCSVRow(taxActHeader)
        for term in [Term.short, .long] {
            let box = Form8949.box(term: term, taxYear: year)
            for row in Form8949.rows(disposals, year: year, term: term) {
                let d = row.disposal
                let adjusted = d.adjustmentCode != .none
                writer.writeCSVRow([
                    Form8949.description(of: row), Form8949.formDate(d.dateAcquired), Form8949.formDate(d.dateDisposed), Form8949.money(row.proceeds),
                    Form8949.money(row.costBasis), d.adjustmentCode == .washSale ? "W" : "", d.adjustmentCode.rawValue,
                    adjusted ? Form8949.money(row.adjustment) : "", box,
                ])
            }
        }
    }

    /// A TXF field is one line: line breaks (from a hand-edited asset name, say) become spaces.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
