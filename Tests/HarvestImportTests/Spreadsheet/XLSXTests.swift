import Foundation
import HarvestCore
@testable import HarvestImport
import HarvestTestSupport
import Testing

/// XLSX workbooks read as their CSV would be: every workbook here is written in the test from hand-written XML
/// parts (`XLSX` in HarvestTestSupport), none is a real export.
@Suite("XLSX workbooks")
struct XLSXTests {
    typealias Cell = XLSX.Cell

    /// A Kraken ledger as CSV, and the same rows as a workbook stores them: times as date serials (two date styles),
    /// amounts as numbers (one with a double's noise, one in exponent form), text as shared strings.
    static let krakenCSV = """
        txid,refid,time,type,subtype,aclass,asset,amount,fee,balance
        L1,T1,2024-03-01 10:00:00,trade,,currency,ZUSD,-1000,1.6,0
        L2,T1,2024-03-01 10:00:00,trade,,currency,XXBT,0.02,0,0.02
        L5,T3,2024-03-03 12:00:00,withdrawal,,currency,XXBT,-0.01,0.0001,0.0099

        """
    static let krakenRows: [[Cell]] = [
        ["txid", "refid", "time", "type", "subtype", "aclass", "asset", "amount", "fee", "balance"].map { .text($0) },
        [.text("L1"), .text("T1"), .number("45352.416666666664", style: 3), .text("trade"), .none, .text("currency"), .text("ZUSD"),
         .number("-1000"), .number("1.6000000000000001"), .number("0")],
        [.inline("L2"), .text("T1"), .number("45352.416666666664", style: 2), .text("trade"), .text(""), .text("currency"), .text("XXBT"),
         .number("0.02"), .number("0"), .number("0.02")],
        [.text("L5"), .text("T3"), .number("4.5354500000000002E4", style: 6), .text("withdrawal"), .none, .text("currency"), .text("XXBT"),
         .number("-1.0000000000000001E-2"), .number("1E-4"), .number("9.9000000000000008E-3")],
    ]

    static func parse(_ text: String, file: String, zone: TaxTimeZone = .utc) throws -> ParsedImport {
        guard case .found(let format, let line) = ExchangeFormats.detect(text) else { throw ExportSamples.SampleError.unrecognized(file, []) }
        return try ExchangeImporter.parse(text, file: file, format: format, headerLine: line, options: ExchangeImporter.Options(zone: zone))
    }

    @Test("a Kraken ledger as XLSX imports as its CSV does: kinds, quantities, assets, fees, instants")
    func krakenLedger() throws {
        let data = try XLSX.workbook([("Ledgers", Self.krakenRows)])
        let read = try ImportFile.read(data, file: "ledgers.xlsx")
        #expect(read.sheet == "Ledgers" && read.sheetCount == 1)
        #expect(read.text == """
            txid,refid,time,type,subtype,aclass,asset,amount,fee,balance
            L1,T1,2024-03-01 10:00:00,trade,,currency,ZUSD,-1000,1.6,0
            L2,T1,2024-03-01 10:00:00,trade,,currency,XXBT,0.02,0,0.02
            L5,T3,2024-03-03 12:00:00,withdrawal,,currency,XXBT,-0.01,0.0001,0.0099

            """)
        let fromXLSX = try Self.parse(read.text, file: "ledgers.xlsx")
        let fromCSV = try Self.parse(Self.krakenCSV, file: "ledgers.csv")
        #expect(fromXLSX.briefs == ["2024-03-01 buy 1000 USD -> 0.02 BTC fee 1.6 USD", "2024-03-03 withdrawal 0.01 BTC out fee 0.0001 BTC"])
        #expect(fromXLSX.briefs == fromCSV.briefs)
        #expect(fromXLSX.rows.map(\.transaction.timestamp) == fromCSV.rows.map(\.transaction.timestamp))
        #expect(fromXLSX.rows.first?.transaction.timestamp == Timestamp.parse("2024-03-01T10:00:00Z", zone: .utc)?.instant)
        // Line numbers are rows: the withdrawal is row 4.
        #expect(fromXLSX.rows.last?.transaction.source?.line == 4)
    }

    @Test("Excel's date serials, converted exactly", arguments: [
        // 1900 system: serial 1 is 1900-01-01; 59 is 1900-02-28; Excel's 29 February 1900 is 60; 61 is 1 March.
        ("1", 14, false, "1900-01-01"), ("59", 14, false, "1900-02-28"), ("61", 14, false, "1900-03-01"),
        ("43510.62222222222", 22, false, "2019-02-14 14:56:00"), ("4.3510622222222219E4", 22, false, "2019-02-14 14:56:00"),
        // One second past midnight is 1.1574074074074073e-5 of a day; a double's noise rounds off at the millisecond.
        ("45000.00001157408", 22, false, "2023-03-15 00:00:01"),
        // A quarter of a second.
        ("45352.416669560182", 22, false, "2024-03-01 10:00:00.250"),
        // A date shown without its time still has it; a date alone stays a date.
        ("45352.5", 14, false, "2024-03-01 12:00:00"), ("45352", 14, false, "2024-03-01"), ("45352", 22, false, "2024-03-01 00:00:00"),
        // Times of day (18–21, 45–47).
        ("0.62222222222222223", 20, false, "14:56:00"), ("0.5", 21, false, "12:00:00"), ("0.5", 18, false, "12:00:00"),
        // The 1904 system (date1904 in workbook.xml): serial 0 is 1904-01-01.
        ("0", 14, true, "1904-01-01"), ("43890.416666666664", 22, true, "2024-03-01 10:00:00"),
    ] as [(String, Int, Bool, String)])
    func serials(_ serial: String, _ numberFormat: Int, _ date1904: Bool, _ expected: String) throws {
        let number = try #require(serial.utf8.withContiguousStorageIfAvailable { ExcelNumber.parse($0) } ?? nil)
        let display = ExcelDisplay(numberFormat: numberFormat, customCodes: [:])
        var output: [UInt8] = []
        let local = try ExcelDate.localMilliseconds(serial: number, date1904: date1904)
        ExcelDate.appendText(localMilliseconds: local, display: display, serialBelowOneDay: number.digits.count + number.exponent <= 0, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test("serials Excel cannot have are refused")
    func badSerials() throws {
        func convert(_ text: String) throws(ExcelDate.Failure) -> Int64 {
            let number = text.utf8.withContiguousStorageIfAvailable { ExcelNumber.parse($0) }!!
            return try ExcelDate.localMilliseconds(serial: number, date1904: false)
        }
        #expect(throws: ExcelDate.Failure.february29th1900) { try convert("60") }
        #expect(throws: ExcelDate.Failure.february29th1900) { try convert("60.5") }
        #expect(throws: ExcelDate.Failure.negative) { try convert("-1") }
        #expect(throws: ExcelDate.Failure.outOfRange) { try convert("2958466") }
        #expect(throws: ExcelDate.Failure.outOfRange) { try convert("1E+300") }
    }

    @Test("number formats: built-in and custom codes that show dates, times or numbers", arguments: [
        ("yyyy\\-mm\\-dd\\ hh:mm:ss", ExcelDisplay.dateTime), ("[$-409]m/d/yy\\ h:mm\\ AM/PM;@", .dateTime), ("d-mmm-yy", .date),
        ("mmm\\ yyyy", .date), ("mm:ss", .time), ("[h]:mm:ss", .time), ("[mm]:ss", .time), ("h:mm AM/PM", .time), ("General", .number),
        ("0.00E+00", .number), ("#,##0.00\\ \"BTC\"", .number), ("[Red]0.00;[Blue]-0.00", .number), ("0.00\" days\"", .number),
        ("[$€-2]\\ #,##0.00", .number), ("dd/mm/yyyy;@", .date), ("@", .number),
    ] as [(String, ExcelDisplay)])
    func formatCodes(_ code: String, _ expected: ExcelDisplay) {
        #expect(ExcelDisplay(code: code) == expected)
    }

    @Test("numbers stay decimal text: exponents written out, a double's noise past 15 digits rounded, exact integers kept", arguments: [
        ("-1000", "-1000"), ("0.02", "0.02"), ("1.5E-8", "0.000000015"), ("1E-4", "0.0001"), ("2.5e+3", "2500"),
        ("0.30000000000000004", "0.3"), ("1.1000000000000001", "1.1"), ("-9.9000000000000008E-3", "-0.0099"),
        ("0.59999999999999998", "0.6"), ("123456789012345678", "123456789012345678"), ("0.123456789012345678", "0.123456789012345678"),
        ("99999.999999999999", "100000"), ("0", "0"), ("-0", "0"), ("000123.4500", "123.45"),
    ] as [(String, String)])
    func numbers(_ written: String, _ expected: String) throws {
        let text = try Self.cellText(.number(written))
        #expect(text == expected)
    }

    /// The text one cell in B2 becomes (A1 is a header).
    static func cellText(_ cell: Cell) throws -> String {
        let data = try XLSX.workbook([("S", [[.text("h"), .text("i")], [.text("x"), cell]])])
        let lines = try ImportFile.read(data, file: "f.xlsx", expecting: .anything).text.split(separator: "\n", omittingEmptySubsequences: false)
        return String(lines[1].dropFirst(2))
    }

    @Test("cells: shared, rich and inline strings, booleans, formula text, entities, escapes, line breaks, commas and quotes")
    func cells() throws {
        #expect(try Self.cellText(.text("a & b <c>")) == "a & b <c>")
        #expect(try Self.cellText(.inline("R&D \"x\", y")) == "\"R&D \"\"x\"\", y\"")
        #expect(try Self.cellText(.bool(true)) == "TRUE")
        #expect(try Self.cellText(.bool(false)) == "FALSE")
        #expect(try Self.cellText(.formulaText("sum")) == "sum")
        #expect(try Self.cellText(.text("two\nlines")) == "two lines")
        #expect(try Self.cellText(.text("carriage_x000D_return")) == "carriage return")
        #expect(try Self.cellText(.text("€ ünïcode ✓")) == "€ ünïcode ✓")
        // A rich-text shared string is its runs joined, without its phonetic guide; CDATA is taken as written.
        let sheet = XLSX.worksheet(#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t><![CDATA[a<b&amp;]]></t></is></c></row>"#)
        let strings = #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><rPr><b/></rPr><t>Bit</t></r><r><t xml:space="preserve">coin &#x20AC;</t></r><rPh sb="0" eb="1"><t>ビット</t></rPh></si></sst>"#
        let data = try XLSX.archive(parts: XLSX.standardParts(sheetNames: ["S"]) + [("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings)])
        #expect(try ImportFile.read(data, file: "f.xlsx", expecting: .anything).text == "Bitcoin €,,a<b&amp;\n")
    }

    @Test("rows the sheet skips are blank lines, so line N is row N; cells without references follow each other; rows as wide as the widest before")
    func sparseRows() throws {
        let sheet = XLSX.worksheet(#"<row r="2"><c r="B2" t="inlineStr"><is><t>b</t></is></c><c t="inlineStr"><is><t>c</t></is></c></row><row r="5" spans="1:3"><c r="C5"><v>3</v></c><c r="A5"><v>1</v></c></row><row><c><v>7</v></c></row>"#)
        let data = try XLSX.archive(parts: XLSX.standardParts(sheetNames: ["S"]) + [("xl/worksheets/sheet1.xml", sheet)])
        #expect(try ImportFile.read(data, file: "f.xlsx", expecting: .anything).text == "\n,b,c\n\n\n1,,3\n7,,\n")
    }

    @Test("the sheet read is the first whose header a format recognises; else the first")
    func sheetChoice() throws {
        let summary: [[Cell]] = [[.text("Account summary")], [.text("Total"), .number("12.5")]]
        let data = try XLSX.workbook([("Summary", summary), ("Ledgers", Self.krakenRows)])
        let read = try ImportFile.read(data, file: "f.xlsx")
        #expect(read.sheet == "Ledgers" && read.sheetCount == 2)
        #expect(try Self.parse(read.text, file: "f.xlsx").rows.count == 2)
        // Expecting another format, no sheet has its header: the first sheet is read (and the importer says what it lacks).
        let coinbase = try #require(ExchangeFormats.named("coinbase"))
        let other = try ImportFile.read(data, file: "f.xlsx", expecting: ImportFile.Expectation(harvest: false, formats: [coinbase]))
        #expect(other.sheet == "Summary" && other.text == "Account summary\nTotal,12.5\n")
    }

    @Test("a format that separates cells with ';' reads its sheet written with ';'")
    func semicolonFormat() throws {
        let blockpit = try #require(ExchangeFormats.named("blockpit"))
        let header = blockpit.spec.header.map { Cell.text($0) }
        let data = try XLSX.workbook([("Export", [header, [.text("a;b"), .number("1.5")]])])
        let read = try ImportFile.read(data, file: "f.xlsx")
        #expect(read.text.hasPrefix(blockpit.spec.header.joined(separator: ";") + "\n\"a;b\";1.5;;;;;;;;\n"))
    }

    @Test("the Harvest CSV as a workbook: its timestamps are wall-clock times in the tax zone, its quantities exact")
    func harvestSheet() throws {
        let rows: [[Cell]] = [
            ["timestamp", "type", "wallet", "sent_quantity", "sent_asset", "received_quantity", "received_asset", "fee_quantity", "fee_asset"].map { .text($0) },
            [.number("43510.62222222222", style: 2), .text("buy"), .text("main"), .number("1000.1"), .text("USD"), .number("2.0000000000000001E-2"),
             .text("BTC"), .number("1.5"), .text("USD")],
        ]
        let read = try ImportFile.read(try XLSX.workbook([("Sheet1", rows)]), file: "h.xlsx")
        #expect(read.text.hasSuffix("2019-02-14 14:56:00,buy,main,1000.1,USD,0.02,BTC,1.5,USD\n"))
        let parsed = try HarvestCSV.parse(read.text, file: "h.xlsx")
        let transaction = try #require(parsed.rows.first?.transaction)
        #expect(transaction.received?.quantity == Quantity(try Fixed(parsing: "0.02")))
        #expect(transaction.timestamp == Timestamp.parse("2019-02-14T14:56:00Z", zone: .utc)?.instant)
    }

    @Test("a shared string that does not exist is refused with its row and cell")
    func missingSharedString() throws {
        let sheet = XLSX.worksheet(#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="7"><c r="C7" t="s"><v>5</v></c></row>"#)
        let strings = #"<sst><si><t>h</t></si></sst>"#
        let data = try XLSX.archive(parts: XLSX.standardParts(sheetNames: ["S"]) + [("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings)])
        let error = #expect(throws: ImportFailure.self) { try ImportFile.read(data, file: "f.xlsx") }
        #expect(error?.errors.map(\.description) == ["f.xlsx:7: C: cell C7: shared string 5 does not exist (the workbook has 1)"])
    }

    @Test("29 February 1900 in a date cell is refused with its row and cell")
    func february29th1900() throws {
        let data = try XLSX.workbook([("S", [[.text("time")], [.number("60", style: 1)]])])
        let error = #expect(throws: ImportFailure.self) { try ImportFile.read(data, file: "f.xlsx") }
        #expect(error?.errors.map(\.description) == ["f.xlsx:2: A: cell A2: 60 is 29 February 1900, a day Excel counts that never was"])
    }

    @Test("zips that are not workbooks are named, with what to do")
    func otherZips() throws {
        func message(_ parts: [(String, String)]) throws -> String? {
            let error = #expect(throws: ImportFailure.self) { try ImportFile.read(try XLSX.archive(parts: parts), file: "f.zip") }
            #expect(error?.errors.first?.line == 0)
            return error?.errors.first?.message
        }
        #expect(try message([("word/document.xml", "<w/>")])?.contains("a Word document (.docx)") == true)
        #expect(try message([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")])?.contains("OpenDocument file (.ods)") == true)
        #expect(try message([("2023/trades.csv", "a,b"), ("2024/trades.csv", "a,b")]) == "the file is a zip archive holding 2023/trades.csv, 2024/trades.csv; unzip it and import the files inside")
        #expect(try message([("notes.md", "x")])?.contains("a zip archive but not an XLSX workbook") == true)
    }
}
