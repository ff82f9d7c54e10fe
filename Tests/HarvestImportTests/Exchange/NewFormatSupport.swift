import Foundation
import HarvestCore
import HarvestImport

/// Helpers for the tests of formats learned from public descriptions of an export (no sample file in
/// ../shared/data/exports): each test writes the rows of the export's layout inline.
enum InlineExport {
    /// Parses `text` as `harvest import --format auto` does, reporting it as `file`; fails when no format is recognized
    /// or `expected` is not the one picked.
    static func parse(_ text: String, file: String, expected: String, base: String = "USD") throws -> ParsedImport {
        guard case .found(let format, let line) = ExchangeFormats.detect(text) else { throw InlineError.unrecognized(file) }
        guard format.name == expected else { throw InlineError.wrongFormat(file, format.name) }
        return try ExchangeImporter.parse(text, file: file, format: format, headerLine: line, options: .init(baseCurrency: Asset(base)))
    }

    /// The errors that reject `text` (recognized as `expected`), as `file:line: column: message`.
    static func rejection(_ text: String, file: String, expected: String) throws -> [String] {
        do {
            _ = try parse(text, file: file, expected: expected)
            return []
        } catch let failure as ImportFailure {
            return failure.errors.map(\.description)
        }
    }

    /// An instant written in ISO 8601 with an offset.
    static func instant(_ text: String) -> Instant { Timestamp.parse(text, zone: .utc)!.instant }

    enum InlineError: Error { case unrecognized(String), wrongFormat(String, String) }
}

extension ParsedImport {
    /// The instants of the transactions, in order.
    var instants: [Instant] { rows.map(\.transaction.timestamp) }
}
