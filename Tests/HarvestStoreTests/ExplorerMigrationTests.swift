import Foundation
import HarvestCore
import HarvestImport
@testable import HarvestStore
import HarvestTestSupport
import Testing

/// Block-explorer rows stored before migration v3-replay-inputs (no `chainTx` column): opened with today's code, each
/// row gets its hash back from its id, a re-import of the same files adds nothing, and decoding them gives the same
/// trades as a fresh import, so nothing is counted twice.
@Suite("Explorer rows stored before the chain hash")
struct ExplorerMigrationTests {
    /// A swap on 2024-03-01 (0.5 ETH out with 0.001 gas, 0.1 ETH refunded, 1,000 DAI worth $1,000 in) after a 2 ETH
    /// deposit, in Etherscan's three layouts.
    static let handWritten = [
        ("etherscan.csv", """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)","CurrentValue @ $3000/Eth","TxnFee(ETH)","TxnFee(USD)","Historical $Price/Eth","Status","ErrCode","Method"
            "0xd1","1","1709200000","2024-02-29 09:46:40","0xother","0xme","","2","0","6000","0.0004","1.2","3000","","","Transfer"
            "0xs1","2","1709290000","2024-03-01 10:46:40","0xme","0xrouter","","0","0.5","1500","0.001","3","3000","","","Swap Exact ETH For Tokens"

            """),
        ("etherscan-erc20.csv", """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","TokenValue","USDValueDayOfTx","ContractAddress","TokenName","TokenSymbol"
            "0xs1","2","1709290000","2024-03-01 10:46:40","0xrouter","0xme","1000","$1,000.00","0xdai","Dai Stablecoin","DAI"

            """),
        ("etherscan-internal.csv", """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","ParentTxFrom","ParentTxTo","ParentTxETH_Value","From","TxTo","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)","CurrentValue @ $3000/Eth","Historical $Price/Eth","Status","ErrCode","Type"
            "0xs1","2","1709290000","2024-03-01 10:46:40","0xme","0xrouter","0.5","0xrouter","0xme","","0.1","0","300","3000","0","","call"

            """),
    ]

    /// Each file read as `harvest import` reads it (format by header).
    static func parse(_ files: [(name: String, text: String)], address: String?) throws -> [(file: String, rows: ParsedImport)] {
        try files.map { name, text in
            guard case .found(let format, let line) = ExchangeFormats.detect(text) else { throw LegacyError.unrecognized(name) }
            return (name, try ExchangeImporter.parse(text, file: name, format: format, headerLine: line, options: .init(address: address)))
        }
    }

    enum LegacyError: Error { case unrecognized(String) }

    /// The rows as Harvest wrote them before v3: one import batch per file, the v1 columns, today's ids and hashes.
    static func legacyInserts(_ files: [(file: String, rows: ParsedImport)]) -> [String] {
        func text(_ value: String?) -> String { value.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL" }
        var statements: [String] = []
        for (batch, (file, parsed)) in files.enumerated() {
            statements.append("INSERT INTO importBatch (id, file, source, importedAt, added, duplicates, conflicts) VALUES "
                + "(\(batch + 1), \(text(file)), \(text(parsed.source)), '2024-04-01T00:00:00Z', \(parsed.rows.count), 0, 0)")
            for row in parsed.rows {
                let tx = row.transaction
                let values: [String] = [
                    "\(batch + 1)", text(parsed.source), text(tx.wallet.name), text(tx.id), text(tx.kind.rawValue), text(tx.incomeType?.rawValue),
                    text(row.timestampText), "\(tx.timestamp.millisecondsSinceEpoch)", text(tx.date.description), row.dateOnly ? "1" : "0",
                    text(tx.sent?.quantity.description), text(tx.sent?.asset.symbol), text(tx.received?.quantity.description),
                    text(tx.received?.asset.symbol), text(tx.fee?.quantity.description), text(tx.fee?.asset.symbol),
                    text((tx.value ?? row.writtenValue)?.description), text(tx.feeValue?.description), text(tx.toWallet?.name),
                    text(tx.lotPicks.map(\.description).joined(separator: ";")), text(tx.note), text(tx.source?.file ?? file),
                    tx.source.map { "\($0.line)" } ?? "NULL", text(row.contentHash),
                ]
                statements.append("""
                    INSERT INTO ledgerTransaction (importBatchId, source, wallet, externalID, kind, incomeType, timestampText, instant, date,
                    dateOnly, sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset, value, feeValue, toWallet,
                    lotPicks, note, file, line, contentHash) VALUES (\(values.joined(separator: ", ")))
                    """)
            }
        }
        return statements
    }

    /// Opens a database written before v3 with today's code, and checks it against a fresh import of the same files.
    static func check(_ files: [(file: String, rows: ParsedImport)]) throws -> (old: OnChainDecoding, fresh: OnChainDecoding) {
        let directory = try TemporaryDirectory("harvest-store")
        defer { directory.remove() }
        let path = directory.file("before-v3.sqlite")
        // Given a database as Harvest left it before v3-replay-inputs
        try SQLiteStore.writeLegacyDatabase(path: path, migratedUpTo: "v2-transfer-links", statements: legacyInserts(files))

        // When today's code opens it
        let store = try SQLiteStore(path: path)
        #expect(try store.appliedMigrations() == MigrationTests.all)

        // Then its rows are the rows of a fresh import, hashes and all
        let fresh = try SQLiteStore.inMemory()
        for (file, parsed) in files { _ = try fresh.importTransactions(parsed, file: file, importedAt: "t", progress: nil) }
        let loaded = try store.loadTransactions(), freshLoaded = try fresh.loadTransactions()
        #expect(loaded.allSatisfy { $0.chainTransaction != nil && $0.id.hasPrefix($0.chainTransaction ?? "-") })
        #expect(loaded == freshLoaded)

        // And importing the same files again adds nothing
        for (file, parsed) in files {
            let again = try store.importTransactions(parsed, file: file, importedAt: "t2", progress: nil)
            #expect(again == ImportSummary(added: 0, duplicates: parsed.rows.count, conflicts: []), "\(file)")
        }
        #expect(try store.transactionCount() == files.reduce(0) { $0 + $1.rows.rows.count })
        let decoder = OnChainDecoder()
        return (decoder.decode(try store.loadTransactions()), decoder.decode(freshLoaded))
    }

    @Test("hand-written rows: the hash comes back, a re-import adds 0 rows, and the swap is one trade as in a fresh import")
    func handWrittenRows() throws {
        let (old, fresh) = try Self.check(try Self.parse(Self.handWritten.map { ($0.0, $0.1) }, address: "0xme"))
        // 0.5 ETH out, 0.1 back: 0.4 ETH for 1,000 DAI, the gas its fee, valued at the DAI row's $1,000.
        func shown(_ tx: Transaction) -> String {
            let amounts = [tx.sent?.description, tx.received?.description, tx.fee?.description, tx.value?.description].map { $0 ?? "-" }
            return ([tx.id, tx.kind.rawValue] + amounts).joined(separator: " ")
        }
        #expect(old.transactions.map(shown) == [
            "0xd1 deposit - 2 ETH - -",
            "0xs1 trade 0.4 ETH 1000 DAI 0.001 ETH 1000",
        ])
        #expect(old.transactions == fresh.transactions && old.count(.swap) == 1)
    }

    @Test("the 0x003dc sample's three files: the same 91 swaps whether stored before v3 or imported today",
          .enabled(if: SharedData.exists("data/exports/etherscan"), "../shared/data/exports is absent: the Etherscan sample is not checked"))
    func realSample() throws {
        let folder = SharedData.folder("data/exports/etherscan")
        let files = try ["", "-erc20", "-internal"].map { suffix in
            let name = "privatefolio_0x003dc_etherscan\(suffix).csv"
            return (name, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
        let (old, fresh) = try Self.check(try Self.parse(files, address: nil))
        #expect(old.transactions == fresh.transactions)
        #expect(old.count(.swap) == 91 && fresh.count(.swap) == 91)
    }
}
