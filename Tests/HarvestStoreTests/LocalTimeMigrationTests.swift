import Foundation
import HarvestCore
import HarvestImport
@testable import HarvestStore
import HarvestTestSupport
import Testing

/// Harvest CSV rows stored before migration v3-replay-inputs (no `localTime` column), by the code of that time under the
/// tax time zone New York: opened with today's code, a time written without an offset and a bare date get their
/// wall-clock time back, so a replay under another zone moves them; a time with an offset keeps its instant.
@Suite("Rows stored before the local time was kept")
struct LocalTimeMigrationTests {
    @Test("a wall-clock time and a bare date are read again in today's zone; an instant stays")
    func backfill() throws {
        let directory = try TemporaryDirectory("harvest-store")
        defer { directory.remove() }
        let path = directory.file("v2.sqlite")
        // As stored under New York (UTC-5 in January): l1 at 23:30 local = 04:30Z on Jan 2; d1 a bare date, midnight local
        // = 05:00Z; z1 at 03:00Z, New York's Jan 1.
        func insert(_ id: String, _ text: String, _ instant: Int64, _ date: String, dateOnly: Bool) -> String {
            "INSERT INTO ledgerTransaction (importBatchId, source, wallet, externalID, kind, timestampText, instant, date, dateOnly, "
                + "receivedQuantity, receivedAsset, lotPicks, note, file, line, contentHash) VALUES "
                + "(1, 'harvest', 'w', '\(id)', 'deposit', '\(text)', \(instant), '\(date)', \(dateOnly ? 1 : 0), '1', 'ETH', '', '', 't.csv', 2, 'h\(id)')"
        }
        let january1 = Int64(1_704_067_200_000)  // 2024-01-01T00:00:00Z
        try SQLiteStore.writeLegacyDatabase(path: path, migratedUpTo: "v2-transfer-links", statements: [
            "INSERT INTO importBatch (id, file, source, importedAt, added, duplicates, conflicts) VALUES (1, 't.csv', 'harvest', 't', 3, 0, 0)",
            insert("l1", "2024-01-01T23:30:00", january1 + (23 * 60 + 30 + 5 * 60) * 60_000, "2024-01-01", dateOnly: false),
            insert("d1", "2024-01-03", january1 + (2 * 24 + 5) * 3_600_000, "2024-01-03", dateOnly: true),
            insert("z1", "2024-01-02T03:00:00Z", january1 + 27 * 3_600_000, "2024-01-01", dateOnly: false),
        ])

        let store = try SQLiteStore(path: path)
        let utc = try #require(TaxTimeZone("UTC"))
        let loaded = try store.loadTransactions(zone: utc)
        let byID = Dictionary(uniqueKeysWithValues: loaded.map { ($0.id, $0) })
        // Under UTC: l1 is 23:30 on Jan 1 (its instant moves back 5 hours), d1 is still Jan 3 at midnight UTC, z1 is Jan 2.
        #expect(byID["l1"]?.timestamp == Instant(millisecondsSinceEpoch: january1 + (23 * 60 + 30) * 60_000))
        #expect(byID["l1"]?.date == day("2024-01-01"))
        #expect(byID["d1"]?.timestamp == Instant(millisecondsSinceEpoch: january1 + 2 * 24 * 3_600_000))
        #expect(byID["d1"]?.date == day("2024-01-03"))
        #expect(byID["z1"]?.timestamp == Instant(millisecondsSinceEpoch: january1 + 27 * 3_600_000))
        #expect(byID["z1"]?.date == day("2024-01-02"))
        // In time order under UTC: l1 (Jan 1 23:30), z1 (Jan 2 03:00), d1 (Jan 3).
        #expect(loaded.map(\.id) == ["l1", "z1", "d1"])
    }
}
