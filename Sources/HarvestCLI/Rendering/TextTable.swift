import HarvestCore
import HarvestReports

/// Plain-text tables for people: left-aligned text, right-aligned numbers.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns aligned left (text); the others align right (numbers).
    var leftAligned: Set<Int>

    init(headers: [String], leftAligned: Set<Int>) {
        self.headers = headers
        self.leftAligned = leftAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        TextWriter.text { writer in Self.write(headers: headers, leftAligned: leftAligned, count: rows.count, to: writer) { rows[$0] } }
    }

    /// A table of `count` rows written as it is made: one pass over `cells` finds the columns' widths, a second writes
    /// the lines. The first pass keeps the cells it made as bytes, up to `cacheBytes` of them (about 300,000 rows of gains),
    /// so that the second lays those rows out without making their cells again; rows past that are asked of `cells` again
    /// (which must give the same cells both times). Linear in the rows; memory at most `cacheBytes` and a little more.
    static func write(headers: [String], leftAligned: Set<Int>, count: Int, to writer: TextWriter, cells: (Int) -> [String]) {
        var widths = headers.map(width)
        let columns = headers.count
        // The cached rows' cells: their bytes one after the other, where each ends, and each one's width on screen.
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var cellWidths: [Int] = []
        var cached = 0
        for index in 0..<count {
            let row = cells(index)
            let caching = cached == index && bytes.count < cacheBytes && row.count == columns
            for (column, written) in row.enumerated() where column < widths.count {
                let cell = printable(written)
                let cellWidth = width(cell)
                widths[column] = max(widths[column], cellWidth)
                if caching {
                    bytes += cell.utf8
                    ends.append(bytes.count)
                    cellWidths.append(cellWidth)
                }
            }
            if caching { cached += 1 }
        }
        let left = widths.indices.map(leftAligned.contains)
        var line: [UInt8] = []
        // Cells padded to their column's width, two spaces apart, the line's trailing spaces cut.
        func write(count: Int, cell: (Int) -> (bytes: ArraySlice<UInt8>, width: Int)) {
            line.removeAll(keepingCapacity: true)
            var ascii = true
            for column in 0..<count {
                let (cellBytes, cellWidth) = cell(column)
                if column > 0 { line += [0x20, 0x20] }
                let padding = max(0, widths[column] - cellWidth)
                ascii = ascii && cellWidth == cellBytes.count
                if !left[column] { line += repeatElement(0x20, count: padding) }
                line += cellBytes
                if left[column] { line += repeatElement(0x20, count: padding) }
            }
            guard ascii else {
                // Past ASCII a space may end a longer character (after a prepended mark): cut as `String` sees it.
                var text = String(decoding: line, as: UTF8.self)
                while text.last == " " { text.removeLast() }
                writer.write(text: text + "\n")
                return
            }
            while line.last == 0x20 { line.removeLast() }
            line.append(0x0A)
            line.withUnsafeBufferPointer { writer.write(bytes: $0) }
        }
        func write(_ cells: [String]) {
            write(count: cells.count) { column in
                let cell = printable(cells[column])
                return (ArraySlice(cell.utf8), width(cell))
            }
        }
        write(headers)
        writer.write(text: widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n")
        for index in 0..<count {
            guard index < cached else {
                write(cells(index))
                continue
            }
            write(count: columns) { column in
                let at = index * columns + column
                return (bytes[(at == 0 ? 0 : ends[at - 1])..<ends[at]], cellWidths[at])
            }
        }
    }

    /// How many bytes of cells the first pass keeps for the second.
    static let cacheBytes = 32 << 20

    /// The cell with its control characters escaped (`\n`, `\t`, `\r`, `\u{1B}`...): a newline in a wallet's name
    /// would split its row, and an escape sequence would reach the terminal. As it is when it has none (nearly always).
    static func printable(_ cell: String) -> String {
        // C0 controls and DEL are single bytes; C1 controls (U+0080...U+009F) are 0xC2 followed by 0x80...0x9F.
        var previous: UInt8 = 0
        let clean = !cell.utf8.contains { byte in
            defer { previous = byte }
            return byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F)
        }
        if clean { return cell }
        var escaped = ""
        for scalar in cell.unicodeScalars {
            switch scalar.value {
            case 0x0A: escaped += "\\n"
            case 0x0D: escaped += "\\r"
            case 0x09: escaped += "\\t"
            case 0..<0x20, 0x7F, 0x80...0x9F: escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The cell's width on screen, in characters: its bytes when it is ASCII (nearly always, and much quicker to count).
    static func width(_ cell: String) -> Int {
        cell.utf8.contains { $0 >= 0x80 } ? cell.count : cell.utf8.count
    }

    /// `1234567.891` → `1,234,567.89` (cents, half away from zero).
    static func money(_ value: Money) -> String { NumberText.groupedCents(value) }
}

/// How many rows a table shows: all of them, or on a terminal at most `terminalLimit`, with a note after the table
/// saying how many were left out and how to see them.
struct TableRows {
    /// A person scrolls back through a few thousand lines at most (tmux keeps 2,000 by default); past that, a table on
    /// a terminal is cut short. Pipes and files get every row.
    static let terminalLimit = 2_000

    /// The rows to show: nil for all of them.
    var limit: Int?

    static let all = TableRows(limit: nil)

    /// On a terminal, without `--all`: at most `terminalLimit` rows.
    static func forStandardOutput(all: Bool) -> TableRows {
        TableRows(limit: !all && StreamedOutput.isTerminal ? terminalLimit : nil)
    }

    /// How many of `count` rows are shown.
    func shown(of count: Int) -> Int { limit.map { min($0, count) } ?? count }

    /// The line after a table that left rows out, or nil when every row is shown.
    /// - Parameter seeAll: how to see them all, a sentence.
    func note(rows count: Int, noun: String, seeAll: String) -> String? {
        let shown = shown(of: count)
        guard shown < count else { return nil }
        func grouped(_ number: Int) -> String { Money.grouped(String(number)) }
        return "... \(grouped(count - shown)) more \(noun) not shown (the first \(grouped(shown)) of \(grouped(count)) are above). \(seeAll)\n"
    }
}
