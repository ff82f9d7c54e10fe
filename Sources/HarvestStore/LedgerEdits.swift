import Foundation
internal import GRDB
import HarvestCore

/// A stored row's identity across imports, what makes a re-import a no-op (DESIGN.md "tx_id"): the format it was read
/// as, its wallet, and the source's transaction id.
public struct RowKey: Sendable, Hashable, CustomStringConvertible {
    public var source: String
    public var wallet: String
    public var externalID: String

    public init(source: String, wallet: String, externalID: String) {
        self.source = source
        self.wallet = wallet
        self.externalID = externalID
    }

    /// `wallet/id`, as `TransactionReference` writes it.
    public var description: String { "\(wallet)/\(externalID)" }
}

/// The user's correction of one stored row (`harvest tx edit|ignore`), layered over the row as imported: the row itself
/// never changes, so a re-import finds it unchanged and the edit still applies.
public struct TransactionEdit: Sendable, Hashable {
    public var key: RowKey
    /// The changed fields only, by Harvest CSV column name, as the user wrote them; "" clears an optional field.
    public var changes: [String: String]
    /// The base currency `value` and `fee_value` were written in, when either is changed.
    public var valueCurrency: String?
    /// The history leaves the row out.
    public var ignored: Bool
    /// The user's reason.
    public var note: String
    public var createdAt: String
    public var updatedAt: String
    /// The stored row the edit applies to now; nil when no row with `key` is stored (removed by `imports undo`): the
    /// edit is dormant until the row is imported again.
    public var rowID: Int64?

    public init(
        key: RowKey, changes: [String: String] = [:], valueCurrency: String? = nil, ignored: Bool = false, note: String = "",
        createdAt: String, updatedAt: String? = nil, rowID: Int64? = nil
    ) {
        self.key = key
        self.changes = changes
        self.valueCurrency = valueCurrency
        self.ignored = ignored
        self.note = note
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.rowID = rowID
    }

    /// Nothing is left to keep: no changed field, not ignored, no note.
    public var isEmpty: Bool { changes.isEmpty && !ignored && note.isEmpty }
}

/// Where a stored row came from: what `harvest tx show` tells besides the transaction.
public struct StoredRow: Sendable, Hashable {
    /// The row number (`#123`), which is also the loaded transaction's `sequence`.
    public var rowID: Int64
    public var key: RowKey
    public var batchID: Int64
    /// The file as named at import, and the row's line there (nil when the row carried none, e.g. `harvest tx add`).
    public var file: String
    public var line: Int?
    /// The timestamp as written in the file.
    public var timestampText: String
    /// The currency the file wrote the row's value in (nil: the base currency at import).
    public var valueCurrency: String?
    /// The value as stored, in `valueCurrency`: the engine drops it when that is not the base currency in force.
    public var writtenValue: String?
}

/// One `import` (or `tx add`): its file, when, what it did, and how many of its rows are still stored.
public struct ImportBatch: Sendable, Hashable {
    public var id: Int64
    public var file: String
    public var source: String
    public var importedAt: String
    public var added: Int
    public var duplicates: Int
    public var conflicts: Int
    public var stored: Int
}

/// What `undoImport` removed, and what it left dormant.
public struct UndoneImport: Sendable, Hashable {
    public var batch: ImportBatch
    /// Rows deleted.
    public var removed: Int
    /// Edits of removed rows, kept (keyed by the rows' dedupe key): they apply again if the rows are imported again.
    public var dormantEdits: Int
    /// Transfer decisions naming a removed row, kept: stale until the row is imported again.
    public var dormantDecisions: Int
}

/// A stored transfer decision with when it was made.
public struct TransferDecision: Sendable, Hashable {
    public var link: TransferLink
    public var createdAt: String
}

extension SQLiteStore {
    // MARK: - Edits

    /// Every edit, oldest first, with the row it applies to now (nil for a dormant one).
    /// - Throws: `StoreError.corruptRow` when an edit's changes do not read back.
    public func transactionEdits() throws -> [TransactionEdit] {
        try dbQueue.read { db in try fetchEdits(db, where: "") }
    }

    /// The edit of the row `key`, or nil.
    public func transactionEdit(_ key: RowKey) throws -> TransactionEdit? {
        try dbQueue.read { db in
            try fetchEdits(db, where: "WHERE e.source = ? AND e.wallet = ? AND e.externalID = ?",
                           arguments: [key.source, key.wallet, key.externalID]).first
        }
    }

    /// Stores `edit` in place of the row's earlier one (keeping when it was first made); an empty edit is removed.
    public func saveTransactionEdit(_ edit: TransactionEdit) throws {
        let changes = try SQLiteStore.encode(edit.changes)
        try write { db in
            if edit.isEmpty {
                try db.execute(sql: "DELETE FROM txEdit WHERE source = ? AND wallet = ? AND externalID = ?",
                               arguments: [edit.key.source, edit.key.wallet, edit.key.externalID])
                return
            }
            try db.execute(
                sql: """
                    INSERT INTO txEdit (source, wallet, externalID, changes, valueCurrency, ignored, note, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source, wallet, externalID) DO UPDATE SET
                      changes = excluded.changes, valueCurrency = excluded.valueCurrency, ignored = excluded.ignored,
                      note = excluded.note, updatedAt = excluded.updatedAt
                    """,
                arguments: [edit.key.source, edit.key.wallet, edit.key.externalID, changes, edit.valueCurrency, edit.ignored, edit.note,
                            edit.createdAt, edit.updatedAt])
        }
    }

    /// Forgets the edit of the row `key`; false when there was none.
    public func removeTransactionEdit(_ key: RowKey) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM txEdit WHERE source = ? AND wallet = ? AND externalID = ?",
                           arguments: [key.source, key.wallet, key.externalID])
            return db.changesCount > 0
        }
    }

    private func fetchEdits(_ db: Database, where condition: String, arguments: StatementArguments = []) throws -> [TransactionEdit] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.rowid, e.source, e.wallet, e.externalID, e.changes, e.valueCurrency, e.ignored, e.note, e.createdAt, e.updatedAt, l.id
            FROM txEdit e LEFT JOIN ledgerTransaction l ON l.source = e.source AND l.wallet = e.wallet AND l.externalID = e.externalID
            \(condition) ORDER BY e.createdAt, e.rowid
            """, arguments: arguments)
        var edits: [TransactionEdit] = []
        while let row = try rows.next() {
            let text: String = row[4]
            guard let changes = SQLiteStore.decode(text) else {
                throw StoreError.corruptRow(table: "txEdit", rowID: row[0], column: "changes", value: text)
            }
            edits.append(TransactionEdit(
                key: RowKey(source: row[1], wallet: row[2], externalID: row[3]), changes: changes, valueCurrency: row[5], ignored: row[6],
                note: row[7], createdAt: row[8], updatedAt: row[9], rowID: row[10]))
        }
        return edits
    }

    /// Changes as a JSON object with sorted keys: the same edit is the same text.
    static func encode(_ changes: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(changes), as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String]? { try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) }

    // MARK: - Stored rows

    private static let storedRowSQL = """
        SELECT id, source, wallet, externalID, importBatchId, file, line, timestampText, valueCurrency, value FROM ledgerTransaction
        """

    private static func storedRow(_ row: Row) -> StoredRow {
        StoredRow(
            rowID: row[0], key: RowKey(source: row[1], wallet: row[2], externalID: row[3]), batchID: row[4], file: row[5], line: row[6],
            timestampText: row[7], valueCurrency: row[8], writtenValue: StoredDecimal.value(row[9] as DatabaseValue)?.description)
    }

    /// The row numbered `rowID`, or nil.
    public func storedRow(_ rowID: Int64) throws -> StoredRow? {
        try dbQueue.read { db in
            try Row.fetchOne(db, sql: SQLiteStore.storedRowSQL + " WHERE id = ?", arguments: [rowID]).map(SQLiteStore.storedRow)
        }
    }

    /// The rows a user's reference may name, best match first: those whose `wallet/id` is `text`; else those whose id is
    /// `text`; else those whose id starts with `text` (at most `limit`). Reads the whole table (the dedupe index leads
    /// with the source, which a reference does not name), a fraction of a second for a million rows.
    public func storedRows(matching text: String, limit: Int = 20) throws -> [StoredRow] {
        try dbQueue.read { db in
            let exact = try Row.fetchAll(
                db, sql: SQLiteStore.storedRowSQL + " WHERE wallet || '/' || externalID = ? ORDER BY id LIMIT ?", arguments: [text, limit])
            if !exact.isEmpty { return exact.map(SQLiteStore.storedRow) }
            let byID = try Row.fetchAll(db, sql: SQLiteStore.storedRowSQL + " WHERE externalID = ? ORDER BY id LIMIT ?", arguments: [text, limit])
            if !byID.isEmpty { return byID.map(SQLiteStore.storedRow) }
            return try Row.fetchAll(
                db, sql: SQLiteStore.storedRowSQL + " WHERE substr(externalID, 1, length(?1)) = ?1 ORDER BY id LIMIT ?2",
                arguments: [text, limit]
            ).map(SQLiteStore.storedRow)
        }
    }

    /// The numbers of the rows read as `source` (e.g. `manual`: the rows added by `harvest tx add`).
    public func rowIDs(source: String) throws -> [Int64] {
        try dbQueue.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM ledgerTransaction WHERE source = ? ORDER BY id", arguments: [source]) }
    }

    /// The rows numbered `rowIDs` as the engine reads them (see `loadTransactions`), in time order.
    public func loadTransactions(rowIDs: [Int64], zone: (any CivilTimeZone)? = nil, baseCurrency: Asset? = nil) throws -> [Transaction] {
        guard !rowIDs.isEmpty else { return [] }
        return try dbQueue.read { db in
            var decoder = TransactionColumns.Decoder(zone: zone, baseCurrency: baseCurrency)
            var transactions: [Transaction] = []
            let statement = try FastStatement(db, sql: TransactionColumns.selectSQL + " WHERE id = ?")
            defer { statement.finish() }
            for rowID in rowIDs {
                statement.reset()
                statement.bind(1, rowID)
                if try statement.step() { transactions.append(try decoder.transaction(statement)) }
            }
            return transactions.sorted { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
        }
    }

    // MARK: - Import batches

    private static let batchSQL = """
        SELECT b.id, b.file, b.source, b.importedAt, b.added, b.duplicates, b.conflicts, coalesce(c.stored, 0) + coalesce(d.stored, 0)
        FROM importBatch b LEFT JOIN (SELECT importBatchId, COUNT(*) AS stored FROM ledgerTransaction GROUP BY importBatchId) c
          ON c.importBatchId = b.id
        LEFT JOIN (SELECT importBatchId, COUNT(*) AS stored FROM derivativeEvent GROUP BY importBatchId) d ON d.importBatchId = b.id
        """

    private static func batch(_ row: Row) -> ImportBatch {
        ImportBatch(id: row[0], file: row[1], source: row[2], importedAt: row[3], added: row[4], duplicates: row[5], conflicts: row[6],
                    stored: row[7])
    }

    /// Every import batch, oldest first, with how many of its rows are still stored.
    public func importBatches() throws -> [ImportBatch] {
        try dbQueue.read { db in try Row.fetchAll(db, sql: SQLiteStore.batchSQL + " ORDER BY b.id").map(SQLiteStore.batch) }
    }

    /// The batch numbered `id`, or nil.
    public func importBatch(_ id: Int64) throws -> ImportBatch? {
        try dbQueue.read { db in try Row.fetchOne(db, sql: SQLiteStore.batchSQL + " WHERE b.id = ?", arguments: [id]).map(SQLiteStore.batch) }
    }

    /// Removes batch `id` and every row it added, in one database transaction: all of it or, on any error, nothing.
    ///
    /// Edits and transfer decisions about the removed rows are kept: keyed by the rows' identity, not their number, they
    /// apply again when the same rows are imported again (and `harvest transfers` reports the decisions stale meanwhile).
    /// - Returns: what was removed; nil when there is no such batch.
    public func undoImport(_ id: Int64) throws -> UndoneImport? {
        try write { db in
            guard let batch = try Row.fetchOne(db, sql: SQLiteStore.batchSQL + " WHERE b.id = ?", arguments: [id]).map(SQLiteStore.batch) else {
                return nil
            }
            // Every row of a batch has the batch's source: the probes below use the dedupe index (source, wallet, id).
            let arguments: StatementArguments = ["source": batch.source, "batch": id]
            let edits = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM txEdit e WHERE e.source = :source AND EXISTS (
                  SELECT 1 FROM ledgerTransaction l
                  WHERE l.source = :source AND l.wallet = e.wallet AND l.externalID = e.externalID AND l.importBatchId = :batch)
                """, arguments: arguments) ?? 0
            let decisions = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM transferLink t
                WHERE EXISTS (SELECT 1 FROM ledgerTransaction l
                              WHERE l.source = :source AND l.wallet = t.wallet AND l.externalID = t.txId AND l.importBatchId = :batch)
                   OR EXISTS (SELECT 1 FROM ledgerTransaction l
                              WHERE l.source = :source AND l.wallet = t.otherWallet AND l.externalID = t.otherTxId AND l.importBatchId = :batch)
                """, arguments: arguments) ?? 0
            try db.execute(sql: "DELETE FROM ledgerTransaction WHERE importBatchId = ?", arguments: [id])
            var removed = db.changesCount
            // The file's derivative events too (their instruments stay: other files may name them).
            try db.execute(sql: "DELETE FROM derivativeEvent WHERE importBatchId = ?", arguments: [id])
            removed += db.changesCount
            try db.execute(sql: "DELETE FROM importBatch WHERE id = ?", arguments: [id])
            return UndoneImport(batch: batch, removed: removed, dormantEdits: edits, dormantDecisions: decisions)
        }
    }
}
