import Foundation

/// A file to import, as text the importers read: a CSV or other text file decoded (UTF-8, UTF-16 with a byte-order
/// mark, Windows-1252; tab-separated text rewritten with commas), or an XLSX workbook's sheet written out as CSV. Any
/// other file is refused with what it is and what to do.
public enum ImportFile {
    public struct Read: Sendable {
        public var text: String
        /// For a workbook: the sheet read, and how many it has.
        public var sheet: String?
        public var sheetCount = 0
    }

    /// What a sheet is expected to hold: the Harvest CSV, or one of `formats` (recognised by its header).
    public struct Expectation: Sendable {
        public var harvest: Bool
        public var formats: [ExchangeFormat]

        public init(harvest: Bool = true, formats: [ExchangeFormat] = ExchangeFormats.builtIn) {
            self.harvest = harvest
            self.formats = formats
        }

        /// Anything: a workbook's first sheet is read.
        public static let anything = Expectation(harvest: false, formats: [])
    }

    /// The text of `data`, the content of `file`.
    /// - Parameter expecting: which sheet of a workbook to read: the first whose header is the Harvest CSV's or one of
    ///   the formats', else the first.
    /// - Throws: `ImportFailure` at line 0 saying what the file is when it is neither text nor a workbook; a
    ///   workbook's problems with the row and cell.
    /// - Parameter url: where `data` was read from, to open a workbook there rather than from a copy.
    public static func read(_ data: Data, file: String, at url: URL? = nil, expecting: Expectation = Expectation()) throws(ImportFailure) -> Read {
        if XLSXWorkbook.isZip(data) {
            let workbook: XLSXWorkbook
            if let url { workbook = try XLSXWorkbook(url: url, file: file) } else { workbook = try XLSXWorkbook(data: data, file: file) }
            return try read(workbook, expecting: expecting)
        }
        guard let text = TextFile.decode(data) else {
            throw ImportFailure([ImportError(file: file, line: 0, column: "", message: TextFile.describeNonText(data))])
        }
        return Read(text: TextFile.tabsAsCommas(text))
    }

    /// The sheet `expecting` recognises (tried with `,` and then `;` between cells), written out in full.
    static func read(_ workbook: XLSXWorkbook, expecting: Expectation) throws(ImportFailure) -> Read {
        var chosen: (sheet: Int, layout: SheetLayout)?
        if !expecting.formats.isEmpty || expecting.harvest {
            search: for index in workbook.sheets.indices {
                for separator in [UInt8(ascii: ","), UInt8(ascii: ";")] {
                    let head = try workbook.text(ofSheet: index, layout: SheetLayout(separator: separator), rowLimit: 30)
                    if let layout = recognise(head, separator: separator, expecting: expecting) {
                        chosen = (index, layout)
                        break search
                    }
                }
            }
        }
        let (sheet, layout) = chosen ?? (0, SheetLayout())
        let text = try workbook.text(ofSheet: sheet, layout: layout)
        return Read(text: text, sheet: workbook.sheets[sheet].name, sheetCount: workbook.sheets.count)
    }

    /// How the sheet whose first rows are `head` (written with `separator`) is to be written, when a header among
    /// them is the Harvest CSV's or an expected format's.
    static func recognise(_ head: String, separator: UInt8, expecting: Expectation) -> SheetLayout? {
        for record in CSVReader(head, separator: Character(Unicode.Scalar(separator))) {
            let normalized = Set(record.fields.map(normalizedColumn))
            if separator == UInt8(ascii: ","), expecting.harvest, normalized.contains("timestamp"), normalized.contains("type") { return SheetLayout() }
            for format in expecting.formats where (format.spec.separator ?? ",").utf8.first == separator && format.isHeader(normalized) {
                return SheetLayout(separator: separator, decimalComma: format.spec.decimal == ",")
            }
        }
        return nil
    }
}
