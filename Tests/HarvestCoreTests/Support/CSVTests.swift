import HarvestCore
import Testing

/// CSV output (Support/CSV.swift), RFC 4180 §2: a field holding a comma, a double quote or a line break is enclosed in
/// double quotes (rules 6), and a double quote inside it is escaped by another (rule 7).
struct CSVTests {
    @Test("a field is quoted only when it must be; its quotes are doubled", arguments: [
        ("plain", "plain"), ("", ""), ("12.50", "12.50"), ("with space", "with space"),
        ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("\"", "\"\"\"\""),
        ("line\nbreak", "\"line\nbreak\""), ("carriage\rreturn", "\"carriage\rreturn\""), ("crlf\r\n", "\"crlf\r\n\""),
        ("Zürich, CH", "\"Zürich, CH\""), ("€1,000", "\"€1,000\""),
    ])
    func field(_ text: String, _ expected: String) {
        #expect(CSV.field(text) == expected)
        #expect(Array(CSV.field(text).unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("a quote followed by a combining mark is one Character, but still a quote to double")
    func combiningMark() {
        // U+0022 then U+0301 COMBINING ACUTE ACCENT: Swift sees one extended grapheme cluster, a CSV reader sees a
        // quote. The field is quoted and the quote doubled: " "" U+0301 ".
        let text = "\"\u{301}"
        #expect(text.count == 1)
        let quoted = CSV.field(text)
        #expect(Array(quoted.unicodeScalars) == ["\"", "\"", "\"", "\u{301}", "\""])
        // Also inside a longer field, and with a comma after the combining mark.
        #expect(Array(CSV.field("a\"\u{301},b").unicodeScalars) == ["\"", "a", "\"", "\"", "\u{301}", ",", "b", "\""])
    }

    @Test("a row is its fields, each quoted as it needs, joined by commas and ended by a newline")
    func row() {
        #expect(CSV.row(["date", "asset", "note"]) == "date,asset,note\n")
        #expect(CSV.row(["2024-06-01", "BTC", "sold, then \"bought\" back"]) == "2024-06-01,BTC,\"sold, then \"\"bought\"\" back\"\n")
        #expect(CSV.row(["", "", ""]) == ",,\n")
        #expect(CSV.row(["one"]) == "one\n")
        #expect(CSV.row([]) == "\n")
    }
}
