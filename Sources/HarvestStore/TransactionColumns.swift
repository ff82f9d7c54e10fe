internal import GRDB
import HarvestCore

/// How a `Transaction` maps to a `ledgerTransaction` row and back (STYLE.md §14: the persistence
/// shape mirrors the domain type inside the store module).
///
/// The hot paths (a million rows per import or load) bind and read columns by position through one
/// prepared statement, so the column lists here and the argument and read orders below must agree.
enum TransactionColumns {
    /// Inserts `rows` rows at once (one statement's start and end for several rows). Parameters 1 and 2 (the import
    /// batch and the source) are shared; row `k`'s columns are parameters `3 + 25k` to `27 + 25k`
    /// (`LedgerRows.columnCount` per row).
    static func insertSQL(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let first = Int(LedgerRows.firstParameter) + row * LedgerRows.columnCount
            return "(?1, ?2, " + (first..<first + LedgerRows.columnCount).map { "?\($0)" }.joined(separator: ", ") + ")"
        }
        return """
            INSERT INTO ledgerTransaction (
              importBatchId, source, wallet, externalID, kind, incomeType, timestampText, instant, date, dateOnly,
              sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset, value, feeValue,
              toWallet, lotPicks, note, file, line, contentHash, localTime, valueCurrency, chainTx
            ) VALUES \(values.joined(separator: ", "))
            ON CONFLICT (source, wallet, externalID) DO NOTHING
            """
    }

    static let selectSQL = """
        SELECT id, externalID, instant, date, kind, incomeType, wallet,
          sentQuantity, sentAsset, receivedQuantity, receivedAsset, feeQuantity, feeAsset, value, feeValue,
          toWallet, lotPicks, note, file, line, dateOnly, localTime, valueCurrency, chainTx
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
    ///
    /// With a `zone`, each row's tax day (and, for a time written without an offset, its instant) is the one in that
    /// zone, whatever zone was in force at import; with a `baseCurrency`, a value written in another currency is
    /// dropped (the replay prices the row instead). Without them the row reads as stored.
    struct Decoder {
        private var assets: [String: Asset] = [:]
        private var wallets: [String: Wallet] = [:]
        var zone: (any CivilTimeZone)?
        var baseCurrency: Asset?

        init(zone: (any CivilTimeZone)? = nil, baseCurrency: Asset? = nil) {
            self.zone = zone
            self.baseCurrency = baseCurrency
        }

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
            var value = try money(13, "value")
            var feeValue = try money(14, "feeValue")
            if let baseCurrency, let currency = row[22] as String?, currency != baseCurrency.symbol {
                value = nil
                feeValue = nil
            }
            var instant = Instant(millisecondsSinceEpoch: row[2])
            var day = date
            if let zone {
                let dateOnly: Bool = row[20]
                let local: Int64? = row[21]
                if let local { instant = zone.instant(localMilliseconds: local) }
                // A bare date is its own tax day in every zone.
                if !dateOnly { day = zone.date(of: instant) }
            }
            let toWallet = (row[15] as String?).map { wallet($0) }
            let picksText: String = row[16]
            guard let lotPicks = TransactionColumns.decode(picksText) else { throw corrupt("lotPicks", picksText) }
            let line: Int? = row[19]
            return Transaction(
                id: row[1], timestamp: instant, date: day, sequence: Int(rowID), kind: kind,
                incomeType: incomeType, wallet: wallet(row[6]), sent: sent, received: received, fee: fee, value: value,
                feeValue: feeValue, toWallet: toWallet, lotPicks: lotPicks,
                source: line.map { SourceLocation(file: row[18], line: $0) }, note: row[17], chainTransaction: row[23])
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
