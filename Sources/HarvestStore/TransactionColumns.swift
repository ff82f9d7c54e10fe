internal import GRDB
internal import GRDBSQLite
import Foundation
import HarvestCore

/// How a `Transaction` maps to a `ledgerTransaction` row and back (STYLE.md §14: the persistence
/// shape mirrors the domain type inside the store module).
///
/// The hot paths (a million rows per import or load) bind and read columns by position through one
/// prepared statement, so the column lists here and the argument and read orders below must agree.
enum TransactionColumns {
    /// Inserts `rows` rows at once (one statement's start and end for several rows). Parameters 1 and 2 (the import
    /// batch and the source) are shared; row `k`'s columns are parameters `3 + 27k` to `29 + 27k`
    /// (`LedgerRows.columnCount` per row).
    static func insertSQL(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let first = Int(LedgerRows.firstParameter) + row * LedgerRows.columnCount
            return "(?1, ?2, " + (first..<first + LedgerRows.columnCount).map { "?\($0)" }.joined(separator: ", ") + ")"
        }
        // OR FAIL: a refused row (a CHECK) stops the statement without undoing its earlier rows, so SQLite needs no
        // statement journal (with the foreign key deferred, Schema v6); the import is then rolled back whole anyway.
        return """
            INSERT OR FAIL INTO ledgerTransaction (
              importBatchId, source, wallet, externalID, kind, incomeType, timestampText, instant, date, dateOnly,
              sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset, value, feeValue,
              toWallet, lotPicks, note, file, line, contentHash, localTime, valueCurrency, chainTx, receivedValue, donorAcquired
            ) VALUES \(values.joined(separator: ", "))
            ON CONFLICT (source, wallet, externalID) DO NOTHING
            """
    }

    static let selectSQL = """
        SELECT id, externalID, instant, date, kind, incomeType, wallet,
          sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset, value, feeValue,
          toWallet, lotPicks, note, file, line, dateOnly, localTime, valueCurrency, chainTx, receivedValue, donorAcquired
        FROM ledgerTransaction
        """

    /// `a;b=0.5`: `LotPick.description` joined by ";", as the Harvest CSV's `lot_ids` column writes them.
    static func encode(_ picks: [LotPick]) -> String { picks.isEmpty ? "" : picks.map(\.description).joined(separator: ";") }

    /// The inverse of `encode`; nil when the text is not a list of picks. A part splits at its last
    /// "=" when what follows is a number, so an id may contain "=" as long as no number follows it.
    static func decode(_ text: String) -> [LotPick]? {
        guard !text.isEmpty else { return [] }
        var picks: [LotPick] = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { return nil }
            if let equals = part.lastIndex(of: "="), let quantity = try? Quantity(parsing: part[part.index(after: equals)...]) {
                picks.append(LotPick(transactionID: String(part[..<equals]), quantity: quantity))
            } else {
                picks.append(LotPick(transactionID: String(part)))
            }
        }
        return picks
    }

    /// Reads rows of `selectSQL`. Keeps the assets, wallets and kinds it has met, keyed by their stored bytes, so a million
    /// rows share a few dozen of each and build no string for them: the strings a row makes are its id, and its note and
    /// chain hash when it has them.
    ///
    /// With a `zone`, each row's tax day (and, for a time written without an offset, its instant) is the one in that
    /// zone, whatever zone was in force at import; with a `baseCurrency`, a value written in another currency is
    /// dropped (the replay prices the row instead). Without them the row reads as stored.
    struct Decoder {
        private var assets = BytesKeyed<Asset>()
        private var wallets = BytesKeyed<Wallet>()
        private var kinds = BytesKeyed<TransactionKind>()
        private var incomeTypes = BytesKeyed<IncomeType>()
        var zone: (any CivilTimeZone)?
        var baseCurrency: Asset?

        init(zone: (any CivilTimeZone)? = nil, baseCurrency: Asset? = nil) {
            self.zone = zone
            self.baseCurrency = baseCurrency
            for kind in TransactionKind.allCases { kinds.insert(kind, for: kind.rawValue) }
            for type in IncomeType.allCases { incomeTypes.insert(type, for: type.rawValue) }
        }

        /// The current row of a statement of `selectSQL`, read through the C API: decimals from their stored integers,
        /// days from SQLite's bytes, and the assets, wallets and file names a million rows repeat looked up by their bytes.
        mutating func transaction(_ row: FastStatement) throws -> Transaction {
            let rowID = row.int64(0)
            func corrupt(_ column: String, _ column_: Int32) -> StoreError {
                let value: String
                switch row.type(column_) {
                case SQLITE_NULL: value = "NULL"
                case SQLITE_BLOB: value = "x'" + row.blob(column_).map { String($0, radix: 16).leftPadded(to: 2) }.joined() + "'"
                default: value = row.bytes(column_).map { String(decoding: $0, as: UTF8.self) } ?? "NULL"
                }
                return StoreError.corruptRow(table: "ledgerTransaction", rowID: rowID, column: column, value: value)
            }
            guard let dateBytes = row.bytes(3), let date = Self.date(dateBytes) else { throw corrupt("date", 3) }
            guard let kindBytes = row.bytes(4), let kind = kinds[kindBytes] else { throw corrupt("kind", 4) }
            var incomeType: IncomeType?
            if let typeBytes = row.bytes(5) {
                guard let parsed = incomeTypes[typeBytes] else { throw corrupt("incomeType", 5) }
                incomeType = parsed
            }
            func fixed(_ column: Int32, _ name: String) throws -> Fixed? {
                let value: Fixed?
                switch row.type(column) {
                case SQLITE_NULL: return nil
                case SQLITE_INTEGER: value = StoredDecimal.value(integer: row.int64(column))
                case SQLITE_BLOB: value = StoredDecimal.value(blob: row.blob(column))
                default: value = nil  // text that migration v6 could not read as a decimal
                }
                guard let value else { throw corrupt(name, column) }
                return value
            }
            func amount(_ column: Int32, _ name: String) throws -> Amount? {
                guard let quantity = try fixed(column, name), let symbol = row.bytes(column + 1) else { return nil }
                return Amount(Quantity(quantity), asset(symbol))
            }
            let sent = try amount(7, "sentQuantity")
            let received = try amount(9, "receivedQuantity")
            let fee = try amount(11, "feeQuantity")
            var value = try fixed(13, "value").map(Money.init)
            var feeValue = try fixed(14, "feeValue").map(Money.init)
            var receivedValue = try fixed(24, "receivedValue").map(Money.init)
            if let baseCurrency, let currency = row.bytes(22), !currency.elementsEqual(baseCurrency.symbol.utf8) {
                value = nil
                feeValue = nil
                receivedValue = nil
            }
            var donorAcquired: CivilDate?
            if let bytes = row.bytes(25) {
                guard let date = Self.date(bytes) else { throw corrupt("donorAcquired", 25) }
                donorAcquired = date
            }
            var instant = Instant(millisecondsSinceEpoch: row.int64(2))
            var day = date
            if let zone {
                // A bare date is its own tax day in every zone; a wall-clock time moves its instant with the zone.
                let dateOnly = row.int64(20) != 0
                if let local = row.integer(21) { instant = zone.instant(localMilliseconds: local) }
                if !dateOnly { day = zone.date(of: instant) }
            }
            let toWallet = row.bytes(15).map { wallet($0) }
            var lotPicks: [LotPick] = []
            if let picksBytes = row.bytes(16), !picksBytes.isEmpty {
                guard let picks = TransactionColumns.decode(String(decoding: picksBytes, as: UTF8.self)) else { throw corrupt("lotPicks", 16) }
                lotPicks = picks
            }
            let line = row.integer(19)
            return Transaction(
                id: Self.string(row.bytes(1)) ?? "", timestamp: instant, date: day, sequence: Int(rowID), kind: kind, incomeType: incomeType,
                wallet: row.bytes(6).map { wallet($0) } ?? Wallet(""), sent: sent, received: received, fee: fee, value: value,
                feeValue: feeValue, toWallet: toWallet, lotPicks: lotPicks,
                source: line.map { SourceLocation(file: file(row.bytes(18)), line: Int($0)) }, note: Self.string(row.bytes(17)) ?? "",
                chainTransaction: Self.string(row.bytes(23)), receivedValue: receivedValue, donorAcquired: donorAcquired)
        }

        /// A text column as a string; "" without building one when empty.
        private static func string(_ bytes: UnsafeBufferPointer<UInt8>?) -> String? {
            guard let bytes else { return nil }
            return bytes.isEmpty ? "" : String(decoding: bytes, as: UTF8.self)
        }

        /// `YYYY-MM-DD`, as the store writes it.
        static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            return CivilDate(year: year, month: month, day: day)
        }

        private var lastFile: (bytes: [UInt8], name: String) = ([], "")

        /// The file name of a row: rows come file by file, so the last one is kept.
        private mutating func file(_ bytes: UnsafeBufferPointer<UInt8>?) -> String {
            guard let bytes else { return "" }
            if bytes.count == lastFile.bytes.count, lastFile.bytes.withUnsafeBufferPointer({ known in
                guard let a = known.baseAddress, let b = bytes.baseAddress else { return true }  // both empty
                return memcmp(a, b, bytes.count) == 0
            }) {
                return lastFile.name
            }
            lastFile = (Array(bytes), String(decoding: bytes, as: UTF8.self))
            return lastFile.name
        }

        private mutating func asset(_ bytes: UnsafeBufferPointer<UInt8>) -> Asset {
            if let known = assets[bytes] { return known }
            let asset = Asset(String(decoding: bytes, as: UTF8.self))
            assets.insert(asset, for: bytes)
            return asset
        }

        private mutating func wallet(_ bytes: UnsafeBufferPointer<UInt8>) -> Wallet {
            if let known = wallets[bytes] { return known }
            let wallet = Wallet(String(decoding: bytes, as: UTF8.self))
            wallets.insert(wallet, for: bytes)
            return wallet
        }
    }
}

extension String {
    /// Zeros before the text up to `width` characters: `"a".leftPadded(to: 2)` is `"0a"`.
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
