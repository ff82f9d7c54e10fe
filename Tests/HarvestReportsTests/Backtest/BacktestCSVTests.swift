import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest backtest --out FILE`: one row per strategy and day (the strategies one after the other, in the order given),
/// the portfolio's value, its cash, the tax paid and the money put in so far, in cents.
@Suite("Backtest CSV")
struct BacktestCSVTests {
    static let header = "date,strategy,value,cash,tax_paid,contributed"

    /// X's closes from 2024-03-01 to 2024-03-14, one a day.
    static let closes: [Price] = [100, 95, 90, 90, 85, 88, 92, 96, 100, 104, 108, 110, "112.5", 115]

    static func prices() -> PriceBook {
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries(closes.enumerated().map { (day("2024-03-01").adding(days: $0.offset), $0.element) }))
        return book
    }

    /// 1,000 put in on 2024-03-01, 80% of it in X (200 stays in cash), a 10 bps fee each way and no slippage, no
    /// rebalancing, nothing sold at the end.
    static func config(_ strategy: BacktestStrategy) -> BacktestConfig {
        BacktestConfig(
            assets: [Asset("X")], start: day("2024-03-01"), end: day("2024-03-14"), initial: 1000, weights: [Asset("X"): "0.8"],
            rebalanceEveryMonths: 0, strategy: strategy, costs: TradingCosts(feeBasisPoints: 10, slippageBasisPoints: 0),
            liquidateAtEnd: false)
    }

    @Test("no results: the header alone")
    func empty() {
        #expect(BacktestCSV.daily([]) == Self.header + "\n")
    }

    /// Day 1: 800 spent on X at 100: fee 0.80, 799.20 buys 7.992 X (basis 800); cash 200; value 200 + 799.20 = 999.20.
    /// - Buy and hold (`none`): value 200 + 7.992 × close every day: 95 → 959.24, 90 → 919.28, 85 → 879.32,
    ///   88 → 903.296 → 903.30, 92 → 935.264 → 935.26, 96 → 967.232 → 967.23, 104 → 1,031.168 → 1,031.17,
    ///   108 → 1,063.136 → 1,063.14, 110 → 1,079.12, 112.50 → 1,099.10, 115 → 1,119.08.
    /// - Harvest at a 10% loss (`threshold:0.1`): on day 3 at 90 the lot is worth 7.992 × 90 = 719.28, a loss of 80.72,
    ///   at least 10% of 800 and more than the round trip (719.28 × 0.20% = 1.44): sold for 719.28 less a 0.71928 fee =
    ///   718.56072, bought straight back (crypto, outside the US wash-sale rule): fee 0.71856072, 717.84215928 / 90 =
    ///   7.976023992 X. Cash is 200 again; value 200 + 717.84215928 = 917.84. The new lot (basis 718.56072) never loses
    ///   10% again (at most 40.60, at 85). From then on 200 + 7.976023992 × close: 85 → 877.962… → 877.96,
    ///   88 → 901.890… → 901.89, 92 → 933.794… → 933.79, 96 → 965.698… → 965.70, 100 → 997.602… → 997.60,
    ///   104 → 1,029.506… → 1,029.51, 108 → 1,061.410… → 1,061.41, 110 → 1,077.362… → 1,077.36,
    ///   112.50 → 1,097.302… → 1,097.30, 115 → 1,117.242… → 1,117.24.
    /// No tax is due within the two weeks (2024's is paid on 15 April 2025); 1,000 put in throughout.
    @Test("two strategies over two weeks, day by day, worked out by hand")
    func daily() throws {
        let harvest = try Backtester.run(Self.config(.threshold("0.1")), prices: Self.prices())
        let hold = try Backtester.run(Self.config(.none), prices: Self.prices())
        #expect(harvest.harvests == 1 && hold.harvests == 0)
        #expect(BacktestCSV.daily([harvest, hold]) == """
            \(Self.header)
            2024-03-01,threshold:0.1,999.20,200.00,0.00,1000.00
            2024-03-02,threshold:0.1,959.24,200.00,0.00,1000.00
            2024-03-03,threshold:0.1,917.84,200.00,0.00,1000.00
            2024-03-04,threshold:0.1,917.84,200.00,0.00,1000.00
            2024-03-05,threshold:0.1,877.96,200.00,0.00,1000.00
            2024-03-06,threshold:0.1,901.89,200.00,0.00,1000.00
            2024-03-07,threshold:0.1,933.79,200.00,0.00,1000.00
            2024-03-08,threshold:0.1,965.70,200.00,0.00,1000.00
            2024-03-09,threshold:0.1,997.60,200.00,0.00,1000.00
            2024-03-10,threshold:0.1,1029.51,200.00,0.00,1000.00
            2024-03-11,threshold:0.1,1061.41,200.00,0.00,1000.00
            2024-03-12,threshold:0.1,1077.36,200.00,0.00,1000.00
            2024-03-13,threshold:0.1,1097.30,200.00,0.00,1000.00
            2024-03-14,threshold:0.1,1117.24,200.00,0.00,1000.00
            2024-03-01,none,999.20,200.00,0.00,1000.00
            2024-03-02,none,959.24,200.00,0.00,1000.00
            2024-03-03,none,919.28,200.00,0.00,1000.00
            2024-03-04,none,919.28,200.00,0.00,1000.00
            2024-03-05,none,879.32,200.00,0.00,1000.00
            2024-03-06,none,903.30,200.00,0.00,1000.00
            2024-03-07,none,935.26,200.00,0.00,1000.00
            2024-03-08,none,967.23,200.00,0.00,1000.00
            2024-03-09,none,999.20,200.00,0.00,1000.00
            2024-03-10,none,1031.17,200.00,0.00,1000.00
            2024-03-11,none,1063.14,200.00,0.00,1000.00
            2024-03-12,none,1079.12,200.00,0.00,1000.00
            2024-03-13,none,1099.10,200.00,0.00,1000.00
            2024-03-14,none,1119.08,200.00,0.00,1000.00

            """)
    }

    /// The same portfolio from 2024-12-20 to 2025-04-20 (122 days), X at 100 until 2024-12-22 and 90 from 2024-12-23: the
    /// lot is harvested on 2024-12-23 as above (value 917.84 from then on). The sale: proceeds 719.28 − 0.71928 = 718.56072
    /// against a basis of 800: a short-term loss of 81.43928, 2024's only result, deducted against income: tax
    /// −81.43928 × 35% = −28.503748, paid (received) into the portfolio on 15 April 2025 and invested at the target
    /// weights like a deposit: 80% of it, 22.8029984, buys X (a fee of 0.0228029984), 20% stays in cash: tax paid
    /// −28.50, cash 200 + 28.503748 − 22.8029984 = 205.7007496 → 205.70, value 917.84215928 + 28.503748 − 0.0228029984
    /// = 946.3231042816 → 946.32.
    @Test("a year's tax on its payment day: negative when the year's loss saved tax")
    func taxPaid() throws {
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries((0..<122).map { offset in
            let date = day("2024-12-20").adding(days: offset)
            return (date, date < day("2024-12-23") ? 100 : 90)
        }))
        var config = Self.config(.threshold("0.1"))
        config.start = day("2024-12-20")
        config.end = day("2025-04-20")
        let rows = lines(BacktestCSV.daily([try Backtester.run(config, prices: book)]))
        #expect(rows.count == 1 + 122 && rows.first == Self.header)
        #expect(rows.filter { ["2024-12-22", "2024-12-23", "2025-04-14", "2025-04-15", "2025-04-20"].contains(String($0.prefix(10))) } == [
            "2024-12-22,threshold:0.1,999.20,200.00,0.00,1000.00",
            "2024-12-23,threshold:0.1,917.84,200.00,0.00,1000.00",
            "2025-04-14,threshold:0.1,917.84,200.00,0.00,1000.00",
            "2025-04-15,threshold:0.1,946.32,205.70,-28.50,1000.00",
            "2025-04-20,threshold:0.1,946.32,205.70,-28.50,1000.00",
        ])
    }
}
