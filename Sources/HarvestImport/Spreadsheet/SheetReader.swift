/// How a worksheet is written out as CSV text for the importers.
public struct SheetLayout: Sendable, Equatable {
    /// The field separator of the format that reads the sheet (`;` for Blockpit's).
    public var separator: UInt8
    /// Numbers written with a decimal comma, for a format that reads them so.
    public var decimalComma: Bool

    public init(separator: UInt8 = UInt8(ascii: ","), decimalComma: Bool = false) {
        self.separator = separator
        self.decimalComma = decimalComma
    }
}

/// The shared strings of a workbook (`xl/sharedStrings.xml`), held as one byte array: a million-row sheet may have a
/// million of them.
struct SharedStrings {
    var storage: [UInt8] = []
    /// The end of each string in `storage`; string `index` starts where the one before it ends.
    var ends: [Int] = []

    var count: Int { ends.count }

    func range(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }
}

/// Reads `<si>` items: the text of their `<t>` runs, without phonetic guides (`<rPh>`).
struct SharedStringsReader: XMLScanner.Handler {
    var strings = SharedStrings()
    var inItem = false, inText = false
    var phonetic = 0
    var itemStart = 0

    var wantsText: Bool { inText && phonetic == 0 }

    mutating func start(_ name: XMLScanner.Bytes, _ attributes: XMLScanner.Attributes, selfClosing: Bool) {
        if XMLScanner.named(name, "si") {
            inItem = true
            itemStart = strings.storage.count
        } else if XMLScanner.named(name, "rPh") {
            phonetic += 1
        } else if XMLScanner.named(name, "t"), inItem {
            inText = true
        }
    }

    mutating func end(_ name: XMLScanner.Bytes) {
        if XMLScanner.named(name, "t") {
            inText = false
        } else if XMLScanner.named(name, "rPh") {
            phonetic -= 1
        } else if XMLScanner.named(name, "si") {
            OOXMLEscapes.decode(&strings.storage, from: itemStart)
            strings.ends.append(strings.storage.count)
            inItem = false
        }
    }

    mutating func text(_ bytes: XMLScanner.Bytes, raw: Bool) {
        if raw { strings.storage.append(contentsOf: bytes) } else { XMLScanner.appendDecoded(bytes, to: &strings.storage) }
    }
}

/// OOXML's escapes for characters XML cannot hold (`_x000D_` for a carriage return, ECMA-376 Part 1, 22.9.2.19).
enum OOXMLEscapes {
    /// Decodes the escapes in `bytes[start...]`, in place.
    static func decode(_ bytes: inout [UInt8], from start: Int) {
        guard bytes.count - start >= 7, bytes[start...].contains(UInt8(ascii: "_")) else { return }
        var output: [UInt8] = []
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_") {
                var value: UInt32 = 0
                var valid = true
                for offset in 2..<6 {
                    guard let digit = XMLScanner.hexDigit(bytes[index + offset]) else {
                        valid = false
                        break
                    }
                    value = value * 16 + UInt32(digit)
                }
                if valid, let scalar = Unicode.Scalar(value) {
                    output.append(contentsOf: String(Character(scalar)).utf8)
                    index += 7
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        bytes.replaceSubrange(start..., with: output)
    }
}

/// Reads a worksheet's `<sheetData>` into CSV text, one line per row: line N is row N (rows the sheet skips are blank
/// lines), so the importers' `file:line` messages name the spreadsheet's row. A cell's line breaks become spaces, for
/// the same reason.
struct SheetReader: XMLScanner.Handler {
    enum CellType { case number, sharedString, inlineString, text, boolean }

    let file: String
    let strings: SharedStrings
    let displays: [ExcelDisplay]
    let date1904: Bool
    let layout: SheetLayout
    let rowLimit: Int

    var output: [UInt8] = []
    /// The line the next row's text starts on.
    var line = 1
    var errors: [ImportError] = []
    var rowsRead = 0
    /// The most columns a row has had.
    var width = 0

    var inSheetData = false
    var row = 0
    /// The row's cells: column (1-based) and the range of their text in `cellText`.
    var cells: [(column: Int, range: Range<Int>)] = []
    var cellText: [UInt8] = []
    var inCell = false
    var cellColumn = 0
    var cellType = CellType.number
    var cellStyle = 0
    var value: [UInt8] = []
    var capturing = false
    var inInlineString = false
    var phonetic = 0

    static let maximumRows = 1_048_576, maximumColumns = 16_384

    init(file: String, strings: SharedStrings, displays: [ExcelDisplay], date1904: Bool, layout: SheetLayout, rowLimit: Int) {
        self.file = file
        self.strings = strings
        self.displays = displays
        self.date1904 = date1904
        self.layout = layout
        self.rowLimit = rowLimit
    }

    var wantsText: Bool { capturing && phonetic == 0 }

    mutating func start(_ name: XMLScanner.Bytes, _ attributes: XMLScanner.Attributes, selfClosing: Bool) throws(XMLScanner.Malformed) {
        guard inSheetData else {
            if XMLScanner.named(name, "sheetData") { inSheetData = true }
            return
        }
        switch name.count {
        case 1 where name[0] == UInt8(ascii: "c"):
            guard row > 0 else { throw XMLScanner.Malformed(message: "a cell outside a row") }
            inCell = true
            value.removeAll(keepingCapacity: true)
            var reference: XMLScanner.Bytes?
            cellStyle = 0
            cellType = .number
            attributes.forEach { name, value in
                guard name.count == 1 else { return }
                switch name[0] {
                case UInt8(ascii: "r"): reference = value
                case UInt8(ascii: "s"): cellStyle = Self.integer(value) ?? 0
                case UInt8(ascii: "t"): cellType = Self.type(value)
                default: break
                }
            }
            cellColumn = try column(reference)
        case 1 where name[0] == UInt8(ascii: "v"):
            capturing = inCell
        case 1 where name[0] == UInt8(ascii: "t"):
            capturing = inInlineString
        case 2 where name[0] == UInt8(ascii: "i") && name[1] == UInt8(ascii: "s"):
            inInlineString = inCell
        case 3 where XMLScanner.named(name, "row"):
            let number = attributes.integer("r") ?? row + 1
            guard number > row, number <= Self.maximumRows else {
                throw XMLScanner.Malformed(
                    message: number <= row ? "row \(number) comes after row \(row)" : "row \(number) is past the last row a sheet can have (\(Self.maximumRows))")
            }
            row = number
            cells.removeAll(keepingCapacity: true)
            cellText.removeAll(keepingCapacity: true)
        case 3 where XMLScanner.named(name, "rPh"):
            phonetic += 1
        default:
            break
        }
    }

    mutating func end(_ name: XMLScanner.Bytes) throws(XMLScanner.Malformed) {
        guard inSheetData else { return }
        switch name.count {
        case 1 where name[0] == UInt8(ascii: "c"):
            guard inCell else { return }
            inCell = false
            inInlineString = false
            let start = cellText.count
            renderCell()
            cells.append((cellColumn, start..<cellText.count))
        case 1 where name[0] == UInt8(ascii: "v"), 1 where name[0] == UInt8(ascii: "t"):
            capturing = false
        case 2 where name[0] == UInt8(ascii: "i") && name[1] == UInt8(ascii: "s"):
            inInlineString = false
        case 3 where XMLScanner.named(name, "row"):
            writeRow()
        case 3 where XMLScanner.named(name, "rPh"):
            phonetic -= 1
        case 9 where XMLScanner.named(name, "sheetData"):
            inSheetData = false
        default:
            break
        }
    }

    mutating func text(_ bytes: XMLScanner.Bytes, raw: Bool) {
        if raw { value.append(contentsOf: bytes) } else { XMLScanner.appendDecoded(bytes, to: &value) }
    }

    static func integer(_ value: XMLScanner.Bytes) -> Int? {
        guard !value.isEmpty, value.count <= 18 else { return nil }
        var result = 0
        for byte in value {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            result = result * 10 + Int(byte - 0x30)
        }
        return result
    }

    /// Whether a number's text is already as the importers are to read it: `-12.5`, `0.02`, `1000` (no exponent, no
    /// leading or trailing zero, at most 15 digits).
    static func isPlain(_ value: [UInt8]) -> Bool {
        var digits = 0, point = false
        var index = value.first == UInt8(ascii: "-") ? 1 : 0
        guard index < value.count else { return false }
        if value[index] == UInt8(ascii: "0"), index + 1 < value.count, value[index + 1] != UInt8(ascii: ".") { return false }
        while index < value.count {
            let byte = value[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if byte == UInt8(ascii: ".") && !point && digits > 0 {
                point = true
            } else {
                return false
            }
            index += 1
        }
        return digits <= 15 && (!point || (value.last != UInt8(ascii: "0") && value.last != UInt8(ascii: ".")))
            && !(value.first == UInt8(ascii: "-") && value.dropFirst().allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") })
    }

    static func type(_ raw: XMLScanner.Bytes?) -> CellType {
        guard let raw, !raw.isEmpty else { return .number }
        if XMLScanner.named(raw, "s") { return .sharedString }
        if XMLScanner.named(raw, "inlineStr") { return .inlineString }
        if XMLScanner.named(raw, "b") { return .boolean }
        if XMLScanner.named(raw, "n") { return .number }
        return .text  // `str` (a formula's text), `e` (an error such as #N/A), `d` (an ISO 8601 date)
    }

    /// The column of a cell reference (`B7` → 2); the next column when the cell has none.
    mutating func column(_ reference: XMLScanner.Bytes?) throws(XMLScanner.Malformed) -> Int {
        guard let reference, !reference.isEmpty else { return (cells.last?.column ?? 0) + 1 }
        var column = 0
        for byte in reference {
            let letter = byte | 0x20
            guard letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") else { break }
            column = column * 26 + Int(letter - UInt8(ascii: "a") + 1)
            guard column <= Self.maximumColumns else { break }
        }
        guard column >= 1, column <= Self.maximumColumns else {
            throw XMLScanner.Malformed(message: "'\(String(decoding: reference, as: UTF8.self))' is not a cell reference")
        }
        return column
    }

    /// The cell's text as the importers read it, appended to `cellText`.
    mutating func renderCell() {
        switch cellType {
        case .text:
            cellText.append(contentsOf: value)
        case .inlineString:
            OOXMLEscapes.decode(&value, from: 0)
            cellText.append(contentsOf: value)
        case .boolean:
            if value == [UInt8(ascii: "1")] {
                cellText.append(contentsOf: "TRUE".utf8)
            } else if value == [UInt8(ascii: "0")] {
                cellText.append(contentsOf: "FALSE".utf8)
            } else {
                cellText.append(contentsOf: value)
            }
        case .sharedString:
            var index = 0
            var valid = !value.isEmpty && value.count <= 12
            for byte in value where valid {
                guard byte >= 0x30, byte <= 0x39 else {
                    valid = false
                    break
                }
                index = index * 10 + Int(byte - 0x30)
            }
            guard valid, index < strings.count else {
                fail("shared string \(String(decoding: value, as: UTF8.self)) does not exist (the workbook has \(strings.count))")
                return
            }
            cellText.append(contentsOf: strings.storage[strings.range(index)])
        case .number:
            guard !value.isEmpty else { return }
            let display = cellStyle < displays.count ? displays[cellStyle] : .number
            if display == .number && !layout.decimalComma && Self.isPlain(value) {
                cellText.append(contentsOf: value)
                return
            }
            let parsed = value.withUnsafeBufferPointer { written in ExcelNumber.parse(written).map { ($0, ExcelNumber.excelPrecision($0, written: written)) } }
            guard let (number, shown) = parsed else {
                cellText.append(contentsOf: value)  // the importer names what it is not
                return
            }
            guard display != .number else {
                ExcelNumber.appendPlain(shown, decimalComma: layout.decimalComma, to: &cellText)
                return
            }
            do {
                let local = try ExcelDate.localMilliseconds(serial: number, date1904: date1904)
                ExcelDate.appendText(localMilliseconds: local, display: display, serialBelowOneDay: number.digits.count + number.exponent <= 0,
                                     to: &cellText)
            } catch {
                let written = String(decoding: value, as: UTF8.self)
                switch error {
                case .negative: fail("\(written) is a negative date, which no export has")
                case .february29th1900: fail("\(written) is 29 February 1900, a day Excel counts that never was")
                case .outOfRange: fail("\(written) is a date past the year 9999")
                }
            }
        }
    }

    mutating func fail(_ message: String) {
        guard errors.count < 1000 else { return }
        var letters: [Character] = []
        var column = cellColumn
        while column > 0 {
            letters.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8((column - 1) % 26))), at: 0)
            column = (column - 1) / 26
        }
        let reference = String(letters)
        errors.append(ImportError(file: file, line: row, column: reference, message: "cell \(reference)\(row): \(message)"))
    }

    /// Writes the row on its line: blank lines for the rows skipped, then its cells in column order.
    mutating func writeRow() {
        while line < row {
            output.append(0x0A)
            line += 1
        }
        if cells.count > 1, !zip(cells, cells.dropFirst()).allSatisfy({ $0.column < $1.column }) {
            // Out of order, or a column twice (the last one written counts, as Excel reads it).
            var byColumn: [Int: Range<Int>] = [:]
            for cell in cells { byColumn[cell.column] = cell.range }
            cells = byColumn.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        var next = 1
        cellText.withUnsafeBufferPointer { text in
            for cell in cells {
                // Empty fields for the columns the row skips, then the cell.
                while next < cell.column {
                    if next > 1 { output.append(layout.separator) }
                    next += 1
                }
                if cell.column > 1 { output.append(layout.separator) }
                appendField(UnsafeBufferPointer(rebasing: text[cell.range]))
                next = cell.column + 1
            }
        }
        // A sheet stores no empty cell: a row is as wide as the widest before it (its header's width), as in the CSV.
        width = max(width, next - 1)
        while next <= width {
            if next > 1 { output.append(layout.separator) }
            next += 1
        }
        output.append(0x0A)
        line += 1
        rowsRead += 1
    }

    /// A cell as a CSV field: in quotes when it holds the separator or a quote; line breaks as spaces.
    mutating func appendField(_ bytes: UnsafeBufferPointer<UInt8>) {
        var needsQuotes = false
        var hasBreak = false
        for byte in bytes {
            if byte == layout.separator || byte == 0x22 { needsQuotes = true }
            if byte == 0x0A || byte == 0x0D { hasBreak = true }
        }
        guard needsQuotes || hasBreak else {
            output.append(contentsOf: bytes)
            return
        }
        if needsQuotes { output.append(0x22) }
        for byte in bytes {
            if byte == 0x0A || byte == 0x0D {
                output.append(0x20)
                continue
            }
            if byte == 0x22 { output.append(0x22) }
            output.append(byte)
        }
        if needsQuotes { output.append(0x22) }
    }
}
