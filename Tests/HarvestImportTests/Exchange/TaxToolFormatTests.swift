import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Other tax tools' universal formats, from ../shared/data/exports: Koinly, CoinTracker, CoinLedger,
/// CoinTracking, BittyTax. Each expectation is read off the file by hand. Their own transfer labels: a
/// row with one side is a deposit or a withdrawal (a transfer candidate); a row with both sides
/// (CoinTracker's `TRANSFER`) moves inside the user's books and is skipped.
@Suite("Tax-tool formats", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct TaxToolFormatTests {
    @Test("each sample is recognized as the tool's format")
    func detection() throws {
        let expected = [
            "koinly_format/CDC_exchange_rewards_koinly_format_cryptoTax_R_dataset.csv": "koinly",
            "koinly_format/CDC_wallet_koinly_format_cryptoTax_R_dataset.csv": "koinly",
            "pionex_cointracker_format/test_pionex_trades.csv": "cointracker",
            "coinledger/coinledger_export.csv": "coinledger",
            "cointracking/cointracking-export_ExportToGhostfolio.csv": "cointracking",
            "cointracking/cointracking_custom_dates.csv": "cointracking",
            "cointracking/cointracking_trades_list.csv": "cointracking",
            "bittytax_format/example_bittytax.csv": "bittytax",
        ]
        for (path, name) in expected { #expect(try ExportSamples.detected(path) == name, "\(path)") }
    }

    @Test("Koinly: R's Sent.Amount headers, labels, 2.3e-07 exactly, costs as fees")
    func koinly() throws {
        let rewards = try ExportSamples.parse("koinly_format/CDC_exchange_rewards_koinly_format_cryptoTax_R_dataset.csv")
        #expect(rewards.briefs(lines: [2, 3, 9, 10]) == [
            // No label, only a sent side: a withdrawal with its fee.
            "2021-06-27 withdrawal 5.47845204 CRO out fee 0.001 CRO",
            "2021-02-21 income:reward 1.36945123 CRO in",
            "2021-04-15 income:reward 0.00000023 BTC in",
            "2021-06-12 income:reward 0.0000063 BTC in",
        ])
        #expect(rewards.rows.count == 10)
        let wallet = try ExportSamples.parse("koinly_format/CDC_wallet_koinly_format_cryptoTax_R_dataset.csv")
        #expect(wallet.briefs(lines: [2, 3, 4, 8, 11]) == [
            "2021-04-12 deposit 531.651 CRO in",
            // Label "cost": the 0.0002 CRO paid to stake is a fee.
            "2021-04-18 fee fee 0.0002 CRO",
            "2021-04-12 income:reward 0.51251 CRO in",
            "2021-05-21 withdrawal 541.741231512 CRO out fee 0.0002 CRO",
            "2021-06-26 income:reward 6.051235 CRO in fee 0.0002 CRO",
        ])
        // The hash repeats across rows (a reward withdrawn in the staking transaction): rows are told apart by content.
        #expect(Set(wallet.rows.map(\.transaction.id)).count == 10)
    }

    @Test("Koinly: net worth in the base currency is the value; a gift goes the way its legs go")
    func koinlyValuesAndGifts() throws {
        let text = """
            Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash
            2023-01-02 10:00 UTC,,,0.1,ETH,,,120.5,EUR,gift,from mum,
            2023-01-03 10:00 UTC,0.05,ETH,,,,,60,EUR,gift,to dad,
            2023-01-04 10:00 UTC,100,EUR,0.08,ETH,0.5,EUR,100,EUR,,,
            2023-01-05 10:00 UTC,1,ETH,,,,,,,realized gain,,

            """
        let format = try #require(ExchangeFormats.named("koinly"))
        #expect(throws: ImportFailure.self) { try ExchangeImporter.parse(text, file: "k.csv", format: format, options: .init()) }
        let ok = text.split(separator: "\n").dropLast().joined(separator: "\n")
        #expect(try ExchangeImporter.parse(ok, file: "k.csv", format: format, options: .init(baseCurrency: Asset("EUR"))).briefs == [
            "2023-01-02 gift_in 0.1 ETH in value 120.5",
            "2023-01-03 gift_out 0.05 ETH out value 60",
            "2023-01-04 buy 100 EUR -> 0.08 ETH fee 0.5 EUR value 100",
        ])
    }

    @Test("CoinTracker: Pionex's export in its format; trades with fees in either asset")
    func cointracker() throws {
        #expect(try ExportSamples.parse("pionex_cointracker_format/test_pionex_trades.csv").briefs == [
            "2022-02-27 trade 200 BUSD -> 0.1 ETH fee 0.00995 ETH",
            "2022-02-27 trade 0.05 ETH -> 110 BUSD fee 0.055 BUSD",
        ])
        // CoinTracker's own layout (BittyTax's catalogue): a Type column, TRANSFER with both sides skipped.
        let text = """
            Date,Type,Transaction ID,Received Quantity,Received Currency,Received Cost Basis (USD),Received Wallet,Received Address,Received Comment,Sent Quantity,Sent Currency,Sent Cost Basis (USD),Sent Wallet,Sent Address,Sent Comment,Fee Amount,Fee Currency,Fee Cost Basis (USD),Realized Return (USD),Fee Realized Return (USD),Transaction Hash
            01/05/2022 10:00:00,STAKING_REWARD,t1,0.5,ATOM,15,Keplr,,,,,,,,,,,,,,
            01/06/2022 10:00:00,TRANSFER,t2,1,BTC,40000,Ledger,,,1,BTC,40000,Coinbase,,,0.0001,BTC,4,0,0,
            01/07/2022 10:00:00,BUY,t3,0.01,BTC,400,Coinbase,,,400,USD,,Coinbase,,,1.5,USD,,,,

            """
        let parsed = try ExchangeImporter.parse(text, file: "c.csv", format: #require(ExchangeFormats.named("cointracker")), options: .init())
        #expect(parsed.briefs == ["2022-01-05 income:staking 0.5 ATOM in", "2022-01-07 buy 400 USD -> 0.01 BTC fee 1.5 USD"])
        #expect(parsed.rows.map(\.transaction.id) == ["t1", "t3"])
        #expect(parsed.skipped == ["moves between your own wallets (both sides in the row)": 1])
    }

    let coinledger = "coinledger/coinledger_export.csv"

    @Test("CoinLedger: margin rows are refused; trades missing a side are named by line")
    func coinledgerRejected() throws {
        #expect(try ExportSamples.rejection(coinledger) == [
            "\(coinledger):11: Type/Record Type: 'Margin Gain/Margin Gain' cannot be imported: margin trading gains and losses are not supported",
            "\(coinledger):28: Type/Record Type: 'Margin Gain/Margin Gain' cannot be imported: margin trading gains and losses are not supported",
        ])
        // Without them: the sample's Buy and Trade rows have lost their other halves (each Internal Id has one side).
        let halves = try ExportSamples.rejection(coinledger, blanking: [11, 28])
        #expect(halves.count == 5)
        #expect(halves.first == "\(coinledger):2: Type/Record Type: 'Buy/Debit' is a trade but only one side is in the file: "
            + "it moves 15.6 EUR out (rows are paired by Internal Id)")
        #expect(halves.map { $0.split(separator: ":")[1] } == ["2", "6", "7", "9", "10"])
    }

    @Test("CoinLedger: one row per leg, the account is the wallet, every type")
    func coinledgerTypes() throws {
        let parsed = try ExportSamples.parse(coinledger, blanking: [2, 6, 7, 8, 9, 10, 11, 28])
        #expect(parsed.briefs == [
            // Manual Position: a holding entered by hand, arriving with no known cost: a deposit.
            "2025-08-12 deposit 10 DOGE in",
            "2025-08-12 withdrawal 55 DOGE out",
            "2025-03-02 deposit 111.5 DOGE in",
            // Transfer (a credit alone): one side of a move between the user's accounts.
            "2021-03-08 deposit 11.31276 USDT in",
            "2021-07-28 income:airdrop 99 COIN in",
            "2025-10-01 fee fee 0.002 ETH",
            "2025-10-01 income:interest 1.5 USDT in",
            "2025-10-01 income:mining 0.01 BTC in",
            "2025-10-01 income:staking 0.2 ETH in",
            "2025-10-01 income:airdrop 5 DOGE in",
            "2025-10-01 gift_in 0.001 BTC in",
            "2025-10-01 gift_out 0.0005 BTC out",
            // Interest Payment written as a credit: interest received.
            "2025-10-01 income:interest 0.5 USDT in",
            "2025-10-01 lost 12 USDT out",
            "2025-10-01 lost 0.03 ETH out",
            "2025-10-01 spend 4 USDT out",
            "2025-10-01 income:other 0.7 BCH in",
            "2025-10-01 income:interest 2.5 EUR in",
            "2025-10-01 income:staking 0.5 ETH in",
        ])
        #expect(parsed.rows.map(\.transaction.wallet.name).prefix(5) == ["Binance", "Binance", "Binance", "Pionex", "Binance Smart Chain"])
        #expect(parsed.rows[0].transaction.id == "4709111157")
    }

    @Test("CoinLedger: the rows sharing an Internal Id are one trade, its platform fee included")
    func coinledgerTrade() throws {
        let text = """
            Timestamp (UTC),Type,Internal Id,Platform,Account Name,Platform Id,Blockchain Id,Record Type,Asset,Amount,Description
            2025-03-06T00:00:00.000,Trade,77,Pionex,Pionex,,,Debit,USDT,-10.17704774,
            2025-03-06T00:00:00.000,Trade,77,Pionex,Pionex,,,Credit,TRX,283.9,
            2025-03-06T00:00:00.000,Trade,77,Pionex,Pionex,,,Platform Fee,TRX,-0.14195,

            """
        let parsed = try ExchangeImporter.parse(text, file: "c.csv", format: #require(ExchangeFormats.named("coinledger")), options: .init())
        #expect(parsed.briefs == ["2025-03-06 trade 10.17704774 USDT -> 283.9 TRX fee 0.14195 TRX"])
    }

    @Test("CoinTracking: duplicate Cur. columns, the exchange as the wallet, dates in three layouts")
    func cointracking() throws {
        let ghostfolio = try ExportSamples.parse("cointracking/cointracking-export_ExportToGhostfolio.csv")
        #expect(ghostfolio.briefs == [
            // "18.01.2025 15:18:55": staking income with a fee in EUR (the third Cur.).
            "2025-01-18 income:staking 0.001 BTC in fee 2 EUR",
            // "2025-01-01 10:12:27": 0.0055 BTC bought (Buy, Cur.) for 500 EUR (Sell, Cur.#2).
            "2025-01-01 buy 500 EUR -> 0.0055 BTC fee 19 EUR",
            "2024-12-06 buy 100 EUR -> 0.0011 BTC fee 1 EUR",
            "2025-01-11 sell 0.0022 BTC -> 200 EUR fee 2 EUR",
            // A fee of 0.00000000 with no currency is no fee.
            "2024-12-25 deposit 0.001 BTC in",
            "2025-01-11 withdrawal 0.001 BTC out",
        ])
        #expect(ghostfolio.rows.map(\.transaction.wallet.name) == ["Kraken", "Kraken", "Pocket Bitcoin", "Kraken", "cointracking", "cointracking"])
        // "5/9/2017 21:14" read month first (CoinTracking's US layout); "-" is an empty quantity.
        #expect(try ExportSamples.parse("cointracking/cointracking_custom_dates.csv").briefs == [
            "2017-05-09 deposit 5 XMR in",
            "2017-05-09 withdrawal 0.05770427 ETH out fee 0.0001 ETH",
        ])
    }

    @Test("CoinTracking: a trade receiving 0 BTC is refused; the rest of that file imports")
    func cointrackingTradesList() throws {
        let path = "cointracking/cointracking_trades_list.csv"
        #expect(try ExportSamples.rejection(path) == [
            "\(path):10: Type: 'Trade' is a trade but only one side is in the file: it moves 10.99 ADS out",
        ])
        let parsed = try ExportSamples.parse(path, blanking: [10])
        #expect(parsed.briefs == [
            "2019-09-20 withdrawal 0.001367 ETH out fee 0.0001 ETH",
            "2019-09-20 deposit 0.02 ETH in",
            "2019-09-02 gift_in 0.001 BTC in",
            "2019-09-03 income:other 2 ETH in",
            "2019-09-02 deposit 0.33676476 BTC in",
            "2019-08-15 deposit 5 XMR in",
            "2019-08-24 buy 10.99 EUR -> 0.05772716 ETH fee 0.02 EUR",
            "2019-08-25 withdrawal 0.05770427 ETH out fee 0.0001 ETH",
            "2022-01-05 income:staking 1 AXS in",
            "2022-02-08 income:staking 2.12 ETH in",
            // The same staking row twice, without an ID: both are kept (told apart by their order).
            "2022-01-05 income:staking 1 AXS in",
        ])
        #expect(parsed.rows[2].transaction.note == "Just a small gift from someone")
    }

    @Test("BittyTax: a wallet per row, fiat moves skipped, GBP values kept in GBP")
    func bittytax() throws {
        let parsed = try ExportSamples.parse("bittytax_format/example_bittytax.csv", base: "GBP")
        #expect(parsed.briefs(lines: [3, 4, 5, 7, 9, 16, 24, 27, 41, 54, 59]) == [
            "2013-05-24 buy 870 GBP -> 10 BTC",
            "2013-05-24 withdrawal 10 BTC out",
            "2013-05-24 deposit 10 BTC in",
            "2014-06-26 spend 0.002435 BTC out",
            "2014-07-23 buy 257.53 USD -> 0.41525742 BTC fee 1.29 USD",
            // Buy Value in GBP 450.00: the income's value.
            "2015-05-22 income:other 3 BTC in value 450",
            "2016-01-29 trade 1.81296224 ETH -> 0.01202613 BTC fee 0.00002405 BTC",
            // "50." is 50.
            "2016-01-29 trade 50 ETH -> 0.331671 BTC fee 0.00066334 BTC",
            "2017-08-08 donation 5 BTC out",
            "2017-12-24 sell 0.999 BTC -> 10063.92 GBP fee 30.19 GBP",
            "2018-01-02 income:mining 12.5 BTC in",
        ])
        #expect(parsed.rows.first { $0.transaction.source?.line == 4 }?.transaction.wallet == Wallet("LocalBitcoins"))
        #expect(parsed.rows.first { $0.transaction.source?.line == 5 }?.transaction.wallet == Wallet("Desktop wallet"))
        // GBP in from the bank, USD in at Bitstamp, GBP out to the bank.
        #expect(parsed.skipped == ["fiat deposits (fiat is not tracked)": 2, "fiat withdrawals (fiat is not tracked)": 1])
    }
}
