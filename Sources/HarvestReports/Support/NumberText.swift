import HarvestCore

/// Decimal text written byte by byte into a buffer: the same text as `Fixed.description`, `Fixed.formatted(scale:_:)`
/// and `Money.groupedCents`, without a `String` or a 128-bit division for each figure. Reports that print a million
/// rows spend most of their time here (`TextWriter`, the tables of `harvest gains`).
public enum NumberText {
    /// The most bytes one figure takes here: a sign, 20 whole digits, the point and 18 fraction digits, with room for
    /// the thousands separators of `groupedCents`.
    public static let maximumBytes = 48

    /// `value.description`.
    public static func decimal(_ value: Fixed) -> String {
        string { decimal(value, at: $0) } ?? value.description
    }

    /// `value.formatted(scale: digits, mode)`.
    public static func formatted(_ value: Fixed, scale digits: Int, _ mode: RoundingMode) -> String {
        string { formatted(value, scale: digits, mode, at: $0) } ?? value.formatted(scale: digits, mode)
    }

    /// `value.groupedCents`: cents, half away from zero, with thousands separators (`-1,234,567.89`).
    public static func groupedCents(_ value: Money) -> String {
        string { groupedCents(value, at: $0) } ?? value.groupedCents
    }

    /// Writes `value.groupedCents` at `start` (room for `maximumBytes`); the end, or nil beyond 1.8e19.
    public static func groupedCents(_ value: Money, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>? {
        // The cents first, then the whole part's digits moved right to make room for a comma every three.
        guard let end = formatted(value.fixed, scale: 2, .halfAwayFromZero, at: start) else { return nil }
        let digitsStart = start.pointee == UInt8(ascii: "-") ? start + 1 : start
        let point = end - 3
        let wholeDigits = point - digitsStart
        let commas = (wholeDigits - 1) / 3
        guard commas > 0 else { return end }
        var from = end
        var to = end + commas
        // The point and the cents move as they are.
        for _ in 0..<3 {
            from -= 1
            to -= 1
            to.pointee = from.pointee
        }
        var written = 0
        while from > digitsStart {
            from -= 1
            to -= 1
            to.pointee = from.pointee
            written += 1
            if written % 3 == 0 && from > digitsStart {
                to -= 1
                to.pointee = UInt8(ascii: ",")
            }
        }
        return end + commas
    }

    /// A string of at most `maximumBytes` bytes written by `body`, which returns where it stopped (nil: it could not).
    static func string(_ body: (UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>?) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumBytes) { buffer in
            guard let start = buffer.baseAddress, let end = body(start) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
    }

    // MARK: - Into a buffer

    /// Writes `value.description` at `start` (room for `maximumBytes`); the end, or nil beyond 1.8e19.
    public static func decimal(_ value: Fixed, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>? {
        guard let (whole, fraction) = split(value.raw.magnitude) else { return nil }
        var position = start
        if value.raw < 0 {
            position.pointee = UInt8(ascii: "-")
            position += 1
        }
        position = writeDigits(of: whole, at: position)
        if fraction != 0 {
            var count = Fixed.fractionDigits
            var rest = fraction
            while rest % 10 == 0 {
                rest /= 10
                count -= 1
            }
            position.pointee = UInt8(ascii: ".")
            position = writeDigits(of: rest, count: count, at: position + 1)
        }
        return position
    }

    /// Writes `value.formatted(scale: digits, mode)` at `start` (room for `maximumBytes`): rounded as
    /// `Fixed.rounded(scale:_:)` rounds. The end, or nil beyond 1.8e19.
    public static func formatted(
        _ value: Fixed, scale digits: Int, _ mode: RoundingMode, at start: UnsafeMutablePointer<UInt8>
    ) -> UnsafeMutablePointer<UInt8>? {
        precondition((0...Fixed.fractionDigits).contains(digits), "scale \(digits) out of 0...\(Fixed.fractionDigits)")
        guard var (whole, fraction) = split(value.raw.magnitude) else { return nil }
        // The fraction cut to `digits` digits, then moved one unit away from zero where `mode` says so (`Fixed.adjust`).
        let unit = powersOfTen[Fixed.fractionDigits - digits]
        let negative = value.raw < 0
        var kept = fraction / unit
        fraction -= kept * unit
        if fraction != 0 {
            let away: Bool
            switch mode {
            case .towardZero: away = false
            case .awayFromZero: away = true
            case .down: away = negative
            case .up: away = !negative
            case .halfAwayFromZero: away = fraction >= unit - fraction
            case .halfEven:
                let rest = unit - fraction
                let odd = (digits > 0 ? kept : whole) & 1 == 1
                away = fraction > rest || (fraction == rest && odd)
            }
            if away {
                kept += 1
                if kept == powersOfTen[digits] {
                    guard whole < UInt64.max else { return nil }
                    kept = 0
                    whole += 1
                }
            }
        }
        var position = start
        // A value that rounds to zero has no sign (`Fixed.formatted` writes the rounded value).
        if negative && (whole != 0 || kept != 0) {
            position.pointee = UInt8(ascii: "-")
            position += 1
        }
        position = writeDigits(of: whole, at: position)
        if digits > 0 {
            position.pointee = UInt8(ascii: ".")
            position = writeDigits(of: kept, count: digits, at: position + 1)
        }
        return position
    }

    /// A fixed-point magnitude as its whole part and its 18 fractional digits, each in 64 bits: one hardware division
    /// rather than the 128-bit library call. Nil when the whole part needs more than 64 bits (beyond 1.8e19).
    @inline(__always)
    static func split(_ magnitude: UInt128) -> (whole: UInt64, fraction: UInt64)? {
        let high = UInt64(truncatingIfNeeded: magnitude >> 64)
        let scale = UInt64(Fixed.scale)
        guard high < scale else { return nil }
        let (whole, fraction) = scale.dividingFullWidth((high: high, low: UInt64(truncatingIfNeeded: magnitude)))
        return (whole, fraction)
    }

    /// Writes `value`'s decimal digits at `position`, without leading zeros; the position after them.
    @inline(__always)
    static func writeDigits(of value: UInt64, at position: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var count = 1
        var rest = value / 10
        while rest != 0 {
            count += 1
            rest /= 10
        }
        return writeDigits(of: value, count: count, at: position)
    }

    /// Writes the last `count` decimal digits of `value` at `position`, with leading zeros; the position after them.
    @inline(__always)
    static func writeDigits(of value: UInt64, count: Int, at position: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var rest = value
        var digit = position + count
        while digit > position {
            digit -= 1
            digit.pointee = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        return position + count
    }

    /// 10^0 ... 10^18.
    static let powersOfTen: [UInt64] = (0...Fixed.fractionDigits).map { exponent in
        (0..<exponent).reduce(UInt64(1)) { power, _ in power * 10 }
    }
}
