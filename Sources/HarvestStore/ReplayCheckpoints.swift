import Foundation
internal import GRDB
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
            try Data.fetchOne(db, sql: """
                SELECT data FROM replayCheckpointPart
                WHERE checkpointId = (SELECT id FROM replayCheckpoint WHERE key = ?) AND part = ?
                """, arguments: [key, part]).map { [UInt8]($0) }
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
            let id = db.lastInsertedRowID
            for part in parts {
                try db.execute(sql: "INSERT INTO replayCheckpointPart (checkpointId, part, data) VALUES (?, ?, ?)",
                               arguments: [id, part, Data(data(part))])
            }
            try db.execute(sql: """
                DELETE FROM replayCheckpoint WHERE id NOT IN (SELECT id FROM replayCheckpoint ORDER BY createdAt DESC LIMIT ?)
                """, arguments: [SQLiteStore.checkpointsKept])
        }
    }

    /// Drops every checkpoint (the next replay runs in full).
    public func removeCheckpoints() throws {
        try dbQueue.write { db in try db.execute(sql: "DELETE FROM replayCheckpoint") }
    }
}
