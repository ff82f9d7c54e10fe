import Foundation

/// A fast RFC 4180 reader over UTF-8 bytes: quoted fields, doubled quotes, CRLF or LF, a BOM.
/// Yields each record with the line on which it starts, for `file:line` messages.
public struct CSVReader: Sequence {
    public struct Record {
        /// 1-based line of the record's first byte.
        public var line: Int
        public var fields: [String]
    }

    private let bytes: [UInt8]
    private let separator: UInt8

    /// - Parameter separator: the field separator, `,` unless the file says otherwise (CoinMarketCap uses `;`).
    public init(_ text: String, separator: Character = ",") {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
        self.separator = separator.asciiValue ?? UInt8(ascii: ",")
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        self.separator = UInt8(ascii: ",")
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes, separator: separator) }

    public struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        let separator: UInt8
        var position = 0
        var line = 1

        init(bytes: [UInt8], separator: UInt8) {
            self.bytes = bytes
            self.separator = separator
        }

        public mutating func next() -> Record? {
            let quote = UInt8(ascii: "\""), comma = separator, newline = UInt8(ascii: "\n"), ret = UInt8(ascii: "\r")
            // Blank lines between records are skipped.
            while position < bytes.count && (bytes[position] == newline || bytes[position] == ret) {
                if bytes[position] == newline { line += 1 }
                position += 1
            }
            guard position < bytes.count else { return nil }
            let startLine = line
            var fields: [String] = []
            fields.reserveCapacity(16)
            return bytes.withUnsafeBufferPointer { buffer -> Record in
                while true {
                    // One field.
                    if position < buffer.count && buffer[position] == quote {
                        position += 1
                        var value: [UInt8] = []
                        while position < buffer.count {
                            let byte = buffer[position]
                            if byte == quote {
                                if position + 1 < buffer.count && buffer[position + 1] == quote {
                                    value.append(quote)
                                    position += 2
                                    continue
                                }
                                position += 1
                                break
                            }
                            if byte == newline { line += 1 }
                            value.append(byte)
                            position += 1
                        }
                        // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
                        let tail = position
                        while position < buffer.count && buffer[position] != comma && buffer[position] != newline
                            && buffer[position] != ret { position += 1 }
                        if position > tail { value.append(contentsOf: buffer[tail..<position]) }
                        fields.append(String(decoding: value, as: UTF8.self))
                    } else {
                        let start = position
                        while position < buffer.count && buffer[position] != comma && buffer[position] != newline
                            && buffer[position] != ret { position += 1 }
                        fields.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self))
                    }
                    // The delimiter after it.
                    if position < buffer.count && buffer[position] == comma {
                        position += 1
                        continue
                    }
                    if position < buffer.count && buffer[position] == ret { position += 1 }
                    if position < buffer.count && buffer[position] == newline {
                        position += 1
                        line += 1
                    }
                    return Record(line: startLine, fields: fields)
                }
            }
        }
    }
}

/// Quotes a field for CSV output when it needs it.
public func csvField(_ text: String) -> String {
    let special: (UInt8) -> Bool = { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    guard text.utf8.contains(where: special) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
