import HarvestCore

/// A timestamp layout as exports write them, compiled once and matched byte by byte (no Foundation
/// formatter: a million rows must parse in well under a second).
///
/// Tokens: `EEE` (a day's name, `Tue` or `Tuesday`, skipped: Uphold's `Tue May 26 2020`), `yyyy`, `yy`, `MMM` (a month's name or abbreviation, `Sept` and a trailing `.` allowed),
/// `MM`/`M` (1–2 digits), `dd`/`d`, `HH`/`H`, `hh`/`h` (12-hour, with `a`), `mm`, `ss`, `SSS` (a fraction
/// of any length), `a` (AM/PM), `Z` (`Z`, `UTC`, or an offset `+01:00`, `+0100`, `+01`). A space matches
/// one or more spaces; any other character matches itself; `'text'` matches text. Special layouts:
/// `iso` (ISO 8601), `unix` (seconds, with or without a fraction: `1522889881.138`), `unix-ms` (milliseconds).
public struct TimePattern: Sendable {
    enum Token: Sendable, Equatable {
        case weekday, year4, year2, monthName, month, day, hour24, hour12, minute, second, fraction, meridiem, zone, space
        case literal([UInt8])
    }

    enum Kind: Sendable { case tokens([Token]), iso, unix, unixMilliseconds }
    let kind: Kind
    public let text: String

    public init(_ text: String) {
        self.text = text
        switch text {
        case "iso": kind = .iso
        case "unix": kind = .unix
        case "unix-ms": kind = .unixMilliseconds
        default: kind = .tokens(TimePattern.compile(text))
        }
    }

    static func compile(_ text: String) -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var index = 0
        func run(of char: Character) -> Int {
            var end = index
            while end < chars.count && chars[end] == char { end += 1 }
            return end - index
        }
        while index < chars.count {
            let char = chars[index]
            let length = run(of: char)
            switch char {
            case "E": tokens.append(.weekday)
            case "y": tokens.append(length >= 4 ? .year4 : .year2)
            case "M": tokens.append(length >= 3 ? .monthName : .month)
            case "d": tokens.append(.day)
            case "H": tokens.append(.hour24)
            case "h": tokens.append(.hour12)
            case "m": tokens.append(.minute)
            case "s": tokens.append(.second)
            case "S": tokens.append(.fraction)
            case "a": tokens.append(.meridiem)
            case "Z": tokens.append(.zone)
            case " ": tokens.append(.space)
            case "'":
                let close = chars[(index + 1)...].firstIndex(of: "'") ?? chars.count
                tokens.append(.literal(Array(String(chars[(index + 1)..<close]).utf8)))
                index = close + 1
                continue
            default:
                tokens.append(.literal(Array(String(repeating: char, count: length).utf8)))
            }
            index += length
        }
        return tokens
    }

    /// A parsed time: the wall-clock milliseconds written, and the offset when the text gave one.
    public struct Reading: Sendable {
        public var localMilliseconds: Int64
        public var offsetSeconds: Int?
        public var dateOnly: Bool
    }

    public func read(_ text: String) -> Reading? {
        switch kind {
        case .iso:
            guard let parsed = Timestamp.parse(text, zone: .utc) else { return nil }
            return Reading(localMilliseconds: parsed.writtenMilliseconds,
                           offsetSeconds: parsed.hasOffset ? Int((parsed.writtenMilliseconds - parsed.instant.millisecondsSinceEpoch) / 1000) : nil,
                           dateOnly: parsed.dateOnly)
        case .unix, .unixMilliseconds:
            let trimmed = text.trimmingSpaces()
            if let value = Int64(trimmed) {
                let ms: Int64
                // Saturated, not trapped, when far out of range (`99999999999999999` seconds): the importer refuses the date.
                if case .unix = kind { ms = value.multipliedReportingOverflow(by: 1000).overflow ? (value < 0 ? .min : .max) : value * 1000 } else { ms = value }
                return Reading(localMilliseconds: ms, offsetSeconds: 0, dateOnly: false)
            }
            // Seconds with a fraction (Bitso's `1522889881.138`): the fraction's first three digits are the milliseconds.
            guard case .unix = kind, let dot = trimmed.firstIndex(of: "."), let seconds = Int64(trimmed[..<dot]), seconds >= 0 else { return nil }
            let fraction = trimmed[trimmed.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let milliseconds = Int64(String((fraction + "00").prefix(3))) ?? 0
            let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            return Reading(localMilliseconds: overflow ? .max : whole + milliseconds, offsetSeconds: 0, dateOnly: false)
        case .tokens(let tokens):
            var text = text
            return text.withUTF8 { buffer in
                var bytes = buffer[...]
                return TimePattern.match(tokens, &bytes)
            }
        }
    }

    private static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { Array($0.utf8) }
    private static let monthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ].map { Array($0.utf8) }

    /// The bytes of a time still to be read.
    private typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    private static func match(_ tokens: [Token], _ bytes: inout Bytes) -> Reading? {
        var year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0
        var pm: Bool?
        var offset: Int?
        var sawTime = false
        for token in tokens {
            switch token {
            case .year4: guard let value = number(&bytes, 4, 4) else { return nil }; year = value
            case .year2: guard let value = number(&bytes, 2, 2) else { return nil }; year = 2000 + value
            case .month: guard let value = number(&bytes, 2) else { return nil }; month = value
            case .day: guard let value = number(&bytes, 2) else { return nil }; day = value
            case .hour24, .hour12: guard let value = number(&bytes, 2) else { return nil }; hour = value; sawTime = true
            case .minute: guard let value = number(&bytes, 2, 2) else { return nil }; minute = value
            case .second: guard let value = number(&bytes, 2, 2) else { return nil }; second = min(value, 59)
            case .fraction: guard let value = milliseconds(&bytes) else { return nil }; millisecond = value
            case .meridiem: guard let value = afternoon(&bytes) else { return nil }; pm = value
            case .weekday: guard skipDayName(&bytes) else { return nil }
            case .monthName: guard let value = monthNumber(&bytes) else { return nil }; month = value
            case .zone: guard let value = offsetSeconds(&bytes) else { return nil }; offset = value
            case .space:
                guard bytes.first == 0x20 else { return nil }
                while bytes.first == 0x20 { bytes = bytes.dropFirst() }
            case .literal(let literal):
                guard bytes.starts(with: literal) else { return nil }
                bytes = bytes.dropFirst(literal.count)
            }
        }
        while bytes.first == 0x20 { bytes = bytes.dropFirst() }
        guard bytes.isEmpty else { return nil }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard hour < 24, minute < 60, let date = CivilDate(year: year, month: month, day: day) else { return nil }
        let local = Int64(date.daysSinceEpoch) * 86_400_000 + Int64(((hour * 60 + minute) * 60 + second) * 1000 + millisecond)
        return Reading(localMilliseconds: local, offsetSeconds: offset, dateOnly: !sawTime)
    }

    /// Up to `maxDigits` digits as a number; nil when there are fewer than `minDigits`.
    @inline(__always)
    private static func number(_ bytes: inout Bytes, _ maxDigits: Int, _ minDigits: Int = 1) -> Int? {
        var value = 0, count = 0
        while count < maxDigits, let byte = bytes.first, byte >= 0x30, byte <= 0x39 {
            value = value * 10 + Int(byte - 0x30)
            count += 1
            bytes = bytes.dropFirst()
        }
        return count >= minDigits ? value : nil
    }

    /// A fraction of a second of any length, as milliseconds (digits past the third dropped); nil without a digit.
    private static func milliseconds(_ bytes: inout Bytes) -> Int? {
        var count = 0
        var value = 0
        while let byte = bytes.first, byte >= 0x30, byte <= 0x39 {
            if count < 3 { value = value * 10 + Int(byte - 0x30) }
            count += 1
            bytes = bytes.dropFirst()
        }
        guard count > 0 else { return nil }
        if count < 3 { for _ in count..<3 { value *= 10 } }
        return value
    }

    /// `AM` or `PM`, in either case: whether it is PM; nil for anything else.
    private static func afternoon(_ bytes: inout Bytes) -> Bool? {
        guard bytes.count >= 2 else { return nil }
        let first = lower(bytes[bytes.startIndex]), second = lower(bytes[bytes.startIndex + 1])
        guard second == UInt8(ascii: "m"), first == UInt8(ascii: "a") || first == UInt8(ascii: "p") else { return nil }
        bytes = bytes.dropFirst(2)
        return first == UInt8(ascii: "p")
    }

    /// Skips a day's name (`Tue`, `Tuesday`, then a `.` or `,`); false when there are not two letters.
    private static func skipDayName(_ bytes: inout Bytes) -> Bool {
        var letters = 0
        while let byte = bytes.first, (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) {
            letters += 1
            bytes = bytes.dropFirst()
        }
        guard letters >= 2 else { return false }
        if bytes.first == UInt8(ascii: ".") || bytes.first == UInt8(ascii: ",") { bytes = bytes.dropFirst() }
        return true
    }

    /// A month's name or abbreviation (`Sept` and a trailing `.` allowed) as its number, 1 to 12.
    private static func monthNumber(_ bytes: inout Bytes) -> Int? {
        var word: [UInt8] = []
        while let byte = bytes.first, (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) {
            word.append(lower(byte))
            bytes = bytes.dropFirst()
        }
        if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst() }
        if word == Array("sept".utf8) { word = Array("sep".utf8) }
        guard let index = monthNames.firstIndex(of: word) ?? months.firstIndex(of: word) else { return nil }
        return index + 1
    }

    /// A zone as an offset from UTC in seconds: `Z`, `UTC` or `GMT` (0), or an offset (`+01:00`, `+0100`, `+01`).
    private static func offsetSeconds(_ bytes: inout Bytes) -> Int? {
        if bytes.first == UInt8(ascii: "Z") || bytes.first == UInt8(ascii: "z") {
            bytes = bytes.dropFirst()
            return 0
        }
        if bytes.starts(with: Array("UTC".utf8)) || bytes.starts(with: Array("GMT".utf8)) {
            bytes = bytes.dropFirst(3)
            return 0
        }
        var end = bytes.startIndex
        while end < bytes.endIndex, bytes[end] != 0x20 { end += 1 }
        guard let parsed = Timestamp.parseOffset(ArraySlice(bytes[bytes.startIndex..<end])) else { return nil }
        bytes = bytes[end...]
        return parsed
    }

    /// An ASCII letter in lower case; any other byte as it is.
    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }
}
