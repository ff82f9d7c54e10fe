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
        Iterator(text: text, separator: separator, start: text.utf8.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
    }

    public struct Iterator: IteratorProtocol {
        let text: String
        let separator: UInt8
        var position: Int
        var line = 1

        init(text: String, separator: UInt8, start: Int) {
            self.text = text
            self.separator = separator
            position = start
        }

        public mutating func next() -> Record? {
            let text = self.text
            // Contiguous: `CSVReader.init` made it so.
            return text.utf8.withContiguousStorageIfAvailable { bytes in next(in: bytes) } ?? nil
        }

        private mutating func next(in bytes: UnsafeBufferPointer<UInt8>) -> Record? {
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
            let buffer = bytes
            do {
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
