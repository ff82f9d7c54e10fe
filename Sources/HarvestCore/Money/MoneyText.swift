/// Amounts and rates as people read them, and as statistics read them. The one place money becomes text with
/// thousands separators, and the one place it becomes a `Double`.
extension Money {
    /// Cents, half away from zero (the IRS's "round half up"), with thousands separators: `1234567.891` → `1,234,567.89`.
    public var groupedCents: String { Money.grouped(formatted(scale: 2, .halfAwayFromZero)) }

    /// Whole units, half away from zero, with thousands separators: `-1234.5` → `-1,235` (one-line explanations).
    public var groupedWhole: String {
        let whole = fixed.integer(.halfAwayFromZero)
        // Through Int64 where it fits: the generic Int128 text is slower, and a plan explains every lot.
        return Money.grouped(Int64(exactly: whole).map { String($0) } ?? String(whole))
    }

    /// `-1234567.89` → `-1,234,567.89`: thousands separators in the whole part of a decimal text.
    public static func grouped(_ text: String) -> String {
        var bytes = Array(text.utf8)
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes.removeFirst() }
        let point = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        out.reserveCapacity(bytes.count + point / 3 + 1)
        for index in 0..<point {
            if index > 0 && (point - index) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(bytes[index])
        }
        out += bytes[point...]
        return String(decoding: out, as: UTF8.self)
    }
}

extension Fixed {
    /// A rate as a percentage, exactly: `0.35` → `35%`, `0.125` → `12.5%`.
    public var percent: String { multiplied(by: 100, rounding: .halfEven).description + "%" }

    /// This value as a `Double` cut to `fractionDigits` (0 to 18) decimal digits, for statistics only: correlations,
    /// returns, weights, chart coordinates. No amount is ever computed from the result.
    public func statistic(fractionDigits: Int) -> Double {
        precondition((0...Fixed.fractionDigits).contains(fractionDigits), "statistic precision \(fractionDigits) is outside 0...18")
        let unit = Fixed.powerOfTen(Fixed.fractionDigits - fractionDigits)
        var divisor = 1.0
        for _ in 0..<fractionDigits { divisor *= 10 }
        let scaled = raw / unit
        // Through Int64 where it fits (the generic Int128 conversion is slow, and statistics are computed often).
        return (Int64(exactly: scaled).map { Double($0) } ?? Double(scaled)) / divisor
    }
}
