internal import GRDB
import Foundation
import HarvestCore

/// The embedded ledger store: one SQLite file, accessed through a GRDB `DatabaseQueue` (STYLE.md A3:
/// "if you are not sure, choose DatabaseQueue"; the CLI is one process doing one thing at a time).
///
/// Every write method is one database transaction: it happens whole or not at all.
public final class SQLiteStore: Sendable {
    /// Internal, not private: the ledger's other tables (edits, import batches) are read and written in their own files.
    /// Writes go through `write`, which refuses a database from a newer Harvest and names who holds a busy one.
    let dbQueue: DatabaseQueue
    /// The file (nil in memory): where the note of the command writing it is kept beside it (`holderPath`).
    let path: String?
    /// Who this process is, written beside the database while it writes (`harvest import big.csv`, pid).
    let holder: String
    /// Set when the database was written by a newer Harvest: its migrations this binary does not know.
    public let newerSchema: NewerSchema?

    /// A database whose schema is ahead of this binary's: it may be read, never written.
    public struct NewerSchema: Sendable, Equatable, CustomStringConvertible {
        /// Migrations applied to the database (its schema version) and known to this binary (this Harvest's).
        public var databaseVersion: Int
        public var knownVersion: Int
        public var unknownMigrations: [String]
        public var description: String {
            "the database has schema version \(databaseVersion) (migrations \(unknownMigrations.joined(separator: ", ")) are unknown here), "
                + "written by a newer Harvest than this one (schema version \(knownVersion)): it is not written; "
                + "use the newer Harvest, or another --db"
        }
    }

    /// Opens the database file at `path`, creating it if needed, and brings its schema up to date.
    /// - Parameters:
    ///   - path: the file; its parent directory must exist (the CLI creates it).
    ///   - busyTimeout: how long a write waits for another process's write to finish before `StoreError.busy`.
    ///   - holder: what this process is, for the message another one gets while this one writes.
    /// - Throws: a GRDB `DatabaseError` when the file cannot be opened or is not a Harvest database.
    public convenience init(path: String, busyTimeout: Double = 60, holder: String = "another harvest command") throws {
        do {
            try self.init(
                queue: DatabaseQueue(path: path, configuration: SQLiteStore.configuration(busyTimeout: busyTimeout, wal: true)), path: path,
                holder: holder)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            // Opening sets up WAL and reads the schema: a writer holding the file past the timeout is named here too.
            throw StoreError.busy(path: path, holder: SQLiteStore.holderNote(path + "-writer"))
        }
    }

    /// The note a writing command leaves beside the database (`holderPath`), if any.
    static func holderNote(_ notePath: String) -> String? {
        FileManager.default.contents(atPath: notePath).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A fresh database in memory, with the same migrations as a file: for tests and `harvest demo`.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(queue: DatabaseQueue(configuration: configuration(busyTimeout: 0, wal: false)), path: nil, holder: "")
    }

    private init(queue: DatabaseQueue, path: String?, holder: String) throws {
        dbQueue = queue
        self.path = path
        self.holder = holder
        let migrator = Schema.migrator
        // Read first: an up-to-date database needs no write (so opening one never waits for another command's write),
        // and one written by a newer Harvest must not be migrated (issue 19).
        let (applied, complete) = try queue.read { db in (try migrator.appliedIdentifiers(db), try migrator.hasCompletedMigrations(db)) }
        let known = Schema.migrationNames
        let unknown = applied.filter { !known.contains($0) }.sorted()
        newerSchema = unknown.isEmpty ? nil : NewerSchema(databaseVersion: applied.count, knownVersion: known.count, unknownMigrations: unknown)
        if newerSchema == nil && !complete {
            try write { _ in }  // takes the write lock (waiting its turn) and fails clearly when it cannot
            try migrator.migrate(queue)
        }
    }

    /// A write transaction: refused for a newer Harvest's database; while it runs, a note beside the file says which
    /// command holds the database; a write that still cannot start after the busy timeout names the holder.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        if let newerSchema { throw StoreError.newerSchema(newerSchema) }
        do {
            return try dbQueue.write { db in
                // Written once the write lock is ours: no other writer can be writing its own note now.
                let note = holderPath
                if let note { FileManager.default.createFile(atPath: note, contents: Data(holder.utf8)) }
                defer { if let note { try? FileManager.default.removeItem(atPath: note) } }
                return try updates(db)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError.busy(path: path ?? ":memory:", holder: holderPath.flatMap(SQLiteStore.holderNote))
        }
    }

    /// `<database>-writer`: the command writing the database now, if any.
    var holderPath: String? { path.map { $0 + "-writer" } }

    private static func configuration(busyTimeout: Double, wal: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.label = "harvest"
        // Writers queue: a second import, or `settings set` during an import, waits its turn instead of failing at once
        // with "database is locked". WAL lets readers (`gains` during an import) read the last committed state beside a
        // writer, so a reader never makes a writer fail, not even at COMMIT (issue 19).
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // WAL set once, when the file is not in it yet: the mode is kept in the file. (GRDB's `journalMode = .wal`
            // also creates and drops a table at every open, which changes the file even for a command that only reads.)
            // 16 KiB pages for a new file (an existing one keeps its own: SQLite changes the size only before the first
            // table): a quarter of the reads and writes of 4 KiB pages, each a system call. A million-row import into a
            // fresh database writes its 250 MB once to the log and once to the file; at 16 KiB it took about 20% less
            // time (measured with the sqlite3 shell on this machine's 2 cores, three rounds).
            try db.execute(sql: "PRAGMA page_size = \(SQLiteStore.pageSize)")
            if wal, try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() != "wal" {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            // 64 MiB of page cache (the default is 2 MiB): a million-row import updates two indexes
            // with keys in no particular order, and spilling the cache mid-transaction is slow.
            try db.execute(sql: "PRAGMA cache_size = -\(SQLiteStore.cacheKiB)")
        }
        return configuration
    }

    /// The page size of a new database file, in bytes.
    static let pageSize = 16_384
    /// The page cache of a connection, in KiB (64 MiB).
    static let cacheKiB = 65_536
    /// The page cache while an import writes (256 MiB): a million rows and their two indexes take some 240 MiB of pages.
    static let importCacheKiB = 262_144

    /// The names of the migrations applied to this database, in order.
    public func appliedMigrations() throws -> [String] {
        try dbQueue.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    // MARK: - Transactions

    /// Stores a parsed file in one database transaction: all rows or none.
    ///
    /// Rows whose (source, wallet, transaction id) are stored already are skipped and counted as
    /// duplicates; if their `contentHash` differs they are also listed in `conflicts` (the first
    /// import wins). `parsed.duplicatesInFile` is added to `duplicates`.
    /// - Parameters:
    ///   - parsed: the importer's output.
    ///   - file: the file's name, recorded with the import batch (and for rows that carry no source).
    ///   - importedAt: when, as the caller (who owns the clock) writes it.
    ///   - progress: called with (rows done, rows in all) every 10,000 rows and at the end.
    /// - Throws: `StoreError.rejectedRow` when the database refuses a row (e.g. a negative quantity);
    ///   nothing is written then.
    public func importTransactions(
        _ parsed: ParsedImport, file: String, importedAt: String, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    ) throws -> ImportSummary {
        // Laid out a chunk at a time, so a large file is not held twice.
        var offset = 0
        return try importTransactions(
            source: parsed.source, file: file, importedAt: importedAt, total: parsed.rows.count,
            next: {
                guard offset < parsed.rows.count else { return nil }
                let end = min(offset + 50_000, parsed.rows.count)
                defer { offset = end }
                return LedgerRows(Array(parsed.rows[offset..<end]), file: file)
            },
            duplicatesInFile: { parsed.duplicatesInFile }, progress: progress)
    }

    /// Imports rows handed over in chunks by `next` (nil when there are no more) in one database transaction:
    /// a file written while it is still being read. When `next` throws, nothing is written.
    /// - Parameters:
    ///   - total: the rows expected in all, for progress; 0 when unknown.
    ///   - duplicatesInFile: the file's own repeated rows, asked once every chunk is in.
    ///   - alongside: other rows of the same file written in the same transaction under the same batch (a file's
    ///     derivative events), returning how many it added and how many it skipped as stored already: the batch counts them.
    func importTransactions(
        source: String, file: String, importedAt: String, total: Int = 0, next: () throws -> LedgerRows?,
        duplicatesInFile: () -> Int, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?,
        alongside: (Database, _ batchID: Int64) throws -> (added: Int, duplicates: Int) = { _, _ in (0, 0) }
    ) throws -> ImportSummary {
        try write { db in
            // Room for a large import's pages in the cache while it runs (SQLite takes it only as pages are used): spilled
            // mid-transaction, a page of the indexes is written to the log again each time it changes after.
            try db.execute(sql: "PRAGMA cache_size = -\(SQLiteStore.importCacheKiB)")
            defer { try? db.execute(sql: "PRAGMA cache_size = -\(SQLiteStore.cacheKiB)") }
            try db.execute(
                sql: "INSERT INTO importBatch (file, source, importedAt, added, duplicates, conflicts) VALUES (?, ?, ?, 0, 0, 0)",
                arguments: [file, source, importedAt])
            let batchID = db.lastInsertedRowID
            var inserts = try BatchInserts(db, batchID: batchID, source: source, file: file)
            defer { inserts.finish() }
            while let rows = try next() {
                try inserts.write(rows, total: total, progress: progress)
            }
            progress?(inserts.done, max(total, inserts.done))
            inserts.summary.duplicates += duplicatesInFile()
            let other = try alongside(db, batchID)

            try db.execute(
                sql: "UPDATE importBatch SET added = ?, duplicates = ?, conflicts = ? WHERE id = ?",
                arguments: [inserts.summary.added + other.added, inserts.summary.duplicates + other.duplicates,
                            inserts.summary.conflicts.count, batchID])
            return inserts.summary
        }
    }

    /// Rows written by one INSERT statement in a large import: a statement's start and end are paid once for this
    /// many rows (SQLite's limit of 32,766 parameters would allow up to 1,489).
    static let rowsPerInsert = 16

    /// Every stored transaction, in time order (then insertion order), with `sequence` = the row's
    /// insertion order (so ties at equal timestamps keep file order and import order) and `source`
    /// = the file and line of the row it came from (nil when it was stored without a line).
    ///
    /// With a `zone`, tax days (and the instants of times written without an offset) are the ones in that zone; with a
    /// `baseCurrency`, values written in another currency are left out (the replay prices those rows). Without them,
    /// rows read as they were stored.
    ///
    /// With `through`, SQLite selects the rows that can fall on or before that day, and the edited rows (an edit may move
    /// a row's time): every row whose tax day is `through` or earlier is among them, and some later ones may be (a row's
    /// day moves with the tax time zone by up to two days). The caller keeps the days it wants; this saves reading the rest.
    /// - Throws: `StoreError.corruptRow` when a stored value does not read back.
    ///
    /// With `from` (and no `through`), the same from the other end: the rows that can fall on or after that day, and the
    /// edited rows.
    public func loadTransactions(
        zone: (any CivilTimeZone)? = nil, baseCurrency: Asset? = nil, through: CivilDate? = nil, from: CivilDate? = nil
    ) throws -> [Transaction] {
        try dbQueue.read { db in
            var transactions: [Transaction] = []
            // Every stored instant of a row dated `through` or earlier in any zone is before this one (see the doc comment).
            let bound = through.map { Int64($0.daysSinceEpoch + SQLiteStore.throughMarginDays) * 86_400_000 }
            // Every stored instant of a row dated `from` or later in any zone is this one or later.
            let lowerBound = through == nil ? from.map { Int64($0.daysSinceEpoch - SQLiteStore.throughMarginDays) * 86_400_000 } : nil
            let expected = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM ledgerTransaction" + (bound.map { " WHERE instant < \($0)" } ?? "")
                    + (lowerBound.map { " WHERE instant >= \($0)" } ?? "")) ?? 0
            transactions.reserveCapacity(expected)
            var decoder = TransactionColumns.Decoder(zone: zone, baseCurrency: baseCurrency)
            var inOrder = true
            func read(_ sql: String) throws {
                let rows = try FastStatement(db, sql: sql)
                defer { rows.finish() }
                while try rows.step() {
                    let transaction = try decoder.transaction(rows)
                    if let last = transactions.last, (transaction.timestamp, transaction.sequence) < (last.timestamp, last.sequence) {
                        inOrder = false
                    }
                    transactions.append(transaction)
                }
            }
            // An edit may move a row's time: the edited rows outside the bound are read too.
            let edited = """
                EXISTS (
                  SELECT 1 FROM txEdit e
                  WHERE e.source = ledgerTransaction.source AND e.wallet = ledgerTransaction.wallet AND e.externalID = ledgerTransaction.externalID)
                """
            if let lowerBound {
                // The edited rows before the bound first, then the rest: in time order.
                try read(TransactionColumns.selectSQL + " WHERE instant < \(lowerBound) AND \(edited) ORDER BY instant, id")
                try read(TransactionColumns.selectSQL + " WHERE instant >= \(lowerBound) ORDER BY instant, id")
            } else if let bound {
                try read(TransactionColumns.selectSQL + " WHERE instant < \(bound) ORDER BY instant, id")
                try read(TransactionColumns.selectSQL + " WHERE instant >= \(bound) AND \(edited) ORDER BY instant, id")
            } else {
                try read(TransactionColumns.selectSQL + " ORDER BY instant, id")
            }
            // Times written without an offset move with the zone, and may pass rows whose instant is fixed.
            if !inOrder { transactions.sort { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) } }
            return transactions
        }
    }

    /// Days after `through` whose stored instants `loadTransactions(through:)` still reads: a tax day ends at most 14 hours
    /// after midnight UTC, and a wall-clock time read under another zone moves by at most 26 hours.
    static let throughMarginDays: Int32 = 4

    public func transactionCount() throws -> Int {
        try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledgerTransaction") ?? 0 }
    }

    // MARK: - Prices

    /// Stores daily prices of `asset` in `currency`, replacing the days already stored, in one
    /// database transaction.
    /// - Returns: how many days were new, changed, or the same as stored.
    public func importPrices(asset: Asset, currency: Asset, points: [PricePoint], file: String) throws -> PriceImportSummary {
        try write { db in
            let select = try db.makeStatement(sql: """
                SELECT open, high, low, close, volume FROM price WHERE asset = ? AND currency = ? AND date = ?
                """)
            let upsert = try db.makeStatement(sql: """
                INSERT INTO price (asset, currency, date, open, high, low, close, volume, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (asset, currency, date) DO UPDATE SET
                  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                  volume = excluded.volume, file = excluded.file
                """)
            var summary = PriceImportSummary(added: 0, replaced: 0, unchanged: 0)
            for point in points {
                let date = point.date.description
                // Fixed.description is canonical, so equal texts are equal values.
                let values: [String?] = [
                    point.open?.description, point.high?.description, point.low?.description, point.close.description,
                    point.volume?.description,
                ]
                if let stored = try Row.fetchOne(select, arguments: [asset.symbol, currency.symbol, date]) {
                    let storedValues: [String?] = (0..<5).map { stored[$0] }
                    if storedValues == values {
                        summary.unchanged += 1
                        continue
                    }
                    summary.replaced += 1
                } else {
                    summary.added += 1
                }
                try upsert.execute(arguments: [asset.symbol, currency.symbol, date] + StatementArguments(values) + [file])
            }
            return summary
        }
    }

    /// The daily closes of every asset quoted in `currency`.
    /// - Throws: `StoreError.corruptRow` when a stored date or price does not read back.
    public func loadPrices(currency: Asset) throws -> PriceBook {
        try dbQueue.read { db in
            var points: [Asset: [(CivilDate, Price)]] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT rowid, asset, date, close FROM price WHERE currency = ? ORDER BY asset, date", arguments: [currency.symbol])
            while let row = try rows.next() {
                var rowID: Int64 = 0
                if case .int64(let id) = (row[0] as DatabaseValue).storage { rowID = id }
                let dateText = try row.text(2, table: "price", rowID: rowID), closeText = try row.text(3, table: "price", rowID: rowID)
                guard let date = CivilDate(iso: dateText) else {
                    throw StoreError.corruptRow(table: "price", rowID: rowID, column: "date", value: dateText)
                }
                guard let close = try? Price(parsing: closeText) else {
                    throw StoreError.corruptRow(table: "price", rowID: rowID, column: "close", value: closeText)
                }
                points[Asset(try row.text(1, table: "price", rowID: rowID)), default: []].append((date, close))
            }
            var book = PriceBook()
            for (asset, series) in points { book.set(asset, PriceSeries(series)) }
            return book
        }
    }

    public func priceCount() throws -> Int {
        try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM price") ?? 0 }
    }

    // MARK: - Settings

    /// Every stored setting, by key.
    public func settings() throws -> [String: String] {
        try dbQueue.read { db in
            var settings: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT key, value FROM setting")
            while let row = try rows.next() {
                settings[try row.text(0, table: "setting", rowID: 0)] = try row.text(1, table: "setting", rowID: 0)
            }
            return settings
        }
    }

    /// One setting, or nil when it is not set.
    public func setting(_ key: String) throws -> String? {
        try dbQueue.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    /// Sets `key` to `value`; nil deletes it.
    public func setSetting(_ key: String, _ value: String?) throws {
        try write { db in
            if let value {
                try db.execute(
                    sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
            }
        }
    }

    // MARK: - Transfer links

    /// The user's decisions about deposits and withdrawals, oldest first.
    public func transferLinks() throws -> [TransferLink] { try transferDecisions().map(\.link) }

    /// The stored transfer decisions with when each was made, oldest first (the order the matcher applies them in).
    public func transferDecisions() throws -> [TransferDecision] {
        try dbQueue.read { db in
            var decisions: [TransferDecision] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT wallet, txId, decision, otherWallet, otherTxId, kind, basis, createdAt, rowid FROM transferLink ORDER BY createdAt, rowid")
            while let row = try rows.next() {
                // Read without `as String`, which traps on a NULL or a number (a hand-edited file, issue 19): such a row is
                // `StoreError.corruptRow`, naming the table, row and column.
                var rowID: Int64 = 0
                if case .int64(let id) = (row[8] as DatabaseValue).storage { rowID = id }
                func text(_ index: Int) throws -> String { try row.text(index, table: "transferLink", rowID: rowID) }
                let reference = TransactionReference(wallet: Wallet(try text(0)), id: try text(1))
                let link: TransferLink
                switch try text(2) {
                case "match":
                    let other = TransactionReference(wallet: Wallet(try text(3)), id: try text(4))
                    link = TransferLink(reference, .match(deposit: other))
                default:
                    let kind = TransactionKind(rawValue: try row.optionalText(5, table: "transferLink", rowID: rowID) ?? "") ?? .withdrawal
                    let basis = try row.optionalText(6, table: "transferLink", rowID: rowID).flatMap { try? Money(parsing: $0) }
                    link = TransferLink(reference, .external(kind: kind, basis: basis))
                }
                decisions.append(TransferDecision(link: link, createdAt: try text(7)))
            }
            return decisions
        }
    }

    /// Records a decision about `link.transaction` (replacing an earlier one); nil decision deletes it.
    public func setTransferLink(_ link: TransferLink, createdAt: String) throws {
        try setTransferLinks([link], createdAt: createdAt)
    }

    /// Records decisions (each replacing an earlier one about its transaction) in one database transaction.
    public func setTransferLinks(_ links: [TransferLink], createdAt: String) throws {
        try write { db in
            for link in links { try Self.store(link, createdAt: createdAt, in: db) }
        }
    }

    private static func store(_ link: TransferLink, createdAt: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM transferLink WHERE wallet = ? AND txId = ?", arguments: [link.transaction.wallet.name, link.transaction.id])
        switch link.decision {
        case .match(let deposit):
            try db.execute(sql: "DELETE FROM transferLink WHERE wallet = ? AND txId = ?", arguments: [deposit.wallet.name, deposit.id])
            try db.execute(
                sql: "INSERT INTO transferLink (wallet, txId, decision, otherWallet, otherTxId, createdAt) VALUES (?, ?, 'match', ?, ?, ?)",
                arguments: [link.transaction.wallet.name, link.transaction.id, deposit.wallet.name, deposit.id, createdAt])
        case .external(let kind, let basis):
            try db.execute(
                sql: "INSERT INTO transferLink (wallet, txId, decision, kind, basis, createdAt) VALUES (?, ?, 'external', ?, ?, ?)",
                arguments: [link.transaction.wallet.name, link.transaction.id, kind.rawValue, basis?.description, createdAt])
        }
    }

    /// Forgets the user's decision about a transaction (as either side of a match).
    public func removeTransferLink(_ reference: TransactionReference) throws -> Bool {
        try write { db in
            try db.execute(
                sql: "DELETE FROM transferLink WHERE (wallet = ? AND txId = ?) OR (otherWallet = ? AND otherTxId = ?)",
                arguments: [reference.wallet.name, reference.id, reference.wallet.name, reference.id])
            return db.changesCount > 0
        }
    }
}

/// The statements of one import batch, and what they have found: rows are inserted `SQLiteStore.rowsPerInsert` to a
/// statement, and one at a time where a statement finds an id already stored (to tell duplicates from conflicts) or
/// refuses a row (to name it).
private struct BatchInserts {
    let source: String
    let file: String
    let insert: FastStatement
    let insertMany: FastStatement
    let existing: FastStatement
    var summary = ImportSummary(added: 0, duplicates: 0, conflicts: [])
    /// The rows written so far, for progress.
    var done = 0

    init(_ db: Database, batchID: Int64, source: String, file: String) throws {
        self.source = source
        self.file = file
        insert = try FastStatement(db, sql: TransactionColumns.insertSQL(rows: 1))
        insertMany = try FastStatement(db, sql: TransactionColumns.insertSQL(rows: SQLiteStore.rowsPerInsert))
        existing = try FastStatement(db, sql: """
            SELECT contentHash, file, line FROM ledgerTransaction WHERE source = ? AND wallet = ? AND externalID = ?
            """)
        // The same for every row: bound once (a reset keeps bindings).
        for statement in [insert, insertMany] {
            statement.bind(1, batchID)
            statement.bind(2, source)
        }
    }

    /// Resets the statements and forgets their bindings: no statement is left in progress at commit.
    func finish() {
        insert.finish()
        insertMany.finish()
        existing.finish()
    }

    /// Writes a chunk of rows, `SQLiteStore.rowsPerInsert` at a time (the rest one by one), reporting progress every
    /// 10,000 rows.
    mutating func write(_ rows: LedgerRows, total: Int, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) throws {
        var row = 0
        while row < rows.count {
            let count = min(SQLiteStore.rowsPerInsert, rows.count - row)
            if count < SQLiteStore.rowsPerInsert {
                try insertEach(rows, row..<rows.count)
            } else {
                insertMany.reset()
                do {
                    _ = try insertMany.insert(rows, row: row, count: count)
                    summary.added += insertMany.changes
                    if insertMany.changes < count {
                        // Some (source, wallet, id) were taken: a re-import, or different rows under the same ids.
                        summary.duplicates += count - insertMany.changes
                        try conflicts(rows, row..<row + count)
                    }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    // A CHECK refused one of them (OR FAIL: the rows before it stay, until the import is rolled back
                    // whole): find and name it, the rows before it now finding themselves stored.
                    try insertEach(rows, row..<row + count)
                }
            }
            if (done + count) / 10_000 != done / 10_000 { progress?(done + count, max(total, done + count)) }
            done += count
            row += count
        }
    }

    /// Inserts rows `range` one at a time; a row the database refuses (a CHECK) is named, and rolls back all.
    mutating func insertEach(_ rows: LedgerRows, _ range: Range<Int>) throws {
        for row in range {
            insert.reset()
            do {
                _ = try insert.insert(rows, row: row)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.rejectedRow(reference: rows.reference(row: row), reason: error.message ?? "\(error)")
            }
            summary.added += insert.changes
            if insert.changes == 0 {
                summary.duplicates += 1
                try conflicts(rows, row..<row + 1)
            }
        }
    }

    /// Rows of `range` whose (source, wallet, id) was stored with other content: a different row under the same id (the
    /// first import wins). A row just stored finds itself, with its own content.
    mutating func conflicts(_ rows: LedgerRows, _ range: Range<Int>) throws {
        for row in range {
            let wallet = rows.string(row: row, column: LedgerRows.walletSlot) ?? ""
            let id = rows.string(row: row, column: LedgerRows.idSlot) ?? ""
            existing.bind(1, source)
            existing.bind(2, wallet)
            existing.bind(3, id)
            if try existing.step(), let storedHash = existing.text(0),
               storedHash != rows.string(row: row, column: LedgerRows.hashSlot) {
                let storedFile = existing.text(1) ?? file
                let place = existing.integer(2).map { "\(storedFile):\($0)" } ?? storedFile
                summary.conflicts.append(
                    "tx \(id) in wallet \(wallet): already imported from \(place) with different content; kept the first")
            }
            existing.reset()  // no read left in progress while the next row is inserted
        }
    }
}


extension Row {
    /// Column `index` as text, or `StoreError.corruptRow` when it is NULL or not text: never the trap of `row[index] as String`.
    func text(_ index: Int, table: String, rowID: Int64) throws -> String {
        guard let text = try optionalText(index, table: table, rowID: rowID) else { throw corrupt(index, table: table, rowID: rowID) }
        return text
    }

    /// Column `index` as text, nil when NULL, `StoreError.corruptRow` when it holds something else.
    func optionalText(_ index: Int, table: String, rowID: Int64) throws -> String? {
        let value = self[index] as DatabaseValue
        switch value.storage {
        case .null: return nil
        case .string(let text): return text
        default: throw corrupt(index, table: table, rowID: rowID)
        }
    }

    private func corrupt(_ index: Int, table: String, rowID: Int64) -> StoreError {
        let columns = Array(columnNames)
        return StoreError.corruptRow(
            table: table, rowID: rowID, column: index < columns.count ? columns[index] : "#\(index)", value: (self[index] as DatabaseValue).description)
    }
}
