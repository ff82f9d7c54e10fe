internal import GRDB
import HarvestCore
import HarvestImport
@testable import HarvestStore
import HarvestTestSupport
import Testing

/// Rows of the store tests: two buys and a sale in kraken, then a file of one more sale.
private enum Ledger {
    static let trades = [
        "2024-01-01T10:00:00Z,buy,kraken,100,USD,0.002,BTC,,,,,k1,",
        "2024-01-02T10:00:00Z,buy,kraken,200,USD,0.004,BTC,,,,,k2,",
        "2024-02-01T10:00:00Z,sell,kraken,0.001,BTC,60,USD,,,,,k3,",
    ]
    static let later = ["2024-03-01T10:00:00Z,sell,kraken,0.002,BTC,130,USD,,,,,k4,"]

    static func key(_ id: String) -> RowKey { RowKey(source: "harvest", wallet: "kraken", externalID: id) }
}

@Suite("The edit layer: edits are kept by the row's identity, apart from the imported rows")
struct LedgerEditTests {
    @Test("an edit reads back with the row it applies to, and a re-import leaves both as they were")
    func editSurvivesReimport() throws {
        // Given a file imported and an edit of its third row
        let store = try SQLiteStore.inMemory()
        let parsed = try Fixture.csv(Ledger.trades)
        _ = try store.importTransactions(parsed, file: "trades.csv", importedAt: "t1", progress: nil)
        let rowsBefore = try store.loadTransactions()
        let edit = TransactionEdit(key: Ledger.key("k3"), changes: ["received_quantity": "65", "type": "sell"], valueCurrency: nil,
                                   note: "the exchange's figure was wrong", createdAt: "t2")
        try store.saveTransactionEdit(edit)

        // When the same file is imported again
        let again = try store.importTransactions(parsed, file: "trades.csv", importedAt: "t3", progress: nil)

        // Then nothing is added, the rows are as imported, and the edit is there, pointing at row 3
        #expect(again == ImportSummary(added: 0, duplicates: 3, conflicts: []))
        #expect(try store.loadTransactions() == rowsBefore)
        var expected = edit
        expected.rowID = 3
        #expect(try store.transactionEdits() == [expected])
        #expect(try store.transactionEdit(Ledger.key("k3")) == expected)
        #expect(try store.transactionEdit(Ledger.key("k1")) == nil)
    }

    @Test("saving an edit again keeps when it was made; an empty edit, or a removal, deletes it")
    func updateAndRemove() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(try Fixture.csv(Ledger.trades), file: "trades.csv", importedAt: "t1", progress: nil)
        try store.saveTransactionEdit(TransactionEdit(key: Ledger.key("k1"), ignored: true, createdAt: "t2"))

        // When it is saved again with other content
        try store.saveTransactionEdit(TransactionEdit(key: Ledger.key("k1"), changes: ["value": "99"], valueCurrency: "USD",
                                                      createdAt: "t9", updatedAt: "t3"))
        let updated = try #require(try store.transactionEdit(Ledger.key("k1")))
        #expect(updated.createdAt == "t2" && updated.updatedAt == "t3")
        #expect(updated.changes == ["value": "99"] && updated.valueCurrency == "USD" && !updated.ignored)

        // When an empty edit is saved: it is gone
        try store.saveTransactionEdit(TransactionEdit(key: Ledger.key("k1"), createdAt: "t4"))
        #expect(try store.transactionEdits().isEmpty)

        // And a removal says whether there was one
        try store.saveTransactionEdit(TransactionEdit(key: Ledger.key("k2"), note: "checked", createdAt: "t5"))
        #expect(try store.removeTransactionEdit(Ledger.key("k2")))
        #expect(try !store.removeTransactionEdit(Ledger.key("k2")))
    }

    @Test("a reference finds rows by wallet/id, then id, then the start of an id; rows load by number")
    func references() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(try Fixture.csv(Ledger.trades), file: "trades.csv", importedAt: "t1", progress: nil)
        #expect(try store.storedRows(matching: "kraken/k2").map(\.rowID) == [2])
        #expect(try store.storedRows(matching: "k3").map(\.rowID) == [3])
        #expect(try store.storedRows(matching: "k").map(\.rowID) == [1, 2, 3])
        #expect(try store.storedRows(matching: "k", limit: 2).map(\.rowID) == [1, 2])
        #expect(try store.storedRows(matching: "x").isEmpty)
        let row = try #require(try store.storedRow(2))
        #expect(row.key == Ledger.key("k2") && row.file == "trades.csv" && row.line == 3 && row.batchID == 1)
        #expect(row.timestampText == "2024-01-02T10:00:00Z")
        #expect(try store.storedRow(4) == nil)
        #expect(try store.loadTransactions(rowIDs: [3, 1]).map(\.id) == ["k1", "k3"])
        #expect(try store.rowIDs(source: "harvest") == [1, 2, 3])
        #expect(try store.rowIDs(source: "manual").isEmpty)
    }
}

@Suite("Undoing an import")
struct UndoImportTests {
    @Test("undo removes the batch's rows and record; its edits and decisions wait; a re-import brings them back")
    func undoAndReimport() throws {
        // Given a file imported, then a later one, with an edit and a transfer decision about the later file's row
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(try Fixture.csv(Ledger.trades), file: "trades.csv", importedAt: "t1", progress: nil)
        let before = try store.loadTransactions()
        let later = try Fixture.csv(Ledger.later, file: "later.csv")
        _ = try store.importTransactions(later, file: "later.csv", importedAt: "t2", progress: nil)
        try store.saveTransactionEdit(TransactionEdit(key: Ledger.key("k4"), changes: ["received_quantity": "131"], createdAt: "t3"))
        try store.saveTransactionEdit(TransactionEdit(key: Ledger.key("k1"), note: "fine", createdAt: "t3"))
        try store.setTransferLink(
            TransferLink(TransactionReference(wallet: Wallet("kraken"), id: "k4"), .external(kind: .spend, basis: nil)), createdAt: "t4")
        #expect(try store.importBatches().map(\.stored) == [3, 1])

        // When the later batch is undone
        let undone = try #require(try store.undoImport(2))

        // Then its row and record are gone, the history is what it was before, and the edit and decision are kept
        #expect(undone.removed == 1 && undone.dormantEdits == 1 && undone.dormantDecisions == 1)
        #expect(undone.batch.file == "later.csv" && undone.batch.added == 1)
        #expect(try store.loadTransactions() == before)
        #expect(try store.importBatches().map(\.id) == [1])
        #expect(try store.transactionEdit(Ledger.key("k4"))?.rowID == nil)
        #expect(try store.transferDecisions().map(\.createdAt) == ["t4"])

        // When the later file is imported again: the edit points at the row again (the same row number: the last)
        _ = try store.importTransactions(later, file: "later.csv", importedAt: "t5", progress: nil)
        #expect(try store.transactionEdit(Ledger.key("k4"))?.rowID == 4)
        #expect(try store.importBatches().map(\.id) == [1, 3])
    }

    @Test("an unknown batch changes nothing")
    func unknownBatch() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(try Fixture.csv(Ledger.trades), file: "trades.csv", importedAt: "t1", progress: nil)
        #expect(try store.undoImport(7) == nil)
        #expect(try store.transactionCount() == 3)
    }

    @Test("undo is one database transaction: when the batch record cannot go, no row goes either")
    func atomic() throws {
        // Given a database that refuses to delete import batches (a trigger stands in for a failure half-way)
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(try Fixture.csv(Ledger.trades), file: "trades.csv", importedAt: "t1", progress: nil)
        try store.dbQueue.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE DELETE ON importBatch BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }

        // When the batch is undone, it fails, and every row is still there
        #expect(throws: (any Error).self) { try store.undoImport(1) }
        #expect(try store.transactionCount() == 3)
        #expect(try store.importBatches().map(\.stored) == [3])
    }
}

@Suite("Migration v4-ledger-edits")
struct LedgerEditMigrationTests {
    @Test("a database made before the edit layer opens with its rows, no edits, and edits can be stored")
    func upgradesV3() throws {
        // Given a file at v3-replay-inputs with one imported row (written as that schema's code writes it)
        let directory = try TemporaryDirectory("harvest-store")
        defer { directory.remove() }
        let path = directory.file("v3.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v3-replay-inputs")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO importBatch (file, source, importedAt, added, duplicates, conflicts) VALUES ('t.csv', 'harvest', 't1', 1, 0, 0)
                    """)
                try db.execute(sql: """
                    INSERT INTO ledgerTransaction (importBatchId, source, wallet, externalID, kind, timestampText, instant, date, dateOnly,
                      sentQuantity, sentAsset, receivedQuantity, receivedAsset, lotPicks, note, file, line, contentHash)
                    VALUES (1, 'harvest', 'kraken', 'k1', 'buy', '2024-01-01T10:00:00Z', 1704103200000, '2024-01-01', 0,
                      '100', 'USD', '0.002', 'BTC', '', '', 't.csv', 2, 'h')
                    """)
            }
        }

        // When it is opened by today's store
        let store = try SQLiteStore(path: path)

        // Then the migration has run, the row is there, and an edit of it is stored and found
        #expect(try store.appliedMigrations().contains("v4-ledger-edits") && store.appliedMigrations().last == MigrationTests.all.last)
        #expect(try store.loadTransactions().map(\.id) == ["k1"])
        #expect(try store.transactionEdits().isEmpty)
        try store.saveTransactionEdit(TransactionEdit(key: Ledger.key("k1"), ignored: true, createdAt: "t2"))
        #expect(try store.transactionEdits().map(\.rowID) == [1])
        #expect(try store.importBatches().map(\.stored) == [1])
    }
}
