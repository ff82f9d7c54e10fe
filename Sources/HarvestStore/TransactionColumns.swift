internal import GRDB
import HarvestCore

/// How a `Transaction` maps to a `ledgerTransaction` row and back (STYLE.md §14: the persistence
/// shape mirrors the domain type inside the store module).
///
/// The hot paths (a million rows per import or load) bind and read columns by position through one
/// prepared statement, so the column lists here and the argument and read orders below must agree.
enum TransactionColumns {
    static let insertSQL = """
        INSERT INTO ledgerTransaction (
          importBatchId, source, wallet, externalID, kind, incomeType, timestampText, instant, date, dateOnly,
          sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset, value, feeValue,
          toWallet, lotPicks, note, file, line, contentHash
        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (source, wallet, externalID) DO NOTHING
        """

    /// Binds the parameters of `insertSQL`, in its column order.
    static func bind(_ insert: FastStatement, _ row: ImportedRow, source: String, file: String, batchID: Int64) {
        let transaction = row.transaction
        insert.bind(1, batchID)
        insert.bind(2, source)
        insert.bind(3, transaction.wallet.name)
        insert.bind(4, transaction.id)
        insert.bind(5, transaction.kind.rawValue)
        insert.bind(6, transaction.incomeType?.rawValue)
        insert.bind(7, row.timestampText)
        insert.bind(8, transaction.timestamp.millisecondsSinceEpoch)
        insert.bind(9, transaction.date.description)
        insert.bind(10, row.dateOnly ? 1 : 0)
        insert.bind(11, fixed: transaction.sent?.quantity.fixed)
        insert.bind(12, transaction.sent?.asset.symbol)
        insert.bind(13, fixed: transaction.received?.quantity.fixed)
        insert.bind(14, transaction.received?.asset.symbol)
        insert.bind(15, fixed: transaction.fee?.quantity.fixed)
        insert.bind(16, transaction.fee?.asset.symbol)
        insert.bind(17, fixed: transaction.value?.fixed)
        insert.bind(18, fixed: transaction.feeValue?.fixed)
        insert.bind(19, transaction.toWallet?.name)
        insert.bind(20, encode(transaction.lotPicks))
        insert.bind(21, transaction.note)
        insert.bind(22, transaction.source?.file ?? file)
        insert.bind(23, transaction.source.map { Int64($0.line) })
        insert.bind(24, row.contentHash)
    }

    static let selectSQL = """
        SELECT id, externalID, instant, date, kind, incomeType, wallet,
          sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset, value, feeValue,
          toWallet, lotPicks, note, file, line
        FROM ledgerTransaction
        """

    /// `a;b=0.5`: `LotPick.description` joined by ";", as the Harvest CSV's `lot_ids` column writes them.
    static func encode(_ picks: [LotPick]) -> String { picks.isEmpty ? "" : picks.map(\.description).joined(separator: ";") }

    /// The inverse of `encode`; nil when the text is not a list of picks. A part splits at its last
    /// "=" when what follows is a number, so an id may contain "=" as long as no number follows it.
    static func decode(_ text: String) -> [LotPick]? {
        guard !text.isEmpty else { return [] }
        var picks: [LotPick] = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { return nil }
            if let equals = part.lastIndex(of: "="), let quantity = try? Quantity(parsing: part[part.index(after: equals)...]) {
                picks.append(LotPick(transactionID: String(part[..<equals]), quantity: quantity))
            } else {
                picks.append(LotPick(transactionID: String(part)))
            }
        }
        return picks
    }

    /// Reads rows of `selectSQL`. Keeps the assets and wallets it has met, so a million rows share
    /// a few dozen of each rather than re-normalizing every symbol.
    struct Decoder {
        private var assets: [String: Asset] = [:]
        private var wallets: [String: Wallet] = [:]

        mutating func transaction(_ row: Row) throws -> Transaction {
            let rowID: Int64 = row[0]
            func corrupt(_ column: String, _ value: String) -> StoreError {
                StoreError.corruptRow(table: "ledgerTransaction", rowID: rowID, column: column, value: value)
            }
            let dateText: String = row[3]
            guard let date = CivilDate(iso: dateText) else { throw corrupt("date", dateText) }
            let kindText: String = row[4]
            guard let kind = TransactionKind(rawValue: kindText) else { throw corrupt("kind", kindText) }
            var incomeType: IncomeType?
            if let text = row[5] as String? {
                guard let parsed = IncomeType(rawValue: text) else { throw corrupt("incomeType", text) }
                incomeType = parsed
            }
            func amount(_ index: Int, _ column: String) throws -> Amount? {
                guard let quantityText = row[index] as String?, let symbol = row[index + 1] as String? else { return nil }
                guard let quantity = try? Quantity(parsing: quantityText) else { throw corrupt(column, quantityText) }
                return Amount(quantity, asset(symbol))
            }
            func money(_ index: Int, _ column: String) throws -> Money? {
                guard let text = row[index] as String? else { return nil }
                guard let money = try? Money(parsing: text) else { throw corrupt(column, text) }
                return money
            }
            let sent = try amount(7, "sentQuantity")
            let received = try amount(9, "receivedQuantity")
            let fee = try amount(11, "feeQuantity")
            let value = try money(13, "value")
            let feeValue = try money(14, "feeValue")
            let toWallet = (row[15] as String?).map { wallet($0) }
            let picksText: String = row[16]
            guard let lotPicks = TransactionColumns.decode(picksText) else { throw corrupt("lotPicks", picksText) }
            let line: Int? = row[19]
            return Transaction(
                id: row[1], timestamp: Instant(millisecondsSinceEpoch: row[2]), date: date, sequence: Int(rowID), kind: kind,
                incomeType: incomeType, wallet: wallet(row[6]), sent: sent, received: received, fee: fee, value: value,
                feeValue: feeValue, toWallet: toWallet, lotPicks: lotPicks,
                source: line.map { SourceLocation(file: row[18], line: $0) }, note: row[17])
        }

        private mutating func asset(_ symbol: String) -> Asset {
            if let known = assets[symbol] { return known }
            let asset = Asset(symbol)
            assets[symbol] = asset
            return asset
        }

        private mutating func wallet(_ name: String) -> Wallet {
            if let known = wallets[name] { return known }
            let wallet = Wallet(name)
            wallets[name] = wallet
            return wallet
        }
    }
}
