import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Hardware-wallet exports: Trezor Suite (samples in ../shared/data/exports/trezor_suite, and its newer layout
/// from the BittyTax header catalogue) and Ledger Live (catalogue layouts only: small CSVs written here).
@Suite("Wallet exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct WalletExportTests {
    @Test("Trezor Suite: semicolons, the coin from the file's name, RECV a deposit, SENT a withdrawal with its fee")
    func trezorSuite() throws {
        #expect(try ExportSamples.detected("trezor_suite/test_trezor_alice_btc.csv") == "trezor-suite")
        // Alice received 0.05 BTC (the 0.0003 fee is the sender's) and sent 0.019 BTC paying 0.001.
        #expect(try ExportSamples.parse("trezor_suite/test_trezor_alice_btc.csv", wallet: "alice").briefs == [
            "2022-01-25 deposit 0.05 BTC in",
            "2022-02-09 withdrawal 0.019 BTC out fee 0.001 BTC",
        ])
        // Bob sent Alice those 0.05 BTC (same transaction ID, 2:03:40 AM here against 2:58:40 AM there).
        let bob = try ExportSamples.parse("trezor_suite/test_trezor_bob_btc.csv", wallet: "bob")
        #expect(bob.briefs == [
            "2022-01-25 withdrawal 0.05 BTC out fee 0.0003 BTC",
            "2022-01-18 withdrawal 0.1 BTC out fee 0.0001 BTC",
            "2022-01-14 deposit 0.2 BTC in",
        ])
        // The ID with the type: Alice's RECV and Bob's SENT of one transaction stay distinct.
        #expect(bob.rows[0].transaction.id == "6048ee3018b7852d93346fa82eb37645dc5014d625ef982aa823718f9238b6569a:SENT")
        #expect(bob.rows[0].transaction.timestamp == Instant(millisecondsSinceEpoch: 1_643_076_220_000))
    }

    @Test("Trezor Suite without the coin in the file's name is refused with a hint")
    func trezorSuiteNoCoin() throws {
        let format = try #require(ExchangeFormats.named("trezor-suite"))
        let text = "Date & Time;Type;Transaction ID;Addresses;Fee;Total\n1/25/2022, 2:58:40 AM;RECV;ab;3Yk;0.0003;0.05\n"
        #expect(throws: ImportFailure.self) { try ExchangeImporter.parse(text, file: "transactions 2022.csv", format: format, options: .init()) }
        #expect(try ExchangeImporter.parse(text, file: "dir/Bitcoin #1-ltc-20220125.csv", format: format, options: .init()).briefs
            == ["2022-01-25 deposit 0.05 LTC in"])
    }

    @Test("Trezor Suite's newer layout: units per row, unix times, SELF and FAILED pay only the fee")
    func trezorSuiteV2() throws {
        let text = """
            Timestamp,Date,Time,Type,Transaction ID,Fee,Fee unit,Address,Label,Amount,Amount unit,Fiat (USD),Other
            1643076220,25/01/2022,02:03:40,RECV,aa,0.0003,BTC,bc1qa,,0.05,BTC,1834.50,
            1643185534,26/01/2022,08:25:34,SENT,bb,0.00002,BTC,bc1qb,rent,0.01,BTC,367.10,
            1643271934,27/01/2022,08:25:34,SELF,cc,0.00001,BTC,bc1qc,,0.02,BTC,734.20,
            1643358334,28/01/2022,08:25:34,FAILED,dd,0.0021,ETH,0xabc,,0,ETH,0,

            """
        #expect(ExchangeFormats.detect(text).name == "trezor-suite-v2")
        let parsed = try ExchangeImporter.parse(text, file: "t.csv", format: #require(ExchangeFormats.named("trezor-suite-v2")), options: .init())
        #expect(parsed.briefs == [
            "2022-01-25 deposit 0.05 BTC in value 1834.5",
            "2022-01-26 withdrawal 0.01 BTC out fee 0.00002 BTC value 367.1",
            "2022-01-27 fee fee 0.00001 BTC",
            "2022-01-28 fee fee 0.0021 ETH",
        ])
    }

    /// Ledger Live's four layouts (BittyTax's catalogue), each with the same three operations.
    static let ledgerLayouts: [(header: String, extra: [String])] = [
        ("Operation Date,Status,Currency Ticker,Operation Type,Operation Amount,Operation Fees,Operation Hash,Account Name,Account xpub,"
            + "Countervalue Ticker,Countervalue at Operation Date,Countervalue at CSV Export", ["Confirmed", "xpub1", "USD", "", "1"]),
        ("Operation Date,Currency Ticker,Operation Type,Operation Amount,Operation Fees,Operation Hash,Account Name,Account xpub,"
            + "Countervalue Ticker,Countervalue at Operation Date,Countervalue at CSV Export", ["xpub1", "USD", "", "1"]),
        ("Operation Date,Currency Ticker,Operation Type,Operation Amount,Operation Fees,Operation Hash,Account Name,Account xpub", ["xpub1"]),
        ("Operation Date,Currency Ticker,Operation Type,Operation Amount,Operation Fees,Operation Hash,Account Name,Account id", ["js:2:bitcoin"]),
    ]

    @Test("Ledger Live, every layout: IN a deposit, OUT a withdrawal less its fee, REWARD staking income", arguments: 0..<4)
    func ledgerLive(layout: Int) throws {
        let (header, extra) = Self.ledgerLayouts[layout]
        let hasStatus = layout == 0
        func row(_ date: String, _ ticker: String, _ type: String, _ amount: String, _ fee: String, _ hash: String, _ account: String) -> String {
            var fields = [date]
            if hasStatus { fields.append(extra[0]) }
            fields += [ticker, type, amount, fee, hash, account] + extra.dropFirst(hasStatus ? 1 : 0)
            return fields.joined(separator: ",")
        }
        let text = [
            header,
            row("2021-05-04T13:00:49.000Z", "BTC", "IN", "0.5", "0.0002", "h1", "Bitcoin 1"),
            // 0.1 BTC out, fees included: 0.0999 left the wallet for the recipient, 0.0001 for the miners.
            row("2021-06-01T08:00:00.000Z", "BTC", "OUT", "0.1", "0.0001", "h2", "Bitcoin 1"),
            row("2021-07-01T00:00:00.000Z", "XTZ", "REWARD", "1.25", "", "h3", "Tezos 1"),
            row("2021-07-02T00:00:00.000Z", "XTZ", "DELEGATE", "0", "0.001", "h4", "Tezos 1"),
        ].joined(separator: "\n") + "\n"
        guard case .found(let format, let line) = ExchangeFormats.detect(text) else {
            Issue.record("layout \(layout) is not recognized")
            return
        }
        #expect(format.name == "ledger-live")
        let parsed = try ExchangeImporter.parse(text, file: "ledger.csv", format: format, headerLine: line, options: .init())
        #expect(parsed.briefs == [
            "2021-05-04 deposit 0.5 BTC in",
            "2021-06-01 withdrawal 0.0999 BTC out fee 0.0001 BTC",
            "2021-07-01 income:staking 1.25 XTZ in",
            "2021-07-02 fee fee 0.001 XTZ",
        ])
        // Each account is a wallet.
        #expect(parsed.rows.map(\.transaction.wallet.name) == ["Bitcoin 1", "Bitcoin 1", "Tezos 1", "Tezos 1"])
    }
}

extension ExchangeFormats.Detection {
    /// The detected format's name, nil when none.
    var name: String? {
        if case .found(let format, _) = self { return format.name }
        return nil
    }
}
