import Foundation
import HarvestCore
import HarvestImport
import Testing

/// The formats that read `text` on their own: the intended one must be the only one, or strictly the most specific (most
/// required columns), so that recognition never depends on the order the formats are tried in.
func expectRecognizedAlone(_ text: String, as name: String) {
    let matches = ExchangeFormats.builtIn.filter {
        if case .found = ExchangeFormats.detect(text, among: [$0]) { return true }
        return false
    }
    guard let intended = matches.first(where: { $0.name == name }) else {
        Issue.record("\(name) does not read this header")
        return
    }
    for other in matches where other.name != name {
        #expect(other.spec.header.count < intended.spec.header.count, "\(other.name) ties with \(name)")
    }
}

/// Sparrow's transactions export (`WalletTransactions.java` in sparrowwallet/sparrow): `Date`, `Label`, `Value` (the
/// wallet's balance change, a send's network fee inside it), `Balance`, `Fee` (of sends only), `Value (<fiat>)` when a fiat
/// currency is set, `Txid`; values as whole sats (`%d`) or as BTC with eight decimals, a point or a comma (`UnitFormat`);
/// `Unconfirmed` in the date column of mempool rows; a `#` comment line at the end when a fiat column is written. Sparrow
/// formatted the date in the computer's zone (`SimpleDateFormat`), to the minute until early 2024 (issue 1278 added the
/// seconds); its current export says `Date (UTC)`. The first test's rows are those of a public Sparrow export kept as a test
/// fixture by satsigner (apps/mobile/tests/unit/utils/bip329_samples.ts); the other rows are made up in the layout.
@Suite("Sparrow")
struct SparrowTests {
    static let exported = """
        Date (UTC),Label,Value,Balance,Fee,Value (USD),Txid
        2024-12-31 12:33:02,Hunicus send,200000,200000,,186.60,d948cbe2d084d1abcf7d34fa4b31a6f264b3f055388be43002f23c4e370a6791
        2024-12-31 14:46:58,"Testing to PSYCARLO 2, Testing to PSYCARLO 1",-15612,191418,231,-14.57,7718a523c3ff3ef344e5860e9cb0b7e463631f21a55d583c0ffac211bcffec90
        2025-03-02 02:19:12,Multi,-454,136212,454,-0.43,ad64250ef6f24a7a8832e55cd2926758ee16da9d6e159049e7b432664a303629
        2025-03-02 22:48:42,to multi,-12711,89308,380,-11.95,b48a73173fed37c1c268b4a079caf777424917c8223c5556c0cc0435213030c5

        # Historical USD values are taken from daily rates and should only be considered as approximate.

        """

    @Test("sats: a receipt, sends less their fee, a send to itself that only paid its fee; times in UTC; the comment ignored")
    func sats() throws {
        expectRecognizedAlone(Self.exported, as: "sparrow")
        let parsed = try parseRecognized(Self.exported, as: "sparrow")
        #expect(parsed.briefs == [
            "2024-12-31 deposit 0.002 BTC in value 186.6",
            // -15612 sats left the wallet, 231 of them the fee: 15381 sats were sent.
            "2024-12-31 withdrawal 0.00015381 BTC out fee 0.00000231 BTC value 14.57",
            // -454 sats with a fee of 454: the coins stayed in the wallet, only the fee left.
            "2025-03-02 fee fee 0.00000454 BTC",
            "2025-03-02 withdrawal 0.00012331 BTC out fee 0.0000038 BTC value 11.95",
        ])
        let send = parsed.rows[1].transaction
        #expect(send.id == "7718a523c3ff3ef344e5860e9cb0b7e463631f21a55d583c0ffac211bcffec90")
        #expect(send.note == "Testing to PSYCARLO 2, Testing to PSYCARLO 1" && send.wallet == Wallet("sparrow"))
        #expect(parsed.instants[0] == InlineExport.instant("2024-12-31T12:33:02Z"))
        #expect(parsed.skipped.isEmpty)
    }

    @Test("BTC with a decimal comma, the value in euros; an unconfirmed row is skipped")
    func bitcoinUnitDecimalComma() throws {
        // Made up in the layout, as Sparrow writes it with the BTC unit and the comma format (`0,00000000`).
        let text = """
            Date (UTC),Label,Value,Balance,Fee,Value (EUR),Txid
            2024-01-15 09:14:32,from the exchange,"0,00450000","0,00450000",,"36,23",a1
            2024-03-02 17:45:01,cold storage,"-0,00452100","0,00000000","0,00002100","-37,32",b2
            Unconfirmed,pending,"0,01000000","0,01000000",,"801,50",c3

            # Historical EUR values are taken from daily rates and should only be considered as approximate.

            """
        let parsed = try parseRecognized(text, as: "sparrow", base: "EUR")
        #expect(parsed.briefs == [
            "2024-01-15 deposit 0.0045 BTC in value 36.23",
            "2024-03-02 withdrawal 0.0045 BTC out fee 0.000021 BTC value 37.32",
        ])
        #expect(parsed.skipped == ["unconfirmed transactions (no block time yet)": 1])
    }

    @Test("the older layout: Date in the computer's zone, to the minute")
    func localTimes() throws {
        // Made up in the layout of Sparrow before its dates were UTC.
        let text = """
            Date,Label,Value,Balance,Fee,Txid
            2023-06-01 10:15,,0.01000000,0.01000000,,d1
            2023-07-01 12:00,paid,-0.00501000,0.00499000,0.00001000,d2

            """
        expectRecognizedAlone(text, as: "sparrow-local")
        let berlin = try #require(TaxTimeZone("Europe/Berlin"))
        let parsed = try parseRecognized(text, as: "sparrow-local", zone: berlin)
        #expect(parsed.briefs == ["2023-06-01 deposit 0.01 BTC in", "2023-07-01 withdrawal 0.005 BTC out fee 0.00001 BTC"])
        // 10:15 in Berlin (UTC+2 in June) is 08:15 UTC.
        #expect(parsed.instants[0] == InlineExport.instant("2023-06-01T08:15:00Z"))
        #expect(parsed.rows[0].transaction.wallet == Wallet("sparrow"))
    }

    @Test("the export without a Fee column is refused, saying what to export instead; a date in another layout is refused")
    func refusals() throws {
        // Made up in the layout of Sparrow's export before it had a Fee column.
        expectRecognizedAlone("Date,Label,Value,Balance,Txid\n", as: "sparrow-no-fee")
        let noFee = try refusal("Date,Label,Value,Balance,Txid\n2022-06-01 10:15,,-0.01000000,0.00000000,e1\n", as: "sparrow-no-fee")
        #expect(noFee.count == 1)
        #expect(noFee[0].hasPrefix("export.csv:1: Sparrow wallet transactions export from before December 2022"))
        #expect(noFee[0].contains("a send's Value includes its network fee") && noFee[0].contains("the export has a Fee column"))
        let date = try refusal("Date (UTC),Label,Value,Balance,Fee,Txid\nyesterday,,200000,200000,,f1\n", as: "sparrow")
        #expect(date == ["export.csv:2: Date (UTC): 'yesterday' is not a time in the layout 'yyyy-MM-dd HH:mm:ss' or 'yyyy-MM-dd HH:mm'"])
    }
}

/// Exodus's exports other than its current one (`exodus`, OUTAMOUNT/INAMOUNT): the older one with the coin in the amount
/// cells (`COINAMOUNT` `-0.02 BTC`, `FEE`, `BALANCE`) and the staking rewards one in CoinTracking's columns. Columns and
/// types as BittyTax's exodus.py reads them (it gives no rows): the rows are made up in those layouts.
@Suite("Exodus older layouts")
struct ExodusOlderLayoutTests {
    static let header = "TXID,TXURL,DATE,TYPE,FROMPORTFOLIO,TOPORTFOLIO,COINAMOUNT,FEE,BALANCE,EXCHANGE,PERSONALNOTE"

    @Test("COINAMOUNT and FEE name their coin; a withdrawal's fee is apart from it (the balance shows both left)")
    func perAsset() throws {
        let text = [
            Self.header,
            "t1,https://www.blockchain.com/btc/tx/t1,2019-03-02T10:00:00.000Z,deposit,,exodus_0,0.05 BTC,,0.05 BTC,,from the exchange",
            "t2,https://www.blockchain.com/btc/tx/t2,2019-04-10T18:30:00.000Z,withdrawal,exodus_0,,-0.02 BTC,-0.0001 BTC,0.0299 BTC,,rent",
            "t3,https://etherscan.io/tx/t3,2019-05-01T08:00:00.000Z,deposit,,exodus_0,\"1,250.5 USDT\",,\"1,250.5 USDT\",,",
            "",
        ].joined(separator: "\n")
        expectRecognizedAlone(text, as: "exodus-per-asset")
        let parsed = try parseRecognized(text, as: "exodus-per-asset")
        #expect(parsed.briefs == [
            "2019-03-02 deposit 0.05 BTC in",
            "2019-04-10 withdrawal 0.02 BTC out fee 0.0001 BTC",
            "2019-05-01 deposit 1250.5 USDT in",
        ])
        let withdrawal = parsed.rows[1].transaction
        #expect(withdrawal.id == "t2:withdrawal" && withdrawal.note == "rent" && withdrawal.wallet == Wallet("exodus"))
        #expect(withdrawal.timestamp == InlineExport.instant("2019-04-10T18:30:00Z"))
    }

    @Test("a type it does not know and a time that is not ISO 8601 are refused")
    func perAssetRefusals() throws {
        let exchange = try refusal(Self.header + "\nt4,,2019-06-01T08:00:00.000Z,exchange,exodus_0,,-0.01 BTC,,0 BTC,ETH,\n", as: "exodus-per-asset")
        #expect(exchange == ["export.csv:2: TYPE: unknown type 'exchange' (known: deposit, withdrawal)"])
        let time = try refusal(Self.header + "\nt5,,Sat Mar 02 2019 10:00:00 GMT+0000 (GMT),deposit,,exodus_0,0.05 BTC,,0.05 BTC,,\n", as: "exodus-per-asset")
        #expect(time == ["export.csv:2: DATE: 'Sat Mar 02 2019 10:00:00 GMT+0000 (GMT)' is not a time in the layout 'iso'"])
    }

    @Test("staking rewards are staking income")
    func staking() throws {
        let text = """
            Type,Buy,Cur.,Exchange,Group,Comment,Date
            Staking,0.0123,ALGO,Exodus,,Staking reward,2021-06-18 07:30:05

            """
        expectRecognizedAlone(text, as: "exodus-staking")
        let parsed = try parseRecognized(text, as: "exodus-staking")
        #expect(parsed.briefs == ["2021-06-18 income:staking 0.0123 ALGO in"])
        #expect(parsed.instants == [InlineExport.instant("2021-06-18T07:30:05Z")] && parsed.rows[0].transaction.wallet == Wallet("exodus"))
        let deposit = try refusal("Type,Buy,Cur.,Exchange,Group,Comment,Date\nDeposit,1,ALGO,Exodus,,,2021-06-18 07:30:05\n", as: "exodus-staking")
        #expect(deposit == ["export.csv:2: Type: unknown type 'Deposit' (known: Staking)"])
    }
}

/// Trezor Suite's account export as `exportTransactionsUtils.ts` (trezor/trezor-suite) writes it: one row per recipient,
/// token transfer or internal transfer of a transaction, the fee on its first row only, NFT amounts as `ID <token id>`, the
/// fiat value in en-US digits (`1,834.50`) under `Fiat (<currency>)`; separated by semicolons in the versions of 2022-2024
/// (suite-common/wallet-utils) and by commas since (packages/suite). The rows are made up in that layout.
@Suite("Trezor Suite current layouts")
struct TrezorSuiteCurrentTests {
    static let header = ["Timestamp", "Date", "Time", "Type", "Transaction ID", "Fee", "Fee unit", "Address", "Label", "Amount",
                         "Amount unit", "Fiat (EUR)", "Other"]

    /// A Bitcoin account's rows, separated by `separator` (the fiat value quoted when it holds the separator).
    static func bitcoinRows(_ separator: String) -> String {
        let firstFiat = separator == "," ? "\"1,834.50\"" : "1,834.50"
        let rows = [
            header,
            ["1643076220", "25/01/2022", "2:03:40 AM GMT+1", "RECV", "aa", "", "", "bc1qown", "", "0.05", "BTC", firstFiat, ""],
            // One send to two recipients: two rows, the fee on the first.
            ["1643185534", "26/01/2022", "9:25:34 AM GMT+1", "SENT", "bb", "0.00002", "BTC", "bc1qfriend", "rent", "0.01", "BTC", "367.10", ""],
            ["1643185534", "26/01/2022", "9:25:34 AM GMT+1", "SENT", "bb", "", "", "bc1qlandlord", "", "0.02", "BTC", "734.20", ""],
            ["1643271934", "27/01/2022", "9:25:34 AM GMT+1", "SELF", "cc", "0.00001", "BTC", "bc1qown2", "", "0.02", "BTC", "734.20", ""],
        ]
        return rows.map { $0.joined(separator: separator) }.joined(separator: "\n") + "\n"
    }

    @Test("commas or semicolons: a receipt, a send to two recipients joined into one withdrawal with its fee, a send to itself (its fee)",
          arguments: [",", ";"])
    func bitcoin(separator: String) throws {
        let text = Self.bitcoinRows(separator)
        let name = separator == "," ? "trezor-suite-v2" : "trezor-suite-v2-semicolon"
        expectRecognizedAlone(text, as: name)
        let parsed = try parseRecognized(text, as: name, base: "EUR")
        #expect(parsed.briefs == [
            "2022-01-25 deposit 0.05 BTC in value 1834.5",
            "2022-01-26 withdrawal 0.03 BTC out fee 0.00002 BTC value 1101.3",
            "2022-01-27 fee fee 0.00001 BTC",
        ])
        #expect(parsed.rows[1].transaction.id == "bb:SENT" && parsed.rows[1].transaction.note == "rent")
        #expect(parsed.rows.allSatisfy { $0.transaction.wallet == Wallet("trezor-suite-v2") })
        #expect(parsed.instants[0] == InlineExport.instant("2022-01-25T02:03:40Z"))
    }

    @Test("an Ethereum account: a token sent with the gas on its contract's row, an NFT received (skipped), a failed call's gas")
    func ethereum() throws {
        let text = [
            Self.header.joined(separator: ","),
            "1650000000,15/04/2022,5:20:00 AM GMT+2,SENT,dd,0.0021,ETH,0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48,,0,ETH,0,",
            "1650000000,15/04/2022,5:20:00 AM GMT+2,SENT,dd,,,0xfriend,,100,USDC,92.10,",
            "1650000100,15/04/2022,5:21:40 AM GMT+2,RECV,ee,,,0xown,,ID 1234,BAYC,,",
            "1650000200,15/04/2022,5:23:20 AM GMT+2,FAILED,ff,0.0015,ETH,0xcontract,,0,ETH,,",
            "",
        ].joined(separator: "\n")
        let parsed = try parseRecognized(text, as: "trezor-suite-v2", base: "EUR")
        #expect(parsed.briefs == ["2022-04-15 withdrawal 100 USDC out fee 0.0021 ETH value 92.1", "2022-04-15 fee fee 0.0015 ETH"])
        #expect(parsed.skipped == ["NFT transfers (NFTs are not tracked)": 1])
    }

    @Test("a type it does not know (a coinjoin) is refused with its name")
    func unknownType() throws {
        let text = Self.header.joined(separator: ",") + "\n1650000000,,,JOINT,gg,0.0001,BTC,bc1qmix,,0.05,BTC,,\n"
        #expect(try refusal(text, as: "trezor-suite-v2") == ["export.csv:2: Type: unknown type 'JOINT' (known: FAILED, RECV, SELF, SENT)"])
    }
}

/// Ledger Live's operations export in its current layout, the columns of `csvExport.ts` (LedgerHQ/ledger-live,
/// libs/ledger-live-common): `Status` Confirmed or Failed, amounts without grouping, OUT amounts with their fee inside, the
/// countervalue in the chosen currency at the operation's date. The rows are made up in that layout.
@Suite("Ledger Live current layout")
struct LedgerLiveCurrentTests {
    @Test("the countervalue at the operation's date is the value in its currency; a failed operation is skipped")
    func current() throws {
        let text = """
            Operation Date,Status,Currency Ticker,Operation Type,Operation Amount,Operation Fees,Operation Hash,Account Name,Account xpub,Countervalue Ticker,Countervalue at Operation Date,Countervalue at CSV Export
            2024-02-01T10:00:00.000Z,Confirmed,ETH,OUT,0.1021,0.0021,0xh1,Ethereum 1,0xabc,EUR,240.12,300.50
            2024-02-02T10:00:00.000Z,Failed,ETH,OUT,0.0015,0.0015,0xh2,Ethereum 1,0xabc,EUR,3.50,4.40
            2024-02-03T10:00:00.000Z,Confirmed,USDT,IN,50,,0xh3,Ethereum 1,0xabc,EUR,46.10,45.90

            """
        expectRecognizedAlone(text, as: "ledger-live")
        let parsed = try parseRecognized(text, as: "ledger-live", base: "EUR")
        #expect(parsed.briefs == ["2024-02-01 withdrawal 0.1 ETH out fee 0.0021 ETH value 240.12", "2024-02-03 deposit 50 USDT in value 46.1"])
        #expect(parsed.skipped == ["failed or pending operations": 1])
        #expect(parsed.rows.allSatisfy { $0.transaction.wallet == Wallet("Ethereum 1") })
    }
}

/// Solscan's transfers export (the Transfers tab's Export CSV; the Pro API's `account/transfer/export`), as Solscan's own
/// CLI documents it (solscanofficial/solscan-cli, references/responses/account-activity.md): amounts in the token's
/// smallest unit with its `Decimals`, tokens by mint address (SOL as `So111…111`), `Flow` relative to the exported address,
/// `Value` in USD. The first row is that documentation's example; the others are made up in the layout.
@Suite("Solscan transfers")
struct SolscanTransfersTests {
    static let wallet = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"
    static let header = "Signature,Block Time,Human Time,Action,From,To,Amount,Flow,Value,Decimals,Token Address"

    @Test("raw amounts over their decimals; a transfer in, one out, a swap's two transfers a trade; UTC times")
    func transfers() throws {
        let text = [
            Self.header,
            "5vwF267YiYngfWBscpx975UM7xsNzEDhqycEsUKmfHtc8CGH5XXqLoYVrGhTyJ4VPCPaQT1XjWghmrH2NAjQ3eTh,1779128572,2026-05-18T18:22:52.000Z,"
                + "TRANSFER,5tzFkiKscXHK5ZXCGbXZxdw7gTjjD1mBwuoFbhUvuAi9,\(Self.wallet),24047160221000,in,24048378.23,6,USD1ttGY1N17NEEHLmELoaybftRBUSErhqYiQzvEmuB",
            "sigB,1779200000,2026-05-19T14:13:20.000Z,TRANSFER,\(Self.wallet),7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU,1500000000,out,255.00,9,"
                + "So11111111111111111111111111111111111111111",
            "sigC,1779300000,2026-05-20T18:00:00.000Z,TRANSFER,\(Self.wallet),Pool1111111111111111111111111111111111111,100000000,out,100.00,6,"
                + "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
            "sigC,1779300000,2026-05-20T18:00:00.000Z,TRANSFER,Pool1111111111111111111111111111111111111,\(Self.wallet),588235294,in,99.80,9,"
                + "So11111111111111111111111111111111111111112",
            "",
        ].joined(separator: "\n")
        expectRecognizedAlone(text, as: "solscan-transfers")
        let parsed = try parseRecognized(text, as: "solscan-transfers")
        #expect(parsed.briefs == [
            "2026-05-18 deposit 24047160.221 USD1TTGY1N17NEEHLMELOAYBFTRBUSERHQYIQZVEMUB in value 24048378.23",
            "2026-05-19 withdrawal 1.5 SOL out value 255",
            "2026-05-20 trade 100 USDC -> 0.588235294 SOL value 100",
        ])
        #expect(parsed.instants[0] == InlineExport.instant("2026-05-18T18:22:52Z"))
        #expect(parsed.rows.allSatisfy { $0.transaction.wallet == Wallet(Self.wallet.lowercased() + "@solana") })
        #expect(parsed.rows[2].transaction.id == "sigC")
    }

    @Test("the layout without Flow and with a Multiplier column reads the same; a scaled amount is refused")
    func multiplier() throws {
        // Made up in the layout of a public sample with these columns (a Solscan export kept by a CSV tool's README).
        let header = "Signature,Block Time,Human Time,Action,From,To,Amount,Value,Decimals,Token Address,Multiplier"
        let row = "sigD,1757375827,2025-09-08T23:57:07.000Z,TRANSFER,ELqmSfVxTSkoGEdiH2TAbZUwMJYaxpdeJPaitFJqEyTA,\(Self.wallet),37915622276,0.2513,6,"
            + "HLxdqSmiKamc4quBoMTxNVecTpJvzPRvrKg2HUJGEQcY"
        // A second row, so that the wallet is the one address in every row.
        let out = "sigF,1757375900,2025-09-08T23:58:20.000Z,TRANSFER,\(Self.wallet),7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU,5000000,0.95,9,"
            + "So11111111111111111111111111111111111111111,1"
        let parsed = try parseRecognized("\(header)\n\(row),1.0\n\(out)\n", as: "solscan-transfers")
        #expect(parsed.briefs == [
            "2025-09-08 deposit 37915.622276 HLXDQSMIKAMC4QUBOMTXNVECTPJVZPRVRKG2HUJGEQCY in value 0.2513",
            "2025-09-08 withdrawal 0.005 SOL out value 0.95",
        ])
        let scaled = try refusal("\(header)\n\(row),2.5\n\(out)\n", as: "solscan-transfers")
        #expect(scaled.count == 1 && scaled[0].hasPrefix("export.csv:2: Multiplier: '2.5' cannot be imported: the token's amounts are scaled"))
    }

    @Test("an action it does not know is refused with its name and the rule")
    func unknownAction() throws {
        let text = Self.header + "\nsigE,1779300000,,STAKE_SOMETHING,\(Self.wallet),Stake111,1000,out,0.1,9,So11111111111111111111111111111111111111111"
            + "\nsigG,1779300001,,TRANSFER,Friend111,\(Self.wallet),1000,in,0.1,9,So11111111111111111111111111111111111111111\n"
        let errors = try refusal(text, as: "solscan-transfers")
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("export.csv:2: Action: unknown type 'STAKE_SOMETHING': Solscan's transfer actions are read by their balance change"))
    }
}

/// The format-file features the wallet exports above needed, on small inline files: amounts in an asset's smallest unit
/// (`decimals`, `decimals_if_whole`), comment lines (`comment`), status values by prefix and skipped before `*`.
@Suite("Format spec: smallest units, comments, status prefixes")
struct FormatSpecUnitTests {
    func parse(_ text: String, _ json: String) throws -> ParsedImport {
        try ExchangeImporter.parse(text, file: "t.csv", format: ExchangeFormat(try FormatSpec.decode(Data(json.utf8), file: "t.json")), options: .init())
    }

    static func spec(decimals: String, ifWhole: Bool = false, extra: String = "") -> String {
        """
        {"name": "t", "title": "t", "header": ["When", "Asset", "Amount"]\(extra),
         "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]}, "type": {"default": {"kind": "deposit"}},
         "legs": [{"quantity": "Amount", "asset": "Asset", "direction": "in", "decimals": "\(decimals)", "decimals_if_whole": \(ifWhole)}]}
        """
    }

    @Test("decimals fixed; the point moved digit for digit, even past what a number holds; a sign kept (-150 is 1.5 out)",
          arguments: [("=6", "1234567", "1.234567"), ("=9", "5", "0.000000005"), ("=0", "42", "42"),
                      ("=9", "1000000000000000000000000", "1000000000000000"), ("=2", "-150", "1.5")])
    func fixedDecimals(decimals: String, amount: String, expected: String) throws {
        let direction = amount.hasPrefix("-") ? "signed" : "in"
        let json = Self.spec(decimals: decimals).replacingOccurrences(of: "\"direction\": \"in\"", with: "\"direction\": \"\(direction)\"")
            .replacingOccurrences(of: "\"kind\": \"deposit\"", with: "\"kind\": \"auto\"")
        let parsed = try parse("When,Asset,Amount\n2024-01-02,ABC,\(amount)\n", json)
        let moved = try #require(parsed.rows.first?.transaction)
        #expect((moved.received ?? moved.sent)?.quantity.description == expected)
        #expect((moved.sent != nil) == amount.hasPrefix("-"))
    }

    @Test("decimals from a column; a missing or impossible count and a fractional amount are refused")
    func columnDecimals() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Asset", "Amount", "Decimals"],
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]}, "type": {"default": {"kind": "deposit"}},
             "legs": [{"quantity": "Amount", "asset": "Asset", "direction": "in", "decimals": "Decimals"}]}
            """
        #expect(try parse("When,Asset,Amount,Decimals\n2024-01-02,SOL,1500000000,9\n", json).briefs == ["2024-01-02 deposit 1.5 SOL in"])
        for (row, message) in [("2024-01-02,SOL,15,", "Decimals: missing decimals for Amount 15"),
                               ("2024-01-02,SOL,15,19", "Decimals: '19' is not a number of decimals from 0 to 18"),
                               ("2024-01-02,SOL,1.5,9", "Amount: '1.5' is not a whole number of the asset's smallest unit")] {
            do {
                _ = try parse("When,Asset,Amount,Decimals\n\(row)\n", json)
                Issue.record("\(row) was read")
            } catch let failure as ImportFailure {
                #expect(failure.errors.map(\.description) == ["t.csv:2: \(message)"])
            }
        }
    }

    @Test("decimals_if_whole: whole numbers are smallest units, numbers with a decimal sign whole units")
    func ifWhole() throws {
        let parsed = try parse("When,Asset,Amount\n2024-01-02,BTC,15612\n2024-01-03,BTC,0.00015612\n", Self.spec(decimals: "=8", ifWhole: true))
        #expect(parsed.briefs == ["2024-01-02 deposit 0.00015612 BTC in", "2024-01-03 deposit 0.00015612 BTC in"])
    }

    @Test("comment lines are passed over, wherever they are")
    func comments() throws {
        let json = Self.spec(decimals: "=0", extra: ##", "comment": "#""##)
        let parsed = try parse("When,Asset,Amount\n# a note\n2024-01-02,BTC,1\n\n# Historical values, approximate\n", json)
        #expect(parsed.briefs == ["2024-01-02 deposit 1 BTC in"] && parsed.skipped.isEmpty)
    }

    @Test("a status skipped by prefix, and skipped values before a * that accepts the rest")
    func statusPrefixes() throws {
        let json = """
            {"name": "t", "title": "t", "header": ["When", "Asset", "Amount"],
             "status": {"column": "Amount", "accept": ["*", ""], "skip": ["ID *", "n/a"], "reason": "not amounts"},
             "time": {"columns": ["When"], "formats": ["yyyy-MM-dd"]}, "type": {"default": {"kind": "deposit"}},
             "legs": [{"quantity": "Amount", "asset": "Asset", "direction": "in"}]}
            """
        let parsed = try parse("When,Asset,Amount\n2024-01-02,BTC,1\n2024-01-03,APE,ID 77\n2024-01-04,BTC,N/A\n2024-01-05,BTC,\n", json)
        #expect(parsed.briefs == ["2024-01-02 deposit 1 BTC in"])
        // `ID 77` skipped by its prefix and `N/A` as written; the empty amount is accepted, and moves nothing.
        #expect(parsed.skipped == ["not amounts": 2, "rows that move nothing (zero or empty quantities)": 1])
    }
}
