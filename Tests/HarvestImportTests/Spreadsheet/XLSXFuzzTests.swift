import Foundation
import HarvestCore
import HarvestImport
import HarvestTestSupport
import Testing

/// Damaged workbooks: truncated and corrupted zips, broken XML. Each is read or refused with a message naming the
/// file; none may trap (a trap would end the test run).
@Suite("XLSX workbooks, damaged")
struct XLSXFuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure replays.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// Reads `data` as `harvest import` does, then imports the text if any: returns the messages, if refused.
    @discardableResult
    static func attempt(_ data: Data) -> [String] {
        do {
            let read = try ImportFile.read(data, file: "f.xlsx")
            if case .found(let format, let line) = ExchangeFormats.detect(read.text) {
                _ = try? ExchangeImporter.parse(read.text, file: "f.xlsx", format: format, headerLine: line, options: ExchangeImporter.Options())
            }
            return []
        } catch {
            for message in error.errors {
                #expect(message.file == "f.xlsx" && !message.message.isEmpty && message.line >= 0)
            }
            #expect(!error.errors.isEmpty)
            return error.errors.map(\.description)
        }
    }

    @Test("a workbook cut short anywhere is refused with a message")
    func truncated() throws {
        let data = try XLSX.workbook([("Ledgers", XLSXTests.krakenRows)])
        for length in stride(from: 0, to: data.count, by: max(1, data.count / 400)) {
            let cut = data.prefix(length)
            let messages = Self.attempt(Data(cut))
            if length >= 4 { #expect(!messages.isEmpty, "cut at \(length) of \(data.count)") }
        }
    }

    @Test("a workbook with bytes changed, deflated or stored, is read or refused, never a trap")
    func corrupted() throws {
        var generator = Generator(state: 14)
        for compression in [true, false] {
            let parts = XLSX.standardParts(sheetNames: ["Ledgers"]) + [("xl/worksheets/sheet1.xml", XLSXTests.krakenSheetXML)]
            let data = try XLSX.archive(parts: parts, deflated: compression)
            for _ in 0..<300 {
                var bytes = [UInt8](data)
                for _ in 0..<(1 + generator.below(8)) {
                    bytes[generator.below(bytes.count)] = UInt8(truncatingIfNeeded: generator.next())
                }
                Self.attempt(Data(bytes))
            }
        }
    }

    @Test("broken sheet XML is refused with the part and the place, or read as far as it goes")
    func brokenXML() throws {
        var generator = Generator(state: 7)
        let sheet = XLSXTests.krakenSheetXML
        let bytes = Array(sheet.utf8)
        let inserts: [[UInt8]] = ["<", ">", "\"", "&", "<!--", "<![CDATA[", "</row>", "<row r=\"1\">", "<c r=\"A0\">", "]]>", "\u{0}", "<v>x</v>"].map { Array($0.utf8) }
        var refused = 0
        for round in 0..<400 {
            var broken = bytes
            if round % 2 == 0 {
                broken = Array(broken.prefix(generator.below(broken.count)))
            } else {
                broken.insert(contentsOf: inserts[generator.below(inserts.count)], at: generator.below(broken.count))
            }
            let parts = XLSX.standardParts(sheetNames: ["Ledgers"]) + [("xl/worksheets/sheet1.xml", String(decoding: broken, as: UTF8.self))]
            if !Self.attempt(try XLSX.archive(parts: parts)).isEmpty { refused += 1 }
        }
        #expect(refused > 100)
    }

    @Test("hostile sheets: huge row and column numbers, a huge string index, deep nesting, a DOCTYPE", arguments: [
        (#"<row r="99999999999999"><c r="A1"><v>1</v></c></row>"#, "is past the last row a sheet can have"),
        (#"<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>"#, "row 1 comes after row 2"),
        (#"<row r="1"><c r="ZZZZZZZZ1"><v>1</v></c></row>"#, "'ZZZZZZZZ1' is not a cell reference"),
        (#"<row r="1"><c r="A1" t="s"><v>99999999999999999999999</v></c></row>"#, "shared string 99999999999999999999999 does not exist"),
        (#"<c r="A1"><v>1</v></c>"#, "a cell outside a row"),
        (#"<row r="1"><c r="A1"><v>1</v></c></row><!-- never closed"#, "the XML ends inside a tag, comment or CDATA section"),
    ] as [(String, String)])
    func hostile(_ rows: String, _ expected: String) throws {
        let parts = XLSX.standardParts(sheetNames: ["S"]) + [("xl/worksheets/sheet1.xml", XLSX.worksheet(rows)), ("xl/sharedStrings.xml", "<sst/>")]
        let messages = Self.attempt(try XLSX.archive(parts: parts))
        #expect(messages.count == 1 && messages[0].contains(expected), "\(messages)")
    }

    @Test("a part whose bytes changed but still read as XML fails its checksum")
    func checksum() throws {
        let parts = XLSX.standardParts(sheetNames: ["Ledgers"]) + [("xl/worksheets/sheet1.xml", XLSXTests.krakenSheetXML)]
        var bytes = [UInt8](try XLSX.archive(parts: parts, deflated: false))
        let target = Array("<t>L5</t>".utf8)
        let at = try #require((0...(bytes.count - target.count)).first { Array(bytes[$0..<($0 + target.count)]) == target })
        bytes[at + 4] = UInt8(ascii: "6")
        #expect(Self.attempt(Data(bytes)) == [
            "f.xlsx:0: the XLSX workbook's part xl/worksheets/sheet1.xml does not match its checksum: the file is damaged; export or save it again",
        ])
    }

    @Test("a DOCTYPE with entities is skipped, not expanded")
    func doctype() throws {
        let sheet = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>"#
            + #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"#
        let parts = XLSX.standardParts(sheetNames: ["S"]) + [("xl/worksheets/sheet1.xml", sheet)]
        #expect(try ImportFile.read(try XLSX.archive(parts: parts), file: "f.xlsx", expecting: .anything).text == "&lol2;\n")
    }

    @Test("a workbook without its workbook part, or whose sheet is missing, says so")
    func missingParts() throws {
        let noSheet = try XLSX.archive(parts: XLSX.standardParts(sheetNames: ["S"]))
        #expect(Self.attempt(noSheet) == ["f.xlsx:0: the XLSX workbook's sheet 'S' (xl/worksheets/sheet1.xml) is missing from the archive"])
        let noWorkbook = try XLSX.archive(parts: XLSX.standardParts(sheetNames: ["S"]).filter { $0.0 != "xl/workbook.xml" })
        #expect(Self.attempt(noWorkbook).first?.contains("a zip archive but not an XLSX workbook") == true)
    }
}

extension XLSXTests {
    /// The Kraken ledger's sheet XML, with its strings inline (a sheet that needs no shared strings part).
    static let krakenSheetXML: String = {
        var xml = ""
        for (rowIndex, row) in krakenRows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (columnIndex, cell) in row.enumerated() {
                let reference = "\(XLSX.columnName(columnIndex + 1))\(rowIndex + 1)"
                switch cell {
                case .text(let text), .inline(let text): xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(XLSX.escaped(text))</t></is></c>"
                case .number(let value, let style): xml += "<c r=\"\(reference)\" s=\"\(style)\"><v>\(value)</v></c>"
                default: break
                }
            }
            xml += "</row>"
        }
        return XLSX.worksheet(xml)
    }()
}
