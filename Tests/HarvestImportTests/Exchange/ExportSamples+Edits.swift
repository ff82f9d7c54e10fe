import Foundation
import HarvestCore
import HarvestImport

extension ExportSamples {
    /// A sample's text with some of its lines (1-based) left out or replaced: to check the rest of a file
    /// whose deliberately broken rows reject it, or to break a good file in one known place.
    static func edited(_ path: String, dropping dropped: Set<Int> = [], replacing replacements: [Int: String] = [:]) throws -> String {
        var lines: [String] = []
        for (offset, line) in try text(path).components(separatedBy: "\n").enumerated() where !dropped.contains(offset + 1) {
            lines.append(replacements[offset + 1] ?? line)
        }
        return lines.joined(separator: "\n")
    }

    /// Parses text as `--format auto` does, reporting it as `file`.
    static func parse(text: String, file: String, base: String = "USD") throws -> ParsedImport {
        let options = ExchangeImporter.Options(baseCurrency: Asset(base))
        switch ExchangeFormats.detect(text) {
        case .found(let format, let line):
            return try ExchangeImporter.parse(text, file: file, format: format, headerLine: line, options: options)
        case .unknown(let header, _):
            throw SampleError.unrecognized(file, header)
        }
    }

    /// The errors that reject a text, as `file:line: column: message`.
    static func rejection(text: String, file: String) throws -> [String] {
        do {
            _ = try parse(text: text, file: file)
            return []
        } catch let failure as ImportFailure {
            return failure.errors.map(\.description)
        }
    }
}
