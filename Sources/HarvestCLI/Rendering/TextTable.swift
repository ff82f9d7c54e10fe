import HarvestCore

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
        var widths = headers.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return leftAligned.contains(index) ? cell + padding : padding + cell
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var out = line(headers) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    /// `1234567.891` → `1,234,567.89` (cents, half away from zero).
    static func money(_ value: Money) -> String { value.groupedCents }
}
