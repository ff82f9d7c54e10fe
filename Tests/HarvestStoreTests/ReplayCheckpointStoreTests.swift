import HarvestCore
import HarvestStore
import Testing

/// The store's side of the replay checkpoints (migration v7-replay-checkpoints): what moves `ledgerState`, and how parts
/// are kept and dropped.
@Suite("Replay checkpoints in the store")
struct ReplayCheckpointStoreTests {
    @Test("every change the replay reads moves the ledger state: rows added or removed, edits, settings, prices, transfer decisions")
    func stateMoves() throws {
        let store = try SQLiteStore.inMemory()
        var states = [try store.ledgerState()]
        // A row added moves the largest rowid.
        _ = try store.importTransactions(try Fixture.csv(["2024-01-01T10:00:00Z,buy,kraken,100,USD,0.002,BTC,,,,,k1,"]), file: "a.csv",
                                         importedAt: "t", progress: nil)
        states.append(try store.ledgerState())
        try store.setSetting("method", "hifo")
        states.append(try store.ledgerState())
        try store.setSetting("method", nil)
        states.append(try store.ledgerState())
        _ = try store.importPrices(asset: Asset("BTC"), currency: Asset("USD"),
                                   points: [PricePoint(date: CivilDate(year: 2024, month: 1, day: 1)!, close: Price(Fixed(42000)))], file: "p.csv")
        states.append(try store.ledgerState())
        try store.saveTransactionEdit(TransactionEdit(key: RowKey(source: "harvest", wallet: "kraken", externalID: "k1"),
                                                      changes: ["value": "120"], createdAt: "t"))
        states.append(try store.ledgerState())
        try store.setTransferLink(TransferLink(TransactionReference(wallet: Wallet("kraken"), id: "k1"), .external(kind: .giftIn, basis: nil)),
                                  createdAt: "t")
        states.append(try store.ledgerState())
        // Undone, the batch leaves the rowids where they were before it, but the revision has moved.
        let batch = try #require(try store.importBatches().first)
        _ = try store.undoImport(batch.id)
        states.append(try store.ledgerState())
        #expect(Set(states).count == states.count, "\(states)")
        // Reading changes nothing.
        _ = try store.loadTransactions()
        #expect(try store.ledgerState() == states.last)
    }

    @Test("parts come back under their key; a new checkpoint drops those of other inputs; at most four are kept")
    func partsKeptAndDropped() throws {
        let store = try SQLiteStore.inMemory()
        try store.writeCheckpoint(key: "s1|a", validPrefix: "s1|", parts: ["summary", "lots"]) { Array($0.utf8) }
        try store.writeCheckpoint(key: "s1|b", validPrefix: "s1|", parts: ["summary"]) { _ in [1, 2, 3] }
        #expect(try store.checkpointPart(key: "s1|a", part: "lots") == Array("lots".utf8))
        #expect(try store.checkpointPart(key: "s1|b", part: "summary") == [1, 2, 3])
        #expect(try store.checkpointPart(key: "s1|b", part: "lots") == nil)
        // Inputs changed (prefix s2): the s1 checkpoints are never read again and go.
        try store.writeCheckpoint(key: "s2|a", validPrefix: "s2|", parts: ["summary"]) { _ in [9] }
        #expect(try !store.hasCheckpoint(key: "s1|a") && !store.hasCheckpoint(key: "s1|b"))
        for options in ["b", "c", "d", "e"] {
            try store.writeCheckpoint(key: "s2|" + options, validPrefix: "s2|", parts: ["summary"]) { _ in [0] }
        }
        // Five written under s2: the oldest (a) is dropped.
        #expect(try !store.hasCheckpoint(key: "s2|a"))
        #expect(try ["b", "c", "d", "e"].allSatisfy { try store.hasCheckpoint(key: "s2|" + $0) })
    }
}
