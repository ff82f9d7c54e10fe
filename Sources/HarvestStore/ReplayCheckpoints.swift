import Foundation
internal import GRDB
internal import GRDBSQLite
import HarvestCore

/// The replay's checkpoints (migration `v7-replay-checkpoints`): named parts of bytes under a key that the caller makes
/// from everything that can change a replay (`ledgerState` and its own settings, options and version). The store only
/// keeps and finds them; what they hold is `ReplaySnapshot`'s business.
extension SQLiteStore {
    /// What identifies the stored inputs of a replay: the revision counted by the triggers (settings, prices, transfer
    /// decisions, edits, ledger rows changed or deleted) and the largest ledger rowid (moved by every row added).
    public struct LedgerState: Sendable, Hashable, CustomStringConvertible {
        public var revision: Int64
        public var lastRowID: Int64
        public var description: String { "r\(revision).\(lastRowID)" }

        public init(revision: Int64, lastRowID: Int64) {
            self.revision = revision
            self.lastRowID = lastRowID
        }

        /// Reads `description` back (`r12.3456`).
        public init?(_ text: some StringProtocol) {
            guard text.hasPrefix("r") else { return nil }
            let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let revision = Int64(parts[0]), let last = Int64(parts[1]) else { return nil }
            self.init(revision: revision, lastRowID: last)
        }
    }

    /// Checkpoints kept: the latest ones written, for a few combinations of options (say `--jurisdiction uk` beside the
    /// settings' own).
    public static let checkpointsKept = 4

    public func ledgerState() throws -> LedgerState {
        try dbQueue.read { db in
            let revision = try Int64.fetchOne(db, sql: "SELECT revision FROM replayRevision WHERE id = 1") ?? 0
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM ledgerTransaction") ?? 0
            return LedgerState(revision: revision, lastRowID: last)
        }
    }

    /// The time of the latest stored row, in milliseconds since 1970 (nil: no rows): a cheap bound on the history's end.
    public func lastInstant() throws -> Int64? {
        try dbQueue.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(instant) FROM ledgerTransaction") }
    }

    /// One part of the checkpoint stored under `key`, nil when there is none.
    public func checkpointPart(key: String, part: String) throws -> [UInt8]? {
        try dbQueue.read { db in
            // Read straight into the array through SQLite's incremental blob I/O: a part may be 20 MB, and read as a column
            // it is first gathered in SQLite's own memory (and through `Data` it was copied twice more).
            let statement = try FastStatement(db, sql: """
                SELECT id, length(data) FROM replayCheckpointPart
                WHERE checkpointId = (SELECT id FROM replayCheckpoint WHERE key = ?) AND part = ?
                """)
            defer { statement.finish() }
            statement.bind(1, key)
            statement.bind(2, part)
            guard try statement.step() else { return nil }
            let rowID = statement.int64(0), length = Int(statement.int64(1))
            statement.finish()
            guard let connection = db.sqliteConnection else {
                throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed")
            }
            var blob: OpaquePointer?
            let opened = sqlite3_blob_open(connection, "main", "replayCheckpointPart", "data", rowID, 0, &blob)
            defer { sqlite3_blob_close(blob) }
            guard opened == SQLITE_OK, let blob, Int(sqlite3_blob_bytes(blob)) == length else {
                throw DatabaseError(resultCode: ResultCode(rawValue: opened), message: "the checkpoint part \(part) cannot be read")
            }
            var status = SQLITE_OK
            let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
                if length > 0 { status = sqlite3_blob_read(blob, buffer.baseAddress, Int32(length), 0) }
                initialized = status == SQLITE_OK ? length : 0
            }
            guard status == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "the checkpoint part \(part) cannot be read")
            }
            return bytes
        }
    }

    /// Whether the checkpoint under `key` has a part `part` (without reading it).
    public func hasCheckpointPart(key: String, part: String) throws -> Bool {
        try dbQueue.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM replayCheckpointPart
                WHERE checkpointId = (SELECT id FROM replayCheckpoint WHERE key = ?) AND part = ?)
                """, arguments: [key, part]) ?? false
        }
    }

    /// Whether a checkpoint is stored under `key`.
    public func hasCheckpoint(key: String) throws -> Bool {
        try dbQueue.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM replayCheckpoint WHERE key = ?)", arguments: [key]) ?? false }
    }

    /// Stores a checkpoint's parts under `key` (replacing one of that key), each made by `data` as it is written, in one
    /// database transaction. First drops, in a transaction of its own, the checkpoints whose key does not begin with
    /// `validPrefix` (made from inputs that have changed since: never to be read again): the new parts then take the pages
    /// the old ones freed without SQLite copying those pages' old content to its journal first (a million transactions'
    /// checkpoint is 100 MB). Keeps the latest `checkpointsKept`.
    /// - Throws: when the database cannot be written (read-only, busy): the caller goes on without a checkpoint.
    public func writeCheckpoint(key: String, validPrefix: String, parts: [String], data: (String) -> [UInt8]) throws {
        try dbQueue.write { db in
            try db.execute(sql: "DELETE FROM replayCheckpoint WHERE key = ? OR substr(key, 1, ?) <> ?",
                           arguments: [key, validPrefix.utf8.count, validPrefix])
        }
        try dbQueue.write { db in
            let next = (try Int64.fetchOne(db, sql: "SELECT MAX(createdAt) FROM replayCheckpoint") ?? 0) + 1
            try db.execute(sql: "INSERT INTO replayCheckpoint (key, createdAt) VALUES (?, ?)", arguments: [key, next])
            try SQLiteStore.insertParts(parts, data: data, of: db.lastInsertedRowID, in: db)
            try db.execute(sql: """
                DELETE FROM replayCheckpoint WHERE id NOT IN (SELECT id FROM replayCheckpoint ORDER BY createdAt DESC LIMIT ?)
                """, arguments: [SQLiteStore.checkpointsKept])
        }
    }

    /// The names of the parts stored under `key` (none when there is no such checkpoint).
    public func checkpointPartNames(key: String) throws -> [String] {
        try dbQueue.read { db in
            try String.fetchAll(db, sql: """
                SELECT p.part FROM replayCheckpointPart p JOIN replayCheckpoint c ON c.id = p.checkpointId WHERE c.key = ?
                """, arguments: [key])
        }
    }

    /// Files the checkpoint stored under `earlierKey` as `key`, keeping the parts `keeping` accepts and storing `parts` (made
    /// by `data`) in place of the others, in one transaction: the checkpoint of a replay resumed from the earlier one's
    /// state, whose earlier years it keeps as they are (their bytes are not read or written again). Checkpoints of another
    /// state than `validPrefix` are dropped, as `writeCheckpoint` does.
    /// - Returns: false when the earlier checkpoint is gone (another command dropped it): nothing is stored.
    /// - Throws: when the database cannot be written (read-only, busy).
    public func advanceCheckpoint(
        from earlierKey: String, to key: String, validPrefix: String, keeping: (String) -> Bool, parts: [String],
        data: (String) -> [UInt8]
    ) throws -> Bool {
        try dbQueue.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM replayCheckpoint WHERE key = ?", arguments: [earlierKey]) else {
                return false
            }
            try db.execute(sql: "DELETE FROM replayCheckpoint WHERE id <> ? AND (key = ? OR substr(key, 1, ?) <> ?)",
                           arguments: [id, key, validPrefix.utf8.count, validPrefix])
            let stored = try Row.fetchAll(db, sql: "SELECT id, part FROM replayCheckpointPart WHERE checkpointId = ?", arguments: [id])
            let replaced = Set(parts)
            for row in stored {
                let part: String = row["part"]
                if replaced.contains(part) || !keeping(part) {
                    try db.execute(sql: "DELETE FROM replayCheckpointPart WHERE id = ?", arguments: [row["id"] as Int64])
                }
            }
            let next = (try Int64.fetchOne(db, sql: "SELECT MAX(createdAt) FROM replayCheckpoint") ?? 0) + 1
            try db.execute(sql: "UPDATE replayCheckpoint SET key = ?, createdAt = ? WHERE id = ?", arguments: [key, next, id])
            try SQLiteStore.insertParts(parts, data: data, of: id, in: db)
            return true
        }
    }

    /// Stores `parts` (made by `data`, one at a time, each written from its array in place) under the checkpoint `id`.
    private static func insertParts(_ parts: [String], data: (String) -> [UInt8], of id: Int64, in db: Database) throws {
        let insert = try FastStatement(db, sql: "INSERT INTO replayCheckpointPart (checkpointId, part, data) VALUES (?, ?, ?)")
        defer { insert.finish() }
        for part in parts {
            insert.reset()
            insert.bind(1, id)
            insert.bind(2, part)
            try insert.insert(blob: data(part), at: 3)
        }
    }

    /// Drops every checkpoint (the next replay runs in full).
    public func removeCheckpoints() throws {
        try dbQueue.write { db in try db.execute(sql: "DELETE FROM replayCheckpoint") }
    }
}

/// Migration "v11-checkpoint-parts-rowid": the checkpoints' parts move to a table with rowids, their key in an index of its
/// own. In v7's table WITHOUT ROWID, each part (up to 20 MB) lay in the key's B-tree, and SQLite compares an index key
/// against a cell by reading the cell's whole payload when it overflows its page: finding one part read the overflow chains
/// of the parts it passed (12,000 page reads for one year's disposals on a million-row history, where 4,600 hold them),
/// and storing a part read the ones stored before it. Here a part's bytes lie in the table's own B-tree, never compared,
/// and read at once into the caller's array (incremental blob I/O, which needs a rowid). The checkpoints stored before are
/// dropped: they are a cache, made again by the next replay.
enum CheckpointSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-checkpoint-parts-rowid") { db in
            try db.execute(sql: """
                DELETE FROM replayCheckpoint;
                DROP TABLE replayCheckpointPart;
                CREATE TABLE replayCheckpointPart (
                    id INTEGER PRIMARY KEY,
                    checkpointId INTEGER NOT NULL REFERENCES replayCheckpoint(id) ON DELETE CASCADE,
                    part TEXT NOT NULL,
                    data BLOB NOT NULL,
                    UNIQUE (checkpointId, part)
                );
                """)
        }
    }
}
