import Foundation
import HarvestCore
import HarvestImport
import HarvestStore
import Testing

/// `importTransactions(readingOnAnotherThread:)`: a file read on one thread and written on another, in one
/// database transaction.
@Suite("A file read while it is written")
struct StreamedImportTests {
    struct Broken: Error {}

    /// Rows `k0`...`k(n-1)`, one second apart from 2024-03-01T12:00:00Z.
    static func rows(_ range: Range<Int>) -> [ImportedRow] {
        range.map { Fixture.row(Fixture.buy("k\($0)", at: "2024-03-01T12:00:\(String(format: "%02d", $0 % 60))Z")) }
    }

    @Test("every chunk is stored, in order, with the reader's result and its duplicates counted")
    func chunks() throws {
        // Given a reader that hands over three chunks of 4, 4 and 2 rows and reports 3 duplicates of its own
        let store = try SQLiteStore.inMemory()

        // When the store writes while it reads
        let result = try store.importTransactions(
            source: "harvest", file: "big.csv", importedAt: "t",
            readingOnAnotherThread: { emit in
                emit(Self.rows(0..<4))
                emit(Self.rows(4..<8))
                emit(Self.rows(8..<10))
                return "read 13 rows"
            },
            duplicatesInFile: { _ in 3 }, progress: nil)

        // Then the 10 rows are stored in the order read, and the summary adds the reader's duplicates
        #expect(result.outcome == "read 13 rows")
        #expect(result.summary == ImportSummary(added: 10, duplicates: 3, conflicts: []))
        #expect(try store.loadTransactions().map(\.id) == (0..<10).map { "k\($0)" })
    }

    @Test("a reader's error after some chunks were written leaves nothing stored")
    func failureRollsBack() throws {
        // Given a store holding one earlier import
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(Fixture.parsed([Fixture.buy("earlier")]), file: "a.csv", importedAt: "t0", progress: nil)

        // When a reader hands over two chunks, then fails on a bad row further down the file
        #expect(throws: Broken.self) {
            _ = try store.importTransactions(
                source: "harvest", file: "big.csv", importedAt: "t",
                readingOnAnotherThread: { emit -> Int in
                    emit(Self.rows(0..<4))
                    emit(Self.rows(4..<8))
                    throw Broken()
                },
                duplicatesInFile: { $0 }, progress: nil)
        }

        // Then only the earlier import is there: the chunks already written were rolled back
        #expect(try store.loadTransactions().map(\.id) == ["earlier"])
    }

    @Test("a row the database refuses stops the reader and rolls back the file")
    func refusedRow() throws {
        // Given a reader whose second chunk holds a negative quantity (a CHECK constraint refuses it)
        let store = try SQLiteStore.inMemory()
        var refused = Fixture.buy("bad")
        refused.received = Amount(-1, Asset("BTC"))
        let bad = refused

        // When it is imported
        #expect(throws: StoreError.self) {
            _ = try store.importTransactions(
                source: "harvest", file: "big.csv", importedAt: "t",
                readingOnAnotherThread: { emit in
                    emit(Self.rows(0..<4))
                    emit([Fixture.row(bad)])
                    // The writer has stopped: a chunk sent now is dropped, and the reader ends normally.
                    emit(Self.rows(4..<8))
                    return 0
                },
                duplicatesInFile: { $0 }, progress: nil)
        }

        // Then nothing is stored
        #expect(try store.transactionCount() == 0)
    }

    // Large imports write 16 rows per INSERT statement; these cases cross several such groups.

    static func parsed(_ rows: [ImportedRow]) -> ParsedImport { ParsedImport(source: "harvest", rows: rows, duplicatesInFile: 0) }

    @Test("a re-import of 40 rows over half of them: 20 added, 20 duplicates, no conflict")
    func overlapInGroups() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(Self.parsed(Self.rows(0..<20)), file: "a.csv", importedAt: "t1", progress: nil)

        let summary = try store.importTransactions(Self.parsed(Self.rows(0..<40)), file: "b.csv", importedAt: "t2", progress: nil)

        #expect(summary == ImportSummary(added: 20, duplicates: 20, conflicts: []))
        #expect(try store.loadTransactions().map(\.id) == (0..<40).map { "k\($0)" })
    }

    @Test("rows 5 and 20 of a re-import differ from the stored ones: exactly they are conflicts, in file order")
    func conflictsInGroups() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(Self.parsed(Self.rows(0..<40)), file: "a.csv", importedAt: "t1", progress: nil)
        var changed = Self.rows(0..<40)
        for index in [20, 5] { changed[index].contentHash = "other" }

        let summary = try store.importTransactions(Self.parsed(changed), file: "b.csv", importedAt: "t2", progress: nil)

        #expect(summary.added == 0 && summary.duplicates == 40)
        #expect(summary.conflicts == [
            "tx k5 in wallet kraken: already imported from trades.csv:2 with different content; kept the first",
            "tx k20 in wallet kraken: already imported from trades.csv:2 with different content; kept the first",
        ])
    }

    @Test("a refused row in the middle of a group of 16 is the one named, and nothing is stored")
    func refusedInGroup() throws {
        let store = try SQLiteStore.inMemory()
        var rows = Self.rows(0..<40)
        rows[21].transaction.received = Amount(-1, Asset("BTC"))
        rows[21].transaction.source = SourceLocation(file: "big.csv", line: 23)

        #expect {
            _ = try store.importTransactions(Self.parsed(rows), file: "big.csv", importedAt: "t", progress: nil)
        } throws: { error in
            guard case StoreError.rejectedRow(let reference, _) = error else { return false }
            return reference == "big.csv:23 (tx k21)"
        }
        #expect(try store.transactionCount() == 0)
    }
}
