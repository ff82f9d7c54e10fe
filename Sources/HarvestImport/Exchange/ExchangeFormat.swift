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
    let statusAccept: Set<String>
    let statusSkip: Set<String>
    /// Cell values read as empty, lower-cased.
    let emptyValues: Set<String>

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
        statusAccept = Set((spec.status?.accept ?? []).map { $0.lowercased() })
        statusSkip = Set((spec.status?.skip ?? []).map { $0.lowercased() })
        emptyValues = Set((spec.empty ?? []).map { $0.lowercased() })
        requiredColumns = spec.header.map { normalizedColumn(ColumnReference($0).name) }
        absentColumns = (spec.absent ?? []).map { normalizedColumn($0) }
    }

    public var name: String { spec.name }

    /// The action of a type value (lower-cased): an exact key, else the longest `prefix*` key it begins with.
    func action(forType key: String) -> FormatSpec.Action? {
        if let exact = typeMap[key] { return exact }
        return typePrefixes.first { key.hasPrefix($0.prefix) }?.action
    }

    /// The required columns, normalized: computed once (recognition asks every format about each of a file's first lines).
    let requiredColumns: [String]
    /// The columns that rule the format out, normalized.
    let absentColumns: [String]

    /// Whether `fields` (one line of a file) is this format's header.
    func isHeader(_ normalized: Set<String>) -> Bool {
        requiredColumns.allSatisfy(normalized.contains) && !absentColumns.contains(where: normalized.contains)
    }

    /// How many of the required columns `normalized` has: for "closest formats" suggestions.
    func overlap(_ normalized: Set<String>) -> Int { requiredColumns.filter(normalized.contains).count }

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
        var firstLine: [String]?
        for separator in Set(formats.map { $0.spec.separator ?? "," }).sorted() {
            var records = CSVReader(text, separator: Character(separator)).makeIterator()
            var scanned = 0
            while scanned < 30, let record = records.next() {
                scanned += 1
                let normalized = Set(record.fields.map(normalizedColumn))
                if firstLine == nil || (separator == "," && scanned == 1) { firstLine = firstLine ?? record.fields }
                // A format that shares another's header (`detect: false`) is only used when named.
                for format in formats
                where (format.spec.separator ?? ",") == separator && format.spec.detect != false && format.isHeader(normalized) {
                    if best == nil || format.spec.header.count > best!.format.spec.header.count {
                        best = (format, record.line)
                    }
                }
                if best != nil { break }
            }
        }
        if let best { return .found(best.format, headerLine: best.line) }
        // The closest formats: by the share of their columns on the best of the first lines. Formats are found by column
        // (an index built once per call), so a line costs a lookup per field rather than one per format and column.
        var formatsByColumn: [String: [Int]] = [:]
        for (index, format) in formats.enumerated() {
            for column in format.requiredColumns { formatsByColumn[column, default: []].append(index) }
        }
        var scores = [Double](repeating: 0, count: formats.count)
        var firstRecords = CSVReader(text).makeIterator()
        var scanned = 0
        var header: [String] = []
        while scanned < 30, let record = firstRecords.next() {
            scanned += 1
            if header.isEmpty { header = record.fields }
            var counts: [Int: Int] = [:]
            for column in Set(record.fields.map(normalizedColumn)) {
                for index in formatsByColumn[column] ?? [] { counts[index, default: 0] += 1 }
            }
            for (index, count) in counts {
                scores[index] = max(scores[index], Double(count) / Double(max(1, formats[index].requiredColumns.count)))
            }
        }
        let closest = formats.indices.filter { scores[$0] > 0 }
            .sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && formats[$0].name < formats[$1].name) }
            .prefix(3).map { formats[$0] }
        return .unknown(header: header, closest: Array(closest))
    }

    public enum Detection {
        case found(ExchangeFormat, headerLine: Int)
        case unknown(header: [String], closest: [ExchangeFormat])
    }
}
