internal import GRDB
internal import GRDBSQLite
import HarvestCore

/// A GRDB-prepared statement that is bound, stepped and read through the SQLite C API: for the loops
/// that run once per imported row.
///
/// Why not `statement.execute(arguments:)`: `StatementArguments` boxes every value in an existential,
/// copies the array twice and validates it, and small Swift strings are copied once more on their way
/// to C. Measured on this project's 2-core machine (release build), a million 24-column inserts took
/// about 12 s that way and about 5 s this way, most of which is SQLite itself. GRDB still prepares and
/// finalizes the statement, and everything else in the store goes through GRDB.
///
/// `GRDBSQLite` is GRDB.swift's C SQLite module (a library product of the package, the one GRDB itself
/// imports). It is visible here through the GRDB dependency; Package.swift may name it explicitly with
/// `.product(name: "GRDBSQLite", package: "GRDB.swift")`.
struct FastStatement {
    private let statement: Statement
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed", sql: sql)
        }
        self.connection = connection
    }

    /// SQLite copies the bytes it is given (`SQLITE_TRANSIENT`), so the Swift string may go away.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    /// Readies the statement for new bindings; keeps the old ones until they are replaced.
    func reset() { sqlite3_reset(handle) }

    /// Resets and forgets the bindings: call when done, so no statement is left in progress at commit.
    func finish() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds the 1-based parameter `index` to `text`, or to NULL.
    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        // withUTF8 hands over the string's own bytes (or a stack copy of a small string) with its length,
        // where passing a String as `const char *` would build a NUL-terminated heap copy first.
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress, bytes.count > 0 {
                let characters = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
                sqlite3_bind_text(handle, index, characters, Int32(bytes.count), Self.transient)
            } else {
                sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    /// Binds rows `row..<row + count` of `rows` to the parameters from `LedgerRows.firstParameter` on
    /// (`TransactionColumns.insertSQL(rows: count)`), and steps. SQLite reads the texts and blobs in place (`SQLITE_STATIC`:
    /// the buffer outlives the step) rather than copying each one first.
    func insert(_ rows: LedgerRows, row: Int, count: Int = 1) throws -> Bool {
        try rows.bytes.withUnsafeBufferPointer { bytes in
            // An empty buffer (every text empty) has no address: point at a static empty string instead.
            let base = UnsafeRawPointer(bytes.baseAddress ?? ("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
            let first = row * LedgerRows.columnCount
            for column in 0..<LedgerRows.columnCount * count {
                let slot = rows.slots[first + column]
                let index = LedgerRows.firstParameter + Int32(column)
                switch rows.kinds[first + column] {
                case .null: sqlite3_bind_null(handle, index)
                case .integer: sqlite3_bind_int64(handle, index, slot)
                case .text: sqlite3_bind_text(handle, index, base + Int(slot >> 32), Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF), nil)
                case .blob: sqlite3_bind_blob(handle, index, base + Int(slot >> 32), Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF), nil)
                }
            }
            return try step()
        }
    }

    /// Binds the 1-based parameter `index` to `bytes` as a BLOB and steps: SQLite reads them in place (`SQLITE_STATIC`: the
    /// array outlives the step) rather than copying them first.
    func insert(blob bytes: [UInt8], at index: Int32) throws {
        guard let length = Int32(exactly: bytes.count) else {
            throw DatabaseError(resultCode: .SQLITE_TOOBIG, message: "a blob of \(bytes.count) bytes", sql: statement.sql)
        }
        try bytes.withUnsafeBytes { buffer in
            // An empty blob still needs an address (a NULL one would bind NULL).
            sqlite3_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start), length, nil)
            defer { sqlite3_bind_null(handle, index) }
            _ = try step()
        }
    }

    /// Binds the 1-based parameter `index` to `integer`, or to NULL.
    func bind(_ index: Int32, _ integer: Int64?) {
        if let integer { sqlite3_bind_int64(handle, index, integer) } else { sqlite3_bind_null(handle, index) }
    }

    /// Steps once: true when a row is ready to read, false when the statement is done.
    /// - Throws: a GRDB `DatabaseError` with SQLite's code and message (e.g. a failed CHECK constraint).
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                                sql: statement.sql)
        }
    }

    /// The rows the last INSERT, UPDATE or DELETE on this connection changed.
    var changes: Int { Int(sqlite3_changes(connection)) }

    /// The text of 0-based column `column` of the current row; nil for NULL.
    func text(_ column: Int32) -> String? {
        guard let characters = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: characters)
    }

    /// The bytes of 0-based column `column` of the current row as UTF-8 text, valid until the next step; nil for NULL.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let characters = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeBufferPointer(start: characters, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The storage class of 0-based column `column` of the current row: `SQLITE_INTEGER`, `SQLITE_TEXT`, `SQLITE_BLOB`, ...
    func type(_ column: Int32) -> Int32 { sqlite3_column_type(handle, column) }

    /// The bytes of 0-based column `column` of the current row as a BLOB, valid until the next step.
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let start = sqlite3_column_blob(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: start, count: count)
    }

    /// The integer of 0-based column `column` (NULL reads as 0: for columns that are never NULL).
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The integer of 0-based column `column` of the current row; nil for NULL.
    func integer(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }
}
