import HarvestCore
import HarvestTestSupport
import Testing

/// `harvest backtest --windows`: the starts, and the distribution's figures, checked on values worked by hand.
struct BacktestStudyTests {
    @Test("quarterly starts from 2017-01-01 to 2023-10-01 are 28 first days of a quarter; a mid-month start moves to the next")
    func starts() {
        let quarterly = BacktestStudy.starts(from: day("2017-01-01"), through: day("2023-10-01"), everyMonths: 3)
        #expect(quarterly.count == 28 && quarterly.first == day("2017-01-01") && quarterly.last == day("2023-10-01"))
        #expect(quarterly[1] == day("2017-04-01"))
        #expect(BacktestStudy.starts(from: day("2017-01-15"), through: day("2017-12-31"), everyMonths: 3)
            == [day("2017-04-15"), day("2017-07-15"), day("2017-10-15")].map { CivilDate(year: $0.year, month: $0.month, day: 1)! })
        #expect(BacktestStudy.starts(from: day("2020-01-01"), through: day("2019-01-01"), everyMonths: 3).isEmpty)
    }

    @Test("median and quartiles interpolate between ranks; shares count strict wins, ties not")
    func distribution() throws {
        // Five windows. a: 0.01, 0.03, -0.02, 0.05, 0.00 → sorted -0.02, 0.00, 0.01, 0.03, 0.05: median 0.01 (rank 2),
        // Q1 rank 1 = 0.00, Q3 rank 3 = 0.03, worst -0.02, best 0.05, positive 3 of 5.
        // b: 0.01, 0.02, -0.03, 0.05, nil → a beats b in windows 2 and 3 (window 1 and 4 tie, 5 unmeasured): 2 of 4.
        let a = BacktestStrategy.threshold("0.2"), b = BacktestStrategy.yearEnd
        let study = BacktestStudy(
            starts: (0..<5).map { day("2020-01-01").adding(months: 3 * $0) }, strategies: [.none, a, b],
            alphas: [.none: [0, 0, 0, 0, 0], a: [0.01, 0.03, -0.02, 0.05, 0.00], b: [0.01, 0.02, -0.03, 0.05, nil]])
        let d = try #require(study.distribution(a))
        #expect(d.windows == 5 && d.median == 0.01 && d.lowerQuartile == 0.00 && d.upperQuartile == 0.03)
        #expect(d.worst == -0.02 && d.best == 0.05 && d.positive == 0.6)
        #expect(study.shareBeating(a, b) == 0.5 && study.shareBeating(b, a) == 0)
        // Four values: the median is halfway between the middle two ((0.01 + 0.02) / 2).
        let e = try #require(study.distribution(b))
        #expect(abs(e.median - 0.015) < 1e-12 && abs(e.lowerQuartile - (-0.03 + 0.75 * 0.04)) < 1e-12)
    }
}
