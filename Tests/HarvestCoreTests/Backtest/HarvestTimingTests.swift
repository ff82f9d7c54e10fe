import HarvestCore
import HarvestTestSupport
import Testing

/// The planner's timing (README "When to harvest"): the volatility it scales by, the trigger, the sweep, and what it does
/// in a backtest. Figures computed by hand (or, for the volatility, with Python's `statistics.variance`, noted).
struct HarvestTimingTests {
    /// Closes alternating 100, 110, 100, ... from `start` for `days` days.
    static func zigzag(from start: String, days: Int) -> PriceSeries {
        PriceSeries((0..<days).map { (day(start).adding(days: $0), $0 % 2 == 0 ? Price(100) : Price(110)) })
    }

    @Test("the volatility is the sample deviation of daily returns × √365, over the last year's consecutive closes")
    func volatility() throws {
        // 41 closes alternating 100 and 110: 40 returns, +10% and −1/11 in turn. Sample variance × 365 = 3.41100..., its
        // root 1.846888760 (Python: math.sqrt(statistics.variance([0.1, -1/11] * 20) * 365)).
        let timing = HarvestTiming()
        let series = Self.zigzag(from: "2024-01-01", days: 41)
        let sigma = try #require(timing.volatility(series, on: day("2024-02-10")))
        #expect(abs(sigma - 1.846888760) < 1e-6)
        // 0.22 / 1.8469 = 0.119: within the bounds, so the trigger is 11.9% of the basis.
        #expect(abs(timing.triggerDepth(volatility: sigma) - 0.119119248) < 1e-6)
        // Fewer than 20 returns: unknown, and the trigger is the deepest (50%).
        #expect(timing.volatility(series, on: day("2024-01-15")) == nil)
        #expect(timing.triggerDepth(volatility: nil) == 0.5)
        // Only the last 365 days count: a year later the zigzag is out of the window.
        #expect(timing.volatility(series, on: day("2025-03-01")) == nil)
        // Bounds: a calm asset waits for 50%, a wild one harvests from 10%.
        #expect(timing.triggerDepth(volatility: 0.2) == 0.5 && timing.triggerDepth(volatility: 5) == 0.1)
    }

    @Test("the sweep is the tax year's last eight days: 24-31 December in the US, 29 March-5 April in the UK")
    func sweep() {
        let timing = HarvestTiming()
        #expect(!timing.isSweep(day("2024-12-23"), taxYear: Jurisdiction.us.taxYear))
        #expect(timing.isSweep(day("2024-12-24"), taxYear: Jurisdiction.us.taxYear))
        #expect(timing.isSweep(day("2024-12-31"), taxYear: Jurisdiction.us.taxYear))
        #expect(!timing.isSweep(day("2025-01-01"), taxYear: Jurisdiction.us.taxYear))
        #expect(!timing.isSweep(day("2025-03-28"), taxYear: Jurisdiction.unitedKingdom.taxYear))
        #expect(timing.isSweep(day("2025-03-29"), taxYear: Jurisdiction.unitedKingdom.taxYear))
        #expect(timing.isSweep(day("2025-04-05"), taxYear: Jurisdiction.unitedKingdom.taxYear))
        // Before the sweep a 20% loss is harvested only if the trigger is at most 20%; in the sweep, always.
        #expect(!timing.isDeepEnough(basis: 100, value: 80, volatility: 0.7, on: day("2024-06-03"), taxYear: Jurisdiction.us.taxYear))
        #expect(timing.isDeepEnough(basis: 100, value: 80, volatility: 1.1, on: day("2024-06-03"), taxYear: Jurisdiction.us.taxYear))
        #expect(timing.isDeepEnough(basis: 100, value: 80, volatility: 0.7, on: day("2024-12-27"), taxYear: Jurisdiction.us.taxYear))
    }

    @Test("in a backtest the planner waits through a shallow June loss and takes it in the sweep; the daily model takes it at once")
    func waitsForTheSweep() throws {
        // X at 100 from 2023-01-01, a flat year (volatility 0: the trigger is 50%), 85 from 2024-06-01 to the end of 2024,
        // 100 again from 2025; the backtest ends on 2027-12-31. A 15% loss: under the trigger in June, so the timed
        // planner waits and sells on 2024-12-24, the sweep's first day; planner:daily sells on 2024-06-01.
        var prices = PriceBook()
        prices.set(Asset("X"), BacktestAccountingTests.series("2023-01-01", "2027-12-31") { date in
            date >= day("2024-06-01") && date < day("2025-01-01") ? 85 : 100
        })
        func run(_ strategy: BacktestStrategy) throws -> BacktestResult {
            try Backtester.run(BacktestConfig(
                assets: [Asset("X")], start: day("2023-01-01"), end: day("2027-12-31"), initial: 1000, rebalanceEveryMonths: 0,
                strategy: strategy, costs: TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0), liquidateAtEnd: true), prices: prices)
        }
        func firstSale(_ result: BacktestResult) -> CivilDate? { result.ledger.transactions.first { $0.kind == .sell }?.date }
        let timed = try run(.planner)
        let daily = try run(.plannerDaily)
        #expect(timed.harvests == 1 && firstSale(timed) == day("2024-12-24"))
        #expect(daily.harvests == 1 && firstSale(daily) == day("2024-06-01"))
        // Both harvest the same 150 (long-term: the lot is from 2023-01-01) in 2024.
        #expect(timed.harvestedByYear == [2024: 150] && daily.harvestedByYear == [2024: 150])
    }

    @Test("the planner with timing waits on a shallow loss before the sweep, sells the deep one, and says why")
    func plannerWaits() throws {
        // X closes 100, 110, 100, ... from 2024-05-01 to 2024-06-10 (volatility 1.847, trigger 11.9%). Two lots of 10 X at
        // 100: A cost 1,120 (loss 120, 10.7% of its basis: under the trigger), B cost 1,250 (loss 250, 20%). B alone:
        // saves 250 × 35% = 87.50, defers 250 × 15% / 1.05^5 = 29.38, costs 1,000 × 0.6% = 6: net 52.12, sold.
        func lot(_ id: String, cost: Money) -> Lot {
            Lot(asset: Asset("X"), wallet: Wallet("w"), quantity: 10, costBasis: cost, acquiredAt: Instant(date: day("2024-05-01")),
                dateAcquired: day("2024-05-01"), holdingStart: day("2024-05-01"), transactionID: id)
        }
        var history = PriceBook()
        history.set(Asset("X"), Self.zigzag(from: "2024-05-01", days: 41))
        var request = PlanRequest(asOf: day("2024-06-10"), lots: [lot("A", cost: 1120), lot("B", cost: 1250)], prices: [Asset("X"): 100])
        request.priceHistory = history
        request.timing = HarvestTiming()
        let plan = HarvestPlanner.plan(request)
        #expect(plan.trades.map(\.lot.transactionID) == ["B"] && plan.netBenefit.fixed.rounded(scale: 2, .halfEven) == Fixed("52.12"))
        let waiting = try #require(plan.candidates.first { $0.lot.transactionID == "A" })
        guard case .waitForDepth(_, _, _, let sweepFrom) = waiting.reason else {
            Issue.record("A is not waiting: \(waiting.reason)")
            return
        }
        #expect(sweepFrom == day("2024-12-24"))
        #expect(waiting.explanation.contains("wait: the loss is 11% of the basis, and before the year's last days a loss of X is harvested from 12% (its volatility of 185%)"))
        // Without the timing both are sold; in the sweep, with it, too.
        request.timing = nil
        #expect(HarvestPlanner.plan(request).trades.count == 2)
        request.timing = HarvestTiming()
        request.asOf = day("2024-12-24")
        #expect(HarvestPlanner.plan(request).trades.count == 2)
    }
}
