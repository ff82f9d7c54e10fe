import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Issue 14's defects in claimed formats, each from rows of the exchange's layout written by hand (made up: the
/// quantities and ids are ours; the columns, type names and the way each row is written are the exchange's).
@Suite("Defects in claimed formats (issue 14)")
struct ImporterDefectsTests {
    func parse(_ text: String, format name: String? = nil, file: String = "export.csv", base: String = "USD") throws -> ParsedImport {
        let options = ExchangeImporter.Options(baseCurrency: Asset(base))
        if let name {
            return try ExchangeImporter.parse(text, file: file, format: #require(ExchangeFormats.named(name)), options: options)
        }
        guard case .found(let format, let line) = ExchangeFormats.detect(text) else {
            Issue.record("no format recognized")
            throw ImportFailure([])
        }
        return try ExchangeImporter.parse(text, file: file, format: format, headerLine: line, options: options)
    }

    func rejection(_ text: String, format name: String? = nil, file: String = "export.csv") throws -> [String] {
        do {
            _ = try parse(text, format: name, file: file)
            return []
        } catch let failure as ImportFailure {
            return failure.errors.map(\.description)
        }
    }

    // MARK: - 1. Kraken ledger: every fee of a trade's rows counts

    static let krakenHeader = #""txid","refid","time","type","subtype","aclass","asset","amount","fee","balance""#
    // Made up: a BTC/EUR buy whose fee Kraken charged on its EUR row, the second of the pair.
    static let krakenBTC = #""L1","T1","2024-03-01 10:00:00","trade","","currency","XXBT",0.0200000000,0.0000000000,0.02"#
    static let krakenEUR = #""L2","T1","2024-03-01 10:00:00","trade","","currency","ZEUR",-1000.0000,1.1515,0"#
    // Made up: the same buy with a fee on both rows (fee in the base asset too).
    static let krakenBTCFee = #""L1","T1","2024-03-01 10:00:00","trade","","currency","XXBT",0.0200000000,0.0000400000,0.01996"#

    @Test("Kraken: a fee on the second row of a trade counts, and the trade is the same in either row order")
    func krakenFeeOnSecondRow() throws {
        let inOrder = try parse([Self.krakenHeader, Self.krakenBTC, Self.krakenEUR, ""].joined(separator: "\n"))
        let reversed = try parse([Self.krakenHeader, Self.krakenEUR, Self.krakenBTC, ""].joined(separator: "\n"))
        #expect(inOrder.briefs == ["2024-03-01 buy 1000 EUR -> 0.02 BTC fee 1.1515 EUR"])
        #expect(reversed.briefs == inOrder.briefs)
        let tx = try #require(inOrder.rows.first?.transaction)
        #expect(tx.id == "T1" && tx.kind == .buy && tx.wallet == Wallet("kraken"))
        #expect(tx.timestamp.millisecondsSinceEpoch == 1_709_287_200_000)  // 2024-03-01 10:00:00 UTC
        let fee = try Fixed(parsing: "1.1515")
        #expect(tx.fee == Amount(Quantity(fee), Asset("EUR")))
    }

    @Test("Kraken: fees on both rows both count (the BTC fee comes off the BTC received), in either order")
    func krakenFeesOnBothRows() throws {
        let inOrder = try parse([Self.krakenHeader, Self.krakenBTCFee, Self.krakenEUR, ""].joined(separator: "\n"))
        let reversed = try parse([Self.krakenHeader, Self.krakenEUR, Self.krakenBTCFee, ""].joined(separator: "\n"))
        #expect(inOrder.briefs == ["2024-03-01 buy 1000 EUR -> 0.01996 BTC fee 1.1515 EUR"])
        #expect(reversed.briefs == inOrder.briefs)
        #expect(inOrder.rows[0].transaction.note == "fee 0.00004 BTC taken off what it received")
    }

    // MARK: - 2. Coinbase: the total already holds the fee

    static let coinbaseHeader = "ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,"
        + "Total (inclusive of fees and/or spread),Fees and/or Spread,Notes"

    @Test("Coinbase Advanced Trade Buy: the notes give the total, fee included (6.65 + 0.0399 = 6.6899 EUR); the fee is not added again")
    func coinbaseAdvancedTradeBuy() throws {
        // Made up in Coinbase's 2024 layout: a SOL-EUR buy, subtotal €6.65, fee €0.0399, total €6.68990.
        let text = Self.coinbaseHeader + "\n"
            + "a1,2024-12-19 17:59:59 UTC,Advanced Trade Buy,SOL,0.035,EUR,€190.00,€6.65,€6.68990,€0.0399,"
            + "Bought 0.035 SOL for 6.6899 EUR on SOL-EUR at 190 EUR/SOL\n"
        let parsed = try parse(text, base: "EUR")
        #expect(parsed.briefs == ["2024-12-19 buy 6.65 EUR -> 0.035 SOL fee 0.0399 EUR value 6.6899"])
        let tx = try #require(parsed.rows.first?.transaction)
        #expect(tx.id == "a1" && tx.timestamp.millisecondsSinceEpoch == 1_734_631_199_000)
    }

    @Test("Coinbase Advanced Trade Sell: the notes give what was received after the fee; the proceeds are not cut twice")
    func coinbaseAdvancedTradeSell() throws {
        // Made up: a SOL-EUR sale, subtotal €100.00, fee €0.60, total €99.40.
        let text = Self.coinbaseHeader + "\n"
            + "a2,2025-01-10 09:15:00 UTC,Advanced Trade Sell,SOL,-0.5,EUR,€200.00,€100.00,€99.40,€0.60,"
            + "Sold 0.5 SOL for 99.40 EUR on SOL-EUR at 200 EUR/SOL\n"
        #expect(try parse(text, base: "EUR").briefs == ["2025-01-10 sell 0.5 SOL -> 100 EUR fee 0.6 EUR value 99.4"])
    }

    @Test("Coinbase Advanced Trade against USDC: the USD fee is the same fee as within the USDC total, so only the USDC counts")
    func coinbaseAdvancedTradeInAnotherCurrency() throws {
        // Made up: BTC-USDC, the price currency USD; total $446.75156 = subtotal $441.45411 + fee $5.2974493114032.
        let text = Self.coinbaseHeader + "\n"
            + "a3,2025-01-18 14:53:48 UTC,Advanced Trade Buy,BTC,0.00424956,USD,$103882.31,$441.45411,$446.75156,$5.2974493114032,"
            + "Bought 0.00424956 BTC for 446.7515585950032 USDC on BTC-USDC at 103882.31 USDC/BTC\n"
        #expect(try parse(text).briefs == ["2025-01-18 trade 446.7515585950032 USDC -> 0.00424956 BTC value 446.75156"])
    }

    @Test("Coinbase Buy and Sell: the subtotal is what was paid or received before the fee, the fee on top (total = subtotal ± fee)")
    func coinbaseBuyAndSell() throws {
        // Made up in the 2024 layout.
        let text = Self.coinbaseHeader + "\n"
            + "b1,2025-01-05 15:19:52 UTC,Buy,BTC,0.00012822,EUR,€36882.22,€4.72904,€5.00,€0.270961,Bought 0.00012822 BTC for € 5.00\n"
            + "s1,2025-02-05 10:00:00 UTC,Sell,BTC,-0.002,EUR,\"€95,000.00\",€190.00,€189.24,€0.76,Sold 0.002 BTC for € 189.24\n"
        #expect(try parse(text, base: "EUR").briefs == [
            "2025-01-05 buy 4.72904 EUR -> 0.00012822 BTC fee 0.270961 EUR value 5",
            "2025-02-05 sell 0.002 BTC -> 190 EUR fee 0.76 EUR value 189.24",
        ])
    }

    // MARK: - 3. Coinbase 2020-2021: the currency in the column names

    @Test("Coinbase's 2020-2021 layout (EUR Subtotal, EUR Fees, ...): buys and sells read, in EUR, GBP or USD")
    func coinbaseCurrencyInColumnNames() throws {
        // Made up in the layout Coinbase wrote in 2020-2021, preamble included.
        let text = """
            You can use this transaction report to inform your likely tax obligations.

            Transactions
            User,someone@example.com,5f0c0c0c0c0c0c0c0c0c0c0c

            Timestamp,Transaction Type,Asset,Quantity Transacted,EUR Spot Price at Transaction,EUR Subtotal,EUR Total (inclusive of fees),EUR Fees,Notes
            2021-01-15T10:00:00Z,Buy,BTC,0.01,30000.00,300.00,304.48,4.48,Bought 0.0100 BTC for €304.48 EUR
            2021-02-01T09:30:00Z,Sell,ETH,0.5,1200.00,600.00,591.05,8.95,Sold 0.5000 ETH for €591.05 EUR
            2021-03-01T08:00:00Z,Convert,ETH,0.1,1300.00,128.05,130.00,1.95,Converted 0.1000 ETH to 0.00294 BTC
            2021-03-02T08:00:00Z,Send,BTC,0.005,42000.00,210.00,210.00,,Sent 0.0050 BTC to 3Yk29s7jbvSDfSXZ964A245uY6VbM928iP8

            """
        let parsed = try parse(text, base: "EUR")
        #expect(parsed.briefs == [
            "2021-01-15 buy 300 EUR -> 0.01 BTC fee 4.48 EUR value 304.48",
            "2021-02-01 sell 0.5 ETH -> 600 EUR fee 8.95 EUR value 591.05",
            "2021-03-01 trade 0.1 ETH -> 0.00294 BTC value 130",
            "2021-03-02 withdrawal 0.005 BTC out value 210",
        ])
        #expect(parsed.rows[0].transaction.timestamp.millisecondsSinceEpoch == 1_610_704_800_000)
        // The same in USD and GBP: the currency comes from the column's name.
        for currency in ["USD", "GBP"] {
            let other = text.replacingOccurrences(of: "EUR ", with: "\(currency) ").replacingOccurrences(of: "€", with: "")
            #expect(try parse(other, base: currency).briefs.first == "2021-01-15 buy 300 \(currency) -> 0.01 BTC fee 4.48 \(currency) value 304.48")
        }
    }

    // MARK: - 4. Binance statements

    @Test("Binance: the older layout without User_ID is recognized, and read the same with --format binance")
    func binanceWithoutUserID() throws {
        // Made up in the 2019-2020 layout.
        let text = """
            UTC_Time,Account,Operation,Coin,Change,Remark
            2019-08-20 14:02:11,Spot,Buy,BNB,1.5,
            2019-08-20 14:02:11,Spot,Buy,USDT,-42.3,
            2019-08-20 14:02:11,Spot,Fee,BNB,-0.0015,
            2019-08-21 09:00:00,Spot,Deposit,BTC,0.1,

            """
        let expected = ["2019-08-20 trade 42.3 USDT -> 1.5 BNB fee 0.0015 BNB", "2019-08-21 deposit 0.1 BTC in"]
        #expect(try parse(text).briefs == expected)
        #expect(try parse(text, format: "binance").briefs == expected)
        #expect(try parse(text).rows[0].transaction.timestamp.millisecondsSinceEpoch == 1_566_309_731_000)
    }

    /// Made up in the current layout: `User ID`, `Time` with a two-digit year; a trade's rows a second apart.
    static let binanceCurrent = """
        User ID,Time,Account,Operation,Coin,Change,Remark
        12345678,24-01-05 10:00:00,Spot,Transaction Spend,USDT,-100.00000000,
        12345678,24-01-05 10:00:01,Spot,Transaction Buy,BTC,0.00230000,
        12345678,24-01-05 10:00:01,Spot,Transaction Fee,BNB,-0.00010000,
        12345678,24-01-06 12:00:00,Spot,Buy Crypto With Fiat,EUR,-10.00000000,
        12345678,24-01-06 12:00:00,Spot,Buy Crypto With Fiat,ETH,0.00677440,
        12345678,24-01-07 00:00:00,Spot,Cashback Voucher,USDT,0.50000000,
        12345678,24-01-08 00:00:00,Funding,Crypto Box,BNB,0.00011233,
        12345678,24-01-09 00:00:00,Earn,Simple Earn Flexible Interest,USDT,0.01234567,
        12345678,24-01-10 00:00:00,Spot,Staking Rewards,DOT,0.05000000,
        12345678,24-01-11 00:00:00,Spot,ETH 2.0 Staking,ETH,-0.50000000,
        12345678,24-01-11 00:00:00,Spot,ETH 2.0 Staking,BETH,0.50000000,

        """

    @Test("Binance's current layout: two-digit years, a trade's rows one second apart combined, current operation names")
    func binanceCurrentLayout() throws {
        let expected = [
            "2024-01-05 trade 100 USDT -> 0.0023 BTC fee 0.0001 BNB",
            "2024-01-06 buy 10 EUR -> 0.0067744 ETH",
            "2024-01-07 income:reward 0.5 USDT in",
            "2024-01-08 gift_in 0.00011233 BNB in",
            "2024-01-09 income:interest 0.01234567 USDT in",
            "2024-01-10 income:staking 0.05 DOT in",
        ]
        let parsed = try parse(Self.binanceCurrent)
        #expect(parsed.briefs == expected)
        #expect(try parse(Self.binanceCurrent, format: "binance").briefs == expected)
        // The trade takes its first row's time, 2024-01-05 10:00:00 UTC (not the year 24).
        #expect(parsed.rows[0].transaction.timestamp.millisecondsSinceEpoch == 1_704_448_800_000)
        #expect(parsed.skipped == ["ETH staked as BETH (Binance's staked ETH, counted as ETH)": 2])
    }

    @Test("Binance: rows a second apart that are not two halves of one trade are not joined")
    func binanceHalfTradeStaysHalf() throws {
        let text = """
            User ID,Time,Account,Operation,Coin,Change,Remark
            12345678,24-01-05 10:00:00,Spot,Transaction Spend,USDT,-100.00000000,
            12345678,24-01-05 10:00:01,Spot,Transaction Spend,USDT,-50.00000000,

            """
        #expect(try rejection(text) == [
            "export.csv:2: Operation: 'Transaction Spend' is a trade but only one side is in the file: it moves 100 USDT out (rows are paired by Time)",
            "export.csv:3: Operation: 'Transaction Spend' is a trade but only one side is in the file: it moves 50 USDT out (rows are paired by Time)",
        ])
    }

    @Test("Binance: an operation Harvest does not know is reported once, with its count and lines, and the rule")
    func binanceUnknownOperation() throws {
        let text = """
            User ID,Time,Account,Operation,Coin,Change,Remark
            12345678,24-01-05 10:00:00,Spot,Mystery Payout,USDT,1.00000000,
            12345678,24-01-06 10:00:00,Spot,Deposit,BTC,0.10000000,
            12345678,24-01-07 10:00:00,Spot,Mystery Payout,USDT,2.00000000,
            12345678,24-01-08 10:00:00,Spot,Mystery Payout,USDT,3.00000000,

            """
        #expect(try rejection(text) == [
            "export.csv:2: Operation: unknown type 'Mystery Payout' on 3 rows (lines 2, 4, 5): Harvest does not read an operation "
                + "it does not know by its balance change, as its tax meaning (a trade, income, a move between Binance's own accounts) "
                + "cannot be told from that; the file is not imported. Map the operation in a copy of binance.json passed with --mapping",
        ])
    }

    // MARK: - 6. An asset from the file's name

    static let trezor = """
        Date & Time;Type;Transaction ID;Addresses;Fee;Total
        1/25/2022, 2:58:40 AM;RECV;6048ee3018b7852d93346fa82eb37645dc5014d625ef982aa823718f9238b6569a;bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh;0.0003;0.05

        """

    @Test("Trezor Suite: the coin in the file's name is checked against the addresses; a name with no coin is refused")
    func trezorFileName() throws {
        // Made up in Trezor Suite's semicolon layout: a BTC receive to a bech32 address.
        let good = try parse(Self.trezor, format: "trezor-suite", file: "exports/wallet_btc.csv")
        #expect(good.briefs == ["2022-01-25 deposit 0.05 BTC in"])
        #expect(good.rows[0].transaction.timestamp.millisecondsSinceEpoch == 1_643_079_520_000)
        #expect(try rejection(Self.trezor, format: "trezor-suite", file: "my-trezor-export.csv") == [
            "my-trezor-export.csv:2: Total: the file's name 'my-trezor-export.csv' names no coin, and only the name says which coin "
                + "the file holds: rename it to end with the coin's symbol, like 'wallet_btc.csv' (one of ADA, BCH, BTC, BTG, DASH, DGB, "
                + "DOGE, ETC, ETH, LTC, NMC, TEST, VTC, XRP, ZEC)",
        ])
        #expect(try rejection(Self.trezor, format: "trezor-suite", file: "wallet_ltc.csv") == [
            "wallet_ltc.csv:2: Addresses: the file's name 'wallet_ltc.csv' says LTC, but 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh' "
                + "is not a LTC address (they begin with L, M, 3, ltc1): rename the file to end with its coin's symbol, like 'wallet_btc.csv'",
        ])
    }

    // MARK: - 7. Pending and failed rows

    @Test("Bittrex withdrawals: a pending payment or an invalid address is skipped, like a cancelled one")
    func bittrexWithdrawalStatuses() throws {
        // Made up in Bittrex's withdrawal history layout.
        let text = """
            PaymentUuid,Currency,Amount,Address,Opened,Authorized,PendingPayment,TxCost,TxId,Canceled,InvalidAddress
            w1,ETH,1,0x123,12/31/2017 3:33:44 PM,TRUE,FALSE,0.006,0xabc,FALSE,FALSE
            w2,ETH,2,0x123,1/2/2018 3:33:44 PM,TRUE,TRUE,0.006,,FALSE,FALSE
            w3,ETH,3,0x456,1/3/2018 3:33:44 PM,FALSE,FALSE,0.006,,FALSE,TRUE
            w4,ETH,4,0x123,1/4/2018 3:33:44 PM,TRUE,FALSE,0.006,,TRUE,FALSE

            """
        let parsed = try parse(text)
        #expect(parsed.briefs == ["2017-12-31 withdrawal 1 ETH out fee 0.006 ETH"])
        #expect(parsed.skipped == [
            "withdrawals Bittrex had not paid out (PendingPayment)": 1,
            "withdrawals Bittrex refused (InvalidAddress)": 1,
            "withdrawals canceled on Bittrex": 1,
        ])
    }

    @Test("BlockFi: a row without a confirmation time is not yet confirmed, and skipped")
    func blockfiUnconfirmed() throws {
        let text = """
            Cryptocurrency,Amount,Transaction Type,Confirmed At
            ETH,0.5,Interest Payment,2021-01-30 23:59:59
            BTC,0.001,Deposit,

            """
        let parsed = try parse(text)
        #expect(parsed.briefs == ["2021-01-30 income:interest 0.5 ETH in"])
        #expect(parsed.skipped == ["rows BlockFi had not confirmed (no Confirmed At)": 1])
    }

    // MARK: - Messages

    @Test("a header with every column of a format plus one that rules it out names that column, not an empty list")
    func extraColumnNamed() throws {
        // Koinly's columns plus Type (which tells CoinTracker-like files apart from Koinly's).
        let text = "Date,Type,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency\n"
            + "2024-01-01 10:00,deposit,,,1,BTC,,\n"
        guard case .unknown(let header, let closest) = ExchangeFormats.detect(text) else {
            Issue.record("recognized")
            return
        }
        let koinly = try #require(closest.first { $0.name == "koinly" })
        #expect(koinly.headerMismatch(Set(header.map(normalizedColumnName)))
            == "every column it needs is there, but so is Type, which koinly's files do not have")
        #expect(try rejection(text, format: "koinly") == [
            "export.csv:1: no koinly header found: this line comes closest, but every column it needs is there, but so is Type, "
                + "which koinly's files do not have (expected the columns Date, Sent Amount, Sent Currency, Received Amount, "
                + "Received Currency, Fee Amount, Fee Currency)",
        ])
    }

    @Test("a file with a preamble shows the line that looks like its header, not the preamble's first line")
    func preambleHeader() {
        let text = "Account statement\nGenerated for someone\n\nWhen,What,How much,Which coin\n2024-01-01,in,1,BTC\n"
        let likely = ExchangeFormats.likelyHeader(text)
        #expect(likely.line == 4 && likely.fields == ["When", "What", "How much", "Which coin"])
        guard case .unknown(let header, _) = ExchangeFormats.detect(text) else {
            Issue.record("recognized")
            return
        }
        #expect(header == ["When", "What", "How much", "Which coin"])
    }

    @Test("Kraken's trades.csv is a partial export: the message says to download the ledger instead")
    func krakenTradesAdvice() throws {
        // Made up in Kraken's trades.csv layout.
        let text = #""txid","ordertxid","pair","time","type","ordertype","price","cost","fee","vol","margin","misc","ledgers""#
            + "\n" + #""T1","O1","XXBTZEUR","2024-03-01 10:00:00.1234","buy","market",50000,1000,1.6,0.02,0,"","L1,L2""# + "\n"
        guard case .unknown(let header, _) = ExchangeFormats.detect(text) else {
            // A format for Kraken's trades.csv has been added: nothing to advise.
            return
        }
        let advice = try #require(ExchangeFormats.partialExportAdvice(header))
        #expect(advice.hasPrefix("this is Kraken's trades export (trades.csv)"))
        #expect(advice.contains("Download the ledger instead"))
        let errors = try rejection(text, format: "kraken")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:1: no kraken header found: this line comes closest, but missing refid, asset, amount"))
        #expect(errors[0].hasSuffix("; " + advice))
    }
}
