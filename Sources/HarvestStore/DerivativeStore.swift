internal import GRDB
import HarvestCore

/// The derivatives' tables (migration "v8-derivatives"): the instruments, keyed by symbol, and the derivative events.
/// Year-end marks are not here: they are prices, in the price store, under the instrument's symbol.
enum DerivativeSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-derivatives") { db in
            try db.create(table: "instrument") { t in
                t.primaryKey("symbol", .text)
                t.column("kind", .text).notNull()
                t.column("underlying", .text).notNull()
                t.column("expiry", .text)                  // YYYY-MM-DD
                t.column("strike", .text)                  // Fixed.description
                t.column("optionRight", .text)
                t.column("multiplier", .text).notNull()
                t.column("settlementAsset", .text).notNull()
                t.column("section1256", .boolean).notNull()
            }
            try db.create(table: "derivativeEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("wallet", .text).notNull()
                t.column("externalID", .text).notNull()
                t.column("instrument", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("timestampText", .text).notNull()
                t.column("instant", .integer).notNull()
                t.column("dateOnly", .boolean).notNull()
                t.column("side", .text)
                t.column("contracts", .text)
                t.column("price", .text)
                t.column("fee", .text).notNull()
                t.column("amount", .text)
                t.column("file", .text).notNull()
                t.column("line", .integer)
                t.column("sequence", .integer).notNull()
                t.uniqueKey(["wallet", "externalID"])
            }
        }
    }

    /// Migration "v10-derivative-import-batches", registered after the change log (v9).
    static func registerImportBatches(in migrator: inout DatabaseMigrator) {
        // The import batch each event came in with: `harvest imports undo` removes a file's derivative events with its
        // spot rows. Events stored before this migration have none (their batch is not known) and stay.
        migrator.registerMigration("v10-derivative-import-batches") { db in
            try db.execute(sql: "ALTER TABLE derivativeEvent ADD COLUMN importBatchId INTEGER REFERENCES importBatch(id)")
            try db.execute(sql: "CREATE INDEX derivativeEventByBatch ON derivativeEvent (importBatchId)")
            // Derivative events feed the replay too (a crypto-settled result is a spot acquisition or disposal): any
            // change to them or to an instrument moves the checkpoints' revision, as a ledger change does. No
            // `replayChange` row is written: a revision without one reads as "everything may have changed".
            let bump = "BEGIN UPDATE replayRevision SET revision = revision + 1 WHERE id = 1; END"
            for table in ["derivativeEvent", "instrument"] {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: "CREATE TRIGGER replayRevision_\(table)_\(event.lowercased()) AFTER \(event) ON \(table) \(bump)")
                }
            }
        }
    }
}

/// What storing a file's derivative rows did.
public struct DerivativeImportSummary: Sendable, Equatable {
    public var instrumentsAdded: Int
    public var eventsAdded: Int
    /// Events already stored (same wallet and id).
    public var duplicates: Int
    public init(instrumentsAdded: Int, eventsAdded: Int, duplicates: Int) {
        self.instrumentsAdded = instrumentsAdded
        self.eventsAdded = eventsAdded
        self.duplicates = duplicates
    }
}

extension SQLiteStore {
    /// Stores the instruments and events of one file in one database transaction. An instrument already stored with
    /// other terms is an error naming it; an event already stored (same wallet and id) is skipped.
    public func importDerivatives(_ parsed: ParsedDerivativeRows, file: String) throws -> DerivativeImportSummary {
        try dbQueue.write { db in try Self.insertDerivatives(parsed, file: file, db) }
    }

    /// Stores a file's instruments, derivative events and spot rows in one database transaction, under one import batch
    /// (`harvest imports` lists it; `harvest imports undo` removes all of it): the whole file or, on any error, nothing.
    /// - Parameter source: the batch's source when the file has no spot rows (the derivative format's name).
    public func importWithDerivatives(
        spot: ParsedImport?, derivatives: ParsedDerivativeRows, file: String, source: String, importedAt: String
    ) throws -> (spot: ImportSummary?, derivatives: DerivativeImportSummary) {
        var derivativeSummary = DerivativeImportSummary(instrumentsAdded: 0, eventsAdded: 0, duplicates: 0)
        let rows = spot?.rows ?? []
        var offset = 0
        let summary = try importTransactions(
            source: spot?.source ?? source, file: file, importedAt: importedAt, total: rows.count,
            next: {
                guard offset < rows.count else { return nil }
                let end = min(offset + 50_000, rows.count)
                defer { offset = end }
                return LedgerRows(Array(rows[offset..<end]), file: file)
            },
            duplicatesInFile: { spot?.duplicatesInFile ?? 0 }, progress: nil,
            alongside: { db, batchID in
                derivativeSummary = try Self.insertDerivatives(derivatives, file: file, batchID: batchID, db)
                return (derivativeSummary.eventsAdded, derivativeSummary.duplicates)
            })
        return (spot == nil ? nil : summary, derivativeSummary)
    }

    static func insertDerivatives(
        _ parsed: ParsedDerivativeRows, file: String, batchID: Int64? = nil, _ db: Database
    ) throws -> DerivativeImportSummary {
        do {
            var summary = DerivativeImportSummary(instrumentsAdded: 0, eventsAdded: 0, duplicates: 0)
            let known = try Self.instruments(db)
            for instrument in parsed.instruments {
                if let stored = known[instrument.symbol] {
                    guard stored == instrument else {
                        throw StoreError.rejectedRow(reference: "\(file): instrument \(instrument.symbol)",
                                                     reason: "already stored with other terms (kind, underlying, expiry, strike, multiplier, settlement asset or §1256)")
                    }
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO instrument (symbol, kind, underlying, expiry, strike, optionRight, multiplier, settlementAsset, section1256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [instrument.symbol, instrument.kind.rawValue, instrument.underlying.symbol, instrument.expiry?.description,
                                     instrument.strike?.description, instrument.right?.rawValue, instrument.multiplier.description,
                                     instrument.settlementAsset.symbol, instrument.section1256])
                summary.instrumentsAdded += 1
            }
            let base = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), -1) + 1 FROM derivativeEvent") ?? 0
            // Prepared once, not for each row: compiling the statement (and GRDB's authorizer over it) was nine tenths of a
            // 200,000-event import's time.
            let insert = try db.makeStatement(sql: """
                INSERT INTO derivativeEvent (wallet, externalID, instrument, kind, timestampText, instant, dateOnly, side, contracts, price, fee,
                  amount, file, line, sequence, importBatchId)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (wallet, externalID) DO NOTHING
                """)
            for (offset, row) in parsed.events.enumerated() {
                let event = row.event
                try insert.execute(arguments: [event.wallet.name, event.id, event.instrument, event.kind.rawValue, row.timestampText,
                                               event.timestamp.millisecondsSinceEpoch, row.dateOnly, event.side?.rawValue,
                                               event.contracts?.description, event.price?.description, event.fee.description,
                                               event.amount?.description, file, event.source?.line, base + offset, batchID])
                if db.changesCount > 0 {
                    summary.eventsAdded += 1
                } else {
                    summary.duplicates += 1
                }
            }
            return summary
        }
    }

    /// How many derivative events are stored: commands that show derivatives apart skip them when there are none.
    public func derivativeEventCount() throws -> Int {
        try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM derivativeEvent") ?? 0 }
    }

    /// The stored instruments and events; each event's tax day in `zone` (a bare date keeps the day written).
    /// - Throws: `StoreError.corruptRow` when a stored value does not read back.
    public func loadDerivatives(zone: any CivilTimeZone) throws -> (instruments: [Instrument], events: [DerivativeEvent]) {
        try dbQueue.read { db in
            let instruments = try Self.instruments(db).values.sorted { $0.symbol < $1.symbol }
            var events: [DerivativeEvent] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, wallet, externalID, instrument, kind, timestampText, instant, dateOnly, side, contracts, price, fee, amount, file, line,
                  sequence FROM derivativeEvent ORDER BY instant, sequence
                """)
            while let row = try rows.next() {
                let rowID: Int64 = row["id"]
                func corrupt(_ column: String) -> StoreError {
                    .corruptRow(table: "derivativeEvent", rowID: rowID, column: column, value: (row[column] as String?) ?? "")
                }
                func fixed(_ column: String) throws -> Fixed? {
                    guard let text: String = row[column] else { return nil }
                    guard let value = try? Fixed(parsing: text) else { throw corrupt(column) }
                    return value
                }
                guard let kind = DerivativeEventKind(rawValue: row["kind"]) else { throw corrupt("kind") }
                let side: PositionSide?
                if let text: String = row["side"] {
                    guard let parsed = PositionSide(rawValue: text) else { throw corrupt("side") }
                    side = parsed
                } else {
                    side = nil
                }
                let instant = Instant(millisecondsSinceEpoch: row["instant"])
                let timestampText: String = row["timestampText"]
                let dateOnly: Bool = row["dateOnly"]
                let date: CivilDate
                if dateOnly {
                    guard let written = CivilDate(iso: timestampText.prefix(10)) else { throw corrupt("timestampText") }
                    date = written
                } else {
                    date = zone.date(of: instant)
                }
                let line: Int? = row["line"]
                events.append(DerivativeEvent(
                    id: row["externalID"], timestamp: instant, date: date, sequence: row["sequence"], wallet: Wallet(row["wallet"]),
                    instrument: row["instrument"], kind: kind, side: side, contracts: try fixed("contracts").map(Quantity.init),
                    price: try fixed("price").map(Price.init), fee: Money(try fixed("fee") ?? .zero), amount: try fixed("amount").map(Money.init),
                    source: line.map { SourceLocation(file: row["file"], line: $0) }))
            }
            return (instruments, events)
        }
    }

    static func instruments(_ db: Database) throws -> [String: Instrument] {
        var instruments: [String: Instrument] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT symbol, kind, underlying, expiry, strike, optionRight, multiplier, settlementAsset, section1256 FROM instrument
            """)
        while let row = try rows.next() {
            let symbol: String = row["symbol"]
            func corrupt(_ column: String) -> StoreError {
                .corruptRow(table: "instrument", rowID: 0, column: column, value: "\(symbol): \((row[column] as String?) ?? "")")
            }
            guard let kind = InstrumentKind(rawValue: row["kind"]) else { throw corrupt("kind") }
            var expiry: CivilDate?
            if let text: String = row["expiry"] {
                guard let date = CivilDate(iso: text) else { throw corrupt("expiry") }
                expiry = date
            }
            var strike: Price?
            if let text: String = row["strike"] {
                guard let price = try? Price(parsing: text) else { throw corrupt("strike") }
                strike = price
            }
            let right = (row["optionRight"] as String?).flatMap(OptionRight.init(rawValue:))
            guard let multiplier = try? Quantity(parsing: row["multiplier"] as String) else { throw corrupt("multiplier") }
            do {
                instruments[symbol] = try Instrument(
                    symbol: symbol, kind: kind, underlying: Asset(row["underlying"]), expiry: expiry, strike: strike, right: right,
                    multiplier: multiplier, settlementAsset: Asset(row["settlementAsset"]), section1256: row["section1256"])
            } catch {
                throw corrupt("kind")
            }
        }
        return instruments
    }
}

/// The derivative rows of one file, as the store takes them (`HarvestImport.ParsedDerivatives` without the importer).
public struct ParsedDerivativeRows: Sendable {
    public var instruments: [Instrument]
    public var events: [(event: DerivativeEvent, timestampText: String, dateOnly: Bool)]
    public init(instruments: [Instrument], events: [(event: DerivativeEvent, timestampText: String, dateOnly: Bool)]) {
        self.instruments = instruments
        self.events = events
    }
}
