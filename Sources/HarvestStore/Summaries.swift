import HarvestCore

/// What one `importTransactions` did.
public struct ImportSummary: Sendable, Equatable {
    /// Rows newly stored.
    public var added: Int
    /// Rows skipped: already in the database (same source, wallet and id), plus the file's own repeats.
    public var duplicates: Int
    /// One message per skipped row whose content differs from the stored one, e.g.
    /// "tx 42 in wallet kraken: already imported from trades.csv:7 with different content; kept the first".
    public var conflicts: [String]

    public init(added: Int, duplicates: Int, conflicts: [String]) {
        self.added = added
        self.duplicates = duplicates
        self.conflicts = conflicts
    }
}

/// What one `importPrices` did, counted in days.
public struct PriceImportSummary: Sendable, Equatable {
    /// Days the store had no price for.
    public var added: Int
    /// Days whose stored prices differed and were overwritten.
    public var replaced: Int
    /// Days stored already with the same prices.
    public var unchanged: Int

    public init(added: Int, replaced: Int, unchanged: Int) {
        self.added = added
        self.replaced = replaced
        self.unchanged = unchanged
    }
}

/// A problem the store found in what it was given or in what it holds.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database refused a row (a CHECK constraint: e.g. a negative quantity). Nothing of the import was written.
    case rejectedRow(reference: String, reason: String)
    /// A stored value that does not read back as the domain type: the file was edited or damaged.
    case corruptRow(table: String, rowID: Int64, column: String, value: String)
    /// A database written by a newer Harvest (migrations this binary does not know): never written.
    case newerSchema(SQLiteStore.NewerSchema)
    /// Another process kept the database's write lock past the busy timeout; `holder` is its note, when it left one.
    case busy(path: String, holder: String?)

    public var description: String {
        switch self {
        case let .rejectedRow(reference, reason):
            return "\(reference): the database rejected the row (\(reason)); nothing from this import was stored"
        case let .corruptRow(table, rowID, column, value):
            return "\(table) row \(rowID): column \(column) holds '\(value)', which is not a valid value"
        case let .newerSchema(newer):
            return "\(newer)"
        case let .busy(path, holder):
            return "the database \(path) is busy: " + (holder.map { "\($0) is writing it" } ?? "another program is writing it")
                + "; waited for it to finish and gave up: try again when it has finished"
        }
    }
}
