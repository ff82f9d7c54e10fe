import Foundation
import HarvestCore

/// The time zone in which a day is a tax day (DESIGN.md: a setting, UTC by default). Converts
/// instants to civil dates, and local wall-clock times (bare dates, times without an offset) to instants.
public struct TaxTimeZone: CivilTimeZone, Hashable, CustomStringConvertible {
    public let identifier: String
    private let fixedOffset: Int?
    private let zone: TimeZone?

    public static let utc = TaxTimeZone(fixedOffsetSeconds: 0, identifier: "UTC")

    /// `UTC`, `+02:00`, or an IANA name such as `America/New_York`; nil when unknown.
    public init?(_ identifier: String) {
        if identifier.uppercased() == "UTC" || identifier == "Z" {
            self = .utc
            return
        }
        if let offset = Timestamp.parseOffset(Array(identifier.utf8)[...]) {
            self.init(fixedOffsetSeconds: offset, identifier: identifier)
            return
        }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(identifier: identifier, fixedOffset: nil, zone: zone)
    }

    private init(fixedOffsetSeconds: Int, identifier: String) {
        self.init(identifier: identifier, fixedOffset: fixedOffsetSeconds, zone: nil)
    }

    private init(identifier: String, fixedOffset: Int?, zone: TimeZone?) {
        self.identifier = identifier
        self.fixedOffset = fixedOffset
        self.zone = zone
    }

    public var description: String { identifier }

    /// Seconds east of UTC at `instant`.
    public func offset(at instant: Instant) -> Int {
        if let fixedOffset { return fixedOffset }
        let date = Date(timeIntervalSince1970: TimeInterval(instant.millisecondsSinceEpoch / 1000))
        return zone!.secondsFromGMT(for: date)
    }

    /// The tax day of `instant`.
    public func date(of instant: Instant) -> CivilDate { instant.date(offsetSeconds: offset(at: instant)) }

    /// The instant of a wall-clock time in this zone (`localMilliseconds` since 1970-01-01T00:00 local).
    public func instant(localMilliseconds: Int64) -> Instant {
        if let fixedOffset { return Instant(millisecondsSinceEpoch: localMilliseconds - Int64(fixedOffset) * 1000) }
        // Guess with the offset at the local time read as UTC, then correct once (DST edges).
        let guess = offset(at: Instant(millisecondsSinceEpoch: localMilliseconds))
        let first = Instant(millisecondsSinceEpoch: localMilliseconds - Int64(guess) * 1000)
        let actual = offset(at: first)
        return actual == guess ? first : Instant(millisecondsSinceEpoch: localMilliseconds - Int64(actual) * 1000)
    }

    public static func == (lhs: TaxTimeZone, rhs: TaxTimeZone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}

/// ISO 8601 timestamps as exports write them.
public enum Timestamp {
    /// A parsed timestamp: the instant, and whether the text was a bare date.
    public struct Parsed: Sendable, Hashable {
        public var instant: Instant
        public var dateOnly: Bool
        /// The calendar date written, for a bare date: that is the tax day whatever the zone.
        public var writtenDate: CivilDate
        /// The time as written, in milliseconds since 1970-01-01T00:00 of the written clock.
        public var writtenMilliseconds: Int64
        /// The text gave an offset or `Z`: the instant does not depend on the tax time zone.
        public var hasOffset: Bool
    }

    /// Parses `2024-03-01`, `2024-03-01T14:05:09Z`, `2024-03-01 14:05:09.123+01:00`, `...-0500`.
    /// A bare date is midnight in `zone`; a time without an offset is a wall-clock time in `zone`.
    public static func parse(_ text: some StringProtocol, zone: TaxTimeZone) -> Parsed? {
        parse(Array(text.utf8)[...], zone: zone)
    }

    /// `parse(_:zone:)` of UTF-8 bytes, read in place.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, zone: TaxTimeZone) -> Parsed? {
        parse(bytes[...], zone: zone)
    }

    private static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes, zone: TaxTimeZone) -> Parsed? where Bytes.SubSequence == Bytes {
        var head = bytes.prefix(10)
        guard bytes.count >= 10, let year = digits(&head, 4), head.first == UInt8(ascii: "-"),
              case _ = head.popFirst(), let month = digits(&head, 2), head.first == UInt8(ascii: "-"),
              case _ = head.popFirst(), let day = digits(&head, 2),
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        let dayMilliseconds = Int64(date.daysSinceEpoch) * 86_400_000
        if bytes.count == 10 {
            return Parsed(instant: zone.instant(localMilliseconds: dayMilliseconds), dateOnly: true, writtenDate: date,
                          writtenMilliseconds: dayMilliseconds, hasOffset: false)
        }
        var rest = bytes.dropFirst(10)
        guard let separator = rest.first, separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") else { return nil }
        rest = rest.dropFirst()
        guard let hour = digits(&rest, 2), hour < 24, rest.first == UInt8(ascii: ":") else { return nil }
        rest = rest.dropFirst()
        guard let minute = digits(&rest, 2), minute < 60 else { return nil }
        var second = 0, millisecond = 0
        if rest.first == UInt8(ascii: ":") {
            rest = rest.dropFirst()
            guard let parsed = digits(&rest, 2), parsed < 61 else { return nil }
            second = min(parsed, 59)
            if rest.first == UInt8(ascii: ".") || rest.first == UInt8(ascii: ",") {
                rest = rest.dropFirst()
                var count = 0
                while let byte = rest.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    if count < 3 { millisecond = millisecond * 10 + Int(byte - UInt8(ascii: "0")) }
                    count += 1
                    rest = rest.dropFirst()
                }
                guard count > 0 else { return nil }
                // `count..<3` traps when more than three digits were written (`22.512000Z`): scale only short fractions.
                if count < 3 { for _ in count..<3 { millisecond *= 10 } }
            }
        }
        let local = dayMilliseconds + Int64(((hour * 60 + minute) * 60 + second) * 1000 + millisecond)
        if rest.isEmpty {
            return Parsed(instant: zone.instant(localMilliseconds: local), dateOnly: false, writtenDate: date,
                          writtenMilliseconds: local, hasOffset: false)
        }
        if rest.count == 1 && (rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z")) {
            return Parsed(instant: Instant(millisecondsSinceEpoch: local), dateOnly: false, writtenDate: date,
                          writtenMilliseconds: local, hasOffset: true)
        }
        guard let offset = parseOffset(rest) else { return nil }
        return Parsed(instant: Instant(millisecondsSinceEpoch: local - Int64(offset) * 1000), dateOnly: false, writtenDate: date,
                      writtenMilliseconds: local, hasOffset: true)
    }

    /// `+01:00`, `-0500`, `+05`: seconds east of UTC.
    static func parseOffset<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? where Bytes.SubSequence == Bytes {
        var rest = bytes
        guard let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        rest = rest.dropFirst()
        guard let hours = digits(&rest, 2), hours <= 18 else { return nil }
        var minutes = 0
        if rest.first == UInt8(ascii: ":") { rest = rest.dropFirst() }
        if !rest.isEmpty {
            guard let parsed = digits(&rest, 2), parsed < 60 else { return nil }
            minutes = parsed
        }
        guard rest.isEmpty else { return nil }
        let seconds = (hours * 60 + minutes) * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    private static func digits<Bytes: Collection<UInt8>>(_ bytes: inout Bytes, _ count: Int) -> Int? where Bytes.SubSequence == Bytes {
        guard bytes.count >= count else { return nil }
        var value = 0
        for byte in bytes.prefix(count) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        bytes = bytes.dropFirst(count)
        return value
    }
}
