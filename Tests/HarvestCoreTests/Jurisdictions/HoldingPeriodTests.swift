import HarvestCore
import HarvestTestSupport
import Testing

/// US holding period: long-term means held *more than* one year, counted by the calendar from the day
/// after acquisition (rules.md §1.2; vector us-holding-lasser; Rev. Rul. 66-7 for month ends).
struct HoldingPeriodTests {
    static let rule = Jurisdiction.us.holdingPeriod

    @Test("term by calendar year", arguments: [
        // us-holding-lasser: bought 2012-09-19; the first long-term day is 2013-09-20.
        ("2012-09-19", "2013-09-18", Term.short),
        ("2012-09-19", "2013-09-19", .short),
        ("2012-09-19", "2013-09-20", .long),
        // Leap-day purchase: the anniversary falls on 28 February.
        ("2024-02-29", "2025-02-28", .short),
        ("2024-02-29", "2025-03-01", .long),
        // 365 days is not "more than a year" in a leap year: 2024-01-01 → 2024-12-31 is 365 days.
        ("2024-01-01", "2024-12-31", .short),
        ("2024-01-01", "2025-01-01", .short),
        ("2024-01-01", "2025-01-02", .long),
        // Same day, and sold years later.
        ("2024-05-05", "2024-05-05", .short),
        ("2019-05-05", "2024-05-05", .long),
        // Lasser's month-end rule (acquired 2012-11-30: holding months end 12-31, 01-31, 02-28 …):
        // twelve holding months end 2013-11-30.
        ("2012-11-30", "2013-11-30", .short),
        ("2012-11-30", "2013-12-01", .long),
        // Acquired on the last day of a common February: the twelfth holding month ends on the last day
        // of the next February, 2024-02-29, so that day is still short-term (Rev. Rul. 66-7).
        ("2023-02-28", "2024-02-28", .short),
        ("2023-02-28", "2024-02-29", .short),
        ("2023-02-28", "2024-03-01", .long),
        // 28 February of a leap year is not a month end: the anniversary is 2025-02-28.
        ("2024-02-28", "2025-02-28", .short),
        ("2024-02-28", "2025-03-01", .long),
    ])
    func term(_ acquired: String, _ disposed: String, _ expected: Term) {
        #expect(Self.rule.term(held: day(acquired), disposed: day(disposed)) == expected)
    }

    @Test("the first long-term day", arguments: [
        ("2012-09-19", "2013-09-20"),
        ("2024-02-29", "2025-03-01"),
        ("2024-01-01", "2025-01-02"),
        ("2023-02-28", "2024-03-01"),
        ("2012-11-30", "2013-12-01"),
    ])
    func firstLongTermDate(_ acquired: String, _ expected: String) {
        let first = Self.rule.firstLongTermDate(held: day(acquired))
        #expect(first == day(expected))
        // The pair: the day before it is short-term, the day itself long-term.
        #expect(Self.rule.term(held: day(acquired), disposed: first) == .long)
        #expect(Self.rule.term(held: day(acquired), disposed: first.adding(days: -1)) == .short)
    }

    @Test("the engine labels each disposal row with the lot's term", arguments: [
        ("2012-09-19", "2013-09-19", Term.short),
        ("2012-09-19", "2013-09-20", .long),
        ("2024-02-29", "2025-02-28", .short),
        ("2024-02-29", "2025-03-01", .long),
        ("2024-01-01", "2024-12-31", .short),
        ("2024-01-01", "2025-01-01", .short),
        ("2024-01-01", "2025-01-02", .long),
    ])
    func engineTerms(_ acquired: String, _ disposed: String, _ expected: Term) throws {
        // Given one unit bought on `acquired`
        let rows = [
            Row.buy("b1", acquired, 1, "STOCK", cost: 100),
            // When it is sold on `disposed` (late in the day: the time of day must not matter)
            Row.sell("s1", disposed, 1, "STOCK", proceeds: 150, hour: 23),
        ]
        let result = try LotEngine.run(rows)
        // Then the single row carries the calendar term, the dates and the tax year of the sale
        #expect(result.disposals.map(\.term) == [expected])
        #expect(result.disposals.first?.dateAcquired == day(acquired))
        #expect(result.disposals.first?.dateDisposed == day(disposed))
        #expect(result.disposals.first?.taxYear == day(disposed).year)
    }
}
