import HarvestCore
import HarvestReports

/// The gains CSV and JSON as they were written before they streamed (main at fe3690f, `GainsCSV.write` and
/// `GainsJSON.write`): each row a `String` of joined fields, the document one `String`. Kept here, unchanged, as the
/// reference the streamed writers must match byte for byte.
enum WholeDocument {
    static func gainsCSV(_ disposals: [Disposal]) -> String {
        let flagged = disposals.contains { $0.missingBasis }
        let pooled = disposals.contains { $0.matching != .lot }
        let edited = disposals.contains { $0.edited }
        let sellingCosts = disposals.contains { !$0.sellingCost.isZero }
        var out = (GainsCSV.header + (pooled ? ["rule"] : []) + (flagged ? ["missing_basis"] : []) + (edited ? ["edited"] : [])
            + (sellingCosts ? ["selling_cost"] : []))
            .joined(separator: ",") + "\n"
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
        }
        return out
    }

    static func gainsJSON(
        _ disposals: [Disposal], summaries: [YearSummary], warnings: [String],
        sources: (Disposal) -> (lot: SourceLocation?, disposal: SourceLocation?) = { _ in (nil, nil) },
        valuedBy: (Disposal) -> (lot: ValuationSource?, disposal: ValuationSource?) = { _ in (nil, nil) }
    ) -> String {
        let rows = disposals.map { d in
            let (lotSource, disposalSource) = sources(d)
            let (lotValuation, disposalValuation) = valuedBy(d)
            return JSON.object([
                ("asset", JSON.string(d.asset.symbol)), ("wallet", JSON.string(d.wallet.name)),
                ("quantity", JSON.string(d.quantity.description)), ("date_acquired", JSON.string(d.dateAcquired.description)),
                ("date_disposed", JSON.string(d.dateDisposed.description)), ("proceeds", JSON.string(d.proceeds.description)),
                ("cost_basis", JSON.string(d.costBasis.description)), ("adjustment", JSON.string(d.adjustment.description)),
                ("adjustment_code", JSON.string(d.adjustmentCode.rawValue)), ("gain", JSON.string(d.gain.description)),
                ("selling_cost", JSON.string(d.sellingCost.description)),
                ("term", JSON.string(d.term.rawValue)), ("tax_year", String(d.taxYear)), ("kind", JSON.string(d.kind.rawValue)),
                ("lot_tx_id", JSON.string(d.lotTransactionID)), ("disposal_tx_id", JSON.string(d.disposalTransactionID)),
                ("lot_source", lotSource.map { JSON.string($0.description) } ?? "null"),
                ("disposal_source", disposalSource.map { JSON.string($0.description) } ?? "null"),
                ("missing_basis", d.missingBasis ? "true" : "false"), ("edited", d.edited ? "true" : "false"),
                ("rule", JSON.string(d.matching.rawValue)),
                ("lot_valued_by", lotValuation.map { JSON.string($0.description) } ?? "null"),
                ("disposal_valued_by", disposalValuation.map { JSON.string($0.description) } ?? "null"),
            ])
        }
        return JSON.object([
            ("disposals", JSON.array(rows)),
            ("years", JSON.array(summaries.map(GainsJSON.summaryJSON))),
            ("warnings", JSON.array(warnings.map(JSON.string))),
        ]) + "\n"
    }
}
