import Testing

@testable import HarvestCLI

/// `TextTable`'s layout: cells padded to their column's width on screen, two spaces apart, trailing spaces cut.
@Suite("Text table layout")
struct TextTableTests {
    /// Cells wider in bytes than on screen ("éééé": 8 bytes, 4 characters) in every column of a row, padded to columns
    /// 10 characters wide: the line takes 2 + 6 + 8 bytes a column, more than the columns' widths. Written out by hand.
    @Test("cells of more bytes than characters are padded by their characters, in every column of a line")
    func wideBytes() {
        var table = TextTable(headers: ["h", "h", "h"], leftAligned: [0, 1])
        table.add(["xxxxxxxxxx", "yyyyyyyyyy", "zzzzzzzzzz"])
        table.add(["éééé", "éééé", "éééé"])
        table.add(["€", "a\u{301}", "1"])
        let pad = { (count: Int) in String(repeating: " ", count: count) }
        #expect(table.render() == [
            "h" + pad(9) + "  " + "h" + pad(9) + "  " + pad(9) + "h",
            "----------  ----------  ----------",
            "xxxxxxxxxx  yyyyyyyyyy  zzzzzzzzzz",
            "éééé" + pad(6) + "  " + "éééé" + pad(6) + "  " + pad(6) + "éééé",
            "€" + pad(9) + "  " + "a\u{301}" + pad(9) + "  " + pad(9) + "1",
        ].map { $0 + "\n" }.joined())
    }

    /// Every column but the first of a row left empty, aligned left: the trailing spaces of the padding are cut, on an
    /// ASCII line and on one past ASCII.
    @Test("trailing padding is cut, past ASCII too")
    func trailingSpaces() {
        var table = TextTable(headers: ["name", "note"], leftAligned: [0, 1])
        table.add(["ab", ""])
        table.add(["é", ""])
        table.add(["x", "a note"])
        #expect(table.render() == "name  note\n----  ------\nab\né\nx     a note\n")
    }
}
