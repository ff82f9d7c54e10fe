import BigInt
import Foundation
import HarvestCore
import PropertyBased
import Testing

/// Parsing and printing of the exact decimal: what a CSV cell becomes, and what a report prints.
struct FixedTextTests {
    static let wei: Int128 = 1
    static let milli: Int128 = 1_000_000_000_000_000

    static let valid: [(String, Int128)] = [
        ("0", 0),
        ("-0", 0),
        ("7", 7 * Fixed.scale),
        ("-12.345", -12_345 * milli),
        ("+0.5", 500 * milli),
        (".5", 500 * milli),
        ("-.25", -250 * milli),
        ("7.", 7 * Fixed.scale),
        ("00012.5000", 12_500 * milli),
        ("1e-8", 10_000_000_000),
        ("2.5E3", 2_500 * Fixed.scale),
        ("1e+2", 100 * Fixed.scale),
        ("1e05", 100_000 * Fixed.scale),
        ("1.5e-17", 15),
        ("0e99", 0),
        ("0e-500", 0),
        // Digits and exponent offset each other: 10^120 × 10^−120.
        ("1" + String(repeating: "0", count: 120) + "e-120", Fixed.scale),
        ("0." + String(repeating: "0", count: 149) + "1e150", Fixed.scale),
        ("0.000000000000000001", wei),
        ("1e-18", wei),
        ("-0.000000000000000001", -wei),
        // Trailing zeros beyond the 18th digit add no precision, so they are not an error.
        ("1.0000000000000000000000", Fixed.scale),
        ("0.0000000000000000010", wei),
        // A 1e15 supply with all 18 decimals.
        ("999999999999999.999999999999999999", 1_000_000_000_000_000 * Fixed.scale - 1),
        // The ends of the range: Int128.max / 10^18.
        ("170141183460469231731.687303715884105727", Int128.max),
        ("-170141183460469231731.687303715884105727", -Int128.max),
        ("1e20", 100_000_000_000_000_000_000 * Fixed.scale),
    ]

    @Test("parses exact decimals", arguments: valid)
    func parses(_ text: String, _ raw: Int128) throws {
        #expect(try Fixed(parsing: text).raw == raw)
        #expect(Fixed(text)?.raw == raw)
    }

    @Test("rejects what is not an exact decimal in range", arguments: [
        ("", FixedParseError.empty),
        ("-", .invalid("-")),
        ("+", .invalid("+")),
        (".", .invalid(".")),
        ("1.2.3", .invalid("1.2.3")),
        ("1,5", .invalid("1,5")),
        ("1_000", .invalid("1_000")),
        (" 1", .invalid(" 1")),
        ("1 ", .invalid("1 ")),
        ("abc", .invalid("abc")),
        ("--1", .invalid("--1")),
        ("+-1", .invalid("+-1")),
        ("0x10", .invalid("0x10")),
        ("1e", .invalid("1e")),
        ("e5", .invalid("e5")),
        ("1e+", .invalid("1e+")),
        ("1e1.5", .invalid("1e1.5")),
        ("NaN", .invalid("NaN")),
        ("inf", .invalid("inf")),
        ("١", .invalid("١")),  // an Arabic-Indic digit: digits are ASCII only
        ("0.0000000000000000001", .tooPrecise("0.0000000000000000001")),
        ("1.0000000000000000001", .tooPrecise("1.0000000000000000001")),
        ("1e-19", .tooPrecise("1e-19")),
        ("12e-20", .tooPrecise("12e-20")),
        ("-5e-19", .tooPrecise("-5e-19")),
        ("170141183460469231731.687303715884105728", .outOfRange("170141183460469231731.687303715884105728")),
        ("-170141183460469231732", .outOfRange("-170141183460469231732")),
        ("1e21", .outOfRange("1e21")),
        ("2e20", .outOfRange("2e20")),
        ("1" + String(repeating: "0", count: 60), .outOfRange("1" + String(repeating: "0", count: 60))),
        ("1e100", .outOfRange("1e100")),
        ("1e-100", .tooPrecise("1e-100")),
        ("0.5e-9999", .tooPrecise("0.5e-9999")),
        ("-7e9999", .outOfRange("-7e9999")),
    ])
    func rejects(_ text: String, _ error: FixedParseError) {
        #expect(throws: error) { try Fixed(parsing: text) }
        #expect(Fixed(text) == nil)
    }

    @Test("an error message names the text")
    func errorMessages() {
        #expect(FixedParseError.invalid("1,5").description == "'1,5' is not a number")
        #expect(FixedParseError.tooPrecise("1e-19").description == "'1e-19' has more than 18 fractional digits")
        #expect(FixedParseError.outOfRange("1e21").description == "'1e21' is out of range")
    }

    static let printed: [(Int128, String)] = [
        (0, "0"),
        (1, "0.000000000000000001"),
        (-1, "-0.000000000000000001"),
        (12_500 * milli, "12.5"),
        (-3 * Fixed.scale, "-3"),
        (1_000_000_000_000_000 * Fixed.scale - 1, "999999999999999.999999999999999999"),
        (Int128.max, "170141183460469231731.687303715884105727"),
        (-Int128.max, "-170141183460469231731.687303715884105727"),
        (100 * Fixed.scale, "100"),
        (100_010 * milli, "100.01"),
    ]

    @Test("prints the shortest exact text", arguments: printed)
    func prints(_ raw: Int128, _ text: String) {
        #expect(Fixed(raw: raw).description == text)
    }

    @Test("formats to a fixed number of digits with the stated rounding", arguments: [
        ("12.5", 2, RoundingMode.halfEven, "12.50"),
        ("2.345", 2, .halfEven, "2.34"),
        ("2.355", 2, .halfEven, "2.36"),
        ("2.345", 2, .halfAwayFromZero, "2.35"),
        ("-2.345", 2, .halfAwayFromZero, "-2.35"),
        ("-2.345", 2, .halfEven, "-2.34"),
        ("-0.004", 2, .halfEven, "0.00"),  // no "-0.00"
        ("-0.005", 2, .down, "-0.01"),
        ("-0.005", 2, .up, "0.00"),
        ("0.001", 2, .up, "0.01"),
        ("1234.5", 0, .halfEven, "1234"),
        ("1235.5", 0, .halfEven, "1236"),
        ("1234.5", 0, .towardZero, "1234"),
        ("7", 3, .halfEven, "7.000"),
        ("-7.0015", 3, .towardZero, "-7.001"),
        ("-7.0015", 3, .up, "-7.001"),
        ("-7.0015", 3, .awayFromZero, "-7.002"),
        ("-7.0015", 3, .down, "-7.002"),
        ("0.05", 1, .halfEven, "0.0"),
        ("0.000000000000000001", 18, .halfEven, "0.000000000000000001"),
        ("0.000000000000000001", 17, .halfEven, "0.00000000000000000"),
        ("0.000000000000000001", 17, .up, "0.00000000000000001"),
        ("999999999999999.995", 2, .halfAwayFromZero, "1000000000000000.00"),
    ])
    func formats(_ text: String, _ digits: Int, _ mode: RoundingMode, _ expected: String) throws {
        #expect(try Fixed(parsing: text).formatted(scale: digits, mode) == expected)
    }

    @Test("money formats to cents for reports")
    func moneyFormatting() {
        let gain: Money = "1234.565"
        #expect(gain.formatted(.halfEven) == "1234.56")
        #expect(gain.formatted(.halfAwayFromZero) == "1234.57")
        #expect(gain.rounded(.down) == "1234.56")
    }

    @Test("prints, then parses back to the same value")
    func roundTrip() async {
        await propertyCheck(count: 1000, input: Gen.fixed) { value in
            let text = value.description
            #expect((try? Fixed(parsing: text)) == value)
            #expect(text == Self.referenceText(value))
        }
    }

    @Test("parses any decimal text like exact rational arithmetic does")
    func parsesLikeReference() async {
        // At most 38 digits in all: the mantissa fits in 128 bits, so only the value decides the error.
        let digits = Gen<Int>.int(in: 0...9).array(of: 0...19).map { $0.map(String.init).joined() }
        // Mostly exponents the digits can offset, sometimes far beyond them.
        let exponent = Gen<Int>.frequency((weight: 3, gen: Gen<Int>.int(in: -25...25)), (weight: 1, gen: Gen<Int>.int(in: -300...300)))
            .optional(valueRate: 0.5)
        await propertyCheck(count: 2000, input: Gen<Int>.int(in: 0...2), digits, digits, exponent, Gen.bool) {
            sign, whole, fraction, exponent, upper in
            guard !(whole + fraction).isEmpty else { return }
            let text = ["", "-", "+"][sign] + whole + (fraction.isEmpty && whole.count % 2 == 0 ? "" : "." + fraction)
                + (exponent.map { (upper ? "E" : "e") + String($0) } ?? "")
            // value = M × 10^(e − f); raw = value × 10^18.
            let mantissa = BigInt(whole + fraction)! * (sign == 1 ? -1 : 1)
            let shift = 18 + (exponent ?? 0) - fraction.count
            let expected: Result<Int128, FixedParseError>
            if mantissa == 0 {
                expected = .success(0)
            } else if shift >= 0 {
                let raw = mantissa * BigInt(10).power(shift)
                expected = Reference.fixed(raw).map { .success($0.raw) } ?? .failure(.outOfRange(text))
            } else {
                let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBy: BigInt(10).power(-shift))
                expected = remainder != 0 ? .failure(.tooPrecise(text))
                    : Reference.fixed(quotient).map { .success($0.raw) } ?? .failure(.outOfRange(text))
            }
            let actual: Result<Int128, FixedParseError> = Result { () throws(FixedParseError) in try Fixed(parsing: text).raw }
            #expect(actual == expected, "\(text)")
        }
    }

    @Test("encodes as a JSON string, never a binary float")
    func codable() throws {
        let values: [Fixed] = ["12.5", "-0.000000000000000001", "3"]
        let data = try JSONEncoder().encode(values)
        #expect(String(decoding: data, as: UTF8.self) == #"["12.5","-0.000000000000000001","3"]"#)
        #expect(try JSONDecoder().decode([Fixed].self, from: data) == values)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Fixed].self, from: Data(#"["1e-19"]"#.utf8)) }
    }

    /// The canonical text by its definition: sign, whole part, and the fraction with no trailing zeros.
    static func referenceText(_ value: Fixed) -> String {
        let raw = Reference.big(value)
        let (whole, fraction) = raw.magnitude.quotientAndRemainder(dividingBy: Reference.scale.magnitude)
        var text = (raw < 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 18 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}
