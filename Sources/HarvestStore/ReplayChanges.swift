internal import GRDB
import HarvestCore

/// What each change to the replay's inputs touches (migration "v9-replay-change-log", issue 16): the earliest time it can
/// move the replay, so that a checkpoint's years before that time stay good after an import or an edit of later rows.
///
/// The triggers of `v7-replay-checkpoints` bump `replayRevision` on every change; from this migration on the same trigger
/// also writes one `replayChange` row under the new revision:
///
/// | change | `fromInstant` (milliseconds since 1970) |
/// |---|---|
/// | a ledger row updated or deleted | the earlier of its old and new `instant` (a deletion also keeps its rowid) |
/// | an edit saved, changed or removed | the earliest of its row's `instant` and the edit's old and new `timestamp` (none while its row is not stored) |
/// | a transfer decision | the earlier of its two rows' `instant` |
/// | a price | its day's midnight (UTC) |
/// | a setting | NULL, with the setting's key |
///
/// NULL where it cannot be told (a setting, a transfer decision whose rows are not stored, a timestamp SQLite cannot read): everything may
/// change. A ledger row added writes nothing (one trigger per row would slow a million-row import): the rows added since
/// a checkpoint are those whose rowid is above the largest it saw, or above a rowid deleted since (SQLite gives a rowid
/// freed at the end again), moved by an edit stored before them (`changes(since:)` reads its timestamp), or paired by a
/// transfer decision stored before them (everything).
enum ReplayChangeSchema {
    /// The largest instant: "no date from this side" in a `min(...)` of SQLite (whose `min` of a NULL is NULL).
    static let never = "9223372036854775807"

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-replay-change-log") { db in
            try db.execute(sql: """
                CREATE TABLE replayChange (
                    revision INTEGER PRIMARY KEY,
                    fromInstant INTEGER,
                    deletedRowID INTEGER,
                    setting TEXT
                );
                """)
            func row(_ ref: String) -> String {
                "(SELECT instant FROM ledgerTransaction WHERE source = \(ref).source AND wallet = \(ref).wallet AND externalID = \(ref).externalID)"
            }
            // An edit's timestamp: absent from its changes, no date from it; present but unreadable, NULL.
            func editTime(_ ref: String) -> String {
                "(CASE WHEN json_type(\(ref).changes, '$.timestamp') IS NULL THEN \(never) "
                    + "ELSE CAST((julianday(json_extract(\(ref).changes, '$.timestamp')) - 2440587.5) * 86400000 AS INTEGER) END)"
            }
            // An edit of a stored row: from the earlier of the row's time and the edit's; of a row not stored, nothing yet
            // (`changes(since:)` reads it when its row is imported).
            func edit(_ ref: String) -> String {
                "(CASE WHEN \(row(ref)) IS NULL THEN \(never) ELSE min(\(row(ref)), \(editTime(ref))) END)"
            }
            func linked(_ ref: String) -> String {
                "(SELECT min(instant) FROM ledgerTransaction WHERE (wallet = \(ref).wallet AND externalID = \(ref).txId) "
                    + "OR (wallet = \(ref).otherWallet AND externalID = \(ref).otherTxId))"
            }
            func day(_ ref: String) -> String { "CAST((julianday(\(ref).date) - 2440587.5) * 86400000 AS INTEGER)" }
            // (table, event, fromInstant, deletedRowID, setting)
            let changes: [(String, String, String, String, String)] = [
                ("ledgerTransaction", "UPDATE", "min(OLD.instant, NEW.instant)", "NULL", "NULL"),
                ("ledgerTransaction", "DELETE", "OLD.instant", "OLD.id", "NULL"),
                ("price", "INSERT", day("NEW"), "NULL", "NULL"),
                ("price", "UPDATE", "min(\(day("OLD")), \(day("NEW")))", "NULL", "NULL"),
                ("price", "DELETE", day("OLD"), "NULL", "NULL"),
                ("setting", "INSERT", "NULL", "NULL", "NEW.key"),
                ("setting", "UPDATE", "NULL", "NULL", "NEW.key"),
                ("setting", "DELETE", "NULL", "NULL", "OLD.key"),
                ("transferLink", "INSERT", linked("NEW"), "NULL", "NULL"),
                ("transferLink", "UPDATE", "min(\(linked("OLD")), \(linked("NEW")))", "NULL", "NULL"),
                ("transferLink", "DELETE", linked("OLD"), "NULL", "NULL"),
                ("txEdit", "INSERT", edit("NEW"), "NULL", "NULL"),
                ("txEdit", "UPDATE", "min(\(edit("OLD")), \(edit("NEW")))", "NULL", "NULL"),
                ("txEdit", "DELETE", edit("OLD"), "NULL", "NULL"),
            ]
            for (table, event, from, deleted, setting) in changes {
                try db.execute(sql: "DROP TRIGGER IF EXISTS replayRevision_\(table)_\(event.lowercased())")
                try db.execute(sql: """
                    CREATE TRIGGER replayRevision_\(table)_\(event.lowercased()) AFTER \(event) ON \(table) BEGIN
                      UPDATE replayRevision SET revision = revision + 1 WHERE id = 1;
                      INSERT INTO replayChange (revision, fromInstant, deletedRowID, setting)
                        SELECT revision, \(from), \(deleted), \(setting) FROM replayRevision WHERE id = 1;
                    END
                    """)
            }
        }
    }
}

/// What changed in the replay's inputs between a checkpoint's `LedgerState` and now (`SQLiteStore.changes(since:)`).
public struct ReplayChanges: Sendable, Hashable {
    /// Something changed whose reach cannot be told (a setting other than those in `settings` alone, a row not found, the
    /// log not covering the whole span): nothing the checkpoint holds may be kept.
    public var everything: Bool
    /// The earliest instant (milliseconds since 1970) a dated change touches, rows added included; nil: none.
    public var earliestInstant: Int64?
    /// The settings set or removed (their keys).
    public var settings: Set<String>

    public init(everything: Bool, earliestInstant: Int64?, settings: Set<String>) {
        self.everything = everything
        self.earliestInstant = earliestInstant
        self.settings = settings
    }
}

extension SQLiteStore {
    /// What changed in the replay's inputs since `state` (a checkpoint's), up to now. `everything` when the change log
    /// does not cover the span (changes made before migration `v9-replay-change-log`, or `state` not an earlier one).
    public func changes(since state: LedgerState) throws -> ReplayChanges {
        try dbQueue.read { db in
            let now = try Int64.fetchOne(db, sql: "SELECT revision FROM replayRevision WHERE id = 1") ?? 0
            guard state.revision <= now else { return ReplayChanges(everything: true, earliestInstant: nil, settings: []) }
            let logged = try Row.fetchAll(
                db, sql: "SELECT fromInstant, deletedRowID, setting FROM replayChange WHERE revision > ? AND revision <= ?",
                arguments: [state.revision, now])
            guard logged.count == now - state.revision else { return ReplayChanges(everything: true, earliestInstant: nil, settings: []) }
            var changes = ReplayChanges(everything: false, earliestInstant: nil, settings: [])
            var firstAdded = state.lastRowID
            func touch(_ instant: Int64) { changes.earliestInstant = min(changes.earliestInstant ?? instant, instant) }
            for change in logged {
                let from: Int64? = change["fromInstant"], deleted: Int64? = change["deletedRowID"], setting: String? = change["setting"]
                if let setting {
                    changes.settings.insert(setting)
                } else if let from {
                    touch(from)
                } else {
                    changes.everything = true
                }
                if let deleted { firstAdded = min(firstAdded, deleted - 1) }
            }
            // The rows added since: above the largest rowid the checkpoint saw, or above one deleted since.
            if let added = try Int64.fetchOne(db, sql: "SELECT min(instant) FROM ledgerTransaction WHERE id > ?", arguments: [firstAdded]) {
                touch(added)
            }
            // An edit stored before its row (dormant until the row is imported) moves the row where it says.
            let editedTimes = try Row.fetchAll(db, sql: """
                SELECT CAST((julianday(json_extract(e.changes, '$.timestamp')) - 2440587.5) * 86400000 AS INTEGER) AS instant
                FROM ledgerTransaction l JOIN txEdit e ON e.source = l.source AND e.wallet = l.wallet AND e.externalID = l.externalID
                WHERE l.id > ? AND json_type(e.changes, '$.timestamp') IS NOT NULL
                """, arguments: [firstAdded])
            for edited in editedTimes {
                if let instant: Int64 = edited["instant"] { touch(instant) } else { changes.everything = true }
            }
            // A transfer decision made before its row was imported pairs it with a row of any date: not told apart.
            if try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM ledgerTransaction l JOIN transferLink k
                  ON (k.wallet = l.wallet AND k.txId = l.externalID) OR (k.otherWallet = l.wallet AND k.otherTxId = l.externalID)
                  WHERE l.id > ?)
                """, arguments: [firstAdded]) ?? true {
                changes.everything = true
            }
            return changes
        }
    }

    /// The keys of the stored checkpoints that begin with `prefix` and end with `suffix`, the latest written first.
    public func checkpointKeys(prefix: String, suffix: String) throws -> [String] {
        try dbQueue.read { db in
            try String.fetchAll(db, sql: "SELECT key FROM replayCheckpoint ORDER BY createdAt DESC")
        }.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }
    }

    /// Files the checkpoint under `key` as `newKey` (its content is what a replay under `newKey` gives: the caller knows).
    /// - Throws: when the database cannot be written (read-only, busy): the caller goes on without.
    public func renameCheckpoint(_ key: String, to newKey: String) throws {
        try dbQueue.write { db in
            try db.execute(sql: "DELETE FROM replayCheckpoint WHERE key = ?", arguments: [newKey])
            try db.execute(sql: "UPDATE replayCheckpoint SET key = ? WHERE key = ?", arguments: [newKey, key])
        }
    }

    /// Drops the change log through `revision`: no checkpoint of an earlier revision is kept any more.
    public func forgetChanges(through revision: Int64) throws {
        try dbQueue.write { db in try db.execute(sql: "DELETE FROM replayChange WHERE revision <= ?", arguments: [revision]) }
    }
}
