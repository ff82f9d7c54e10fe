/// What an importer hands to a store. A row's identity for deduplication is (source, wallet, transaction id).
/// A row ready to store: the normalized transaction and what dedupes it.
public struct ImportedRow: Sendable, Hashable {
    public var transaction: Transaction
    /// The timestamp as written, kept so the tax day can be recomputed if the tax time zone changes.
    public var timestampText: String
    public var dateOnly: Bool
    /// The wall-clock time as written (milliseconds since 1970-01-01T00:00 local) when it was read in the tax time zone:
    /// a bare date, or a time written without an offset where the format names no zone. Nil when the text fixes the
    /// instant. A replay under another tax time zone moves such a row's instant; every other row keeps its instant
    /// and only its tax day follows the zone.
    public var localMilliseconds: Int64?
    /// The currency the source wrote the row's value in (nil: the base currency, as in the Harvest CSV). A replay keeps
    /// a value only when it is in the base currency in force then, so `base-currency` can be set at any time.
    public var valueCurrency: Asset?
    /// The value as written, when `valueCurrency` is not the base currency of the import: `transaction.value` is nil
    /// then (the transaction is what a replay under that base currency sees), and the store keeps this one.
    public var writtenValue: Money?
    /// A hash of the row's normalized content: tells a re-import of the same row from a conflicting one.
    public var contentHash: String

    public init(
        transaction: Transaction, timestampText: String, dateOnly: Bool, localMilliseconds: Int64? = nil, valueCurrency: Asset? = nil,
        writtenValue: Money? = nil, contentHash: String
    ) {
        self.transaction = transaction
        self.timestampText = timestampText
        self.dateOnly = dateOnly
        self.localMilliseconds = localMilliseconds
        self.valueCurrency = valueCurrency
        self.writtenValue = writtenValue
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

