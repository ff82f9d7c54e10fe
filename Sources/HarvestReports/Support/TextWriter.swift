import HarvestCore

/// Output written as it is produced: bytes gathered in one buffer and handed to a sink in chunks of at most 64 KB (the
/// size can be set; a chunk is cut short only where a number would not fit at its end),
/// so a report of a million rows is never one string in memory, and each figure is written digit by digit into the
/// buffer rather than through a `String` of its own.
///
/// The writer does no I/O itself (this module only makes text): the CLI's sink writes each chunk to stdout or a file,
/// a test's collects them (`TextWriter.text`). Every `write` produces exactly the bytes of the `String` formatting it
/// stands for (`Fixed.description`, `Fixed.formatted(scale:_:)`, `CivilDate.description`, `JSON.string`, `CSV.field`),
/// so streamed reports stay byte for byte what the whole-document renderers wrote.
public final class TextWriter {
    /// Receives each full chunk, and the rest at `flush()`.
    public typealias Sink = (UnsafeRawBufferPointer) -> Void

    private let storage: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// How many bytes the buffer holds. Behind a pointer, not a stored `var`: a class's stored properties are checked for
    /// exclusive access at run time on every use, which cost as much as the writing itself.
    private let filled: UnsafeMutablePointer<Int>
    private let sink: Sink

    /// - Parameters:
    ///   - chunkBytes: the size of the chunks the sink receives (the last may be shorter); at least 64 bytes.
    ///   - sink: where the chunks go, in order.
    public init(chunkBytes: Int = 1 << 16, sink: @escaping Sink) {
        capacity = max(64, chunkBytes)
        storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        filled = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        filled.initialize(to: 0)
        self.sink = sink
    }

    deinit {
        // A writer dropped without `flush()` still delivers what it holds: output is never lost silently.
        flush()
        storage.deallocate()
        filled.deallocate()
    }

    /// Hands what the buffer holds to the sink.
    public func flush() {
        guard filled.pointee > 0 else { return }
        let count = filled.pointee
        filled.pointee = 0
        sink(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// Everything `body` writes, as one string: for tests and for the small documents that are still returned whole.
    public static func text(_ body: (TextWriter) throws -> Void) rethrows -> String {
        final class Collected { var bytes: [UInt8] = [] }
        let collected = Collected()
        let writer = TextWriter { collected.bytes.append(contentsOf: $0) }
        try body(writer)
        writer.flush()
        return String(decoding: collected.bytes, as: UTF8.self)
    }

    // MARK: - Bytes

    public func write(bytes: UnsafeBufferPointer<UInt8>) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        // What does not fit fills the buffer, which goes out; a text longer than a chunk goes in chunks.
        while filled.pointee + remaining > capacity {
            let room = capacity - filled.pointee
            (storage + filled.pointee).update(from: next, count: room)
            filled.pointee = capacity
            flush()
            next += room
            remaining -= room
        }
        (storage + filled.pointee).update(from: next, count: remaining)
        filled.pointee += remaining
    }

    @inline(__always)
    public func write(byte: UInt8) {
        if filled.pointee == capacity { flush() }
        storage[filled.pointee] = byte
        filled.pointee += 1
    }

    /// Text known when the program is compiled: JSON keys, separators, `null`.
    public func write(_ text: StaticString) {
        // `withUTF8Buffer`, not `utf8Start`: a one-character literal may be stored as a scalar, without a pointer.
        text.withUTF8Buffer { write(bytes: $0) }
    }

    /// Text made at run time (a name, a summary); literals go through `write(_:)` as `StaticString`.
    public func write(text: String) {
        var text = text
        text.withUTF8 { write(bytes: $0) }
    }

    /// Room for `bytes` more bytes (at most 64) at the end of the buffer, flushing first when needed; `commit` them after.
    @inline(__always)
    private func reserve(_ bytes: Int) -> UnsafeMutablePointer<UInt8> {
        if filled.pointee + bytes > capacity { flush() }
        return storage + filled.pointee
    }

    @inline(__always)
    private func commit(upTo end: UnsafeMutablePointer<UInt8>) {
        filled.pointee = end - storage
    }

    // MARK: - Numbers and dates

    /// `String(value)`.
    public func write(_ value: Int) {
        var position = reserve(20)
        if value < 0 {
            position.pointee = UInt8(ascii: "-")
            position += 1
        }
        commit(upTo: NumberText.writeDigits(of: UInt64(value.magnitude), at: position))
    }

    /// `value.description`: the shortest exact text (`12.5`, `-0.000000000000000001`, `3`).
    public func write(decimal value: Fixed) {
        let start = reserve(NumberText.maximumBytes)
        guard let end = NumberText.decimal(value, at: start) else {
            write(text: value.description)
            return
        }
        commit(upTo: end)
    }

    public func write(decimal value: Money) { write(decimal: value.fixed) }
    public func write(decimal value: Quantity) { write(decimal: value.fixed) }
    public func write(decimal value: Price) { write(decimal: value.fixed) }

    /// `value.formatted(scale: digits, mode)`: rounded to exactly `digits` fractional digits (0 to 18) with `mode`.
    public func write(_ value: Fixed, scale digits: Int, _ mode: RoundingMode) {
        let start = reserve(NumberText.maximumBytes)
        guard let end = NumberText.formatted(value, scale: digits, mode, at: start) else {
            write(text: value.formatted(scale: digits, mode))
            return
        }
        commit(upTo: end)
    }

    public func write(_ value: Money, scale digits: Int, _ mode: RoundingMode) { write(value.fixed, scale: digits, mode) }

    /// `date.description`: `YYYY-MM-DD`.
    public func write(_ date: CivilDate) {
        let start = reserve(10)
        guard let end = date.writeDescription(at: start) else { return write(text: date.description) }
        commit(upTo: end)
    }

    // MARK: - Quoted text

    /// `JSON.string(text)`: quoted, with `"`, `\` and control characters escaped; other characters as they are.
    public func writeJSONString(_ text: String) {
        write(byte: UInt8(ascii: "\""))
        writeJSONEscaped(text)
        write(byte: UInt8(ascii: "\""))
    }

    /// `JSON.string(text)` without its quotes: for a string written in parts.
    public func writeJSONEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            // Nearly every text needs no escape: found eight bytes at a time, then copied whole.
            guard Self.mayNeedEscaping(bytes) else { return write(bytes: bytes) }
            var plainStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                write(bytes: UnsafeBufferPointer(rebasing: bytes[plainStart..<index]))
                plainStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): write("\\\"")
                case UInt8(ascii: "\\"): write("\\\\")
                case 0x0A: write("\\n")
                case 0x0D: write("\\r")
                case 0x09: write("\\t")
                default:
                    // As `JSON.string` writes it: four hexadecimal digits, lower case.
                    write("\\u00")
                    write(byte: Self.hexDigits[Int(byte >> 4)])
                    write(byte: Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            write(bytes: UnsafeBufferPointer(rebasing: bytes[plainStart...]))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether `bytes` holds a byte JSON escapes (a control character, `"` or `\`): false only when none does. Eight bytes
    /// at a time, with the word tests of "Bit Twiddling Hacks" (`hasless`, `haszero`), which find every such byte.
    static func mayNeedEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            let found = ((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
            if found & highs != 0 { return true }
            offset += 8
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            offset += 1
        }
        return false
    }

    /// `JSON.string(value.description)` for a number: its text needs no escaping.
    public func writeJSONString(decimal value: Fixed) {
        write(byte: UInt8(ascii: "\""))
        write(decimal: value)
        write(byte: UInt8(ascii: "\""))
    }

    public func writeJSONString(decimal value: Money) { writeJSONString(decimal: value.fixed) }
    public func writeJSONString(decimal value: Quantity) { writeJSONString(decimal: value.fixed) }

    /// `JSON.string(date.description)`.
    public func writeJSONString(_ date: CivilDate) {
        write(byte: UInt8(ascii: "\""))
        write(date)
        write(byte: UInt8(ascii: "\""))
    }

    /// `CSV.spreadsheetField(text)`: as it is, or quoted with its quotes doubled when it holds a comma, a quote or a line
    /// break; a cell that would start a spreadsheet formula is first prefixed with `'` (OWASP, `CSV.neutralized`).
    public func writeCSVField(_ text: String) {
        var text = text
        if CSV.needsNeutralizing(text.utf8) { text = "'" + text }
        text.withUTF8 { bytes in
            func special(_ byte: UInt8) -> Bool {
                byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
            }
            guard bytes.contains(where: special) else {
                write(bytes: bytes)
                return
            }
            write(byte: UInt8(ascii: "\""))
            var plainStart = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\"") {
                // The quote is written with the text before it, then once more.
                write(bytes: UnsafeBufferPointer(rebasing: bytes[plainStart...index]))
                plainStart = index
            }
            write(bytes: UnsafeBufferPointer(rebasing: bytes[plainStart...]))
            write(byte: UInt8(ascii: "\""))
        }
    }

    /// `CSV.spreadsheetRow(fields)`: the fields, each quoted (and neutralised) as it needs, separated by commas, ending in a newline.
    public func writeCSVRow(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { write(byte: UInt8(ascii: ",")) }
            writeCSVField(field)
        }
        write(byte: 0x0A)
    }
}
