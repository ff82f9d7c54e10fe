import Foundation
import HarvestCore
import HarvestImport
import Testing

/// How a file's bytes become text: UTF-8, UTF-16 with a byte-order mark, Windows-1252; tab-separated text; and what
/// is said of a file that is none of these. Every file here is written by hand.
@Suite("text files: encodings, tabs, and files that are not text")
struct TextFileTests {
    @Test("UTF-16 little-endian with its byte-order mark (Bittrex's exports): ASCII, a euro sign, a surrogate pair")
    func utf16LittleEndian() {
        // "a,b\n1,€😀": FF FE, then each UTF-16 unit low byte first; € is U+20AC, 😀 is D83D DE00.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x2C, 0x00, 0x62, 0x00, 0x0A, 0x00, 0x31, 0x00, 0x2C, 0x00, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE]
        #expect(TextFile.decode(Data(bytes)) == "a,b\n1,€😀")
    }

    @Test("UTF-16 big-endian with its byte-order mark")
    func utf16BigEndian() {
        // "a,b\n1,€": FE FF, then each unit high byte first.
        let bytes: [UInt8] = [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x2C, 0x00, 0x62, 0x00, 0x0A, 0x00, 0x31, 0x00, 0x2C, 0x20, 0xAC]
        #expect(TextFile.decode(Data(bytes)) == "a,b\n1,€")
    }

    @Test("damaged UTF-16 (an odd byte count, an unpaired surrogate) is not text, and the message says so")
    func damagedUTF16() throws {
        let odd = Data([0xFF, 0xFE, 0x61, 0x00, 0x62])
        let unpaired = Data([0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8, 0x62, 0x00])
        for data in [odd, unpaired] {
            #expect(TextFile.decode(data) == nil)
            #expect(TextFile.describeNonText(data).contains("UTF-16 text (it starts with a byte-order mark) but is damaged"))
        }
    }

    @Test("a Kraken ledger saved by Excel as \"Unicode text\" (UTF-16 LE, tab-separated) imports as the CSV does")
    func excelUnicodeText() throws {
        let csv = """
            "txid","refid","time","type","subtype","aclass","asset","amount","fee","balance"
            "L1","T1","2024-03-01 10:00:00","trade","","currency","ZUSD",-1000.0000,1.6000,0
            "L2","T1","2024-03-01 10:00:00","trade","","currency","XXBT",0.0200000000,0,0.02

            """
        // Excel writes the cells as displayed, tab-separated; a cell holding a comma or quote is quoted.
        let unicodeText = "txid\trefid\ttime\ttype\tsubtype\taclass\tasset\tamount\tfee\tbalance\r\n"
            + "L1\tT1\t2024-03-01 10:00:00\ttrade\t\tcurrency\tZUSD\t-1,000.0000\t1.6000\t0\r\n"
            + "L2\tT1\t2024-03-01 10:00:00\ttrade\t\tcurrency\tXXBT\t0.0200000000\t0\t0.02\r\n"
        var data = Data([0xFF, 0xFE])
        for unit in unicodeText.utf16 { data.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        let read = try ImportFile.read(data, file: "ledgers.txt")
        #expect(read.text.hasPrefix("txid,refid,time,type,subtype,aclass,asset,amount,fee,balance\nL1,T1,2024-03-01 10:00:00,trade,,currency,ZUSD,\"-1,000.0000\",1.6000,0\n"))
        let fromExcel = try Self.kraken(read.text, file: "ledgers.txt")
        let fromCSV = try Self.kraken(csv, file: "ledgers.csv")
        #expect(fromExcel.briefs == ["2024-03-01 buy 1000 USD -> 0.02 BTC fee 1.6 USD"])
        #expect(fromExcel.briefs == fromCSV.briefs)
        #expect(fromExcel.rows.map(\.transaction.timestamp) == fromCSV.rows.map(\.transaction.timestamp))
    }

    @Test("tab-separated text keeps its line numbers, quoted cells with tabs and line breaks included")
    func tabsKeepLines() {
        let text = "a\tb\n\n\"x\ty\"\t\"two\nlines\"\n3\t\"say \"\"hi\"\", ok\"\n"
        #expect(TextFile.tabsAsCommas(text) == "a,b\n\nx\ty,\"two\nlines\"\n3,\"say \"\"hi\"\", ok\"\n")
        // Comma-separated text with a tab in a cell is left alone.
        #expect(TextFile.tabsAsCommas("a,b,c\n1,\t2,3\n") == "a,b,c\n1,\t2,3\n")
    }

    @Test("files that are neither text nor a workbook are named, with what to do", arguments: [
        (Array("%PDF-1.7\n%\u{E2}\u{E3}".utf8) + [0, 1, 2], "the file is a PDF document"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0], "Excel 97-2003 workbook (.xls) or a password-protected XLSX"),
        ([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3], "gzip-compressed; decompress it"),
        (Array("SQLite format 3".utf8) + [0, 0x10, 0], "an SQLite database"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], "an image"),
        ([0x74, 0, 0x78, 0, 0x69, 0, 0x64, 0, 0x2C, 0, 0x61, 0, 0x0A, 0, 0x31, 0], "UTF-16 text without a byte-order mark"),
        ([0x01, 0x02, 0x00, 0x9F, 0x80, 0x81], "the file is not text (neither UTF-8, UTF-16 with a byte-order mark, nor Windows-1252; a zero byte at offset 2)"),
    ] as [([UInt8], String)])
    func notText(_ bytes: [UInt8], _ expected: String) throws {
        #expect(TextFile.decode(Data(bytes)) == nil)
        let error = #expect(throws: ImportFailure.self) { try ImportFile.read(Data(bytes), file: "f.csv") }
        #expect(error?.errors.count == 1)
        #expect(error?.errors.first?.line == 0)
        #expect(error?.errors.first?.description.hasPrefix("f.csv:0: ") == true)
        #expect(error?.errors.first?.message.contains(expected) == true, "\(error?.errors.first?.message ?? "")")
    }

    static func kraken(_ text: String, file: String) throws -> ParsedImport {
        guard case .found(let format, let line) = ExchangeFormats.detect(text) else { throw ExportSamples.SampleError.unrecognized(file, []) }
        #expect(format.name == "kraken")
        return try ExchangeImporter.parse(text, file: file, format: format, headerLine: line, options: ExchangeImporter.Options())
    }
}
