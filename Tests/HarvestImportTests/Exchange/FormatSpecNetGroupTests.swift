import Foundation
import HarvestCore
import HarvestImport
import Testing

/// The format-file features added for Bisq, Bittrex, bitcoin.tax, ShapeShift, CoinSmart and Revolut, on small
/// inline files.
@Suite("Format spec: type prefixes, net legs, group windows, currency signs")
struct FormatSpecNetGroupTests {
    func parse(_ text: String, _ json: String, base: String = "USD") throws -> ParsedImport {
        let format = ExchangeFormat(try FormatSpec.decode(Data(json.utf8), file: "test.json"))
        return try ExchangeImporter.parse(text, file: "t.csv", format: format, options: .init(baseCurrency: Asset(base)))
    }

    @Test("a type key ending in * matches values that begin with it; exact keys first, then the longest prefix")
    func typePrefix() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Kind", "BTC", "Other", "Asset"],
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]},
             "type": {"columns": ["Kind"], "map": {"Sell BTC": {"kind": "trade", "side": "out"}, "Sell *": {"kind": "trade", "side": "in"},
                                                    "S*": {"kind": "reject", "reason": "too short"}}},
             "legs": [{"quantity": "BTC", "asset": "=BTC", "direction": "primary"}, {"quantity": "Other", "asset": "Asset", "direction": "counter"}]}
            """
        let text = "When,Kind,BTC,Other,Asset\n2024-01-02,Sell BTC,1,40000,EUR\n2024-01-03,sell DASH,1,300,DASH\n"
        #expect(try parse(text, json).briefs == ["2024-01-02 sell 1 BTC -> 40000 EUR", "2024-01-03 trade 300 DASH -> 1 BTC"])
        #expect(throws: ImportFailure.self) { try parse("When,Kind,BTC,Other,Asset\n2024-01-02,Swap,1,2,ETH\n", json) }
        #expect(throws: ImportFailure.self) { try parse("When,Kind,BTC,Other,Asset\n2024-01-02,Spend,1,2,ETH\n", json) }
    }

    @Test("a net leg is the balance change: an outgoing one less its fees, an incoming one plus them")
    func net() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Kind", "Qty", "Asset", "Total", "Quote", "Fee"],
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]},
             "type": {"columns": ["Kind"], "map": {"buy": {"kind": "trade", "side": "in"}, "sell": {"kind": "trade", "side": "out"}}},
             "legs": [{"quantity": "Qty", "asset": "Asset", "direction": "primary"},
                      {"quantity": "Total", "asset": "Quote", "direction": "counter", "net": true},
                      {"quantity": "Fee", "asset": "Quote", "direction": "out", "role": "fee"}]}
            """
        let text = "When,Kind,Qty,Asset,Total,Quote,Fee\n2024-01-02,buy,2,ETH,0.1025,BTC,0.0025\n2024-01-03,sell,2,ETH,0.0975,BTC,0.0025\n"
        #expect(try parse(text, json).briefs == [
            "2024-01-02 trade 0.1 BTC -> 2 ETH fee 0.0025 BTC",
            "2024-01-03 trade 2 ETH -> 0.1 BTC fee 0.0025 BTC",
        ])
    }

    @Test("group_window: rows to combine join the key's last event only within the window of its first row")
    func groupWindow() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Ref", "Asset", "In", "Out"],
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd HH:mm:ss.SSS"]},
             "type": {"default": {"kind": "trade", "combine": true}},
             "group": ["Ref"], "group_window": 1,
             "legs": [{"quantity": "In", "asset": "Asset", "direction": "in"}, {"quantity": "Out", "asset": "Asset", "direction": "out"}]}
            """
        let text = """
            When,Ref,Asset,In,Out
            2024-01-02 10:00:00.200,Trade,USD,,100
            2024-01-02 10:00:00.150,Trade,BTC,0.002,
            2024-01-02 10:05:00.000,Trade,USD,,100
            2024-01-02 10:05:00.900,Trade,BTC,0.0021,

            """
        let parsed = try parse(text, json)
        #expect(parsed.briefs == ["2024-01-02 buy 100 USD -> 0.002 BTC", "2024-01-02 buy 100 USD -> 0.0021 BTC"])
        #expect(Set(parsed.rows.map(\.transaction.id)).count == 2)
        // Two seconds apart: two events, each one-sided.
        #expect(throws: ImportFailure.self) {
            try parse("When,Ref,Asset,In,Out\n2024-01-02 10:00:00.000,Trade,USD,,100\n2024-01-02 10:00:02.000,Trade,BTC,0.002,\n", json)
        }
    }

    @Test("currency_signs: '€10.00' names its asset in a cell leg and a value, as '10.00 EUR' does")
    func currencySigns() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Qty", "Value"],
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]}, "type": {"default": {"kind": "buy", "side": "in"}},
             "legs": [{"quantity": "Qty", "asset": "=BTC", "direction": "primary"}, {"quantity": "Value", "asset": "cell", "direction": "counter"}],
             "value": {"amount": "Value", "currency": "cell"}, "currency_signs": {"€": "EUR", "$": "USD"}}
            """
        let text = "When,Qty,Value\n2024-01-02,0.001,€40.00\n2024-01-03,0.001,\"$1,040.50\"\n2024-01-04,0.001,45.10 EUR\n"
        #expect(try parse(text, json, base: "EUR").briefs == [
            "2024-01-02 buy 40 EUR -> 0.001 BTC value 40",
            "2024-01-03 buy 1040.5 USD -> 0.001 BTC",
            "2024-01-04 buy 45.1 EUR -> 0.001 BTC value 45.1",
        ])
        // A sign the format does not list names nothing.
        #expect(throws: ImportFailure.self) { try parse("When,Qty,Value\n2024-01-02,0.001,£40.00\n", json) }
    }
}
