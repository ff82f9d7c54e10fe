/// An exact decimal number with 18 fractional digits: the value is `raw / 10^18`.
///
/// Quantities need 18 fractional digits (ERC-20 tokens) and supplies reach 1e15, so `Int128`
/// (±1.7e38 raw, ±1.7e20 whole units) holds every quantity, price and amount we meet. Products and
/// quotients go through 256-bit intermediates, so `a * b / c` loses nothing before its one rounding.
/// Arithmetic traps on overflow, never wraps (Swift's `+`, `-` and the full-width division trap).
///
/// Build values from strings or integers, never from `Double` (DESIGN.md "Numbers").
public struct Fixed: Sendable, Hashable, Comparable {
    /// Fractional digits kept: enough for the smallest ERC-20 unit (1 wei = 1e-18 ETH).
    public static let fractionDigits = 18
    /// 10^18, the scale of `raw`.
    public static let scale: Int128 = 1_000_000_000_000_000_000

    /// The value times 10^18.
    public var raw: Int128

    @inlinable public init(raw: Int128) { self.raw = raw }

    /// The whole number `value`; exact.
    @inlinable public init(_ value: Int) { self.raw = Int128(value) * Fixed.scale }

    public static let zero = Fixed(raw: 0)
    public static let one = Fixed(raw: Fixed.scale)

    @inlinable public static func < (lhs: Fixed, rhs: Fixed) -> Bool { lhs.raw < rhs.raw }
    @inlinable public var isZero: Bool { raw == 0 }
    @inlinable public var isNegative: Bool { raw < 0 }
    @inlinable public var isPositive: Bool { raw > 0 }
    @inlinable public var magnitude: Fixed { raw < 0 ? Fixed(raw: -raw) : self }

    @inlinable public static func + (lhs: Fixed, rhs: Fixed) -> Fixed { Fixed(raw: lhs.raw + rhs.raw) }
    @inlinable public static func - (lhs: Fixed, rhs: Fixed) -> Fixed { Fixed(raw: lhs.raw - rhs.raw) }
    @inlinable public static prefix func - (value: Fixed) -> Fixed { Fixed(raw: -value.raw) }
    @inlinable public static func += (lhs: inout Fixed, rhs: Fixed) { lhs.raw += rhs.raw }
    @inlinable public static func -= (lhs: inout Fixed, rhs: Fixed) { lhs.raw -= rhs.raw }

    /// `self × other`, rounded to 18 fractional digits with `mode`.
    public func multiplied(by other: Fixed, rounding mode: RoundingMode) -> Fixed {
        let (product, overflow) = raw.multipliedReportingOverflow(by: other.raw)
        if !overflow {
            return Fixed(raw: Fixed.divide(product, by: Fixed.scale, rounding: mode))
        }
        let wide = raw.multipliedFullWidth(by: other.raw)
        return Fixed(raw: Fixed.divide(wide, by: Fixed.scale, rounding: mode))
    }

    /// `self ÷ divisor`, rounded to 18 fractional digits with `mode`. Traps when `divisor` is zero.
    public func divided(by divisor: Fixed, rounding mode: RoundingMode) -> Fixed {
        precondition(!divisor.isZero, "division of \(self) by zero")
        let wide = raw.multipliedFullWidth(by: Fixed.scale)
        return Fixed(raw: Fixed.divide(wide, by: divisor.raw, rounding: mode))
    }

    /// `self × numerator ÷ denominator` with a single rounding: the pro-rata share of an amount.
    ///
    /// Multiplies before it divides (STYLE.md §10), through a 256-bit product, so that
    /// `basis.scaled(by: sold, over: held)` is exact whenever the true share is representable.
    public func scaled(by numerator: Fixed, over denominator: Fixed, rounding mode: RoundingMode) -> Fixed {
        precondition(!denominator.isZero, "pro-rata share of \(self) over zero")
        if numerator == denominator { return self }
        let (product, overflow) = raw.multipliedReportingOverflow(by: numerator.raw)
        if !overflow {
            return Fixed(raw: Fixed.divide(product, by: denominator.raw, rounding: mode))
        }
        let wide = raw.multipliedFullWidth(by: numerator.raw)
        return Fixed(raw: Fixed.divide(wide, by: denominator.raw, rounding: mode))
    }

    /// This value rounded to `scale` fractional digits (0...18) with `mode`.
    public func rounded(scale digits: Int, _ mode: RoundingMode) -> Fixed {
        precondition((0...Fixed.fractionDigits).contains(digits), "rounding scale \(digits) is outside 0...18")
        if digits == Fixed.fractionDigits { return self }
        let unit = Fixed.powerOfTen(Fixed.fractionDigits - digits)
        return Fixed(raw: Fixed.divide(raw, by: unit, rounding: mode) * unit)
    }

    /// The integral part, rounded with `mode`.
    public func integer(_ mode: RoundingMode) -> Int128 { Fixed.divide(raw, by: Fixed.scale, rounding: mode) }

    // MARK: - Division with an explicit rounding

    /// `dividend ÷ divisor` rounded to an integer with `mode`.
    @usableFromInline
    static func divide(_ dividend: Int128, by divisor: Int128, rounding mode: RoundingMode) -> Int128 {
        let negative = (dividend < 0) != (divisor < 0)
        if let small = UInt64(exactly: divisor.magnitude), small != 0 {
            // A divisor of one 64-bit word (rounding to cents divides by 10^16): two hardware word divisions, each
            // remainder below the divisor, instead of the 128-bit division routine (a report of a million rows rounds
            // four million amounts). The quotient is truncated toward zero, as `/` does.
            let magnitude = dividend.magnitude
            let (upper, middle) = small.dividingFullWidth((high: 0, low: UInt64(truncatingIfNeeded: magnitude >> 64)))
            let (lower, rest) = small.dividingFullWidth((high: middle, low: UInt64(truncatingIfNeeded: magnitude)))
            let quotient = UInt128(upper) << 64 | UInt128(lower)
            // `Int128.min / -1` does not fit, as with `/`; `Int128.min / 1` is the negation of 2^127, which does.
            let signed = negative ? Int128(bitPattern: 0 &- quotient) : Int128(quotient)
            return adjust(signed, remainder: UInt128(rest), divisor: UInt128(small), negative: negative, mode)
        }
        let quotient = dividend / divisor
        let remainder = dividend - quotient * divisor
        return adjust(quotient, remainder: remainder.magnitude, divisor: divisor.magnitude, negative: negative, mode)
    }

    /// A 256-bit `dividend ÷ divisor` rounded with `mode`; traps when the quotient does not fit.
    static func divide(_ dividend: (high: Int128, low: UInt128), by divisor: Int128, rounding mode: RoundingMode) -> Int128 {
        let negativeDividend = dividend.high < 0
        // Work on magnitudes: the stdlib's signed full-width division is fine, but magnitudes let the
        // rounding see the true remainder without sign juggling.
        var high = UInt128(bitPattern: dividend.high), low = dividend.low
        if negativeDividend {  // two's complement negate of the 256-bit value
            high = ~high; low = ~low
            let (sum, carry) = low.addingReportingOverflow(1)
            low = sum
            if carry { high &+= 1 }
        }
        let divisorMagnitude = divisor.magnitude
        precondition(high < divisorMagnitude, "fixed-point overflow: quotient exceeds 128 bits")
        let quotient: UInt128, remainder: UInt128
        if let small = UInt64(exactly: divisorMagnitude) {
            // A divisor of one 64-bit word (the scale 10^18, every multiplication's): `high` < it fits one word too, so
            // the dividend is three words, divided by two hardware word divisions, each remainder below the divisor.
            let (upper, middle) = small.dividingFullWidth((high: UInt64(high), low: UInt64(truncatingIfNeeded: low >> 64)))
            let (lower, rest) = small.dividingFullWidth((high: middle, low: UInt64(truncatingIfNeeded: low)))
            quotient = UInt128(upper) << 64 | UInt128(lower)
            remainder = UInt128(rest)
        } else {
            (quotient, remainder) = divisorMagnitude.dividingFullWidth((high: high, low: low))
        }
        precondition(quotient <= UInt128(Int128.max), "fixed-point overflow: quotient exceeds Int128")
        let negative = negativeDividend != (divisor < 0)
        let signed = negative ? -Int128(quotient) : Int128(quotient)
        return adjust(signed, remainder: remainder, divisor: divisorMagnitude, negative: negative, mode)
    }

    /// Moves a truncated quotient to its rounded neighbour: `quotient` was rounded toward zero,
    /// and the exact result lies `remainder / divisor` beyond it, away from zero.
    @usableFromInline
    static func adjust(_ quotient: Int128, remainder: UInt128, divisor: UInt128, negative: Bool, _ mode: RoundingMode) -> Int128 {
        if remainder == 0 { return quotient }
        let away: Bool
        switch mode {
        case .towardZero: away = false
        case .awayFromZero: away = true
        case .down: away = negative
        case .up: away = !negative
        case .halfAwayFromZero: away = remainder >= divisor - remainder
        case .halfEven:
            let rest = divisor - remainder
            away = remainder > rest || (remainder == rest && quotient & 1 == 1)
        }
        guard away else { return quotient }
        return negative ? quotient - 1 : quotient + 1
    }

    /// 10^exponent for 0...38.
    @usableFromInline
    static func powerOfTen(_ exponent: Int) -> Int128 {
        precondition((0...38).contains(exponent), "10^\(exponent) does not fit in Int128")
        return powersOfTen[exponent]
    }

    /// 10^0 ... 10^38.
    @usableFromInline
    static let powersOfTen: [Int128] = (0...38).map { exponent in
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}

/// How a result that falls between two representable values is rounded. Every rounding in Harvest
/// names one of these at its call site (STYLE.md §10, TIGER_STYLE "pass options explicitly").
public enum RoundingMode: String, Sendable, CaseIterable {
    /// Truncate: 1.29 → 1.2, -1.29 → -1.2.
    case towardZero
    /// 1.21 → 1.3, -1.21 → -1.3.
    case awayFromZero
    /// Toward negative infinity (floor): -1.21 → -1.3.
    case down
    /// Toward positive infinity (ceiling): 1.21 → 1.3, -1.29 → -1.2.
    case up
    /// Nearest, ties away from zero ("round half up" as the IRS instructions describe it): 2.5 → 3, -2.5 → -3.
    case halfAwayFromZero
    /// Nearest, ties to the even neighbour (banker's rounding): 2.5 → 2, 3.5 → 4.
    case halfEven
}

// MARK: - Text

/// Why a string is not an exact decimal.
public enum FixedParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case invalid(String)
    case tooPrecise(String)
    case outOfRange(String)

    public var description: String {
        switch self {
        case .empty: "empty number"
        case .invalid(let text): "'\(text)' is not a number"
        case .tooPrecise(let text): "'\(text)' has more than 18 fractional digits"
        case .outOfRange(let text): "'\(text)' is out of range"
        }
    }
}

extension Fixed: LosslessStringConvertible, CustomStringConvertible {
    /// Parses `-12.345`, `+0.5`, `.5`, `7.`, `1e-8`, `2.5E3` exactly. No grouping separators, no spaces.
    /// A value with more than 18 significant fractional digits is an error, not a rounding.
    public init(parsing text: some StringProtocol) throws(FixedParseError) {
        try self.init(parsing: text, roundingExcessDigits: nil)
    }

    /// `init(parsing:roundingExcessDigits:)` for a `String`, its bytes read in place: not generic, so that callers in
    /// other modules (an import parses millions of cells) need no specialization of it.
    public init(parsing text: String, roundingExcessDigits mode: RoundingMode?) throws(FixedParseError) {
        var bytes = text
        let parsed = bytes.withUTF8 { buffer in
            Result { () throws(FixedParseError) in try Fixed(parsingBytes: buffer[...], text: { String(text) }, rounding: mode) }
        }
        self = try parsed.get()
    }

    public init(parsing text: String) throws(FixedParseError) {
        try self.init(parsing: text, roundingExcessDigits: nil)
    }

    /// Parses UTF-8 bytes as `init(parsing:roundingExcessDigits:)` parses text, without making a string of them.
    public init(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>, roundingExcessDigits mode: RoundingMode?) throws(FixedParseError) {
        try self.init(parsingBytes: bytes[...], text: { String(decoding: bytes, as: UTF8.self) }, rounding: mode)
    }

    /// Parses like `init(parsing:)`, but rounds digits past the 18th with `mode` instead of failing: for data
    /// whose last digits are noise (prices written from binary floating point, `0.0014149999478831887`).
    public init(parsing text: some StringProtocol, roundingExcessDigits mode: RoundingMode?) throws(FixedParseError) {
        // A native string's bytes are read in place (a million rows of an import parse several numbers each).
        if let parsed = text.utf8.withContiguousStorageIfAvailable({ buffer in
            Result { () throws(FixedParseError) in try Fixed(parsingBytes: buffer[...], text: { String(text) }, rounding: mode) }
        }) {
            self = try parsed.get()
            return
        }
        // Otherwise numbers are short: a fixed stack buffer instead of an array spares an allocation per cell.
        let utf8 = text.utf8
        guard utf8.count <= 64 else {
            let bytes = Array(utf8)
            self = try bytes.withUnsafeBufferPointer { buffer throws(FixedParseError) in
                try Fixed(parsingBytes: buffer[...], text: { String(text) }, rounding: mode)
            }
            return
        }
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &storage) { raw -> Result<Fixed, FixedParseError> in
            var count = 0
            for byte in utf8 {
                raw[count] = byte
                count += 1
            }
            return Result { () throws(FixedParseError) in
                try Fixed(parsingBytes: UnsafeBufferPointer(raw.bindMemory(to: UInt8.self))[0..<count], text: { String(text) }, rounding: mode)
            }
        }
        self = try parsed.get()
    }

    private init(
        parsingBytes input: Slice<UnsafeBufferPointer<UInt8>>, text: () -> String, rounding mode: RoundingMode?
    ) throws(FixedParseError) {
        var bytes = input
        guard !bytes.isEmpty else { throw .empty }
        var negative = false
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var mantissa: UInt128 = 0
        var digitsSeen = 0, fractionDigits = 0, pendingZeros = 0
        var inFraction = false
        var exponent = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                if inFraction { throw .invalid(text()) }
                inFraction = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digitsSeen += 1
                let digit = UInt128(byte - UInt8(ascii: "0"))
                if inFraction { fractionDigits += 1 }
                if digit == 0 {
                    pendingZeros += 1  // zeros are folded in only when a non-zero digit follows
                } else if pendingZeros == 0 && mantissa < Fixed.uncheckedBound {
                    // Far from overflow (the common case): no checks.
                    mantissa = mantissa &* 10 &+ digit
                } else {
                    for _ in 0..<pendingZeros {
                        let (times10, overflow) = mantissa.multipliedReportingOverflow(by: 10)
                        if overflow { throw .outOfRange(text()) }
                        mantissa = times10
                    }
                    pendingZeros = 0
                    let (times10, overflow) = mantissa.multipliedReportingOverflow(by: 10)
                    let (sum, carry) = times10.addingReportingOverflow(digit)
                    if overflow || carry { throw .outOfRange(text()) }
                    mantissa = sum
                }
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                guard let parsed = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)) else {
                    throw .invalid(text())
                }
                // An exponent beyond what the digits can offset decides alone between out of range, too
                // precise and zero: clamp it there, so that `1e100` is out of range and the shift cannot overflow.
                let bound = bytes.count + 40
                exponent = min(max(parsed, -bound), bound)
                index = bytes.endIndex
                break
            } else {
                throw .invalid(text())
            }
            index += 1
        }
        guard digitsSeen > 0 else { throw .invalid(text()) }
        // value = mantissa × 10^(pendingZeros − fractionDigits + exponent); raw = value × 10^18.
        let shift = pendingZeros - fractionDigits + exponent + Fixed.fractionDigits
        if mantissa == 0 {
            self.raw = 0
            return
        }
        guard shift >= 0 else {
            guard let mode, mantissa <= UInt128(Int128.max) else { throw .tooPrecise(text()) }
            let signed = negative ? -Int128(mantissa) : Int128(mantissa)
            // Beyond 38 dropped digits the value is under one unit of the last place: rounds to 0 or ±1 by mode.
            self.raw = -shift > 38
                ? Fixed.adjust(0, remainder: 1, divisor: 3, negative: negative, mode)
                : Fixed.divide(signed, by: Fixed.powerOfTen(-shift), rounding: mode)
            return
        }
        guard shift <= 38 else { throw .outOfRange(text()) }
        let (scaled, overflow) = mantissa.multipliedReportingOverflow(by: UInt128(Fixed.powerOfTen(shift)))
        guard !overflow, scaled <= UInt128(Int128.max) else { throw .outOfRange(text()) }
        self.raw = negative ? -Int128(scaled) : Int128(scaled)
    }

    /// Below this a mantissa times 10 plus a digit cannot overflow.
    private static let uncheckedBound: UInt128 = UInt128.max / 10 - 10

    public init?(_ description: String) {
        guard let value = try? Fixed(parsing: description) else { return nil }
        self = value
    }

    /// The shortest exact text: `12.5`, `-0.000000000000000001`, `3`.
    public var description: String { withText { String(decoding: $0, as: UTF8.self) } }

    /// Calls `body` with `description`'s UTF-8 bytes, written on the stack (no allocation): for the loops
    /// that store or print a million values.
    public func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        // At most 1 sign + 21 whole digits (|Int128| / 10^18 < 1.8e20) + 1 point + 18 fraction digits.
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            let magnitude = raw.magnitude
            let wholePart = magnitude / UInt128(Fixed.scale)
            var fraction = UInt64(magnitude - wholePart * UInt128(Fixed.scale))
            var end = 48
            if fraction != 0 {
                var digits = Fixed.fractionDigits
                while fraction % 10 == 0 {
                    fraction /= 10
                    digits -= 1
                }
                for _ in 0..<digits {
                    end -= 1
                    buffer[end] = UInt8(ascii: "0") + UInt8(fraction % 10)
                    fraction /= 10
                }
                end -= 1
                buffer[end] = UInt8(ascii: ".")
            }
            func writeDigits(of value: some FixedWidthInteger & UnsignedInteger) {
                var whole = value
                repeat {
                    end -= 1
                    buffer[end] = UInt8(ascii: "0") + UInt8(whole % 10)
                    whole /= 10
                } while whole != 0
            }
            // In 64 bits when it fits (the common case): a 128-bit division per digit is a library call.
            if let small = UInt64(exactly: wholePart) { writeDigits(of: small) } else { writeDigits(of: wholePart) }
            if raw < 0 {
                end -= 1
                buffer[end] = UInt8(ascii: "-")
            }
            return try body(UnsafeBufferPointer(rebasing: buffer[end..<48]))
        }
    }

    /// Appends `description`'s UTF-8 bytes to `bytes`: `withText` for callers in other modules, not generic.
    public func appendText(to bytes: inout [UInt8]) {
        withText { bytes.append(contentsOf: $0) }
    }

    /// The value rounded to exactly `scale` fractional digits with `mode`, e.g. `formatted(scale: 2, .halfEven)` → `"12.50"`.
    public func formatted(scale digits: Int, _ mode: RoundingMode) -> String {
        let rounded = rounded(scale: digits, mode)
        let magnitude = rounded.raw.magnitude
        let whole = magnitude / UInt128(Fixed.scale)
        var text = rounded.raw < 0 ? "-" : ""
        text += String(whole)
        if digits > 0 {
            let fraction = (magnitude % UInt128(Fixed.scale)) / UInt128(Fixed.powerOfTen(Fixed.fractionDigits - digits))
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }
}

extension Fixed: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
    /// For literals in code and tests: `let fee: Fixed = "0.0015"`. Traps on a malformed literal.
    public init(stringLiteral value: String) {
        do { self = try Fixed(parsing: value) } catch { preconditionFailure("bad decimal literal \"\(value)\": \(error)") }
    }
}

extension Fixed: Codable {
    /// Encoded as a string: JSON numbers are binary floating point in most readers.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Fixed(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }
}
