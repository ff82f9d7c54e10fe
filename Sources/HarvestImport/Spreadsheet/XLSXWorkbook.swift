import Foundation
import ZIPFoundation

/// An XLSX workbook (ECMA-376 SpreadsheetML: a zip of XML parts), read so that each worksheet becomes the CSV text its
/// exchange's format reads: the importers get the same rows of cells either way.
///
/// Cells become text as they would be in the exchange's CSV: shared and inline strings as written; numbers as the
/// decimal text the XML holds (never through a `Double`), exponents written out and binary noise past Excel's 15
/// significant digits rounded off; booleans `TRUE`/`FALSE`; numbers shown as dates (the built-in date formats 14–22
/// and 45–47, or a workbook's own with y, d, h or s) as ISO 8601 wall-clock times (`2019-02-14 14:56:00`), converted
/// exactly from the serial in the workbook's date system, and read by every format in its own time zone.
public struct XLSXWorkbook {
    public struct Sheet: Sendable {
        public var name: String
        var path: String
    }

    public let file: String
    /// The worksheets in the workbook's order.
    public let sheets: [Sheet]
    let archive: Archive
    /// Entries by their path in lower case (writers differ in the case of part names).
    let entries: [String: Entry]
    let date1904: Bool
    /// What each cell style (`s="N"`) shows a number as.
    let displays: [ExcelDisplay]
    let strings: SharedStrings

    /// The largest part read whole (shared strings, styles, the workbook): a zip bomb is refused, not inflated.
    static let partLimitBytes: UInt64 = 2 << 30

    /// Whether `data` starts as a zip archive does.
    public static func isZip(_ data: Data) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// Opens the workbook in `data` (through a temporary file, removed at once: ZIPFoundation's archives in memory trap
    /// on some damaged zips, its archives on files do not).
    public init(data: Data, file: String) throws(ImportFailure) {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-\(UUID().uuidString).xlsx")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw Self.failure(file, "cannot write a temporary copy of the workbook in \(temporary.deletingLastPathComponent().path)")
        }
        // The archive keeps the file open: removing its name now leaves nothing behind, whatever happens next.
        defer { try? FileManager.default.removeItem(at: temporary) }
        try self.init(url: temporary, file: file)
    }

    /// Opens the workbook at `url` and reads its workbook, relationships, styles and shared strings.
    /// - Throws: `ImportFailure` at line 0 naming what the file is when it is not an XLSX workbook, or what is broken.
    public init(url: URL, file: String) throws(ImportFailure) {
        self.file = file
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Self.failure(file, "the file is a zip archive (as an XLSX workbook is) but it cannot be opened: \(Self.describe(error)); export or save it again")
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entry.type == .file { entries[entry.path.lowercased()] = entry }
        self.archive = archive
        self.entries = entries
        guard let workbookEntry = entries["xl/workbook.xml"] else { throw Self.failure(file, Self.describeZip(entries)) }

        let workbook = try Self.read(WorkbookReader(), entry: workbookEntry, part: "xl/workbook.xml", archive: archive, file: file)
        var relationships: [String: (type: String, target: String)] = [:]
        if let entry = entries["xl/_rels/workbook.xml.rels"] {
            relationships = try Self.read(RelationshipsReader(), entry: entry, part: "xl/_rels/workbook.xml.rels", archive: archive, file: file).targets
        }
        func target(_ type: String, _ fallback: String) -> String {
            relationships.values.first { $0.type.hasSuffix("/" + type) }.map { Self.partPath($0.target) } ?? fallback
        }
        var sheets: [Sheet] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            let path = sheet.relationship.flatMap { relationships[$0] }.map { Self.partPath($0.target) } ?? "xl/worksheets/sheet\(index + 1).xml"
            sheets.append(Sheet(name: sheet.name, path: path))
        }
        if sheets.isEmpty, entries["xl/worksheets/sheet1.xml"] != nil { sheets = [Sheet(name: "Sheet1", path: "xl/worksheets/sheet1.xml")] }
        guard !sheets.isEmpty else { throw Self.failure(file, "the XLSX workbook has no worksheet") }
        self.sheets = sheets
        date1904 = workbook.date1904

        let stylesPath = target("styles", "xl/styles.xml")
        if let entry = entries[stylesPath.lowercased()] {
            let styles = try Self.read(StylesReader(), entry: entry, part: stylesPath, archive: archive, file: file)
            displays = styles.cellFormats.map { ExcelDisplay(numberFormat: $0, customCodes: styles.customCodes) }
        } else {
            displays = []
        }
        let stringsPath = target("sharedStrings", "xl/sharedStrings.xml")
        if let entry = entries[stringsPath.lowercased()] {
            strings = try Self.read(SharedStringsReader(), entry: entry, part: stringsPath, archive: archive, file: file).strings
        } else {
            strings = SharedStrings()
        }
    }

    /// The sheet as CSV text, line N holding row N; at most `rowLimit` rows (for finding a header).
    /// - Throws: `ImportFailure` naming the row and cell of every cell that cannot be read (a shared string that does
    ///   not exist, a date Excel cannot have), or what is broken in the sheet's XML or zip entry.
    public func text(ofSheet index: Int, layout: SheetLayout = SheetLayout(), rowLimit: Int = .max) throws(ImportFailure) -> String {
        let sheet = sheets[index]
        guard let entry = entries[sheet.path.lowercased()] else {
            throw Self.failure(file, "the XLSX workbook's sheet '\(sheet.name)' (\(sheet.path)) is missing from the archive")
        }
        var reader = SheetReader(file: file, strings: strings, displays: displays, date1904: date1904, layout: layout, rowLimit: rowLimit)
        reader.output.reserveCapacity(rowLimit == .max ? Int(min(entry.uncompressedSize / 3, 1 << 28)) : 1 << 16)
        try Self.stream(entry, part: sheet.path, archive: archive, file: file, into: &reader) { $0.rowsRead >= $0.rowLimit }  // read to the end otherwise, for the checksum
        guard reader.errors.isEmpty else { throw ImportFailure(reader.errors) }
        return String(decoding: reader.output, as: UTF8.self)
    }

    // MARK: - Parts

    /// Reads a part whole through `handler`.
    static func read<H: XMLScanner.Handler>(_ handler: H, entry: Entry, part: String, archive: Archive, file: String) throws(ImportFailure) -> H {
        guard entry.uncompressedSize <= partLimitBytes else {
            throw failure(file, "the XLSX workbook's part \(part) is \(entry.uncompressedSize) bytes when inflated: too large to be a real export's")
        }
        var handler = handler
        try stream(entry, part: part, archive: archive, file: file, into: &handler) { _ in false }
        return handler
    }

    /// Stopping early: the rows wanted are read.
    private struct Enough: Error {}

    /// Inflates an entry chunk by chunk and scans each chunk as it comes (a part is never held whole), until `finished`.
    static func stream<H: XMLScanner.Handler>(
        _ entry: Entry, part: String, archive: Archive, file: String, into handler: inout H, finished: (H) -> Bool
    ) throws(ImportFailure) {
        var pending: [UInt8] = []
        var scanned = 0
        var problem: XMLScanner.Malformed?
        var checksum = CRC32()
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: true) { chunk in
                // Scanned where it lies; only what a tag cut in two leaves is kept for the next chunk.
                let malformed = chunk.withUnsafeBytes { raw -> XMLScanner.Malformed? in
                    checksum.update(raw)
                    let bytes = raw.bindMemory(to: UInt8.self)
                    do throws(XMLScanner.Malformed) {
                        if pending.isEmpty {
                            let read = try XMLScanner.scan(bytes, &handler, final: false)
                            scanned += read
                            pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[read...]))
                        } else {
                            pending.append(contentsOf: bytes)
                            let read = try XMLScanner.scanArray(pending, &handler)
                            scanned += read
                            pending.removeFirst(read)
                        }
                        return nil
                    } catch {
                        return error
                    }
                }
                if let malformed {
                    problem = malformed
                    throw malformed
                }
                if finished(handler) { throw Enough() }
            }
            _ = try XMLScanner.scanArray(pending, &handler, final: true)
        } catch is Enough {
            return
        } catch {
            if let problem = problem ?? (error as? XMLScanner.Malformed) {
                throw failure(file, "the XLSX workbook's part \(part) is not well-formed XML near byte \(scanned): \(problem.message)")
            }
            throw failure(file, "the XLSX workbook's part \(part) cannot be inflated: \(describe(error)); the file is damaged or truncated: export or save it again")
        }
        guard checksum.value == entry.checksum else {
            throw failure(file, "the XLSX workbook's part \(part) does not match its checksum: the file is damaged; export or save it again")
        }
    }

    /// A relationship's target as a path in the archive: relative to `xl/`, or absolute from the root.
    static func partPath(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = ["xl"]
        for component in target.split(separator: "/") {
            if component == ".." { _ = parts.popLast() } else if component != "." { parts.append(String(component)) }
        }
        return parts.joined(separator: "/")
    }

    static func failure(_ file: String, _ message: String) -> ImportFailure {
        ImportFailure([ImportError(file: file, line: 0, column: "", message: message)])
    }

    static func describe(_ error: any Error) -> String {
        if let archiveError = error as? Archive.ArchiveError {
            switch archiveError {
            case .invalidCRC32: return "an entry's checksum does not match its content"
            case .missingEndOfCentralDirectoryRecord: return "the archive's directory is missing (the file is truncated)"
            case .invalidCompressionMethod: return "an entry is compressed in a way XLSX does not use"
            default: return "\(archiveError)"
            }
        }
        return "\(error)"
    }

    /// What a zip that is not an XLSX workbook is, and what to do with it.
    static func describeZip(_ entries: [String: Entry]) -> String {
        let names = entries.keys
        if names.contains("word/document.xml") { return "the file is a Word document (.docx), not a spreadsheet; import the exchange's CSV or XLSX export" }
        if names.contains(where: { $0.hasPrefix("ppt/") }) { return "the file is a PowerPoint presentation (.pptx), not a spreadsheet" }
        if names.contains("content.xml") && names.contains("mimetype") {
            return "the file is an OpenDocument file (.ods); open it in a spreadsheet and save it as XLSX or CSV"
        }
        let inside = entries.values.map(\.path).filter { path in [".csv", ".xlsx", ".txt", ".tsv"].contains { path.lowercased().hasSuffix($0) } }.sorted()
        if !inside.isEmpty {
            let shown = inside.prefix(5).joined(separator: ", ") + (inside.count > 5 ? ", ..." : "")
            return "the file is a zip archive holding \(shown); unzip it and import the files inside"
        }
        return "the file is a zip archive but not an XLSX workbook (it has no xl/workbook.xml); unzip it and import the CSV or XLSX files inside"
    }
}

/// `xl/workbook.xml`: the sheets in order, and the date system.
struct WorkbookReader: XMLScanner.Handler {
    var sheets: [(name: String, relationship: String?)] = []
    var date1904 = false
    var wantsText: Bool { false }

    mutating func start(_ name: XMLScanner.Bytes, _ attributes: XMLScanner.Attributes, selfClosing: Bool) {
        if XMLScanner.named(name, "sheet") {
            sheets.append((attributes.string("name") ?? "Sheet\(sheets.count + 1)", attributes.string("id")))
        } else if XMLScanner.named(name, "workbookPr"), let value = attributes.string("date1904") {
            date1904 = value == "1" || value.lowercased() == "true"
        }
    }

    mutating func end(_ name: XMLScanner.Bytes) {}
    mutating func text(_ bytes: XMLScanner.Bytes, raw: Bool) {}
}

/// `xl/_rels/workbook.xml.rels`: where each sheet, the styles and the shared strings are.
struct RelationshipsReader: XMLScanner.Handler {
    var targets: [String: (type: String, target: String)] = [:]
    var wantsText: Bool { false }

    mutating func start(_ name: XMLScanner.Bytes, _ attributes: XMLScanner.Attributes, selfClosing: Bool) {
        guard XMLScanner.named(name, "Relationship"), let id = attributes.string("Id"), let target = attributes.string("Target") else { return }
        targets[id] = (attributes.string("Type") ?? "", target)
    }

    mutating func end(_ name: XMLScanner.Bytes) {}
    mutating func text(_ bytes: XMLScanner.Bytes, raw: Bool) {}
}

/// `xl/styles.xml`: the number format of each cell style (`<cellXfs>`), and the workbook's own format codes.
struct StylesReader: XMLScanner.Handler {
    var customCodes: [Int: String] = [:]
    var cellFormats: [Int] = []
    var inCellFormats = false
    var wantsText: Bool { false }

    mutating func start(_ name: XMLScanner.Bytes, _ attributes: XMLScanner.Attributes, selfClosing: Bool) {
        if XMLScanner.named(name, "numFmt"), let id = attributes.integer("numFmtId"), let code = attributes.string("formatCode") {
            customCodes[id] = code
        } else if XMLScanner.named(name, "cellXfs") {
            inCellFormats = true
        } else if XMLScanner.named(name, "xf"), inCellFormats {
            cellFormats.append(attributes.integer("numFmtId") ?? 0)
        }
    }

    mutating func end(_ name: XMLScanner.Bytes) {
        if XMLScanner.named(name, "cellXfs") { inCellFormats = false }
    }

    mutating func text(_ bytes: XMLScanner.Bytes, raw: Bool) {}
}
