import HarvestCore

/// What a cell's number format shows of a number: the number itself, or a date, a time of day, or both.
enum ExcelDisplay: Equatable, Sendable {
    case number, date, time, dateTime

    /// The built-in formats (ECMA-376 Part 1, 18.8.30): 14–17 dates, 18–21 times, 22 date and time, 45–47
    /// minutes and seconds or elapsed time; a workbook's own formats by their codes.
    init(numberFormat id: Int, customCodes: [Int: String]) {
        if let code = customCodes[id] {
            self = ExcelDisplay(code: code)
            return
        }
        switch id {
        case 14...17: self = .date
        case 18...21, 45...47: self = .time
        case 22: self = .dateTime
        default: self = .number
        }
    }

    /// A format code's first section, with its quoted text, escaped characters, colours and locales (`[Red]`,
    /// `[$-409]`) set aside: `y` or `d` shows a date, `h` or `s` a time, `m` a month unless beside `h` or `s`
    /// (then minutes). `[h]`, `[mm]` and `[ss]` (elapsed time) count as times.
    init(code: String) {
        var year = false, day = false, hour = false, second = false, month = false
        var iterator = code.lowercased().unicodeScalars.makeIterator()
        loop: while let scalar = iterator.next() {
            switch scalar {
            case ";": break loop
            case "\"": while let inner = iterator.next(), inner != "\"" {}
            case "\\", "_", "*": _ = iterator.next()
            case "[":
                var inside = ""
                while let inner = iterator.next(), inner != "]" { inside.unicodeScalars.append(inner) }
                if inside.first == "h" { hour = true }
                if inside.first == "s" { second = true }
                if inside.first == "m" && inside.allSatisfy({ $0 == "m" }) { hour = true }
            case "#", "?": break loop  // a digit placeholder: a number's format
            case "y": year = true
            case "d": day = true
            case "h": hour = true
            case "s": second = true
            case "m": month = true
            default: break
            }
        }
        let time = hour || second
        let date = year || day || (month && !time)
        switch (date, time) {
        case (true, true): self = .dateTime
        case (true, false): self = .date
        case (false, true): self = .time
        case (false, false): self = .number
        }
    }
}

/// Numbers as a workbook stores them: decimal text in the XML (`<v>1234.5</v>`, `<v>1.5E-8</v>`), kept as text and
/// never read through binary floating point.
enum ExcelNumber {
    /// An exact decimal: `digits × 10^exponent`, with its sign.
    struct Decimal: Equatable {
        var negative: Bool
        /// The significant digits, without leading zeros (empty for zero).
        var digits: [UInt8]
        var exponent: Int
    }

    /// Reads `-12.5`, `1.5E-8`, `4.3510622222222219E4`; nil for anything else.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        var index = 0
        let count = bytes.count
        var negative = false
        if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false, sawPoint = false
        while index < count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                if !(digits.isEmpty && byte == 0x30) { digits.append(byte - 0x30) }
                if sawPoint { exponent -= 1 }
            } else if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0, exponentDigits = 0
            while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39, exponentDigits < 4 {
                written = written * 10 + Int(bytes[index] - 0x30)
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == count, digits.count <= 400, abs(exponent) <= 400 else { return nil }
        // Trailing zeros go into the exponent.
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { exponent = 0 }
        return Decimal(negative: negative && !digits.isEmpty, digits: digits, exponent: exponent)
    }

    /// Excel keeps 15 significant digits and writes a number as a double's 16 or 17 (`1.1000000000000001` for 1.1,
    /// `0.30000000000000004` for a sum): digits past the 15th are binary noise. Such a number is rounded half-even to the
    /// 15 digits Excel shows (and a CSV saved by Excel has). An integer written out in full, or a number with more
    /// digits than a double holds, was written exactly by another tool and is kept as it is.
    static func excelPrecision(_ number: Decimal, written: UnsafeBufferPointer<UInt8>) -> Decimal {
        guard (16...17).contains(number.digits.count),
              written.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return number }
        return excelPrecision(number)
    }

    static func excelPrecision(_ number: Decimal) -> Decimal {
        guard number.digits.count > 15 else { return number }
        var digits = Array(number.digits.prefix(15))
        let rest = number.digits[15...]
        let first = rest.first!
        let roundUp = first > 5 || (first == 5 && (rest.dropFirst().contains { $0 != 0 } || digits.last! % 2 == 1))
        var exponent = number.exponent + (number.digits.count - 15)
        if roundUp {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == 9 {
                    digits[index] = 0
                    index -= 1
                } else {
                    digits[index] += 1
                    break
                }
            }
            if index < 0 { digits.insert(1, at: 0) }
        }
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        return Decimal(negative: number.negative, digits: digits, exponent: exponent)
    }

    /// Plain decimal text, no exponent: `0.000000015`, `-1234.5`, `150000000000000000000`; `decimalComma` writes `,`.
    static func appendPlain(_ number: Decimal, decimalComma: Bool, to output: inout [UInt8]) {
        guard !number.digits.isEmpty else {
            output.append(UInt8(ascii: "0"))
            return
        }
        if number.negative { output.append(UInt8(ascii: "-")) }
        let point = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let integerDigits = number.digits.count + number.exponent
        if number.exponent >= 0 {
            for digit in number.digits { output.append(digit + 0x30) }
            for _ in 0..<number.exponent { output.append(UInt8(ascii: "0")) }
        } else if integerDigits > 0 {
            for digit in number.digits[..<integerDigits] { output.append(digit + 0x30) }
            output.append(point)
            for digit in number.digits[integerDigits...] { output.append(digit + 0x30) }
        } else {
            output.append(UInt8(ascii: "0"))
            output.append(point)
            for _ in 0..<(-integerDigits) { output.append(UInt8(ascii: "0")) }
            for digit in number.digits { output.append(digit + 0x30) }
        }
    }
}

/// Dates as a workbook stores them: a number of days (the serial) since its epoch, the fraction being the time of day.
enum ExcelDate {
    /// The wall-clock time a serial stands for, in milliseconds since 1970-01-01T00:00, rounded to the millisecond
    /// (Excel keeps a time as a binary fraction of a day: 14:56 is 0.62222222222222223, 1.7e-12 ms off). Exact: the
    /// serial's decimal digits are multiplied out in integers.
    ///
    /// The 1900 date system (the default): serial 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was
    /// (serial 60, kept for Lotus 1-2-3), so serials from 61 on are days since 1899-12-30 and those below 60 days
    /// since 1899-12-31. The 1904 system (`date1904` in workbook.xml, old Mac workbooks): days since 1904-01-01.
    enum Failure: Error, Equatable {
        case negative, february29th1900, outOfRange
    }

    static func localMilliseconds(serial: ExcelNumber.Decimal, date1904: Bool) throws(Failure) -> Int64 {
        guard !serial.negative else { throw .negative }
        // serial = digits × 10^exponent; milliseconds = serial × 86,400,000, rounded half-up.
        guard serial.digits.count + serial.exponent <= 7 else { throw .outOfRange }  // past year 9999 either way
        var numerator: Int128 = 0
        // 20 significant digits are more than a double holds (17); numerator × 86,400,000 stays below 10^28.
        for digit in serial.digits.prefix(20) {
            numerator = numerator * 10 + Int128(digit)
        }
        var exponent = serial.exponent + max(0, serial.digits.count - 20)
        if exponent > 0 {
            for _ in 0..<exponent { numerator *= 10 }
            exponent = 0
        }
        let scale = -exponent
        guard scale <= 38 else { return 0 }  // below 10^-18 of a day: midnight of day 0
        var divisor: Int128 = 1
        for _ in 0..<scale { divisor *= 10 }
        let product = numerator * 86_400_000
        let milliseconds = Int64((product + divisor / 2) / divisor)
        let day: Int64 = 86_400_000
        let days = milliseconds / day
        guard days <= 2_958_465 else { throw .outOfRange }  // 9999-12-31, the last day Excel has
        if date1904 { return milliseconds + Int64(CivilDate(year: 1904, month: 1, day: 1)!.daysSinceEpoch) * day }
        if days == 60 { throw .february29th1900 }
        let epoch = days < 60 ? CivilDate(year: 1899, month: 12, day: 31)! : CivilDate(year: 1899, month: 12, day: 30)!
        return milliseconds + Int64(epoch.daysSinceEpoch) * day
    }

    /// `2019-02-14 14:56:00` (with `.250` when there are milliseconds), or `2019-02-14` for a date shown without a time
    /// and having none, or `14:56:00` for a time of day shown without a date: layouts every format's times are read
    /// in as well as its own (ISO 8601, in the format's time zone, as the export's own text would be).
    static func appendText(localMilliseconds: Int64, display: ExcelDisplay, serialBelowOneDay: Bool, to output: inout [UInt8]) {
        let day: Int64 = 86_400_000
        let days = localMilliseconds >= 0 ? localMilliseconds / day : -((-localMilliseconds + day - 1) / day)
        let time = localMilliseconds - days * day
        let showsDate = !(display == .time && serialBelowOneDay)
        let showsTime = display != .date || time != 0
        if showsDate {
            let date = CivilDate(daysSinceEpoch: Int32(days))
            appendDigits(date.year, 4, &output)
            output.append(UInt8(ascii: "-"))
            appendDigits(date.month, 2, &output)
            output.append(UInt8(ascii: "-"))
            appendDigits(date.day, 2, &output)
            if showsTime { output.append(UInt8(ascii: " ")) }
        }
        if showsTime {
            let seconds = Int(time / 1000)
            appendDigits(seconds / 3600, 2, &output)
            output.append(UInt8(ascii: ":"))
            appendDigits(seconds / 60 % 60, 2, &output)
            output.append(UInt8(ascii: ":"))
            appendDigits(seconds % 60, 2, &output)
            let milliseconds = Int(time % 1000)
            if milliseconds != 0 {
                output.append(UInt8(ascii: "."))
                appendDigits(milliseconds, 3, &output)
            }
        }
    }

    private static func appendDigits(_ value: Int, _ width: Int, _ output: inout [UInt8]) {
        var divisor = 1
        var digits = 1
        while digits < width || value / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        while divisor > 0 {
            output.append(UInt8(value / divisor % 10) + 0x30)
            divisor /= 10
        }
    }
}
