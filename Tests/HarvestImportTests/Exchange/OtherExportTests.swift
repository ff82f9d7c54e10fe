import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Other samples in ../shared/data/exports: imported (Exodus, Pionex transfers, rotki's generic imports) or
/// recognized and refused with the reason (BitMEX, Coinmama). Expectations read off the files by hand.
@Suite("Other wallet and exchange exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct OtherExportTests {
    @Test("each sample is recognized as its format")
    func detection() throws {
        let expected = [
            "bitmex/bitmex_wallet_history.csv": "bitmex", "coinmama/coinmama_privatefolio.csv": "coinmama",
            "exodus/exodus_cryptoTax_R_dataset.csv": "exodus", "pionex/test_pionex_transfers.csv": "pionex-transfers",
            "rotki_generic/rotki_generic_events.csv": "rotki-events", "rotki_generic/rotki_generic_trades.csv": "rotki-trades",
        ]
        for (path, name) in expected { #expect(try ExportSamples.detected(path) == name, "\(path)") }
    }

    @Test("BitMEX and Coinmama are recognized, then refused as spot rows with the reason (BitMEX's rows are read as derivatives)")
    func refused() throws {
        #expect(try ExportSamples.rejection("bitmex/bitmex_wallet_history.csv") == [
            "bitmex/bitmex_wallet_history.csv:1: BitMEX wallet history: its rows are derivatives (realised PNL and funding of contracts, in "
                + "satoshis): `harvest import` reads them with the derivatives importer `bitmex` (README, Derivatives from exchange exports), "
                + "not as spot rows",
        ])
        let coinmama = try ExportSamples.rejection("coinmama/coinmama_privatefolio.csv")
        #expect(coinmama.count == 1 && coinmama[0].hasPrefix("coinmama/coinmama_privatefolio.csv:1: Coinmama order history: its columns shift"))
    }

    @Test("Exodus: negative OUTAMOUNT and FEEAMOUNT are what left; 5.03e-05 exactly")
    func exodus() throws {
        let parsed = try ExportSamples.parse("exodus/exodus_cryptoTax_R_dataset.csv")
        #expect(parsed.briefs == [
            "2021-04-16 deposit 0.00125124 BTC in",
            "2021-04-17 deposit 0.01241 ETH in",
            "2021-04-17 deposit 0.10251 LTC in",
            "2021-05-25 withdrawal 1.110513 LTC out fee 0.001443 LTC",
            "2021-05-25 deposit 5 ADA in",
            "2021-05-25 withdrawal 4.42123 ADA out fee 0.178241 ADA",
            "2021-06-12 withdrawal 0.001051231 BTC out fee 0.0000503 BTC",
            "2021-06-12 withdrawal 0.065123152141241 ETH out fee 0.00145 ETH",
        ])
    }

    @Test("Pionex transfers: the network suffix comes off the coin")
    func pionex() throws {
        #expect(try ExportSamples.parse("pionex/test_pionex_transfers.csv").briefs == [
            "2022-02-27 deposit 115 BUSD in",
            "2022-03-25 withdrawal 100 BUSD out",
        ])
    }

    @Test("rotki: unix milliseconds, the location as the wallet, token ids kept (upper-cased); bad rows named")
    func rotki() throws {
        let events = "rotki_generic/rotki_generic_events.csv"
        #expect(try ExportSamples.rejection(events) == [
            "\(events):8: Type: unknown type 'Invalid' (known: Deposit, Income, Loss, Spend, Staking, Withdrawal)",
        ])
        let parsed = try ExportSamples.parse(events, blanking: [8])
        #expect(parsed.briefs == [
            "2022-07-28 withdrawal 99 EIP155:1/ERC20:0XDAC17F958D2EE523A2206206994597C13D831EC7 out fee 1 EIP155:1/ERC20:0XDAC17F958D2EE523A2206206994597C13D831EC7",
            "2022-07-29 withdrawal 1.01 EIP155:1/ERC20:0XB8C77482E45F1F44DE1745F52C74426C631BDD52 out",
            "2022-08-01 income:staking 0.0513 ETH in",
            "2022-08-02 lost 0.091 BTC out",
            "2022-08-03 income:other 1000 EIP155:1/ERC20:0X6B175474E89094C44DA98B954EEDEAC495271D0F in",
        ])
        #expect(parsed.skipped == ["fiat deposits (fiat is not tracked)": 1])
        #expect(parsed.rows.map(\.transaction.wallet.name) == ["binance", "kraken", "luno", "coinbase", "cex"])

        let trades = "rotki_generic/rotki_generic_trades.csv"
        // The last row receives 0 DAI for 4576.64 USDT: refused.
        #expect(try ExportSamples.rejection(trades).map { $0.prefix(trades.count + 3) } == ["\(trades):7:"])
        let traded = try ExportSamples.parse(trades, blanking: [7])
        #expect(traded.briefs(lines: [3, 6]) == [
            "2022-07-30 trade 392.887 LTC -> 4.3241 BTC",
            "2022-08-01 trade 4576.64 ADA -> 16.3444 BCH fee 5.1345 USD",
        ])
    }
}
