import HarvestCore
import HarvestImport
import HarvestTestSupport
import Testing

/// Issue 19 at the importers: a value is read, or refused naming file, line and column; never trapped on, never stored
/// when no command could read it back.
@Suite("Robustness: importers refuse what the reports could not read")
struct RobustImportTests {
    static let header = "timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,to_wallet,tx_id,note"

    func harvest(_ rows: String...) throws(ImportFailure) -> ParsedImport {
        try HarvestCSV.parse(([RobustImportTests.header] + rows).joined(separator: "\n") + "\n", file: "f.csv", zone: .utc)
    }

    func messages(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let failure as ImportFailure {
            return failure.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("more than three fractional digits of a second: 12:00:00.1234Z is read to the millisecond (12:00:00.123)")
    func fractionalSeconds() throws {
        let parsed = try harvest("2024-06-01T12:00:00.1234Z,buy,cb,100,USD,1,BTC,,,,,a,")
        // 2024-06-01 is day 19,875 since 1970 (hand count: 54 years, 13 leap days to 2024, +152 days to June 1).
        let expected = Instant(millisecondsSinceEpoch: Int64(19_875) * 86_400_000 + 12 * 3_600_000 + 123)
        #expect(parsed.rows.first?.transaction.timestamp == expected)
    }

    @Test("a timestamp outside 0001-01-01 to 9998-12-31 (UTC) is refused, naming the supported range",
          arguments: ["9999-12-31T23:00:00-18:00", "0000-01-01T00:00:00+18:00", "9999-06-01", "0000-12-31T23:59:59Z"])
    func datesOutOfRange(_ timestamp: String) {
        let found = messages { _ = try harvest("\(timestamp),buy,cb,100,USD,1,BTC,,,,,a,") }
        #expect(found == ["f.csv:2: timestamp: '\(timestamp)' is outside the supported dates 0001-01-01 to 9998-12-31 (UTC)"])
    }

    @Test("the first and last supported days are read")
    func datesAtTheEdges() throws {
        let parsed = try harvest("0001-01-01T00:00:00Z,buy,cb,100,USD,1,BTC,,,,,a,", "9998-12-31T23:59:59Z,buy,cb,100,USD,1,BTC,,,,,b,")
        #expect(parsed.rows.map(\.transaction.date.description) == ["0001-01-01", "9998-12-31"])
    }

    @Test("a quantity or amount beyond 1e15 is refused at import (exit 65 in the CLI); 1e15 itself is read")
    func valuesOutOfRange() throws {
        let found = messages {
            _ = try harvest("2024-01-01,buy,cb,100,USD,1e20,BTC,,,,,a,", "2024-01-02,sell,cb,1,BTC,1000000000000000.000000000000000001,USD,,,,,b,")
        }
        #expect(found.count == 2)
        #expect(found.first == "f.csv:2: received_quantity: '1e20' is outside the supported range: quantities, prices and amounts are at most "
            + "1e15 (1,000,000,000,000,000) in magnitude")
        #expect(found.last?.hasPrefix("f.csv:3: received_quantity: '1000000000000000.000000000000000001' is outside the supported range") == true)
        let edge = try harvest("2024-01-01,buy,cb,1e15,USD,1e15,SHIB,,,,,a,")
        #expect(edge.rows.first?.transaction.received?.quantity == Quantity("1000000000000000"))
    }

    @Test("Koinly: NaN, inf, Infinity and null amounts are not numbers, never empty cells", arguments: ["NaN", "inf", "Infinity", "null", "-inf", "nan"])
    func notANumber(_ word: String) throws {
        let format = try #require(ExchangeFormats.named("koinly"))
        let received = """
            Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash
            2023-01-02 10:00 UTC,,,\(word),ETH,,,120.5,USD,,,h1
            2023-01-03 10:00 UTC,100,USD,0.1,ETH,\(word),USD,100,USD,,,h2

            """
        let found = messages { _ = try ExchangeImporter.parse(received, file: "k.csv", format: format, options: .init()) }
        // A received amount of NaN was stored as a withdrawal, and a fee of NaN dropped: both are errors now.
        #expect(found.contains("k.csv:2: Received Amount: '\(word)' is not a number"))
        #expect(found.contains("k.csv:3: Fee Amount: '\(word)' is not a number"))
    }

    @Test("Unix times far out of range are refused, not multiplied into an overflow",
          arguments: ["99999999999999999", "9999999999999", "-99999999999999999"])
    func etherscanUnixTimes(_ seconds: String) throws {
        let format = try #require(ExchangeFormats.named("etherscan-internal"))
        let text = """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","ParentTxFrom","ParentTxTo","ParentTxETH_Value","From","TxTo","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)","Status","ErrCode","Type"
            "0xa1","1","\(seconds)","","0xme","0xc","0","0xc","0xme","","1.5","0","0","","call"

            """
        let found = messages { _ = try ExchangeImporter.parse(text, file: "e.csv", format: format, options: .init(address: "0xme")) }
        #expect(found.contains { $0.hasPrefix("e.csv:2:") && $0.contains("'\(seconds)' is outside the supported dates 0001-01-01 to 9998-12-31 (UTC)") },
                "\(found)")
    }

    @Test("rotki trades: a millisecond time of 999999999999999999 is refused (its day count did not fit 32 bits)")
    func rotkiMilliseconds() throws {
        let format = try #require(ExchangeFormats.named("rotki-trades"))
        let text = """
            Location,Spend Currency,Receive Currency,Receive Amount,Spend Amount,Timestamp
            kraken,USD,BTC,0.1,1000,999999999999999999

            """
        let found = messages { _ = try ExchangeImporter.parse(text, file: "r.csv", format: format, options: .init()) }
        #expect(found.contains { $0.hasPrefix("r.csv:2: Timestamp: '999999999999999999' is outside the supported dates") }, "\(found)")
    }

    @Test("price files: a close beyond 1e15 is refused")
    func priceOutOfRange() {
        let found = messages { _ = try PriceCSV.parse("date,open,high,low,close,volume\n2024-01-01,1,1,1,1e20,5\n", file: "BTC-USD.csv", asset: Asset("BTC"), currency: .usd) }
        #expect(found.count == 1 && found.first?.contains("'1e20' is outside the supported range") == true, "\(found)")
    }
}
