import BigInt
import HarvestCore

/// An independent model of `Fixed`: exact rational arithmetic on arbitrary-precision integers, then
/// one rounding by each mode's textbook definition. It shares no code with the implementation, and
/// it rounds from the floor (the implementation truncates toward zero), so a shared mistake is unlikely.
enum Reference {
    static let scale = BigInt(10).power(18)
    static let int128Max = BigInt(String(Int128.max))!
    /// The range is symmetric: `Int128.min` has no negation, and the implementation never produces it.
    static let int128Min = -int128Max

    static func big(_ value: Fixed) -> BigInt { BigInt(String(value.raw))! }
    static func big(_ value: Int128) -> BigInt { BigInt(String(value))! }

    /// The raw value when it fits in `Int128`, else nil (the implementation traps there).
    static func fixed(_ raw: BigInt) -> Fixed? {
        guard raw >= int128Min, raw <= int128Max else { return nil }
        return Fixed(raw: Int128(String(raw))!)
    }

    /// ⌊n / d⌋ and the remainder n − ⌊n / d⌋·d, which lies in 0..<|d| for d > 0.
    static func floorDivision(_ n: BigInt, _ d: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(d > 0)
        var quotient = n / d  // truncates toward zero
        if quotient * d > n { quotient -= 1 }  // a negative inexact n: step down to the floor
        return (quotient, n - quotient * d)
    }

    /// The integer nearest to n / d in the sense of `mode`.
    static func round(_ n: BigInt, over d: BigInt, _ mode: RoundingMode) -> BigInt {
        var n = n, d = d
        if d < 0 { n = -n; d = -d }
        let (floor, remainder) = floorDivision(n, d)
        if remainder == 0 { return floor }
        let ceiling = floor + 1
        let positive = n > 0  // the exact value is not an integer here, so it is not zero
        // Compare the fractional part remainder/d with one half: 2·remainder against d.
        let twice = 2 * remainder
        switch mode {
        case .down: return floor
        case .up: return ceiling
        case .towardZero: return positive ? floor : ceiling
        case .awayFromZero: return positive ? ceiling : floor
        case .halfAwayFromZero:
            if twice < d { return floor }
            if twice > d { return ceiling }
            return positive ? ceiling : floor
        case .halfEven:
            if twice < d { return floor }
            if twice > d { return ceiling }
            return floor % 2 == 0 ? floor : ceiling
        }
    }

    static func sum(_ a: Fixed, _ b: Fixed) -> Fixed? { fixed(big(a) + big(b)) }
    static func difference(_ a: Fixed, _ b: Fixed) -> Fixed? { fixed(big(a) - big(b)) }

    /// a × b = (a.raw · b.raw) / 10^36, so the raw result is a.raw · b.raw / 10^18 rounded.
    static func product(_ a: Fixed, _ b: Fixed, _ mode: RoundingMode) -> Fixed? {
        fixed(round(big(a) * big(b), over: scale, mode))
    }

    /// a ÷ b = a.raw / b.raw, so the raw result is a.raw · 10^18 / b.raw rounded.
    static func quotient(_ a: Fixed, _ b: Fixed, _ mode: RoundingMode) -> Fixed? {
        fixed(round(big(a) * scale, over: big(b), mode))
    }

    /// a × n ÷ d = (a.raw · n.raw / d.raw) / 10^18.
    static func scaled(_ a: Fixed, by n: Fixed, over d: Fixed, _ mode: RoundingMode) -> Fixed? {
        fixed(round(big(a) * big(n), over: big(d), mode))
    }

    /// `a` to `digits` fractional digits: round a.raw / 10^(18−digits), then scale back.
    static func rounded(_ a: Fixed, scale digits: Int, _ mode: RoundingMode) -> Fixed? {
        let unit = BigInt(10).power(18 - digits)
        return fixed(round(big(a), over: unit, mode) * unit)
    }
}
