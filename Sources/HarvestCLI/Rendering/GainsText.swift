import HarvestCore
import HarvestReports

/// `harvest gains` for people: a table of the disposal rows, then each year as its country presents it.
///
/// Each row is printed as every report prints it (`PrintedDisposal`): proceeds − basis + adjustment = gain, to the cent,
/// with the adjustment's code (W: a wash sale's disallowed loss; SL: a superficial loss denied) and amount between basis
/// and gain, so a row adds up on screen. The year summaries below add the same printed rows.
enum GainsText {
    static func render(_ disposals: [Disposal], summaries: [YearSummary], settings: Settings) -> String {
        var table = TextTable(
            headers: ["Sold", "Asset", "Quantity", "Acquired", "Wallet", "Proceeds", "Basis", "Adj", "Adjustment", "Gain", "Term", "Lot tx",
                      "Sale tx"],
            leftAligned: [0, 1, 3, 4, 7, 10, 11, 12])
        for disposal in disposals {
            let row = PrintedDisposal(disposal)
            table.add([
                disposal.dateDisposed.description,
                disposal.asset.symbol + EditMarks.suffix(missingBasis: disposal.missingBasis, edited: disposal.edited),
                disposal.quantity.description, disposal.dateAcquired.description, disposal.wallet.name,
                TextTable.money(row.proceeds), TextTable.money(row.costBasis), disposal.adjustmentCode.rawValue,
                disposal.adjustmentCode == .none ? "" : TextTable.money(row.adjustment), TextTable.money(row.gain), disposal.term.rawValue,
                disposal.lotTransactionID + (disposal.matching == .lot || disposal.matching == .pool ? "" : " (\(disposal.matching.rawValue))"),
                disposal.disposalTransactionID + (disposal.kind == .sale || disposal.kind == .trade ? "" : " (\(disposal.kind.rawValue))"),
            ])
        }
        var out = disposals.isEmpty ? "No disposals.\n" : table.render()
        out += EditMarks.legend(missingBasis: disposals.contains(where: \.missingBasis), edited: disposals.contains(where: \.edited))
        for summary in summaries { out += "\n" + text(summary, settings: settings) }
        return out
    }

    /// A year's summary as its country presents it (`YearPresentation`).
    static func text(_ s: YearSummary, settings: Settings) -> String {
        s.presentation.text(jurisdiction: settings.jurisdiction, filing: settings.filing)
    }
}
