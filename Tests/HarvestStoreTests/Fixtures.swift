import Foundation
import HarvestCore
import HarvestImport
import HarvestStore
import Synchronization

/// Builders for the store tests: rows by hand where every field matters, Harvest CSV text where the
/// importer's own ids and hashes should be used.
enum Fixture {
    static func instant(_ text: String) -> Instant {
        // "2024-03-01T12:00:00Z" only: enough for fixtures, and independent of the importer under test.
        let date = CivilDate(iso: text.prefix(10))!
        let parts = text.dropFirst(11).prefix(8).split(separator: ":").map { Int64($0)! }
        let seconds = parts.count == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : 0
        return Instant(millisecondsSinceEpoch: Instant(date: date).millisecondsSinceEpoch + seconds * 1000)
    }

    static func row(
        _ transaction: Transaction, timestampText: String? = nil, dateOnly: Bool = false, hash: String? = nil
    ) -> ImportedRow {
        ImportedRow(
            transaction: transaction, timestampText: timestampText ?? transaction.date.description + "T00:00:00Z",
            dateOnly: dateOnly, contentHash: hash ?? "hash-\(transaction.id)")
    }

    static func buy(
        _ id: String, at timestamp: String = "2024-03-01T12:00:00Z", wallet: String = "kraken", quantity: Quantity = 1,
        asset: String = "BTC", cost: Quantity = 100, file: String = "trades.csv", line: Int = 2
    ) -> Transaction {
        let instant = instant(timestamp)
        return Transaction(
            id: id, timestamp: instant, date: instant.date(), sequence: line, kind: .buy, wallet: Wallet(wallet),
            sent: Amount(cost, .usd), received: Amount(quantity, Asset(asset)), source: SourceLocation(file: file, line: line))
    }

    static func parsed(_ transactions: [Transaction], source: String = "harvest", duplicatesInFile: Int = 0) -> ParsedImport {
        ParsedImport(source: source, rows: transactions.map { row($0) }, duplicatesInFile: duplicatesInFile)
    }

    static func csv(_ lines: [String], file: String = "trades.csv") throws -> ParsedImport {
        let header = "timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,to_wallet,tx_id,note"
        return try HarvestCSV.parse(([header] + lines).joined(separator: "\n") + "\n", file: file)
    }

    /// A transaction as `loadTransactions` returns it: `sequence` is the row's insertion order.
    static func stored(_ transaction: Transaction, sequence: Int) -> Transaction {
        var copy = transaction
        copy.sequence = sequence
        return copy
    }
}

/// Collects progress reports from a `@Sendable` callback.
final class ProgressLog: Sendable {
    private let calls = Mutex<[[Int]]>([])
    var reports: [[Int]] { calls.withLock { $0 } }
    var callback: @Sendable (Int, Int) -> Void { { done, total in self.calls.withLock { $0.append([done, total]) } } }
}
