import Foundation
import HarvestCore
import HarvestImport
import HarvestTestSupport

/// The real exchange exports in ../shared/data/exports (beside the project; their licences forbid copying
/// them into the repository, so tests read them where they are and are skipped where they are absent).
enum ExportSamples {
    static let directory: URL = SharedData.folder("data/exports")

    static var available: Bool { SharedData.exists("data/exports") }
    static let skipMessage = "../shared/data/exports is absent: the exchange samples are not checked"

    static func text(_ path: String) throws -> String {
        let data = try Data(contentsOf: directory.appendingPathComponent(path))
        guard let text = TextFile.decode(data) else { throw SampleError.notText(path) }
        return text
    }

    /// Parses a sample as `harvest import` does with `--format auto`.
    static func parse(
        _ path: String, wallet: String? = nil, base: String = "USD", address: String? = nil, zone: TaxTimeZone = .utc
    ) throws -> ParsedImport {
        let text = try text(path)
        let options = ExchangeImporter.Options(zone: zone, wallet: wallet, baseCurrency: Asset(base), address: address)
        switch ExchangeFormats.detect(text) {
        case .found(let format, let line):
            return try ExchangeImporter.parse(text, file: path, format: format, headerLine: line, options: options)
        case .unknown(let header, _):
            throw SampleError.unrecognized(path, header)
        }
    }

    /// Parses a sample with some of its lines blanked (1-based; the others keep their numbers): to check the
    /// rest of a file that one bad row rejects.
    static func parse(
        _ path: String, blanking lines: Set<Int>, wallet: String? = nil, base: String = "USD", address: String? = nil
    ) throws -> ParsedImport {
        let text = try text(path).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { lines.contains($0.offset + 1) ? "" : String($0.element) }.joined(separator: "\n")
        let options = ExchangeImporter.Options(wallet: wallet, baseCurrency: Asset(base), address: address)
        guard case .found(let format, let line) = ExchangeFormats.detect(text) else { throw SampleError.unrecognized(path, []) }
        return try ExchangeImporter.parse(text, file: path, format: format, headerLine: line, options: options)
    }

    /// The errors a sample with some lines blanked is rejected with.
    static func rejection(_ path: String, blanking lines: Set<Int>) throws -> [String] {
        do {
            _ = try parse(path, blanking: lines)
            return []
        } catch let failure as ImportFailure {
            return failure.errors.map(\.description)
        }
    }

    /// The format `--format auto` picks for a sample.
    static func detected(_ path: String) throws -> String? {
        if case .found(let format, _) = ExchangeFormats.detect(try text(path)) { return format.name }
        return nil
    }

    /// The errors a sample is rejected with.
    static func rejection(_ path: String, base: String = "USD") throws -> [String] {
        do {
            _ = try parse(path, base: base)
            return []
        } catch let failure as ImportFailure {
            return failure.errors.map(\.description)
        }
    }

    enum SampleError: Error { case notText(String), unrecognized(String, [String]) }
}

/// One line per transaction, for expectations read off a sample by hand:
/// `2024-03-18 buy 3.86 EUR -> 0.00213232 ETH fee 0.99 EUR value 4.85`.
func brief(_ tx: Transaction) -> String {
    var parts = [tx.date.description, tx.kind == .income ? "income:\(tx.incomeType?.rawValue ?? "other")" : tx.kind.rawValue]
    switch (tx.sent, tx.received) {
    case let (sent?, received?): parts.append("\(sent.quantity) \(sent.asset) -> \(received.quantity) \(received.asset)")
    case let (sent?, nil): parts.append("\(sent.quantity) \(sent.asset) out")
    case let (nil, received?): parts.append("\(received.quantity) \(received.asset) in")
    case (nil, nil): break
    }
    if let fee = tx.fee { parts.append("fee \(fee.quantity) \(fee.asset)") }
    if let value = tx.value { parts.append("value \(value)") }
    return parts.joined(separator: " ")
}

extension ParsedImport {
    var briefs: [String] { rows.map { brief($0.transaction) } }

    /// The briefs of the transactions read from these lines of the file.
    func briefs(lines: Set<Int>) -> [String] {
        rows.filter { lines.contains($0.transaction.source?.line ?? 0) }.map { brief($0.transaction) }
    }
}
