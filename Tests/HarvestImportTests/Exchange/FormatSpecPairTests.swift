import Foundation
import HarvestCore
import HarvestImport
import Testing

/// The spec fields the new exchange layouts need (pairs without a separator, quantities with their asset glued on, zones in
/// column names, prices to multiply, a status that refuses), each on a small inline format. Rows are made up.
@Suite("Format spec: pairs, glued units, header zones, products")
struct FormatSpecPairTests {
    func format(header: [String], time: String, zone: String? = nil, legs: String, extra: String = "") throws -> ExchangeFormat {
        let headerList = header.map { "\"\($0)\"" }.joined(separator: ", ")
        let zoneField = zone.map { #", "zone": "\#($0)""# } ?? ""
        let json = """
            {"name": "t", "title": "t", "header": [\(headerList)], "time": {"columns": ["\(time)"], "formats": ["yyyy-MM-dd HH:mm:ss"]\(zoneField)},
             "type": {"columns": ["Side"], "map": {"buy": {"kind": "trade", "side": "in"}, "sell": {"kind": "trade", "side": "out"}}},
             "legs": [\(legs)]\(extra)}
            """
        return ExchangeFormat(try FormatSpec.decode(Data(json.utf8), file: "t.json"))
    }

    func parse(_ format: ExchangeFormat, _ text: String) throws -> ParsedImport {
        try ExchangeImporter.parse(text, file: "t.csv", format: format, options: .init())
    }

    func errors(_ format: ExchangeFormat, _ text: String) -> [String] {
        do {
            _ = try parse(format, text)
            return []
        } catch let failure as ImportFailure {
            return failure.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("pair_quotes: the longest quote that ends the pair wins (USDCUSDT is USDC for USDT)")
    func pairQuotes() throws {
        let spec = try format(header: ["When", "Side", "Pair", "Qty", "Total"], time: "When", legs: """
            {"quantity": "Qty", "asset": "Pair", "pair": "base", "direction": "primary"},
            {"quantity": "Total", "asset": "Pair", "pair": "quote", "direction": "counter"}
            """, extra: #", "pair_quotes": ["USD", "USDT", "BTC"]"#)
        #expect(try parse(spec, "When,Side,Pair,Qty,Total\n2024-01-01 00:00:00,buy,USDCUSDT,10,10\n2024-01-02 00:00:00,sell,ETH/BTC,1,0.05\n").briefs
            == ["2024-01-01 trade 10 USDT -> 10 USDC", "2024-01-02 trade 1 ETH -> 0.05 BTC"])
    }

    @Test("asset cell: a symbol glued to the number (0.5BTC, 1,234.5USDT); an exponent is no symbol")
    func gluedUnits() throws {
        let spec = try format(header: ["When", "Side", "Got", "Paid"], time: "When", legs: """
            {"quantity": "Got", "asset": "cell", "direction": "primary"}, {"quantity": "Paid", "asset": "cell", "direction": "counter"}
            """)
        #expect(try parse(spec, "When,Side,Got,Paid\n2024-01-01 00:00:00,buy,0.5BTC,\"1,234.5USDT\"\n").briefs == ["2024-01-01 trade 1234.5 USDT -> 0.5 BTC"])
        #expect(errors(spec, "When,Side,Got,Paid\n2024-01-01 00:00:00,buy,2.3e-06BTC,1USDT\n") == ["t.csv:2: Got: '2.3e-06BTC' is not a number"])
    }

    @Test("zone header: the offset the time column's name states; none stated is UTC", arguments: [
        ("Date(UTC+0)", "2024-01-01T10:00:00Z"), ("Time(UTC+08:00)", "2024-01-01T02:00:00Z"), ("Time (UTC-5)", "2024-01-01T15:00:00Z"),
        ("Time", "2024-01-01T10:00:00Z"),
    ])
    func headerZone(column: String, instant: String) throws {
        let spec = try format(header: ["Side", "Qty", "Total"], time: column.hasPrefix("Date") ? "Date*" : "Time*", zone: "header", legs: """
            {"quantity": "Qty", "asset": "=BTC", "direction": "primary"}, {"quantity": "Total", "asset": "=USDT", "direction": "counter"}
            """)
        let parsed = try parse(spec, "\"\(column)\",Side,Qty,Total\n2024-01-01 10:00:00,buy,1,40000\n")
        #expect(parsed.instants == [Timestamp.parse(instant, zone: .utc)!.instant])
    }

    @Test("times and opposite: the quote of a signed amount at a price goes the other way")
    func timesOpposite() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Amount", "Price"], "time": {"columns": ["When"], "formats": ["yyyy-MM-dd HH:mm:ss"]},
             "type": {"default": {"kind": "trade"}},
             "legs": [{"quantity": "Amount", "asset": "=ETH", "direction": "signed"},
                      {"quantity": "Amount", "times": "Price", "asset": "=BTC", "direction": "opposite"}]}
            """
        let spec = ExchangeFormat(try FormatSpec.decode(Data(json.utf8), file: "t.json"))
        #expect(try parse(spec, "When,Amount,Price\n2024-01-01 00:00:00,-1.5,0.0333333333333333333\n").briefs
            == ["2024-01-01 trade 1.5 ETH -> 0.05 BTC"])
        #expect(errors(spec, "When,Amount,Price\n2024-01-01 00:00:00,1,\n") == ["t.csv:2: Price: missing Price for Amount 1"])
    }

    @Test("status refuse: a value neither accepted nor skipped is refused with the format's reason")
    func statusRefuse() throws {
        let spec = try format(header: ["When", "Side", "Qty", "Margin"], time: "When", legs: """
            {"quantity": "Qty", "asset": "=BTC", "direction": "primary"}, {"quantity": "Qty", "asset": "=USD", "direction": "counter"}
            """, extra: #", "status": {"column": "Margin", "accept": ["0"], "refuse": "margin trades are not supported"}"#)
        #expect(errors(spec, "When,Side,Qty,Margin\n2024-01-01 00:00:00,buy,1,5\n") == ["t.csv:2: Margin: '5' cannot be imported: margin trades are not supported"])
    }
}
