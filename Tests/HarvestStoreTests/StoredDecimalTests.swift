internal import GRDB
import Foundation
import HarvestCore
import HarvestImport
@testable import HarvestStore
import HarvestTestSupport
import Testing

/// Decimals as SQLite stores them since v6: `mantissa × 100 + decimals` in an INTEGER, else the 128-bit value in a
/// 16-byte BLOB. The expected forms are worked out by hand from that rule.
@Suite("Decimals are stored as integers")
struct StoredDecimalTests {
    static let forms: [(text: String, form: StoredDecimal.Form)] = [
        ("0", .integer(0)),
        ("3716", .integer(371_600)),
        ("14.86", .integer(148_602)),
        ("0.51611111", .integer(5_161_111_108)),
        ("213733.3333", .integer(213_733_333_304)),
        ("0.000000000000000001", .integer(118)),
        ("-2.5", .integer(-2_499)),
        ("-0.000000000000000001", .integer(-82)),
        // The largest mantissa an INTEGER holds, (2^63 - 1 - 99) / 100, then one more.
        ("92233720368547757", .integer(9_223_372_036_854_775_700)),
        ("0.92233720368547757", .integer(9_223_372_036_854_775_717)),
        ("92233720368547758", .blob(92_233_720_368_547_758 * 1_000_000_000_000_000_000)),
        ("1000000000000000.123456789012345678", .blob(1_000_000_000_000_000_123_456_789_012_345_678)),
        // The extremes `Fixed(parsing:)` accepts: ±(2^127 - 1) × 10^-18.
        ("170141183460469231731.687303715884105727", .blob(Int128.max)),
        ("-170141183460469231731.687303715884105727", .blob(-Int128.max)),
    ]

    @Test("each value has the form the rule gives, and reads back", arguments: forms)
    func knownForms(_ text: String, _ form: StoredDecimal.Form) throws {
        let value = try Fixed(parsing: text)
        #expect(StoredDecimal.form(value) == form)
        switch form {
        case .integer(let stored): #expect(StoredDecimal.value(integer: stored) == value)
        case .blob(let raw):
            let bytes = StoredDecimal.blobBytes(raw)
            #expect(bytes.count == 16)
            #expect(bytes.withUnsafeBytes { StoredDecimal.value(blob: $0) } == value)
        }
    }

    @Test("20,000 values of every length and sign read back exactly, and equal values store alike")
    func randomValuesRoundTrip() throws {
        // SplitMix64 with a fixed seed: the same values on every run.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<20_000 {
            // Up to 38 significant digits, so every width of mantissa and both forms come up.
            let digits = Int(next() % 39)
            var magnitude: UInt128 = 0
            for _ in 0..<digits { magnitude = magnitude * 10 + UInt128(next() % 10) }
            guard magnitude <= UInt128(Int128.max) else { continue }
            let raw = next() % 2 == 0 ? Int128(magnitude) : -Int128(magnitude)
            let value = Fixed(raw: raw)
            let readBack: Fixed? = switch StoredDecimal.form(value) {
            case .integer(let stored): StoredDecimal.value(integer: stored)
            case .blob(let raw): StoredDecimal.blobBytes(raw).withUnsafeBytes { StoredDecimal.value(blob: $0) }
            }
            #expect(readBack == value, "\(value)")
            // The same value written with trailing zeros in its text parses to the same form.
            let padded = try Fixed(parsing: value.description.contains(".") ? value.description + "000" : value.description + ".000")
            #expect(StoredDecimal.form(padded) == StoredDecimal.form(value))
        }
    }

    @Test("what is not a stored decimal reads as nothing: more than 18 decimals, a blob of another length")
    func notDecimals() {
        #expect(StoredDecimal.value(integer: 119) == nil)
        #expect(StoredDecimal.value(integer: 99) == nil)
        #expect(StoredDecimal.value(integer: -1) == nil)  // -1 × 100 + 99
        #expect([UInt8](repeating: 0, count: 15).withUnsafeBytes { StoredDecimal.value(blob: $0) } == nil)
    }
}

/// Rows stored as text by v5 and opened by today's code: every decimal converted exactly, the row ids kept, a re-import
/// still a no-op, and a value that was never a decimal still reported as before.
@Suite("Migration v6-decimals-as-integers")
struct DecimalMigrationTests {
    /// Rows with every decimal column filled, at the extremes the Harvest CSV accepts and in between.
    static func rows() -> [ImportedRow] {
        let extremes = ["0.000000000000000001", "170141183460469231731.687303715884105727", "92233720368547757", "92233720368547758",
                        "3716", "0.51611111", "1000000000000000.123456789012345678", "14.86"]
        return extremes.enumerated().map { index, text in
            let at = Fixed.instantForTests(day: index + 1)
            let amount = Quantity(try! Fixed(parsing: text))
            let money = Money(try! Fixed(parsing: text))
            let transaction = Transaction(
                id: "t\(index)", timestamp: at, date: at.date(), kind: .trade, wallet: Wallet("w"), sent: Amount(amount, Asset("ETH")),
                received: Amount(amount, Asset("BTC")), fee: Amount(amount, Asset("BNB")), value: money, feeValue: money,
                source: SourceLocation(file: "f.csv", line: index + 2), receivedValue: money)
            return Fixture.row(transaction)
        }
    }

    /// The rows as v5 wrote them: decimals as `Fixed.description`.
    static func legacyInserts(_ rows: [ImportedRow], firstID: Int = 1) -> [String] {
        func text(_ value: String?) -> String { value.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL" }
        var statements = ["INSERT INTO importBatch (id, file, source, importedAt, added, duplicates, conflicts) VALUES (1, 'f.csv', 'harvest', 't', 0, 0, 0)"]
        for (offset, row) in rows.enumerated() {
            let tx = row.transaction
            let values = [
                "\(firstID + offset * 3)", "1", "'harvest'", text(tx.wallet.name), text(tx.id), text(tx.kind.rawValue), text(row.timestampText),
                "\(tx.timestamp.millisecondsSinceEpoch)", text(tx.date.description), row.dateOnly ? "1" : "0",
                text(tx.sent?.quantity.description), text(tx.sent?.asset.symbol), text(tx.received?.quantity.description),
                text(tx.received?.asset.symbol), text(tx.fee?.quantity.description), text(tx.fee?.asset.symbol), text(tx.value?.description),
                text(tx.feeValue?.description), "''", "''", "'f.csv'", tx.source.map { "\($0.line)" } ?? "NULL", text(row.contentHash),
                text(tx.receivedValue?.description),
            ]
            statements.append("""
                INSERT INTO ledgerTransaction (id, importBatchId, source, wallet, externalID, kind, timestampText, instant, date, dateOnly,
                  sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset, value, feeValue, lotPicks, note, file, line,
                  contentHash, receivedValue)
                VALUES (\(values.joined(separator: ", ")))
                """)
        }
        return statements
    }

    @Test("every decimal of a v5 file reads back exactly, with its row's number, and a re-import adds 0 rows")
    func convertsExactly() throws {
        let directory = try TemporaryDirectory("harvest-store")
        defer { directory.remove() }
        let path = directory.file("v5.sqlite")
        // Given a v5 file whose row ids have gaps (1, 4, 7, ...: rows removed by an undo, say)
        let rows = Self.rows()
        try SQLiteStore.writeLegacyDatabase(path: path, migratedUpTo: "v5-two-values", statements: Self.legacyInserts(rows))

        // When today's code opens it
        let store = try SQLiteStore(path: path)

        // Then every transaction is as written, numbered as stored
        #expect(try store.appliedMigrations() == MigrationTests.all)
        let expected = rows.enumerated().map { Fixture.stored($1.transaction, sequence: 1 + $0 * 3) }
        #expect(try store.loadTransactions() == expected)
        // And the decimals are integers or 16-byte blobs, no longer text
        let types = try store.dbQueue.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT typeof(sentQuantity) || typeof(receivedQuantity) || typeof(feeQuantity) || typeof(value) || typeof(feeValue)
                  || typeof(receivedValue) FROM ledgerTransaction ORDER BY 1
                """)
        }
        #expect(types == ["blobblobblobblobblobblob", "integerintegerintegerintegerintegerinteger"])
        // And importing the same rows again adds nothing: the dedupe key survived the new table
        let again = try store.importTransactions(
            ParsedImport(source: "harvest", rows: rows, duplicatesInFile: 0), file: "f.csv", importedAt: "t2", progress: nil)
        #expect(again == ImportSummary(added: 0, duplicates: rows.count, conflicts: []))
        // And a row imported after the migration is numbered after the last one
        let later = Fixture.buy("later", at: "2030-01-01T00:00:00Z")
        _ = try store.importTransactions(Fixture.parsed([later]), file: "g.csv", importedAt: "t3", progress: nil)
        #expect(try store.loadTransactions().last?.sequence == 1 + (rows.count - 1) * 3 + 1)
    }

    @Test("a text that never was a decimal stays text, and loading names its row and column as before")
    func corruptTextReported() throws {
        let directory = try TemporaryDirectory("harvest-store")
        defer { directory.remove() }
        let path = directory.file("v5.sqlite")
        var statements = Self.legacyInserts([Self.rows()[0]])
        statements.append("UPDATE ledgerTransaction SET feeValue = '12,5' WHERE id = 1")
        try SQLiteStore.writeLegacyDatabase(path: path, migratedUpTo: "v5-two-values", statements: statements)

        let store = try SQLiteStore(path: path)

        #expect(throws: StoreError.corruptRow(table: "ledgerTransaction", rowID: 1, column: "feeValue", value: "12,5")) {
            try store.loadTransactions()
        }
    }

    @Test("a negative amount is still refused in every checked column", arguments: ["sentQuantity", "receivedQuantity", "feeQuantity", "value", "feeValue"])
    func negativesRefused(_ column: String) throws {
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(ParsedImport(source: "harvest", rows: [Self.rows()[0]], duplicatesInFile: 0), file: "f.csv",
                                         importedAt: "t", progress: nil)
        // -1 as an INTEGER (-100 + 0), and the most negative value as a BLOB
        for stored in ["-100", "x'80000000000000000000000000000001'"] {
            #expect(throws: (any Error).self) {
                try store.dbQueue.write { db in try db.execute(sql: "UPDATE ledgerTransaction SET \(column) = \(stored)") }
            }
        }
    }
}

extension Fixed {
    /// Noon UTC of day `day` of January 2024, for rows that need distinct times.
    static func instantForTests(day: Int) -> Instant {
        Instant(millisecondsSinceEpoch: Instant(date: CivilDate(year: 2024, month: 1, day: day)!).millisecondsSinceEpoch + 43_200_000)
    }
}

@Suite("Loading through a day")
struct LoadThroughTests {
    @Test("SQLite selects every row that can fall on or before the day under any zone, and the edited rows; far later rows stay unread")
    func selectsThrough() throws {
        // Given rows on 2024-01-10 at 23:30 UTC, 2024-01-12, 2024-01-20 and 2024-03-01, and an edit of the last one
        let store = try SQLiteStore.inMemory()
        let parsed = try Fixture.csv([
            "2024-01-10T23:30:00Z,buy,kraken,100,USD,0.002,BTC,,,,,k1,",
            "2024-01-12T12:00:00Z,buy,kraken,100,USD,0.002,BTC,,,,,k2,",
            "2024-01-20T12:00:00Z,buy,kraken,100,USD,0.002,BTC,,,,,k3,",
            "2024-03-01T12:00:00Z,buy,kraken,100,USD,0.002,BTC,,,,,k4,",
        ])
        _ = try store.importTransactions(parsed, file: "trades.csv", importedAt: "t", progress: nil)
        try store.saveTransactionEdit(TransactionEdit(key: RowKey(source: "harvest", wallet: "kraken", externalID: "k4"), note: "moved",
                                                      createdAt: "t2"))

        // When they are loaded through 2024-01-10 under UTC+14 (k1 falls on Jan 11 there)
        let plus14 = try #require(TaxTimeZone("+14:00"))
        let loaded = try store.loadTransactions(zone: plus14, through: day("2024-01-10"))

        // Then every row dated Jan 10 or before there is read (none is), k1 and k2 are read for the caller to drop, k3 (ten
        // days on) is not, and the edited k4 is, in time order
        #expect(loaded.map(\.id) == ["k1", "k2", "k4"])
        #expect(loaded.filter { $0.date <= day("2024-01-10") }.isEmpty)
        // And under UTC-12 k1 is on Jan 10, the same rows are read
        let minus12 = try #require(TaxTimeZone("-12:00"))
        let west = try store.loadTransactions(zone: minus12, through: day("2024-01-10"))
        #expect(west.filter { $0.date <= day("2024-01-10") }.map(\.id) == ["k1"])
        #expect(west.map(\.id) == ["k1", "k2", "k4"])
        // And without a day, all four
        #expect(try store.loadTransactions(zone: plus14).map(\.id) == ["k1", "k2", "k3", "k4"])
    }
}
