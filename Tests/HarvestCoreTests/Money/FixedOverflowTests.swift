import HarvestCore
import Testing

/// Overflow must trap, never wrap (DESIGN.md "Numbers"): a wrapped amount is a silently wrong report.
/// Each case runs in a child process (Swift Testing exit tests) and must die there.
struct FixedOverflowTests {
    @Test("addition past the range traps")
    func additionTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Fixed(raw: .max) + Fixed(raw: 1)
        }
    }

    @Test("subtraction past the range traps")
    func subtractionTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Fixed(raw: -Int128.max) - Fixed(raw: 2)
        }
    }

    @Test("a product beyond the range traps, even through the 256-bit path")
    func multiplicationTraps() async {
        await #expect(processExitsWith: .failure) {
            // 1e15 × 1e15 = 1e30 > 1.7e20.
            let supply = Fixed(1_000_000_000_000_000)
            _ = supply.multiplied(by: supply, rounding: .halfEven)
        }
    }

    @Test("a quotient beyond the range traps")
    func divisionTraps() async {
        await #expect(processExitsWith: .failure) {
            // 1e20 ÷ 1e-18 = 1e38.
            _ = Fixed(raw: 100_000_000_000_000_000_000 * Fixed.scale).divided(by: Fixed(raw: 1), rounding: .halfEven)
        }
    }

    @Test("division by zero traps")
    func divisionByZeroTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Fixed.one.divided(by: .zero, rounding: .halfEven)
        }
    }

    @Test("a malformed decimal literal traps")
    func badLiteralTraps() async {
        await #expect(processExitsWith: .failure) {
            let fee: Fixed = "0,0015"
            _ = fee
        }
    }
}
