import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Reads `text` as `harvest import` does with `--format auto`, checking that `name` is the format recognized.
func parseRecognized(
    _ text: String, as name: String, file: String = "export.csv", base: String = "USD", zone: TaxTimeZone = .utc
) throws -> ParsedImport {
    guard case .found(let format, let line) = ExchangeFormats.detect(text) else {
        Issue.record("no format recognized")
        throw ImportFailure([])
    }
    #expect(format.name == name)
    let options = ExchangeImporter.Options(zone: zone, baseCurrency: Asset(base))
    return try ExchangeImporter.parse(text, file: file, format: format, headerLine: line, options: options)
}

/// The errors `text` is refused with (empty when it is read).
func refusal(_ text: String, as name: String, file: String = "export.csv") throws -> [String] {
    do {
        _ = try parseRecognized(text, as: name, file: file)
        return []
    } catch let failure as ImportFailure {
        return failure.errors.map(\.description)
    }
}

/// Shakepay's transactions summary before its 2023 layout. The 2021-2022 layout (`Buy / Sell Rate`, `Direction`,
/// `Blockchain Transaction ID`) is the one in the sample of github.com/StevenBlack/Shakepay-export-fix; the 2020 one
/// (`Exchange Rate`, `Credit/Debit`, type `exchange`) is the one everytrade-io/everytrade-plugins reads (ShakePayBeanV1).
/// Type names as those and other readers list them (purchase/sale, crypto cashout, fiat funding, crypto funding,
/// fiat cashout, shakingsats, peer transfer, referral reward, other). The rows are made up in those layouts.
@Suite("Shakepay 2020-2022")
struct ShakepayOldLayoutTests {
    static let header = #""Transaction Type","Date","Amount Debited","Debit Currency","Amount Credited","Credit Currency","Buy / Sell Rate","Direction","Spot Rate","Source / Destination","Blockchain Transaction ID""#

    @Test("the 2021-2022 layout: a purchase, a sale, a cashout, ShakingSats; fiat funding is not tracked")
    func layout2021() throws {
        let text = [
            Self.header,
            #""fiat funding","2021-09-10T00:36:12+00",,,500,"CAD",,"credit",,"someone@example.com","#,
            #""purchase/sale","2021-09-10T00:56:41+00",250,"CAD",0.00405049,"BTC","61720.8993","purchase",,,"#,
            #""crypto cashout","2021-09-10T00:58:55+00",0.00405049,"BTC",,,,"debit","61027.7612","bc1qexampleaddress","887534e0dbe0af1c77ea5b7e45876dd40b5e9664f1bce7384071023406e2729d""#,
            #""shakingsats","2021-09-11T14:00:00+00",,,0.000015,"BTC",,"credit",,,"#,
            #""purchase/sale","2021-09-12T10:00:00+00",0.001,"BTC",60.5,"CAD","60500.00","sale",,,"#,
            "",
        ].joined(separator: "\n")
        let parsed = try parseRecognized(text, as: "shakepay-2021", base: "CAD")
        #expect(parsed.briefs == [
            "2021-09-10 buy 250 CAD -> 0.00405049 BTC",
            "2021-09-10 withdrawal 0.00405049 BTC out",
            "2021-09-11 income:reward 0.000015 BTC in",
            "2021-09-12 sell 0.001 BTC -> 60.5 CAD",
        ])
        #expect(parsed.skipped == ["fiat deposits (fiat is not tracked)": 1])
        let buy = try #require(parsed.rows.first?.transaction)
        #expect(buy.timestamp.millisecondsSinceEpoch == 1_631_235_401_000 && buy.fee == nil && buy.wallet == Wallet("shakepay-2021"))
        #expect(parsed.rows[1].transaction.note == "887534e0dbe0af1c77ea5b7e45876dd40b5e9664f1bce7384071023406e2729d")
    }

    @Test("the 2020 layout: 'exchange' is a purchase or a sale as its columns show; thousands separators are read")
    func layout2020() throws {
        let text = """
            Transaction Type,Date,Amount Debited,Debit Currency,Amount Credited,Credit Currency,Exchange Rate,Credit/Debit,Spot Rate
            exchange,2020-03-11T19:59:23+00,"1,000",CAD,0.09172307,BTC,10902.3826,,
            exchange,2020-03-12T08:00:00+00,0.05,BTC,520.15,CAD,10403.00,,

            """
        let parsed = try parseRecognized(text, as: "shakepay-2021")
        #expect(parsed.briefs == ["2020-03-11 buy 1000 CAD -> 0.09172307 BTC", "2020-03-12 sell 0.05 BTC -> 520.15 CAD"])
        #expect(parsed.rows[0].transaction.timestamp.millisecondsSinceEpoch == 1_583_956_763_000)
    }

    @Test("a type Harvest does not know is refused, named once with its rows")
    func unknownType() throws {
        let text = Self.header + "\n" + #""card cashbacks","2022-01-04T18:19:41+00",,,0.00000251,"BTC",,"credit",,,"# + "\n"
        let errors = try refusal(text, as: "shakepay-2021")
        #expect(errors.count == 1)
        #expect(errors[0].hasPrefix("export.csv:2: Transaction Type: unknown type 'card cashbacks'"))
    }
}

/// Coinmate's transaction history: semicolons; `Total` is the balance change in its currency with the fee in it (a
/// buy of 0.98398872 LTC at 46.49 EUR with a 0.11436408 EUR fee totals -45.85999967 EUR). Layouts as
/// everytrade-io/everytrade-plugins reads them (CoinmateBeanV1 and its tests): English with and without `Account` and
/// the balances after, Czech (`Datum;Účet;Typ;Částka;...`); the 2019 layout writes the Total unsigned. The rows follow
/// those tests' rows (quantities ours where marked).
@Suite("Coinmate")
struct CoinmateTests {
    static let longHeader = "ID;Date;Account;Type;Amount;Amount Currency;Price;Price Currency;Fee;Fee Currency;Total;Total Currency;"
        + "Description;Status;First balance after;First balance after Currency;Second balance after;Second balance after Currency"

    @Test("a quick buy and sell, and a withdrawal: the Total's fee comes out of it, the fee stays a fee")
    func englishLong() throws {
        let text = [
            Self.longHeader,
            "1;2020-07-31 06:39:40;M;WITHDRAWAL;-2.47984252;LTC; ; ;0.0004;LTC;-2.48024252;LTC;b3;COMPLETED;0;LTC; ;",
            "2;2020-07-30 12:31:41;M;QUICK_BUY;0.98398872;LTC;46.49;EUR;0.11436408;EUR;-45.85999967;EUR;;OK;2.48024252;LTC;0.00580748;EUR",
            "3;2020-07-30 12:31:14;M;QUICK_SELL;-1;LTC;45.98;EUR;0.11495;EUR;45.86505;EUR;;OK;1.4962538;LTC;45.86580715;EUR",
            "",
        ].joined(separator: "\n")
        let parsed = try parseRecognized(text, as: "coinmate", base: "EUR")
        #expect(parsed.briefs == [
            "2020-07-31 withdrawal 2.47984252 LTC out fee 0.0004 LTC",
            "2020-07-30 buy 45.74563559 EUR -> 0.98398872 LTC fee 0.11436408 EUR",
            "2020-07-30 sell 1 LTC -> 45.98 EUR fee 0.11495 EUR",
        ])
        let buy = parsed.rows[1].transaction
        #expect(buy.id == "2" && buy.timestamp.millisecondsSinceEpoch == 1_596_112_301_000 && buy.wallet == Wallet("coinmate"))
    }

    @Test("the 2019 layout's Total is unsigned: the type says which way it goes")
    func englishShort() throws {
        let text = """
            ID;Date;Type;Amount;Amount Currency;Price;Price Currency;Fee;Fee Currency;Total;Total Currency;Description;Status
            4;2019-08-30 05:05:24;QUICK_BUY;0.0019;BTC;8630.7;EUR;0.03443649;EUR;16.43276649;EUR;;OK

            """
        #expect(try parseRecognized(text, as: "coinmate").briefs == ["2019-08-30 buy 16.39833 EUR -> 0.0019 BTC fee 0.03443649 EUR"])
    }

    @Test("the Czech layout")
    func czech() throws {
        let text = "ID;Datum;Účet;Typ;Částka;Částka měny;Cena;Cena měny;Poplatek;Poplatek měny;Celkem;Celkem měny;Popisek;Status;"
            + "První zůstatek po;První zůstatek po měně;Druhý zůstatek po;Druhý zůstatek po měně\n"
            + "7722246;2021-03-21 18:54:15;M;QUICK_BUY;0.01574751;BTC;1265612.25778996;CZK;69.75584587;CZK;-19999.99753154;CZK;;OK;"
            + "0.01574751;BTC;0.00591488;CZK\n"
        #expect(try parseRecognized(text, as: "coinmate").briefs == ["2021-03-21 buy 19930.24168567 CZK -> 0.01574751 BTC fee 69.75584587 CZK"])
    }

    @Test("a pending row is skipped and counted; a type Harvest does not know is refused with its name")
    func refusals() throws {
        // Made up in the short layout.
        let header = "ID;Date;Type;Amount;Amount Currency;Price;Price Currency;Fee;Fee Currency;Total;Total Currency;Description;Status\n"
        let pending = try parseRecognized(header + "77001;2021-01-01 10:00:00;BUY;0.1;BTC;500000;CZK;0;CZK;-50000;CZK;;PENDING\n", as: "coinmate")
        #expect(pending.rows.isEmpty && pending.skipped == ["rows not completed (pending, cancelled or failed)": 1])
        let errors = try refusal(header + "77002;2021-01-02 10:00:00;LOAN;0.1;BTC;500000;CZK;0;CZK;-50000;CZK;;OK\n", as: "coinmate")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: Type: unknown type 'LOAN'"))
    }
}

/// Yoroi's export in CoinTracking's columns, as Yoroi writes it (emurgo yoroi-frontend's export code: `Deposit` and
/// `Withdrawal`, ADA, the date `YYYY-MM-DD HH:mm:ss` in the computer's zone; later versions add `ID` and, for rewards,
/// the comment `Staking Reward`, as BittyTax's yoroi parser reads them). The rows are made up in that layout.
@Suite("Yoroi")
struct YoroiTests {
    // The first column's name holds commas: Yoroi quotes it.
    static let header = "\"Type (Trade, IN or OUT)\",Buy Amount,Buy Cur.,Sell Amount,Sell Cur.,Fee Amount (optional),Fee Cur. (optional),"
        + "Exchange (optional),Trade Group (optional),Comment (optional),Date,ID"

    @Test("deposits, withdrawals with their fee, staking rewards; a withdrawal of nothing is its fee; times in the tax zone")
    func rows() throws {
        let text = [
            Self.header,
            "Deposit,10.5,ADA,,,,,,,,2021-03-01 10:00:00,tx1",
            "Withdrawal,,,5,ADA,0.17,ADA,,,,2021-03-02 11:00:00,tx2",
            "Withdrawal,,,0,ADA,2.17,ADA,,,,2021-03-03 12:00:00,tx3",
            "Deposit,1.234567,ADA,,,,,,,Staking Reward,2021-03-05 00:00:00,tx4",
            "",
        ].joined(separator: "\n")
        let berlin = try #require(TaxTimeZone("Europe/Berlin"))
        let parsed = try parseRecognized(text, as: "yoroi", zone: berlin)
        #expect(parsed.briefs == [
            "2021-03-01 deposit 10.5 ADA in",
            "2021-03-02 withdrawal 5 ADA out fee 0.17 ADA",
            "2021-03-03 fee fee 2.17 ADA",
            "2021-03-05 income:staking 1.234567 ADA in",
        ])
        let deposit = parsed.rows[0].transaction
        #expect(deposit.id == "tx1" && deposit.wallet == Wallet("yoroi"))
        #expect(deposit.timestamp.millisecondsSinceEpoch == 1_614_589_200_000)  // 10:00 in Berlin is 09:00 UTC
    }

    @Test("the layout without ID is recognized too; a type Yoroi does not write is refused")
    func withoutID() throws {
        let header = Self.header.replacingOccurrences(of: ",ID", with: "")
        #expect(try parseRecognized(header + "\nDeposit,3,ADA,,,,,,,,2021-04-01 10:00:00\n", as: "yoroi").briefs == ["2021-04-01 deposit 3 ADA in"])
        let errors = try refusal(header + "\nTrade,3,ADA,1,BTC,,,,,,2021-04-01 10:00:00\n", as: "yoroi")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: Type (Trade, IN or OUT)/Comment (optional): unknown type 'Trade'"))
    }
}

/// Eternl's Universal CSV, from Eternl's own export code (`createCSVFile`): every cell quoted, amounts with six
/// decimals and the decimal sign the user picked (`Universal CSV (Decimal: , )` or `(Decimal: . )`), no thousands
/// separators; sent amounts without the fee; rewards with an empty TxType and the label `reward`. The TxType names are
/// those BittyTax's eternl parser reads. Made up in that layout; the date's layout (`yyyy-MM-dd HH:mm:ss`, UTC) is our
/// reading of Eternl's formatter, not confirmed by a real file: another layout is refused, not guessed.
@Suite("Eternl")
struct EternlTests {
    static let header = "Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Label,Description,TxHash,TxType"

    @Test("received, sent with its fee, a reward; decimal commas and points both read")
    func rows() throws {
        let text = [
            Self.header,
            #""2022-01-05 10:00:00",,"ADA","100.000000","ADA","0.000000","ADA",,,"aa11","Received Funds""#,
            #""2022-01-06 11:00:00","25,000000","ADA",,"ADA","0,170000","ADA",,,"bb22","Sent Funds""#,
            #""2022-01-07 21:44:51",,"ADA","1,234567","ADA","0","ADA","reward","reward - epoch: earned: 310 - spendable: 312",,"#,
            "",
        ].joined(separator: "\n")
        let parsed = try parseRecognized(text, as: "eternl")
        #expect(parsed.briefs == [
            "2022-01-05 deposit 100 ADA in",
            "2022-01-06 withdrawal 25 ADA out fee 0.17 ADA",
            "2022-01-07 income:staking 1.234567 ADA in",
        ])
        let received = parsed.rows[0].transaction
        #expect(received.timestamp.millisecondsSinceEpoch == 1_641_376_800_000 && received.wallet == Wallet("eternl"))
    }

    @Test("a number with both '.' and ',' is refused; so is a TxType Harvest does not know")
    func refusals() throws {
        let mixed = Self.header + "\n" + #""2022-01-05 10:00:00",,"ADA","1.000,500000","ADA","0","ADA",,,"aa11","Received Funds""# + "\n"
        #expect(try refusal(mixed, as: "eternl") == [
            "export.csv:2: Received Amount: '1.000,500000' is not a number: it has both '.' and ',', and this export writes no thousands separators"
        ])
        let unknown = Self.header + "\n" + #""2022-01-05 10:00:00","1,000000","ADA",,"ADA","0,2","ADA",,,"cc33","Smart Contract""# + "\n"
        let errors = try refusal(unknown, as: "eternl")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: TxType/Label: unknown type 'Smart Contract'"))
    }
}
