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

    /// A table of `count` rows written as it is made, each row's cells given as strings.
    static func write(headers: [String], leftAligned: Set<Int>, count: Int, to writer: TextWriter, cells: (Int) -> [String]) {
        write(headers: headers, leftAligned: leftAligned, count: count, to: writer) { index, row in
            for cell in cells(index) { row.cell(cell) }
        }
    }

    /// A table of `count` rows written as it is made: one pass over the rows finds the columns' widths, a second writes
    /// the lines. `row(i, &cells)` adds row `i`'s cells to `cells`, as bytes (no `String` per cell). The first pass keeps
    /// the cells it made, up to `cacheBytes` of them (about 300,000 rows of gains), so that the second lays those rows out
    /// without making them again; rows past that are asked of `row` again (which must give the same cells both times).
    /// Linear in the rows; memory at most `cacheBytes` and a little more.
    static func write(headers: [String], leftAligned: Set<Int>, count: Int, to writer: TextWriter, row: (Int, inout TableCells) -> Void) {
        var widths = headers.map(width)
        let columns = headers.count
        // The rows cached: each has exactly `columns` cells. Room for them is reserved at once (a guess of the row's size,
        // bounded by `cacheBytes`): grown by doubling, the cells were copied over and over, each copy new pages.
        var cache = TableCells()
        // The last row cached may pass `cacheBytes`: room for it too (else the whole cache is copied to grow).
        cache.reserve(
            bytes: min(cacheBytes, count.multipliedReportingOverflow(by: 160).partialValue) + (64 << 10),
            cells: min(count, cacheBytes / 64) * columns)
        var cached = 0
        var scratch = TableCells()
        for index in 0..<count {
            if cached == index && cache.bytes.count < cacheBytes {
                let first = cache.count
                row(index, &cache)
                for column in 0..<min(cache.count - first, columns) { widths[column] = max(widths[column], cache.width(first + column)) }
                if cache.count - first == columns { cached += 1 } else { cache.removeCells(from: first) }
            } else {
                scratch.removeAll()
                row(index, &scratch)
                for column in 0..<min(scratch.count, columns) { widths[column] = max(widths[column], scratch.width(column)) }
            }
        }
        var lines = LineWriter(widths: widths, leftAligned: widths.indices.map(leftAligned.contains), writer: writer)
        var header = TableCells()
        for name in headers { header.cell(name) }
        lines.write(header, from: 0, count: header.count)
        writer.write(text: widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n")
        for index in 0..<count {
            guard index < cached else {
                scratch.removeAll()
                row(index, &scratch)
                lines.write(scratch, from: 0, count: scratch.count)
                continue
            }
            lines.write(cache, from: index * columns, count: columns)
        }
    }

    /// Lays out a table's lines: cells padded to their column's width, two spaces apart, the line's trailing spaces cut.
    /// Each line is made in a buffer of its own with plain copies (a million lines: no array appends, no element-wise
    /// padding), then handed to the writer.
    private struct LineWriter {
        let widths: [Int]
        let left: [Bool]
        let writer: TextWriter
        private var line: [UInt8]

        init(widths: [Int], leftAligned: [Bool], writer: TextWriter) {
            self.widths = widths
            self.left = leftAligned
            self.writer = writer
            // Every cell at its width, the separators and the newline: a line of ASCII cells fits without growing.
            line = [UInt8](repeating: 0x20, count: widths.reduce(0, +) + 2 * widths.count + 1)
        }

        mutating func write(_ cells: TableCells, from first: Int, count: Int) {
            let columns = min(count, widths.count)
            var needed = 1
            var ascii = true
            for column in 0..<columns {
                let bytes = cells.byteCount(first + column), width = cells.width(first + column)
                ascii = ascii && bytes == width
                // Exactly what is written below: the separator, the padding and the bytes (more bytes than width past ASCII).
                needed += 2 + max(0, widths[column] - width) + bytes
            }
            if needed > line.count { line = [UInt8](repeating: 0x20, count: needed) }
            let length: Int = line.withUnsafeMutableBufferPointer { buffer in
                cells.withStorage { storage in
                    let base = buffer.baseAddress!
                    var end = 0
                    for column in 0..<columns {
                        if column > 0 {
                            base[end] = 0x20
                            base[end + 1] = 0x20
                            end += 2
                        }
                        let range = cells.range(first + column)
                        let padding = max(0, widths[column] - cells.width(first + column))
                        if !left[column] {
                            (base + end).update(repeating: 0x20, count: padding)
                            end += padding
                        }
                        if !range.isEmpty { (base + end).update(from: storage.baseAddress! + range.lowerBound, count: range.count) }
                        end += range.count
                        if left[column] {
                            (base + end).update(repeating: 0x20, count: padding)
                            end += padding
                        }
                    }
                    // A line of ASCII: its trailing spaces are cut here. Past ASCII a space may end a longer character
                    // (after a prepended mark): cut below, as `String` sees it.
                    if ascii { while end > 0 && base[end - 1] == 0x20 { end -= 1 } }
                    return end
                }
            }
            guard ascii else {
                var text = String(decoding: line[..<length], as: UTF8.self)
                while text.last == " " { text.removeLast() }
                writer.write(text: text + "\n")
                return
            }
            line[length] = 0x0A
            line.withUnsafeBufferPointer { writer.write(bytes: UnsafeBufferPointer(rebasing: $0[...length])) }
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

/// A table's cells as bytes, one after the other: a row's cells are added part by part (`append`), each ended by
/// `end()` (or added whole with `cell`). A cell's control characters are escaped as `TextTable.printable` does, and its
/// width on screen is kept with it.
struct TableCells {
    private(set) var storage: [UInt8] = []
    /// Where each cell ends in `storage`, and its width on screen.
    private var ends: [UInt32] = []
    private var widths: [UInt32] = []
    /// Where the cell being made begins.
    private var start = 0
    /// The cell being made may hold a control character or a byte past ASCII (a `String` part had one).
    private var unusual = false

    var count: Int { ends.count }
    var bytes: [UInt8] { storage }

    func bytes(_ cell: Int) -> ArraySlice<UInt8> { storage[range(cell)] }
    func width(_ cell: Int) -> Int { Int(widths[cell]) }
    /// Where the cell's bytes lie in the storage.
    func range(_ cell: Int) -> Range<Int> { (cell == 0 ? 0 : Int(ends[cell - 1]))..<Int(ends[cell]) }
    func byteCount(_ cell: Int) -> Int { range(cell).count }

    func withStorage<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result { storage.withUnsafeBufferPointer(body) }

    /// Room for `bytes` bytes in `cells` cells, taken at once.
    mutating func reserve(bytes: Int, cells: Int) {
        storage.reserveCapacity(bytes)
        ends.reserveCapacity(cells)
        widths.reserveCapacity(cells)
    }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        widths.removeAll(keepingCapacity: true)
        start = 0
        unusual = false
    }

    /// Drops the cells from `cell` on.
    mutating func removeCells(from cell: Int) {
        let end = cell == 0 ? 0 : Int(ends[cell - 1])
        storage.removeSubrange(end...)
        ends.removeSubrange(cell...)
        widths.removeSubrange(cell...)
        start = end
        unusual = false
    }

    /// A whole cell.
    mutating func cell(_ text: String) {
        append(text)
        end()
    }

    /// Part of the cell being made.
    mutating func append(_ text: String) {
        // The text's bytes copied whole where they lie together (native and small strings), not one by one.
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            storage.append(contentsOf: bytes)
            if !unusual { unusual = bytes.contains { $0 < 0x20 || $0 >= 0x7F } }
            return true
        }
        guard copied == nil else { return }
        let before = storage.count
        storage.append(contentsOf: text.utf8)
        if !unusual { unusual = storage[before...].contains { $0 < 0x20 || $0 >= 0x7F } }
    }

    /// Part of the cell known to be printable ASCII (a literal, a figure, a date).
    mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { storage.append(contentsOf: $0) }
    }

    /// `date.description`.
    mutating func append(_ date: CivilDate) {
        appendFigure { date.writeDescription(at: $0) } otherwise: { date.description }
    }

    /// `value.description` (`NumberText.decimal`).
    mutating func append(decimal value: Fixed) {
        appendFigure { NumberText.decimal(value, at: $0) } otherwise: { NumberText.decimal(value) }
    }

    /// `value.groupedCents` (`TextTable.money`).
    mutating func append(cents value: Money) {
        appendFigure { NumberText.groupedCents(value, at: $0) } otherwise: { NumberText.groupedCents(value) }
    }

    private mutating func appendFigure(
        _ body: (UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>?, otherwise: () -> String
    ) {
        let written: Bool = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: NumberText.maximumBytes) { buffer in
            guard let base = buffer.baseAddress, let end = body(base) else { return false }
            storage.append(contentsOf: UnsafeBufferPointer(start: base, count: end - base))
            return true
        }
        if !written { storage.append(contentsOf: otherwise().utf8) }
    }

    /// Ends the cell being made.
    mutating func end() {
        var width = storage.count - start
        if unusual {
            // Rare: escape its control characters (`TextTable.printable`) and count its characters.
            let cell = TextTable.printable(String(decoding: storage[start...], as: UTF8.self))
            storage.removeSubrange(start...)
            storage.append(contentsOf: cell.utf8)
            width = TextTable.width(cell)
            unusual = false
        }
        ends.append(UInt32(truncatingIfNeeded: storage.count))
        widths.append(UInt32(truncatingIfNeeded: width))
        start = storage.count
    }
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
