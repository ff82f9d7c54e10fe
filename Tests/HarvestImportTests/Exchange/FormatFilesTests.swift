import Foundation
import HarvestImport
import Testing

/// The format files in Sources/HarvestImport/Formats are all compiled in, decode, and name themselves.
@Suite("Format files")
struct FormatFilesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/HarvestImport/Formats")

    @Test("every JSON file in Formats/ is listed in EmbeddedFormats.swift, under its own name")
    func everyFileIsBuiltIn() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(!files.isEmpty)
        #expect(ExchangeFormats.builtIn.map { $0.name + ".json" }.sorted() == files)
    }

    @Test("format names are unique, lower-case, and every format has a title and a header")
    func namesAndHeaders() {
        let names = ExchangeFormats.builtIn.map(\.name)
        #expect(Set(names).count == names.count)
        for format in ExchangeFormats.builtIn {
            #expect(format.name == format.name.lowercased() && !format.name.contains(" "))
            #expect(!format.spec.title.isEmpty && !format.spec.header.isEmpty)
        }
    }
}
