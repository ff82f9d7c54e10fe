import HarvestCore
import HarvestReports

/// `harvest gains` for people: a table of the disposal rows, then each year as its country presents it.
///
/// Each row is printed as every report prints it (`PrintedDisposal`): proceeds − basis + adjustment = gain, to the cent,
/// with the adjustment's code (W: a wash sale's disallowed loss; SL: a superficial loss denied) and amount between basis
/// and gain, so a row adds up on screen. The year summaries below add the same printed rows.
enum GainsText {
    ///
    /// When a row has a selling cost (the fee of the sale), a `Sale fee` column shows it after the proceeds (which are net of
    /// it, as the gains CSV's are), so that a year summary giving gross proceeds (UK, Canada, Australia, Germany) adds up
    /// from the table too: gross = proceeds + sale fee.
    static func render(_ disposals: [Disposal], summaries: [YearSummary], settings: Settings) -> String {
        let fees = disposals.contains { !$0.sellingCost.isZero }
        var headers = ["Sold", "Asset", "Quantity", "Acquired", "Wallet", "Proceeds", "Basis", "Adj", "Adjustment", "Gain", "Term", "Lot tx",
                       "Sale tx"]
        if fees { headers.insert("Sale fee", at: 6) }
        var table = TextTable(headers: headers, leftAligned: fees ? [0, 1, 3, 4, 8, 11, 12, 13] : [0, 1, 3, 4, 7, 10, 11, 12])
        for disposal in disposals {
            let row = PrintedDisposal(disposal)
            var cells = [
                disposal.dateDisposed.description,
                disposal.asset.symbol + EditMarks.suffix(missingBasis: disposal.missingBasis, edited: disposal.edited),
                disposal.quantity.description, disposal.dateAcquired.description, disposal.wallet.name,
                TextTable.money(row.proceeds), TextTable.money(row.costBasis), disposal.adjustmentCode.rawValue,
                disposal.adjustmentCode == .none ? "" : TextTable.money(row.adjustment), TextTable.money(row.gain), disposal.term.rawValue,
                disposal.lotTransactionID + (disposal.matching == .lot || disposal.matching == .pool ? "" : " (\(disposal.matching.rawValue))"),
                disposal.disposalTransactionID + (disposal.kind == .sale || disposal.kind == .trade ? "" : " (\(disposal.kind.rawValue))"),
            ]
            if fees { cells.insert(row.sellingCost.isZero ? "" : TextTable.money(row.sellingCost), at: 6) }
            table.add(cells)
        }
        var out = disposals.isEmpty ? "No disposals.\n" : table.render()
        if fees {
            out += "Proceeds are net of the sale fee: gross proceeds are proceeds + sale fee.\n"
        }
        out += EditMarks.legend(missingBasis: disposals.contains(where: \.missingBasis), edited: disposals.contains(where: \.edited))
        for summary in summaries { out += "\n" + text(summary, settings: settings) }
        return out
    }

    /// A year's summary as its country presents it (`YearPresentation`).
    static func text(_ s: YearSummary, settings: Settings) -> String {
        s.presentation.text(jurisdiction: settings.jurisdiction, filing: settings.filing)
    }
}
