import HarvestCore

/// `harvest gains --format csv` (DESIGN.md "Gains CSV").
///
/// The columns are DESIGN.md's, in its order. Under pooled rules (UK, Canada) a column `rule` is appended: how
/// each row was matched (`same_day`, `30_day`, or `pool`, whose `lot_tx_id` is `pool` and `date_acquired` the day
/// the pool last started); `term` is `long` on every such row (one class of gains). When a row rests on assumed
/// zero-basis units (`--allow-missing-basis`), a column `missing_basis` is added, `true` on those rows; when a row rests on
/// a transaction the user edited (`harvest tx edit`), a column `edited` is added, `true` on those rows. When a row has a
/// selling cost (the fee of its sale, trade or spend), a last column `selling_cost` is added: the fee `proceeds` is net
/// of (DESIGN.md: proceeds are net of fees), so `proceeds + selling_cost` is the gross proceeds that the UK, Canadian
/// and German returns ask for. Histories without any of these keep exactly DESIGN.md's columns.
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
        let edited = disposals.contains { $0.edited }
        let sellingCosts = disposals.contains { !$0.sellingCost.isZero }
        var out = (header + (pooled ? ["rule"] : []) + (flagged ? ["missing_basis"] : []) + (edited ? ["edited"] : [])
            + (sellingCosts ? ["selling_cost"] : []))
            .joined(separator: ",") + "\n"
        out.reserveCapacity(1 << 20)
        for disposal in disposals {
            let row = PrintedDisposal(disposal)
            out += CSV.field(disposal.asset.symbol)
            out += ","
            out += CSV.field(disposal.wallet.name)
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
            out += CSV.field(disposal.lotTransactionID)
            out += ","
            out += CSV.field(disposal.disposalTransactionID)
            if pooled {
                out += ","
                out += disposal.matching.rawValue
            }
            if flagged { out += disposal.missingBasis ? ",true" : ",false" }
            if edited { out += disposal.edited ? ",true" : ",false" }
            if sellingCosts {
                out += ","
                out += row.sellingCost.formatted(scale: 2, .towardZero)
            }
            out += "\n"
            if out.utf8.count >= 1 << 20 {
                emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        emit(out)
    }
}
