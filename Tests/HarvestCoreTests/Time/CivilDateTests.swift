import HarvestCore
import HarvestTestSupport
import PropertyBased
import Testing

/// Calendar dates: what holding periods and tax years are counted on (the tax years themselves: Jurisdictions/TaxYearCalendarTests).
struct CivilDateTests {
    /// Days since 1970-01-01 by an independent count: whole years since 0001-01-01 with the Gregorian
    /// leap rule (floor division, so years before 1 work too), then whole months, then days.
    static func referenceDays(year: Int, month: Int, day: Int) -> Int {
        func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
        func daysBefore(year y: Int) -> Int {
            let previous = y - 1
            return 365 * previous + floorDiv(previous, 4) - floorDiv(previous, 100) + floorDiv(previous, 400)
        }
        let monthLengths = [31, referenceIsLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let epoch = daysBefore(year: 1970)  // 719,162 days from 0001-01-01 to 1970-01-01
        return daysBefore(year: year) + monthLengths[..<(month - 1)].reduce(0, +) + day - 1 - epoch
    }

    static func referenceIsLeap(_ year: Int) -> Bool {
        if year % 400 == 0 { return true }
        if year % 100 == 0 { return false }
        return year % 4 == 0
    }

    static func referenceMonthLength(_ year: Int, _ month: Int) -> Int {
        [31, referenceIsLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    @Test("known days since the epoch", arguments: [
        ("1970-01-01", 0),
        ("1969-12-31", -1),
        ("2000-03-01", 11_017),
        ("2024-01-01", 19_723),
        ("2024-02-29", 19_782),
        ("1900-02-28", -25_509),
        ("1900-03-01", -25_508),
        ("0001-01-01", -719_162),
        ("9999-12-31", 2_932_896),
    ])
    func knownDays(_ iso: String, _ days: Int32) throws {
        let date = try #require(CivilDate(iso: iso))
        #expect(date.daysSinceEpoch == days)
        #expect(date.description == iso)
        #expect(CivilDate(daysSinceEpoch: days).description == iso)
    }

    @Test("year, month and day round-trip through day numbers from -9999 to 9999")
    func componentsRoundTrip() async {
        let input = zip(Gen<Int>.int(in: -9999...9999), Gen<Int>.int(in: 1...12), Gen<Int>.int(in: 1...31))
        await propertyCheck(count: 3000, input: input) { year, month, dayNumber in
            let day = min(dayNumber, Self.referenceMonthLength(year, month))
            let date = CivilDate(year: year, month: month, day: day)
            #expect(date?.daysSinceEpoch == Int32(Self.referenceDays(year: year, month: month, day: day)))
            let components = date?.components
            #expect(components?.year == year && components?.month == month && components?.day == day)
        }
    }

    @Test("each day number is the day after the one before it")
    func consecutiveDays() async {
        // -9999-01-01 … 9999-12-30
        let first = Int32(Self.referenceDays(year: -9999, month: 1, day: 1))
        await propertyCheck(count: 3000, input: Gen<Int32>.int32(in: first...2_932_895)) { number in
            let today = CivilDate(daysSinceEpoch: number).components
            let tomorrow = CivilDate(daysSinceEpoch: number + 1).components
            if today.day < Self.referenceMonthLength(today.year, today.month) {
                #expect(tomorrow == (today.year, today.month, today.day + 1))
            } else if today.month < 12 {
                #expect(tomorrow == (today.year, today.month + 1, 1))
            } else {
                #expect(tomorrow == (today.year + 1, 1, 1))
            }
        }
    }

    @Test("ISO text round-trips for years 0000-9999")
    func isoRoundTrip() async {
        let last = Int32(Self.referenceDays(year: 9999, month: 12, day: 31))
        let first = Int32(Self.referenceDays(year: 0, month: 1, day: 1))
        await propertyCheck(count: 2000, input: Gen<Int32>.int32(in: first...last)) { number in
            let date = CivilDate(daysSinceEpoch: number)
            #expect(CivilDate(iso: date.description) == date)
        }
    }

    @Test("leap years by the Gregorian rule", arguments: [
        (2024, true), (2023, false), (2000, true), (1900, false), (2100, false), (2400, true), (0, true), (-4, true),
    ])
    func leapYears(_ year: Int, _ leap: Bool) {
        #expect(CivilDate.isLeap(year) == leap)
        #expect(CivilDate.daysIn(month: 2, year: year) == (leap ? 29 : 28))
        #expect((CivilDate(year: year, month: 2, day: 29) != nil) == leap)
    }

    @Test("rejects days that do not exist", arguments: [
        "2023-02-29", "1900-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00", "2024-01-32",
        "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01T00:00", " 2024-01-01", "2024-01-0a", "", "+024-01-01",
    ])
    func rejectsBadDates(_ text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test("accepts real days", arguments: ["2024-02-29", "2000-02-29", "2023-12-31", "0000-01-01", "9999-12-31"])
    func acceptsDates(_ text: String) {
        #expect(CivilDate(iso: text)?.description == text)
    }

    @Test("adding years keeps the day, and 29 February becomes 28 February in a common year", arguments: [
        ("2024-02-29", 1, "2025-02-28"),
        ("2024-02-29", 4, "2028-02-29"),
        ("2024-02-29", -1, "2023-02-28"),
        ("2024-02-29", 100, "2124-02-29"),
        ("2000-02-29", 100, "2100-02-28"),
        ("2023-03-15", 1, "2024-03-15"),
        ("2012-09-19", 1, "2013-09-19"),
        ("2023-02-28", 1, "2024-02-28"),
        ("2024-12-31", 1, "2025-12-31"),
    ])
    func addingYears(_ start: String, _ years: Int, _ expected: String) {
        #expect(day(start).adding(years: years) == day(expected))
    }

    @Test("adding months clamps to the end of a shorter month", arguments: [
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-03-31", 1, "2024-04-30"),
        ("2024-05-31", -3, "2024-02-29"),
        ("2024-12-15", 1, "2025-01-15"),
        ("2024-01-15", -1, "2023-12-15"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2023-11-30", 25, "2025-12-30"),
        ("2024-08-31", -20, "2022-12-31"),
        ("0000-01-15", -1, "-0001-12-15"),
    ])
    func addingMonths(_ start: String, _ months: Int, _ expected: String) throws {
        let result = day(start).adding(months: months)
        if expected.hasPrefix("-") {
            #expect(result.components == (-1, 12, 15))
        } else {
            #expect(result == day(expected))
        }
    }

    @Test("adding months matches month arithmetic with clamping")
    func addingMonthsProperty() async {
        let input = zip(Gen<Int>.int(in: -3000...5000), Gen<Int>.int(in: 1...12), Gen<Int>.int(in: 1...31), Gen<Int>.int(in: -2400...2400))
        await propertyCheck(count: 2000, input: input) { year, month, dayNumber, months in
            let start = CivilDate(year: year, month: month, day: min(dayNumber, Self.referenceMonthLength(year, month)))!
            let total = (year * 12 + month - 1) + months
            let targetYear = Int((Double(total) / 12).rounded(.down))
            let targetMonth = total - targetYear * 12 + 1
            let expectedDay = min(start.day, Self.referenceMonthLength(targetYear, targetMonth))
            #expect(start.adding(months: months).components == (targetYear, targetMonth, expectedDay))
            if months % 12 == 0 {
                #expect(start.adding(months: months) == start.adding(years: months / 12))
            }
        }
    }

    @Test("adding days and counting days are inverse")
    func addingDays() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2024-02-28").adding(days: 2) == day("2024-03-01"))
        #expect(day("2024-01-01").days(to: day("2024-12-31")) == 365)
        #expect(day("2024-12-31").days(to: day("2024-01-01")) == -365)
    }

    @Test("the tax-zone date of an instant", arguments: [
        // 2024-03-11T03:30Z is still 10 March in New York (UTC−5 that night).
        (Int64(1_710_127_800_000), -18_000, "2024-03-10"),
        (1_710_127_800_000, 0, "2024-03-11"),
        // One millisecond before the epoch.
        (-1, 0, "1969-12-31"),
        (0, 0, "1970-01-01"),
        // 2024-12-31T23:00Z is 1 January 2025 in Tokyo (UTC+9).
        (1_735_686_000_000, 32_400, "2025-01-01"),
    ])
    func instantDates(_ milliseconds: Int64, _ offset: Int, _ expected: String) {
        #expect(Instant(millisecondsSinceEpoch: milliseconds).date(offsetSeconds: offset) == day(expected))
    }

    @Test("midnight of a date in a zone maps back to that date")
    func instantOfDate() {
        let date = day("2024-07-04")
        for offset in [-43_200, -18_000, 0, 3_600, 50_400] {
            #expect(Instant(date: date, offsetSeconds: offset).date(offsetSeconds: offset) == date)
        }
        #expect(Instant(date: date).millisecondsSinceEpoch == 1_720_051_200_000)
    }
}
