/// A calendar date (proleptic Gregorian) with no time of day: the day on which something happened
/// in the tax time zone. Holding periods and tax years are counted on these, by the calendar.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int32

    @inlinable public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// The date `year-month-day`; nil when no such day exists (2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              (-9999...9999).contains(year) else { return nil }
        daysSinceEpoch = Int32(CivilDate.days(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = CivilDate.number(bytes[0..<4]), let month = CivilDate.number(bytes[5..<7]),
              let day = CivilDate.number(bytes[8..<10]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    @inlinable public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// Year, month and day (Howard Hinnant's `civil_from_days`).
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The same day `years` later by the calendar; 29 February becomes 28 February in a common year
    /// (the last day of the month, as the month-end rule for holding periods reads).
    public func adding(years: Int) -> CivilDate {
        let (year, month, day) = components
        let target = year + years
        // Computed, not parsed: a year past 9999 (a lot disposed of in 9999, its anniversary) is a day like any other.
        return CivilDate(unchecked: target, month: month, day: min(day, CivilDate.daysIn(month: month, year: target)))
    }

    /// A valid `year-month-day` with any year (the days-since-epoch clamped to `Int32`): for dates computed from dates.
    private init(unchecked year: Int, month: Int, day: Int) {
        daysSinceEpoch = Int32(clamping: CivilDate.days(year: year, month: month, day: day))
    }

    /// The same day `months` later; a day past the target month's end becomes its last day.
    public func adding(months: Int) -> CivilDate {
        let (year, month, day) = components
        let index = year * 12 + (month - 1) + months
        let targetYear = index >= 0 ? index / 12 : (index - 11) / 12
        let targetMonth = index - targetYear * 12 + 1
        return CivilDate(unchecked: targetYear, month: targetMonth, day: min(day, CivilDate.daysIn(month: targetMonth, year: targetYear)))
    }

    @inlinable public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: Int32(clamping: Int(daysSinceEpoch) + days)) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    @inlinable public func days(to other: CivilDate) -> Int { Int(other.daysSinceEpoch) - Int(daysSinceEpoch) }

    public var description: String {
        // The common case written digit by digit (an import writes a million of these).
        let written = String(unsafeUninitializedCapacity: 10) { buffer in
            guard let start = buffer.baseAddress, let end = writeDescription(at: start) else { return 0 }
            return end - start
        }
        guard written.isEmpty else { return written }
        let (year, month, day) = components
        return CivilDate.pad(year, 4) + "-" + CivilDate.pad(month, 2) + "-" + CivilDate.pad(day, 2)
    }

    /// Writes `description` (`YYYY-MM-DD`, 10 bytes) at `start` for a year in 0...9999, digit by digit; returns the end, or
    /// nil (nothing written) for a year outside them. For the reports that write a million dates into their buffers.
    public func writeDescription(at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>? {
        let (year, month, day) = components
        guard (0...9999).contains(year) else { return nil }
        func digit(_ value: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(value) }
        start[0] = digit(year / 1000)
        start[1] = digit(year / 100 % 10)
        start[2] = digit(year / 10 % 10)
        start[3] = digit(year % 10)
        start[4] = UInt8(ascii: "-")
        start[5] = digit(month / 10)
        start[6] = digit(month % 10)
        start[7] = UInt8(ascii: "-")
        start[8] = digit(day / 10)
        start[9] = digit(day % 10)
        return start + 10
    }

    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a valid date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a YYYY-MM-DD date")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A point in time: milliseconds since 1970-01-01T00:00:00Z. Orders transactions; the tax-relevant
/// day is a separate `CivilDate` computed in the tax time zone by the adapter that reads the clock data.
public struct Instant: Sendable, Hashable, Comparable, Codable {
    public var millisecondsSinceEpoch: Int64
    @inlinable public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }
    @inlinable public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch }

    /// Midnight UTC at the start of `date`, shifted by `offsetSeconds` east of UTC.
    public init(date: CivilDate, offsetSeconds: Int = 0) {
        millisecondsSinceEpoch = (Int64(date.daysSinceEpoch) * 86_400 - Int64(offsetSeconds)) * 1000
    }

    /// The calendar date at this instant in a zone `offsetSeconds` east of UTC.
    public func date(offsetSeconds: Int = 0) -> CivilDate {
        let seconds = millisecondsSinceEpoch.dividedRoundingDown(by: 1000) + Int64(offsetSeconds)
        // Clamped: importers refuse instants outside `SupportedRange`, so only a hand-made one can be this far out.
        return CivilDate(daysSinceEpoch: Int32(clamping: seconds.dividedRoundingDown(by: 86_400)))
    }
}

extension Int64 {
    @usableFromInline func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
