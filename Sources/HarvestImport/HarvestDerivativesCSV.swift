import HarvestCore

/// A derivative event read from a file, with what a store keeps to replay it under another tax time zone.
public struct ImportedDerivativeEvent: Sendable, Hashable {
    public var event: DerivativeEvent
    public var timestampText: String
    public var dateOnly: Bool
    public init(event: DerivativeEvent, timestampText: String, dateOnly: Bool) {
        self.event = event
        self.timestampText = timestampText
        self.dateOnly = dateOnly
    }
}

/// The derivative rows of a file: the instruments it defines and its events.
public struct ParsedDerivatives: Sendable {
    public var instruments: [Instrument] = []
    public var events: [ImportedDerivativeEvent] = []
    public init(instruments: [Instrument] = [], events: [ImportedDerivativeEvent] = []) {
        self.instruments = instruments
        self.events = events
    }
}

/// The derivative extension of the Harvest CSV (README "Derivatives in the Harvest CSV"): the columns `instrument`,
/// `instrument_kind`, `underlying`, `expiry`, `strike`, `option_type`, `multiplier`, `settlement_asset`, `section_1256`,
/// `side`, `contracts`, `price` and `amount`, and the row types `open`, `close`, `expire`, `exercise`, `assign`,
/// `funding`, `realized` and `settlement`.
///
/// A file with none of these columns is the plain Harvest CSV and is read as before (`HarvestCSV`). A file with them is
/// split: its derivative rows are read here, the others are handed to `HarvestCSV` with the derivative columns taken
/// out and the derivative rows left blank, so every message still names the file's own line.
public enum HarvestDerivativesCSV {
    public static let columns = [
        "instrument", "instrument_kind", "underlying", "expiry", "strike", "option_type", "multiplier", "settlement_asset", "section_1256",
        "side", "contracts", "price", "amount",
    ]
    /// The Harvest CSV columns a derivative row reads too.
    static let sharedColumns: Set<String> = ["timestamp", "type", "wallet", "fee_quantity", "fee_asset", "tx_id", "note"]

    /// Whether the header (the file's first record) is the Harvest CSV's with derivative columns: `timestamp`, `type` and
    /// `instrument` among its columns, and every column one of the Harvest CSV's or of its derivative extension (an
    /// exchange's export with an `amount` or `side` column is not one).
    public static func hasDerivativeColumns(_ text: String) -> Bool {
        var records = CSVReader(text).makeIterator()
        guard let header = records.next() else { return false }
        let names = Set(header.fields.map(normalized))
        let known = Set(HarvestCSV.columns + HarvestCSV.extensionColumns + columns)
        return names.isSuperset(of: ["timestamp", "type", "instrument"]) && names.isSubset(of: known)
    }

    static func normalized(_ name: String) -> String {
        var text = name
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.trimmingSpaces().lowercasedASCII()
    }

    /// Splits a Harvest CSV with derivative columns into the spot rows' text (nil when there are none) and the
    /// derivative rows read.
    /// - Throws: every bad cell of the derivative rows, naming file, line and column.
    public static func split(
        _ text: String, file: String, zone: TaxTimeZone = .utc, defaultWallet: String? = nil, baseCurrency: Asset = .usd
    ) throws(ImportFailure) -> (spotText: String?, derivatives: ParsedDerivatives) {
        var records = CSVReader(text).makeIterator()
        guard let header = records.next() else {
            throw ImportFailure([ImportError(file: file, line: 1, column: "", message: "the file is empty: expected a header line")])
        }
        let names = header.fields.map(normalized)
        var reader = RowReader(file: file, zone: zone, defaultWallet: defaultWallet, baseCurrency: baseCurrency, names: names)
        let derivativeIndices = Set(names.indices.filter { columns.contains(names[$0]) })
        let kept = names.indices.filter { !derivativeIndices.contains($0) }
        var spot = ""
        var spotLine = 1, spotRows = 0
        func write(_ fields: [String], line: Int) {
            while spotLine < line {
                spot += "\n"
                spotLine += 1
            }
            let row = fields.map(quoted).joined(separator: ",")
            spot += row
            spotLine += row.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
        }
        write(kept.map { header.fields[$0] }, line: 1)
        var sequence = 0
        while let record = records.next() {
            guard record.fields.count == names.count else {
                if let type = reader.index["type"], type < record.fields.count,
                   DerivativeEventKind(rawValue: normalized(record.fields[type])) != nil {
                    reader.errors.append(ImportError(file: file, line: record.line, column: "",
                                                     message: "has \(record.fields.count) fields but the header has \(names.count)"))
                    continue
                }
                // The spot reader names the mismatch.
                write(record.fields, line: record.line)
                spotRows += 1
                continue
            }
            let type = reader.index["type"].map { normalized(record.fields[$0]) } ?? ""
            if let kind = DerivativeEventKind(rawValue: type) {
                reader.read(record, kind: kind, sequence: sequence)
                sequence += 1
            } else {
                for index in derivativeIndices.sorted() where !record.fields[index].trimmingSpaces().isEmpty {
                    reader.errors.append(ImportError(file: file, line: record.line, column: names[index],
                                                     message: "is only for derivative rows (open, close, expire, exercise, assign, funding, realized, settlement)"))
                }
                write(kept.map { record.fields[$0] }, line: record.line)
                spotRows += 1
            }
        }
        guard reader.errors.isEmpty else { throw ImportFailure(reader.errors) }
        return (spotRows == 0 ? nil : spot + "\n", ParsedDerivatives(instruments: reader.instrumentOrder.compactMap { reader.instruments[$0] },
                                                                     events: reader.events))
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        var text = "\""
        for character in field {
            if character == "\"" { text += "\"" }
            text.append(character)
        }
        return text + "\""
    }

    struct RowReader {
        let file: String
        let zone: TaxTimeZone
        let defaultWallet: String?
        let baseCurrency: Asset
        let index: [String: Int]
        var errors: [ImportError] = []
        var instruments: [String: Instrument] = [:]
        var instrumentOrder: [String] = []
        var events: [ImportedDerivativeEvent] = []
        var ids: Set<String> = []

        init(file: String, zone: TaxTimeZone, defaultWallet: String?, baseCurrency: Asset, names: [String]) {
            self.file = file
            self.zone = zone
            self.defaultWallet = defaultWallet
            self.baseCurrency = baseCurrency
            var index: [String: Int] = [:]
            for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
            self.index = index
        }

        mutating func read(_ record: CSVReader.Record, kind: DerivativeEventKind, sequence: Int) {
            let line = record.line, file = file, fields = record.fields, index = index
            var problems: [ImportError] = []
            defer { errors += problems }
            func cell(_ name: String) -> String? {
                guard let position = index[name] else { return nil }
                let text = fields[position].trimmingSpaces()
                return text.isEmpty ? nil : text
            }
            func fail(_ column: String, _ message: String) { problems.append(ImportError(file: file, line: line, column: column, message: message)) }
            func number(_ name: String) -> Fixed? {
                guard let text = cell(name) else { return nil }
                do { return try Fixed(parsing: text) } catch {
                    fail(name, "'\(text)' is not a decimal number")
                    return nil
                }
            }
            func date(_ name: String) -> CivilDate? {
                guard let text = cell(name) else { return nil }
                guard let date = CivilDate(iso: text) else {
                    fail(name, "'\(text)' is not a date (YYYY-MM-DD)")
                    return nil
                }
                return date
            }
            guard let timestampText = cell("timestamp") else { return fail("timestamp", "missing timestamp") }
            guard let parsed = Timestamp.parse(timestampText, zone: zone) else {
                return fail("timestamp", "'\(timestampText)' is not an ISO 8601 timestamp (YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with Z or an offset)")
            }
            guard let symbol = cell("instrument") else { return fail("instrument", "a \(kind.rawValue) row needs the instrument's symbol") }
            let walletName = cell("wallet") ?? defaultWallet
            guard let walletName else { return fail("wallet", "missing wallet (or give --wallet)") }
            if let kindText = cell("instrument_kind"),
               let instrument = Self.instrument(symbol, kindText: kindText, baseCurrency: baseCurrency, cell: cell, number: number, date: date, fail: fail) {
                if let known = instruments[symbol] {
                    if known != instrument { fail("instrument", "\(symbol) is defined differently on an earlier line") }
                } else {
                    instruments[symbol] = instrument
                    instrumentOrder.append(symbol)
                }
            }
            let side: PositionSide? = cell("side").flatMap { text in
                let side = PositionSide(rawValue: text.lowercasedASCII())
                if side == nil { fail("side", "'\(text)' is not a side (long or short)") }
                return side
            }
            let contracts = number("contracts").map(Quantity.init)
            let price = number("price").map(Price.init)
            let amount = number("amount").map(Money.init)
            var fee = Money.zero
            if let feeQuantity = number("fee_quantity") {
                let feeAsset = cell("fee_asset").map(Asset.init) ?? baseCurrency
                if feeAsset != baseCurrency {
                    fail("fee_asset", "a derivative row's fee is in the base currency (\(baseCurrency)), not \(feeAsset)")
                }
                fee = Money(feeQuantity)
            }
            switch kind {
            case .open:
                if side == nil && cell("side") == nil { fail("side", "an open row needs a side (long or short)") }
                if cell("contracts") == nil { fail("contracts", "an open row needs the number of contracts") }
                if cell("price") == nil { fail("price", "an open row needs a price (per unit of the underlying)") }
            case .close, .exercise, .assign:
                if cell("contracts") == nil { fail("contracts", "a \(kind.rawValue) row needs the number of contracts") }
                if kind == .close && cell("price") == nil { fail("price", "a close row needs a price (per unit of the underlying)") }
            case .funding:
                if cell("amount") == nil { fail("amount", "a funding row needs an amount (positive received, negative paid)") }
            case .realized:
                if cell("amount") == nil { fail("amount", "a realized row needs an amount (positive a profit, negative a loss)") }
            case .settlement:
                if cell("price") == nil { fail("price", "a settlement row needs a price") }
            case .expire: break
            }
            if let contracts, !contracts.isPositive { fail("contracts", "must be positive, not \(contracts)") }
            if fee.isNegative { fail("fee_quantity", "must not be negative") }
            guard problems.isEmpty else { return }
            let id = cell("tx_id") ?? "h" + StableHash.hex(of: record.fields.joined(separator: "\u{1F}"))
            guard ids.insert(walletName + "\u{1F}" + id).inserted else { return fail("tx_id", "'\(id)' is used by another row of wallet \(walletName)") }
            let event = DerivativeEvent(
                id: id, timestamp: parsed.instant, date: parsed.dateOnly ? parsed.writtenDate : zone.date(of: parsed.instant), sequence: sequence,
                wallet: Wallet(walletName), instrument: symbol, kind: kind, side: side, contracts: contracts, price: price, fee: fee, amount: amount,
                source: SourceLocation(file: file, line: line))
            events.append(ImportedDerivativeEvent(event: event, timestampText: timestampText, dateOnly: parsed.dateOnly))
        }

        static func instrument(
            _ symbol: String, kindText: String, baseCurrency: Asset, cell: (String) -> String?, number: (String) -> Fixed?,
            date: (String) -> CivilDate?, fail: (String, String) -> Void
        ) -> Instrument? {
            guard let kind = InstrumentKind(rawValue: kindText.lowercasedASCII()) else {
                fail("instrument_kind", "'\(kindText)' is not an instrument kind (future, perpetual, option)")
                return nil
            }
            guard let underlying = cell("underlying") else {
                fail("underlying", "an instrument needs its underlying asset")
                return nil
            }
            let right: OptionRight? = cell("option_type").flatMap { text in
                let right = OptionRight(rawValue: text.lowercasedASCII())
                if right == nil { fail("option_type", "'\(text)' is not call or put") }
                return right
            }
            var section1256 = false
            if let text = cell("section_1256") {
                switch text.lowercasedASCII() {
                case "yes", "true", "1": section1256 = true
                case "no", "false", "0": section1256 = false
                default:
                    fail("section_1256", "'\(text)' is not yes or no")
                    return nil
                }
            }
            do {
                return try Instrument(
                    symbol: symbol, kind: kind, underlying: Asset(underlying), expiry: date("expiry"), strike: number("strike").map(Price.init),
                    right: right, multiplier: number("multiplier").map(Quantity.init) ?? 1,
                    settlementAsset: cell("settlement_asset").map(Asset.init) ?? baseCurrency, section1256: section1256)
            } catch {
                fail("instrument_kind", error.description)
                return nil
            }
        }
    }
}
