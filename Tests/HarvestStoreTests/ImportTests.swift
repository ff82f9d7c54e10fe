import HarvestCore
import HarvestImport
import HarvestStore
import Testing

@Suite("Importing transactions is idempotent")
struct IdempotentImportTests {
    static let file1 = [
        "2024-01-01T10:00:00Z,buy,kraken,100,USD,0.002,BTC,,,,,k1,",
        "2024-01-02T10:00:00Z,buy,kraken,200,USD,0.004,BTC,,,,,k2,",
        "2024-01-03,staking,kraken,,,0.1,ETH,,,300,,,",  // no tx_id: identified by its content
    ]

    @Test("importing the same file twice adds nothing the second time")
    func sameFileTwice() throws {
        // Given a file imported once
        let store = try SQLiteStore.inMemory()
        let parsed = try Fixture.csv(Self.file1)
        let first = try store.importTransactions(parsed, file: "trades.csv", importedAt: "t1", progress: nil)
        let before = try store.loadTransactions()

        // When it is imported again
        let second = try store.importTransactions(parsed, file: "trades.csv", importedAt: "t2", progress: nil)

        // Then every row is a duplicate, none a conflict, and the ledger is unchanged
        #expect(first == ImportSummary(added: 3, duplicates: 0, conflicts: []))
        #expect(second == ImportSummary(added: 0, duplicates: 3, conflicts: []))
        #expect(try store.loadTransactions() == before)
    }

    @Test("an overlapping file adds only its new rows")
    func overlappingFile() throws {
        // Given the first file imported
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(try Fixture.csv(Self.file1), file: "trades.csv", importedAt: "t1", progress: nil)

        // When a later export repeats two of its rows and adds two
        let later = try Fixture.csv(Array(Self.file1[1...]) + [
            "2024-01-04T10:00:00Z,sell,kraken,0.001,BTC,60,USD,,,,,k4,",
            "2024-01-05,staking,kraken,,,0.1,ETH,,,310,,,",
        ], file: "trades-later.csv")
        let summary = try store.importTransactions(later, file: "trades-later.csv", importedAt: "t2", progress: nil)

        // Then only the two new rows are added, and they come from the later file
        #expect(summary == ImportSummary(added: 2, duplicates: 2, conflicts: []))
        let loaded = try store.loadTransactions()
        #expect(loaded.count == 5)
        #expect(loaded.map { $0.source?.description } == [
            "trades.csv:2", "trades.csv:3", "trades.csv:4", "trades-later.csv:4", "trades-later.csv:5",
        ])
    }

    @Test("repeats within the file are counted as duplicates")
    func duplicatesInFile() throws {
        // Given a file that repeats a row exactly
        let parsed = try Fixture.csv(Self.file1 + [Self.file1[0]])
        #expect(parsed.duplicatesInFile == 1)

        // When it is imported
        let store = try SQLiteStore.inMemory()
        let summary = try store.importTransactions(parsed, file: "trades.csv", importedAt: "t1", progress: nil)

        // Then the repeat is a duplicate
        #expect(summary == ImportSummary(added: 3, duplicates: 1, conflicts: []))
    }

    @Test("the same id in another wallet or from another source is a different transaction")
    func identityIsSourceWalletAndID() throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(Fixture.parsed([Fixture.buy("42", wallet: "kraken")]), file: "a.csv", importedAt: "t", progress: nil)

        let otherWallet = try store.importTransactions(
            Fixture.parsed([Fixture.buy("42", wallet: "coinbase")]), file: "b.csv", importedAt: "t", progress: nil)
        let otherSource = try store.importTransactions(
            Fixture.parsed([Fixture.buy("42", wallet: "kraken")], source: "kraken"), file: "c.csv", importedAt: "t", progress: nil)

        #expect(otherWallet.added == 1)
        #expect(otherSource.added == 1)
        #expect(try store.transactionCount() == 3)
    }

    @Test("a different row under a stored id is reported, and the first one is kept")
    func conflictingContent() throws {
        // Given tx 42 imported from trades.csv line 7
        let store = try SQLiteStore.inMemory()
        let original = Fixture.buy("42", quantity: 1, file: "trades.csv", line: 7)
        _ = try store.importTransactions(
            ParsedImport(source: "harvest", rows: [Fixture.row(original, hash: "first")], duplicatesInFile: 0),
            file: "trades.csv", importedAt: "t1", progress: nil)

        // When another file brings tx 42 with other content, and a new row
        let changed = Fixture.buy("42", quantity: 2, file: "fixed.csv", line: 3)
        let fresh = Fixture.buy("43", file: "fixed.csv", line: 4)
        let summary = try store.importTransactions(
            ParsedImport(source: "harvest", rows: [Fixture.row(changed, hash: "second"), Fixture.row(fresh)], duplicatesInFile: 0),
            file: "fixed.csv", importedAt: "t2", progress: nil)

        // Then the conflict is named, the new row added, and the stored tx 42 is the first one
        #expect(summary == ImportSummary(
            added: 1, duplicates: 1,
            conflicts: ["tx 42 in wallet kraken: already imported from trades.csv:7 with different content; kept the first"]))
        #expect(try store.loadTransactions().first { $0.id == "42" }?.received?.quantity == 1)
    }
}

extension IdempotentImportTests {
    @Test("a conflict with a row stored without a line names the file alone")
    func conflictWithoutLine() throws {
        // Given tx 7 stored from a transaction that carried no source location
        let store = try SQLiteStore.inMemory()
        var original = Fixture.buy("7")
        original.source = nil
        _ = try store.importTransactions(
            ParsedImport(source: "harvest", rows: [Fixture.row(original, hash: "a")], duplicatesInFile: 0),
            file: "api-export.json", importedAt: "t1", progress: nil)

        // When a different tx 7 arrives
        let summary = try store.importTransactions(
            ParsedImport(source: "harvest", rows: [Fixture.row(Fixture.buy("7", quantity: 3), hash: "b")], duplicatesInFile: 0),
            file: "trades.csv", importedAt: "t2", progress: nil)

        // Then the message names the batch's file, and the stored row still has no source
        #expect(summary.conflicts == ["tx 7 in wallet kraken: already imported from api-export.json with different content; kept the first"])
        #expect(try store.loadTransactions().map(\.source) == [nil])
    }
}

@Suite("Importing transactions is atomic")
struct AtomicImportTests {
    @Test("a row the database rejects half-way leaves nothing of the import behind")
    func rejectedRowRollsBack() throws {
        // Given a store holding one earlier import
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(Fixture.parsed([Fixture.buy("old")]), file: "old.csv", importedAt: "t0", progress: nil)

        // When an import's third row sends a negative quantity (the schema's CHECK refuses it),
        // after two rows were already inserted in the same transaction
        var negative = Fixture.buy("bad", file: "new.csv", line: 4)
        negative.sent = Amount("-100", .usd)
        let rows = [Fixture.buy("n1", file: "new.csv", line: 2), Fixture.buy("n2", file: "new.csv", line: 3), negative,
                    Fixture.buy("n3", file: "new.csv", line: 5)]
        let log = ProgressLog()
        let error = #expect(throws: StoreError.self) {
            try store.importTransactions(Fixture.parsed(rows), file: "new.csv", importedAt: "t1", progress: log.callback)
        }

        // Then the error names the row, and the store holds only the earlier import
        guard case .rejectedRow(let reference, let reason) = error else {
            Issue.record("expected rejectedRow, got \(String(describing: error))")
            return
        }
        #expect(reference == "new.csv:4 (tx bad)")
        #expect(reason.contains("CHECK"))
        #expect(log.reports.isEmpty)
        #expect(try store.loadTransactions().map(\.id) == ["old"])

        // And importing the good rows afterwards adds all of them: none was left half-written
        let retry = try store.importTransactions(
            Fixture.parsed([rows[0], rows[1], rows[3]]), file: "new.csv", importedAt: "t2", progress: nil)
        #expect(retry == ImportSummary(added: 3, duplicates: 0, conflicts: []))
    }

    @Test("negative amounts are refused in every amount column", arguments: ["sent", "received", "fee", "value", "feeValue"])
    func negativeAmounts(_ column: String) throws {
        let store = try SQLiteStore.inMemory()
        var row = Fixture.buy("x")
        switch column {
        case "sent": row.sent = Amount("-1", .usd)
        case "received": row.received = Amount("-0.000000000000000001", Asset("BTC"))
        case "fee": row.fee = Amount("-1", .usd)
        case "value": row.value = "-1"
        default: row.feeValue = "-1"
        }

        #expect(throws: StoreError.self) {
            try store.importTransactions(Fixture.parsed([row]), file: "f.csv", importedAt: "t", progress: nil)
        }
        #expect(try store.transactionCount() == 0)
    }
}

@Suite("Stored transactions keep their order")
struct SequenceOrderTests {
    @Test("ties at equal timestamps keep file order, then import order")
    func tiesKeepInsertionOrder() throws {
        // Given a first file with two rows at the same instant (listed B then A) and one later row
        let store = try SQLiteStore.inMemory()
        let noon = "2024-05-01T12:00:00Z"
        _ = try store.importTransactions(
            Fixture.parsed([Fixture.buy("B", at: noon), Fixture.buy("A", at: noon), Fixture.buy("late", at: "2024-05-02T12:00:00Z")]),
            file: "one.csv", importedAt: "t1", progress: nil)

        // When a second file adds a row at the same instant and one earlier than all
        _ = try store.importTransactions(
            Fixture.parsed([Fixture.buy("C", at: noon), Fixture.buy("early", at: "2024-04-30T12:00:00Z")]),
            file: "two.csv", importedAt: "t2", progress: nil)

        // Then loading orders by time, and equal times by insertion: B, A (file order), then C (import order)
        let loaded = try store.loadTransactions()
        #expect(loaded.map(\.id) == ["early", "B", "A", "C", "late"])
        #expect(loaded.map(\.sequence) == [5, 1, 2, 4, 3])
    }
}
