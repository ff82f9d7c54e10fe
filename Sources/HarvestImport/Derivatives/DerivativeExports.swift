import HarvestCore

/// An exchange's derivatives export (README "Derivatives from exchange exports"): recognized by its header like the
/// spot formats, read by its own rules (one file per exchange in this folder) into instruments, derivative events and
/// the spot movements they imply (deposits and withdrawals of the derivatives wallet).
public struct DerivativeExportFormat: Sendable {
    /// The `--format` name.
    public let name: String
    public let title: String
    /// The wallet the rows go to when `--wallet` is not given.
    public let defaultWallet: String
    /// The headers the exchange writes (every layout known), each as its column names: any one identifies the export.
    public let headers: [[String]]
    /// Reads one row (not the header) into `reader`.
    let read: @Sendable (_ row: ExportRow, _ reader: inout DerivativeExportReader) -> Void
    /// Looks over every row before any is read (BitMEX and Binance decide a symbol's settlement asset from all its rows).
    let survey: (@Sendable (_ rows: [ExportRow], _ reader: inout DerivativeExportReader) -> Void)?
    /// The source the file's spot rows are stored under (their dedupe key: README "Derivatives from exchange exports"):
    /// the spot format's name where the export is also a spot format's file (OKX's trading history), so that rows
    /// imported before under that format are not imported again; this export's name otherwise.
    public let spotSource: String

    init(
        name: String, title: String, defaultWallet: String, headers: [[String]], spotSource: String? = nil,
        survey: (@Sendable (_ rows: [ExportRow], _ reader: inout DerivativeExportReader) -> Void)? = nil,
        read: @escaping @Sendable (_ row: ExportRow, _ reader: inout DerivativeExportReader) -> Void
    ) {
        self.name = name
        self.title = title
        self.defaultWallet = defaultWallet
        self.headers = headers
        self.spotSource = spotSource ?? name
        self.survey = survey
        self.read = read
    }

    /// Whether `fields` (a header line) is one of this export's headers: the same columns, in any order.
    func isHeader(_ fields: [String]) -> Bool {
        let have = fields.map(normalizedColumn).filter { !$0.isEmpty }
        return headers.contains { Set($0.map(normalizedColumn)) == Set(have) && $0.count == have.count }
    }
}

/// The exchanges' derivatives exports Harvest reads.
public enum DerivativeExports {
    public static let all: [DerivativeExportFormat] = [
        Deribit.format, BitMEX.format, BybitDerivatives.format, BybitClosedPnL.format, BinanceFutures.format, KrakenFutures.format,
        OKXDerivatives.format,
    ]

    public static func named(_ name: String) -> DerivativeExportFormat? { all.first { $0.name == name.lowercased() } }

    /// The export whose header is the first line of `text` (a byte-order mark and blank lines passed over).
    public static func detect(_ text: String) -> DerivativeExportFormat? {
        var records = CSVReader(text).makeIterator()
        while let record = records.next() {
            if record.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            return all.first { $0.isHeader(record.fields) }
        }
        return nil
    }

    /// Reads a whole export: every bad cell is reported (file, line, column) and then nothing is returned.
    /// - Parameters:
    ///   - zone: the tax time zone: the tax day of each row, and the clock of exports that write no zone (BitMEX).
    public static func parse(
        _ text: String, file: String, format: DerivativeExportFormat, zone: TaxTimeZone = .utc, wallet: String? = nil
    ) throws(ImportFailure) -> ParsedDerivativeExport {
        var records = CSVReader(text).makeIterator()
        var header: CSVReader.Record?
        while let record = records.next() {
            if record.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            header = record
            break
        }
        guard let header else {
            throw ImportFailure([ImportError(file: file, line: 1, column: "", message: "the file is empty: expected the \(format.title) header")])
        }
        guard format.isHeader(header.fields) else {
            throw ImportFailure([ImportError(file: file, line: header.line, column: "", message: "the header is not \(format.title)'s: expected "
                + format.headers.map { $0.joined(separator: ",") }.joined(separator: " or "))])
        }
        // A name the header repeats (OKX's two `Unit` columns) is found by `Unit #2` for its second column.
        var index: [String: Int] = [:]
        var occurrences: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let key = normalizedColumn(name)
            occurrences[key, default: 0] += 1
            let occurrence = occurrences[key] ?? 1
            index[occurrence == 1 ? key : normalizedColumn("\(name) #\(occurrence)")] = position
        }
        var rows: [ExportRow] = []
        var reader = DerivativeExportReader(file: file, format: format.name, wallet: Wallet(wallet ?? format.defaultWallet), zone: zone)
        reader.spotSource = format.spotSource
        reader.header = header.fields
        while let record = records.next() {
            if record.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            guard record.fields.count == header.fields.count else {
                reader.fail(line: record.line, column: "", "has \(record.fields.count) fields but the header has \(header.fields.count)")
                continue
            }
            rows.append(ExportRow(line: record.line, fields: record.fields, index: index))
        }
        format.survey?(rows, &reader)
        for row in rows { format.read(row, &reader) }
        guard reader.errors.isEmpty else { throw ImportFailure(reader.errors) }
        return reader.result
    }
}

/// What an export held: spot rows (deposits, withdrawals, fees in another asset) and the derivative rows.
public struct ParsedDerivativeExport: Sendable {
    public var spot: ParsedImport
    public var derivatives: ParsedDerivatives
}

/// One data row of an export, its cells found by column name.
struct ExportRow: Sendable {
    let line: Int
    let fields: [String]
    let index: [String: Int]

    /// The cell of the first of `columns` the header has, trimmed; "" when none is present or the cell is empty.
    func text(_ columns: String...) -> String {
        for column in columns {
            if let position = index[normalizedColumn(column)], position < fields.count { return fields[position].trimmingSpaces() }
        }
        return ""
    }

    func has(_ column: String) -> Bool { index[normalizedColumn(column)] != nil }

    /// The row's content, for an id where the exchange gives none.
    var contentHash: String { StableHash.hex(of: fields.joined(separator: "\u{1F}")) }
}

/// Collects what the rows of one export become, and the errors.
struct DerivativeExportReader {
    let file: String
    let format: String
    let wallet: Wallet
    let zone: TaxTimeZone
    var instruments: [String: Instrument] = [:]
    var instrumentOrder: [String] = []
    var events: [ImportedDerivativeEvent] = []
    var spotRows: [ImportedRow] = []
    var errors: [ImportError] = []
    var skipped: [String: Int] = [:]
    var duplicatesInFile = 0
    var eventIDs: Set<String> = []
    var spotIDs: Set<String> = []
    /// Values the survey found (a symbol's settlement asset, a file's currency).
    var notes: [String: String] = [:]
    /// The source the spot rows are stored under (`DerivativeExportFormat.spotSource`).
    var spotSource: String
    /// The header's cells as written (for a survey that hands rows to a spot format).
    var header: [String] = []

    init(file: String, format: String, wallet: Wallet, zone: TaxTimeZone) {
        self.file = file
        self.format = format
        self.wallet = wallet
        self.zone = zone
        spotSource = format
    }

    var result: ParsedDerivativeExport {
        ParsedDerivativeExport(
            spot: ParsedImport(source: spotSource, rows: spotRows, duplicatesInFile: duplicatesInFile, skipped: skipped),
            derivatives: ParsedDerivatives(instruments: instrumentOrder.compactMap { instruments[$0] }, events: events))
    }

    mutating func fail(line: Int, column: String, _ message: String) {
        errors.append(ImportError(file: file, line: line, column: column, message: message))
    }

    mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

    /// A decimal number in `column` (thousands separators not accepted); nil with an error when it is not one, nil
    /// without one when the cell is empty and `required` is false.
    mutating func number(_ row: ExportRow, _ column: String, required: Bool = true) -> Fixed? {
        let text = row.text(column)
        if text.isEmpty || text == "null" || text == "-" {
            if required { fail(line: row.line, column: column, "missing number") }
            return nil
        }
        do { return try Fixed(parsing: text, roundingExcessDigits: .halfEven) } catch {
            fail(line: row.line, column: column, "'\(text)' is not a decimal number")
            return nil
        }
    }

    /// The row's time: ISO text for the store, the instant and the tax day. `utc`: the exchange writes UTC (else the
    /// wall-clock time in the tax time zone).
    mutating func time(_ row: ExportRow, _ column: String, utc: Bool) -> (text: String, instant: Instant, date: CivilDate)? {
        let written = row.text(column)
        guard let iso = ExportTime.iso(written) else {
            fail(line: row.line, column: column, "'\(written)' is not a time this export writes (YYYY-MM-DD hh:mm:ss, YY-MM-DD hh:mm:ss, "
                + "M/D/YYYY, h:mm:ss AM, hh:mm YYYY-MM-DD, or milliseconds since 1970)")
            return nil
        }
        let text = utc && !iso.hasOffset ? iso.text + "Z" : iso.text
        guard let parsed = Timestamp.parse(text, zone: zone) else {
            fail(line: row.line, column: column, "'\(written)' is not a valid time")
            return nil
        }
        return (text, parsed.instant, zone.date(of: parsed.instant))
    }

    /// Adds `instrument` the first time its symbol is seen; a symbol seen again with other terms is an error.
    mutating func define(_ instrument: Instrument, line: Int, column: String) {
        if let known = instruments[instrument.symbol] {
            if known != instrument {
                fail(line: line, column: column, "\(instrument.symbol) settles in \(instrument.settlementAsset) here but in "
                    + "\(known.settlementAsset) on an earlier line")
            }
            return
        }
        instruments[instrument.symbol] = instrument
        instrumentOrder.append(instrument.symbol)
    }

    /// Adds a derivative event; one whose id the file already used is counted as a duplicate of the file.
    mutating func add(
        _ row: ExportRow, id: String, time: (text: String, instant: Instant, date: CivilDate), instrument: String, kind: DerivativeEventKind,
        side: PositionSide? = nil, contracts: Quantity? = nil, price: Price? = nil, fee: Money = .zero, amount: Money? = nil
    ) {
        guard eventIDs.insert(id).inserted else {
            duplicatesInFile += 1
            return
        }
        let event = DerivativeEvent(
            id: id, timestamp: time.instant, date: time.date, sequence: events.count, wallet: wallet, instrument: instrument, kind: kind,
            side: side, contracts: contracts, price: price, fee: fee, amount: amount, source: SourceLocation(file: file, line: row.line))
        events.append(ImportedDerivativeEvent(event: event, timestampText: time.text, dateOnly: false))
    }

    /// Adds a spot movement of the wallet: `quantity` of `asset` in (positive: a deposit) or out (negative: a
    /// withdrawal, `fee` paid on top), or a `spend` of it (a fee paid in an asset the contract does not settle in).
    mutating func addSpot(
        _ row: ExportRow, id: String, time: (text: String, instant: Instant, date: CivilDate), asset: Asset, quantity: Fixed,
        fee: Fixed = .zero, spend: Bool = false, note: String
    ) {
        guard spotIDs.insert(id).inserted else {
            duplicatesInFile += 1
            return
        }
        let incoming = quantity.isPositive && !spend
        let units = Amount(Quantity(quantity.isNegative ? -quantity : quantity), asset)
        let kind: TransactionKind = spend ? .spend : incoming ? .deposit : .withdrawal
        let transaction = Transaction(
            id: id, timestamp: time.instant, date: time.date, sequence: spotRows.count, kind: kind, wallet: wallet,
            sent: incoming ? nil : units, received: incoming ? units : nil, fee: fee.isZero ? nil : Amount(Quantity(fee), asset),
            source: SourceLocation(file: file, line: row.line), note: note)
        var hasher = StableHash()
        for part in [kind.rawValue, wallet.name, time.text, asset.symbol, quantity.description, fee.description, note] { hasher.combine(part) }
        spotRows.append(ImportedRow(transaction: transaction, timestampText: time.text, dateOnly: false, contentHash: hasher.hex))
    }
}

/// The times derivatives exports write, turned into ISO 8601 text.
enum ExportTime {
    /// `2024-03-01 08:00:00(.123)`, `2024-03-01T08:00:00Z`, `24-03-01 08:00:00` (Binance), `3/1/2024, 8:00:00 AM`
    /// (BitMEX), `1709280000000` (milliseconds since 1970): ISO text, and whether it carries an offset.
    static func iso(_ written: String) -> (text: String, hasOffset: Bool)? {
        let text = written.trimmingSpaces()
        if text.count == 13, text.allSatisfy({ $0.isASCII && $0.isNumber }), let milliseconds = Int64(text) {
            let instant = Instant(millisecondsSinceEpoch: milliseconds)
            let date = instant.date()
            let inDay = milliseconds - Int64(date.daysSinceEpoch) * 86_400_000
            let seconds = inDay / 1000, fraction = inDay % 1000
            return ("\(date)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).\(three(fraction))Z", true)
        }
        if text.contains("/") { return americanTime(text) }
        if let clockFirst = clockFirstTime(text) { return (clockFirst, false) }
        var body = text
        if body.count >= 8, body.dropFirst(2).first == "-", body.first?.isNumber == true, body.dropFirst(5).first == "-" {
            body = "20" + body  // Binance's yy-MM-dd
        }
        let hasOffset = body.hasSuffix("Z") || body.hasSuffix("z") || body.dropFirst(19).contains("+") || body.dropFirst(19).contains("-")
        return (body.replacingSpaceSeparator(), hasOffset)
    }

    /// `12/25/2019, 7:00:00 AM` (month first, as BitMEX's export writes it).
    static func americanTime(_ text: String) -> (text: String, hasOffset: Bool)? {
        let parts = text.split(separator: ",", maxSplits: 1).map { String($0).trimmingSpaces() }
        let dateParts = (parts.first ?? "").split(separator: "/")
        guard dateParts.count == 3, let month = Int(dateParts[0]), let day = Int(dateParts[1]), let year = Int(dateParts[2]),
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        guard parts.count == 2 else { return ("\(date)T00:00:00", false) }
        let clock = parts[1].split(separator: " ")
        let hms = (clock.first ?? "").split(separator: ":").map { Int($0) }
        guard hms.count >= 2, hms.allSatisfy({ $0 != nil }), var hour = hms[0], let minute = hms[1], minute < 60 else { return nil }
        let second = hms.count > 2 ? (hms[2] ?? 0) : 0
        guard second < 60 else { return nil }
        if clock.count == 2 {
            let meridiem = clock[1].uppercased()
            guard (1...12).contains(hour), meridiem == "AM" || meridiem == "PM" else { return nil }
            hour = hour % 12 + (meridiem == "PM" ? 12 : 0)
        }
        guard hour < 24 else { return nil }
        return ("\(date)T\(two(Int64(hour))):\(two(Int64(minute))):\(two(Int64(second)))", false)
    }

    /// `12:00 2026-01-10` or `12:00:30 2026-01-10` (the clock first, as Bybit's closed P&L export writes it).
    static func clockFirstTime(_ text: String) -> String? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0].contains(":"), !parts[1].contains(":") else { return nil }
        let clock = parts[0].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        let day = parts[1].split(separator: "-").map { Int($0) }
        guard (2...3).contains(clock.count), let hour = clock[0], let minute = clock[1], hour < 24, minute < 60,
              day.count == 3, parts[1].prefix(4).allSatisfy(\.isNumber), let year = day[0], let month = day[1], let dayOfMonth = day[2],
              let date = CivilDate(year: year, month: month, day: dayOfMonth) else { return nil }
        let second = clock.count == 3 ? clock[2] : 0
        guard let second, second < 60 else { return nil }
        return "\(date)T\(two(Int64(hour))):\(two(Int64(minute))):\(two(Int64(second)))"
    }

    static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    static func three(_ value: Int64) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
}

extension String {
    /// `2024-03-01 08:00:00` → `2024-03-01T08:00:00` (the date and time separated by one space).
    func replacingSpaceSeparator() -> String {
        guard count > 10, let index = self.index(startIndex, offsetBy: 10, limitedBy: endIndex), self[index] == " " else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: "T")
        return copy
    }
}

/// Naming rules shared by the exchanges' symbols.
enum ContractSymbols {
    static let months = ["JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12]

    /// `27DEC24` or `5JAN24` → the day.
    static func dayMonthYear(_ text: some StringProtocol) -> CivilDate? {
        let letters = text.drop { $0.isNumber }
        let dayText = text.prefix { $0.isNumber }
        let monthText = letters.prefix { $0.isLetter }
        let yearText = letters.drop { $0.isLetter }
        guard (1...2).contains(dayText.count), monthText.count == 3, yearText.count == 2, yearText.allSatisfy(\.isNumber),
              let day = Int(dayText), let month = months[monthText.uppercased()], let year = Int(yearText) else { return nil }
        return CivilDate(year: 2000 + year, month: month, day: day)
    }

    /// `240329` (YYMMDD, Binance's quarterly futures) → the day.
    static func yymmdd(_ text: some StringProtocol) -> CivilDate? {
        guard text.count == 6, text.allSatisfy(\.isNumber), let value = Int(text) else { return nil }
        return CivilDate(year: 2000 + value / 10_000, month: value / 100 % 100, day: value % 100)
    }

    /// The quote assets exchanges append to a perpetual's underlying (`BTCUSDT`, `ETHUSD`), longest first.
    static let quotes = ["FDUSD", "USDT", "USDC", "BUSD", "USD"]

    /// `BTCUSDT` → `BTC`; `XBTUSD` → `BTC` (BitMEX writes XBT); nil when no quote ends it.
    static func underlying(of pair: some StringProtocol) -> Asset? {
        for quote in quotes where pair.hasSuffix(quote) && pair.count > quote.count {
            let base = String(pair.dropLast(quote.count))
            return Asset(base == "XBT" ? "BTC" : base)
        }
        return nil
    }
}
