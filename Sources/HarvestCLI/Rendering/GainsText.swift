import HarvestCore
import HarvestReports

/// `harvest gains` for people: a table of the disposal rows, then each year as its country presents it.
///
/// Each row is printed as every report prints it (`PrintedDisposal`): proceeds − basis + adjustment = gain, to the cent,
/// with the adjustment's code (W: a wash sale's disallowed loss; SL: a superficial loss denied) and amount between basis
/// and gain, so a row adds up on screen. The year summaries below add the same printed rows.
enum GainsText {
    /// The whole text as one string: for tests and small histories (the command streams, `write`).
    static func render(_ disposals: [Disposal], summaries: [YearSummary], settings: Settings, rows: TableRows = .all) -> String {
        TextWriter.text { write(disposals, summaries: summaries, settings: settings, rows: rows, to: $0) }
    }

    /// Writes the table, row by row, then the years' summaries.
    ///
    /// When a row has a selling cost (the fee of the sale), a `Sale fee` column shows it after the proceeds (which are net of
    /// it, as the gains CSV's are), so that a year summary giving gross proceeds (UK, Canada, Australia, Germany) adds up
    /// from the table too: gross = proceeds + sale fee. On a terminal, `rows` may leave rows out (`TableRows`): a note
    /// after the table says how many; the summaries are always whole.
    static func write(_ disposals: [Disposal], summaries: [YearSummary], settings: Settings, rows: TableRows, to writer: TextWriter) {
        let fees = disposals.contains { !$0.sellingCost.isZero }
        if disposals.isEmpty {
            writer.write("No disposals.\n")
        } else {
            var headers = ["Sold", "Asset", "Quantity", "Acquired", "Wallet", "Proceeds", "Basis", "Adj", "Adjustment", "Gain", "Term",
                           "Lot tx", "Sale tx"]
            if fees { headers.insert("Sale fee", at: 6) }
            TextTable.write(
                headers: headers, leftAligned: fees ? [0, 1, 3, 4, 8, 11, 12, 13] : [0, 1, 3, 4, 7, 10, 11, 12],
                count: rows.shown(of: disposals.count), to: writer
            ) { index, row in cells(disposals[index], fees: fees, into: &row) }
            if let note = rows.note(
                rows: disposals.count, noun: "rows",
                seeAll: "`--all` shows every row here, `--format csv` writes them for a spreadsheet, `--year Y` keeps one year.")
            {
                writer.write(text: note)
            }
        }
        if fees {
            writer.write("Proceeds are net of the sale fee: gross proceeds are proceeds + sale fee.\n")
        }
        writer.write(text: EditMarks.legend(missingBasis: disposals.contains(where: \.missingBasis), edited: disposals.contains(where: \.edited)))
        for summary in summaries { writer.write(text: "\n" + text(summary, settings: settings)) }
    }

    /// A disposal's cells, in the headers' order, added to `row` as bytes (a table of a million rows makes no `String`
    /// per cell).
    static func cells(_ disposal: Disposal, fees: Bool, into row: inout TableCells) {
        let printed = disposal.printed
        row.append(disposal.dateDisposed)
        row.end()
        row.append(disposal.asset.symbol)
        if disposal.missingBasis || disposal.edited { row.append(EditMarks.suffix(missingBasis: disposal.missingBasis, edited: disposal.edited)) }
        row.end()
        row.append(decimal: disposal.quantity.fixed)
        row.end()
        row.append(disposal.dateAcquired)
        row.end()
        row.append(disposal.wallet.name)
        row.end()
        row.append(cents: printed.proceeds)
        row.end()
        if fees {
            if !printed.sellingCost.isZero { row.append(cents: printed.sellingCost) }
            row.end()
        }
        row.append(cents: printed.costBasis)
        row.end()
        row.append(disposal.adjustmentCode.rawValue)
        row.end()
        if disposal.adjustmentCode != .none { row.append(cents: printed.adjustment) }
        row.end()
        row.append(cents: printed.gain)
        row.end()
        row.append(disposal.term.rawValue)
        row.end()
        row.append(disposal.lotTransactionID)
        if disposal.matching != .lot && disposal.matching != .pool { row.append(" (\(disposal.matching.rawValue))") }
        row.end()
        row.append(disposal.disposalTransactionID)
        if disposal.kind != .sale && disposal.kind != .trade { row.append(" (\(disposal.kind.rawValue))") }
        row.end()
    }

    /// A year's summary as its country presents it (`YearPresentation`).
    static func text(_ s: YearSummary, settings: Settings) -> String {
        s.presentation.text(jurisdiction: settings.jurisdiction, filing: settings.filing)
    }
}
