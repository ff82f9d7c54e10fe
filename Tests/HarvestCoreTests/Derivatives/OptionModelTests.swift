import HarvestCore
import HarvestTestSupport
import Testing

/// The option pricing model (issue 17: hedges in the plan, the options backtest): Black-Scholes against published
/// values, computed in `Double` and converted to money to the cent.
struct BlackScholesTests {
    @Test("Hull's example: S 42, K 40, r 10%, sigma 20%, T 0.5: call 4.76, put 0.81")
    func hull() throws {
        // Hull, Options, Futures, and Other Derivatives, Example 15.6: c = 4.76, p = 0.81.
        let call = try #require(BlackScholes.price(right: .call, spot: 42, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2))
        let put = try #require(BlackScholes.price(right: .put, spot: 42, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2))
        #expect(BlackScholes.money(call) == "4.76")
        #expect(BlackScholes.money(put) == "0.81")
        // Put-call parity: c − p = S − K·e^(−rT) = 42 − 40 × e^(−0.05) = 42 − 38.0492 = 3.9508.
        #expect(abs((call - put) - 3.950_817) < 1e-5)
        // The exact path: 100 units at the cent price, 81.00.
        #expect(BlackScholes.premium(right: .put, spot: 42, strike: 40, units: 100, days: 0, rate: "0.1", volatility: 0.2) == .zero)
    }

    @Test("the normal distribution function at known points")
    func normal() {
        // Tables: N(0) = 0.5, N(1.96) = 0.9750021, N(−1) = 0.1586553, N(3) = 0.9986501.
        #expect(abs(BlackScholes.normalCDF(0) - 0.5) < 1e-15)
        #expect(abs(BlackScholes.normalCDF(1.96) - 0.975_002_1) < 1e-7)
        #expect(abs(BlackScholes.normalCDF(-1) - 0.158_655_3) < 1e-7)
        #expect(abs(BlackScholes.normalCDF(3) - 0.998_650_1) < 1e-7)
        #expect(BlackScholes.normalCDF(-40) == 0 && BlackScholes.normalCDF(40) == 1)
    }

    @Test("out of the model's domain: no price, never a trap")
    func domain() {
        #expect(BlackScholes.price(right: .call, spot: 0, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2) == nil)
        #expect(BlackScholes.price(right: .put, spot: 42, strike: 40, years: -1, rate: 0.1, volatility: 0.2) == nil)
        #expect(BlackScholes.price(right: .put, spot: .nan, strike: 40, years: 1, rate: 0.1, volatility: 0.2) == nil)
        #expect(BlackScholes.money(.infinity) == nil && BlackScholes.money(1e300) == nil)
        // No time left: the intrinsic value, 42 − 40 = 2 for the call, nothing for the put.
        #expect(BlackScholes.price(right: .call, spot: 42, strike: 40, years: 0, rate: 0.1, volatility: 0.2) == 2)
        #expect(BlackScholes.price(right: .put, spot: 42, strike: 40, years: 0, rate: 0.1, volatility: 0.2) == 0)
    }
}

/// `--strategy puts:monthly`: spot held, a one-month at-the-money put bought on the first of each month.
struct OptionsBacktestTests {
    /// X from 2023-12-01 (day 0): 100 on even days, 110 on odd days. 2024-01-01 is day 31 (110), 2024-02-01 day 62 (100).
    static func prices() -> PriceBook {
        let start = day("2023-12-01")
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries((0...62).map { (start.adding(days: $0), Price($0 % 2 == 0 ? 100 : 110)) }))
        return book
    }

    @Test("a hand-checked month: the put bought on 1 January expires in the money on 1 February, the next one is bought")
    func oneMonthRoll() throws {
        // Half of 10,000 in X at 110 (no costs): 5,000 / 110 = 45.454545454545454545 X (to 18 decimals, down); 5,000 cash.
        // Volatility on 2024-01-01: the 30 returns of (12-02, 01-01], 15 of +10% and 15 of −1/11: mean 0.0045454,
        // sample variance 0.0094258 a day, × 365: sigma = 1.854832 (Python's statistics.variance).
        // Put 1, 2024-01-01 to 2024-02-01 (31 days), S = K = 110, r = 4%: 23.2100 a unit (scipy-free Python: erfc),
        //   23.21 × 45.4545… = 1,055.00 (1,054.999… to the cent). Cash 3,945.00.
        // 2024-02-01, X at 100: settled for (110 − 100) × 45.4545… = 454.54545454545454545: a short-term loss of
        //   1,055.00 − 454.54545… = 600.45454545454545455.
        // Put 2 bought the same day: S = K = 100, 29 days (2024 is a leap year), same sigma (15 returns of each in
        //   (01-02, 02-01]): 20.4316 a unit → 20.43 × 45.4545… = 928.64 (928.636…). The backtest ends that day: settled at
        //   the close, 100, at the money: worth nothing, a loss of 928.64.
        var config = BacktestConfig(
            assets: [Asset("X")], start: day("2024-01-01"), end: day("2024-02-01"), initial: 10_000, weights: [Asset("X"): "0.5"],
            rebalanceEveryMonths: 0, strategy: .monthlyPuts, costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0))
        config.liquidateAtEnd = true
        let result = try Backtester.run(config, prices: Self.prices())
        let first = try #require(result.ledger.disposals.first { $0.asset == Asset("X-P-20240201-110") })
        #expect(first.costBasis == "1055" && first.proceeds == "454.54545454545454545")
        #expect(first.gain == "-600.45454545454545455" && first.term == .short && first.dateDisposed == day("2024-02-01"))
        let second = try #require(result.ledger.disposals.first { $0.asset == Asset("X-P-20240301-100") })
        #expect(second.costBasis == "928.64" && second.proceeds == .zero && second.gain == "-928.64")
        #expect(result.harvests == 2 && result.harvestedByYear[2024] == Money("600.45454545454545455") + Money("928.64"))
        // Every day reconciles: cash + the basis of the open lots (spot and puts) = contributions + realized − tax.
        #expect(result.unreconciledDays == 0)
        #expect(result.strategy.description == "puts:monthly")
        // The straddle rule (IRC §1092(a)) changes nothing here: its only year end (2024-12-31) comes after the
        // backtest sold everything on 2024-02-01, so no unrecognized gain offsets either loss.
        #expect(result.straddles.isEmpty)
    }

    /// X from 2024-10-02 (day 0): 100 on even days, 110 on odd days, through 2024-12-12; no closes from 2024-12-13 to
    /// 2024-12-30; 115 on 2024-12-31 and 120 on 2025-01-01. 2024-11-01 is day 30 (100), 2024-12-01 day 60 (100).
    static func yearEndPrices() -> PriceBook {
        let start = day("2024-10-02")
        var points = (0...71).map { (start.adding(days: $0), Price($0 % 2 == 0 ? 100 : 110)) }
        points += [(day("2024-12-31"), 115), (day("2025-01-01"), 120)]
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries(points))
        return book
    }

    @Test("§1092(a) across a year end: the put's loss is allowed only beyond the spot's unrecognized gain, the rest the next year")
    func straddleAtTheYearEnd() throws {
        // Half of 10,000 in X at 100 on 2024-11-01 (no costs): 50 X, basis 5,000; 5,000 cash.
        // Volatility on 2024-11-01 and 2024-12-01: 30 returns each, 15 of +10% and 15 of −1/11: sigma = 1.854832 (as above).
        // Put 1, 2024-11-01 to 2024-12-01 (30 days), S = K = 100, r = 4%: 20.7689 a unit (Python, scipy's norm) → 20.77 ×
        //   50 = 1,038.50. On 2024-12-01 X closes at 100: at the money, worthless: a short-term loss of 1,038.50 in 2024.
        // Put 2, 2024-12-01 to 2025-01-01 (31 days), S = K = 100: 21.1000 a unit (23.21 above scaled by 100/110) →
        //   21.10 × 50 = 1,055.00.
        // 2024-12-31: X at 115. The 50 X (held since 2024-11-01, before the loss) have an unrecognized gain of
        //   50 × 115 − 5,000 = 750 (§1092(a)(3)(A)): 750 of the 1,038.50 deferred (§1092(a)(1)(A)), 288.50 allowed.
        //   Put 2 (strike 100) is out of the money at 115: no gain of its own, and no spot loss to test anyway.
        //   2024 tax: −288.50 × 35% = −100.975 (without the rule −1,038.50 × 35% = −363.475).
        // 2025-01-01, the end: put 2 expires out of the money at 120: a loss of 1,055.00. No put 3: the 30 days before
        //   hold only 12 returns (closes missing in late December), fewer than 20. The 50 X are sold at 120: +1,000,
        //   short-term. 2025-12-31: nothing held, so the 750 carried in (§1092(a)(1)(B)) is allowed.
        //   2025: 1,000 − 1,055 − 750 = −805 short-term; tax −805 × 35% = −281.75 (without the rule −55 × 35% = −19.25).
        // Over both years the same −382.725: the rule moves 750 of loss (262.50 of tax) a year later.
        var config = BacktestConfig(
            assets: [Asset("X")], start: day("2024-11-01"), end: day("2025-01-01"), initial: 10_000, weights: [Asset("X"): "0.5"],
            rebalanceEveryMonths: 0, strategy: .monthlyPuts, costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0))
        config.liquidateAtEnd = true
        let result = try Backtester.run(config, prices: Self.yearEndPrices())
        let puts = result.ledger.disposals.filter { $0.asset.symbol.hasPrefix("X-P-") }
        #expect(puts.map(\.asset.symbol) == ["X-P-20241201-100", "X-P-20250101-100"])
        #expect(puts.map(\.gain) == ["-1038.50", "-1055"])
        #expect(result.straddles.map(\.year) == [2024, 2025])
        #expect(result.straddles.map(\.loss) == ["1038.50", 750])
        #expect(result.straddles.map(\.unrecognizedGain) == [750, 0])
        #expect(result.straddles.map(\.deferred) == [750, 0])
        #expect(result.straddles.map(\.recognized) == ["288.50", 750])
        #expect(result.taxByYear == [2024: "-100.975", 2025: "-281.75"])
        // What is harvested is still the loss realized; only its year for tax moves.
        #expect(result.harvestedByYear == [2024: "1038.50", 2025: 1_055])
        #expect(result.unreconciledDays == 0)
    }
}
