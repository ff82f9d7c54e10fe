/// What an importer hands to a store. A row's identity for deduplication is (source, wallet, transaction id).
/// A row ready to store: the normalized transaction and what dedupes it.
public struct ImportedRow: Sendable, Hashable {
    public var transaction: Transaction
    /// The timestamp as written, kept so the tax day can be recomputed if the tax time zone changes.
    public var timestampText: String
    public var dateOnly: Bool
    /// A hash of the row's normalized content: tells a re-import of the same row from a conflicting one.
    public var contentHash: String

    public init(transaction: Transaction, timestampText: String, dateOnly: Bool, contentHash: String) {
        self.transaction = transaction
        self.timestampText = timestampText
        self.dateOnly = dateOnly
        self.contentHash = contentHash
    }
}

/// A parsed file.
public struct ParsedImport: Sendable {
    /// The format's name, part of the dedupe key (`harvest`, `coinbase`, ...).
    public var source: String
    public var rows: [ImportedRow]
    /// Rows that repeat an earlier row of the same file exactly (same id, same content).
    public var duplicatesInFile: Int
    /// Rows not imported, by reason (pending rows, fiat movements, moves inside one account, ...).
    public var skipped: [String: Int]

    public init(source: String, rows: [ImportedRow], duplicatesInFile: Int, skipped: [String: Int] = [:]) {
        self.source = source
        self.rows = rows
        self.duplicatesInFile = duplicatesInFile
        self.skipped = skipped
    }
}

