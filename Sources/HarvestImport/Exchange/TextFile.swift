import Foundation

/// The text of an export file as exchanges write them.
public enum TextFile {
    /// UTF-8; UTF-16 with a byte-order mark (Bittrex's exports, Excel's "Unicode text"), little- or big-endian; or
    /// Windows-1252 (spreadsheets on Windows save CSV so: Coinbase's "€" as byte 0x80); nil for bytes that are
    /// not text.
    /// Text holds no zero byte (UTF-16 without its byte-order mark would pass for UTF-8 otherwise), and does not start
    /// as a PDF, an image or another binary file does.
    public static func decode(_ data: Data) -> String? {
        if let endian = utf16ByteOrder(data) { return utf16(data, endian) }
        guard !hasZeroByte(data), binaryKind(data) == nil else { return nil }
        if let text = String(validating: data, as: UTF8.self) { return text }
        return String(data: data, encoding: .windowsCP1252)
    }

    /// Whether any byte is zero (memchr: a large export is scanned at memory speed).
    static func hasZeroByte(_ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }
    }

    enum ByteOrder { case little, big }

    /// The byte order a UTF-16 byte-order mark at the start of `data` gives: `FF FE` little-endian, `FE FF` big-endian.
    static func utf16ByteOrder(_ data: Data) -> ByteOrder? {
        guard data.count >= 2 else { return nil }
        let first = data[data.startIndex], second = data[data.startIndex + 1]
        if first == 0xFF && second == 0xFE { return .little }
        if first == 0xFE && second == 0xFF { return .big }
        return nil
    }

    /// The text after the byte-order mark; nil for an odd number of bytes or unpaired surrogates.
    static func utf16(_ data: Data, _ order: ByteOrder) -> String? {
        guard data.count % 2 == 0 else { return nil }
        return data.withUnsafeBytes { raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let units = stride(from: 2, to: bytes.count, by: 2).lazy.map { index -> UInt16 in
                order == .little ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
            }
            return String(validating: units, as: UTF16.self)
        }
    }

    /// Text whose first line is separated by tabs, not commas or semicolons (Excel's "Unicode text" and "Text (Tab
    /// delimited)"), rewritten as CSV: each line stays on its line (a quoted cell's line breaks are kept), so messages'
    /// line numbers are the file's. Any other text is returned as it is.
    public static func tabsAsCommas(_ text: String) -> String {
        let firstLine = text.utf8.lazy.drop { $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }.prefix { $0 != 0x0A }
        var tabs = 0, others = 0
        for byte in firstLine {
            if byte == 0x09 { tabs += 1 } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") { others += 1 }
        }
        guard tabs > others else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var line = 1
        for record in CSVReader(text, separator: "\t") {
            while line < record.line {
                output.append(0x0A)
                line += 1
            }
            for (index, field) in record.fields.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                CSVText.appendField(field, separator: UInt8(ascii: ","), to: &output)
            }
            output.append(0x0A)
            line += 1 + record.fields.reduce(0) { $0 + $1.utf8.count { $0 == 0x0A } }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// What a file that is not text is, and what to do with it: for `file:0:` messages.
    public static func describeNonText(_ data: Data) -> String {
        if let kind = binaryKind(data) { return kind }
        if utf16ByteOrder(data) != nil {
            return "the file is UTF-16 text (it starts with a byte-order mark) but is damaged: an odd number of bytes or a broken character; export it again, or save it as UTF-8 CSV"
        }
        if looksLikeUTF16WithoutMark(data) {
            return "the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 CSV (or as UTF-16 with a byte-order mark, as Excel's \"Unicode text\" does)"
        }
        let offset = data.firstIndex(of: 0).map { $0 - data.startIndex }
        return "the file is not text (neither UTF-8, UTF-16 with a byte-order mark, nor Windows-1252"
            + (offset.map { "; a zero byte at offset \($0)" } ?? "")
            + "): import the exchange's CSV or XLSX export"
    }

    /// What a file that starts with a binary format's signature is, and what to do with it; nil for any other start.
    static func binaryKind(_ data: Data) -> String? {
        func starts(_ signature: [UInt8]) -> Bool { data.starts(with: signature) }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            return "the file is a zip archive but not an XLSX workbook; unzip it and import the CSV or XLSX files inside"
        }
        if starts(Array("%PDF".utf8)) {
            return "the file is a PDF document; Harvest reads an exchange's CSV or XLSX export, not a PDF statement: download the transaction history as CSV"
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "the file is an Excel 97-2003 workbook (.xls) or a password-protected XLSX; open it in a spreadsheet and save it as XLSX or CSV (without a password)"
        }
        if starts([0x1F, 0x8B]) { return "the file is gzip-compressed; decompress it (gunzip) and import the file inside" }
        if starts(Array("SQLite format 3".utf8)) {
            return "the file is an SQLite database (a Harvest database is given with --db, not imported); import the exchange's CSV or XLSX export"
        }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) { return "the file is an image, not an export; download the transaction history as CSV or XLSX" }
        return nil
    }

    /// Mostly ASCII text with a zero byte beside each character: UTF-16 written without its byte-order mark.
    static func looksLikeUTF16WithoutMark(_ data: Data) -> Bool {
        let sample = data.prefix(512)
        guard sample.count >= 8 else { return false }
        var evenZeros = 0, oddZeros = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let half = sample.count / 2
        return max(evenZeros, oddZeros) * 10 >= half * 9 && min(evenZeros, oddZeros) * 10 < half
    }
}

/// Writing CSV text: cells quoted only where they must be.
enum CSVText {
    /// Appends `field`, in quotes (with quotes doubled) when it holds the separator, a quote or a line break, or has
    /// spaces around it that a reader would trim.
    static func appendField(_ field: String, separator: UInt8, to output: inout [UInt8]) {
        var field = field
        field.withUTF8 { bytes in appendField(bytes, separator: separator, to: &output) }
    }

    static func appendField(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, to output: inout [UInt8]) {
        var needsQuotes = false
        for byte in bytes where byte == separator || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            output.append(contentsOf: bytes)
            return
        }
        output.append(0x22)
        for byte in bytes {
            if byte == 0x22 { output.append(0x22) }
            output.append(byte)
        }
        output.append(0x22)
    }
}
