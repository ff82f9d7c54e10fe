import Foundation
import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest report 8949 --format pdf`: the form's pages as a PDF written directly. Checked by structure (every object
/// where the cross-reference table says), by the figures drawn (the CSV's printed rows, page totals that add up to the
/// box totals), and by rendering with pdftoppm where poppler-utils is installed (`.ci/run` installs it).
@Suite("Form 8949 as PDF")
struct Form8949PDFTests {
    static func pdf(_ books: Books, year: Int) throws -> [UInt8] {
        let summary = try books.summary(year)
        return Form8949PDF.document(year: year, disposals: books.disposals, summary: summary, figures: try #require(summary.scheduleD)).bytes()
    }

    /// The text of the file, bytes as Latin-1 (streams are uncompressed).
    static func text(_ bytes: [UInt8]) -> String { String(bytes.map { Character(Unicode.Scalar($0)) }) }

    @Test("a valid file: header, each xref offset at its object, trailer; Part I, Part II and the Schedule D page")
    func structure() throws {
        let bytes = try Self.pdf(try Form8949Tests.year2024(), year: 2024)
        let text = Self.text(bytes)
        #expect(text.hasPrefix("%PDF-1.4\n") && text.hasSuffix("%%EOF\n"))
        // startxref points at "xref"; each of its in-use entries at "N 0 obj".
        let startxref = try #require(text.range(of: "startxref\n", options: .backwards))
        let offset = try #require(Int(text[startxref.upperBound...].prefix { $0.isNumber }))
        #expect(Array(bytes[offset..<offset + 4]) == Array("xref".utf8))
        let entries = text[text.index(text.startIndex, offsetBy: offset)...].split(separator: "\n").dropFirst(3).prefix { $0.hasSuffix(" n ") }
        #expect(entries.count == 5 + 2 * 3)  // catalog, pages, 2 fonts, info; 3 pages with their contents
        for (index, entry) in entries.enumerated() {
            let at = try #require(Int(entry.prefix(10)))
            #expect(Array(bytes[at..<at + "\(index + 1) 0 obj".utf8.count]) == Array("\(index + 1) 0 obj".utf8))
        }
        #expect(text.contains("/Count 3"))
        #expect(text.contains("(Part I)") && text.contains("(Part II)") && text.contains("(Schedule D)"))
        // Box C's row of 2 ADA: −500 in (h) as (500.00); the IBIT wash sale: W and 250.00; line 2 of Part I: 1150.00,
        // 1900.00, 250.00, (500.00); Part II's totals 5000.02 and 3500.02 (Form8949Tests' arithmetic).
        for drawn in ["(2 ADA)", "(\\(500.00\\))", "(W)", "(250.00)", "(1150.00)", "(1900.00)", "(5000.02)", "(3500.02)",
                      "(\\(C\\) Short-term transactions not reported to you on Form 1099-B)"] {
            #expect(text.contains(drawn), "missing \(drawn)")
        }
    }

    /// 30 short-term sales of 1 DOT bought for 10 and sold on March i for 12 + i/100 (i = 1…30): 3 pages of 14, 14 and 2 rows.
    /// Page totals: proceeds 14 × 12 + (1+…+14)/100 = 169.05; 14 × 12 + (15+…+28)/100 = 171.01; 24 + (29+30)/100 = 24.59;
    /// together 364.65, the box total (30 × 12 + 465/100).
    @Test("more rows than a page holds: pages of 14, each with its own line 2, adding up to the box total")
    func pages() throws {
        var rows: [Transaction] = []
        for i in 1...30 {
            rows.append(Row.buy("b\(i)", "2024-01-01", 1, "DOT", cost: 10, hour: 1))
            rows.append(Row.sell("s\(i)", "2024-03-" + (i < 10 ? "0" : "") + "\(i)", 1, "DOT", proceeds: Money(stringLiteral: "12." + (i < 10 ? "0" : "") + "\(i)")))
        }
        let text = Self.text(try Self.pdf(try Books(rows, .us), year: 2024))
        #expect(text.contains("/Count 4"))
        for total in ["(169.05)", "(171.01)", "(24.59)"] { #expect(text.contains(total), "missing page total \(total)") }
        #expect(text.contains("(64.65)"))  // Schedule D: the short-term gain from box C, 364.65 − 30 × 10
    }

    @Test("pdftoppm renders every page")
    func renders() throws {
        let pdftoppm = "/usr/bin/pdftoppm"
        guard FileManager.default.isExecutableFile(atPath: pdftoppm) else {
            print("skipped: \(pdftoppm) is missing (apt-get install poppler-utils)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("harvest-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("f8949.pdf")
        try Data(try Self.pdf(try Form8949Tests.year2024(), year: 2024)).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftoppm)
        process.arguments = ["-r", "40", "-png", file.path, directory.appendingPathComponent("page").path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0 && message.isEmpty, "pdftoppm: \(message)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".png") }
        #expect(pages.count == 3)
    }
}
