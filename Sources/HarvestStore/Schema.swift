internal import GRDB

/// The SQLite schema: named, append-only migrations (STYLE.md §15). Never edit a registered
/// migration; append a new one. Tests run this same migrator on an in-memory database.
///
/// Money and quantity columns are TEXT holding `Fixed.description` exactly (STYLE.md §14, A3):
/// a column with NUMERIC affinity would turn `0.12345678901234567890` into a REAL.
enum Schema {
    /// The migrations this binary knows, in order: their count is this Harvest's schema version.
    static var migrationNames: [String] { migrator.migrations }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // No `eraseDatabaseOnSchemaChange`, not even under DEBUG: this file holds the user's ledger,
        // and a debug build of the CLI must not wipe it.

        migrator.registerMigration("v1-ledger") { db in
            // One row per call of `importTransactions`: where the rows came from, and what happened.
            try db.create(table: "importBatch") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("file", .text).notNull()
                t.column("source", .text).notNull()
                t.column("importedAt", .text).notNull()
                t.column("added", .integer).notNull()
                t.column("duplicates", .integer).notNull()
                t.column("conflicts", .integer).notNull()
            }

            // One row per imported transaction. `id` is the insertion order: it becomes
            // `Transaction.sequence`, which breaks ties between equal timestamps. A plain INTEGER PRIMARY
            // KEY (the rowid) takes the largest id plus one, so it follows insertion order among the rows
            // present even if rows are ever deleted; AUTOINCREMENT would add ~0.5 s per million inserts.
            // `importBatchId` has no index (nothing deletes batches) for the same reason.
            try db.create(table: "ledgerTransaction") { t in
                t.primaryKey("id", .integer)
                t.column("importBatchId", .integer).notNull().references("importBatch")
                t.column("source", .text).notNull()  // the format: harvest, coinbase, ...
                t.column("wallet", .text).notNull()
                t.column("externalID", .text).notNull()  // the source's tx id (Transaction.id)
                t.column("kind", .text).notNull()
                t.column("incomeType", .text)
                t.column("timestampText", .text).notNull()  // as written, to recompute tax days
                t.column("instant", .integer).notNull()  // milliseconds since 1970-01-01T00:00:00Z
                t.column("date", .text).notNull()  // the tax day, YYYY-MM-DD
                t.column("dateOnly", .boolean).notNull()
                t.column("sentQuantity", .text).check(sql: "sentQuantity NOT LIKE '-%'")
                t.column("sentAsset", .text)
                t.column("receivedQuantity", .text).check(sql: "receivedQuantity NOT LIKE '-%'")
                t.column("receivedAsset", .text)
                t.column("feeQuantity", .text).check(sql: "feeQuantity NOT LIKE '-%'")
                t.column("feeAsset", .text)
                t.column("value", .text).check(sql: "value NOT LIKE '-%'")
                t.column("feeValue", .text).check(sql: "feeValue NOT LIKE '-%'")
                t.column("toWallet", .text)
                t.column("lotPicks", .text).notNull()  // LotPick.description joined by ";"; empty when none
                t.column("note", .text).notNull()
                t.column("file", .text).notNull()
                t.column("line", .integer)  // NULL when the transaction carried no source location
                t.column("contentHash", .text).notNull()
                // A quantity and its asset come together or not at all.
                t.check(sql: "(sentQuantity IS NULL) = (sentAsset IS NULL)")
                t.check(sql: "(receivedQuantity IS NULL) = (receivedAsset IS NULL)")
                t.check(sql: "(feeQuantity IS NULL) = (feeAsset IS NULL)")
                // What makes a re-import a no-op (DESIGN.md "tx_id").
                t.uniqueKey(["source", "wallet", "externalID"])
            }
            // Loads in time order; rowid (the insertion order) is implicitly the index's last column.
            try db.create(index: "ledgerTransaction_on_instant", on: "ledgerTransaction", columns: ["instant"])
        }

        migrator.registerMigration("v1-prices") { db in
            try db.create(table: "price") { t in
                t.column("asset", .text).notNull()
                t.column("currency", .text).notNull()
                t.column("date", .text).notNull()  // YYYY-MM-DD
                t.column("open", .text)
                t.column("high", .text)
                t.column("low", .text)
                t.column("close", .text).notNull()
                t.column("volume", .text)
                t.column("file", .text).notNull()  // the file that last set this day's prices
                t.primaryKey(["asset", "currency", "date"])
            }
        }

        migrator.registerMigration("v1-settings") { db in
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }

        // The user's decisions about deposits and withdrawals (`harvest transfers match|mark-external`).
        migrator.registerMigration("v2-transfer-links") { db in
            try db.create(table: "transferLink") { t in
                t.column("wallet", .text).notNull()
                t.column("txId", .text).notNull()
                t.column("decision", .text).notNull()     // match | external
                t.column("otherWallet", .text)            // match: the deposit
                t.column("otherTxId", .text)
                t.column("kind", .text)                   // external: what the row becomes
                t.column("basis", .text)                  // external deposit: its known cost
                t.column("createdAt", .text).notNull()
                t.primaryKey(["wallet", "txId"])
            }
        }
        // What the replay needs to apply today's settings to rows imported under other ones, and to join a block
        // explorer's rows of one on-chain transaction.
        migrator.registerMigration("v3-replay-inputs") { db in
            try db.alter(table: "ledgerTransaction") { t in
                // The wall-clock time as written, in milliseconds since 1970-01-01T00:00 local, when the row's time was
                // read in the tax time zone (a bare date, a time without an offset); NULL when the text fixes the
                // instant. The replay moves such a row's instant with the tax time zone in force.
                t.add(column: "localTime", .integer)
                // The currency `value` and `feeValue` are written in; NULL: the base currency at import.
                t.add(column: "valueCurrency", .text)
                // The on-chain transaction hash of a block explorer's row.
                t.add(column: "chainTx", .text)
            }
            // Rows stored before: a bare date is its own day; a Harvest CSV time without an offset was read in the tax
            // time zone (SQLite reads such a text as UTC, which is exactly its wall-clock time).
            try db.execute(sql: "UPDATE ledgerTransaction SET localTime = CAST(julianday(date) - 2440587.5 AS INTEGER) * 86400000 WHERE dateOnly")
            try db.execute(sql: """
                UPDATE ledgerTransaction
                SET localTime = CAST(round((julianday(replace(timestampText, 'T', ' ')) - 2440587.5) * 86400000) AS INTEGER)
                WHERE source = 'harvest' AND NOT dateOnly AND julianday(replace(timestampText, 'T', ' ')) IS NOT NULL
                  AND timestampText NOT GLOB '*[Zz]' AND timestampText NOT GLOB '*[+-][0-9][0-9]:[0-9][0-9]'
                  AND timestampText NOT GLOB '*[+-][0-9][0-9][0-9][0-9]' AND timestampText NOT GLOB '*[+-][0-9][0-9]'
                """)
            // Block explorers' ids begin with the transaction hash (the normal export's id is the hash).
            try db.execute(sql: """
                UPDATE ledgerTransaction SET chainTx = substr(externalID, 1, instr(externalID || ':', ':') - 1)
                WHERE source IN ('etherscan', 'etherscan-erc20', 'etherscan-internal') AND externalID GLOB '0x*'
                """)
        }
        // The user's corrections (`harvest tx edit|ignore`): a layer over the imported rows, never a change to them. Keyed by
        // the row's dedupe key, not its rowid, so an edit outlives `imports undo` and applies again when the same row is
        // imported again; an edit whose row is not stored is dormant.
        migrator.registerMigration("v4-ledger-edits") { db in
            try db.create(table: "txEdit") { t in
                t.column("source", .text).notNull()
                t.column("wallet", .text).notNull()
                t.column("externalID", .text).notNull()
                // The changed fields only, as a JSON object of Harvest CSV column → text as the user wrote it ("" clears
                // an optional field); `{}` when nothing is changed (an ignored row, or a note alone).
                t.column("changes", .text).notNull()
                // The base currency `value` and `fee_value` were written in; NULL when neither is changed.
                t.column("valueCurrency", .text)
                t.column("ignored", .boolean).notNull().defaults(to: false)
                t.column("note", .text).notNull().defaults(to: "")  // the user's reason
                t.column("createdAt", .text).notNull()
                t.column("updatedAt", .text).notNull()
                t.primaryKey(["source", "wallet", "externalID"])
            }
        }
        // A swap's received side valued apart, and a gift's donor: `Transaction.receivedValue`, `donorAcquired`.
        migrator.registerMigration("v5-two-values") { db in
            try db.alter(table: "ledgerTransaction") { t in
                // In the currency of `valueCurrency`, as `value` is.
                t.add(column: "receivedValue", .text)
                // YYYY-MM-DD.
                t.add(column: "donorAcquired", .text)
            }
        }
        // Money and quantities as integers (`StoredDecimal`), read back without parsing text (issue 16). SQLite cannot
        // change a column's type or its CHECK, so the table is made anew and its rows copied, each decimal converted by
        // the exact parser in Swift (`harvestStoredDecimal`): a million rows take a few seconds, once. Row ids (the
        // insertion order) are copied as they are.
        migrator.registerMigration("v6-decimals-as-integers") { db in
            db.add(function: StoredDecimal.conversion)
            defer { db.remove(function: StoredDecimal.conversion) }
            try db.create(table: "ledgerTransaction_v6") { t in
                t.primaryKey("id", .integer)
                // Checked at commit. An immediate foreign key (like a CHECK that calls a function) makes SQLite keep a
                // statement journal, a copy of every page a statement changes in a temporary file, to be able to undo one
                // statement: a million-row import wrote 4 GB to it.
                t.column("importBatchId", .integer).notNull().references("importBatch", deferred: true)
                t.column("source", .text).notNull()
                t.column("wallet", .text).notNull()
                t.column("externalID", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("incomeType", .text)
                t.column("timestampText", .text).notNull()
                t.column("instant", .integer).notNull()
                t.column("date", .text).notNull()
                t.column("dateOnly", .boolean).notNull()
                t.column("sentQuantity", .blob).check(sql: StoredDecimal.check("sentQuantity"))
                t.column("sentAsset", .text)
                t.column("receivedQuantity", .blob).check(sql: StoredDecimal.check("receivedQuantity"))
                t.column("receivedAsset", .text)
                t.column("feeQuantity", .blob).check(sql: StoredDecimal.check("feeQuantity"))
                t.column("feeAsset", .text)
                t.column("value", .blob).check(sql: StoredDecimal.check("value"))
                t.column("feeValue", .blob).check(sql: StoredDecimal.check("feeValue"))
                t.column("toWallet", .text)
                t.column("lotPicks", .text).notNull()
                t.column("note", .text).notNull()
                t.column("file", .text).notNull()
                t.column("line", .integer)
                t.column("contentHash", .text).notNull()
                t.column("localTime", .integer)
                t.column("valueCurrency", .text)
                t.column("chainTx", .text)
                t.column("receivedValue", .blob)  // not checked before v6 either: a received side's value
                t.column("donorAcquired", .text)
                t.check(sql: "(sentQuantity IS NULL) = (sentAsset IS NULL)")
                t.check(sql: "(receivedQuantity IS NULL) = (receivedAsset IS NULL)")
                t.check(sql: "(feeQuantity IS NULL) = (feeAsset IS NULL)")
                t.uniqueKey(["source", "wallet", "externalID"])
            }
            let decimals: Set<String> = ["sentQuantity", "receivedQuantity", "feeQuantity", "value", "feeValue", "receivedValue"]
            let columns = [
                "id", "importBatchId", "source", "wallet", "externalID", "kind", "incomeType", "timestampText", "instant", "date",
                "dateOnly", "sentQuantity", "sentAsset", "receivedQuantity", "receivedAsset", "feeQuantity", "feeAsset", "value",
                "feeValue", "toWallet", "lotPicks", "note", "file", "line", "contentHash", "localTime", "valueCurrency", "chainTx",
                "receivedValue", "donorAcquired",
            ]
            let read = columns.map { decimals.contains($0) ? "\(StoredDecimal.conversion.name)(\($0))" : $0 }
            try db.execute(sql: """
                INSERT INTO ledgerTransaction_v6 (\(columns.joined(separator: ", ")))
                SELECT \(read.joined(separator: ", ")) FROM ledgerTransaction ORDER BY id
                """)
            try db.drop(table: "ledgerTransaction")
            try db.rename(table: "ledgerTransaction_v6", to: "ledgerTransaction")
            try db.create(index: "ledgerTransaction_on_instant", on: "ledgerTransaction", columns: ["instant"])
        }
        // Checkpoints of the replay (issue 16): what a whole replay produced, stored in parts, keyed by everything that can
        // change it. `replayRevision` counts the changes to what the replay reads: triggers bump it on every change to the
        // settings, prices, transfer decisions and edits, and on every update or deletion of a ledger row. A ledger row
        // added is seen without a trigger (one per row would slow a million-row import by seconds): rowids only grow while
        // nothing is deleted, so the largest one moves with every insertion, and a deletion bumps the revision.
        migrator.registerMigration("v7-replay-checkpoints") { db in
            try db.execute(sql: """
                CREATE TABLE replayRevision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
                INSERT INTO replayRevision (id, revision) VALUES (1, 0);
                CREATE TABLE replayCheckpoint (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    createdAt INTEGER NOT NULL
                );
                CREATE TABLE replayCheckpointPart (
                    checkpointId INTEGER NOT NULL REFERENCES replayCheckpoint(id) ON DELETE CASCADE,
                    part TEXT NOT NULL,
                    data BLOB NOT NULL,
                    PRIMARY KEY (checkpointId, part)
                ) WITHOUT ROWID;
                """)
            let bump = "BEGIN UPDATE replayRevision SET revision = revision + 1 WHERE id = 1; END"
            for (table, events) in [("ledgerTransaction", ["UPDATE", "DELETE"]), ("price", ["INSERT", "UPDATE", "DELETE"]),
                                    ("setting", ["INSERT", "UPDATE", "DELETE"]), ("transferLink", ["INSERT", "UPDATE", "DELETE"]),
                                    ("txEdit", ["INSERT", "UPDATE", "DELETE"])] {
                for event in events {
                    try db.execute(sql: "CREATE TRIGGER replayRevision_\(table)_\(event.lowercased()) AFTER \(event) ON \(table) \(bump)")
                }
            }
        }
        // Instruments and derivative events (issue 17): `DerivativeStore.swift`.
        DerivativeSchema.register(in: &migrator)
        // What each change to the replay's inputs touches (issue 16): `ReplayChanges.swift`.
        ReplayChangeSchema.register(in: &migrator)
        // The import batch of each derivative event (issue 17): `DerivativeStore.swift`.
        DerivativeSchema.registerImportBatches(in: &migrator)
        // The checkpoints' parts in a table with rowids (issue 16): `ReplayCheckpoints.swift`.
        CheckpointSchema.register(in: &migrator)
        return migrator
    }
}
