import Foundation
import ZIPFoundation

/// XLSX workbooks written by hand for tests: the XML parts as a spreadsheet writes them, zipped with ZIPFoundation.
/// Every workbook is of our own making (no real export is committed).
public enum XLSX {
    /// A cell as a sheet stores it.
    public enum Cell: Sendable {
        /// Text in the shared strings table (`t="s"`), as Excel writes text.
        case text(String)
        /// Text in the cell itself (`t="inlineStr"`), as some exporters write it.
        case inline(String)
        /// A number as the XML writes it (`<v>1234.5</v>`), with a cell style (see `styles`).
        case number(String, style: Int = 0)
        case bool(Bool)
        /// A formula's text result (`t="str"`).
        case formulaText(String)
        /// No cell at all.
        case none
    }

    /// The cell styles every workbook here has (`s="N"`): 0 General, 1 `m/d/yyyy` (14), 2 `m/d/yyyy h:mm` (22),
    /// 3 `yyyy-mm-dd hh:mm:ss` (a custom format, 164), 4 `h:mm:ss` (21), 5 `0.00` (2), 6 `[$-409]m/d/yy h:mm AM/PM;@`
    /// (custom, 165), 7 `#,##0.00 "BTC"` (custom, 166: a number).
    public static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/><numFmt numFmtId="165" formatCode="[$-409]m/d/yy\\ h:mm\\ AM/PM;@"/><numFmt numFmtId="166" formatCode="#,##0.00\\ &quot;BTC&quot;"/></numFmts>
        <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
        <cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
        </styleSheet>
        """

    /// A workbook of `sheets` (name and rows), its strings shared as Excel shares them.
    public static func workbook(_ sheets: [(name: String, rows: [[Cell]])], date1904: Bool = false) throws -> Data {
        var strings: [String] = []
        var stringIndex: [String: Int] = [:]
        var parts: [(String, String)] = []
        for (number, sheet) in sheets.enumerated() {
            var xml = ""
            for (rowIndex, row) in sheet.rows.enumerated() {
                xml += "<row r=\"\(rowIndex + 1)\">"
                for (columnIndex, cell) in row.enumerated() {
                    let reference = "\(columnName(columnIndex + 1))\(rowIndex + 1)"
                    switch cell {
                    case .text(let text):
                        let index = stringIndex[text] ?? {
                            strings.append(text)
                            stringIndex[text] = strings.count - 1
                            return strings.count - 1
                        }()
                        xml += "<c r=\"\(reference)\" t=\"s\"><v>\(index)</v></c>"
                    case .inline(let text): xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(escaped(text))</t></is></c>"
                    case .number(let value, let style): xml += "<c r=\"\(reference)\"\(style == 0 ? "" : " s=\"\(style)\"")><v>\(value)</v></c>"
                    case .bool(let value): xml += "<c r=\"\(reference)\" t=\"b\"><v>\(value ? 1 : 0)</v></c>"
                    case .formulaText(let text): xml += "<c r=\"\(reference)\" t=\"str\"><f>CONCAT(\"a\")</f><v>\(escaped(text))</v></c>"
                    case .none: break
                    }
                }
                xml += "</row>"
            }
            parts.append(("xl/worksheets/sheet\(number + 1).xml", worksheet(xml)))
        }
        let sharedStrings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(strings.count)" uniqueCount="\(strings.count)">\
            \(strings.map { "<si><t xml:space=\"preserve\">\(escaped($0))</t></si>" }.joined())</sst>
            """
        return try archive(parts: standardParts(sheetNames: sheets.map(\.name), date1904: date1904) + parts + [("xl/sharedStrings.xml", sharedStrings)])
    }

    /// A worksheet part around `sheetData`'s rows.
    public static func worksheet(_ rows: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>\
        <sheetData>\(rows)</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>
        """
    }

    /// The parts every workbook has besides its sheets and strings: content types, relationships, the workbook, styles.
    public static func standardParts(sheetNames: [String], date1904: Bool = false) -> [(String, String)] {
        let sheets = sheetNames.enumerated().map { "<sheet name=\"\(escaped($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        let relationships = sheetNames.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        let count = sheetNames.count
        return [
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><bookViews><workbookView/></bookViews><sheets>\(sheets)</sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)\
                <Relationship Id="rId\(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                <Relationship Id="rId\(count + 2)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """),
            ("xl/styles.xml", styles),
        ]
    }

    /// A zip of `parts` (path and text), deflated as spreadsheets write them (or stored, with `deflated: false`).
    public static func archive(parts: [(String, String)], deflated: Bool = true) throws -> Data {
        let compression: CompressionMethod = deflated ? .deflate : .none
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// `1` → `A`, `27` → `AA`.
    public static func columnName(_ number: Int) -> String {
        var letters = ""
        var rest = number
        while rest > 0 {
            letters.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8((rest - 1) % 26))), at: letters.startIndex)
            rest = (rest - 1) / 26
        }
        return letters
    }

    public static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
