internal import GRDB
import HarvestCore
@testable import HarvestStore
import HarvestTestSupport
import Testing

/// A new database file gets 16 KiB pages (`SQLiteStore.pageSize`); a file made before keeps its own, and is migrated and
/// read as before.
@Suite("Database page size")
struct PageSizeTests {
    @Test("a new file gets 16 KiB pages, in WAL mode")
    func newFile() throws {
        let directory = try TemporaryDirectory("harvest-pages")
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.file("new.sqlite"))
        _ = try store.importTransactions(Fixture.parsed([Fixture.buy("k1")]), file: "trades.csv", importedAt: "t1", progress: nil)
        let (pageSize, journal) = try store.dbQueue.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_size"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(pageSize == 16_384)
        #expect(journal == "wal")
    }

    @Test("a file made with 4 KiB pages keeps them, and its rows")
    func existingFile() throws {
        let directory = try TemporaryDirectory("harvest-pages")
        defer { directory.remove() }
        let path = directory.file("old.sqlite")
        do {
            // A file as an earlier Harvest made it: SQLite's default page size, the first migration, one row.
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try db.execute(sql: "PRAGMA page_size = 4096") }
            try Schema.migrator.migrate(queue, upTo: "v1-ledger")
        }
        let store = try SQLiteStore(path: path)
        _ = try store.importTransactions(Fixture.parsed([Fixture.buy("k1")]), file: "trades.csv", importedAt: "t1", progress: nil)
        #expect(try store.dbQueue.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4_096)
        #expect(try store.appliedMigrations() == MigrationTests.all)
        #expect(try store.loadTransactions() == [Fixture.stored(Fixture.buy("k1"), sequence: 1)])
    }
}
