import Foundation
import HarvestCore
@testable import HarvestImport
import Testing

/// Exports a spreadsheet re-saved: `2019-02-14 14:56:07` becomes `2/14/19 14:56` (month first) or `14/02/2019 14:56`
/// (day first). Read when the file's own dates tell the order, refused when they do not; never guessed. Every file
/// here is written by hand (a Kraken ledger's layout).
@Suite("dates re-saved by a spreadsheet")
struct SpreadsheetDatesTests {
    static func ledger(_ times: [String]) -> String {
        var text = "txid,refid,time,type,subtype,aclass,asset,amount,fee,balance\n"
        for (index, time) in times.enumerated() {
            text += "L\(index),R\(index),\(time),deposit,,currency,XXBT,0.01,0,0.01\n"
        }
        return text
    }

    static func parse(_ text: String) throws -> ParsedImport {
        let format = try #require(ExchangeFormats.named("kraken"))
        var options = ExchangeImporter.Options()
        options.parallel = false
        return try ExchangeImporter.parse(text, file: "ledgers.csv", format: format, options: options)
    }

    static func instants(_ isoTimes: [String]) -> [Instant?] { isoTimes.map { Timestamp.parse($0, zone: .utc)?.instant } }

    @Test("month first, as US Excel re-saves: a day past 12 (the 14th) tells; two- and four-digit years, no seconds, AM/PM")
    func monthFirst() throws {
        let parsed = try Self.parse(Self.ledger(["2/4/19 9:05", "2/14/19 14:56", "1/22/2023 4:32", "3/5/2023 4:32:10 PM", "12/1/2023"]))
        #expect(parsed.rows.map { Optional($0.transaction.timestamp) } == Self.instants([
            "2019-02-04T09:05:00Z", "2019-02-14T14:56:00Z", "2023-01-22T04:32:00Z", "2023-03-05T16:32:10Z", "2023-12-01",
        ]))
        #expect(parsed.rows.last?.transaction.date == CivilDate(year: 2023, month: 12, day: 1))
    }

    @Test("day first, as most other locales re-save: the 22nd tells; dots as separators")
    func dayFirst() throws {
        let parsed = try Self.parse(Self.ledger(["03/04/2019 10:00", "22/01/2023 04:32", "05.06.2023 08:00:30"]))
        #expect(parsed.rows.map { Optional($0.transaction.timestamp) } == Self.instants([
            "2019-04-03T10:00:00Z", "2023-01-22T04:32:00Z", "2023-06-05T08:00:30Z",
        ]))
    }

    @Test("a file whose re-saved dates never have a day past 12 is refused, row by row, saying why")
    func ambiguous() throws {
        let error = #expect(throws: ImportFailure.self) { try Self.parse(Self.ledger(["2/4/19 14:56", "3/5/2019 10:00"])) }
        #expect(error?.errors.map(\.description) == [
            "ledgers.csv:2: time: '2/4/19 14:56' is a date as a spreadsheet re-saves it (month and day in an order of its locale), and no date in the "
                + "file has a day past 12 to tell which comes first; export the file again from the exchange, or save it with dates as yyyy-mm-dd",
            "ledgers.csv:3: time: '3/5/2019 10:00' is a date as a spreadsheet re-saves it (month and day in an order of its locale), and no date in the "
                + "file has a day past 12 to tell which comes first; export the file again from the exchange, or save it with dates as yyyy-mm-dd",
        ])
    }

    @Test("a file with dates in both orders is refused, naming one of each")
    func contradictory() throws {
        let error = #expect(throws: ImportFailure.self) { try Self.parse(Self.ledger(["2/14/19 14:56", "1/1/2020 00:00", "14/2/19 14:56"])) }
        #expect(error?.errors.first?.description == "ledgers.csv:2: time: '2/14/19 14:56' is a date as a spreadsheet re-saves it, but the file has dates "
            + "both month first (line 2: '2/14/19 14:56') and day first (line 4: '14/2/19 14:56'); export the file again from the exchange")
        #expect(error?.errors.count == 3)
    }

    @Test("a day the calendar lacks, in the order the file tells, is refused")
    func impossibleDay() throws {
        let error = #expect(throws: ImportFailure.self) { try Self.parse(Self.ledger(["2/14/19 14:56", "2/30/19 10:00"])) }
        #expect(error?.errors.map(\.description) == ["ledgers.csv:3: time: '2/30/19 10:00' is not a date (the file's dates are month first)"])
    }

    @Test("a year first is never ambiguous; the format's own layouts still come first; ISO 8601 is read by any format")
    func unambiguous() throws {
        let parsed = try Self.parse(Self.ledger(["2019/02/04 14:56", "2019-02-04 14:56:07", "2019-02-04T14:56:07.5+01:00", "2019-02-04"]))
        #expect(parsed.rows.map { Optional($0.transaction.timestamp) } == Self.instants([
            "2019-02-04T14:56:00Z", "2019-02-04T14:56:07Z", "2019-02-04T13:56:07.5Z", "2019-02-04",
        ]))
    }

    @Test("re-saved layouts parsed", arguments: [
        ("2/14/19 14:56", SpreadsheetDates.Written(first: 2, second: 14, year: 2019, yearFirst: false, time: (14 * 60 + 56) * 60_000)),
        ("1/22/2023 4:32", SpreadsheetDates.Written(first: 1, second: 22, year: 2023, yearFirst: false, time: (4 * 60 + 32) * 60_000)),
        ("12/1/2023 12:00:01 AM", SpreadsheetDates.Written(first: 12, second: 1, year: 2023, yearFirst: false, time: 1000)),
        ("14.02.2019 14:56:07.25", SpreadsheetDates.Written(first: 14, second: 2, year: 2019, yearFirst: false, time: ((14 * 60 + 56) * 60 + 7) * 1000 + 250)),
        ("2019/2/14", SpreadsheetDates.Written(first: 2, second: 14, year: 2019, yearFirst: true, time: nil)),
    ] as [(String, SpreadsheetDates.Written)])
    func layouts(_ text: String, _ expected: SpreadsheetDates.Written) {
        #expect(SpreadsheetDates.parse(text) == expected)
    }

    @Test("not re-saved dates", arguments: ["2/14/191 14:56", "2/14 14:56", "2/14/19 25:00", "2/14/19 14:5", "2/14-19", "13 PM", "2/14/19 13:00 PM", "1/2/3"])
    func notLayouts(_ text: String) {
        #expect(SpreadsheetDates.parse(text) == nil)
    }
}
