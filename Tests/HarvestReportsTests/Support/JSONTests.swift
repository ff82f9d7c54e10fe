import HarvestReports
import Testing

/// The JSON writer: strings escaped as RFC 8259 requires (quote, backslash, control characters), everything else as is.
@Suite("JSON writing")
struct JSONTests {
    @Test("strings: quotes, backslashes and control characters escaped; other text unchanged", arguments: [
        ("plain", #""plain""#),
        ("say \"hi\"", #""say \"hi\"""#),
        (#"C:\dir"#, #""C:\\dir""#),
        ("line\nbreak\rreturn\ttab", #""line\nbreak\rreturn\ttab""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("Gewinn § 23 — €", #""Gewinn § 23 — €""#),
        ("", #""""#),
    ])
    func string(_ text: String, _ json: String) {
        #expect(JSON.string(text) == json)
    }

    @Test("objects keep the order given; arrays join their items")
    func objectsAndArrays() {
        #expect(JSON.object([("b", "1"), ("a", JSON.string("x"))]) == #"{"b":1,"a":"x"}"#)
        #expect(JSON.object([]) == "{}")
        #expect(JSON.array([]) == "[]")
        #expect(JSON.array(["1", "null", JSON.object([("k", "true")])]) == #"[1,null,{"k":true}]"#)
    }

    @Test("a CSV row quotes a field with a comma, a quote or a line break, and ends in a newline")
    func csvRow() {
        #expect(["a", "b,c", "say \"hi\"", "two\nlines", ""].csvRow == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\n")
    }
}
