import Foundation
import HarvestCore

/// A format ready to read files: its spec with every name resolved once.
public struct ExchangeFormat: Sendable {
    public let spec: FormatSpec
    let patterns: [TimePattern]
    /// The type table with its keys lower-cased and trimmed.
    let typeMap: [String: FormatSpec.Action]
    /// The type table's `prefix*` keys, lower-cased, longest prefix first.
    let typePrefixes: [(prefix: String, action: FormatSpec.Action)]
    let aliases: [String: String]
    let statusAccept: StatusValues
    let statusSkip: StatusValues
    /// `spec.statuses`' accepted and skipped values.
    let moreStatuses: [(accept: StatusValues, skip: StatusValues)]
    /// Cell values read as empty, lower-cased.
    let emptyValues: Set<String>
    /// The required columns, normalized, each with its alternatives (`UTC_Time|Time`: either name).
    let requiredColumns: [[String]]
    /// The `absent` columns, normalized.
    let absentColumns: [String]

    public init(_ spec: FormatSpec) {
        self.spec = spec
        patterns = spec.time.formats.map(TimePattern.init)
        var map: [String: FormatSpec.Action] = [:]
        for (key, action) in spec.type.map ?? [:] { map[key.trimmingSpaces().lowercased()] = action }
        typeMap = map
        typePrefixes = map.filter { $0.key.hasSuffix("*") }.map { (String($0.key.dropLast()), $0.value) }
            .sorted { $0.prefix.count > $1.prefix.count || ($0.prefix.count == $1.prefix.count && $0.prefix < $1.prefix) }
        var aliases: [String: String] = [:]
        for (key, value) in spec.aliases ?? [:] { aliases[key.uppercased()] = value.uppercased() }
        self.aliases = aliases
        statusAccept = StatusValues(spec.status?.accept ?? [])
        statusSkip = StatusValues(spec.status?.skip ?? [])
        moreStatuses = (spec.statuses ?? []).map { (StatusValues($0.accept), StatusValues($0.skip ?? [])) }
        emptyValues = Set((spec.empty ?? []).map { $0.lowercased() })
        requiredColumns = spec.header.map { column in column.split(separator: "|").map { normalizedColumn(ColumnReference(String($0)).name) } }
        absentColumns = (spec.absent ?? []).map { normalizedColumn($0) }
    }

    public var name: String { spec.name }

    /// The action of a type value (lower-cased): an exact key, else the longest `prefix*` key it begins with.
    func action(forType key: String) -> FormatSpec.Action? {
        if let exact = typeMap[key] { return exact }
        return typePrefixes.first { key.hasPrefix($0.prefix) }?.action
    }

    /// Whether `fields` (one line of a file) is this format's header.
    func isHeader(_ normalized: Set<String>) -> Bool {
        requiredColumns.allSatisfy { $0.contains(where: normalized.contains) } && extraColumns(normalized).isEmpty
    }

    /// How many of the required columns `normalized` has: for "closest formats" suggestions.
    func overlap(_ normalized: Set<String>) -> Int { requiredColumns.filter { $0.contains(where: normalized.contains) }.count }

    /// The required columns (as the spec names them) that a line lacks.
    public func missingColumns(_ normalized: Set<String>) -> [String] {
        zip(spec.header, requiredColumns).filter { !$0.1.contains(where: normalized.contains) }.map(\.0)
    }

    /// The columns a line has that rule this format out (`FormatSpec.absent`).
    public func extraColumns(_ normalized: Set<String>) -> [String] {
        zip(spec.absent ?? [], absentColumns).filter { normalized.contains($0.1) }.map(\.0)
    }

    /// Why a line is not this format's header: the columns it lacks, else those that rule the format out.
    public func headerMismatch(_ normalized: Set<String>) -> String {
        let missing = missingColumns(normalized)
        if !missing.isEmpty { return "missing \(missing.joined(separator: ", "))" }
        let extra = extraColumns(normalized)
        return "every column it needs is there, but so is \(extra.joined(separator: ", ")), which \(name)'s files do not have"
    }

    /// The symbol an exchange writes, as Harvest names it.
    func asset(_ raw: String) -> String {
        var symbol = raw.trimmingSpaces().uppercased()
        if let alias = aliases[symbol] { return alias }
        for suffix in spec.stripSuffixes ?? [] where symbol.hasSuffix(suffix.uppercased()) && symbol.count > suffix.count {
            symbol.removeLast(suffix.count)
            break
        }
        return aliases[symbol] ?? symbol
    }
}

/// A status column's accepted or skipped values, lower-cased: exact values, `prefix*` values (any value that begins with the
/// text before the `*`: Trezor Suite's `ID 1234` amounts of NFTs for `ID *`), and `*` alone (any value but an empty one).
struct StatusValues: Sendable {
    let exact: Set<String>
    let prefixes: [String]
    let anyValue: Bool

    init(_ values: [String]) {
        let lowered = values.map { $0.lowercased() }
        exact = Set(lowered.filter { !$0.hasSuffix("*") })
        prefixes = lowered.filter { $0.count > 1 && $0.hasSuffix("*") }.map { String($0.dropLast()) }
        anyValue = lowered.contains("*")
    }

    /// Whether `key` (lower-cased) is one of the exact values.
    func containsExactly(_ key: String) -> Bool { exact.contains(key) }

    /// Whether `key` (lower-cased) begins with one of the `prefix*` values.
    func containsByPrefix(_ key: String) -> Bool { prefixes.contains { key.hasPrefix($0) } }
}

/// A column named in a spec: `Cur.` or `Cur.#2` (the second column of that name).
struct ColumnReference {
    var name: String
    var occurrence: Int

    init(_ text: String) {
        if let hash = text.lastIndex(of: "#"), let number = Int(text[text.index(after: hash)...]) {
            name = String(text[..<hash])
            occurrence = number
        } else {
            name = text
            occurrence = 1
        }
    }
}

/// The formats Harvest knows: one JSON file each in `Sources/HarvestImport/Formats/`, compiled in.
public enum ExchangeFormats {
    public static let builtIn: [ExchangeFormat] = {
        EmbeddedFormats.files.map { name, bytes in
            do {
                return ExchangeFormat(try FormatSpec.decode(Data(bytes), file: name))
            } catch {
                fatalError("built-in format \(name) is invalid: \(error)")
            }
        }.sorted { $0.name < $1.name }
    }()

    public static func named(_ name: String) -> ExchangeFormat? { builtIn.first { $0.name == name.lowercased() } }

    /// The built-in formats as a Markdown table, one row per format (its name and title, and why it is refused when it is):
    /// what `harvest formats --markdown` prints and the README's table of formats holds (a test keeps them equal).
    public static func markdownTable(_ formats: [ExchangeFormat] = builtIn) -> String {
        var lines = ["| format | what |", "|---|---|"]
        for format in formats {
            let what = format.spec.title + (format.spec.unsupported.map { " — refused: \($0)" } ?? "")
            lines.append("| `\(format.name)` | \(what.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The format whose header is among the first lines of `text`, with the header's line number; the most
    /// specific (most required columns) wins. Nil with the closest candidates when none matches.
    public static func detect(_ text: String, among formats: [ExchangeFormat] = builtIn) -> Detection {
        var best: (format: ExchangeFormat, line: Int)?
        let index = FormatIndex.of(formats)
        for separator in index.separators {
            var records = CSVReader(text, separator: Character(separator)).makeIterator()
            var scanned = 0
            while scanned < 30, let record = records.next() {
                scanned += 1
                let normalized = Set(record.fields.map(normalizedColumn))
                // Only the formats whose first required column the line has can match it (a lookup per field, not a
                // check per format). A format that shares another's header (`detect: false`) is only used when named.
                for position in index.candidates(normalized, separator: separator) {
                    let format = formats[position]
                    guard format.spec.detect != false, format.isHeader(normalized) else { continue }
                    if best == nil || format.spec.header.count > best!.format.spec.header.count {
                        best = (format, record.line)
                    }
                }
                if best != nil { break }
            }
        }
        if let best { return .found(best.format, headerLine: best.line) }
        let header = likelyHeader(text, among: formats)
        let normalized = Set(header.fields.map(normalizedColumn))
        var candidates: [(format: ExchangeFormat, score: Double)] = []
        for format in formats {
            let score = Double(format.overlap(normalized)) / Double(max(1, format.requiredColumns.count))
            if score > 0 { candidates.append((format, score)) }
        }
        let closest = candidates.sorted { $0.score > $1.score || ($0.score == $1.score && $0.format.name < $1.format.name) }
            .prefix(3).map(\.format)
        return .unknown(header: header.fields, closest: Array(closest))
    }

    /// The line among the first 30 that looks like a file's header, with its number: the one sharing the most columns
    /// with a known format; else the first of the lines with the most cells that are all names (not empty, not numbers),
    /// so that a preamble (`Transactions`, `User,John,...`) is passed over; else the first line.
    public static func likelyHeader(_ text: String, among formats: [ExchangeFormat] = builtIn) -> (line: Int, fields: [String]) {
        var records = CSVReader(text).makeIterator()
        var scanned = 0
        var first: (line: Int, fields: [String])?
        var bestOverlap: (line: Int, fields: [String], overlap: Int)?
        var bestNames: (line: Int, fields: [String], count: Int)?
        // Formats by column name (each alternative of a required column): a line costs a lookup per field rather than one
        // per format and column.
        let formatsByColumn = FormatIndex.of(formats).byColumn
        while scanned < 30, let record = records.next() {
            scanned += 1
            let fields = record.fields.map { $0.trimmingSpaces() }
            if first == nil { first = (record.line, fields) }
            var matched = Set<Int>()  // format << 16 | column: each required column counted once
            for name in Set(fields.map(normalizedColumn)) {
                for (format, column) in formatsByColumn[name] ?? [] { matched.insert(format << 16 | column) }
            }
            var counts: [Int: Int] = [:]
            for key in matched { counts[key >> 16, default: 0] += 1 }
            let overlap = counts.values.max() ?? 0
            if overlap > (bestOverlap?.overlap ?? 0) { bestOverlap = (record.line, fields, overlap) }
            let names = fields.filter { !$0.isEmpty }
            let allNames = names.count >= 2 && names.allSatisfy { name in
                name.unicodeScalars.contains { $0.properties.isAlphabetic } && Double(name) == nil
            }
            if allNames && names.count > (bestNames?.count ?? 0) { bestNames = (record.line, fields, names.count) }
        }
        // One shared column is chance (`Date`); two or more say which line is the header.
        if let bestOverlap, bestOverlap.overlap >= 2 { return (bestOverlap.line, bestOverlap.fields) }
        if let bestNames { return (bestNames.line, bestNames.fields) }
        return first ?? (1, [])
    }

    /// Exports that hold only part of an account's history, that Harvest does not read, with the export to download
    /// instead: by the columns that recognize them.
    static let partialExports: [(header: [String], advice: String)] = [
        (["txid", "ordertxid", "pair", "time", "type", "ordertype", "price", "cost", "fee", "vol"],
         "this is Kraken's trades export (trades.csv): it holds only trades, without deposits, withdrawals, staking or "
            + "the asset a fee was paid in. Download the ledger instead (Kraken: History, Export, Ledgers; the file is "
            + "ledgers.csv) and import that: Harvest reads it as the kraken format"),
    ]

    /// What to download instead of a partial export (`partialExports`), when `header` is one; nil otherwise. Skipped for
    /// an export that a format of `formats` reads (a format for it added later wins).
    public static func partialExportAdvice(_ header: [String], among formats: [ExchangeFormat] = builtIn) -> String? {
        let normalized = Set(header.map(normalizedColumn))
        guard !formats.contains(where: { $0.isHeader(normalized) }) else { return nil }
        return partialExports.first { $0.header.allSatisfy { normalized.contains(normalizedColumn($0)) } }?.advice
    }

    public enum Detection {
        case found(ExchangeFormat, headerLine: Int)
        case unknown(header: [String], closest: [ExchangeFormat])
    }
}

/// The formats indexed by column name, built once for the built-in list: what recognition looks up per field.
struct FormatIndex: Sendable {
    /// The separators the formats use, in order.
    let separators: [String]
    /// By separator: the formats (positions in the list) by each alternative name of their first required column; and
    /// those with no required column, which any line may match.
    let byFirstColumn: [String: [String: [Int]]]
    let withoutColumns: [String: [Int]]
    /// Every alternative of every required column: the formats and the column's place.
    let byColumn: [String: [(format: Int, column: Int)]]
    let names: [String]

    init(_ formats: [ExchangeFormat]) {
        var first: [String: [String: [Int]]] = [:]
        var without: [String: [Int]] = [:]
        var byColumn: [String: [(format: Int, column: Int)]] = [:]
        for (position, format) in formats.enumerated() {
            let separator = format.spec.separator ?? ","
            if let names = format.requiredColumns.first {
                for name in Set(names) { first[separator, default: [:]][name, default: []].append(position) }
            } else {
                without[separator, default: []].append(position)
            }
            for (column, names) in format.requiredColumns.enumerated() {
                for name in names { byColumn[name, default: []].append((position, column)) }
            }
        }
        separators = Set(formats.map { $0.spec.separator ?? "," }).sorted()
        byFirstColumn = first
        withoutColumns = without
        self.byColumn = byColumn
        names = formats.map(\.name)
    }

    static let builtIn = FormatIndex(ExchangeFormats.builtIn)

    /// The index of `formats`: the built-in one when they are the built-in list.
    static func of(_ formats: [ExchangeFormat]) -> FormatIndex {
        formats.count == builtIn.names.count && zip(formats, builtIn.names).allSatisfy { $0.name == $1 } ? builtIn : FormatIndex(formats)
    }

    /// The formats of `separator` a line with these normalized cells may match, in the list's order.
    func candidates(_ normalized: Set<String>, separator: String) -> [Int] {
        var found = withoutColumns[separator] ?? []
        if let table = byFirstColumn[separator] {
            for name in normalized { found += table[name] ?? [] }
        }
        return found.count > 1 ? Array(Set(found)).sorted() : found
    }
}
