import HarvestCore

/// One bad cell or line, as `file:line: column: message`.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The column's header name; empty for a problem with the whole line or file.
    public var column: String
    public var message: String

    public init(file: String, line: Int, column: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        column.isEmpty ? "\(file):\(line): \(message)" : "\(file):\(line): \(column): \(message)"
    }
}

/// Every problem found in a file: a file with any is rejected whole.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [ImportError]
    public init(_ errors: [ImportError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// The Harvest CSV, the canonical import format (DESIGN.md "The Harvest CSV").
///
/// Extensions to the DESIGN.md contract, all optional columns:
/// - `fee_value`: the fair value of the fee, where the fee's asset is neither side of the row and the
///   price store has no price for it.
/// - `lot_ids`: specific identification for a disposal: `txA;txB=0.5` names acquisitions by `tx_id`,
///   optionally with a quantity (used when the method is `specific`).
/// - `received_value`: on a `trade`, the fair value of what was received where the row values it apart from what was
///   sent (`value`); on a `gift_in`, the fair value at the time of the gift (`value` being the donor's basis).
/// - `donor_acquired`: on a `gift_in`, the day (`YYYY-MM-DD`) the donor acquired the units.
/// - `type` also takes `staking`, `mining`, `airdrop`, `interest` and `reward`: `income` of that type.
public enum HarvestCSV {
    public static let source = "harvest"

    public static let columns = [
        "timestamp", "type", "wallet", "sent_quantity", "sent_asset", "received_quantity", "received_asset",
        "fee_quantity", "fee_asset", "value", "to_wallet", "tx_id", "note",
    ]
    public static let extensionColumns = ["fee_value", "lot_ids", "received_value", "donor_acquired"]
    static let required: Set<String> = ["timestamp", "type", "wallet"]

    private enum Column: Int, CaseIterable {
        case timestamp, type, wallet, sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset,
             value, toWallet, txID, note, feeValue, lotIDs, receivedValue, donorAcquired

        var header: String { (HarvestCSV.columns + HarvestCSV.extensionColumns)[rawValue] }
    }

    /// Parses a whole file. Every bad cell is reported, all at once; any error rejects the file.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the name used in messages.
    ///   - zone: the tax time zone: bare dates are midnight there, and tax days are its calendar days.
    ///   - defaultWallet: the wallet of rows whose `wallet` cell is empty (`harvest import --wallet`).
    public static func parse(
        _ text: String, file: String, zone: TaxTimeZone = .utc, defaultWallet: String? = nil
    ) throws(ImportFailure) -> ParsedImport {
        var rows: [ImportedRow] = []
        // One chunk: the rows are handed over, not copied.
        let duplicates = try read(text, file: file, zone: zone, defaultWallet: defaultWallet, chunkRows: Int.max) { chunk in
            rows = chunk
            return true
        }
        return ParsedImport(source: source, rows: rows, duplicatesInFile: duplicates)
    }

    /// Reads a file `chunkRows` rows at a time, handing each chunk to `emit` while no error has been found (the
    /// caller writes the chunks in one database transaction, and rolls it back when this throws); throws the file's
    /// errors, all of them, at the end. Returns the rows that repeat an earlier row of the file exactly.
    public static func stream(
        _ text: String, file: String, zone: TaxTimeZone = .utc, defaultWallet: String? = nil, chunkRows: Int = 20_000,
        emit: ([ImportedRow]) throws -> Void
    ) throws -> Int {
        var failure: (any Error)?
        let duplicates = try read(text, file: file, zone: zone, defaultWallet: defaultWallet, chunkRows: chunkRows) { chunk in
            do {
                try emit(chunk)
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return duplicates
    }

    /// `parse` and `stream`: `emit` gets each chunk of rows while there is no error, and returns false to stop.
    ///
    /// The file is read as bytes: a record's cells are slices of one reused buffer (`CSVRecords`), numbers and times are
    /// parsed from them in place, and the wallets, assets and types a million rows repeat are looked up by their bytes. A
    /// row builds the strings its transaction keeps (its id, its time as written, a note) and no other.
    private static func read(
        _ text: String, file: String, zone: TaxTimeZone, defaultWallet: String?, chunkRows: Int, emit: ([ImportedRow]) -> Bool
    ) throws(ImportFailure) -> Int {
        var text = text
        text.makeContiguousUTF8()
        var records = CSVRecords()
        records.skipByteOrderMark(text)
        let outcome: Result<Int, ImportFailure> = text.utf8.withContiguousStorageIfAvailable { bytes in
            var reader = FileReader(file: file, zone: zone, defaultWallet: defaultWallet)
            return Result { () throws(ImportFailure) in
                try reader.read(bytes, records: &records, expectedRows: bytes.count / 80, chunkRows: chunkRows, emit: emit)
            }
        } ?? .failure(ImportFailure([ImportError(file: file, line: 1, column: "", message: "the text is not contiguous UTF-8")]))
        return try outcome.get()
    }

    /// The state of one file's reading: the header's columns, the rows' ids seen so far, and what the rows repeat.
    private struct FileReader {
        let file: String
        let zone: TaxTimeZone
        let defaultWallet: String?
        var positions = [Int?](repeating: nil, count: Column.allCases.count)
        var headerCount = 0
        var errors: [ImportError] = []
        /// Ids seen so far (a 128-bit `StableHash` of wallet and id, so a million ids cost no strings), with their line and
        /// content hash. Two different keys would have to share 128 bits of hash to be confused (odds about 10⁻²⁷ for a
        /// million rows).
        var seen: [UInt128: (line: Int, hash: UInt128)] = [:]
        /// How often each content (by hash) has been met: numbers identical rows without an id.
        var occurrences: [UInt128: Int] = [:]
        var duplicates = 0
        var cache = Cache()

        init(file: String, zone: TaxTimeZone, defaultWallet: String?) {
            self.file = file
            self.zone = zone
            self.defaultWallet = defaultWallet
        }

        mutating func read(
            _ bytes: UnsafeBufferPointer<UInt8>, records: inout CSVRecords, expectedRows: Int, chunkRows: Int,
            emit: ([ImportedRow]) -> Bool
        ) throws(ImportFailure) -> Int {
            guard let headerLine = records.next(in: bytes) else {
                throw ImportFailure([ImportError(file: file, line: 1, column: "", message: "the file is empty: expected a header line")])
            }
            try readHeader(records, line: headerLine)
            var rows: [ImportedRow] = []
            rows.reserveCapacity(min(expectedRows, chunkRows))
            seen.reserveCapacity(expectedRows)
            while let line = records.next(in: bytes) {
                records.fields.withUnsafeBufferPointer { cells in
                    var row = RowReader(cells: cells, records: records, positions: positions, file: file, line: line)
                    if records.count != headerCount {
                        row.fail("", "has \(records.count) fields but the header has \(headerCount)")
                    } else {
                        parseRow(&row, into: &rows)
                    }
                    errors += row.errors
                }
                if rows.count >= chunkRows {
                    if errors.isEmpty && !emit(rows) { return duplicates }
                    rows = []
                    rows.reserveCapacity(chunkRows)
                }
            }
            guard errors.isEmpty else { throw ImportFailure(errors) }
            if !rows.isEmpty { _ = emit(rows) }
            return duplicates
        }

        mutating func readHeader(_ records: CSVRecords, line: Int) throws(ImportFailure) {
            headerCount = records.count
            for index in records.fieldIndices {
                let rawName = records.string(index)
                let name = rawName.trimmingSpaces().lowercased()
                guard let column = Column.allCases.first(where: { $0.header == name }) else {
                    let known = (columns + extensionColumns).joined(separator: ", ")
                    errors.append(ImportError(file: file, line: line, column: rawName, message: "unknown column (known: \(known))"))
                    continue
                }
                if positions[column.rawValue] != nil {
                    errors.append(ImportError(file: file, line: line, column: name, message: "column appears twice"))
                }
                positions[column.rawValue] = index
            }
            for name in required.sorted() where positions[Column.allCases.first { $0.header == name }!.rawValue] == nil {
                errors.append(ImportError(file: file, line: line, column: name, message: "required column is missing"))
            }
            guard errors.isEmpty else { throw ImportFailure(errors) }
        }

        /// Reads a row into `rows`, made in place there (no transaction is copied), unless its (wallet, id) came earlier in
        /// the file: the same row again is a duplicate, another an error.
        mutating func parseRow(_ row: inout RowReader, into rows: inout [ImportedRow]) {
            let errorsBefore = row.errors.count
            let (timestampCell, parsed) = row.timestamp(zone: zone)
            let type = row.type(&cache)
            var wallet: Wallet?
            if let name = row.nonEmpty(.wallet) {
                wallet = cache.wallet(name)
            } else if let defaultWallet, !defaultWallet.isEmpty {
                wallet = Wallet(defaultWallet)
            } else {
                row.fail(.wallet, "missing wallet (fill it in, or import with --wallet NAME)")
            }
            let sent = row.amount(.sentQuantity, .sentAsset, &cache)
            let received = row.amount(.receivedQuantity, .receivedAsset, &cache)
            let fee = row.amount(.feeQuantity, .feeAsset, &cache)
            let value = row.money(.value)
            let feeValue = row.money(.feeValue)
            let toWallet = row.nonEmpty(.toWallet).map { cache.wallet($0) }
            let picks = row.lotPicks(.lotIDs)
            let receivedValue = row.money(.receivedValue)
            let donorAcquired = row.date(.donorAcquired)

            if let type {
                row.checkShape(type.kind, sent: sent, received: received, fee: fee, hasToWallet: toWallet != nil)
                if receivedValue != nil, type.kind != .trade, type.kind != .giftIn {
                    row.fail(.receivedValue, "only a trade (the value of what was received) or a gift_in (the fair value at the gift) "
                        + "has a received_value, not a \(type.kind.rawValue)")
                }
                if donorAcquired != nil, type.kind != .giftIn {
                    row.fail(.donorAcquired, "only a gift_in has a donor_acquired date, not a \(type.kind.rawValue)")
                }
            }
            if let donorAcquired, let parsed, donorAcquired > (parsed.dateOnly ? parsed.writtenDate : zone.date(of: parsed.instant)) {
                row.fail(.donorAcquired, "'\(donorAcquired)' is after the gift itself")
            }
            guard row.errors.count == errorsBefore, let parsed, let type, let wallet, let timestampCell else { return }

            let note = row.string(.note)
            // The row's normalized content, hashed field by field (no text is built).
            var hasher = StableHash()
            // The time as the row gives it: an instant when it has an offset, else the wall-clock time written,
            // so that a change of tax time zone does not make an old row look different on re-import.
            hasher.combine(parsed.hasOffset ? parsed.instant.millisecondsSinceEpoch : parsed.writtenMilliseconds)
            hasher.combine(parsed.dateOnly ? "d" : parsed.hasOffset ? "t" : "l")
            hasher.combine(type.kind.rawValue)
            hasher.combine(type.incomeType?.rawValue ?? "")
            hasher.combine(wallet.name)
            for amount in [sent, received, fee] {
                hasher.combine(amount?.quantity.fixed.raw ?? -1)
                hasher.combine(amount?.asset.symbol ?? "")
            }
            hasher.combine(value?.fixed.raw ?? -1)
            hasher.combine(feeValue?.fixed.raw ?? -1)
            hasher.combine(toWallet?.name ?? "")
            for pick in picks {
                hasher.combine(pick.transactionID)
                hasher.combine(pick.quantity?.fixed.raw ?? -1)
            }
            hasher.combine(note)
            // Columns added later enter the hash only when filled, so rows written before them keep their ids.
            if let receivedValue {
                hasher.combine("received_value")
                hasher.combine(receivedValue.fixed.raw)
            }
            if let donorAcquired { hasher.combine("donor_acquired " + donorAcquired.description) }
            var id = row.string(.txID)
            let content = hasher.value
            if id.isEmpty {
                // No source id: the content identifies the row. Identical rows in one file are told apart by
                // their occurrence number, so that a re-import (or an overlapping file) matches them one to one.
                let occurrence = occurrences[content, default: 0]
                occurrences[content] = occurrence + 1
                var numbered = hasher
                numbered.combine("#\(occurrence)")
                id = "h:" + numbered.hex.prefix(20)
            }
            var key = StableHash()
            key.combine(wallet.name)
            key.combine(id)
            // One probe of the table in the common case (a new id); an id seen before gets its first row back.
            if let earlier = seen.updateValue((row.line, content), forKey: key.value) {
                seen[key.value] = earlier
                if earlier.hash == content {
                    duplicates += 1
                } else {
                    row.fail("tx_id", "'\(id)' is already used by a different row on line \(earlier.line)")
                }
                return
            }
            rows.append(ImportedRow(
                transaction: Transaction(
                    id: id, timestamp: parsed.instant, date: parsed.dateOnly ? parsed.writtenDate : zone.date(of: parsed.instant),
                    sequence: row.line, kind: type.kind, incomeType: type.incomeType, wallet: wallet, sent: sent, received: received,
                    fee: fee, value: value, feeValue: feeValue, toWallet: toWallet, lotPicks: picks,
                    source: SourceLocation(file: file, line: row.line), note: note, receivedValue: receivedValue,
                    donorAcquired: donorAcquired),
                timestampText: row.string(timestampCell), dateOnly: parsed.dateOnly,
                localMilliseconds: parsed.hasOffset ? nil : parsed.writtenMilliseconds, contentHash: hasher.hex))
        }
    }

    /// What a file's rows repeat, looked up by the bytes of their cells: wallets, assets (checked once), types.
    private struct Cache {
        var wallets = BytesKeyed<Wallet>()
        var assets = BytesKeyed<Asset?>()
        var types = BytesKeyed<TypeReading>()

        mutating func wallet(_ name: UnsafeBufferPointer<UInt8>) -> Wallet {
            if let known = wallets[name] { return known }
            let wallet = Wallet(String(decoding: name, as: UTF8.self))
            wallets.insert(wallet, for: name)
            return wallet
        }

        /// The asset a cell names; nil when it is not an asset symbol.
        mutating func asset(_ symbol: UnsafeBufferPointer<UInt8>) -> Asset? {
            if let known = assets[symbol] { return known }
            let asset = symbol.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: ",") })
                ? Asset(String(decoding: symbol, as: UTF8.self)) : nil
            assets.insert(asset, for: symbol)
            return asset
        }
    }

    /// What a `type` cell says: a kind (an income type names `income` of that type), or why it says none.
    private enum TypeReading {
        case known(kind: TransactionKind, incomeType: IncomeType?)
        case unknown(message: String)
    }

    /// A cell's bounds in the record's buffer.
    private typealias Cell = Range<Int>

    /// Reads the cells of one record (slices of `CSVRecords.fields`) and collects its errors.
    private struct RowReader {
        let cells: UnsafeBufferPointer<UInt8>
        let records: CSVRecords
        let positions: [Int?]
        let file: String
        let line: Int
        var errors: [ImportError] = []

        init(cells: UnsafeBufferPointer<UInt8>, records: CSVRecords, positions: [Int?], file: String, line: Int) {
            self.cells = cells
            self.records = records
            self.positions = positions
            self.file = file
            self.line = line
        }

        /// The column's cell without leading and trailing spaces, tabs and line breaks (as `trimmingSpaces`); empty when
        /// the file has no such column.
        func cell(_ column: Column) -> Cell {
            guard let position = positions[column.rawValue], position < records.count else { return 0..<0 }
            var range = records.range(position)
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            while !range.isEmpty && isSpace(cells[range.lowerBound]) { range = range.lowerBound + 1..<range.upperBound }
            while !range.isEmpty && isSpace(cells[range.upperBound - 1]) { range = range.lowerBound..<range.upperBound - 1 }
            return range
        }

        func bytes(_ cell: Cell) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: cells[cell]) }

        /// The cell's bytes; nil when it is empty.
        func nonEmpty(_ column: Column) -> UnsafeBufferPointer<UInt8>? {
            let range = cell(column)
            return range.isEmpty ? nil : bytes(range)
        }

        func string(_ cell: Cell) -> String { cell.isEmpty ? "" : String(decoding: bytes(cell), as: UTF8.self) }

        /// The trimmed cell as a string ("" when empty, without building one).
        func string(_ column: Column) -> String { string(cell(column)) }

        mutating func fail(_ column: Column, _ message: String) { fail(column.header, message) }
        mutating func fail(_ column: String, _ message: String) {
            errors.append(ImportError(file: file, line: line, column: column, message: message))
        }

        /// The timestamp's cell, and the time read from it (nil, reported, when it is missing or not ISO 8601).
        mutating func timestamp(zone: TaxTimeZone) -> (cell: Cell?, parsed: Timestamp.Parsed?) {
            let timestamp = cell(.timestamp)
            guard !timestamp.isEmpty else {
                fail(.timestamp, "missing timestamp")
                return (nil, nil)
            }
            let parsed = Timestamp.parse(utf8: bytes(timestamp), zone: zone)
            if parsed == nil {
                let timestampText = string(timestamp)
                let shape = timestampText.utf8.prefix(10).enumerated().allSatisfy { index, byte in
                    index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                }
                if shape && timestampText.utf8.count >= 10 && CivilDate(iso: timestampText.prefix(10)) == nil {
                    fail(.timestamp, "'\(timestampText)' is not a calendar date")
                } else {
                    fail(.timestamp, "'\(timestampText)' is not an ISO 8601 timestamp (YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with Z or an offset)")
                }
            }
            // A time outside the supported dates would be stored and then unreadable by every report (issue 19): refused here.
            if let parsed, !SupportedRange.contains(parsed.hasOffset ? parsed.instant : Instant(millisecondsSinceEpoch: parsed.writtenMilliseconds)) {
                fail(.timestamp, SupportedRange.dateMessage(string(timestamp)))
                return (timestamp, nil)
            }
            return (timestamp, parsed)
        }

        /// The kind the `type` cell names (an income type names `income` of that type); nil, reported, when missing or unknown.
        mutating func type(_ cache: inout Cache) -> (kind: TransactionKind, incomeType: IncomeType?)? {
            guard let typeBytes = nonEmpty(.type) else {
                fail(.type, "missing type")
                return nil
            }
            let reading: TypeReading
            if let known = cache.types[typeBytes] {
                reading = known
            } else {
                let typeText = String(decoding: typeBytes, as: UTF8.self).lowercasedASCII()
                if let known = TransactionKind(rawValue: typeText) {
                    reading = .known(kind: known, incomeType: known == .income ? .other : nil)
                } else if let income = IncomeType(rawValue: typeText), income != .other {
                    reading = .known(kind: .income, incomeType: income)
                } else {
                    let kinds = TransactionKind.allCases.map(\.rawValue).joined(separator: ", ")
                    reading = .unknown(message: "unknown type '\(typeText)' (known: \(kinds); or staking, mining, airdrop, interest, reward)")
                }
                cache.types.insert(reading, for: typeBytes)
            }
            switch reading {
            case .known(let kind, let incomeType): return (kind, incomeType)
            case .unknown(let message):
                fail(.type, message)
                return nil
            }
        }

        mutating func number(_ column: Column) -> Fixed? {
            guard let cell = nonEmpty(column) else { return nil }
            do {
                let value = try Fixed(parsingUTF8: cell, roundingExcessDigits: nil)
                if value.isNegative {
                    fail(column, "'\(String(decoding: cell, as: UTF8.self))' is negative: quantities and values are written as positive amounts")
                    return nil
                }
                guard SupportedRange.contains(value) else {
                    fail(column, SupportedRange.valueMessage(String(decoding: cell, as: UTF8.self)))
                    return nil
                }
                return value
            } catch {
                fail(column, "\(error)")
                return nil
            }
        }

        mutating func money(_ column: Column) -> Money? { number(column).map(Money.init) }

        /// A calendar day, `YYYY-MM-DD`; nil, reported, when the cell is not one.
        mutating func date(_ column: Column) -> CivilDate? {
            let cell = string(column)
            guard !cell.isEmpty else { return nil }
            guard cell.utf8.count == 10, let date = CivilDate(iso: cell[...]) else {
                fail(column, "'\(cell)' is not a date (YYYY-MM-DD)")
                return nil
            }
            return date
        }

        /// A quantity and its asset: both or neither.
        mutating func amount(_ quantityColumn: Column, _ assetColumn: Column, _ cache: inout Cache) -> Amount? {
            let quantity = number(quantityColumn)
            let quantityCell = cell(quantityColumn)
            let assetCell = cell(assetColumn)
            switch (quantityCell.isEmpty, assetCell.isEmpty) {
            case (true, true): return nil
            case (false, true):
                fail(assetColumn, "missing asset for \(quantityColumn.header) \(string(quantityCell))")
                return nil
            case (true, false):
                fail(quantityColumn, "missing quantity for \(string(assetCell))")
                return nil
            case (false, false):
                guard let asset = cache.asset(bytes(assetCell)) else {
                    fail(assetColumn, "'\(string(assetCell))' is not an asset symbol")
                    return nil
                }
                return quantity.map { Amount(Quantity($0), asset) }
            }
        }

        mutating func lotPicks(_ column: Column) -> [LotPick] {
            let cell = string(column)
            guard !cell.isEmpty else { return [] }
            var picks: [LotPick] = []
            for part in cell.split(separator: ";") {
                let pieces = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
                guard let id = pieces.first, !id.isEmpty else {
                    fail(column, "'\(cell)' is not a list of lots (txA;txB=0.5)")
                    return []
                }
                var quantity: Quantity?
                if pieces.count == 2 {
                    guard let parsed = try? Quantity(parsing: pieces[1]), parsed.isPositive else {
                        fail(column, "'\(pieces[1])' is not a positive quantity for lot \(id)")
                        return []
                    }
                    quantity = parsed
                }
                picks.append(LotPick(transactionID: id, quantity: quantity))
            }
            return picks
        }

        /// Which sides each kind needs (DESIGN.md): the message names the column to fill in.
        mutating func checkShape(_ kind: TransactionKind, sent: Amount?, received: Amount?, fee: Amount?, hasToWallet: Bool) {
            func need(_ amount: Amount?, _ column: Column, crypto: Bool) {
                guard let amount else {
                    if cell(column).isEmpty && cell(column == .sentQuantity ? .sentAsset : .receivedAsset).isEmpty {
                        fail(column, "a \(kind.rawValue) needs \(column.header)")
                    }
                    return
                }
                if crypto && amount.asset.isFiat {
                    fail(column == .sentQuantity ? .sentAsset : .receivedAsset,
                         "a \(kind.rawValue) \(column == .sentQuantity ? "sends" : "receives") crypto, not \(amount.asset)")
                }
            }
            switch kind {
            case .buy: need(received, .receivedQuantity, crypto: true)
            case .sell, .spend, .giftOut, .donation, .lost, .withdrawal: need(sent, .sentQuantity, crypto: true)
            case .deposit: need(received, .receivedQuantity, crypto: true)
            case .trade:
                need(sent, .sentQuantity, crypto: true)
                need(received, .receivedQuantity, crypto: true)
            case .income, .giftIn: need(received, .receivedQuantity, crypto: false)
            case .transfer:
                need(sent, .sentQuantity, crypto: true)
                if !hasToWallet { fail(.toWallet, "a transfer needs to_wallet") }
                if let sent, let received {
                    if received.asset != sent.asset {
                        fail(.receivedAsset, "a transfer receives the asset it sends (\(sent.asset)), not \(received.asset)")
                    } else if received.quantity > sent.quantity {
                        fail(.receivedQuantity, "\(received.quantity) arrives but only \(sent.quantity) was sent")
                    }
                }
            case .fee:
                if fee == nil && sent == nil && cell(.feeQuantity).isEmpty && cell(.sentQuantity).isEmpty {
                    fail(.feeQuantity, "a fee row needs fee_quantity and fee_asset")
                }
            }
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; the same string when there are none (the common case).
    func trimmingSpaces() -> String {
        let bytes = utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.first, let last = bytes.last else { return self }
        if !isSpace(first) && !isSpace(last) { return self }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = bytes.lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }

    /// Lower-cased, without the Unicode machinery when the text is plain lower-case ASCII already.
    func lowercasedASCII() -> String {
        utf8.allSatisfy({ $0 < 0x80 && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }) ? self : lowercased()
    }
}

/// A hash that is the same on every run and machine (Swift's `Hasher` is seeded per process): two
/// 64-bit FNV-1a lanes with different offsets, 128 bits in hex. Identifies rows, never secures anything.
public struct StableHash: Sendable {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x6c62_272e_07bb_0142

    public init() {}

    private mutating func add(_ byte: UInt8) {
        first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        second = second ^ (second >> 29)
    }

    /// Adds a string and a separator, so that ("ab", "c") and ("a", "bc") differ.
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { add(byte) }
        add(0x1F)
    }

    public mutating func combine(_ value: Int128) {
        var bits = UInt128(bitPattern: value)
        for _ in 0..<16 {
            add(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
        add(0x1E)
    }

    public mutating func combine(_ value: Int64) { combine(Int128(value)) }

    /// The two lanes as one number: a key for sets of hashes that need not be text.
    public var value: UInt128 { UInt128(first) << 64 | UInt128(second) }

    /// The hash of `text` alone.
    public static func of(_ text: String) -> UInt128 {
        var hasher = StableHash()
        hasher.combine(text)
        return hasher.value
    }

    public var hex: String {
        // 32 hex digits written in place: one allocation.
        String(unsafeUninitializedCapacity: 32) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for (offset, lane) in [first, second].enumerated() {
                for nibble in 0..<16 {
                    buffer[offset * 16 + nibble] = digits.utf8Start[Int((lane >> UInt64(60 - 4 * nibble)) & 0xF)]
                }
            }
            return 32
        }
    }

    public static func hex(of text: String) -> String {
        var hasher = StableHash()
        hasher.combine(text)
        return hasher.hex
    }
}

extension HarvestCSV {
    /// Writes transactions as Harvest CSV, the extension columns included; timestamps in
    /// UTC with milliseconds (or the bare date for date-only rows when `dateOnly` says so).
    public static func write(_ transactions: [Transaction], dateOnly: (Transaction) -> Bool = { _ in false }) -> String {
        var out = (columns + extensionColumns).joined(separator: ",") + "\n"
        for tx in transactions {
            let type: String = if tx.kind == .income, let income = tx.incomeType, income != .other { income.rawValue } else { tx.kind.rawValue }
            let fields = [
                dateOnly(tx) ? tx.date.description : isoMilliseconds(tx.timestamp), type, tx.wallet.name,
                tx.sent?.quantity.description ?? "", tx.sent?.asset.symbol ?? "", tx.received?.quantity.description ?? "",
                tx.received?.asset.symbol ?? "", tx.fee?.quantity.description ?? "", tx.fee?.asset.symbol ?? "",
                tx.value?.description ?? "", tx.toWallet?.name ?? "", tx.id, tx.note, tx.feeValue?.description ?? "",
                tx.lotPicks.map(\.description).joined(separator: ";"), tx.receivedValue?.description ?? "",
                tx.donorAcquired?.description ?? "",
            ]
            out += CSV.row(fields)
        }
        return out
    }

    /// `2024-03-01T14:05:09.123Z`
    static func isoMilliseconds(_ instant: Instant) -> String {
        let date = instant.date()
        let milliseconds = Int(instant.millisecondsSinceEpoch - Int64(date.daysSinceEpoch) * 86_400_000)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let seconds = milliseconds / 1000
        return "\(date)T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(milliseconds % 1000, 3))Z"
    }
}
