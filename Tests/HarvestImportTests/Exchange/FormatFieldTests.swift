import Foundation
import HarvestCore
import HarvestImport
import Testing

/// The optional spec fields that wallet, explorer and tax-tool formats need, each on a small inline format.
@Suite("Format spec fields")
struct FormatFieldTests {
    func format(_ legs: String, extra: String = "") throws -> ExchangeFormat {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Kind"], "time": {"columns": ["When"], "formats": ["iso"]},
             "type": {"columns": ["Kind"], "map": {"in": {"kind": "deposit"}, "out": {"kind": "withdrawal"}, "gift": {"kind": "gift"},
                      "any": {"kind": "auto"}}},
             "legs": [\(legs)]\(extra)}
            """
        return ExchangeFormat(try FormatSpec.decode(Data(json.utf8), file: "t.json"))
    }

    func briefs(_ format: ExchangeFormat, _ rows: String, file: String = "t.csv", wallet: String? = nil) throws -> [String] {
        try ExchangeImporter.parse(rows, file: file, format: format, options: .init(wallet: wallet)).rows.map {
            "\(brief($0.transaction)) @\($0.transaction.wallet.name)"
        }
    }

    @Test("empty: cells like N/A read as empty")
    func empty() throws {
        let spec = try format(#"{"quantity": "Qty", "asset": "Asset", "direction": "signed"}"#,
                              extra: #", "value": {"amount": "Usd", "currency": "=USD"}, "empty": ["N/A"]"#)
        #expect(try briefs(spec, "When,Kind,Qty,Asset,Usd\n2024-01-01,any,1,BTC,N/A\n2024-01-02,any,2,BTC,$5\n")
            == ["2024-01-01 deposit 1 BTC in @t", "2024-01-02 deposit 2 BTC in value 5 @t"])
    }

    @Test("wallet_column: each row's wallet, unless the user names one")
    func walletColumn() throws {
        let spec = try format(#"{"quantity": "Qty", "asset": "Asset", "direction": "signed"}"#, extra: #", "wallet_column": "Wallet""#)
        let rows = "When,Kind,Qty,Asset,Wallet\n2024-01-01,out,-1,BTC,Kraken\n2024-01-01,in,1,BTC,\n"
        #expect(try briefs(spec, rows) == ["2024-01-01 withdrawal 1 BTC out @Kraken", "2024-01-01 deposit 1 BTC in @t"])
        #expect(try briefs(spec, rows, wallet: "mine") == ["2024-01-01 withdrawal 1 BTC out @mine", "2024-01-01 deposit 1 BTC in @mine"])
    }

    @Test("asset_fallback: a column for the asset when the asset cell is no symbol")
    func assetFallback() throws {
        let spec = try format(#"{"quantity": "Qty", "asset": "Symbol", "asset_fallback": "Contract", "direction": "signed"}"#)
        #expect(try briefs(spec, "When,Kind,Qty,Symbol,Contract\n2024-01-01,any,5,oETH $500 Call,0xabc\n2024-01-01,any,6,DAI,0xdef\n")
            == ["2024-01-01 deposit 5 0XABC in @t", "2024-01-01 deposit 6 DAI in @t"])
    }

    @Test("asset file: the asset from the file's name")
    func assetFromFile() throws {
        let spec = try format(#"{"quantity": "Qty", "asset": "file", "direction": "signed"}"#)
        #expect(try briefs(spec, "When,Kind,Qty\n2024-01-01,any,5\n", file: "exports/alice_ltc.csv") == ["2024-01-01 deposit 5 LTC in @t"])
        #expect(throws: ImportFailure.self) { try briefs(spec, "When,Kind,Qty\n2024-01-01,any,5\n", file: "transactions.csv") }
    }

    @Test("less_fees: the fees come off a quantity that includes them")
    func lessFees() throws {
        let spec = try format(#"""
            {"quantity": "Qty", "asset": "Asset", "direction": "out", "less_fees": true},
            {"quantity": "Fee", "asset": "Asset", "direction": "out", "role": "fee"}
            """#)
        #expect(try briefs(spec, "When,Kind,Qty,Asset,Fee\n2024-01-01,out,0.1,BTC,0.0001\n2024-01-02,out,0.1,BTC,\n")
            == ["2024-01-01 withdrawal 0.0999 BTC out fee 0.0001 BTC @t", "2024-01-02 withdrawal 0.1 BTC out @t"])
    }

    @Test("kind gift: given or received as the legs show; a row moving nothing says so")
    func giftAndNothing() throws {
        let spec = try format(#"{"quantity": "Qty", "asset": "Asset", "direction": "signed"}"#)
        let parsed = try ExchangeImporter.parse(
            "When,Kind,Qty,Asset\n2024-01-01,gift,-1,BTC\n2024-01-02,gift,2,ETH\n2024-01-03,any,0,ETH\n", file: "t.csv", format: spec, options: .init())
        #expect(parsed.briefs == ["2024-01-01 gift_out 1 BTC out", "2024-01-02 gift_in 2 ETH in"])
        #expect(parsed.skipped == ["'any' rows that move nothing (zero or empty quantities)": 1])
    }
}
