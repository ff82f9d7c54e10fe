internal import GRDB
import Foundation
import HarvestCore

/// How a `Fixed` (money or a quantity) is stored since migration v6-decimals-as-integers: read back with an integer
/// multiplication, not parsed from text digit by digit (issue 16: loading a million rows parsed four million decimals).
///
/// - Most values are one SQLite INTEGER, `mantissa × 100 + decimals`: the value is `mantissa / 10^decimals`, `decimals`
///   (0...18) the fewest that write it exactly. `3716` is stored as 371600, `0.51611111` as 5161111108, `-2.5` as -2499
///   (-25 × 100 + 1: the decimals are the remainder of a floor division by 100, the mantissa its quotient). SQLite
///   keeps an integer in 1 to 8 bytes, about as many as the text took. A reader of the file can still tell the value:
///   the last two digits say where the point goes.
/// - A value whose mantissa needs more than 17 digits (a supply of 10^15 with 18 decimals) is a 16-byte BLOB: the
///   128-bit `Fixed.raw`, big-endian two's complement.
///
/// Both forms are exact for every `Fixed`, and one value has one form (the fewest decimals; a BLOB only when the integer
/// cannot hold it), so equal values are equal in SQL. The columns are declared `BLOB` (no affinity): SQLite stores
/// each value as it is given.
enum StoredDecimal {
    /// The largest mantissa an INTEGER holds, `(Int64.max - 99) / 100`.
    static let mantissaLimit: Int64 = (Int64.max - 99) / 100

    /// 10^0 ... 10^18.
    static let powersOfTen: [UInt64] = (0...18).map { exponent in (0..<exponent).reduce(UInt64(1)) { product, _ in product * 10 } }

    /// The stored form of `value`.
    enum Form: Equatable {
        case integer(Int64)
        case blob(Int128)
    }

    static func form(_ value: Fixed) -> Form {
        let magnitude = value.raw.magnitude
        let whole = magnitude / UInt128(Fixed.scale)
        var fraction = UInt64(magnitude - whole * UInt128(Fixed.scale))
        var decimals = Fixed.fractionDigits
        if fraction == 0 {
            decimals = 0
        } else {
            // Trailing zeros off, in 64 bits.
            while fraction % 10 == 0 {
                fraction /= 10
                decimals -= 1
            }
        }
        // mantissa = whole × 10^decimals + fraction, when it fits in 17 digits.
        guard whole <= UInt128(mantissaLimit) else { return .blob(value.raw) }
        let (shifted, overflow) = Int64(whole).multipliedReportingOverflow(by: Int64(powersOfTen[decimals]))
        guard !overflow, shifted <= mantissaLimit - Int64(fraction) else { return .blob(value.raw) }
        let mantissa = shifted + Int64(fraction)
        // (±mantissa) × 100 + decimals: a floor division by 100 gives both back, whatever the sign.
        let signed = value.raw < 0 ? -mantissa : mantissa
        return .integer(signed * 100 + Int64(decimals))
    }

    /// The value of a stored INTEGER; nil when its last two digits name more than 18 decimals (not a stored decimal).
    static func value(integer stored: Int64) -> Fixed? {
        // Floor division by 100: the decimals are 0...99 whatever the sign.
        var mantissa = stored / 100
        var decimals = stored % 100
        if decimals < 0 {
            decimals += 100
            mantissa -= 1
        }
        guard decimals <= Int64(Fixed.fractionDigits) else { return nil }
        // |mantissa| < 9.3e16 and the factor ≤ 10^18: the product stays far below Int128's 1.7e38.
        return Fixed(raw: Int128(mantissa) * Int128(powersOfTen[Fixed.fractionDigits - Int(decimals)]))
    }

    /// The value of a stored BLOB; nil unless it is 16 bytes.
    static func value(blob bytes: UnsafeRawBufferPointer) -> Fixed? {
        guard bytes.count == 16 else { return nil }
        var bits: UInt128 = 0
        for byte in bytes { bits = bits << 8 | UInt128(byte) }
        return Fixed(raw: Int128(bitPattern: bits))
    }

    /// The 16 bytes of a BLOB, big-endian.
    static func blobBytes(_ raw: Int128) -> [UInt8] {
        let bits = UInt128(bitPattern: raw)
        return (0..<16).map { UInt8(truncatingIfNeeded: bits >> (8 * (15 - $0))) }
    }

    /// The CHECK of a decimal column: not negative. SQLite orders an INTEGER before any BLOB, and a BLOB by its bytes, so
    /// `>= 0` refuses a negative integer and `< x'80'` a BLOB with its sign bit set. (A TEXT value, one that migration v6
    /// could not read as a decimal, passed the old check and passes this one; the loader reports it.) No function is
    /// called: a CHECK that may raise an error (`typeof`, `LIKE`) makes SQLite keep a statement journal for every insert
    /// (`TransactionColumns.insertSQL`).
    static func check(_ column: String) -> String {
        "\(column) IS NULL OR (\(column) >= 0 AND \(column) < x'80')"
    }
}

extension StoredDecimal {
    /// `harvestStoredDecimal(text)`, for migration v6: the stored form of a decimal written as text (`Fixed.description`);
    /// NULL stays NULL; a text that is not a decimal, or that is negative where the old CHECK let it through, stays the
    /// text it was (the loader reports it as a corrupt row, as before).
    static let conversion = DatabaseFunction("harvestStoredDecimal", argumentCount: 1, pure: true) { arguments in
        let stored = arguments[0]
        guard let text = String.fromDatabaseValue(stored), let value = try? Fixed(parsing: text, roundingExcessDigits: nil) else {
            return stored
        }
        switch form(value) {
        case .integer(let integer): return integer
        case .blob(let raw): return Data(blobBytes(raw))
        }
    }
}

extension StoredDecimal {
    /// The value of a stored decimal read through GRDB (for the few reads outside the bulk loader); nil for NULL or a value
    /// that is not a stored decimal.
    static func value(_ stored: DatabaseValue) -> Fixed? {
        switch stored.storage {
        case .int64(let integer): return value(integer: integer)
        case .blob(let data): return data.withUnsafeBytes { value(blob: $0) }
        case .string(let text): return try? Fixed(parsing: text, roundingExcessDigits: nil)
        case .null, .double: return nil
        }
    }
}
