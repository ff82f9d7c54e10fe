import HarvestCore

/// Imported rows laid out as the `ledgerTransaction` columns they become: every text in one byte buffer,
/// every column of every row one 64-bit slot and one kind. `init` does the conversions (decimals to their stored form,
/// days to text) once per chunk; `FastStatement.insert` then binds from the buffer without a Swift string, a copy or a
/// reference count per value.
///
/// A slot holds, by its kind: an integer; a text's or a blob's `offset << 32 | length` into `bytes`; nothing (NULL).
struct LedgerRows: Sendable {
    var bytes: [UInt8] = []
    var slots: [Int64] = []
    var kinds: [Kind] = []
    private(set) var count = 0

    enum Kind: UInt8, Sendable {
        case null, integer, text, blob
    }

    /// The columns of `TransactionColumns.insertSQL` that vary by row: its parameters 3 to 29.
    static let firstParameter: Int32 = 3
    static let columnCount = 27
    /// Lays out `rows`; `file` stands for rows that carry no source location.
    init(_ rows: [ImportedRow], file: String) {
        bytes.reserveCapacity(rows.count * 200)
        slots.reserveCapacity(rows.count * LedgerRows.columnCount)
        kinds.reserveCapacity(rows.count * LedgerRows.columnCount)
        rows.withUnsafeBufferPointer { rows in
            // Each row read through its address: its fields are borrowed, the row is not copied.
            guard let first = rows.baseAddress else { return }
            for index in rows.indices { append(first + index, file: file) }
        }
    }

    mutating func append(_ row: UnsafePointer<ImportedRow>, file: String) {
        append(row.pointee, file: file)
    }

    mutating func append(_ row: borrowing ImportedRow, file: String) {
        let transaction = row.transaction
        text(transaction.wallet.name)
        text(transaction.id)
        text(transaction.kind.rawValue)
        text(transaction.incomeType?.rawValue)
        text(row.timestampText)
        integer(transaction.timestamp.millisecondsSinceEpoch)
        date(transaction.date)
        integer(row.dateOnly ? 1 : 0)
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
        integer(transaction.source.map { Int64($0.line) })
        text(row.contentHash)
        integer(row.localMilliseconds)
        text(row.valueCurrency?.symbol)
        text(transaction.chainTransaction)
        fixed(transaction.receivedValue?.fixed)
        if let donorAcquired = transaction.donorAcquired { date(donorAcquired) } else { null() }
        count += 1
    }

    private mutating func null() {
        slots.append(0)
        kinds.append(.null)
    }

    private mutating func integer(_ value: Int64?) {
        guard let value else { return null() }
        slots.append(value)
        kinds.append(.integer)
    }

    private mutating func text(_ text: String?) {
        guard var value = text else { return null() }
        let offset = bytes.count
        value.withUTF8 { bytes.append(contentsOf: $0) }
        slots.append(Int64(offset) << 32 | Int64(bytes.count - offset))
        kinds.append(.text)
    }

    /// `YYYY-MM-DD`, written in place.
    private mutating func date(_ day: CivilDate) {
        let offset = bytes.count
        let (year, month, dayOfMonth) = day.components
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            for _ in 0..<count {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        guard (0...9999).contains(year) else {
            // Outside four digits: as `CivilDate.description` writes it (the loader reports such a row).
            return text(day.description)
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(dayOfMonth, 2)
        slots.append(Int64(offset) << 32 | Int64(bytes.count - offset))
        kinds.append(.text)
    }

    /// A decimal in its stored form (`StoredDecimal`).
    private mutating func fixed(_ value: Fixed?) {
        guard let value else { return null() }
        switch StoredDecimal.form(value) {
        case .integer(let stored): integer(stored)
        case .blob(let raw):
            let offset = bytes.count
            bytes.append(contentsOf: StoredDecimal.blobBytes(raw))
            slots.append(Int64(offset) << 32 | 16)
            kinds.append(.blob)
        }
    }

    /// The text of column `column` (0-based slot) of row `row`, for messages; nil for NULL or a number.
    func string(row: Int, column: Int) -> String? {
        let index = row * LedgerRows.columnCount + column
        guard kinds[index] == .text else { return nil }
        let slot = slots[index]
        let offset = Int(slot >> 32), length = Int(slot & 0xFFFF_FFFF)
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    func integer(row: Int, column: Int) -> Int64? {
        let index = row * LedgerRows.columnCount + column
        return kinds[index] == .integer ? slots[index] : nil
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
