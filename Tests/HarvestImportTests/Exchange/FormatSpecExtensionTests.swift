import Foundation
import HarvestCore
import HarvestImport
import Testing

/// The format-file features added for Nexo, Crypto.com Exchange, KuCoin and Uphold, on small inline files.
@Suite("Format spec: status prefix, trading pairs, follow-up events, day names, Unix fractions")
struct FormatSpecExtensionTests {
    func format(_ json: String) throws -> ExchangeFormat {
        ExchangeFormat(try FormatSpec.decode(Data(json.utf8), file: "test.json"))
    }

    func parse(_ text: String, _ json: String) throws -> ParsedImport {
        try ExchangeImporter.parse(text, file: "t.csv", format: format(json), options: .init())
    }

    @Test("status.before reads the status from the start of a cell")
    func statusBefore() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Asset", "Amount", "Details"],
             "status": {"column": "Details", "before": " / ", "accept": ["approved"], "skip": ["pending"], "reason": "not approved"},
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]}, "type": {"default": {"kind": "deposit"}},
             "legs": [{"quantity": "Amount", "asset": "Asset", "direction": "in"}]}
            """
        let parsed = try parse("When,Asset,Amount,Details\n2024-01-02,BTC,1,approved / from a friend\n2024-01-03,BTC,2,pending / later\n", json)
        #expect(parsed.briefs == ["2024-01-02 deposit 1 BTC in"])
        #expect(parsed.skipped == ["not approved": 1])
        #expect(throws: ImportFailure.self) { try parse("When,Asset,Amount,Details\n2024-01-02,BTC,1,odd / x\n", json) }
    }

    @Test("a leg's pair takes the base or the quote of a trading pair", arguments: ["ETH_CRO", "ETH-CRO", "ETH/CRO"])
    func pair(symbol: String) throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Pair", "Size", "Funds"],
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]}, "type": {"default": {"kind": "trade", "side": "out"}},
             "legs": [{"quantity": "Size", "asset": "Pair", "pair": "base", "direction": "primary"},
                      {"quantity": "Funds", "asset": "Pair", "pair": "quote", "direction": "counter"}]}
            """
        #expect(try parse("When,Pair,Size,Funds\n2024-01-02,\(symbol),2,30000\n", json).briefs == ["2024-01-02 trade 2 ETH -> 30000 CRO"])
    }

    @Test("then: one row, two events; an event of such a row whose legs cancel is dropped silently")
    func followUps() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "From", "FromAsset", "To", "ToAsset"],
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]},
             "type": {"default": {"kind": "trade", "legs": ["from", "to"], "then": [{"kind": "withdrawal", "legs": ["sent"]}]}},
             "legs": [{"name": "from", "quantity": "From", "asset": "FromAsset", "direction": "out"},
                      {"name": "to", "quantity": "To", "asset": "ToAsset", "direction": "in"},
                      {"name": "sent", "quantity": "To", "asset": "ToAsset", "direction": "out"}]}
            """
        let parsed = try parse("When,From,FromAsset,To,ToAsset\n2024-01-02,1,BTC,20,ETH\n2024-01-03,5,SOL,5,SOL\n", json)
        #expect(parsed.briefs == ["2024-01-02 trade 1 BTC -> 20 ETH", "2024-01-02 withdrawal 20 ETH out", "2024-01-03 withdrawal 5 SOL out"])
        #expect(parsed.skipped.isEmpty)
        #expect(Set(parsed.rows.map(\.transaction.id)).count == 3)
    }

    @Test("zone header with unstated_zone: the offset the column names, else the unstated zone; a bare UTC is UTC")
    func unstatedZone() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["Asset", "Amount"],
             "time": {"columns": ["When*"], "formats": ["yyyy-MM-dd HH:mm:ss"], "zone": "header", "unstated_zone": "Asia/Singapore"},
             "type": {"default": {"kind": "deposit"}}, "legs": [{"quantity": "Amount", "asset": "Asset", "direction": "in"}]}
            """
        let row = "2024-01-02 08:00:00,BTC,1\n"
        let cases = [("When", "2024-01-02T00:00:00Z"), ("When(UTC+02:00)", "2024-01-02T06:00:00Z"), ("When(UTC)", "2024-01-02T08:00:00Z")]
        for (column, instant) in cases {
            let parsed = try parse("\(column),Asset,Amount\n" + row, json)
            #expect(parsed.rows.map(\.transaction.timestamp) == [InlineExport.instant(instant)], "column \(column)")
        }
    }

    @Test("EEE skips a day's name")
    func weekday() throws {
        let pattern = TimePattern("EEE MMM d yyyy HH:mm:ss 'GMT'Z")
        let reading = try #require(pattern.read("Tue May 26 2020 18:06:28 GMT+0200"))
        #expect(reading.offsetSeconds == 7200)
        #expect(TimePattern("EEE MMM d yyyy").read("Wednesday May 20 2020") != nil)
        #expect(TimePattern("EEE MMM d yyyy").read("May 20 2020") == nil)
    }

    @Test("unix reads seconds with a fraction (Bitso's 1522889881.138) as milliseconds; unix-ms takes no fraction")
    func unixFraction() throws {
        let reading = try #require(TimePattern("unix").read("1522889881.138"))
        #expect(reading.localMilliseconds == 1_522_889_881_138 && reading.offsetSeconds == 0)
        #expect(TimePattern("unix").read("1522889881.5")?.localMilliseconds == 1_522_889_881_500)
        #expect(TimePattern("unix").read("1522889881.123456")?.localMilliseconds == 1_522_889_881_123)
        #expect(TimePattern("unix").read("1522889881")?.localMilliseconds == 1_522_889_881_000)
        #expect(TimePattern("unix").read("1522889881.") == nil)
        #expect(TimePattern("unix").read("1522889881.1a") == nil)
        #expect(TimePattern("unix-ms").read("1522889881138.5") == nil)
    }
}
