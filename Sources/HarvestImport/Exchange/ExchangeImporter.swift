import Dispatch
import Foundation
import HarvestCore

/// Reads an exchange's or wallet's export with its `ExchangeFormat`: rows to events, events to
/// transactions. Every bad cell is reported (`file:line: column: message`); any error rejects the file.
public enum ExchangeImporter {
    public struct Options: Sendable {
        /// The tax time zone: a transaction's tax day is its day there.
        public var zone: TaxTimeZone
        /// The wallet of every row; the format's default when nil.
        public var wallet: String?
        /// Values the exchange gives in this currency are kept; others are left to the price store.
        public var baseCurrency: Asset
        /// The wallet's own address, for block-explorer exports; inferred when nil.
        public var address: String?
        /// Read large files on two threads (the result is the same either way). `stream` reads on one: its caller's
        /// other thread writes.
        public var parallel = true

        public init(zone: TaxTimeZone = .utc, wallet: String? = nil, baseCurrency: Asset = .usd, address: String? = nil) {
            self.zone = zone
            self.wallet = wallet
            self.baseCurrency = baseCurrency
            self.address = address
        }
    }

    /// A leg read from a row: a signed quantity of an asset (negative goes out), or a fee.
    struct Leg {
        var asset: Asset
        var quantity: Fixed
        var isFee: Bool
        /// The row it came from (its value apportions split events).
        var row: Int
    }

    /// One row, or rows combined, before it becomes transactions.
    struct Event {
        var line: Int
        var timestampText: String
        var instant: Instant
        var date: CivilDate
        var dateOnly: Bool
        var hasOffset: Bool
        var writtenMilliseconds: Int64
        /// The wall-clock time as written when it was read in the tax time zone (`ImportedRow.localMilliseconds`).
        var localMilliseconds: Int64?
        var action: FormatSpec.Action
        var typeText: String
        var legs: [Leg]
        /// The exchange's fiat value of each row, with its currency.
        var values: RowValues
        var id: String?
        var note: String
        /// One of several events read from one row (`Action.then`): dropped silently when its legs cancel out.
        var quiet = false
        /// The row's wallet from the format's `walletColumn`, when it names one.
        var wallet: String?
        /// The values of the `group` columns, for rows that combine.
        var groupKey: String?
        /// The on-chain transaction's hash, for block explorers (`FormatSpec.chainTx`).
        var chainTransaction: String?
    }

    /// Whether `format`'s files can be read in chunks (`stream`): rows that stand alone, or rows joined by a group id
    /// (Coinbase's two-row Converts, Kraken's ledger, Binance's rows of one second), which are held until their group is
    /// complete.
    public static func canStream(_ format: ExchangeFormat) -> Bool {
        Reader(format: format, file: "", options: Options()).streamable
    }

    /// Rows of one group (one trade's rows, under one id) more than this many rows apart make a streamed reading give up
    /// (`GroupsTooFarApart`): a group is held this long after its last row before its transactions are handed over.
    public static let groupHorizonRows = 1_000

    /// `stream` met a row of a group it had already handed over (the group's rows lie more than
    /// `groupHorizonRows` rows apart): the file must be read whole (`parse`). The caller rolls back what it wrote.
    public struct GroupsTooFarApart: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var description: String { "line \(line) joins a group whose rows were handed over already: read the file whole" }
    }

    /// Reads a file in chunks of `chunkRows` rows, handing each chunk's rows to `emit` (from the calling
    /// thread) while the file has no error; throws the file's errors, all of them, at the end. The caller
    /// writes the chunks in one database transaction and rolls it back when this throws. Only for formats
    /// that `canStream`. Returns the duplicates within the file and the rows skipped, by reason.
    /// - Parameter groupHorizonRows: how many rows after a group's last row the group is taken to be complete.
    public static func stream(
        _ text: String, file: String, format: ExchangeFormat, headerLine: Int? = nil, options: Options, chunkRows: Int = 100_000,
        groupHorizonRows: Int = ExchangeImporter.groupHorizonRows, emit: ([ImportedRow]) throws -> Void
    ) throws -> (duplicatesInFile: Int, skipped: [String: Int]) {
        let reader = Reader(format: format, file: file, options: options)
        reader.groupHorizonRows = groupHorizonRows
        precondition(reader.streamable, "\(format.name) rows need the whole file: use parse")
        let result = try reader.stream(text, headerLine: headerLine, chunkRows: chunkRows, emit: emit)
        return (result.duplicates, result.skipped)
    }

    public static func parse(
        _ text: String, file: String, format: ExchangeFormat, headerLine: Int? = nil, options: Options
    ) throws(ImportFailure) -> ParsedImport {
        let reader = Reader(format: format, file: file, options: options)
        try reader.read(text, headerLine: headerLine)
        return try reader.finish()
    }
}

/// The state of one file's reading. A class: its per-row helpers are called a million times from methods that
/// change its state, and on a struct each such call could copy the whole state.
final class Reader {
    typealias Event = ExchangeImporter.Event
    typealias Leg = ExchangeImporter.Leg

    let format: ExchangeFormat
    let file: String
    let options: ExchangeImporter.Options
    /// The format's spec, held once.
    let spec: FormatSpec

    var errors: [ImportError] = []
    /// The step that found each error (`phase` then): reading a row, making an event's transactions, settling them. A line's
    /// errors are listed step by step, as the whole file's reading finds them (all rows read, then all made, then all
    /// settled), also when a streamed reading takes each event through every step in turn.
    var errorPhases: [UInt8] = []
    var phase: UInt8 = 0
    /// Whether a problem with the file's asset (`assetOfFile`) has been reported.
    var fileAssetReported = false
    /// Types the format does not know, as written, with the lines of their rows.
    var unknownTypes: [String: [Int]] = [:]
    var events: [Event] = []
    var groups: [String: Int] = [:]
    /// With `groupWindow`: the time of the first row of each key's last event.
    var groupStarts: [String: Instant] = [:]
    var skipped: [String: Int] = [:]
    var header: [String] = []
    var columns: [String: [Int]] = [:]
    var zones: [String: TaxTimeZone] = [:]
    /// Ids seen so far in the file (by their 128-bit `StableHash`, so a million ids cost no strings), with their
    /// line and content hash; content hashes numbered so far; duplicates. Two different ids or contents would have
    /// to share 128 bits of hash to be confused (odds about 10⁻²⁷ for a million rows).
    var seen: [UInt128: (line: Int, hash: UInt128)] = [:]
    var occurrences: [UInt128: Int] = [:]
    var duplicates = 0
    var owner: String?
    var walletName = ""
    /// Streaming a format whose rows stand alone: each event becomes rows as soon as it is read (into `output`),
    /// rather than being kept in `events`.
    var immediate = false
    var output: [ImportedRow] = []
    /// The file's text and its header's line, and what its re-saved dates say of their order once asked
    /// (`SpreadsheetDates`).
    var sourceText = ""
    var sourceHeaderLine = 0
    var spreadsheetDecision: SpreadsheetDates.Decision?

    init(format: ExchangeFormat, file: String, options: ExchangeImporter.Options) {
        self.format = format
        self.spec = format.spec
        self.file = file
        self.options = options
    }

    // MARK: - Columns

    /// The type column(s) as messages name them.
    var typeColumn: String { spec.type.columns?.joined(separator: "/") ?? "type" }

    /// Positions already resolved, by reference (a file's rows ask for the same few columns a million times).
    final class ColumnCache {
        var positions: [String: Int?] = [:]
        /// Symbols as written → assets, aliases and suffixes applied (a file names the same few assets).
        var assets: [String: String] = [:]
        var actions: [String: FormatSpec.Action?] = [:]
        var legs: [[String]: [Int]] = [:]
        var checked: [String: Asset?] = [:]
        var templates: [String: [(position: Int, name: String, asset: String)]] = [:]
    }

    /// The header's columns matching a template (`{asset} Subtotal`), with the asset each names: found once per file, not
    /// once per row (matching a million rows' worth of column names cost a Coinbase import 50 s).
    func templateColumns(_ template: String) -> [(position: Int, name: String, asset: String)] {
        if let known = cache.templates[template] { return known }
        let found = header.enumerated().compactMap { position, name in
            TextPattern.templateAsset(template, name).map { (position, name, $0) }
        }
        cache.templates[template] = found
        return found
    }

    /// The legs (indices into `spec.legs`) an action reads, remembered per action.
    func selectedLegs(_ action: FormatSpec.Action) -> [Int] {
        let key = action.legs ?? ["\u{1E}"]
        if let known = cache.legs[key] { return known }
        let selected = spec.legs.indices.filter { index in
            let leg = spec.legs[index]
            return action.legs.map { $0.contains(leg.name ?? "") } ?? (leg.name.map { !$0.hasPrefix("?") } ?? true)
        }
        cache.legs[key] = selected
        return selected
    }

    /// An asset for a symbol, checked once per symbol: nil when it is not a symbol.
    func checkedAsset(_ symbol: String) -> Asset? {
        if let known = cache.checked[symbol] { return known }
        let asset = Reader.isSymbol(symbol) ? Asset(symbol) : nil
        cache.checked[symbol] = asset
        return asset
    }

    /// The action for a type as written, remembered (a file has few types and many rows).
    func actionCache(_ typeText: String) -> FormatSpec.Action? {
        if let known = cache.actions[typeText] { return known }
        let action = format.action(forType: typeText.lowercased())
        cache.actions[typeText] = action
        return action
    }

    /// `format.asset(raw)`, remembered.
    func symbol(_ raw: String) -> String {
        if let known = cache.assets[raw] { return known }
        let symbol = format.asset(raw)
        cache.assets[raw] = symbol
        return symbol
    }
    var cache = ColumnCache()

    /// A column's position: `Name`, `Name#2` (its second occurrence), or `A|B` (the first present).
    func index(_ reference: String) -> Int? {
        if let known = cache.positions[reference] { return known }
        let found = resolve(reference)
        cache.positions[reference] = found
        return found
    }

    private func resolve(_ reference: String) -> Int? {
        if reference.utf8.contains(UInt8(ascii: "|")) {
            for alternative in reference.split(separator: "|") {
                if let found = resolve(String(alternative)) { return found }
            }
            return nil
        }
        // `Name*`: the first column whose name begins so (`Filled Time*` for `Filled Time(UTC+08:00)`).
        if reference.hasSuffix("*") {
            let prefix = normalizedColumn(reference.dropLast())
            return header.firstIndex { normalizedColumn($0).hasPrefix(prefix) }
        }
        let column = ColumnReference(reference)
        guard let positions = columns[normalizedColumn(column.name)], column.occurrence <= positions.count else { return nil }
        return positions[column.occurrence - 1]
    }

    /// A column as messages name it: the file's own name for a reference with alternatives (`UTC_Time|Time`).
    func displayName(_ reference: String) -> String {
        guard reference.contains("|"), let position = index(reference), position < header.count else { return reference }
        return header[position]
    }

    /// The file's errors in line order (each line's in the order found): rows' errors and those reported once the file was read.
    func sortedErrors() -> [ImportError] {
        errors.indices.sorted { (errors[$0].line, errorPhases[$0], $0) < (errors[$1].line, errorPhases[$1], $1) }.map { errors[$0] }
    }

    func cell(_ fields: [String], _ reference: String?) -> String {
        cell(fields, at: reference.flatMap(index))
    }

    /// The cell at a resolved position (`positions`), trimmed; empty when the column is absent or the cell says
    /// nothing (`format.emptyValues`).
    func cell(_ fields: [String], at position: Int?) -> String {
        guard let position, position < fields.count else { return "" }
        let value = fields[position].trimmingSpaces()
        return format.emptyValues.isEmpty || !format.emptyValues.contains(value.lowercased()) ? value : ""
    }

    /// The positions of the columns a row reads, resolved once from the header: a file's rows ask for the same few
    /// columns a million times.
    struct Positions {
        var time: [Int?] = [], type: [Int?] = [], id: [Int?] = [], note: [Int?] = [], group: [Int?] = []
        var status: Int?, valueAmount: Int?, valueCurrency: Int?, wallet: Int?, chainTx: Int?
        /// The value's currency when the value column names it (`EUR Total (inclusive of fees)` for `{asset} Total ...`).
        var valueCurrencyNamed: String?
        /// Further status columns (`FormatSpec.statuses`), in order.
        var statuses: [Int?] = []
        /// By index into `spec.legs`.
        var legQuantity: [Int?] = [], legAsset: [Int?] = [], legFallback: [Int?] = [], legText: [Int?] = [], legTimes: [Int?] = []
        /// By index into `spec.legs`: the column of each leg's `decimals` (nil for none, or a fixed `=N`).
        var legDecimals: [Int?] = []

        init() {}

        init(_ reader: Reader) {
            let spec = reader.spec
            func at(_ reference: String?) -> Int? { reference.flatMap(reader.index) }
            time = spec.time.columns.map(at)
            type = (spec.type.columns ?? []).map(at)
            id = (spec.id ?? []).map(at)
            note = (spec.note ?? []).map(at)
            group = (spec.group ?? []).map(at)
            status = at(spec.status?.column)
            if let value = spec.value {
                (valueAmount, valueCurrencyNamed) = reader.valueColumn(value.amount)
                valueCurrency = at(Reader.plainAlternatives(value.currency))
            }
            statuses = (spec.statuses ?? []).map { at($0.column) }
            wallet = at(spec.walletColumn)
            chainTx = at(spec.chainTx)
            legQuantity = spec.legs.map { at($0.quantity) }
            legAsset = spec.legs.map { at($0.asset) }
            legFallback = spec.legs.map { at($0.assetFallback) }
            legText = spec.legs.map { at($0.text) }
            legTimes = spec.legs.map { at($0.times) }
            legDecimals = spec.legs.map { leg in leg.decimals.flatMap { $0.hasPrefix("=") ? nil : at($0) } }
        }
    }
    var positions = Positions()
    /// The zone the time column's name states, for `zone: header`.
    var headerZone: TaxTimeZone?

    /// The offset a column's name states, `Time(UTC+08:00)`, `Date(UTC+0)`, `Time (UTC-5)`: `unstated` when the name has no
    /// `UTC` at all (KuCoin's `Filled Time`), UTC when it names UTC without an offset.
    static func zone(inColumnName name: String, unstated: TaxTimeZone = .utc) -> TaxTimeZone {
        guard let utc = name.range(of: "UTC", options: .caseInsensitive) else { return unstated }
        let rest = name[utc.upperBound...].prefix { "+-0123456789:".contains($0) }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return .utc }
        let parts = rest.dropFirst().split(separator: ":")
        guard let hours = parts.first.flatMap({ Int($0) }), hours <= 14 else { return .utc }
        let minutes = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let text = "\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
        return TaxTimeZone(text) ?? .utc
    }

    /// The value column: the first of `A|B|...` present, where an alternative holding `{asset}` matches a column whose
    /// name gives the currency (`{asset} Total (inclusive of fees)`: `EUR Total (inclusive of fees)`).
    func valueColumn(_ reference: String) -> (position: Int?, currency: String?) {
        for alternative in reference.split(separator: "|").map(String.init) {
            if alternative.contains("{asset}") {
                for (position, name) in header.enumerated() {
                    if let asset = TextPattern.templateAsset(alternative, name) { return (position, asset) }
                }
            } else if let position = index(alternative) {
                return (position, nil)
            }
        }
        return (nil, nil)
    }

    /// `A|B|{asset}` without its template alternatives (a `{asset}` is no column's name); nil when none is left.
    static func plainAlternatives(_ reference: String) -> String? {
        let plain = reference.split(separator: "|").filter { !$0.contains("{") }
        return plain.isEmpty ? nil : plain.joined(separator: "|")
    }

    func fail(_ line: Int, _ column: String, _ message: String) {
        errors.append(ImportError(file: file, line: line, column: column, message: message))
        errorPhases.append(phase)
    }

    // MARK: - Reading

    func read(_ text: String, headerLine: Int?) throws(ImportFailure) {
        var records = try readHeader(text, headerLine: headerLine)
        var rows: [CSVReader.Record] = []
        while let record = records.next() { rows.append(record) }
        resolveOwner(rows)
        walletName = options.wallet ?? (spec.owner != nil ? ownerWallet : (spec.wallet ?? spec.name))
        readRows(rows)
        reportUnknownTypes()
        pairOneSided()
        guard errors.isEmpty else { throw ImportFailure(sortedErrors()) }
    }

    /// With `pairWithin`: each event of combining rows that moves one side only (a trade's rows written a second apart,
    /// so grouped apart by their time) joins the earliest one-sided event of the other side that follows it within the
    /// window, in time order (then line order); events that still move one side are left to be reported as half trades.
    func pairOneSided() {
        guard let window = spec.pairWithin else { return }
        let limit = Int64(window * 1000)
        var candidates: [(index: Int, receives: Bool)] = []
        for (index, event) in events.enumerated() where event.groupKey != nil {
            let legs = NettedLegs(event.legs)
            if legs.ins.isEmpty != legs.outs.isEmpty { candidates.append((index, !legs.ins.isEmpty)) }
        }
        guard candidates.count > 1 else { return }
        candidates.sort {
            (events[$0.index].instant.millisecondsSinceEpoch, events[$0.index].line)
                < (events[$1.index].instant.millisecondsSinceEpoch, events[$1.index].line)
        }
        var joined: Set<Int> = []
        for (position, candidate) in candidates.enumerated() where !joined.contains(candidate.index) {
            let start = events[candidate.index].instant.millisecondsSinceEpoch
            var next = position + 1
            while next < candidates.count, events[candidates[next].index].instant.millisecondsSinceEpoch - start <= limit {
                let other = candidates[next]
                if !joined.contains(other.index) && other.receives != candidate.receives
                    && events[other.index].wallet == events[candidate.index].wallet {
                    join(events[other.index], into: candidate.index)
                    joined.insert(other.index)
                    break
                }
                next += 1
            }
        }
        guard !joined.isEmpty else { return }
        events = events.enumerated().filter { !joined.contains($0.offset) }.map(\.element)
    }

    /// Adds `event`'s legs and values to `events[index]`, which keeps the earlier time and line.
    func join(_ event: Event, into index: Int) {
        events[index].legs += event.legs
        events[index].values.merge(event.values)
        if event.instant < events[index].instant { events[index].instant = event.instant }
        if events[index].line > event.line { events[index].line = event.line }
        if events[index].note.isEmpty { events[index].note = event.note }
    }

    /// The type columns as the file's header names them (`Type/Side`, or `交易类型/方向` where the format lists either
    /// name), for messages; the format's own names when the header has none of them.
    var typeColumnsAsWritten: String {
        let written = positions.type.compactMap { $0.map { header[$0] } }
        return written.isEmpty ? (spec.type.columns?.joined(separator: "/") ?? "type") : written.joined(separator: "/")
    }

    /// One error per type the format does not know: its rows' count and lines, and the format's rule for such types
    /// (else the types it knows).
    func reportUnknownTypes() {
        let column = typeColumnsAsWritten
        for (typeText, lines) in unknownTypes.sorted(by: { $0.value.min()! < $1.value.min()! }) {
            let sorted = lines.sorted()
            let shown = sorted.prefix(10).map(String.init).joined(separator: ", ") + (sorted.count > 10 ? ", ..." : "")
            let rows = sorted.count == 1 ? "" : " on \(sorted.count) rows (lines \(shown))"
            let why = spec.type.unknown.map { ": \($0)" }
                ?? " (known: \((spec.type.map ?? [:]).keys.sorted().joined(separator: ", ")))"
            fail(sorted[0], column, "unknown type '\(typeText)'\(rows)\(why)")
        }
        unknownTypes = [:]
    }

    /// Finds the header among the first lines; returns the records after it.
    func readHeader(_ text: String, headerLine: Int?) throws(ImportFailure) -> CSVReader.Iterator {
        if let reason = spec.unsupported {
            throw ImportFailure([ImportError(file: file, line: headerLine ?? 1, column: "", message: "\(spec.title): \(reason)")])
        }
        let separator = Character(spec.separator ?? ",")
        var records = CSVReader(text, separator: separator).makeIterator()
        var scanned = 0
        // The line that comes closest, for the message when none is the header.
        var closest: (line: Int, overlap: Int, normalized: Set<String>, fields: [String])?
        while scanned < 30, let record = records.next() {
            scanned += 1
            let normalized = Set(record.fields.map(normalizedColumn))
            if (headerLine == nil || record.line == headerLine) && format.isHeader(normalized) {
                header = record.fields.map { $0.trimmingSpaces() }
                sourceText = text
                sourceHeaderLine = record.line
                for (position, name) in header.enumerated() { columns[normalizedColumn(name), default: []].append(position) }
                positions = Positions(self)
                headerZone = spec.time.zone == "header"
                    ? Reader.zone(inColumnName: positions.time.first.flatMap { $0.map { header[$0] } } ?? "",
                                      unstated: spec.time.unstatedZone.flatMap { TaxTimeZone($0) } ?? .utc) : nil
                return records
            }
            let overlap = format.overlap(normalized)
            if overlap > 0 && overlap > (closest?.overlap ?? 0) { closest = (record.line, overlap, normalized, record.fields) }
        }
        let expected = spec.header.joined(separator: ", ")
        guard let closest else {
            throw ImportFailure([ImportError(file: file, line: 1, column: "", message: "no \(spec.name) header found (expected the columns \(expected))")])
        }
        throw ImportFailure([ImportError(
            file: file, line: closest.line, column: "",
            message: "no \(spec.name) header found: this line comes closest, but \(format.headerMismatch(closest.normalized)) (expected the columns \(expected))"
                + (ExchangeFormats.partialExportAdvice(closest.fields).map { "; \($0)" } ?? ""))])
    }

    /// Reads rows into events: large batches on two threads, the second half's events then merged in order
    /// (a trade whose rows straddle the halves is joined here, as if read in one pass).
    func readRows(_ rows: [CSVReader.Record]) {
        if rows.count < Reader.parallelThreshold || !options.parallel || immediate {
            for record in rows { readRow(record) }
            return
        }
        let middle = rows.count / 2
        nonisolated(unsafe) let parts = [sibling(), sibling()]
        nonisolated(unsafe) let rows = rows
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            for record in rows[(part == 0 ? 0 : middle)..<(part == 0 ? middle : rows.count)] { parts[part].readRow(record) }
        }
        for part in parts {
            errors += part.errors
            errorPhases += part.errorPhases
            for (reason, count) in part.skipped { skipped[reason, default: 0] += count }
            for (typeText, lines) in part.unknownTypes { unknownTypes[typeText, default: []] += lines }
            for event in part.events { append(event) }
        }
    }

    /// A reader of the same file, header and wallet, with its own caches and nothing read yet: for one of two threads.
    func sibling() -> Reader {
        let reader = Reader(format: format, file: file, options: options)
        reader.header = header
        reader.columns = columns
        reader.positions = positions
        reader.headerZone = headerZone
        reader.owner = owner
        reader.walletName = walletName
        reader.sourceText = sourceText
        reader.sourceHeaderLine = sourceHeaderLine
        return reader
    }

    /// Whether a file of this format can be read and stored in chunks: no address inferred from all the rows, no events
    /// paired across the file by time (`pairWithin`, `groupWindow`). Rows joined by a group id are held until their group
    /// is complete (`stream`).
    var streamable: Bool { spec.owner == nil && spec.unsupported == nil && spec.pairWithin == nil && spec.groupWindow == nil }

    /// `ExchangeImporter.groupHorizonRows`, or another for tests.
    var groupHorizonRows = ExchangeImporter.groupHorizonRows

    /// Streaming a format whose rows combine: the row count after which each event of `events` is complete (a row that
    /// stands alone is complete at once; a group `groupHorizonRows` rows after its last row).
    var completeAfter: [Int] = []
    /// The events of `events` handed over already (made into rows, in order); the rows read so far.
    var settledEvents = 0
    var rowsRead = 0
    /// The group keys of the events handed over, by their 128-bit `StableHash`: a later row under one of them means the
    /// group's rows lie too far apart to stream.
    var settledGroups: Set<UInt128> = []
    var groupsTooFarApart: ExchangeImporter.GroupsTooFarApart?

    /// Reads a file `chunkRows` rows at a time, handing each chunk's transactions to `emit` while no error has
    /// been found (the caller writes them in one database transaction and rolls back if this throws). Errors
    /// are still collected to the end of the file, and thrown all at once.
    ///
    /// Rows that stand alone become transactions as soon as they are read. A format whose rows combine by a group id keeps
    /// its events in file order, as `read` does, and hands each over once every event before it is complete: the rows,
    /// their ids, the duplicates and the errors are the ones reading the whole file gives. Only the events behind a group
    /// still open wait (at most `groupHorizonRows` rows' worth); a row of a group handed over already ends the reading
    /// with `GroupsTooFarApart`.
    func stream(
        _ text: String, headerLine: Int?, chunkRows: Int, emit: ([ImportedRow]) throws -> Void
    ) throws -> (duplicates: Int, skipped: [String: Int]) {
        var records = try readHeader(text, headerLine: headerLine)
        walletName = options.wallet ?? spec.wallet ?? spec.name
        immediate = spec.group == nil
        // Ids seen across the whole file: about one row per 100 bytes in most exports.
        seen.reserveCapacity(text.utf8.count / 100)
        output.reserveCapacity(chunkRows)
        var done = false
        while !done {
            var read = 0
            while read < chunkRows, let record = records.next() {
                readRow(record)
                read += 1
                rowsRead += 1
                if !immediate { settleCompleteEvents(atEnd: false) }
                if let groupsTooFarApart { throw groupsTooFarApart }
            }
            done = read < chunkRows
            if done {
                reportUnknownTypes()
                if !immediate { settleCompleteEvents(atEnd: true) }
            }
            let rows = output
            output = []
            output.reserveCapacity(chunkRows)
            if errors.isEmpty && unknownTypes.isEmpty { try emit(rows) }
        }
        guard errors.isEmpty else {
            // As `read` then `finish`: a file with errors in its rows is refused with those alone, before any transaction is
            // made of them.
            if errorPhases.contains(0) {
                errors = errors.indices.filter { errorPhases[$0] == 0 }.map { errors[$0] }
                errorPhases = Array(repeating: 0, count: errors.count)
            }
            throw ImportFailure(sortedErrors())
        }
        return (duplicates, skipped)
    }

    /// Hands over, in order, the events from `settledEvents` on that are complete (all of them at the end of the file);
    /// forgets them once they are most of `events`.
    func settleCompleteEvents(atEnd: Bool) {
        while completeAfter.count < events.count {
            // A new event: complete at once unless it is a group's.
            completeAfter.append(events[completeAfter.count].groupKey == nil ? 0 : rowsRead + groupHorizonRows)
        }
        let before = settledEvents
        while settledEvents < events.count, atEnd || completeAfter[settledEvents] <= rowsRead {
            if let key = events[settledEvents].groupKey {
                groups[key] = nil
                settledGroups.insert(StableHash.of(key))
            }
            settle(events[settledEvents], into: &output)
            settledEvents += 1
        }
        // The handed-over events go once they are most of the array (their indices in `groups` move down with them).
        if settledEvents > before, settledEvents > 4096, settledEvents * 2 > events.count {
            events.removeFirst(settledEvents)
            completeAfter.removeFirst(settledEvents)
            for (key, index) in groups { groups[key] = index - settledEvents }
            settledEvents = 0
        }
    }

    /// A block explorer's wallet: the address, with the chain after it for chains other than Ethereum mainnet.
    var ownerWallet: String {
        guard let owner else { return spec.name }
        return spec.chain.map { "\(owner)@\($0)" } ?? owner
    }

    /// Block-explorer exports: the wallet's address is `--address`, else the one address in every row.
    func resolveOwner(_ rows: [CSVReader.Record]) {
        guard let ownerSpec = spec.owner else { return }
        if let address = options.address {
            owner = address.lowercased()
            return
        }
        var common: Set<String>?
        for record in rows {
            let addresses: Set<String> = [cell(record.fields, ownerSpec.from).lowercased(), cell(record.fields, ownerSpec.to).lowercased()]
            common = common.map { $0.intersection(addresses) } ?? addresses
        }
        common?.remove("")
        if let common, common.count == 1 {
            owner = common.first
        } else if !rows.isEmpty {
            fail(rows[0].line, ownerSpec.from, "cannot tell which address is the wallet's: no single address is in every row; pass --address")
        }
    }

    func readRow(_ record: CSVReader.Record) {
        guard let fields = fieldsAsHeader(record) else { return }
        let line = record.line
        let errorsBefore = errors.count
        guard statusImported(fields, line: line), let read = readAction(fields, line: line) else { return }
        var action = read.0
        let typeText = read.1
        if let otherwise = action.otherwise, !textLegsRead(of: action, fields: fields) { action = otherwise }
        let time = readTime(fields, line: line)
        let legs = readLegs(of: action, fields: fields, line: line)
        var followUps: [(FormatSpec.Action, [Leg])] = []
        for followUp in action.then ?? [] { followUps.append((followUp, readLegs(of: followUp, fields: fields, line: line))) }
        let values = readValues(fields, line: line)
        let id = positions.id.count == 1 ? cell(fields, at: positions.id[0]) : positions.id.map { cell(fields, at: $0) }.filter { !$0.isEmpty }.joined(separator: ":")
        let note = positions.note.count == 1 ? cell(fields, at: positions.note[0]) : positions.note.map { cell(fields, at: $0) }.filter { !$0.isEmpty }.joined(separator: "; ")
        guard errors.count == errorsBefore, let reading = time.reading else { return }

        let event = Event(
            line: line, timestampText: time.text, instant: time.instant, date: time.date, dateOnly: reading.dateOnly,
            hasOffset: reading.offsetSeconds != nil, writtenMilliseconds: reading.localMilliseconds,
            localMilliseconds: time.local ? reading.localMilliseconds : nil, action: action,
            typeText: typeText, legs: legs, values: values, id: id.isEmpty ? nil : id, note: note, quiet: !followUps.isEmpty,
            wallet: options.wallet == nil && spec.walletColumn != nil ? Optional(cell(fields, at: positions.wallet)).flatMap { $0.isEmpty ? nil : $0 } : nil,
            chainTransaction: chainTransaction(fields))
        keep(event, followUps: followUps, fields: fields)
    }

    /// Whether every leg of `action` read from text (`LegSpec.text` and `pattern`) finds its quantity and asset in the row.
    func textLegsRead(of action: FormatSpec.Action, fields: [String]) -> Bool {
        selectedLegs(action).allSatisfy { index in
            guard let pattern = spec.legs[index].pattern, spec.legs[index].text != nil else { return true }
            return TextPattern.match(pattern, cell(fields, at: positions.legText[index])) != nil
        }
    }

    /// The row's on-chain transaction hash (`FormatSpec.chainTx`), nil when the format has none or the cell is empty.
    func chainTransaction(_ fields: [String]) -> String? {
        guard let position = positions.chainTx else { return nil }
        let hash = cell(fields, at: position)
        return hash.isEmpty ? nil : hash
    }

    /// A record's fields, as many as the header has (cells missing at the end are empty); nil for a blank line, or
    /// for a record with more cells than the header (reported).
    func fieldsAsHeader(_ record: CSVReader.Record) -> [String]? {
        var fields = record.fields
        if let comment = spec.comment, let first = fields.first, first.trimmingSpaces().hasPrefix(comment) { return nil }
        if fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { return nil }
        if fields.count > header.count {
            if fields[header.count...].contains(where: { !$0.trimmingSpaces().isEmpty }) {
                fail(record.line, "", "has \(fields.count) fields but the header has \(header.count)")
                return nil
            }
        } else if fields.count < header.count {
            fields += Array(repeating: "", count: header.count - fields.count)
        }
        return fields
    }

    /// Whether the row's status (for formats that have one) is one the format imports: a status it skips is counted,
    /// any other reported.
    func statusImported(_ fields: [String], line: Int) -> Bool {
        if let status = spec.status {
            guard statusImported(fields, line: line, status, at: positions.status, accept: format.statusAccept, skip: format.statusSkip) else {
                return false
            }
        }
        for (offset, status) in (spec.statuses ?? []).enumerated() {
            let values = format.moreStatuses[offset]
            guard statusImported(fields, line: line, status, at: positions.statuses[offset], accept: values.accept, skip: values.skip) else {
                return false
            }
        }
        return true
    }

    /// Whether one status column accepts the row; a value it skips is counted, any other reported. A value is looked up as
    /// written among the accepted, then the skipped values; then by the `prefix*` values, skipped before accepted; `*` last.
    func statusImported(
        _ fields: [String], line: Int, _ status: FormatSpec.StatusSpec, at position: Int?, accept: StatusValues, skip: StatusValues
    ) -> Bool {
        var value = cell(fields, at: position)
        if let separator = status.before, let range = value.range(of: separator) {
            value = String(value[..<range.lowerBound]).trimmingSpaces()
        }
        let key = value.lowercased()
        if accept.containsExactly(key) { return true }
        let skips = skip.containsExactly(key) || skip.containsByPrefix(key)
        if !skips && (accept.containsByPrefix(key) || (accept.anyValue && !key.isEmpty)) { return true }
        if skips {
            skipped[status.reason ?? "rows with status '\(value)'", default: 0] += 1
        } else if let refusal = status.refuse {
            fail(line, status.column, "'\(value)' cannot be imported: \(refusal)")
        } else {
            fail(line, status.column, "unknown status '\(value)' (imported: \(status.accept.joined(separator: ", "))"
                + "; skipped: \((status.skip ?? []).joined(separator: ", ")))")
        }
        return false
    }

    /// The action the row's type maps to, and the type as written; nil for a type the format skips (counted), refuses
    /// or does not know (reported).
    func readAction(_ fields: [String], line: Int) -> (action: FormatSpec.Action, typeText: String)? {
        let typeParts: [String]
        let typeText: String
        if let columns = spec.type.columns, columns.count == 1 {
            typeText = cell(fields, at: positions.type[0])
            typeParts = []
        } else {
            typeParts = positions.type.map { cell(fields, at: $0) }
            typeText = typeParts.filter { !$0.isEmpty }.joined(separator: "/")
        }
        guard let action = actionCache(typeText) ?? typeParts.first.flatMap({ format.action(forType: $0.lowercased()) })
            ?? spec.type.default else {
            // Reported once per type, with its rows, when the file has been read (`reportUnknownTypes`).
            unknownTypes[typeText, default: []].append(line)
            return nil
        }
        switch action.kind {
        case "ignore", "internal":
            skipped[action.reason ?? "\(typeText) (\(action.kind))", default: 0] += 1
            return nil
        case "reject":
            fail(line, typeColumnsAsWritten, "'\(typeText)' cannot be imported: \(action.reason ?? "not supported")")
            return nil
        default:
            return (action, typeText)
        }
    }

    /// The row's time as written, read with the first of the format's layouts that fits (nil, reported, when none
    /// does), with its instant and its tax day.
    func readTime(_ fields: [String], line: Int) -> (text: String, reading: TimePattern.Reading?, instant: Instant, date: CivilDate, local: Bool) {
        var timeText = positions.time.count == 1 ? cell(fields, at: positions.time[0]) : positions.time.map { cell(fields, at: $0) }.joined(separator: " ")
        // A zone's abbreviation after the time (Cash App's `2020-02-16 21:59:29 EST`): taken off, the time read in its zone.
        var writtenZone: TaxTimeZone?
        if let names = spec.time.zoneNames, let space = timeText.lastIndex(of: " "),
           let name = names[timeText[timeText.index(after: space)...].uppercased()] {
            writtenZone = namedZone(name)
            timeText = String(timeText[..<space])
        }
        var reading: TimePattern.Reading?
        for pattern in format.patterns {
            if let read = pattern.read(timeText) {
                reading = read
                break
            }
        }
        // Else ISO 8601 (a workbook's date cells), or a date as a spreadsheet re-saves it (`SpreadsheetDates`).
        var refused = false
        if reading == nil, !timeText.isEmpty { (reading, refused) = spreadsheetTime(timeText, line: line) }
        var instant = Instant(millisecondsSinceEpoch: 0)
        var date = CivilDate(daysSinceEpoch: Int32(0))
        var local = false
        if let read = reading, !SupportedRange.containsLocal(milliseconds: read.localMilliseconds) {
            // Out of range before any offset is applied (a Unix time of 1e17 seconds): refused, and no arithmetic on it.
            fail(line, spec.time.columns.map(displayName).joined(separator: "+"), SupportedRange.dateMessage(timeText))
            reading = nil
            refused = true
        }
        if let reading {
            if let offset = reading.offsetSeconds {
                instant = Instant(millisecondsSinceEpoch: reading.localMilliseconds - Int64(offset) * 1000)
            } else {
                instant = (writtenZone ?? zone(fields, line)).instant(localMilliseconds: reading.localMilliseconds)
                local = reading.dateOnly || (writtenZone == nil && spec.time.zoneColumn == nil && spec.time.zone == "local")
            }
            date = reading.dateOnly
                ? CivilDate(daysSinceEpoch: Int32(reading.localMilliseconds.quotientFloor(86_400_000)))
                : options.zone.date(of: instant)
            if !SupportedRange.contains(local ? Instant(millisecondsSinceEpoch: reading.localMilliseconds) : instant) {
                fail(line, spec.time.columns.map(displayName).joined(separator: "+"), SupportedRange.dateMessage(timeText))
            }
        } else if !refused {
            let column = spec.time.columns.map(displayName).joined(separator: "+")
            fail(line, column, timeText.isEmpty ? "missing time"
                : "'\(timeText)' is not a time in the layout \(spec.time.formats.map { "'\($0)'" }.joined(separator: " or "))")
        }
        return (timeText, reading, instant, date, local)
    }

    /// The exchange's value of the row, in the currency it is written in (the replay keeps it when that is the base
    /// currency in force then).
    func readValues(_ fields: [String], line: Int) -> RowValues {
        var values = RowValues()
        if let valueSpec = spec.value {
            let amountText = cell(fields, at: positions.valueAmount)
            if !amountText.isEmpty, let amount = number(amountText, line: line, column: valueSpec.amount, allowUnit: true) {
                let currency = valueSpec.currency.hasPrefix("=") ? String(valueSpec.currency.dropFirst())
                    : positions.valueCurrencyNamed ?? cell(fields, at: positions.valueCurrency)
                let unit = amount.unit.map(symbol) ?? symbol(currency)
                if let currency = checkedAsset(unit) { values.set(line, Money(amount.value.magnitude), in: currency) }
            }
        }
        return values
    }

    /// Keeps a row's event (joined to the earlier rows of its group when its action combines rows), then the events of
    /// the action's follow-ups (`Action.then`), numbered after it.
    func keep(_ event: Event, followUps: [(FormatSpec.Action, [Leg])], fields: [String]) {
        defer {
            // After the row's first event.
            for (offset, (followUp, followUpLegs)) in followUps.enumerated() {
                var next = event
                next.action = followUp
                next.legs = followUpLegs
                next.id = event.id.map { "\($0)#\(offset + 2)" }
                take(next)
            }
        }
        if event.action.combine == true, let group = spec.group {
            var first = event
            first.groupKey = group.count == 1 ? cell(fields, at: positions.group[0]) : positions.group.map { cell(fields, at: $0) }.joined(separator: "|")
            if spec.groupWindow == nil, groups[first.groupKey!] == nil,
               first.id == nil || group.map(normalizedColumn) != (spec.id ?? []).map(normalizedColumn) {
                first.id = first.groupKey!.isEmpty ? first.id : first.groupKey
            }
            append(first)
        } else {
            take(event)
        }
    }

    /// An event that joins no other: kept for `makeTransactions`, or, when streaming, made into rows at once.
    func take(_ event: Event) {
        guard immediate else {
            events.append(event)
            return
        }
        settle(event, into: &output)
    }

    /// The legs of a row that `action` reads.
    func readLegs(of action: FormatSpec.Action, fields: [String], line: Int) -> [Leg] {
        let selected = selectedLegs(action)
        var legs: [Leg] = []
        legs.reserveCapacity(selected.count)
        var lessFees: [Int] = []
        var net: [Int] = []
        var feesIncluded: [Int] = []
        for legIndex in selected {
            let leg = spec.legs[legIndex]
            let before = legs.count
            readLeg(legIndex, fields: fields, line: line, action: action, into: &legs)
            if leg.lessFees == true { lessFees += before..<legs.count }
            if leg.net == true { net += before..<legs.count }
            if leg.feesIncluded == true { feesIncluded += before..<legs.count }
        }
        guard !lessFees.isEmpty || !net.isEmpty || !feesIncluded.isEmpty else { return legs }
        func fees(in asset: Asset) -> Fixed { legs.filter { $0.isFee && $0.asset == asset }.reduce(Fixed.zero) { $0 + $1.quantity } }
        // Quantities written with the row's fees included: the fees come off them.
        for index in lessFees {
            let magnitude = legs[index].quantity.magnitude - fees(in: legs[index].asset)
            legs[index].quantity = legs[index].quantity.isNegative ? -magnitude : magnitude
        }
        // Net balance changes: the gross quantity is the signed net plus the fees (out: less, in: more).
        for index in net { legs[index].quantity += fees(in: legs[index].asset) }
        guard !feesIncluded.isEmpty else { return legs }
        // Totals with the fees already paid within them (Coinbase's `Total (inclusive of fees and/or spread)`): a fee in the
        // total's asset is taken out of it, as for `net`; a fee written in another asset is that same fee valued in
        // another currency (Coinbase writes fees in the price currency, USD, of a trade paid in USDC): already paid
        // within the total, so it is not paid again.
        let includedAssets = feesIncluded.map { legs[$0].asset }
        for index in feesIncluded { legs[index].quantity += fees(in: legs[index].asset) }
        legs.removeAll { $0.isFee && !includedAssets.contains($0.asset) }
        return legs
    }

    /// Adds an event, joining it to the earlier one of its group.
    func append(_ event: Event) {
        guard let key = event.groupKey else {
            events.append(event)
            return
        }
        // With `groupWindow` (rows of one trade written moments apart, no shared id), a row joins its key's last
        // event only when close to that event's first row.
        let joins = spec.groupWindow.map { window in
            groupStarts[key].map { abs(event.instant.millisecondsSinceEpoch - $0.millisecondsSinceEpoch) <= Int64(window * 1000) } ?? false
        } ?? true
        if let existing = groups[key], joins {
            join(event, into: existing)
            // Streaming: the group stays open for another horizon after this row.
            if existing < completeAfter.count { completeAfter[existing] = rowsRead + groupHorizonRows }
            return
        }
        if !settledGroups.isEmpty, settledGroups.contains(StableHash.of(key)) {
            groupsTooFarApart = ExchangeImporter.GroupsTooFarApart(line: event.line)
            return
        }
        groups[key] = events.count
        groupStarts[key] = event.instant
        events.append(event)
    }

    /// Files with more rows than this are read on two threads.
    static let parallelThreshold = 20_000

    func zone(_ fields: [String], _ line: Int) -> TaxTimeZone {
        if let column = spec.time.zoneColumn {
            let written = cell(fields, column)
            if let parsed = namedZone(spec.time.zoneNames?[written.uppercased()] ?? written) { return parsed }
            fail(line, column, "'\(written)' is not a time zone")
            return .utc
        }
        if let name = spec.time.zone {
            if name == "local" { return options.zone }
            if name == "header" { return headerZone ?? .utc }
            return TaxTimeZone(name) ?? .utc
        }
        return .utc
    }

    /// The zone an IANA name or offset names, parsed once per name.
    func namedZone(_ name: String) -> TaxTimeZone? {
        if let known = zones[name] { return known }
        guard let parsed = TaxTimeZone(name) else { return nil }
        zones[name] = parsed
        return parsed
    }

    func readLeg(_ legIndex: Int, fields: [String], line: Int, action: FormatSpec.Action, into legs: inout [Leg]) {
        let leg = spec.legs[legIndex]
        let isFee = leg.role == "fee"
        // Legs read from free text.
        if let textColumn = leg.text, let pattern = leg.pattern {
            let text = cell(fields, at: positions.legText[legIndex])
            guard let (quantityText, assetText) = TextPattern.match(pattern, text) else {
                fail(line, textColumn, "cannot read a quantity and an asset from '\(text)' (expected '\(pattern)')")
                return
            }
            guard let quantity = number(quantityText, line: line, column: textColumn, allowUnit: false) else { return }
            appendLeg(leg, asset: symbol(assetText), quantity: quantity.value, isFee: isFee, fields: fields, line: line,
                      action: action, into: &legs)
            return
        }
        guard let quantityColumn = leg.quantity else { return }
        // One leg per column matching a template (`{asset} Amount {asset}`).
        if quantityColumn.utf8.contains(UInt8(ascii: "{")) {
            for (position, name, asset) in templateColumns(quantityColumn) {
                let text = position < fields.count ? fields[position].trimmingSpaces() : ""
                guard !text.isEmpty, let quantity = number(text, line: line, column: name, allowUnit: false) else { continue }
                appendLeg(leg, asset: symbol(asset), quantity: quantity.value, isFee: isFee, fields: fields, line: line,
                          action: action, into: &legs)
            }
            return
        }
        var text = cell(fields, at: positions.legQuantity[legIndex])
        guard !text.isEmpty else { return }
        if leg.decimals != nil {
            guard let whole = inWholeUnits(text, legIndex, fields: fields, line: line) else { return }
            text = whole
        }
        let wantsUnit = leg.asset == "cell"
        guard var quantity = number(text, line: line, column: quantityColumn, allowUnit: wantsUnit) else { return }
        if let timesColumn = leg.times {
            let factorText = cell(fields, at: positions.legTimes[legIndex])
            guard let factor = number(factorText, line: line, column: timesColumn, allowUnit: false) else {
                if factorText.isEmpty { fail(line, timesColumn, "missing \(timesColumn) for \(quantityColumn) \(text)") }
                return
            }
            quantity.value = quantity.value.scaled(by: factor.value, over: Fixed(1), rounding: .halfEven)
        }
        if quantity.value.isZero { return }
        var assetText: String
        if wantsUnit {
            guard let unit = quantity.unit else {
                fail(line, quantityColumn, "'\(text)' names no asset (expected a quantity and an asset, like '1.5 ETH')")
                return
            }
            assetText = unit
        } else if let asset = leg.asset, asset.hasPrefix("=") {
            assetText = String(asset.dropFirst())
        } else if leg.asset == "file" {
            guard let named = assetOfFile(fields, line: line, column: quantityColumn) else { return }
            assetText = named
        } else {
            assetText = cell(fields, at: positions.legAsset[legIndex])
            if leg.assetFallback != nil, !assetText.isEmpty, !Reader.isSymbol(format.asset(assetText)) {
                assetText = cell(fields, at: positions.legFallback[legIndex])
            }
        }
        if let part = leg.pair, !assetText.isEmpty {
            guard let (base, quote) = TextPattern.splitPair(assetText) ?? TextPattern.splitPair(assetText, quotes: spec.pairQuotes ?? []) else {
                let quotes = spec.pairQuotes.map { ", or ending with one of \($0.joined(separator: ", "))" } ?? ""
                let message = "'\(assetText)' is not a trading pair (expected two assets joined by '_', '-' or '/', like 'ETH_CRO'\(quotes))"
                // Once per row, though both of the pair's legs read it.
                if errors.last != ImportError(file: file, line: line, column: leg.asset ?? "", message: message) { fail(line, leg.asset ?? "", message) }
                return
            }
            assetText = part == "quote" ? quote : base
        }
        guard !assetText.isEmpty else {
            fail(line, leg.asset ?? quantityColumn, "missing asset for \(quantityColumn) \(text)")
            return
        }
        appendLeg(leg, asset: symbol(assetText), quantity: quantity.value, isFee: isFee, fields: fields, line: line,
                  action: action, into: &legs)
    }

    /// A quantity written in an asset's smallest unit (`LegSpec.decimals`) as a number of the asset: its decimal point moved
    /// left by the leg's decimals, digit for digit (no arithmetic, so a raw amount too large for a number still reads
    /// exactly). Unchanged when the leg reads whole numbers only (`decimalsIfWhole`) and this one has a decimal sign. Nil,
    /// reported, when the decimals are missing or not 0 to 18, or the quantity is not a whole number.
    func inWholeUnits(_ text: String, _ legIndex: Int, fields: [String], line: Int) -> String? {
        let leg = spec.legs[legIndex]
        guard let reference = leg.decimals, let quantityColumn = leg.quantity else { return text }
        let digits = text.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        let isWhole = !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if leg.decimalsIfWhole == true && !isWhole { return text }
        let decimalsText = reference.hasPrefix("=") ? String(reference.dropFirst()) : cell(fields, at: positions.legDecimals[legIndex])
        guard let places = Int(decimalsText), (0...Fixed.fractionDigits).contains(places) else {
            fail(line, reference.hasPrefix("=") ? quantityColumn : reference, decimalsText.isEmpty
                ? "missing decimals for \(quantityColumn) \(text)" : "'\(decimalsText)' is not a number of decimals from 0 to \(Fixed.fractionDigits)")
            return nil
        }
        guard isWhole else {
            fail(line, quantityColumn, "'\(text)' is not a whole number of the asset's smallest unit")
            return nil
        }
        let negative = text.hasPrefix("-")
        let body = String(decoding: digits, as: UTF8.self)
        guard places > 0 else { return (negative ? "-" : "") + body }
        let padded = String(repeating: "0", count: max(0, places + 1 - body.utf8.count)) + body
        let point = padded.index(padded.endIndex, offsetBy: -places)
        return (negative ? "-" : "") + padded[..<point] + "." + padded[point...]
    }

    func appendLeg(
        _ leg: FormatSpec.LegSpec, asset: String, quantity: Fixed, isFee: Bool, fields: [String], line: Int,
        action: FormatSpec.Action, into legs: inout [Leg]
    ) {
        guard !quantity.isZero else { return }
        guard let checked = checkedAsset(asset) else {
            fail(line, leg.asset ?? "", "'\(asset)' is not an asset symbol")
            return
        }
        let magnitude = quantity.magnitude
        var signed: Fixed
        switch leg.direction {
        case "signed": signed = quantity
        case "opposite": signed = -quantity
        case "in": signed = magnitude
        case "out": signed = -magnitude
        case "primary", "counter":
            guard let side = action.side else {
                fail(line, typeColumnsAsWritten, "the format gives this type no side (in or out)")
                return
            }
            let inward = (side == "in") == (leg.direction == "primary")
            signed = inward ? magnitude : -magnitude
        case "owner":
            guard let ownerSpec = spec.owner, let owner else { return }
            let from = cell(fields, ownerSpec.from).lowercased(), to = cell(fields, ownerSpec.to).lowercased()
            if leg.onlyIfOwnerSends == true {
                guard from == owner else { return }
                signed = -magnitude
            } else if from == owner && to == owner {
                return
            } else if from == owner {
                signed = -magnitude
            } else if to == owner {
                signed = magnitude
            } else {
                return
            }
        default:
            fail(line, leg.quantity ?? "", "the format's leg direction '\(leg.direction)' is unknown")
            return
        }
        if isFee { signed = magnitude }
        legs.append(Leg(asset: checked, quantity: signed, isFee: isFee, row: line))
    }

    /// Whether `asset` can be an asset's symbol: no spaces, commas or semicolons.
    static func isSymbol(_ asset: String) -> Bool {
        asset.utf8.allSatisfy { $0 > 0x20 && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: ",") }
    }

    /// The asset of a leg whose asset is `file`, checked against the row's addresses (`FormatSpec.fileAsset`); nil, reported
    /// once for the file, when the name gives none or the row's addresses are another coin's.
    func assetOfFile(_ fields: [String], line: Int, column: String) -> String? {
        guard let check = spec.fileAsset else {
            guard let named = Reader.assetNamed(byFile: file) else {
                failOnce(line, column, "the file's name does not say which asset it holds (name it like 'wallet_btc.csv')")
                return nil
            }
            return named
        }
        let fileName = String(file.split(separator: "/").last ?? "")
        guard let coin = Reader.coinNamed(byFile: file, among: Set(check.coins.keys.map { $0.uppercased() })) else {
            failOnce(line, column, "the file's name '\(fileName)' names no coin, and only the name says which coin the file holds: "
                + "rename it to end with the coin's symbol, like 'wallet_btc.csv' (one of \(check.coins.keys.sorted().joined(separator: ", ")))")
            return nil
        }
        let beginnings = check.coins.first { $0.key.uppercased() == coin }?.value ?? []
        let addresses = cell(fields, check.column).split { $0 == "," || $0 == " " }.map(String.init)
        if let stranger = addresses.first(where: { !Reader.address($0, beginsWithOneOf: beginnings) }) {
            failOnce(line, check.column, "the file's name '\(fileName)' says \(coin), but '\(stranger)' is not a \(coin) address "
                + "(they begin with \(beginnings.joined(separator: ", "))): rename the file to end with its coin's symbol, like 'wallet_btc.csv'")
            return nil
        }
        return coin
    }

    /// Reports a problem with the whole file once, on the first row that shows it.
    func failOnce(_ line: Int, _ column: String, _ message: String) {
        guard !fileAssetReported else { return }
        fileAssetReported = true
        fail(line, column, message)
    }

    /// Whether `address` begins with one of `beginnings` (those longer than one character compared ignoring case).
    static func address(_ address: String, beginsWithOneOf beginnings: [String]) -> Bool {
        beginnings.contains { beginning in
            beginning.count > 1 ? address.lowercased().hasPrefix(beginning.lowercased()) : address.hasPrefix(beginning)
        }
    }

    /// The last word of a file's name (without its extension; words split at `_`, `-`, `.` and spaces) that is one of `coins`.
    static func coinNamed(byFile path: String, among coins: Set<String>) -> String? {
        var name = Substring(path.split(separator: "/").last ?? "")
        if let dot = name.lastIndex(of: ".") { name = name[..<dot] }
        return name.split { "_-. ".contains($0) }.map { $0.uppercased() }.last(where: coins.contains)
    }

    /// The asset a file's name gives (`asset: "file"`): its last word of 2 to 5 letters, without the extension.
    static func assetNamed(byFile path: String) -> String? {
        var name = Substring(path.split(separator: "/").last ?? "")
        if let dot = name.lastIndex(of: ".") { name = name[..<dot] }
        let words = name.split { "_-. ".contains($0) }
        return words.last { (2...5).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isLetter } }.map { $0.uppercased() }
    }

    /// A number as exports write them: `1,234.5`, `€0.92`, `-$161.90`, `+0.1`, `2.3e-06`, `1.5 ETH` (with
    /// `allowUnit`), `1.234,5` where the format has decimal commas. Digits past the 18th are rounded
    /// half-even (exports written from binary floating point carry noise there).
    func number(_ text: String, line: Int, column: String, allowUnit: Bool) -> (value: Fixed, unit: String?)? {
        // `NaN`, `inf`, `null` (written by exports from floating point or JSON): not a number, never an empty cell (issue 19).
        if Reader.isNonNumberWord(text) {
            fail(line, column, "'\(text)' is not a number")
            return nil
        }
        guard let read = parseNumber(text, line: line, column: column, allowUnit: allowUnit) else { return nil }
        guard SupportedRange.contains(read.value) else {
            fail(line, column, SupportedRange.valueMessage(text))
            return nil
        }
        return read
    }

    /// The words floating point and JSON write where a number is missing or undefined, signed or not, in any case.
    static func isNonNumberWord(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "n") || first == UInt8(ascii: "N") || first == UInt8(ascii: "i")
            || first == UInt8(ascii: "I") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return false }
        var word = text.trimmingCharacters(in: .whitespaces).lowercased()
        if word.hasPrefix("+") || word.hasPrefix("-") { word.removeFirst() }
        return ["nan", "inf", "infinity", "null", "none", "undefined"].contains(word)
    }

    func parseNumber(_ text: String, line: Int, column: String, allowUnit: Bool) -> (value: Fixed, unit: String?)? {
        // `either`: an export that writes no thousands separators, its decimal sign `.` or `,` as the user chose (Eternl).
        if spec.decimal == "either", text.utf8.contains(UInt8(ascii: ",")) {
            guard !text.utf8.contains(UInt8(ascii: ".")) else {
                fail(line, column, "'\(text)' is not a number: it has both '.' and ',', and this export writes no thousands separators")
                return nil
            }
            return number(text.replacingOccurrences(of: ",", with: "."), line: line, column: column, allowUnit: allowUnit)
        }
        // The common case, a plain decimal (`-0.25`, `1e-6`), parses as it is.
        if spec.decimal != ",", let first = text.utf8.first, first != UInt8(ascii: "+"),
           text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
           let value = try? Fixed(parsing: text, roundingExcessDigits: .halfEven) {
            return (value, nil)
        }
        // Accounting notation: a negative number in parentheses (Cash App's `($6.71)`).
        if text.utf8.first == UInt8(ascii: "("), text.utf8.last == UInt8(ascii: ")"), text.utf8.count > 2 {
            guard let inner = number(String(text.dropFirst().dropLast()), line: line, column: column, allowUnit: allowUnit) else { return nil }
            return (-inner.value, inner.unit)
        }
        // Next most common: ASCII with a dollar sign or thousands separators (`-$1,234.50`), read byte by byte.
        if spec.decimal != ",", !(allowUnit && spec.currencySigns != nil), text.utf8.count <= 40,
           let value = Reader.plainDollars(text) {
            return (value, nil)
        }
        var body = Substring(text)
        var unit: String?
        if let space = body.lastIndex(of: " "), allowUnit {
            let tail = body[body.index(after: space)...]
            if tail.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) {
                unit = String(tail)
                body = body[..<space]
            }
        }
        if allowUnit, unit == nil, let (number, glued) = Reader.gluedUnit(body) {
            // The asset written right after the number (Binance's trade history: `0.1800000000SOL`).
            body = number
            unit = glued
        }
        if allowUnit, unit == nil, let signs = spec.currencySigns {
            // A currency sign before the number (`€10.00`, `-$5`) names its asset when the format lists it.
            let digits = body.drop { $0 == "-" || $0 == "+" || $0 == " " }
            if let sign = signs.keys.sorted(by: { $0.count > $1.count }).first(where: { digits.hasPrefix($0) }) { unit = signs[sign] }
        }
        var cleaned = ""
        cleaned.reserveCapacity(body.utf8.count)
        let decimalComma = spec.decimal == ","
        for scalar in body.unicodeScalars {
            switch scalar {
            case "0"..."9", "-", "+", "e", "E": cleaned.unicodeScalars.append(scalar)
            case ".": if decimalComma { continue } else { cleaned.append(".") }
            case ",": if decimalComma { cleaned.append(".") } else { continue }
            case " ", "\u{00A0}", "'", "$", "€", "£", "¥", "\u{FFFD}": continue
            default:
                // A currency prefix such as `CA$` or `US$`.
                if scalar.properties.isAlphabetic && cleaned.isEmpty { continue }
                fail(line, column, "'\(text)' is not a number")
                return nil
            }
        }
        if cleaned.hasPrefix("+") { cleaned.removeFirst() }
        if cleaned.isEmpty || cleaned == "-" { return nil }
        do {
            return (try Fixed(parsing: cleaned, roundingExcessDigits: .halfEven), unit)
        } catch {
            fail(line, column, "'\(text)' is not a number: \(error)")
            return nil
        }
    }

    /// A number with an asset's symbol right after it, `0.18SOL` or `-19.8054BUSD`: the number and the symbol; nil unless
    /// the text starts like a number and ends with a letter. A symbol that begins with a digit (`1INCH`) cannot be told
    /// from the number's last digits: its digits are read as the number's.
    static func gluedUnit(_ text: Substring) -> (number: Substring, unit: String)? {
        guard let first = text.unicodeScalars.first, first == "-" || first == "+" || first == "." || ("0"..."9").contains(first),
              let last = text.unicodeScalars.last, last.properties.isAlphabetic else { return nil }
        guard let end = text.firstIndex(where: { !("0"..."9").contains($0) && !"+-.,".contains($0) }) else { return nil }
        let unit = text[end...]
        guard unit.first?.isLetter == true, unit.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return (text[..<end], String(unit))
    }

    /// `-$1,234.50` → -1234.5: digits, one sign, `.`, exponents, with `$` and `,` dropped; nil for anything else.
    static func plainDollars(_ text: String) -> Fixed? {
        var text = text
        return text.withUTF8 { bytes -> Fixed? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { cleaned -> Fixed? in
                var count = 0
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "e"), UInt8(ascii: "E"):
                        cleaned[count] = byte
                        count += 1
                    case UInt8(ascii: "+"): if count != 0 { return nil }
                    case UInt8(ascii: "$"), UInt8(ascii: ","): continue
                    default: return nil
                    }
                }
                guard count > 0, !(count == 1 && cleaned[0] == UInt8(ascii: "-")) else { return nil }
                return try? Fixed(parsingUTF8: UnsafeBufferPointer(rebasing: cleaned[0..<count]), roundingExcessDigits: .halfEven)
            }
        }
    }

    // MARK: - Events to transactions

    /// One transaction made from an event, with the hash of its content.
    struct Made {
        var event: Int
        var transaction: Transaction
        var hasher: StableHash
        var contentHash: String
    }

    /// The transactions of `events[range]`, hashed.
    func make(_ range: Range<Int>) -> [Made] {
        var made: [Made] = []
        made.reserveCapacity(range.count)
        for index in range {
            for tx in transactions(of: events[index]) {
                let hasher = Reader.contentHasher(events[index], tx)
                made.append(Made(event: index, transaction: tx, hasher: hasher, contentHash: hasher.hex))
            }
        }
        return made
    }

    /// What tells a re-import of a row from a different row under the same id: the time as written and the
    /// transaction's content.
    static func contentHasher(_ event: borrowing Event, _ tx: borrowing Transaction) -> StableHash {
        var hasher = StableHash()
        hasher.combine(event.hasOffset ? event.instant.millisecondsSinceEpoch : event.writtenMilliseconds)
        hasher.combine(tx.kind.rawValue)
        hasher.combine(tx.incomeType?.rawValue ?? "")
        hasher.combine(tx.wallet.name)
        hasher.combine(tx.sent?.quantity.fixed.raw ?? -1)
        hasher.combine(tx.sent?.asset.symbol ?? "")
        hasher.combine(tx.received?.quantity.fixed.raw ?? -1)
        hasher.combine(tx.received?.asset.symbol ?? "")
        hasher.combine(tx.fee?.quantity.fixed.raw ?? -1)
        hasher.combine(tx.fee?.asset.symbol ?? "")
        hasher.combine(tx.value?.fixed.raw ?? -1)
        hasher.combine(tx.note)
        return hasher
    }

    /// The rows of one event, made and settled at once (streaming).
    func settle(_ event: Event, into rows: inout [ImportedRow]) {
        phase = 1
        let made = transactions(of: event)
        phase = 2
        for tx in made {
            let hasher = Reader.contentHasher(event, tx)
            settle(tx, hasher: hasher, contentHash: hasher.hex, event: event, into: &rows)
        }
        phase = 0
    }

    func finish() throws(ImportFailure) -> ParsedImport {
        phase = 1
        let made = makeTransactions()
        phase = 2
        let rows = settle(made)
        guard errors.isEmpty else { throw ImportFailure(sortedErrors()) }
        return ParsedImport(source: spec.name, rows: rows, duplicatesInFile: duplicates, skipped: skipped)
    }

    /// The transactions of every event read so far, hashed: on two threads for large batches.
    func makeTransactions() -> [Made] {
        if events.count < Reader.parallelThreshold || !options.parallel { return make(0..<events.count) }
        let middle = events.count / 2
        nonisolated(unsafe) let parts = [sibling(), sibling()]
        for part in parts {
            part.events = events
            part.phase = phase
        }
        var results: [[Made]] = [[], []]
        results.withUnsafeMutableBufferPointer { outputs in
            nonisolated(unsafe) let outputs = outputs
            let count = events.count
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                outputs[part] = parts[part].make(part == 0 ? 0..<middle : middle..<count)
            }
        }
        for part in parts {
            errors += part.errors
            errorPhases += part.errorPhases
            for (reason, count) in part.skipped { skipped[reason, default: 0] += count }
        }
        return results[0] + results[1]
    }

    /// Ids for rows without one, and duplicates within the file, in file order (across chunks).
    func settle(_ made: [Made]) -> [ImportedRow] {
        var rows: [ImportedRow] = []
        rows.reserveCapacity(made.count)
        if seen.isEmpty { seen.reserveCapacity(made.count) }
        for item in made {
            settle(item.transaction, hasher: item.hasher, contentHash: item.contentHash, event: events[item.event], into: &rows)
        }
        return rows
    }

    /// Gives a transaction without an id one from its content, and keeps it unless its id was seen before.
    func settle(
        _ transaction: consuming Transaction, hasher: StableHash, contentHash: String, event: borrowing Event,
        into rows: inout [ImportedRow]
    ) {
        var tx = transaction
        let content = hasher.value
        let line = event.line
        if tx.id.isEmpty {
            let occurrence = occurrences[content, default: 0]
            occurrences[content] = occurrence + 1
            var numbered = hasher
            numbered.combine("#\(occurrence)")
            tx.id = "h:" + numbered.hex.prefix(20)
        }
        let key = StableHash.of(tx.id)
        // One probe of the table in the common case (a new id); an id seen before gets its first row back.
        if let earlier = seen.updateValue((line, content), forKey: key) {
            seen[key] = earlier
            if earlier.hash == content {
                duplicates += 1
            } else {
                fail(line, spec.id?.joined(separator: "+") ?? "", "id '\(tx.id)' is already used by a different row on line \(earlier.line)")
            }
            return
        }
        // A value in another currency than the base is kept for the store (a later `base-currency` may make it the base),
        // not for the transaction.
        let currency = tx.value == nil ? nil : event.values.currency
        var written: Money?
        if let currency, currency != options.baseCurrency {
            written = tx.value
            tx.value = nil
        }
        rows.append(ImportedRow(
            transaction: tx, timestampText: event.timestampText, dateOnly: event.dateOnly, localMilliseconds: event.localMilliseconds,
            valueCurrency: currency, writtenValue: written, contentHash: contentHash))
    }

    /// What an event is, from its action and its legs.
    func transactions(of event: Event) -> [Transaction] {
        let legs = NettedLegs(event.legs)
        var kind = event.action.kind
        if kind == "gift" { kind = legs.ins.isEmpty ? "gift_out" : "gift_in" }
        switch kind {
        case "buy", "sell", "trade", "auto", "spend", "gift_out", "donation", "lost", "gift_in", "deposit", "withdrawal", "income", "fee":
            break
        default:
            fail(event.line, typeColumn, "the format maps '\(event.typeText)' to an unknown kind '\(kind)'")
            return []
        }
        if let unmoved = movingNoAsset(event, legs) { return unmoved }

        var result: [Transaction]
        switch kind {
        case "income", "gift_in", "deposit": result = incoming(kind, event, legs)
        case "withdrawal", "spend", "gift_out", "donation", "lost": result = outgoing(kind, event, legs)
        case "fee": result = feePayment(event, legs)
        default: result = exchanges(kind, event, legs)  // buy, sell, trade, auto: as the legs show.
        }
        attach(legs.fees, of: event, to: &result)
        return result
    }

    /// An event's legs netted per asset, in the order the assets first appear: what goes out and what comes in (both
    /// as positive quantities, with the rows they came from), and the fees totalled per asset.
    struct NettedLegs {
        typealias Side = (asset: Asset, quantity: Fixed, rows: RowSet)
        var outs: [Side]
        var ins: [Side]
        var fees: [(asset: Asset, quantity: Fixed)]

        init(_ legs: [Leg]) {
            var net: [Side] = []
            var fees: [(asset: Asset, quantity: Fixed)] = []
            net.reserveCapacity(legs.count)
            fees.reserveCapacity(legs.count)
            for leg in legs {
                if leg.isFee {
                    if let index = fees.firstIndex(where: { $0.asset == leg.asset }) { fees[index].quantity += leg.quantity } else { fees.append((leg.asset, leg.quantity)) }
                } else if let index = net.firstIndex(where: { $0.asset == leg.asset }) {
                    net[index].quantity += leg.quantity
                    net[index].rows.insert(leg.row)
                } else {
                    net.append((leg.asset, leg.quantity, RowSet(leg.row)))
                }
            }
            outs = net.filter { $0.quantity.isNegative }.map { (asset: $0.asset, quantity: -$0.quantity, rows: $0.rows) }
            ins = net.filter { $0.quantity.isPositive }
            self.fees = fees
        }

        /// What the legs move, for messages: `0.5 BTC out, 1200 USD in`.
        var moves: String {
            let parts = outs.map { "\($0.quantity) \($0.asset) out" } + ins.map { "\($0.quantity) \($0.asset) in" }
            return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
        }
    }

    /// A transaction of `event` with nothing moved yet; `suffix` tells apart the several made from one id.
    func transaction(_ kind: TransactionKind, of event: Event, idSuffix suffix: String = "") -> Transaction {
        Transaction(
            id: (event.id ?? "") + (event.id == nil || suffix.isEmpty ? "" : suffix), timestamp: event.instant, date: event.date,
            sequence: event.line, kind: kind, wallet: Wallet(event.wallet ?? walletName), source: SourceLocation(file: file, line: event.line),
            note: event.note, chainTransaction: event.chainTransaction)
    }

    /// Counts a row that is not imported under `reason`: it makes no transaction.
    func skip(_ reason: String) -> [Transaction] {
        skipped[reason, default: 0] += 1
        return []
    }

    /// The event's fees, every one counted whatever the order of its rows. One is the first transaction's own fee: a fee in
    /// fiat (only a transaction's fee carries fiat into its cost or proceeds), else in a third asset, else in what it
    /// sent, else in what it received (ties by symbol). Each other fee in what the transaction sent is sent with it, and
    /// each in what it received comes off what it received (Kraken charges a trade's fee on either row): so its value is
    /// in the trade's cost or proceeds. Any other crypto fee is a fee transaction of its own (a disposal of the fee
    /// units); a second fiat fee in another currency cannot be carried, and is reported.
    func attach(_ fees: [(asset: Asset, quantity: Fixed)], of event: Event, to transactions: inout [Transaction]) {
        guard !transactions.isEmpty else { return }
        let paid = fees.filter { $0.quantity.isPositive }
        guard !paid.isEmpty else { return }
        let sent = transactions[0].sent?.asset, received = transactions[0].received?.asset
        func rank(_ asset: Asset) -> Int { asset.isFiat ? 0 : asset == sent ? 2 : asset == received ? 3 : 1 }
        let ordered = paid.count == 1 ? paid : paid.sorted { (rank($0.asset), $0.asset.symbol) < (rank($1.asset), $1.asset.symbol) }
        for (offset, fee) in ordered.enumerated() {
            if offset == 0 && transactions[0].fee == nil {
                transactions[0].fee = Amount(Quantity(fee.quantity), fee.asset)
            } else if fee.asset == sent, let amount = transactions[0].sent {
                transactions[0].sent = Amount(Quantity(amount.quantity.fixed + fee.quantity), amount.asset)
                transactions[0].note = noted(transactions[0].note, "fee \(fee.quantity) \(fee.asset) sent with it")
            } else if fee.asset == received, let amount = transactions[0].received, amount.quantity.fixed > fee.quantity {
                transactions[0].received = Amount(Quantity(amount.quantity.fixed - fee.quantity), amount.asset)
                transactions[0].note = noted(transactions[0].note, "fee \(fee.quantity) \(fee.asset) taken off what it received")
            } else if !fee.asset.isFiat {
                var extra = transaction(.fee, of: event, idSuffix: "#fee\(offset)")
                extra.fee = Amount(Quantity(fee.quantity), fee.asset)
                transactions.append(extra)
            } else {
                let carried = transactions[0].fee.map { "\($0.quantity) \($0.asset)" } ?? "another fee"
                fail(event.line, typeColumn, "'\(event.typeText)' pays fees in two fiat currencies (\(carried) and \(fee.quantity) \(fee.asset)): "
                    + "a transaction carries one fiat fee; split the row, or convert one fee in a --mapping of your own")
            }
        }
    }

    /// A note with one more part.
    func noted(_ note: String, _ part: String) -> String { note.isEmpty ? part : note + "; " + part }

    /// An event whose legs move no asset (none read, or they cancel out): nothing for a follow-up event, a fee
    /// transaction when it pays a crypto fee, else skipped. Nil when the event moves an asset.
    func movingNoAsset(_ event: Event, _ legs: NettedLegs) -> [Transaction]? {
        if event.legs.isEmpty && !event.quiet {
            return skip("\(event.typeText.isEmpty ? "rows" : "'\(event.typeText)' rows") that move nothing (zero or empty quantities)")
        }
        guard legs.outs.isEmpty && legs.ins.isEmpty else { return nil }
        if event.quiet { return [] }
        guard legs.fees.contains(where: { $0.quantity.isPositive && !$0.asset.isFiat }) else {
            return skip("\(event.typeText.isEmpty ? "rows" : "'\(event.typeText)' rows") whose legs cancel out (e.g. fiat bought with the same fiat)")
        }
        var result = [transaction(.fee, of: event)]
        attach(legs.fees, of: event, to: &result)
        return result
    }

    /// income, gift_in, deposit: one asset in, nothing out (fiat deposits are not tracked).
    func incoming(_ kind: String, _ event: Event, _ legs: NettedLegs) -> [Transaction] {
        guard legs.outs.isEmpty, legs.ins.count == 1, let received = legs.ins.first else {
            fail(event.line, typeColumn, "'\(event.typeText)' should only receive one asset, but it moves \(legs.moves)")
            return []
        }
        if kind == "deposit" && received.asset.isFiat { return skip("fiat deposits (fiat is not tracked)") }
        var tx = transaction(kind == "income" ? .income : kind == "gift_in" ? .giftIn : .deposit, of: event)
        tx.received = Amount(Quantity(received.quantity), received.asset)
        if kind == "income" { tx.incomeType = IncomeType(rawValue: event.action.income ?? "other") ?? .other }
        tx.value = event.values.total(of: received.rows)
        return [tx]
    }

    /// withdrawal, spend, gift_out, donation, lost: one asset out, nothing in (fiat withdrawals are not tracked).
    func outgoing(_ kind: String, _ event: Event, _ legs: NettedLegs) -> [Transaction] {
        guard legs.ins.isEmpty, legs.outs.count == 1, let sent = legs.outs.first else {
            fail(event.line, typeColumn, "'\(event.typeText)' should only send one asset, but it moves \(legs.moves)")
            return []
        }
        if kind == "withdrawal" && sent.asset.isFiat { return skip("fiat withdrawals (fiat is not tracked)") }
        let transactionKind: TransactionKind = switch kind {
        case "withdrawal": .withdrawal
        case "spend": .spend
        case "gift_out": .giftOut
        case "donation": .donation
        default: .lost
        }
        var tx = transaction(transactionKind, of: event)
        tx.sent = Amount(Quantity(sent.quantity), sent.asset)
        tx.value = event.values.total(of: sent.rows)
        return [tx]
    }

    /// fee: one asset out, paid as a fee (fiat fees outside a trade are not tracked).
    func feePayment(_ event: Event, _ legs: NettedLegs) -> [Transaction] {
        guard legs.ins.isEmpty, legs.outs.count == 1, let paid = legs.outs.first else {
            fail(event.line, typeColumn, "a fee row should only send one asset, but it moves \(legs.moves)")
            return []
        }
        if paid.asset.isFiat { return skip("fiat fees outside a trade") }
        var tx = transaction(.fee, of: event)
        tx.fee = Amount(Quantity(paid.quantity), paid.asset)
        tx.value = event.values.total(of: paid.rows)
        return [tx]
    }

    /// buy, sell, trade, auto: trades when both sides are there; with `auto`, one asset in or out alone is a deposit
    /// or a withdrawal.
    func exchanges(_ kind: String, _ event: Event, _ legs: NettedLegs) -> [Transaction] {
        let outs = legs.outs, ins = legs.ins
        if outs.isEmpty || ins.isEmpty {
            guard kind == "auto" else {
                fail(event.line, typeColumn, "'\(event.typeText)' is a trade but only one side is in the file: it moves \(legs.moves)"
                    + (spec.group.map { " (rows are paired by \($0.map(displayName).joined(separator: "+")))" } ?? ""))
                return []
            }
            let single = outs.first ?? (asset: ins[0].asset, quantity: ins[0].quantity, rows: ins[0].rows)
            guard outs.count + ins.count == 1 else {
                fail(event.line, typeColumn, "cannot tell what '\(event.typeText)' is: it moves \(legs.moves)")
                return []
            }
            if single.asset.isFiat { return skip(outs.isEmpty ? "fiat deposits (fiat is not tracked)" : "fiat withdrawals (fiat is not tracked)") }
            var tx = transaction(outs.isEmpty ? .deposit : .withdrawal, of: event)
            if outs.isEmpty { tx.received = Amount(Quantity(single.quantity), single.asset) } else { tx.sent = Amount(Quantity(single.quantity), single.asset) }
            tx.value = event.values.total(of: single.rows)
            return [tx]
        }
        guard outs.count == 1 || ins.count == 1 else {
            fail(event.line, typeColumn, "cannot pair the assets of '\(event.typeText)': it moves \(legs.moves)")
            return []
        }
        return conversions(event, legs)
    }

    /// One side against one or more on the other: one trade per leg of the many side, the single side apportioned
    /// by the exchange's values, else by quantity of the many side.
    func conversions(_ event: Event, _ legs: NettedLegs) -> [Transaction] {
        let outs = legs.outs, ins = legs.ins
        let values = event.values
        let many = outs.count >= ins.count ? outs : ins.map { (asset: $0.asset, quantity: $0.quantity, rows: $0.rows) }
        let one = outs.count >= ins.count ? (asset: ins[0].asset, quantity: ins[0].quantity, rows: ins[0].rows) : outs[0]
        let manyAreOuts = outs.count >= ins.count
        let weights: [Fixed] = many.allSatisfy({ values.total(of: $0.rows) != nil }) && many.count > 1
            ? many.map { values.total(of: $0.rows)!.fixed } : many.map { _ in Fixed(1) }
        let totalWeight = weights.reduce(Fixed.zero, +)
        var result: [Transaction] = []
        var left = one.quantity
        for (offset, leg) in many.enumerated() {
            let share = offset == many.count - 1 ? left
                : one.quantity.scaled(by: weights[offset], over: totalWeight, rounding: .halfEven)
            left -= share
            let sent = manyAreOuts ? Amount(Quantity(leg.quantity), leg.asset) : Amount(Quantity(share), one.asset)
            let received = manyAreOuts ? Amount(Quantity(share), one.asset) : Amount(Quantity(leg.quantity), leg.asset)
            let transactionKind: TransactionKind = sent.asset.isFiat && received.asset.isFiat ? .transfer
                : sent.asset.isFiat ? .buy : received.asset.isFiat ? .sell : .trade
            if transactionKind == .transfer {
                result += skip("fiat-to-fiat conversions (fiat is not tracked)")
                continue
            }
            var tx = transaction(transactionKind, of: event, idSuffix: many.count > 1 ? "#\(offset + 1)" : "")
            tx.sent = sent
            tx.received = received
            tx.value = many.count > 1 ? (manyAreOuts ? values.total(of: leg.rows) : nil) : values.total(of: outs[0].rows) ?? values.total(of: ins[0].rows)
            if many.count > 1 && weights[offset] == Fixed(1) && totalWeight != Fixed(1) {
                tx.note = [tx.note, "split evenly from a \(many.count)-way conversion"].filter { !$0.isEmpty }.joined(separator: "; ")
            }
            result.append(tx)
        }
        return result
    }
}

/// Reads a quantity and an asset out of free text: `Converted * * to {quantity} {asset}`.
enum TextPattern {
    static func match(_ pattern: String, _ text: String) -> (quantity: String, asset: String)? {
        // Word by word, without arrays of words (Coinbase's notes are read this way on every conversion row).
        var words = Words(pattern), values = Words(text)
        var quantity: String?, asset: String?
        while let word = words.next() {
            guard let value = values.next() else { return nil }
            switch word {
            case "*": continue
            case "{quantity}": quantity = String(value)
            case "{asset}": asset = String(value.trimmingCharacters(in: CharacterSet(charactersIn: ".,")))
            default: guard word.utf8.elementsEqual(value.utf8, by: { lowered($0) == lowered($1) }) || word.lowercased() == value.lowercased() else { return nil }
            }
        }
        guard let quantity, let asset else { return nil }
        return (quantity, asset)
    }

    /// An ASCII letter in lower case; any other byte as it is.
    private static func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// The words of a text split at spaces, empty words skipped.
    struct Words: IteratorProtocol {
        var rest: Substring
        init(_ text: String) { rest = Substring(text) }
        mutating func next() -> Substring? {
            let utf8 = rest.utf8
            guard let start = utf8.firstIndex(where: { $0 != 0x20 }) else { return nil }
            let end = utf8[start...].firstIndex(of: 0x20) ?? utf8.endIndex
            defer { rest = rest[end...] }
            return rest[start..<end]
        }
    }

    /// A trading pair's two assets: `ETH_CRO`, `XTZ-USDT`, `KCS/BTC` → base and quote; nil without exactly one separator.
    static func splitPair(_ pair: String) -> (base: String, quote: String)? {
        let parts = pair.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "/" }).map { String($0).trimmingSpaces() }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (parts[0], parts[1])
    }

    /// A pair written without a separator, split at the longest of `quotes` that ends it and leaves a base before it:
    /// `XXBTZEUR` with `ZEUR` → `XXBT` and `ZEUR`; nil when none does.
    static func splitPair(_ pair: String, quotes: [String]) -> (base: String, quote: String)? {
        let upper = pair.trimmingSpaces().uppercased()
        guard let quote = quotes.map({ $0.uppercased() }).filter({ upper.hasSuffix($0) && upper.count > $0.count })
            .max(by: { $0.count < $1.count }) else { return nil }
        return (String(upper.dropLast(quote.count)), quote)
    }

    /// The asset in a column name matching a template: `{asset} Amount {asset}` and `BTC Amount BTC` → `BTC`.
    static func templateAsset(_ template: String, _ name: String) -> String? {
        let parts = template.components(separatedBy: "{asset}")
        guard parts.count >= 2 else { return nil }
        var rest = Substring(name)
        var found: String?
        for (offset, part) in parts.enumerated() {
            if offset == 0 {
                guard rest.lowercased().hasPrefix(part.lowercased()) else { return nil }
                rest = rest.dropFirst(part.count)
                continue
            }
            let end: Substring.Index
            if part.isEmpty {
                end = rest.endIndex
            } else {
                guard let range = rest.range(of: part, options: .caseInsensitive) else { return nil }
                end = range.lowerBound
            }
            let asset = String(rest[..<end])
            guard !asset.isEmpty, !asset.contains(" "), found == nil || found == asset else { return nil }
            found = asset
            rest = rest[end...].dropFirst(part.count)
        }
        return rest.isEmpty ? found : nil
    }
}

private extension Int64 {
    func quotientFloor(_ divisor: Int64) -> Int64 { self >= 0 ? self / divisor : -((-self + divisor - 1) / divisor) }
}

/// The rows an event's leg came from: one in the common case, without allocating.
struct RowSet: Sequence {
    var first: Int
    var more: [Int] = []
    init(_ row: Int) { first = row }
    mutating func insert(_ row: Int) { if row != first && !more.contains(row) { more.append(row) } }
    var isEmpty: Bool { false }
    func makeIterator() -> IndexingIterator<[Int]> { ([first] + more).makeIterator() }
    func allRows(_ body: (Int) -> Bool) -> Bool {
        guard body(first) else { return false }
        for row in more where !body(row) { return false }
        return true
    }
}

/// The exchange's fiat value of each row of an event, by line: one in the common case, without allocating. The values
/// of one event are in one currency; rows valued in different currencies give the event no value (it is priced at
/// replay instead).
struct RowValues {
    var first: (row: Int, value: Money)?
    var more: [(row: Int, value: Money)] = []
    /// The currency of the values.
    private(set) var currency: Asset?
    private var mixed = false

    subscript(row: Int) -> Money? {
        if mixed { return nil }
        if let first, first.row == row { return first.value }
        return more.first { $0.row == row }?.value
    }

    /// Records row `row`'s value in `currency` (the first value of a row wins).
    mutating func set(_ row: Int, _ value: Money, in currency: Asset) {
        if let known = self.currency, known != currency { mixed = true }
        self.currency = currency
        guard self[row] == nil else { return }
        if first == nil { first = (row, value) } else { more.append((row, value)) }
    }

    mutating func merge(_ other: RowValues) {
        guard let currency = other.currency else { return }
        if other.mixed { mixed = true }
        if let entry = other.first { set(entry.row, entry.value, in: currency) }
        for entry in other.more { set(entry.row, entry.value, in: currency) }
    }

    /// The total of the values of `rows`; nil unless each of them has one.
    func total(of rows: RowSet) -> Money? {
        var total = Money.zero
        let complete = rows.allRows { row in
            guard let value = self[row] else { return false }
            total += value
            return true
        }
        return complete ? total : nil
    }
}
