import HarvestCore

/// Imported rows laid out as the `ledgerTransaction` columns they become: every text in one byte buffer,
/// every column of every row one 64-bit slot. `init` does the conversions (decimals and days to text) once per
/// chunk; `FastStatement.insert` then binds from the buffer without a Swift string, a copy or a reference count
/// per value.
///
/// A text slot holds `offset << 32 | length` into `bytes`, or `LedgerRows.null`; an integer slot holds the
/// integer, or `LedgerRows.null` for NULL (the integer columns never hold `Int64.min`).
struct LedgerRows: Sendable {
    var bytes: [UInt8] = []
    var slots: [Int64] = []
    private(set) var count = 0

    static let null = Int64.min

    /// The columns of `TransactionColumns.insertSQL` that vary by row: its parameters 3 to 29.
    static let firstParameter: Int32 = 3
    static let columnCount = 27
    /// The 0-based slots holding integers (instant, dateOnly, line, localTime); the others hold texts.
    static let integerSlots: Set<Int> = [5, 7, 20, 22]
    static let isInteger: [Bool] = (0..<columnCount).map { integerSlots.contains($0) }

    /// Lays out `rows`; `file` stands for rows that carry no source location.
    init(_ rows: [ImportedRow], file: String) {
        bytes.reserveCapacity(rows.count * 200)
        slots.reserveCapacity(rows.count * LedgerRows.columnCount)
        for row in rows { append(row, file: file) }
    }

    mutating func append(_ row: ImportedRow, file: String) {
        let transaction = row.transaction
        text(transaction.wallet.name)
        text(transaction.id)
        text(transaction.kind.rawValue)
        text(transaction.incomeType?.rawValue)
        text(row.timestampText)
        slots.append(transaction.timestamp.millisecondsSinceEpoch)
        text(transaction.date.description)
        slots.append(row.dateOnly ? 1 : 0)
        fixed(transaction.sent?.quantity.fixed)
        text(transaction.sent?.asset.symbol)
        fixed(transaction.received?.quantity.fixed)
        text(transaction.received?.asset.symbol)
        fixed(transaction.fee?.quantity.fixed)
        text(transaction.fee?.asset.symbol)
        fixed((transaction.value ?? row.writtenValue)?.fixed)
        fixed(transaction.feeValue?.fixed)
        text(transaction.toWallet?.name)
        text(TransactionColumns.encode(transaction.lotPicks))
        text(transaction.note)
        text(transaction.source?.file ?? file)
        slots.append(transaction.source.map { Int64($0.line) } ?? LedgerRows.null)
        text(row.contentHash)
        slots.append(row.localMilliseconds ?? LedgerRows.null)
        text(row.valueCurrency?.symbol)
        text(transaction.chainTransaction)
        fixed(transaction.receivedValue?.fixed)
        text(transaction.donorAcquired?.description)
        count += 1
    }

    private mutating func text(_ text: String?) {
        guard var value = text else {
            slots.append(LedgerRows.null)
            return
        }
        let offset = bytes.count
        value.withUTF8 { bytes.append(contentsOf: $0) }
        slots.append(Int64(offset) << 32 | Int64(bytes.count - offset))
    }

    private mutating func fixed(_ value: Fixed?) {
        guard let value else {
            slots.append(LedgerRows.null)
            return
        }
        let offset = bytes.count
        value.appendText(to: &bytes)
        slots.append(Int64(offset) << 32 | Int64(bytes.count - offset))
    }

    /// The text of column `column` (0-based slot) of row `row`, for messages; nil for NULL.
    func string(row: Int, column: Int) -> String? {
        let slot = slots[row * LedgerRows.columnCount + column]
        guard slot != LedgerRows.null else { return nil }
        let offset = Int(slot >> 32), length = Int(slot & 0xFFFF_FFFF)
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    func integer(row: Int, column: Int) -> Int64? {
        let slot = slots[row * LedgerRows.columnCount + column]
        return slot == LedgerRows.null ? nil : slot
    }

    /// Slots of the columns a duplicate is checked by.
    static let walletSlot = 0, idSlot = 1, fileSlot = 19, lineSlot = 20, hashSlot = 21

    /// "file:line (tx id)", as `Transaction.reference` writes it.
    func reference(row: Int) -> String {
        let id = string(row: row, column: LedgerRows.idSlot) ?? ""
        guard let line = integer(row: row, column: LedgerRows.lineSlot) else { return "tx \(id)" }
        return "\(string(row: row, column: LedgerRows.fileSlot) ?? ""):\(line) (tx \(id))"
    }
}
