import HarvestCore
import HarvestImport
import HarvestStore
import HarvestTestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    static let all = ["v1-ledger", "v1-prices", "v1-settings", "v2-transfer-links", "v3-replay-inputs", "v4-ledger-edits", "v5-two-values", "v6-decimals-as-integers",
                      "v7-replay-checkpoints", "v8-derivatives", "v9-replay-change-log",
                      "v10-derivative-import-batches", "v11-checkpoint-parts-rowid"]

    @Test("a new file gets every migration, and reopening it keeps the data and reruns none")
    func fileDatabaseReopened() throws {
        // Given a database file created in a temporary directory, with a transaction, a price and a setting
        let directory = try TemporaryDirectory("harvest-store")
        defer { directory.remove() }
        let path = directory.file("harvest.sqlite")
        do {
            let store = try SQLiteStore(path: path)
            #expect(try store.appliedMigrations() == Self.all)
            _ = try store.importTransactions(Fixture.parsed([Fixture.buy("k1")]), file: "trades.csv", importedAt: "t1", progress: nil)
            _ = try store.importPrices(asset: Asset("BTC"), currency: .usd,
                                       points: [PricePoint(date: day("2024-01-01"), close: "42000")], file: "BTC-USD.csv")
            try store.setSetting("taxTimeZone", "UTC")
        }

        // When it is opened again
        let reopened = try SQLiteStore(path: path)

        // Then the migrations are the same and everything is there
        #expect(try reopened.appliedMigrations() == Self.all)
        #expect(try reopened.loadTransactions() == [Fixture.stored(Fixture.buy("k1"), sequence: 1)])
        #expect(try reopened.priceCount() == 1)
        #expect(try reopened.settings() == ["taxTimeZone": "UTC"])
        // And re-importing into the reopened file is still a no-op
        let again = try reopened.importTransactions(Fixture.parsed([Fixture.buy("k1")]), file: "trades.csv", importedAt: "t2", progress: nil)
        #expect(again == ImportSummary(added: 0, duplicates: 1, conflicts: []))
    }

    @Test("an in-memory store runs the same migrations")
    func inMemory() throws {
        #expect(try SQLiteStore.inMemory().appliedMigrations() == Self.all)
    }

    @Test("opening a file in a missing directory throws")
    func missingDirectory() throws {
        let directory = try TemporaryDirectory("harvest-store")
        defer { directory.remove() }
        #expect(throws: (any Error).self) { try SQLiteStore(path: directory.file("missing/harvest.sqlite")) }
    }
}

@Suite("Tax days follow the tax time zone")
struct TaxDateTests {
    @Test("loaded under a zone: an instant falls on its day there; a bare date keeps its day and becomes midnight there")
    func loadUnderZone() throws {
        // Given a timed row and a bare-date row, imported as UTC
        let store = try SQLiteStore.inMemory()
        let parsed = try Fixture.csv([
            "2024-01-01T02:00:00Z,buy,kraken,100,USD,0.002,BTC,,,,,k1,",
            "2024-01-02,buy,kraken,100,USD,0.002,BTC,,,,,k2,",
        ])
        _ = try store.importTransactions(parsed, file: "trades.csv", importedAt: "t", progress: nil)

        // Loaded as stored, and under UTC-05:00
        #expect(try store.loadTransactions().map(\.date) == [day("2024-01-01"), day("2024-01-02")])
        let minus5 = try #require(TaxTimeZone("-05:00"))
        let loaded = try store.loadTransactions(zone: minus5)

        // 02:00Z is 21:00 on Dec 31 there; the bare date is still Jan 2, at 05:00Z (midnight there)
        let bareDay = day("2024-01-02")
        #expect(loaded.map(\.date) == [day("2023-12-31"), bareDay])
        #expect(loaded[0].timestamp == parsed.rows[0].transaction.timestamp)
        #expect(loaded[1].timestamp == Instant(millisecondsSinceEpoch: Instant(date: bareDay).millisecondsSinceEpoch + 5 * 3_600_000))
    }
}
