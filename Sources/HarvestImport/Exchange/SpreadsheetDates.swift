import HarvestCore

/// Times as a spreadsheet rewrites them when an export is opened and saved again: Excel turns `2019-02-14 14:56:07`
/// into `2/14/19 14:56` (month first, in the US) or `14/02/2019 14:56` (day first, in most other places), and an XLSX
/// sheet's date cells are written out as `2019-02-14 14:56:07`. A format reads these where its own layouts do not:
/// ISO 8601 always; a re-saved date only when the file itself says which number is the month, by a date with a day
/// past 12 (`2/14/19` is month first). A file where no date tells, or where dates say both, is refused: the order is
/// never guessed.
enum SpreadsheetDates {
    enum Order: Sendable { case monthFirst, dayFirst }

    /// What a file's re-saved dates say of their order.
    enum Decision: Sendable {
        /// The order, and the first date that shows it (its line and text).
        case order(Order, line: Int, text: String)
        /// No date has a number past 12 before the year.
        case ambiguous
        case contradictory(monthFirst: (line: Int, text: String), dayFirst: (line: Int, text: String))
    }

    /// A re-saved time as written: two numbers and a year (or a year first), then perhaps a time.
    struct Written: Equatable {
        var first: Int
        var second: Int
        var year: Int
        var yearFirst: Bool
        /// Milliseconds into the day; nil for a date alone.
        var time: Int?
    }

    private static let iso = TimePattern("iso")

    /// An ISO 8601 time (`2019-02-14 14:56:07`, as a workbook's date cells are written out), whatever the format's layout.
    static func readISO(_ text: String) -> TimePattern.Reading? { iso.read(text) }

    /// `2/14/19 14:56`, `14.02.2019 14:56:07`, `1/22/2023 4:32 PM`, `2019/02/14 14:56`, `2/14/19`: `/`, `.` or `-`
    /// between the date's numbers; nil for anything else.
    static func parse(_ text: String) -> Written? {
        var text = text
        return text.withUTF8 { buffer -> Written? in
            var index = 0
            let count = buffer.count
            func number(_ maxDigits: Int) -> (value: Int, digits: Int)? {
                var value = 0, digits = 0
                while index < count, digits < maxDigits, buffer[index] >= 0x30, buffer[index] <= 0x39 {
                    value = value * 10 + Int(buffer[index] - 0x30)
                    digits += 1
                    index += 1
                }
                return digits > 0 ? (value, digits) : nil
            }
            while index < count, buffer[index] == 0x20 { index += 1 }
            guard let a = number(4), index < count else { return nil }
            let separator = buffer[index]
            guard separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: "-") else { return nil }
            index += 1
            guard let b = number(2), index < count, buffer[index] == separator else { return nil }
            index += 1
            guard let c = number(4) else { return nil }
            var written: Written
            if a.digits == 4 {
                guard c.digits <= 2 else { return nil }
                written = Written(first: b.value, second: c.value, year: a.value, yearFirst: true)
            } else {
                guard a.digits <= 2, c.digits == 2 || c.digits == 4 else { return nil }
                written = Written(first: a.value, second: b.value, year: c.digits == 2 ? 2000 + c.value : c.value, yearFirst: false)
            }
            while index < count, buffer[index] == 0x20 { index += 1 }
            guard index < count else { return written }
            // The time: H:mm, H:mm:ss, perhaps a fraction, perhaps AM/PM.
            guard let hour = number(2), index < count, buffer[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let minute = number(2), minute.digits == 2, minute.value < 60 else { return nil }
            var second = 0, millisecond = 0
            if index < count, buffer[index] == UInt8(ascii: ":") {
                index += 1
                guard let parsed = number(2), parsed.digits == 2, parsed.value < 60 else { return nil }
                second = parsed.value
                if index < count, buffer[index] == UInt8(ascii: ".") {
                    index += 1
                    guard let fraction = number(3) else { return nil }
                    millisecond = fraction.value * [100, 10, 1][fraction.digits - 1]
                    while index < count, buffer[index] >= 0x30, buffer[index] <= 0x39 { index += 1 }
                }
            }
            while index < count, buffer[index] == 0x20 { index += 1 }
            var hours = hour.value
            if index + 1 < count, buffer[index + 1] | 0x20 == UInt8(ascii: "m"),
               buffer[index] | 0x20 == UInt8(ascii: "a") || buffer[index] | 0x20 == UInt8(ascii: "p") {
                guard (1...12).contains(hours) else { return nil }
                hours = hours % 12 + (buffer[index] | 0x20 == UInt8(ascii: "p") ? 12 : 0)
                index += 2
            }
            while index < count, buffer[index] == 0x20 { index += 1 }
            guard index == count, hours < 24 else { return nil }
            written.time = ((hours * 60 + minute.value) * 60 + second) * 1000 + millisecond
            return written
        }
    }

    /// What a file's re-saved dates say, given each one with its line.
    static func decide(_ dates: some Sequence<(line: Int, text: String, written: Written)>) -> Decision {
        var monthFirst: (line: Int, text: String)?
        var dayFirst: (line: Int, text: String)?
        for date in dates where !date.written.yearFirst {
            if date.written.second > 12 && date.written.first <= 12 && monthFirst == nil { monthFirst = (date.line, date.text) }
            if date.written.first > 12 && date.written.second <= 12 && dayFirst == nil { dayFirst = (date.line, date.text) }
            if monthFirst != nil && dayFirst != nil { break }
        }
        switch (monthFirst, dayFirst) {
        case let (month?, day?): return .contradictory(monthFirst: month, dayFirst: day)
        case let (month?, nil): return .order(.monthFirst, line: month.line, text: month.text)
        case let (nil, day?): return .order(.dayFirst, line: day.line, text: day.text)
        case (nil, nil): return .ambiguous
        }
    }

    /// A re-saved time read in `order`: the wall-clock time written; nil for a day the calendar does not have.
    static func reading(_ written: Written, order: Order?) -> TimePattern.Reading? {
        let month: Int, day: Int
        if written.yearFirst {
            (month, day) = (written.first, written.second)
        } else {
            guard let order else { return nil }
            (month, day) = order == .monthFirst ? (written.first, written.second) : (written.second, written.first)
        }
        guard let date = CivilDate(year: written.year, month: month, day: day) else { return nil }
        let local = Int64(date.daysSinceEpoch) * 86_400_000 + Int64(written.time ?? 0)
        return TimePattern.Reading(localMilliseconds: local, offsetSeconds: nil, dateOnly: written.time == nil)
    }
}

extension Reader {
    /// A time none of the format's layouts reads: ISO 8601 (a workbook's date cells), or a date a spreadsheet re-saved
    /// when the file's own dates tell its order. `refused` when it is a re-saved date that cannot be read (the error is
    /// reported here); nil reading and not refused when it is no such time either.
    func spreadsheetTime(_ text: String, line: Int) -> (reading: TimePattern.Reading?, refused: Bool) {
        if let reading = SpreadsheetDates.readISO(text) { return (reading, false) }
        guard let written = SpreadsheetDates.parse(text) else { return (nil, false) }
        let column = spec.time.columns.map(displayName).joined(separator: "+")
        var order: SpreadsheetDates.Order?
        if !written.yearFirst {
            let decision = spreadsheetDecision ?? decideSpreadsheetDates()
            spreadsheetDecision = decision
            switch decision {
            case .order(let decided, _, _):
                order = decided
            case .ambiguous:
                fail(line, column, "'\(text)' is a date as a spreadsheet re-saves it (month and day in an order of its locale), and no date in "
                    + "the file has a day past 12 to tell which comes first; export the file again from the exchange, or save it with dates as yyyy-mm-dd")
                return (nil, true)
            case .contradictory(let monthFirst, let dayFirst):
                fail(line, column, "'\(text)' is a date as a spreadsheet re-saves it, but the file has dates both month first (line \(monthFirst.line): "
                    + "'\(monthFirst.text)') and day first (line \(dayFirst.line): '\(dayFirst.text)'); export the file again from the exchange")
                return (nil, true)
            }
        }
        guard let reading = SpreadsheetDates.reading(written, order: order) else {
            fail(line, column, "'\(text)' is not a date" + (order.map { " (the file's dates are \($0 == .monthFirst ? "month" : "day") first)" } ?? ""))
            return (nil, true)
        }
        return (reading, false)
    }

    /// Every re-saved date of the file, read from the text after the header, and what they say of their order.
    func decideSpreadsheetDates() -> SpreadsheetDates.Decision {
        // Only dates with a number past 12 before the year say anything: one of each order is enough.
        var telling: [(line: Int, text: String, written: SpreadsheetDates.Written)] = []
        var monthFirst = false, dayFirst = false
        for record in CSVReader(sourceText, separator: Character(spec.separator ?? ",")) where record.line > sourceHeaderLine {
            let text = positions.time.count == 1 ? cell(record.fields, at: positions.time[0])
                : positions.time.map { cell(record.fields, at: $0) }.joined(separator: " ")
            guard !text.isEmpty, let written = SpreadsheetDates.parse(text), !written.yearFirst,
                  (written.first > 12) != (written.second > 12),
                  (written.first > 12 && !dayFirst) || (written.second > 12 && !monthFirst),
                  !format.patterns.contains(where: { $0.read(text) != nil }) else { continue }
            telling.append((record.line, text, written))
            if written.first > 12 { dayFirst = true } else { monthFirst = true }
            if monthFirst && dayFirst { break }
        }
        return SpreadsheetDates.decide(telling)
    }
}
