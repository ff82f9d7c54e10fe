import HarvestCore
import HarvestImport
import Testing

@Suite("CSVReader")
struct CSVReaderTests {
    @Test("quoted fields, doubled quotes, CRLF, a BOM and blank lines; records know their first line")
    func quoting() {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",3\r\n\r\n\"multi\nline\",,end\nlast,1,2"
        let records = Array(CSVReader(text))
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "3"], ["multi\nline", "", "end"], ["last", "1", "2"]])
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    /// `CSV.field` (HarvestCore) quotes the fields of every CSV the package writes, `HarvestCSV.write` among them:
    /// what it writes, the reader must read back as it was.
    @Test("CSV.field quotes only when needed, and CSVReader reads back what CSV.row wrote")
    func field() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"x\"") == "\"say \"\"x\"\"\"")
        let fields = ["plain", "a,b", "say \"x\"", "two\nlines", "", "crlf\r\nend"]
        #expect(Array(CSVReader(CSV.row(fields))).map(\.fields) == [fields])
    }
}
