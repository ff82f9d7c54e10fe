import Foundation
import HarvestCore
import HarvestImport
import HarvestReports
import HarvestStore

/// `harvest tx list|show` and `harvest imports`: the stored ledger for people (tables that fit 80 columns) and machines
/// (CSV and JSON with every figure exact).
enum LedgerText {
    /// A row of `tx list`: the transaction as the engine sees it, and its mark (edited, ignored, added, or empty).
    struct Listed {
        var transaction: Transaction
        var mark: String
    }

    // MARK: - tx list

    /// Widest cells of the list's table: with two spaces between columns the table stays within 80 columns.
    static let walletWidth = 9, amountWidth = 12

    /// The list as a table, row by row; on a terminal `shown` may leave rows out, with a note after the table.
    static func table(_ rows: [Listed], shown: TableRows, to writer: TextWriter) {
        TextTable.write(
            headers: ["Row", "Date", "Kind", "Wallet", "Sent", "Received", "Mark"], leftAligned: [0, 1, 2, 3, 6],
            count: shown.shown(of: rows.count), to: writer
        ) { index in
            let row = rows[index]
            let tx = row.transaction
            return [
                "#\(tx.sequence)", tx.date.description, EditLayer.typeText(tx), shortened(tx.wallet.name, to: walletWidth),
                short(tx.sent), short(tx.received), row.mark,
            ]
        }
        if let note = shown.note(
            rows: rows.count, noun: "transactions",
            seeAll: "`--all` shows every row here, `--format csv` writes them for a spreadsheet; --from, --to, --wallet, --asset and "
                + "--kind narrow the list.")
        {
            writer.write(text: note)
        }
    }

    static let csvHeader = [
        "row", "ref", "date", "timestamp", "kind", "income_type", "wallet", "sent_quantity", "sent_asset", "received_quantity",
        "received_asset", "fee_quantity", "fee_asset", "value", "fee_value", "to_wallet", "lot_ids", "file", "line", "mark", "note",
        // Added after the first release: at the end, so that scripts reading columns by position keep working.
        "received_value", "donor_acquired",
    ]

    /// Every figure exactly, one row per transaction, written row by row (a million rows are never one string).
    static func csv(_ rows: [Listed], to writer: TextWriter) {
        writer.write(text: csvHeader.joined(separator: ",") + "\n")
        for row in rows {
            for (index, value) in values(row).enumerated() {
                if index > 0 { writer.write(byte: UInt8(ascii: ",")) }
                if let value { writer.writeCSVField(value) }
            }
            writer.write(byte: 0x0A)
        }
    }

    /// `{"transactions":[…]}`, row by row: numbers for `row` and `line`, strings for the rest, null for an empty field.
    static func json(_ rows: [Listed], to writer: TextWriter) {
        writer.write("{\"transactions\":[")
        for (index, row) in rows.enumerated() {
            writer.write(index == 0 ? "{" : ",{")
            for (field, (name, value)) in zip(csvHeader, values(row)).enumerated() {
                if field > 0 { writer.write(byte: UInt8(ascii: ",")) }
                writer.writeJSONString(name)
                writer.write(byte: UInt8(ascii: ":"))
                if let value {
                    if name == "row" || name == "line" { writer.write(text: value) } else { writer.writeJSONString(value) }
                } else {
                    writer.write("null")
                }
            }
            writer.write(byte: UInt8(ascii: "}"))
        }
        writer.write("]}\n")
    }

    /// The values of `csvHeader`'s fields, in its order; nil for an empty one.
    static func values(_ row: Listed) -> [String?] {
        let tx = row.transaction
        return [
            String(tx.sequence), TransactionReference(tx).description, tx.date.description, iso(tx.timestamp), tx.kind.rawValue,
            tx.incomeType?.rawValue, tx.wallet.name, tx.sent?.quantity.description, tx.sent?.asset.symbol,
            tx.received?.quantity.description, tx.received?.asset.symbol, tx.fee?.quantity.description, tx.fee?.asset.symbol,
            tx.value?.description, tx.feeValue?.description, tx.toWallet?.name,
            tx.lotPicks.isEmpty ? nil : tx.lotPicks.map(\.description).joined(separator: ";"), tx.source?.file,
            tx.source.map { String($0.line) }, row.mark.isEmpty ? nil : row.mark, tx.note.isEmpty ? nil : tx.note,
            tx.receivedValue?.description, tx.donorAcquired?.description,
        ]
    }

    /// `text`, cut to `width` characters with an ellipsis.
    static func shortened(_ text: String, to width: Int) -> String {
        // Bytes bound characters from above: within `width` bytes, within `width` characters (the common, quick case).
        text.utf8.count <= width || text.count <= width ? text : String(text.prefix(max(1, width - 1))) + "…"
    }

    /// An amount within `amountWidth` characters: the asset cut to 6, the quantity rounded (half even) to the decimals
    /// that fit. Only a whole part too long to fit is left longer.
    static func short(_ amount: Amount?) -> String {
        guard let amount else { return "" }
        let symbol = shortened(amount.asset.symbol, to: 6)
        let room = amountWidth - 1 - symbol.count
        var quantity = NumberText.decimal(amount.quantity.fixed)
        if quantity.utf8.count > room, let dot = quantity.firstIndex(of: ".") {
            let whole = quantity.distance(from: quantity.startIndex, to: dot)
            let decimals = max(0, room - whole - 1)
            quantity = NumberText.formatted(amount.quantity.fixed, scale: decimals, .halfEven)
            // Bytes, not `contains(".")`: with Foundation imported that is a locale-aware search, the table's slowest step.
            if quantity.utf8.contains(UInt8(ascii: ".")) {
                while quantity.hasSuffix("0") { quantity.removeLast() }
                if quantity.hasSuffix(".") { quantity.removeLast() }
            }
        }
        return quantity + " " + symbol
    }

    /// `2024-01-11T15:00:00Z`, with milliseconds when there are any.
    static func iso(_ instant: Instant) -> String {
        let date = instant.date()
        let milliseconds = Int(instant.millisecondsSinceEpoch - Int64(date.daysSinceEpoch) * 86_400_000)
        let seconds = milliseconds / 1000
        func pad(_ value: Int, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let fraction = milliseconds % 1000 == 0 ? "" : "." + pad(milliseconds % 1000, 3)
        return "\(date)T\(pad(seconds / 3600)):\(pad(seconds / 60 % 60)):\(pad(seconds % 60))\(fraction)Z"
    }

    // MARK: - imports

    static func batchTable(_ batches: [ImportBatch]) -> String {
        var table = TextTable(headers: ["Batch", "Imported", "Source", "File", "Added", "Dups", "Confl", "Stored"], leftAligned: [1, 2, 3])
        for batch in batches {
            let imported = batch.importedAt.prefix(16).replacingOccurrences(of: "T", with: " ")
            let file = (batch.file as NSString).lastPathComponent
            table.add([
                String(batch.id), imported, shortened(batch.source, to: 10), shortened(file, to: 16), String(batch.added),
                String(batch.duplicates), String(batch.conflicts), String(batch.stored),
            ])
        }
        return table.render()
    }

    static let batchHeader = ["batch", "file", "source", "imported_at", "added", "duplicates", "conflicts", "stored"]

    static func batchCSV(_ batches: [ImportBatch]) -> String {
        batchHeader.joined(separator: ",") + "\n" + batches.map { batch in
            CSV.spreadsheetRow([String(batch.id), batch.file, batch.source, batch.importedAt, String(batch.added), String(batch.duplicates),
                     String(batch.conflicts), String(batch.stored)])
        }.joined()
    }

    static func batchJSON(_ batches: [ImportBatch]) -> String {
        JSON.object([("imports", JSON.array(batches.map { batch in
            JSON.object([
                ("batch", String(batch.id)), ("file", JSON.string(batch.file)), ("source", JSON.string(batch.source)),
                ("imported_at", JSON.string(batch.importedAt)), ("added", String(batch.added)), ("duplicates", String(batch.duplicates)),
                ("conflicts", String(batch.conflicts)), ("stored", String(batch.stored)),
            ])
        }))]) + "\n"
    }
}
