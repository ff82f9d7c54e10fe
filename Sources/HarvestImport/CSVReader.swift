import Foundation

/// A fast RFC 4180 reader over UTF-8 bytes: quoted fields, doubled quotes, CRLF or LF, a BOM.
/// Yields each record with the line on which it starts, for `file:line` messages.
public struct CSVReader: Sequence {
    public struct Record {
        /// 1-based line of the record's first byte.
        public var line: Int
        public var fields: [String]
    }

    /// The text's own bytes are read in place: a reader made to look at a large file's header copies nothing.
    private let text: String
    private let separator: UInt8

    /// - Parameter separator: the field separator, `,` unless the file says otherwise (CoinMarketCap uses `;`).
    public init(_ text: String, separator: Character = ",") {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        self.separator = separator.asciiValue ?? UInt8(ascii: ",")
    }

    public func makeIterator() -> Iterator {
        Iterator(text: text, separator: separator)
    }

    public struct Iterator: IteratorProtocol {
        let text: String
        var records: CSVRecords

        init(text: String, separator: UInt8) {
            self.text = text
            records = CSVRecords(separator: separator)
            records.skipByteOrderMark(text)
        }

        public mutating func next() -> Record? {
            let text = self.text
            // Contiguous: `CSVReader.init` made it so.
            return text.utf8.withContiguousStorageIfAvailable { bytes -> Record? in
                guard let line = records.next(in: bytes) else { return nil }
                return Record(line: line, fields: records.fieldIndices.map { records.string($0) })
            } ?? nil
        }
    }
}

/// The records of CSV bytes, one at a time, each field's bytes copied (unquoted, doubled quotes made single) into one
/// buffer that the next record reuses: a reader that builds no string per field (`HarvestCSV`), and the one that
/// `CSVReader` builds its strings from, so both read a file alike.
public struct CSVRecords {
    let separator: UInt8
    /// The position of the next record in the bytes, and its line.
    public private(set) var position = 0
    public private(set) var line = 1
    /// The current record's fields, one after another, and where each ends in `fields`.
    public private(set) var fields: [UInt8] = []
    private var ends: [Int] = []

    public init(separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
        fields.reserveCapacity(1024)
        ends.reserveCapacity(32)
    }

    /// Starts after a UTF-8 byte-order mark, if `text` begins with one.
    public mutating func skipByteOrderMark(_ text: String) {
        if text.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// How many fields the current record has.
    public var count: Int { ends.count }
    public var fieldIndices: Range<Int> { 0..<ends.count }

    /// The bounds of field `index` in `fields`.
    public func range(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

    /// Field `index` as a string.
    public func string(_ index: Int) -> String {
        fields.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range(index)]), as: UTF8.self) }
    }

    /// Reads the record at `position` of `bytes` (the whole file); its line, or nil at the end.
    public mutating func next(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let quote = UInt8(ascii: "\""), comma = separator, newline = UInt8(ascii: "\n"), ret = UInt8(ascii: "\r")
        // Blank lines between records are skipped.
        while position < bytes.count && (bytes[position] == newline || bytes[position] == ret) {
            if bytes[position] == newline { line += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let startLine = line
        fields.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        while true {
            // One field.
            if position < bytes.count && bytes[position] == quote {
                position += 1
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == quote {
                        if position + 1 < bytes.count && bytes[position + 1] == quote {
                            fields.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    if byte == newline { line += 1 }
                    fields.append(byte)
                    position += 1
                }
                // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
                let tail = position
                while position < bytes.count && bytes[position] != comma && bytes[position] != newline && bytes[position] != ret {
                    position += 1
                }
                if position > tail { fields.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tail..<position])) }
            } else {
                let start = position
                while position < bytes.count && bytes[position] != comma && bytes[position] != newline && bytes[position] != ret {
                    position += 1
                }
                if position > start { fields.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position])) }
            }
            ends.append(fields.count)
            // The delimiter after it.
            if position < bytes.count && bytes[position] == comma {
                position += 1
                continue
            }
            if position < bytes.count && bytes[position] == ret { position += 1 }
            if position < bytes.count && bytes[position] == newline {
                position += 1
                line += 1
            }
            return startLine
        }
    }
}
