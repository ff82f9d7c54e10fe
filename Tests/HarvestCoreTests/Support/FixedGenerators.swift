import HarvestCore
import PropertyBased

/// Values that sit on the edges `Fixed` must handle: zero, one wei, halves (rounding ties), a
/// 1e15 supply at full 18-digit precision, and the ends of the `Int128` range.
let edgeFixedValues: [Fixed] = {
    let supply: Int128 = 1_000_000_000_000_000 * Fixed.scale  // 1e15 units
    let positives: [Int128] = [
        1, 2, 5, 15, 25, 499_999_999_999_999_999, 500_000_000_000_000_000, 500_000_000_000_000_001,
        Fixed.scale, Fixed.scale + 1, 3 * Fixed.scale / 2, 5 * Fixed.scale / 2, 7 * Fixed.scale / 2,
        supply, supply - 1, supply + 1, Int128.max, Int128.max - 1, Int128.max / 2, Int128.max / Fixed.scale,
        // Powers of two: products whose low 128 bits are all zero (the carry of a 256-bit negation).
        1 << 64, 1 << 100, 3 << 90, 1 << 126,
    ]
    return [Fixed.zero] + positives.flatMap { [Fixed(raw: $0), Fixed(raw: -$0)] }
}()

extension Gen where Value == Fixed {
    /// Any `Fixed` (but `Int128.min`, which has no negation), biased toward the edges: magnitudes are
    /// spread evenly over 0...38 decimal digits, so wei-sized and supply-sized values are both common.
    static var fixed: Generator<Fixed, AnySequence<(index: Int, value: Any)>> {
        Gen.frequency(
            (weight: 1, gen: Gen<Int>.int(in: 0...(edgeFixedValues.count - 1)).map { edgeFixedValues[$0] }),
            (weight: 4, gen: zip(Gen<Int>.int(in: 0...38), Gen<UInt128>.uint128(), Gen<Bool>.bool).map { digits, bits, negative in
                let magnitude = Int128(bits % UInt128(pow10(digits)))
                return Fixed(raw: negative ? -magnitude : magnitude)
            }),
            (weight: 1, gen: Gen<Int128>.int128(in: -(Int128.max)...Int128.max).map { Fixed(raw: $0) }),
            (weight: 1, gen: Gen<Int128>.int128(in: -(1_000_000_000_000_000 * Fixed.scale)...(1_000_000_000_000_000 * Fixed.scale))
                .map { Fixed(raw: $0) }),
            (weight: 1, gen: Gen<Int128>.int128(in: -1_000...1_000).map { Fixed(raw: $0) })
        )
    }

    /// Non-zero values, for divisors.
    static var nonZeroFixed: Generator<Fixed, AnySequence<(index: Int, value: Any)>> {
        fixed.filter { !$0.isZero }.eraseToAnySequence()
    }
}

func pow10(_ exponent: Int) -> Int128 {
    var result: Int128 = 1
    for _ in 0..<exponent { result *= 10 }
    return result
}
