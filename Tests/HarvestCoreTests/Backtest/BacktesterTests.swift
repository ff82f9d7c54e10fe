import HarvestCore
import HarvestTestSupport
import Testing

/// Backtests on hand-made price paths whose results are known by hand, and the invariants every run keeps.
struct BacktesterTests {
    /// X at 100 until 2023-12-26, 70 from 2023-12-27 to 2023-12-31, 100 again from 2024-01-01 to `end`.
    static func dip(until end: String) -> PriceBook {
        var points: [(CivilDate, Price)] = []
        var date = day("2023-12-20")
        while date <= day(end) {
            points.append((date, date >= day("2023-12-27") && date <= day("2023-12-31") ? 70 : 100))
            date = date.adding(days: 1)
        }
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries(points))
        return book
    }

    static func config(_ strategy: BacktestStrategy, end: String, liquidate: Bool) -> BacktestConfig {
        BacktestConfig(
            assets: [Asset("X")], start: day("2023-12-20"), end: day(end), initial: 1000, rebalanceEveryMonths: 0,
            strategy: strategy, costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0), liquidateAtEnd: liquidate)
    }

    @Test("a single dip and recovery: the harvest saves 35% of the loss now and defers as much, the new lot being short-term")
    func dipAndRecovery() throws {
        // 10 X bought at 100. On 2023-12-27 the lot is 30% down: sold for 700 (loss 300) and bought back at 70.
        // 2023: short-term loss 300, all deducted: 300 × 35% = 105 saved. Holding at the end (2024-01-10): the new
        // lot, bought 14 days before, is worth 1,000 on a 700 basis: a sale then would be short-term, 300 × 35% = 105
        // of tax deferred. 1,000 + 105 − 105 = 1,000 (a pure deferral so far).
        // Without harvesting: 1,000 worth 1,000 on a 1,000 basis: nothing saved, nothing deferred.
        let prices = Self.dip(until: "2024-01-10")
        let harvest = try Backtester.run(Self.config(.threshold("0.1"), end: "2024-01-10", liquidate: false), prices: prices)
        let hold = try Backtester.run(Self.config(.none, end: "2024-01-10", liquidate: false), prices: prices)
        #expect(harvest.harvests == 1 && harvest.harvestedByYear == [2023: 300])
        #expect(harvest.taxByYear[2023] == -105)
        // The 2023 saving falls due on 2024-04-15, after the end: pre-tax the holdings are worth 1,000.
        #expect(harvest.endingPreTax == 1000 && harvest.endingAfterTax == 1000 && harvest.deferredTax == 105)
        #expect(hold.harvests == 0 && hold.endingAfterTax == 1000)
        // Liquidating at the end instead: 2024 realizes the 300 back (short-term, 105): the saving was a deferral.
        let sold = try Backtester.run(Self.config(.threshold("0.1"), end: "2024-01-10", liquidate: true), prices: prices)
        #expect(sold.taxByYear == [2023: -105, 2024: 105] && sold.endingAfterTax == 1000)
    }

    /// X at 100 from `start`, 70 from 2023-12-27 to 12-31, 100 again until `end`.
    static func dip(from start: String, until end: String) -> PriceBook {
        var points: [(CivilDate, Price)] = []
        var date = day(start)
        while date <= day(end) {
            points.append((date, date >= day("2023-12-27") && date <= day("2023-12-31") ? 70 : 100))
            date = date.adding(days: 1)
        }
        var book = PriceBook()
        book.set(Asset("X"), PriceSeries(points))
        return book
    }

    @Test("with the wash-sale rule on crypto, the window blocks the rebuy: the harvest misses the recovery")
    func washWindow() throws {
        // 10 X bought 2023-11-01 at 100 (56 days before the dip: outside the window). On 2023-12-27 the lot is sold
        // for 700 (loss 300); with no other asset to stand in, the 700 waits in cash until day 31, 2024-01-27, and
        // buys 7 X at 100. Held on 2024-02-10: 7 × 100 = 700, basis 700, plus the 105 saved for 2023: 805.
        var config = Self.config(.threshold("0.1"), end: "2024-02-10", liquidate: false)
        config.start = day("2023-11-01")
        config.washSale = WashSaleRule.unitedStates.includingCrypto
        let result = try Backtester.run(config, prices: Self.dip(from: "2023-11-01", until: "2024-02-10"))
        #expect(result.harvests == 1 && result.endingAfterTax == 805)
        let buys = result.ledger.transactions.filter { $0.kind == .buy }.map(\.date)
        #expect(buys == [day("2023-11-01"), day("2024-01-27")])
        #expect(result.washSalesTriggered == 0)
    }

    @Test("a purchase within 30 days before stops the harvest (a wash sale avoided)")
    func washAvoided() throws {
        // Bought 2023-12-20, 7 days before the dip: every dip day is inside the window, nothing is harvested.
        var config = Self.config(.threshold("0.1"), end: "2024-01-10", liquidate: false)
        config.washSale = WashSaleRule.unitedStates.includingCrypto
        let result = try Backtester.run(config, prices: Self.dip(until: "2024-01-10"))
        #expect(result.harvests == 0 && result.washSalesAvoided == 5 && result.endingAfterTax == 1000)
    }

    @Test("the same inputs give the same result, to the last row")
    func deterministic() throws {
        let config = Self.config(.threshold("0.1"), end: "2024-01-10", liquidate: true)
        let one = try Backtester.run(config, prices: Self.dip(until: "2024-01-10"))
        let two = try Backtester.run(config, prices: Self.dip(until: "2024-01-10"))
        #expect(one.days == two.days && one.ledger.disposals == two.ledger.disposals && one.endingAfterTax == two.endingAfterTax)
    }

    @Test("the planner strategy harvests what the planner chooses, valued to the backtest's end")
    func planner() throws {
        // The dip falls in the sweep (24-31 December), so the timing lets any loss that pays through. On 2023-12-27: loss
        // 300 short-term, nothing realized yet: saves 300 × 35% = 105 now. The investor sells on 2026-01-10, two whole
        // years on: defers 300 × 15% / 1.05^2 = 40.82, no costs: net 64.18 ≥ 10, sold. The 105 refund arrives on
        // 2024-04-15 and buys 1.05 X at 100. Held at the end: 10 X on a 700 basis (300 long-term: 45 deferred) and
        // 1.05 X at cost: 1,105 − 45 = 1,060 (without harvesting: 1,000).
        let result = try Backtester.run(Self.config(.planner, end: "2026-01-10", liquidate: false), prices: Self.dip(until: "2026-01-10"))
        #expect(result.harvests == 1 && result.deferredTax == 45 && result.endingAfterTax == 1060)
        // Ending on 2024-01-10 instead, the replacement would be sold within the year: the 300 comes back short-term,
        // 105 deferred against 105 saved, net 0 < 10: kept (a threshold harvests it: `dipAndRecovery`).
        #expect(try Backtester.run(Self.config(.planner, end: "2024-01-10", liquidate: false), prices: Self.dip(until: "2024-01-10")).harvests == 0)
        var small = PriceBook()
        var points: [(CivilDate, Price)] = []
        var date = day("2023-12-20")
        while date <= day("2026-01-10") {
            points.append((date, date == day("2023-12-27") ? 99 : 100))
            date = date.adding(days: 1)
        }
        small.set(Asset("X"), PriceSeries(points))
        // A 10 loss: saves 3.50, defers 10 × 15% / 1.05^2 = 1.36: net 2.14 < 10: kept.
        #expect(try Backtester.run(Self.config(.planner, end: "2026-01-10", liquidate: false), prices: small).harvests == 0)
    }

    @Test("tax paid from outside still counts against the after-tax wealth")
    func taxesFromOutside() throws {
        // The dip harvest with tax paid from outside: the portfolio holds 1,000 at the end (basis 700, 105 deferred);
        // the 105 saving for 2023 reached the investor outside: 1,000 − 105 + 105 = 1,000, as when paid inside.
        var config = Self.config(.threshold("0.1"), end: "2024-01-10", liquidate: false)
        config.taxesFromPortfolio = false
        let result = try Backtester.run(config, prices: Self.dip(until: "2024-01-10"))
        #expect(result.endingAfterTax == 1000 && result.taxPaid == -105)
    }

    @Test("tax falls due on 15 April of the next year; a refund is invested that day")
    func taxDate() throws {
        // The 105 saved for 2023 arrives on 2024-04-15 and buys 105 / 100 = 1.05 X (no costs): the cash stays at zero.
        let result = try Backtester.run(Self.config(.threshold("0.1"), end: "2024-05-01", liquidate: false), prices: Self.dip(until: "2024-05-01"))
        let before = try #require(result.days.first { $0.date == day("2024-04-14") })
        let on = try #require(result.days.first { $0.date == day("2024-04-15") })
        #expect(before.taxPaid == 0 && on.taxPaid == -105)
        #expect(before.cash == 0 && on.cash == 0 && on.value - before.value == 105)
        let refundBuy = try #require(result.ledger.transactions.last)
        #expect(refundBuy.kind == .buy && refundBuy.date == day("2024-04-15") && refundBuy.received?.quantity == "1.05")
    }

    @Test("year-end harvesting catches the December dip; costs are charged each way")
    func yearEndWithCosts() throws {
        // 10 bps fee, 20 bps slippage. Buying 1,000: fee 1, 999 buys at 100.20: 9.970059880239520958 X. From 24
        // December the lot is already 3 down (the costs), less than the 6 a round trip costs: kept until the dip.
        var config = Self.config(.yearEnd, end: "2024-01-10", liquidate: false)
        config.costs = TradingCosts(feeBasisPoints: 10, slippageBasisPoints: 20)
        let result = try Backtester.run(config, prices: Self.dip(until: "2024-01-10"))
        #expect(result.harvests == 1)
        let first = try #require(result.ledger.disposals.first)
        #expect(first.quantity == "9.970059880239520958" && first.dateDisposed == day("2023-12-27"))
        #expect(result.costs.isPositive)
    }

    @Test("invariants: each day's value is cash plus holdings, and the tax paid is the engine's yearly totals")
    func invariants() throws {
        var config = Self.config(.threshold("0.05"), end: "2025-06-30", liquidate: true)
        config.deposit = 100
        config.rebalanceEveryMonths = 1
        // A saw-tooth path: 100, 90, 80, ... 60, then up again, repeating every 9 days.
        var points: [(CivilDate, Price)] = []
        var date = config.start
        var step = 0
        while date <= config.end {
            points.append((date, Price(Fixed([100, 90, 80, 70, 60, 70, 80, 90, 110][step % 9]))))
            date = date.adding(days: 1)
            step += 1
        }
        var prices = PriceBook()
        prices.set(Asset("X"), PriceSeries(points))
        let result = try Backtester.run(config, prices: prices)
        // The engine's own summaries of the backtest's ledger give the same yearly tax.
        let summaries = YearSummaries.compute(disposals: result.ledger.disposals, income: [], jurisdiction: .us, from: 2023, through: 2025)
        for summary in summaries {
            let scheduleD = try #require(summary.scheduleD)
            let expected = scheduleD.netCapitalGain.isNegative
                ? -Money(scheduleD.deductionAgainstOrdinaryIncome.fixed.multiplied(by: "0.35", rounding: .halfEven))
                : result.taxByYear[summary.year]!
            #expect(result.taxByYear[summary.year] == expected)
        }
        #expect(result.taxPaid == result.taxByYear.values.sum())
        // After liquidation everything is cash: what came in, plus the gains, less the tax. Costs are inside the gains
        // (fees in each basis and proceeds, slippage in the prices paid and received), so they are not taken twice.
        let gains = result.ledger.disposals.map(\.gain).sum()
        #expect(result.endingAfterTax == result.contributed + gains - result.taxPaid)
        #expect(result.harvests > 10 && result.contributed == Money(1000) + Money(100) * 18)
        // Every day: cash + the basis of the open lots = contributions + realized gains − tax paid, exactly.
        #expect(result.unreconciledDays == 0)
    }
}

extension Money {
    static func * (lhs: Money, rhs: Int) -> Money { Money(Fixed(raw: lhs.fixed.raw * Int128(rhs))) }
}

struct BacktestMetricsTests {
    @Test("a single contribution: the annualized return is the plain growth rate")
    func single() throws {
        // 1,000 grows to 1,210 in exactly two years (730.5 days): 10% a year.
        let rate = try #require(BacktestMetrics.annualizedReturn(
            contributions: [(date: day("2020-01-01"), amount: Money(1000))], ending: 1210, end: day("2020-01-01").adding(days: 731)))
        #expect(abs(rate - 0.1) < 0.0002)
    }

    @Test("with a deposit, the money-weighted return solves the future value")
    func deposits() throws {
        // 1,000 at the start and 1,000 after one year; 2,310 after two years is 10% a year:
        // 1,000 × 1.1² + 1,000 × 1.1 = 1,210 + 1,100 = 2,310.
        let start = day("2021-01-01")
        let rate = try #require(BacktestMetrics.annualizedReturn(
            contributions: [(date: start, amount: Money(1000)), (date: start.adding(days: 365), amount: Money(1000))], ending: 2310, end: start.adding(days: 730)))
        #expect(abs(rate - 0.1) < 0.001)
        #expect(BacktestMetrics.annualizedReturn(contributions: [], ending: 1, end: start) == nil)
    }
}
