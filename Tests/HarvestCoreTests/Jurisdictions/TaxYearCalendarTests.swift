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
        // Australia's 2023-24 income year ends on 30 June 2024, a leap year's: no day is lost or doubled.
        let au = TaxYearCalendar(startMonth: 7, startDay: 1)
        #expect(au.start(of: 2023) == day("2023-07-01") && au.end(of: 2023) == day("2024-06-30"))
        #expect(au.start(of: 2023).days(to: au.end(of: 2023)) == 365)
    }

    @Test("a tax year's name: the calendar year, or the two years it spans (HMRC's 2024-25, the ATO's 2024-25)", arguments: [
        (TaxYearCalendar.calendarYear, 2024, "2024"),
        (.calendarYear, 1999, "1999"),
        (TaxYearCalendar(startMonth: 4, startDay: 6), 2024, "2024-25"),
        (TaxYearCalendar(startMonth: 4, startDay: 6), 2008, "2008-09"),
        (TaxYearCalendar(startMonth: 7, startDay: 1), 2009, "2009-10"),
        // The second year by its last two digits, across a century.
        (TaxYearCalendar(startMonth: 7, startDay: 1), 1999, "1999-00"),
        (TaxYearCalendar(startMonth: 7, startDay: 1), 2099, "2099-00"),
        // Any start other than 1 January spans two years, even 2 January.
        (TaxYearCalendar(startMonth: 1, startDay: 2), 2024, "2024-25"),
    ])
    func labels(_ calendar: TaxYearCalendar, _ year: Int, _ label: String) {
        #expect(calendar.label(year) == label)
    }

    @Test("each jurisdiction names its years as its returns do", arguments: [
        ("us", 2024, "2024"), ("uk", 2024, "2024-25"), ("ca", 2024, "2024"), ("au", 2024, "2024-25"), ("de", 2024, "2024"),
    ])
    func jurisdictionLabels(_ code: String, _ year: Int, _ label: String) throws {
        let jurisdiction = try #require(Jurisdiction.all[code])
        #expect(jurisdiction.taxYear.label(year) == label)
    }
}
