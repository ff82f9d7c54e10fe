import HarvestCore
import PropertyBased
import Testing

/// Every `Fixed` operation against `Reference` (exact rationals over BigInt, rounded by each mode's
/// definition). Inputs whose exact result does not fit are skipped here: the implementation traps on
/// them, which `FixedOverflowTests` checks.
struct FixedArithmeticPropertyTests {
    @Test("addition and subtraction are exact")
    func addition() async {
        var checked = 0
        await propertyCheck(count: 1000, input: Gen.fixed, Gen.fixed) { a, b in
            if let sum = Reference.sum(a, b) {
                checked += 1
                #expect(a + b == sum)
                var accumulated = a
                accumulated += b
                #expect(accumulated == sum)
            }
            if let difference = Reference.difference(a, b) {
                #expect(a - b == difference)
                var accumulated = a
                accumulated -= b
                #expect(accumulated == difference)
            }
            #expect(-(-a) == a)
            #expect(a.magnitude == (a.isNegative ? -a : a))
        }
        #expect(checked >= 700, "most generated sums must fit, or this property tests little")
    }

    @Test("multiplied(by:rounding:) rounds the exact product once", arguments: RoundingMode.allCases)
    func multiplication(_ mode: RoundingMode) async {
        var checked = 0
        await propertyCheck(count: 1000, input: Gen.fixed, Gen.fixed) { a, b in
            guard let expected = Reference.product(a, b, mode) else { return }
            checked += 1
            #expect(a.multiplied(by: b, rounding: mode) == expected)
        }
        #expect(checked >= 400, "most generated products must fit, or this property tests little")
    }

    @Test("divided(by:rounding:) rounds the exact quotient once", arguments: RoundingMode.allCases)
    func division(_ mode: RoundingMode) async {
        var checked = 0
        await propertyCheck(count: 1000, input: Gen.fixed, Gen.nonZeroFixed) { a, b in
            guard let expected = Reference.quotient(a, b, mode) else { return }
            checked += 1
            #expect(a.divided(by: b, rounding: mode) == expected)
        }
        #expect(checked >= 400, "most generated quotients must fit, or this property tests little")
    }

    @Test("scaled(by:over:rounding:) rounds a × n ÷ d once", arguments: RoundingMode.allCases)
    func scaling(_ mode: RoundingMode) async {
        var checked = 0
        await propertyCheck(count: 1000, input: Gen.fixed, Gen.fixed, Gen.nonZeroFixed) { a, n, d in
            guard let expected = Reference.scaled(a, by: n, over: d, mode) else { return }
            checked += 1
            #expect(a.scaled(by: n, over: d, rounding: mode) == expected)
        }
        #expect(checked >= 300, "most generated shares must fit, or this property tests little")
    }

    @Test("rounded(scale:_:) rounds to any scale 0...18", arguments: RoundingMode.allCases)
    func rounding(_ mode: RoundingMode) async {
        await propertyCheck(count: 1000, input: Gen.fixed, Gen<Int>.int(in: 0...18)) { a, digits in
            guard let expected = Reference.rounded(a, scale: digits, mode) else { return }
            #expect(a.rounded(scale: digits, mode) == expected)
        }
        await propertyCheck(count: 1000, input: Gen.fixed) { a in
            #expect(Reference.big(a.integer(mode)) == Reference.round(Reference.big(a), over: Reference.scale, mode))
        }
    }

    /// Division by a divisor of one 64-bit word (every rounding to a scale) takes two word divisions: checked at the ends
    /// of the range and where the dividend's high word begins, against the exact reference, at every scale.
    @Test("rounded(scale:_:) and integer(_:) at the range's ends and the 64-bit word's edges", arguments: RoundingMode.allCases)
    func roundingAtWordEdges(_ mode: RoundingMode) {
        let word = Int128(1) << 64
        var raws: [Int128] = [.min, .min + 1, .max, .max - 1, 0, 1, -1, Fixed.scale, -Fixed.scale, Fixed.scale / 2, -(Fixed.scale / 2)]
        for edge in [word, word - 1, word + 1, Int128(UInt64.max) * 3, Int128.max / 2] { raws += [edge, -edge] }
        for raw in raws {
            let value = Fixed(raw: raw)
            #expect(Reference.big(value.integer(mode)) == Reference.round(Reference.big(value), over: Reference.scale, mode))
            for digits in 0...18 {
                guard let expected = Reference.rounded(value, scale: digits, mode) else { continue }
                #expect(value.rounded(scale: digits, mode) == expected, "\(raw) at scale \(digits)")
            }
        }
    }

    /// Random operands rarely land exactly on a half, so this builds ties on purpose:
    /// value = q + r/unit with r drawn from {0, 1, half − 1, half, half + 1, unit − 1}.
    @Test("rounded(scale:_:) on exact halves and their neighbours", arguments: RoundingMode.allCases)
    func roundingNearHalves(_ mode: RoundingMode) async {
        let input = zip(Gen<Int>.int(in: 0...17), Gen<Int64>.int64(in: -1_000_000...1_000_000), Gen<Int>.int(in: 0...5))
        await propertyCheck(count: 600, input: input) { digits, whole, offsetChoice in
            let unit = pow10(18 - digits), half = unit / 2
            let offset = [0, 1, half - 1, half, half + 1, unit - 1][offsetChoice]
            let raw = Int128(whole) * unit + (whole < 0 ? -offset : offset)
            let value = Fixed(raw: raw)
            #expect(value.rounded(scale: digits, mode) == Reference.rounded(value, scale: digits, mode))
        }
    }

    /// a × 0.5 with an odd a.raw, and a ÷ 2: both land on a tie at the 18th digit.
    @Test("multiplication and division on exact ties", arguments: RoundingMode.allCases)
    func arithmeticTies(_ mode: RoundingMode) async {
        await propertyCheck(count: 500, input: Gen<Int128>.int128(in: -(Int128.max / 2)...(Int128.max / 2))) { raw in
            let a = Fixed(raw: raw | 1)
            let half = Fixed(raw: Fixed.scale / 2), two = Fixed(2)
            #expect(a.multiplied(by: half, rounding: mode) == Reference.product(a, half, mode))
            #expect(a.divided(by: two, rounding: mode) == Reference.quotient(a, two, mode))
            #expect(a.scaled(by: Fixed.one, over: two, rounding: mode) == Reference.scaled(a, by: Fixed.one, over: two, mode))
        }
    }

    @Test("rounding examples by mode", arguments: [
        // value,  towardZero, awayFromZero, down,  up,   halfAwayFromZero, halfEven
        ("2.5", ["2", "3", "2", "3", "3", "2"]),
        ("3.5", ["3", "4", "3", "4", "4", "4"]),
        ("-2.5", ["-2", "-3", "-3", "-2", "-3", "-2"]),
        ("-3.5", ["-3", "-4", "-4", "-3", "-4", "-4"]),
        ("1.29", ["1", "2", "1", "2", "1", "1"]),
        ("-1.29", ["-1", "-2", "-2", "-1", "-1", "-1"]),
        ("2.51", ["2", "3", "2", "3", "3", "3"]),
        ("-0.5", ["0", "-1", "-1", "0", "-1", "0"]),
        ("4", ["4", "4", "4", "4", "4", "4"]),
    ])
    func roundingExamples(_ text: String, _ expected: [String]) throws {
        let modes: [RoundingMode] = [.towardZero, .awayFromZero, .down, .up, .halfAwayFromZero, .halfEven]
        let value = try Fixed(parsing: text)
        for (mode, result) in zip(modes, expected) {
            #expect(value.rounded(scale: 0, mode) == (try Fixed(parsing: result)), "\(text) \(mode)")
        }
    }

    @Test("arithmetic examples worked by hand")
    func examples() {
        // 0.1 + 0.2 is exactly 0.3 (no binary floating point anywhere).
        #expect(Fixed("0.1") + Fixed("0.2") == Fixed("0.3"))
        // 1e15 units × 1e-18 = 0.001.
        let supply = Fixed(1_000_000_000_000_000), wei = Fixed(raw: 1)
        #expect(supply.multiplied(by: wei, rounding: .halfEven) == Fixed("0.001"))
        // 1 / 3 = 0.333…333 (18 threes) toward zero, …334 up.
        #expect(Fixed.one.divided(by: Fixed(3), rounding: .towardZero).description == "0.333333333333333333")
        #expect(Fixed.one.divided(by: Fixed(3), rounding: .up).description == "0.333333333333333334")
        // 2 / 3 = 0.666…667 half-even.
        #expect(Fixed(2).divided(by: Fixed(3), rounding: .halfEven).description == "0.666666666666666667")
        // $100 basis, 1 of 3 units sold: 33.333333333333333333, one rounding.
        #expect(Fixed(100).scaled(by: Fixed.one, over: Fixed(3), rounding: .halfEven).description == "33.333333333333333333")
        // The 256-bit path: 1e10 × 1e10 = 1e20 fits, but its raw product 1e28 × 1e28 = 1e56 does not.
        let tenBillion = Fixed(10_000_000_000)
        #expect(tenBillion.multiplied(by: tenBillion, rounding: .halfEven).description == "100000000000000000000")
        // 1e20 × 1e-18 (raw 1e38 × 1): exact.
        #expect(Fixed("1e20").multiplied(by: wei, rounding: .halfEven) == Fixed(100))
        // A supply-sized pro-rata share: 999,999,999,999,999.999999999999999999 × 1/7.
        let bigSupply = Fixed("999999999999999.999999999999999999")
        #expect(bigSupply.scaled(by: Fixed.one, over: Fixed(7), rounding: .down).description == "142857142857142.857142857142857142")
    }

    @Test("Price × Quantity and Price.unit round half-even at 18 digits")
    func typedArithmetic() {
        let price: Price = "30000.5", quantity: Quantity = "0.00000001"
        #expect(price * quantity == "0.000300005")
        // $10 for 3 units: 3.333… per unit, half-even.
        #expect(Price.unit(of: 10, per: 3) == "3.333333333333333333")
        // $20 for 3 units: 6.666…67.
        #expect(Price.unit(of: 20, per: 3) == "6.666666666666666667")
        // Pro rata: $100 × 2/3 = 66.666666666666666667 (half-even).
        #expect(Money(100).prorated(2, of: 3) == "66.666666666666666667")
        #expect([Money(1), "0.5", "-0.25"].sum() == "1.25")
    }
}
