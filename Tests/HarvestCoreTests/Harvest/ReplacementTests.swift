import HarvestCore
import HarvestTestSupport
import Testing

/// Replacements by correlation of daily returns, on price paths whose correlations are known by construction.
struct ReplacementTests {
    /// 60 days of closes following `path` (a daily multiplier in per-mille steps) from `start`.
    static func series(_ steps: [Int], start: Fixed = 100) -> PriceSeries {
        var price = start
        var points: [(CivilDate, Price)] = []
        for (offset, step) in steps.enumerated() {
            points.append((day("2024-06-01").adding(days: offset), Price(price)))
            price = price.multiplied(by: Fixed(raw: Fixed.scale + Int128(step) * 1_000_000_000_000_000), rounding: .halfEven)
        }
        return PriceSeries(points)
    }

    static let wave = (0..<60).map { [12, -7, 3, -15, 9, 20, -4][$0 % 7] }

    static func book() -> PriceBook {
        var book = PriceBook()
        book.set(Asset("BTC"), series(wave))
        // WBTC moves exactly like BTC: correlation 1, but substantially identical.
        book.set(Asset("WBTC"), series(wave, start: 200))
        // ETH: the same moves, doubled: correlation 1 (returns are an exact multiple).
        book.set(Asset("ETH"), series(wave.map { $0 * 2 }, start: 50))
        // SOL: the opposite moves: correlation −1.
        book.set(Asset("SOL"), series(wave.map { -$0 }))
        return book
    }

    @Test("the most correlated asset that is not substantially identical")
    func best() throws {
        let pick = try #require(Replacements.best(for: Asset("BTC"), prices: Self.book(), asOf: day("2024-07-30"), rule: .unitedStates))
        #expect(pick.asset == Asset("ETH"))
        #expect(abs(pick.correlation - 1) < 1e-9)
        #expect(pick.days == 59)
    }

    @Test("an allow-list limits the choice; too little history gives none")
    func limits() throws {
        let pick = try #require(Replacements.best(for: Asset("BTC"), prices: Self.book(), asOf: day("2024-07-30"),
                                                  candidates: [Asset("SOL")], rule: .unitedStates))
        #expect(pick.asset == Asset("SOL") && abs(pick.correlation + 1) < 1e-9)
        #expect(Replacements.best(for: Asset("BTC"), prices: Self.book(), asOf: day("2024-06-10"), rule: .unitedStates) == nil)
    }
}
