import HarvestCore
import HarvestImport
import HarvestStore

/// The user's corrections (`harvest tx edit|ignore`) laid over the stored rows: the one place an edit becomes part of the
/// history (`Workspace.history` calls `apply`).
///
/// An edit holds changed Harvest CSV fields as the user wrote them. It is applied by writing the row as it was imported as
/// a Harvest CSV line, putting the changed fields in, and reading the line back with the importer: a changed field is
/// checked exactly as an imported one (a number, a kind, a timestamp read in today's tax time zone, the sides a kind
/// needs), and only the changed fields are taken from what is read. The rest of the row stays as imported, bit for bit.
struct EditLayer {
    /// The fields an edit may change: the Harvest CSV's columns less `tx_id` (part of the row's identity) and `note`
    /// (the edit has its own note, the user's reason).
    static let fields = [
        "timestamp", "type", "wallet", "sent_quantity", "sent_asset", "received_quantity", "received_asset", "fee_quantity",
        "fee_asset", "value", "fee_value", "to_wallet", "lot_ids", "received_value", "donor_acquired",
    ]

    /// Edits of stored rows, by row number; dormant edits (rows not stored) play no part.
    let edits: [Int: TransactionEdit]

    init(_ edits: [TransactionEdit]) {
        var byRow: [Int: TransactionEdit] = [:]
        for edit in edits {
            if let rowID = edit.rowID { byRow[Int(rowID)] = edit }
        }
        self.edits = byRow
    }

    /// The history with the edits applied: changed fields replaced, ignored rows left out, rows whose time changed moved
    /// to their place in time order.
    /// - Parameters:
    ///   - transactions: the stored rows in time order, as `SQLiteStore.loadTransactions` reads them (taken, not copied).
    ///   - settings: the tax time zone reads changed timestamps; a changed value counts only in the base currency it was
    ///     written in.
    /// - Throws: `CommandFailure.data` naming the row when an edit no longer fits its row (the row was imported again
    ///   with other content after `imports undo`).
    func apply(to transactions: consuming [Transaction], _ settings: Settings) throws -> [Transaction] {
        guard !edits.isEmpty else { return transactions }
        // Rows to take out: the ignored ones, and those whose time changed (put back in their place below).
        var leaving = Set<Int>()
        var moved: [Transaction] = []
        for index in transactions.indices {
            guard let edit = edits[transactions[index].sequence] else { continue }
            if edit.ignored {
                leaving.insert(transactions[index].sequence)
                continue
            }
            let changes = EditLayer.changes(edit, baseCurrency: settings.jurisdiction.baseCurrency)
            guard !changes.isEmpty else { continue }
            let original = transactions[index]
            do {
                transactions[index] = try EditLayer.applying(changes, to: original, zone: settings.zone)
            } catch {
                throw CommandFailure.data(
                    "error: your edit of #\(original.sequence) \(edit.key) no longer fits the row: "
                        + error.errors.map { "\($0.column): \($0.message)" }.joined(separator: "; "),
                    "fix it with `harvest tx edit \(original.sequence) --set FIELD=VALUE`, "
                        + "or drop it with `harvest tx edit \(original.sequence) --reset`")
            }
            if transactions[index].timestamp != original.timestamp {
                leaving.insert(original.sequence)
                moved.append(transactions[index])
            }
        }
        guard !leaving.isEmpty else { return transactions }
        transactions.removeAll { leaving.contains($0.sequence) }
        // A few moved rows are inserted where they belong (a binary search each); many, sorted in.
        func precedes(_ a: Transaction, _ b: Transaction) -> Bool { (a.timestamp, a.sequence) < (b.timestamp, b.sequence) }
        if moved.count > 64 {
            transactions += moved
            transactions.sort(by: precedes)
            return transactions
        }
        for tx in moved {
            var low = 0, high = transactions.count
            while low < high {
                let middle = (low + high) / 2
                if precedes(tx, transactions[middle]) { high = middle } else { low = middle + 1 }
            }
            transactions.insert(tx, at: low)
        }
        return transactions
    }

    /// The changes of `edit` that count under `baseCurrency`: a value written in another base currency is dropped (the
    /// row is priced instead), as an imported row's value is.
    static func changes(_ edit: TransactionEdit, baseCurrency: Asset) -> [String: String] {
        guard let currency = edit.valueCurrency, currency != baseCurrency.symbol else { return edit.changes }
        return edit.changes.filter { $0.key != "value" && $0.key != "fee_value" && $0.key != "received_value" }
    }

    /// The Harvest CSV cells of `tx` as it was read, by column; the timestamp is its tax day (a valid cell: only a changed
    /// timestamp is taken from what is read back).
    static func cells(of tx: Transaction) -> [String: String] {
        [
            "timestamp": tx.date.description, "type": typeText(tx), "wallet": tx.wallet.name,
            "sent_quantity": tx.sent?.quantity.description ?? "", "sent_asset": tx.sent?.asset.symbol ?? "",
            "received_quantity": tx.received?.quantity.description ?? "", "received_asset": tx.received?.asset.symbol ?? "",
            "fee_quantity": tx.fee?.quantity.description ?? "", "fee_asset": tx.fee?.asset.symbol ?? "",
            "value": tx.value?.description ?? "", "to_wallet": tx.toWallet?.name ?? "", "tx_id": tx.id, "note": tx.note,
            "fee_value": tx.feeValue?.description ?? "", "lot_ids": tx.lotPicks.map(\.description).joined(separator: ";"),
            "received_value": tx.receivedValue?.description ?? "", "donor_acquired": tx.donorAcquired?.description ?? "",
        ]
    }

    /// The kind as the Harvest CSV's `type` names it: an income's type (staking, ...) stands for `income`.
    static func typeText(_ tx: Transaction) -> String {
        if tx.kind == .income, let type = tx.incomeType, type != .other { return type.rawValue }
        return tx.kind.rawValue
    }

    /// `transaction` with `changes` (Harvest CSV column → text) applied, checked as the importer checks a row.
    /// - Throws: the importer's errors, one per bad field (the column and a message naming the value).
    static func applying(_ changes: [String: String], to transaction: Transaction, zone: TaxTimeZone) throws(ImportFailure) -> Transaction {
        let columns = HarvestCSV.columns + HarvestCSV.extensionColumns
        let tx = transaction
        let imported = cells(of: tx)
        let cells = columns.map { changes[$0] ?? imported[$0] ?? "" }
        let text = columns.joined(separator: ",") + "\n" + CSV.row(cells)
        let parsed = try HarvestCSV.parse(text, file: "edit", zone: zone)
        guard let read = parsed.rows.first?.transaction else {
            throw ImportFailure([ImportError(file: "edit", line: 2, column: "", message: "the row does not read back")])
        }
        var result = tx
        func changed(_ names: String...) -> Bool { names.contains { changes[$0] != nil } }
        if changed("timestamp") {
            result.timestamp = read.timestamp
            result.date = read.date
        }
        if changed("type") {
            result.kind = read.kind
            result.incomeType = read.incomeType
        }
        if changed("wallet") { result.wallet = read.wallet }
        if changed("sent_quantity", "sent_asset") { result.sent = read.sent }
        if changed("received_quantity", "received_asset") { result.received = read.received }
        if changed("fee_quantity", "fee_asset") { result.fee = read.fee }
        if changed("value") { result.value = read.value }
        if changed("fee_value") { result.feeValue = read.feeValue }
        if changed("to_wallet") { result.toWallet = read.toWallet }
        if changed("lot_ids") { result.lotPicks = read.lotPicks }
        if changed("received_value") { result.receivedValue = read.receivedValue }
        if changed("donor_acquired") { result.donorAcquired = read.donorAcquired }
        result.edited = true
        return result
    }
}
