import HarvestCore
import HarvestReports

/// `harvest gains` for people: a table of the disposal rows, then each year as its country presents it.
enum GainsText {
    static func render(_ disposals: [Disposal], summaries: [YearSummary], settings: Settings) -> String {
        var table = TextTable(
            headers: ["Sold", "Asset", "Quantity", "Acquired", "Wallet", "Proceeds", "Basis", "Gain", "Term", "Lot tx", "Sale tx"],
            leftAligned: [0, 1, 3, 4, 8, 9, 10])
        for disposal in disposals {
            let row = PrintedDisposal(disposal)
            table.add([
                disposal.dateDisposed.description,
                disposal.asset.symbol + EditMarks.suffix(missingBasis: disposal.missingBasis, edited: disposal.edited),
                disposal.quantity.description, disposal.dateAcquired.description, disposal.wallet.name,
                TextTable.money(row.proceeds), TextTable.money(row.costBasis), TextTable.money(row.gain), disposal.term.rawValue,
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
