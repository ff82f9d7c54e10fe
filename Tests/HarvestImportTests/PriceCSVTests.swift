import HarvestCore
import HarvestImport
import Testing

@Suite("Price files")
struct PriceCSVTests {
    @Test("asset and currency from the file name")
    func names() {
        #expect(PriceCSV.pair(fromFileName: "/data/prices/BTC-USD.csv")! == (Asset("BTC"), Asset("USD")))
        #expect(PriceCSV.pair(fromFileName: "prices.csv") == nil)
        // An asset with a dash of its own (an LP token): the currency follows the last dash.
        #expect(PriceCSV.pair(fromFileName: "UNI-V2-USD.csv")! == (Asset("UNI-V2"), Asset("USD")))
        #expect(PriceCSV.pair(fromFileName: "BTC-.csv") == nil && PriceCSV.pair(fromFileName: "-USD.csv") == nil)
    }

    @Test("rows parse exactly; bad cells and duplicate dates are errors with lines")
    func parse() throws {
        let good = try PriceCSV.parse("date,open,high,low,close,volume\n2013-04-29,134.44400024414062,147.48800659179688,134.0,144.5399932861328,0.0\n2021-05-01,,,,1.2e-05,\n",
                                      file: "SHIB-USD.csv", asset: Asset("SHIB"), currency: .usd)
        #expect(good.points.map(\.close) == [Price("144.5399932861328"), Price("0.000012")])
        do {
            _ = try PriceCSV.parse("date,close\n2024-01-01,abc\n2024-01-02,0\n2024-13-01,5\n2024-01-04,5\n2024-01-04,6\n",
                                   file: "X-USD.csv", asset: Asset("X"), currency: .usd)
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.description) == [
                "X-USD.csv:2: close: 'abc' is not a number",
                "X-USD.csv:3: close: '0' is not a positive price",
                "X-USD.csv:4: date: '2024-13-01' is not a YYYY-MM-DD date",
                "X-USD.csv:6: date: 2024-01-04 appears twice (also on line 5)",
            ])
        }
    }
}

@Suite("Price files written from floating point")
struct FloatPriceTests {
    @Test("digits past the 18th are rounded half-even in price files, still refused in transactions")
    func rounding() throws {
        // 0.0014149999478831887 has 19 fractional digits: the 19th (7) rounds the 18th (8) up to 9.
        let parsed = try PriceCSV.parse("date,close\n2018-01-01,0.0014149999478831887\n2018-01-03,0.0000000000000000015\n",
                                        file: "DOGE-USD.csv", asset: Asset("DOGE"), currency: .usd)
        // ...0015 at the 19th digit is a tie: half-even rounds to the even 2.
        #expect(parsed.points.map(\.close) == [Price("0.001414999947883189"), Price("0.000000000000000002")])
        // A price that rounds to zero is no price: refused, with its line.
        #expect(throws: ImportFailure.self) {
            try PriceCSV.parse("date,close\n2018-01-02,0.0000000000000000004\n", file: "X-USD.csv", asset: Asset("X"), currency: .usd)
        }
        #expect(throws: ImportFailure.self) {
            try HarvestCSV.parse("\(header)\n2024-01-05T10:00:00Z,buy,kraken,100,USD,0.0014149999478831887,DOGE,,,,,x,\n", file: "t.csv")
        }
    }

    @Test("the parser's rounding follows the mode", arguments: [
        (RoundingMode.halfEven, "1.0000000000000000025", "1.000000000000000002"),
        (.halfAwayFromZero, "1.0000000000000000025", "1.000000000000000003"),
        (.down, "-1.0000000000000000021", "-1.000000000000000003"),
        (.towardZero, "-1.0000000000000000029", "-1.000000000000000002"),
        (.up, "1e-40", "0.000000000000000001"),
        (.halfEven, "1e-40", "0"),
    ])
    func modes(_ mode: RoundingMode, _ text: String, _ expected: String) throws {
        #expect(try Fixed(parsing: text, roundingExcessDigits: mode) == Fixed(stringLiteral: expected))
    }
}

@Suite("Price files as users download them")
struct PriceLayoutTests {
    static func closes(_ text: String) throws -> [String] {
        try PriceCSV.parse(text, file: "p.csv", asset: Asset("BTC"), currency: .usd).points.map { "\($0.date) \($0.close)" }
    }

    @Test("Yahoo Finance: Adj Close ignored, null days skipped")
    func yahoo() throws {
        let text = """
            Date,Open,High,Low,Close,Adj Close,Volume
            2024-01-01,42280.234375,44175.4375,42214.97265625,44167.33203125,44167.33203125,18426978443
            2024-01-02,null,null,null,null,null,null
            2024-01-03,44961.6015625,45503.2421875,40813.53515625,42848.17578125,42848.17578125,46342323118

            """
        #expect(try Self.closes(text) == ["2024-01-01 44167.33203125", "2024-01-03 42848.17578125"])
    }

    @Test("CoinGecko: the snapshot's day and price")
    func coinGecko() throws {
        let text = """
            snapped_at,price,market_cap,total_volume
            2024-01-01 00:00:00 UTC,42261.04155718414,828168163845.6,12645939209.9
            2024-01-02 00:00:00 UTC,44195.9273,866146880372.63,24396706963.04

            """
        #expect(try Self.closes(text) == ["2024-01-01 42261.04155718414", "2024-01-02 44195.9273"])
    }

    @Test("CoinMarketCap: semicolons, quoted timestamps, the open day")
    func coinMarketCap() throws {
        let text = """
            timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;close;volume;marketCap;timestamp
            "2024-01-01T00:00:00.000Z";"2024-01-01T23:59:59.999Z";"2024-01-01T23:49:00.000Z";"2024-01-01T00:30:00.000Z";"2781";42280.23;44175.44;42214.97;44167.33;18426978443.99;865054654815.31;"2024-01-01T23:59:59.999Z"

            """
        let parsed = try PriceCSV.parse(text, file: "cmc.csv", asset: Asset("BTC"), currency: .usd)
        #expect(parsed.points.map(\.close) == [Price("44167.33")] && parsed.points.map(\.open) == [Price("42280.23")])
        #expect(parsed.points.map(\.date) == [CivilDate(year: 2024, month: 1, day: 1)!])
    }

    @Test("an unknown layout names the layouts it knows")
    func unknown() {
        do {
            _ = try PriceCSV.parse("Day,Price\n2024-01-01,1\n", file: "x.csv", asset: Asset("X"), currency: .usd)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.first?.description.hasPrefix("x.csv:1: unrecognized price file (header: day,price); known:") == true)
        }
    }
}
