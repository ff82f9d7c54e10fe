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

    /// The whole CSV as one string: for tests and small histories (the CLI streams, `write(_:to:)`).
    public static func write(_ disposals: [Disposal]) -> String {
        TextWriter.text { write(disposals, to: $0) }
    }

    /// Writes the CSV to `writer` row by row (a million rows are about 92 MB: never one string).
    public static func write(_ disposals: [Disposal], to writer: TextWriter) {
        let traits = DisposalTraits(disposals)
        writeHeader(traits, to: writer)
        writeRows(disposals, traits, to: writer)
    }

    /// The header line for rows with `traits` (the optional columns they need).
    public static func writeHeader(_ traits: DisposalTraits, to writer: TextWriter) {
        let columns = header + (traits.contains(.notLotMatched) ? ["rule"] : []) + (traits.contains(.missingBasis) ? ["missing_basis"] : [])
            + (traits.contains(.edited) ? ["edited"] : []) + (traits.contains(.sellingCost) ? ["selling_cost"] : [])
        writer.write(text: columns.joined(separator: ",") + "\n")
    }

    /// Rows under the header of `traits` (which must include every one of theirs): a document written a part at a time.
    public static func writeRows(_ disposals: [Disposal], _ traits: DisposalTraits, to writer: TextWriter) {
        let pooled = traits.contains(.notLotMatched), flagged = traits.contains(.missingBasis), edited = traits.contains(.edited)
        let sellingCosts = traits.contains(.sellingCost)
        for disposal in disposals {
            let row = disposal.printed
            writer.writeCSVField(disposal.asset.symbol)
            writer.write(byte: UInt8(ascii: ","))
            writer.writeCSVField(disposal.wallet.name)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(decimal: disposal.quantity)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(disposal.dateAcquired)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(disposal.dateDisposed)
            // Printed figures are cents already: toward zero only writes them with two decimals.
            writer.write(byte: UInt8(ascii: ","))
            writer.write(row.proceeds, scale: 2, .towardZero)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(row.costBasis, scale: 2, .towardZero)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(row.adjustment, scale: 2, .towardZero)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(row.gain, scale: 2, .towardZero)
            writer.write(byte: UInt8(ascii: ","))
            writer.write(text: disposal.term.rawValue)
            writer.write(byte: UInt8(ascii: ","))
            writer.writeCSVField(disposal.lotTransactionID)
            writer.write(byte: UInt8(ascii: ","))
            writer.writeCSVField(disposal.disposalTransactionID)
            if pooled {
                writer.write(byte: UInt8(ascii: ","))
                writer.write(text: disposal.matching.rawValue)
            }
            if flagged { writer.write(disposal.missingBasis ? ",true" : ",false") }
            if edited { writer.write(disposal.edited ? ",true" : ",false") }
            if sellingCosts {
                writer.write(byte: UInt8(ascii: ","))
                writer.write(row.sellingCost, scale: 2, .towardZero)
            }
            writer.write(byte: 0x0A)
        }
    }
}
