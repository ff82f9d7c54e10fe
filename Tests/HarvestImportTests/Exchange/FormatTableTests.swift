import Foundation
import HarvestImport
import Testing

/// The README's table of formats is `harvest formats --markdown`: the list the CLI prints, pasted between two markers.
@Suite("README table of formats")
struct FormatTableTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    @Test("the README's table is the generated one (regenerate: swift run harvest formats --markdown)")
    func readmeTable() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- formats:begin"))
        let start = try #require(text[begin.upperBound...].firstIndex(of: "\n"))
        let end = try #require(text.range(of: "<!-- formats:end -->", range: start..<text.endIndex))
        #expect(String(text[text.index(after: start)..<end.lowerBound]) == ExchangeFormats.markdownTable())
    }

    @Test("every built-in format is a row, with its name and title")
    func everyFormat() {
        let table = ExchangeFormats.markdownTable()
        #expect(table.split(separator: "\n").count == ExchangeFormats.builtIn.count + 2)
        for format in ExchangeFormats.builtIn { #expect(table.contains("| `\(format.name)` | \(format.spec.title.replacingOccurrences(of: "|", with: "\\|"))")) }
    }
}
