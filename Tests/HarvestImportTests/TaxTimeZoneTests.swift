import HarvestCore
import HarvestImport
import Testing

@Suite("Timestamps and the tax time zone")
struct TimestampTests {
    @Test("ISO 8601 forms", arguments: [
        ("2024-03-01T14:05:09Z", Int64(1_709_301_909_000)),
        ("2024-03-01 14:05:09.123Z", 1_709_301_909_123),
        ("2024-03-01T15:05:09+01:00", 1_709_301_909_000),
        ("2024-03-01T09:05:09-0500", 1_709_301_909_000),
        ("2024-03-01T14:05Z", 1_709_301_900_000),
    ])
    func forms(_ text: String, _ milliseconds: Int64) throws {
        let parsed = try #require(Timestamp.parse(text, zone: .utc))
        #expect(parsed.instant.millisecondsSinceEpoch == milliseconds)
        #expect(!parsed.dateOnly)
    }

    @Test("malformed timestamps are rejected", arguments: ["2024-3-01", "2024-02-30", "2024-03-01T25:00:00Z", "2024-03-01T10:00:00+1", "yesterday", ""])
    func malformed(_ text: String) {
        #expect(Timestamp.parse(text, zone: .utc) == nil)
    }

    @Test("fractions of a second of any length: milliseconds kept, further digits dropped")
    func fractions() throws {
        // More than three digits used to trap (Robinhood writes microseconds: `22.512000Z`).
        #expect(Timestamp.parse("2021-05-12T14:03:22.512000Z", zone: .utc)?.instant.millisecondsSinceEpoch == 1_620_828_202_512)
        #expect(Timestamp.parse("2021-05-12T14:03:22.5Z", zone: .utc)?.instant.millisecondsSinceEpoch == 1_620_828_202_500)
    }

    @Test("a bare date is midnight in the tax zone and keeps its written day")
    func bareDate() throws {
        let newYork = try #require(TaxTimeZone("America/New_York"))
        let parsed = try #require(Timestamp.parse("2024-07-04", zone: newYork))
        // Midnight EDT (UTC−4) is 04:00 UTC.
        #expect(parsed.instant.millisecondsSinceEpoch == 1_720_065_600_000)
        #expect(parsed.dateOnly && parsed.writtenDate == CivilDate(year: 2024, month: 7, day: 4))
        #expect(newYork.date(of: parsed.instant) == CivilDate(year: 2024, month: 7, day: 4))
    }

    @Test("the tax day of an instant follows the zone, across daylight saving time")
    func taxDay() throws {
        let newYork = try #require(TaxTimeZone("America/New_York"))
        // 2024-01-01T03:00Z is still 31 December in New York (UTC−5); 2024-07-01T03:30Z is 30 June (UTC−4).
        #expect(newYork.date(of: Timestamp.parse("2024-01-01T03:00:00Z", zone: .utc)!.instant) == CivilDate(year: 2023, month: 12, day: 31))
        #expect(newYork.date(of: Timestamp.parse("2024-07-01T03:30:00Z", zone: .utc)!.instant) == CivilDate(year: 2024, month: 6, day: 30))
        #expect(TaxTimeZone("+05:30")!.date(of: Timestamp.parse("2024-01-01T19:00:00Z", zone: .utc)!.instant) == CivilDate(year: 2024, month: 1, day: 2))
        #expect(TaxTimeZone("Mars/Olympus") == nil)
    }
}
