import HarvestCore
import HarvestTestSupport
import Testing

/// Tax years as `TaxYearCalendar` counts and names them (TaxRules.swift): the calendar year (US, Canada, Germany),
/// 6 April to 5 April (UK, ../shared/tax/rules.md §2) and 1 July to 30 June (Australia's income year, rules.md §4).
struct TaxYearCalendarTests {
    @Test("the tax year a date belongs to", arguments: [
        (TaxYearCalendar.calendarYear, "2024-01-01", 2024),
        (.calendarYear, "2024-12-31", 2024),
        (TaxYearCalendar(startMonth: 4, startDay: 6), "2024-04-05", 2023),
        (TaxYearCalendar(startMonth: 4, startDay: 6), "2024-04-06", 2024),
        (TaxYearCalendar(startMonth: 7, startDay: 1), "2025-06-30", 2024),
    ])
    func taxYears(_ calendar: TaxYearCalendar, _ date: String, _ year: Int) {
        #expect(calendar.year(of: day(date)) == year)
    }

    @Test("a tax year's first and last day")
    func taxYearBounds() {
        #expect(TaxYearCalendar.calendarYear.start(of: 2024) == day("2024-01-01"))
        #expect(TaxYearCalendar.calendarYear.end(of: 2024) == day("2024-12-31"))
        let uk = TaxYearCalendar(startMonth: 4, startDay: 6)
        #expect(uk.start(of: 2024) == day("2024-04-06"))
        #expect(uk.end(of: 2024) == day("2025-04-05"))
    }
}
