import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Coinbase and Kraken samples from ../shared/data/exports, each expectation read off the file by hand.
@Suite("Coinbase and Kraken exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct CoinbaseKrakenTests {
    let coinbase = "coinbase/GhostfolioSidekick_"

    @Test("Coinbase's 2023 layout, after its preamble: buy, sell, convert, send, receive, rewards")
    func coinbase2023() throws {
        // Buy: 0.00213232 ETH for a subtotal of 3.86 EUR plus 0.99 EUR fees (total 4.85).
        #expect(try ExportSamples.parse(coinbase + "BuyOrders_single_buy.csv").briefs
            == ["2023-04-20 buy 3.86 EUR -> 0.00213232 ETH fee 0.99 EUR"])
        // With EUR as the base currency the exchange's total is kept as the fair value.
        #expect(try ExportSamples.parse(coinbase + "BuyOrders_single_buy.csv", base: "EUR").briefs
            == ["2023-04-20 buy 3.86 EUR -> 0.00213232 ETH fee 0.99 EUR value 4.85"])
        // Sell: 11.275271 USDC for 10.00 EUR, no fee ("0.00" is no fee at all).
        #expect(try ExportSamples.parse(coinbase + "SellOrders_single_sell.csv").briefs
            == ["2023-07-14 sell 11.275271 USDC -> 10 EUR"])
        // Convert: what was received is only in the notes, "Converted 0.00087766 ETH to 1.629352 USDC". The fee (0.04 EUR,
        // the spread: Total 1.50 is the ETH's value, Subtotal 1.46 the USDC's) is already within the USDC received, so it
        // is not charged again.
        #expect(try ExportSamples.parse(coinbase + "BuyOrders_single_convert.csv").briefs
            == ["2023-04-20 trade 0.00087766 ETH -> 1.629352 USDC"])
        // Send and Receive are transfer candidates; 1.0e-08 is read exactly.
        #expect(try ExportSamples.parse(coinbase + "Send_single_send.csv").briefs == ["2023-08-19 withdrawal 0.00205323 BTC out"])
        #expect(try ExportSamples.parse(coinbase + "Receive_single_receive.csv").briefs == ["2023-04-22 deposit 0.00000001 ETH in"])
        // Rewards: income at the exchange's value when that is in the base currency; ETH2 is ETH.
        #expect(try ExportSamples.parse(coinbase + "Specials_single_stakereward.csv", base: "EUR").briefs
            == ["2023-05-19 income:reward 0.00002103 ETH in value 0.04"])
        #expect(try ExportSamples.parse(coinbase + "Specials_single_learningreward.csv", base: "EUR").briefs
            == ["2023-04-20 income:reward 6.40204865 GRT in value 0.9"])
        #expect(try ExportSamples.parse(coinbase + "Specials_single_stakereward_alt.csv").briefs
            == ["2023-05-19 income:staking 0.00002103 ETH in"])
    }

    @Test("Coinbase's 2024 layout: an ID column, euro signs in Windows-1252, negative quantities for what leaves")
    func coinbase2024() throws {
        let alt = try ExportSamples.parse(coinbase + "BuyOrders_single_buy_alt.csv", base: "EUR")
        #expect(alt.briefs == ["2023-04-20 buy 3.86 EUR -> 0.00213232 ETH fee 0.99 EUR value 4.85"])
        #expect(alt.rows[0].transaction.id == "6637ac0d7724c7009596c364")
        #expect(try ExportSamples.parse(coinbase + "Specials_single_stakereward_alt_2025.csv", base: "EUR").briefs
            == ["2025-11-08 income:staking 0.001588522705 ATOM in value 0.00401"])
        // Advanced Trade: the counter-asset is in the notes ("for 34234.6 EUR on BTC-EUR"), a total with the fee in it:
        // 34233.61 EUR plus the 0.99 EUR fee.
        #expect(try ExportSamples.parse(coinbase + "BuyOrders_single_advance_trade_buy.csv").briefs
            == ["2024-03-18 buy 34233.61 EUR -> 0.564634 BTC fee 0.99 EUR"])
    }

    @Test("Coinbase rows that are not imported say why; an unknown type or a reused ID rejects the file")
    func coinbaseSkippedAndRejected() throws {
        let deposit = try ExportSamples.parse(coinbase + "CashTransactions_single_deposit.csv")
        #expect(deposit.rows.isEmpty && deposit.skipped == ["fiat deposits (fiat is not tracked)": 1])
        let staking = try ExportSamples.parse(coinbase + "Specials_retail_staking_transfer.csv")
        #expect(staking.rows.isEmpty && staking.skipped == ["staking moves inside the account": 2])
        let eth2 = try ExportSamples.parse(coinbase + "Specials_retail_eth2_deprecation.csv")
        #expect(eth2.rows.isEmpty && eth2.skipped == ["ETH2 renamed ETH inside the account": 2])
        let fiat = try ExportSamples.parse(coinbase + "Specials_single_buyfiatfromfiat_bugCoinbase.csv")
        #expect(fiat.rows.isEmpty && fiat.skipped.count == 1)

        let invalid = try ExportSamples.rejection(coinbase + "Invalid_invalid_type.csv")
        #expect(invalid.count == 1 && invalid[0].contains("Invalid_invalid_type.csv:9: Transaction Type: unknown type 'Unknown' (known: "))
        let reused = try ExportSamples.rejection("coinbase/coinbase-export_ExportToGhostfolio.csv")
        #expect(reused == ["coinbase/coinbase-export_ExportToGhostfolio.csv:9: ID: id '623d6507925c200001fcbXXX' is already used by a different row on line 8"])
    }

    @Test("Kraken ledger: unsettled rows and moves between Kraken's accounts are skipped; staking is income")
    func kraken() throws {
        let ledger = try ExportSamples.parse("kraken/ledgers_uabean.csv")
        // TX-ID2: the settled deposit of 1000 USDC; TX-ID8: staking 1.12345678 USDC.M (USDC in the earn account).
        #expect(ledger.briefs == ["2000-01-01 deposit 1000 USDC in", "2000-01-02 income:staking 1.12345678 USDC in"])
        #expect(ledger.rows.map(\.transaction.id) == ["TX-ID2", "TX-ID8"])
        #expect(ledger.rows.allSatisfy { $0.transaction.wallet == Wallet("kraken") })
        #expect(ledger.skipped == ["rows without a txid (not yet settled)": 4, "moves between Kraken's spot, staking and futures accounts": 2])
    }

    @Test("a Kraken trade is the pair of rows sharing a refid; the fee column is a fee in the row's asset")
    func krakenTrade() throws {
        let text = """
            "txid","refid","time","type","subtype","aclass","asset","amount","fee","balance"
            "L1","T1","2024-03-01 10:00:00","trade","","currency","ZEUR",-1000.0000,1.6000,0
            "L2","T1","2024-03-01 10:00:00","trade","","currency","XXBT",0.0200000000,0,0.02
            "L3","T2","2024-03-02 11:00:00","spend","","currency","XETH",-1.0,0,0
            "L4","T2","2024-03-02 11:00:01","receive","","currency","SOL",25.0,0.05,25
            "L5","T3","2024-03-03 12:00:00","withdrawal","","currency","XXBT",-0.0100000000,0.0001,0.0099

            """
        let parsed = try ExchangeImporter.parse(text, file: "k.csv", format: #require(ExchangeFormats.named("kraken")), options: .init())
        #expect(parsed.briefs == [
            "2024-03-01 buy 1000 EUR -> 0.02 BTC fee 1.6 EUR",
            "2024-03-02 trade 1 ETH -> 25 SOL fee 0.05 SOL",
            "2024-03-03 withdrawal 0.01 BTC out fee 0.0001 BTC",
        ])
        #expect(parsed.rows.map(\.transaction.id) == ["T1", "T2", "L5"])
        // Half a trade (the other row not in the file) is an error naming the line.
        let half = """
            "txid","refid","time","type","subtype","aclass","asset","amount","fee","balance"
            "L1","T1","2024-03-01 10:00:00","trade","","currency","ZEUR",-1000.0000,1.6000,0

            """
        #expect(throws: ImportFailure.self) {
            try ExchangeImporter.parse(half, file: "k.csv", format: #require(ExchangeFormats.named("kraken")), options: .init())
        }
    }
}
