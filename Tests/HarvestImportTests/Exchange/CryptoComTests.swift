import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Crypto.com samples from ../shared/data/exports/crypto.com, each expectation read off the file by hand.
@Suite("Crypto.com exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct CryptoComTests {
    let app = "crypto.com/cryptocom_trades_list.csv"

    @Test("App export: dust and swaps grouped by time, card purchases against their native amount, rewards as income")
    func tradesList() throws {
        let parsed = try ExportSamples.parse(app, base: "EUR")
        #expect(Array(parsed.briefs.prefix(16)) == [
            // Dust of UNI and DOT into 193.02779901061902311 CRO, split by the EUR values of the debits (5.84 and 4.8).
            "2020-12-15 trade 1.3387887 UNI -> 105.947588930640516444 CRO value 5.84",
            "2020-12-15 trade 0.6295092 DOT -> 87.080210079978506666 CRO value 4.8",
            "2020-12-01 trade 0.00050680380674961 DAI -> 0.007231228760408149 CRO value 0",
            "2020-10-12 income:reward 482.2566417 CRO in value 42.23",
            "2020-10-12 income:reward 52.151 CRO in value 3.49",
            "2020-09-12 income:reward 138.256 CRO in value 19.76",
            "2020-08-09 withdrawal 115 DAI out value 98.37",
            "2020-08-09 deposit 115 DAI in value 98.37",
            // The MCO/CRO Overall Swap rows are the swaps; the Wallet Swap and MCO Unstake/CRO Stake rows of
            // 14:39:25 are their parts and are skipped (1382.195 + 0.111147552291 = 1382.306147552291 CRO).
            "2020-08-06 trade 50 MCO -> 1301.64 CRO value 159.97",
            "2020-08-03 trade 50.00402069 MCO -> 1382.306147552291 CRO value 168.37",
            "2020-08-03 income:interest 0.00061475 ETH in value 0.19",
            "2020-07-31 trade 12.32 MCO -> 0.14445954600007045 ETH value 42.13",
            // The sign-up bonus is valued in USD, not the base currency: no value kept.
            "2020-07-29 income:reward 12.32402069 MCO in",
            // crypto_purchase: bought by card, the native amount is what was paid.
            "2020-07-29 buy 176.05 EUR -> 50 MCO value 176.05",
            "2020-07-27 buy 281.14 EUR -> 1 ETH value 281.14",
            "2021-07-19 buy 78.01 EUR -> 0.003 BTC value 79.03",
        ])
        #expect(Array(parsed.briefs.dropFirst(16)) == [
            "2021-05-05 sell 750 DOGE -> 406.22 EUR value 406.22",
            "2021-03-25 deposit 15.31 CRO in value 2.63",
            "2021-03-25 income:reward 0.3076 CRO in value 0.05",
            "2021-03-25 spend 15.38 CRO out value 2.63",
            // Transfers to and from other Crypto.com users (phone numbers) are transfer candidates.
            "2021-03-20 deposit 100 CRO in value 18.21",
            "2021-03-20 income:reward 10 CRO in value 2",
            "2021-03-20 withdrawal 100 CRO out value 20",
            // A reverted card rebate gives the CRO back.
            "2021-03-07 spend 7.76792828 CRO out value 1",
            "2021-03-06 income:reward 7.76792828 CRO in value 1",
            // Limit orders: only the commit is a trade; lock and unlock reserve and release the dollars.
            "2025-02-01 buy 5 USD -> 10 SOL",
            "2025-04-18 buy 10 USD -> 7.99 ETH",
        ])
        #expect(parsed.skipped == [
            "moves between the Crypto.com App and the Crypto.com Exchange": 3,
            "funds reserved for open limit orders, and released": 6,
            "parts of the MCO to CRO swap that its 'MCO/CRO Overall Swap' rows already add up": 4,
            // The CRO Stake Rebate (the staked CRO of the swap returned to the wallet), MCO Stake, and
            // Crypto Earn in and out.
            "moves into and out of Crypto.com's staking, Earn and Supercharger": 4,
        ])
    }

    @Test("App export (2024-2025): staking rewards, a card top-up sells crypto, transaction hashes are ids")
    func ghostfolioExport() throws {
        let parsed = try ExportSamples.parse("crypto.com/cryptocom-export_ExportToGhostfolio.csv", base: "EUR")
        #expect(parsed.rows.count == 58)
        #expect(Array(parsed.briefs.prefix(6)) == [
            // Balance Conversion: USDT debited and USDC credited at the same second.
            "2025-03-31 trade 81.161849 USDT -> 81.161849 USDC value 73.534353557085667088",
            "2025-01-07 trade 4.15 EGLD -> 150.865358 USDC value 143.330161145561530373",
            "2025-01-07 trade 0.67 ETHW -> 2.279542 USDC value 2.165707654612162284",
            "2024-12-17 trade 500 XRP -> 0.01152324 BTC value 1173.168921631243202821",
            "2024-11-11 income:staking 9.9110424 CRO in value 1.06944518",
            "2024-11-04 income:staking 9.76353 CRO in value 0.63343158",
        ])
        // card_top_up: 235.08 USDT sold for the 210 EUR put on the card (Native Amount -210.0).
        #expect(parsed.briefs.contains("2024-08-08 sell 235.08 USDT -> 210 EUR value 210"))
        let deposit = try #require(parsed.rows.first { $0.transaction.kind == .deposit }?.transaction)
        #expect(brief(deposit) == "2024-08-02 deposit 78.218523 USDT in value 70.786030951917724725")
        #expect(deposit.id.hasPrefix("PbpwnQsPbtU6yWXnNRwFrMKXhkxf6TDGm3ic7pV78sC1gL1Wtbu9"))
        #expect(parsed.skipped == [
            "moves between the Crypto.com App and the Crypto.com Exchange": 3,
            "moves into and out of Crypto.com's staking, Earn and Supercharger": 3,
        ])
    }

    @Test("the R dataset's mangled header (Timestamp..UTC.) is the same format; viban exchanges sell for fiat")
    func rDataset() throws {
        let parsed = try ExportSamples.parse("crypto.com/cryptocom_app_cryptoTax_R_dataset.csv", base: "CAD")
        #expect(parsed.briefs == [
            // crypto_viban_exchange writes the crypto sold as a positive Amount.
            "2021-07-28 sell 0.00996365482758792 ETH -> 35 CAD value 35",
            "2021-07-25 sell 0.000532054153123365 BTC -> 35 CAD value 35",
            "2021-07-23 income:staking 37.1602562661344 CRO in value 6.98",
            "2021-07-14 income:reward 2.47619047619048 CRO in value 1.2",
            "2021-07-11 income:airdrop 0.35580671798495 ETHW in value 3.2",
            "2021-07-06 income:interest 0.320799213147475 CRO in value 0.26",
            "2021-06-27 income:interest 0.000763266828087167 ETH in value 3.12",
            "2021-06-19 income:reward 8.45262096774194 CRO in value 1.25",
            "2021-06-18 income:reward 0.000013775 ETH in value 0.05",
            "2021-06-16 income:reward 22.5041772605727 CRO in value 11.65",
            "2021-06-11 income:reward 17.36889942 CRO in value 9.19",
            "2021-06-10 income:reward 86.35723665 CRO in value 16.94",
            "2021-06-02 income:reward 53.61366877 CRO in value 10.99",
            "2021-05-29 income:reward 6.40395445376923 CRO in value 1.13",
            // Valued in USD (25.0), not CAD.
            "2021-05-23 income:reward 117.94682303 CRO in",
            "2021-05-15 buy 53.42 CAD -> 182.436009084234 CRO value 53.42",
            "2021-05-07 buy 54.21 CAD -> 0.0205920059257571 ETH value 54.21",
            "2021-05-03 buy 51.25 CAD -> 0.000733370962484796 BTC value 51.25",
        ])
        #expect(parsed.skipped == ["moves into and out of Crypto.com's staking, Earn and Supercharger": 1])
    }

    @Test("special events: interest swaps are trades, Invest moves are transfer candidates, reversals are spends")
    func specialEvents() throws {
        let parsed = try ExportSamples.parse("crypto.com/cryptocom_special_events.csv")
        #expect(parsed.briefs == [
            "2021-01-05 income:staking 1 CRO in value 1",
            "2021-01-05 trade 0.1 MCO -> 1 CRO value 1",
            "2021-01-05 income:staking 0.5 MCO in value 1",
            "2021-01-04 deposit 1.02005 BTC in value 100",
            "2021-01-03 withdrawal 1 BTC out value 100",
            "2021-01-02 deposit 0.02005 BTC in value 100",
            "2021-01-01 income:airdrop 1 CRO in value 1",
            "2021-01-01 withdrawal 0.01 BTC out value 100",
            "2021-01-01 withdrawal 0.01 BTC out value 100",
            "2021-01-01 deposit 0.24 ETC in value 100",
            "2021-01-01 withdrawal 1 ETC out value 100",
            // In EUR, not the base currency.
            "2021-10-28 income:reward 0.00356292 AXS in",
            "2021-10-28 sell 12.94 USDC -> 11.3 EUR",
            "2021-10-29 spend 0.5678 CRO out value 0.25",
        ])
        #expect(parsed.skipped == ["moves between the Crypto.com App and the Crypto.com Exchange": 1])
    }

    @Test("Exchange trades: the seven fills of one order are one trade, the pair ETH_CRO split into its assets")
    func exchange() throws {
        // ETH 0.0042 + 0.28 + 0.0028 + 0.0028 + 0.56 + 0.0042 + 2.0932; CRO volumes and fees likewise summed.
        #expect(try ExportSamples.parse("crypto.com/CDC_exchange_trades_cryptoTax_R_dataset.csv").briefs
            == ["2021-12-24 trade 2.9472 ETH -> 18686.85 CRO fee 74.74742162 CRO"])
    }

    @Test("an unknown kind and a bad pair are errors naming line and column")
    func errors() throws {
        let text = try ExportSamples.edited(app, replacing: [12: "2020-08-09 17:10:25,Withdraw DAI,DAI,-115,,,EUR,-98.37,-116.8940547,crypto_teleport"])
        #expect(try ExportSamples.rejection(text: text, file: "cdc.csv").first?
            .hasPrefix("cdc.csv:12: Transaction Kind/Transaction Description: unknown type 'crypto_teleport/Withdraw DAI' (known: ") == true)
        let exchange = try ExportSamples.edited("crypto.com/CDC_exchange_trades_cryptoTax_R_dataset.csv", replacing: [
            3: "6465554657347628666,6726231311834252581,2021-12-24 15:34:45.564,ETHCRO,SELL,6363.37,0.28,1781.74,7.1269744,CRO",
        ])
        #expect(try ExportSamples.rejection(text: exchange, file: "cdcx.csv") == [
            // Once, though both legs read the pair.
            "cdcx.csv:3: Symbol: 'ETHCRO' is not a trading pair (expected two assets joined by '_', '-' or '/', like 'ETH_CRO')",
        ])
    }
}
