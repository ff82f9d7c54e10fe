import Benchmark
import Foundation
import HarvestCore
import HarvestImport
import HarvestStore
import ZIPFoundation

/// `harvest import` of an XLSX export: 1,000,000 rows of Coinbase's 2024 layout (`harvest generate --layout coinbase`)
/// as a spreadsheet stores them: times as date serials with a date-and-time style, quantities as numbers, the rest
/// (ids, prices with their dollar signs, notes) as shared strings, deflated. Made once and kept in the temporary
/// directory (making it takes longer than reading it).
func spreadsheetBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(120),
        maxIterations: 3)

    // As the command does it for the Harvest CSV's columns in a workbook (the Harvest layout: rows that stand alone):
    // the workbook opened, its sheet found by its header and written out as CSV text, then read on one thread while a
    // fresh SQLite file is written on another, in one transaction.
    Benchmark("import Harvest layout 1000k rows from XLSX into SQLite", configuration: configuration) { benchmark, file in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        benchmark.startMeasurement()
        let data = FileManager.default.contents(atPath: file)!
        let text = try ImportFile.read(data, file: file, at: URL(fileURLWithPath: file)).text
        let store = try SQLiteStore(path: path)
        let result = try store.importTransactions(
            source: HarvestCSV.source, file: file, importedAt: "2026-01-01T00:00:00Z",
            readingOnAnotherThread: { emit in try HarvestCSV.stream(text, file: file, emit: emit) },
            duplicatesInFile: { $0 }, progress: nil)
        benchmark.stopMeasurement()
        precondition(result.summary.added == 1_000_000, "\(result.summary.added) rows added")
    } setup: {
        try harvestWorkbook(rows: 1_000_000)
    }

    // The first half alone, for Coinbase's 2024 layout (a million shared strings: ids, prices, notes): the workbook's
    // sheet written out as CSV text.
    Benchmark("read XLSX 1000k rows of Coinbase's layout to text", configuration: configuration) { benchmark, file in
        benchmark.startMeasurement()
        let data = FileManager.default.contents(atPath: file)!
        blackHole(try ImportFile.read(data, file: file, at: URL(fileURLWithPath: file)).text.utf8.count)
    } setup: {
        try coinbaseWorkbook(rows: 1_000_000)
    }
}

/// The generated Coinbase history of `rows` rows as an XLSX workbook; made once per size.
func coinbaseWorkbook(rows: Int) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-coinbase-\(rows / 1000)k.xlsx").path
    if FileManager.default.fileExists(atPath: path) { return path }
    var csv = ""
    csv.reserveCapacity(rows * 140)
    HistoryGenerator(.init(transactions: rows, seed: 7)).generateCoinbase { csv += $0 }
    try writeWorkbook(csv, to: path, header: "ID", timeColumn: 1, numberColumns: [4])
    return path
}

/// The generated history of `rows` rows in the Harvest CSV's columns as an XLSX workbook; made once per size.
func harvestWorkbook(rows: Int) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-bench-harvest-\(rows / 1000)k.xlsx").path
    if FileManager.default.fileExists(atPath: path) { return path }
    var csv = ""
    csv.reserveCapacity(rows * 100)
    HistoryGenerator(.init(transactions: rows, seed: 7)).generate { csv += $0 }
    try writeWorkbook(csv, to: path, header: "timestamp", timeColumn: 0, numberColumns: [3, 5, 7, 9, 13])
    return path
}

/// `csv` as a workbook's one sheet, as a spreadsheet stores it: below the row whose first cell is `header`, the time
/// column as date serials (style `yyyy-mm-dd hh:mm:ss`) and the number columns as numbers; everything else as shared
/// strings; deflated.
func writeWorkbook(_ csv: String, to path: String, header: String, timeColumn: Int, numberColumns: Set<Int>) throws {
    var sheet: [UInt8] = []
    sheet.reserveCapacity(csv.utf8.count * 3)
    sheet += Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#.utf8)
    var strings: [String: Int] = [:]
    var stringsXML: [UInt8] = []
    var headerLine = Int.max
    func column(_ index: Int) -> String { String(UnicodeScalar(UInt8(65 + index))) }
    func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
    for record in CSVReader(csv) {
        if record.fields.first == header { headerLine = record.line }
        sheet += Array("<row r=\"\(record.line)\">".utf8)
        for (index, field) in record.fields.enumerated() where !field.isEmpty {
            let reference = "\(column(index))\(record.line)"
            if record.line > headerLine && index == timeColumn,
               let parsed = Timestamp.parse(field.replacingOccurrences(of: " UTC", with: "Z"), zone: .utc) {
                // The serial: days since 1899-12-30, the time of day as ten decimal places of a day.
                let milliseconds = parsed.instant.millisecondsSinceEpoch
                let day = milliseconds / 86_400_000
                let fraction = ((milliseconds - day * 86_400_000) * 10_000_000_000 + 43_200_000) / 86_400_000
                let digits = String(fraction)
                let serial = "\(day + 25_569)." + String(repeating: "0", count: 10 - digits.count) + digits
                sheet += Array("<c r=\"\(reference)\" s=\"1\"><v>\(serial)</v></c>".utf8)
            } else if record.line > headerLine && numberColumns.contains(index) {
                sheet += Array("<c r=\"\(reference)\"><v>\(field)</v></c>".utf8)
            } else {
                let number = strings[field] ?? {
                    strings[field] = strings.count
                    stringsXML += Array("<si><t>\(escaped(field))</t></si>".utf8)
                    return strings.count - 1
                }()
                sheet += Array("<c r=\"\(reference)\" t=\"s\"><v>\(number)</v></c>".utf8)
            }
        }
        sheet += Array("</row>".utf8)
    }
    sheet += Array("</sheetData></worksheet>".utf8)
    let sharedStrings = Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#.utf8)
        + stringsXML + Array("</sst>".utf8)
    let parts: [(String, [UInt8])] = [
        ("[Content_Types].xml", Array(#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.utf8)),
        ("xl/workbook.xml", Array(#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Transactions" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)),
        ("xl/_rels/workbook.xml.rels", Array(#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.utf8)),
        ("xl/styles.xml", Array(#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#.utf8)),
        ("xl/sharedStrings.xml", sharedStrings),
        ("xl/worksheets/sheet1.xml", sheet),
    ]
    let partial = path + ".partial"
    try? FileManager.default.removeItem(atPath: partial)
    let archive = try Archive(url: URL(fileURLWithPath: partial), accessMode: .create)
    for (name, bytes) in parts {
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate, bufferSize: 1 << 20) {
            position, size in Data(bytes[Int(position)..<Int(position) + size])
        }
    }
    try FileManager.default.moveItem(atPath: partial, toPath: path)
}
