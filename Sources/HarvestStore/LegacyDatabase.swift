#if DEBUG
internal import GRDB

extension SQLiteStore {
    /// For migration tests (`@testable import HarvestStore`): writes a database file as an earlier Harvest left it,
    /// migrated only up to `migration` and then given `statements` (rows in that version's columns), so that opening it
    /// with `SQLiteStore(path:)` runs the later migrations on data they were written for.
    static func writeLegacyDatabase(path: String, migratedUpTo migration: String, statements: [String]) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: migration)
        try queue.write { db in
            for sql in statements { try db.execute(sql: sql) }
        }
    }
}
#endif
