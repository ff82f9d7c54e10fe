import Foundation
import HarvestCore
import HarvestImport
import Testing

/// The remaining samples in ../shared/data/exports: AdaLite, Bisq, bitbank, bitcoin.tax, Bittrex (eight files,
/// seven layouts), Blockpit, Celsius, Coincheck, CoinSmart, Newton, Revolut, Shakepay, ShapeShift.
/// Expectations read off the files by hand.
@Suite("Remaining exchange and wallet exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct RemainingExportTests {
    static let expected: [(path: String, format: String)] = [
        ("adalite/adalite_cryptoTax_R_dataset.csv", "adalite"),
        ("bisq/bisq_trades.csv", "bisq"),
        ("bitbank/test_bitbank_deposits.csv", "bitbank-deposits"),
        ("bitbank/test_bitbank_fiat_deposits.csv", "bitbank-fiat-deposits"),
        ("bitbank/test_bitbank_withdrawals.csv", "bitbank-withdrawals"),
        ("bitcoin.tax/bitcoin_tax_spending.csv", "bitcoin-tax"),
        ("bitcoin.tax/bitcoin_tax_trades.csv", "bitcoin-tax"),
        ("bittrex/bittrex_order_history.csv", "bittrex-orders"),
        ("bittrex/bittrex_order_history_old.csv", "bittrex-orders-old"),
        ("bittrex/bittrex_order_history_older.csv", "bittrex-orders-older"),
        ("bittrex/bittrex_tx_history.csv", "bittrex-transactions"),
        ("bittrex/bittrex_tx_history_deposits.csv", "bittrex-deposits"),
        ("bittrex/bittrex_tx_history_deposits_old.csv", "bittrex-deposits-old"),
        ("bittrex/bittrex_tx_history_withdrawals.csv", "bittrex-withdrawals"),
        ("bittrex/bittrex_tx_history_withdrawals_old.csv", "bittrex-withdrawals-old"),
        ("blockpit/blockpit_transactions.csv", "blockpit"),
        ("celsius/celsius_cryptoTax_R_dataset.csv", "celsius"),
        ("coincheck/test_coincheck_buys.csv", "coincheck-buys"),
        ("coinsmart/coinsmart_cryptoTax_R_dataset.csv", "coinsmart"),
        ("newton/newton_cryptoTax_R_dataset.csv", "newton"),
        ("revolut/revolut-crypto-export_ExportToGhostfolio.csv", "revolut"),
        ("shakepay/shakepay_cryptoTax_R_dataset.csv", "shakepay"),
        ("shapeshift/shapeshift-trade-history.csv", "shapeshift"),
    ]

    @Test("each sample is detected as its format, and no other format ties with it")
    func detection() throws {
        for (path, name) in Self.expected {
            #expect(try ExportSamples.detected(path) == name, "\(path)")
            // Every format that would read this header on its own: the intended one must be strictly the most
            // specific (koinly reads AdaLite's columns and cointracker Newton's, with fewer of them).
            let text = try ExportSamples.text(path)
            let matches = ExchangeFormats.builtIn.filter {
                if case .found = ExchangeFormats.detect(text, among: [$0]) { return true }
                return false
            }
            let intended = try #require(matches.first { $0.name == name }, "\(path)")
            for other in matches where other.name != name {
                #expect(other.spec.header.count < intended.spec.header.count, "\(path): \(other.name) ties with \(name)")
            }
        }
    }

    @Test("AdaLite: sends with their fee, received transfers, staking rewards")
    func adalite() throws {
        // Every row's Transaction.ID is the same placeholder in this anonymized sample: rows are told apart by content.
        #expect(try ExportSamples.parse("adalite/adalite_cryptoTax_R_dataset.csv").briefs == [
            "2021-05-17 withdrawal 2 ADA out fee 0.19123 ADA",
            "2021-05-17 withdrawal 15 ADA out fee 0.169187 ADA",
            "2021-05-17 income:staking 0.412321 ADA in",
            "2021-05-12 income:staking 0.221241 ADA in",
            "2021-05-07 income:staking 0.3125132 ADA in",
            "2021-05-07 deposit 222.21413 ADA in",
            "2021-04-28 income:staking 0.31204 ADA in",
            "2021-04-17 deposit 14.712312 ADA in",
            "2021-04-17 deposit 420.71231 ADA in",
            "2021-04-17 deposit 15 ADA in",
        ])
    }

    @Test("Bisq: the offer type is the user's side; altcoin offers turn it round; a BSQ trade fee and a BTC mining fee both count")
    func bisq() throws {
        let parsed = try ExportSamples.parse("bisq/bisq_trades.csv", base: "EUR")
        #expect(parsed.briefs == [
            // Mediated trades completed (a mediator settled the deposits): imported. Two fees, the BSQ trade fee and the
            // BTC mining fee: the BSQ fee is the trade's, the BTC fee is sent with the BTC sold, so both count.
            "2021-03-10 sell 0.01005 BTC -> 2450 EUR fee 0.29 BSQ value 2450",
            "2021-03-10 sell 0.0101 BTC -> 505 EUR fee 0.4 BSQ value 505",
            "2020-12-11 sell 0.0501 BTC -> 794 EUR fee 2.01 BSQ value 794",
            // Buy BSQ: BTC out (Amount in BTC), BSQ in; mining fee 0.0001 + trade fee 0.0000594 in BTC.
            "2020-01-01 trade 0.0099 BTC -> 116.65 BSQ fee 0.0001594 BTC",
            "2019-12-23 buy 1234 EUR -> 0.01 BTC fee 0.0011914 BTC value 1234",
            // Sell DASH: DASH out, BTC in.
            "2019-06-11 trade 19.45685539 DASH -> 0.3 BTC fee 0.001128 BTC",
            "2018-12-21 buy 625 EUR -> 0.185 BTC fee 0.000466 BTC value 625",
            "2018-12-18 buy 849 EUR -> 0.25 BTC fee 0.0007112 BTC value 849",
            "2018-01-29 trade 9811.32075471 SC -> 0.0364 BTC fee 0.001448 BTC",
        ])
        #expect(parsed.skipped == ["trades Bisq canceled or that failed": 1])
    }

    @Test("bitbank: crypto deposits and withdrawals in Japan time; yen deposits skipped; FAILED rows skipped")
    func bitbank() throws {
        let deposits = try ExportSamples.parse("bitbank/test_bitbank_deposits.csv")
        #expect(deposits.briefs == ["2022-11-12 deposit 54.54 XRP in", "2022-10-13 deposit 0.00001 BTC in"])
        #expect(deposits.skipped == ["deposits bitbank had not completed": 1])
        // 2022/11/12 11:57:01 in Tokyo is 02:57:01 UTC.
        #expect(deposits.rows[0].transaction.timestamp.millisecondsSinceEpoch == 1_668_221_821_000)
        #expect(deposits.rows.allSatisfy { $0.transaction.wallet.name == "bitbank" })

        let withdrawals = try ExportSamples.parse("bitbank/test_bitbank_withdrawals.csv")
        #expect(withdrawals.briefs == ["2022-04-20 withdrawal 900 XLM out fee 0.01 XLM", "2022-04-25 withdrawal 0.125 ETH out fee 0.0001 ETH"])
        #expect(withdrawals.skipped == ["withdrawals bitbank had not completed": 1])

        let yen = try ExportSamples.parse("bitbank/test_bitbank_fiat_deposits.csv")
        #expect(yen.rows.isEmpty)
        #expect(yen.skipped == ["fiat deposits (fiat is not tracked)": 1, "deposits bitbank had not completed": 1])
    }

    @Test("bitcoin.tax: Total is the net cash (a buy's cost with the fee, a sale's proceeds after it); SWAP refused")
    func bitcoinTax() throws {
        let trades = "bitcoin.tax/bitcoin_tax_trades.csv"
        #expect(try ExportSamples.rejection(trades, base: "EUR") == [
            "\(trades):4: Action: 'SWAP' cannot be imported: bitcoin.tax SWAP rows (a swap carrying its cost basis over) are not supported: enter it as a SELL and a BUY, or as a trade",
        ])
        let parsed = try ExportSamples.parse(trades, blanking: [4], base: "EUR")
        #expect(parsed.briefs == [
            // 1007.999993 paid in all, 3.01495511 of it the fee (0.99735527 × 1007.65 = 1004.985...).
            "2018-06-03 buy 1004.98503789 EUR -> 0.99735527 BCH fee 3.01495511 EUR value 1007.999993",
            // 0.110778 BTC received after the 0.000222 fee (713.952 × 0.000155473 = 0.111).
            "2018-11-09 trade 713.952 USDT -> 0.111 BTC fee 0.000222 BTC",
        ])
        #expect(parsed.rows.map(\.transaction.wallet.name) == ["Coinbase Pro", "Gate.io"])
        #expect(try ExportSamples.parse("bitcoin.tax/bitcoin_tax_spending.csv", base: "EUR").briefs == [
            "2018-12-01 spend 0.05 BTC out value 280.495",
        ])
    }

    @Test("Bittrex: three order layouts, four transfer layouts; preambles and blank first lines")
    func bittrex() throws {
        // Total (Quote) is net: a buy's 0.24999841 BTC includes the 0.00062343 fee, a sale's 0.15486188 is after it.
        #expect(try ExportSamples.parse("bittrex/bittrex_order_history.csv").briefs == [
            "2017-12-03 trade 0.24937498 BTC -> 731.28354007 SWT fee 0.00062343 BTC",
            "2017-08-13 trade 857.78221905 EDGELESS -> 0.15525 BTC fee 0.00038812 BTC",
        ])
        // USDT-BTC: BTC priced in USDT; Price is the order's total; the time is Closed (Opened, 11/31/2017, is no date).
        #expect(try ExportSamples.parse("bittrex/bittrex_order_history_old.csv").briefs == ["2018-12-31 trade 10 USDT -> 0.01 BTC fee 2 USDT"])
        #expect(try ExportSamples.parse("bittrex/bittrex_order_history_older.csv").briefs == ["2018-12-31 trade 5 USDT -> 1 ETH fee 1 USDT"])
        #expect(try ExportSamples.parse("bittrex/bittrex_tx_history.csv").briefs == [
            "2023-03-07 withdrawal 0.20084931 ETH out", "2021-09-28 deposit 0.00000001 BCHA in",
        ])
        #expect(try ExportSamples.parse("bittrex/bittrex_tx_history_deposits.csv").briefs == ["2017-05-21 deposit 1 BTC in"])
        #expect(try ExportSamples.parse("bittrex/bittrex_tx_history_deposits_old.csv").briefs == ["2017-01-01 deposit 0.001 BTC in"])
        #expect(try ExportSamples.parse("bittrex/bittrex_tx_history_withdrawals.csv").briefs == ["2015-12-31 withdrawal 1 ETH out fee 0.006 ETH"])
        // The time is OPENED (the sample's CLOSED is ten years later); TXCOST 0 is no fee.
        #expect(try ExportSamples.parse("bittrex/bittrex_tx_history_withdrawals_old.csv").briefs == ["2013-11-01 withdrawal 1 BTC out"])
    }

    @Test("Blockpit: ';' separated, the depot is the wallet; margin rows refused, the rest imported")
    func blockpit() throws {
        let path = "blockpit/blockpit_transactions.csv"
        #expect(try ExportSamples.rejection(path, base: "EUR") == [
            "\(path):15: Transaction Type: 'Margin_trading_loss' cannot be imported: margin trading is not supported",
            "\(path):16: Transaction Type: 'Margin_trading_profit' cannot be imported: margin trading is not supported",
        ])
        // Blockpit IDs are spreadsheet-mangled (1,55983E+14 on two different trades): rows are told apart by content.
        let parsed = try ExportSamples.parse(path, blanking: [15, 16], base: "EUR")
        #expect(parsed.briefs == [
            "2023-01-06 gift_out 10 META out fee 0.001537148341223424 MATIC",
            // Binance's referral kickback, paid in EUR: income all the same.
            "2023-01-08 income:reward 0.01061899 EUR in",
            "2023-01-08 buy 168.69217 EUR -> 223.7 MATIC fee 0.2237 MATIC",
            "2023-01-08 sell 140.5 MATIC -> 106.1899 EUR fee 0.1061899 EUR",
            "2023-01-08 withdrawal 0.0095 BNB out fee 0.0005 BNB",
            "2023-01-08 deposit 0.0095 BNB in",
            "2023-01-08 fee fee 0.00024391 BNB",
            "2023-01-08 withdrawal 0.00915109 BNB out fee 0.000105 BNB",
            "2023-01-08 deposit 0.00915109 BNB in",
            "2023-01-08 trade 0.24209916 USDT -> 0.00092036 BNB fee 0.0000184 BNB",
            "2023-02-09 income:staking 0.1932938 MATIC in",
            "2023-02-09 income:interest 0.06 EUR in",
        ])
        // NonTaxableOut/In of EUR: money to and from the bank.
        #expect(parsed.skipped == ["fiat withdrawals (fiat is not tracked)": 2, "fiat deposits (fiat is not tracked)": 1])
        #expect(parsed.rows.map(\.transaction.wallet.name).prefix(7) == [
            "Polygon Wallet Depot", "Binance Depot", "Binance Depot", "Binance Depot", "Binance Depot",
            "BNB Smart Chain (BSC) Depot", "BNB Smart Chain (BSC) Depot",
        ])
    }

    @Test("Celsius: signed amounts, USD values; the sample's negative rewards are refused")
    func celsius() throws {
        let path = "celsius/celsius_cryptoTax_R_dataset.csv"
        // Four Reward rows of this anonymized sample have negative amounts: a reward cannot take coins away.
        let errors = try ExportSamples.rejection(path)
        #expect(errors.map { $0.prefix(path.count + 3) } == ["\(path):4:", "\(path):7:", "\(path):8:", "\(path):11"])
        #expect(errors.first?.hasSuffix("'Reward' should only receive one asset, but it moves 0.000063726693922675 BTC out") == true)
        let parsed = try ExportSamples.parse(path, blanking: [4, 7, 8, 11])
        #expect(parsed.briefs == [
            "2021-06-15 income:reward 0.00112524527168633 BTC in value 50",
            "2021-05-25 withdrawal 0.0166795464177858 BTC out value 437.98724512412",
            "2021-05-06 income:reward 0.00140902344098454 BTC in value 50",
            "2021-04-08 income:reward 0.000733082450302954 BTC in value 40",
            // 3.68306276665178e-06 and 8.15612085280039e-05: past the 18th decimal, rounded half-even.
            "2021-03-28 income:interest 0.000003683062766652 BTC in value 0.4751290381221",
            "2021-03-19 income:interest 0.000081561208528004 BTC in value 0.581092731212",
            "2021-03-03 income:reward 0.000707598916200572 BTC in value 40",
            // Celsius calls a deposit from outside a Transfer.
            "2021-03-03 deposit 0.0138778831199655 BTC in value 522.9742131312",
        ])
    }

    @Test("Coincheck buys: Price is the total paid")
    func coincheck() throws {
        #expect(try ExportSamples.parse("coincheck/test_coincheck_buys.csv", base: "JPY").briefs == [
            "2022-04-20 buy 10000 JPY -> 0.005 BTC value 10000",
        ])
    }

    @Test("CoinSmart: a trade's, a withdrawal's and a deposit's rows are combined by time; the CAD deposit skipped")
    func coinsmart() throws {
        let parsed = try ExportSamples.parse("coinsmart/coinsmart_cryptoTax_R_dataset.csv", base: "CAD")
        #expect(parsed.briefs == [
            // Lines 2-3, same millisecond: the fee row and the withdrawal.
            "2021-06-02 withdrawal 198.003 ADA out fee 0.3 ADA",
            "2021-05-15 income:reward 0.00004 BTC in",
            "2021-04-28 income:reward 15 CAD in",
            // Lines 6-8, written at .182, .180 and .179 seconds: fee, CAD out, ADA in.
            "2021-04-25 buy 237.93743 CAD -> 198.5 ADA fee 0.197 ADA",
        ])
        #expect(parsed.skipped == ["fiat deposits (fiat is not tracked)": 1])
    }

    @Test("Newton: trades against CAD, crypto withdrawals; CAD deposits skipped (the Referral Program text sits in Fee.Amount)")
    func newton() throws {
        let parsed = try ExportSamples.parse("newton/newton_cryptoTax_R_dataset.csv", base: "CAD")
        #expect(parsed.briefs == [
            "2021-05-12 sell 0.003213 BTC -> 156.124134098 CAD",
            "2021-05-12 buy 0.30490127 CAD -> 0.000004 BTC",
            "2021-04-21 buy 153.1241354 CAD -> 0.00343 BTC",
            "2021-04-04 withdrawal 0.0182109 LTC out",
            "2021-04-04 withdrawal 0.0123412 ETH out",
            "2021-04-04 buy 3423.822151 CAD -> 2.7198712 ETH",
            "2021-04-04 buy 23.491273124 CAD -> 0.1048291 LTC",
        ])
        #expect(parsed.skipped == ["fiat deposits (fiat is not tracked)": 2])
    }

    @Test("Revolut: amounts carry their currency, '50.00 SEK' or '€10.00'; values kept in the base currency")
    func revolut() throws {
        let parsed = try ExportSamples.parse("revolut/revolut-crypto-export_ExportToGhostfolio.csv", base: "SEK")
        #expect(parsed.briefs == [
            "2020-05-05 buy 50 SEK -> 0.00056077 BTC value 50",
            "2020-06-01 buy 1 SEK -> 0.00001082 BTC value 1",
            "2020-06-02 sell 0.00001082 BTC -> 0.93 SEK value 0.93",
            // A Send and a Receive of the same BTC at the same minute: left to transfer matching.
            "2020-11-09 withdrawal 0.00056077 BTC out value 76.94",
            "2020-11-09 deposit 0.00056077 BTC in value 76.94",
            "2020-11-19 buy 108.94 SEK -> 0.00069453 BTC value 108.94",
            // Value and fee in euros (0.00027963 × 35,761.54 = 10.00): not the base currency, so no value.
            "2022-03-08 buy 10 EUR -> 0.00027963 BTC fee 0.24 EUR",
            "2024-02-09 buy 10 EUR -> 0.00431791 ETH fee 0.14 EUR",
            "2025-01-15 income:staking 0.00002061 ETH in",
            "2025-01-16 income:staking 0.00004274 ETH in",
            "2025-01-17 income:staking 0.0000478 ETH in",
            "2025-05-09 buy 10 USD -> 0.00009518 BTC fee 0.24 USD",
        ])
        #expect(parsed.skipped == ["moves into staking inside the account": 1])
    }

    @Test("Shakepay: the CAD side of buys and sells is the Book Cost; Market Value is the value")
    func shakepay() throws {
        let parsed = try ExportSamples.parse("shakepay/shakepay_cryptoTax_R_dataset.csv", base: "CAD")
        #expect(parsed.briefs == [
            // Amount.Debited is empty on the buy (and Amount.Credited on the sell): Book.Cost is the CAD.
            "2021-05-07 buy 53.06974 CAD -> 0.00103982 BTC value 53.03",
            // The sample's Market.Value for this send is 0.35 CAD, kept as written.
            "2021-05-08 withdrawal 0.00051991 BTC out value 0.35",
            "2021-05-08 income:reward 0.000011 BTC in value 0.58",
            "2021-05-09 income:reward 0.000012 BTC in value 0.6",
            "2021-05-21 income:reward 0.000013 BTC in value 0.73",
            "2021-06-11 income:reward 0.000014 BTC in value 0.84",
            "2021-06-23 income:reward 0.000015 BTC in value 0.89",
            "2021-07-10 sell 0.00052991 BTC -> 31.26847 CAD value 31.27",
        ])
    }

    @Test("ShapeShift: the output is after the miner fee; returned shifts skipped")
    func shapeshift() throws {
        let parsed = try ExportSamples.parse("shapeshift/shapeshift-trade-history.csv")
        #expect(parsed.briefs == [
            "2021-09-05 trade 116.88 USDC -> 0.04550602793257411 ETH",
            // 103.0142883 × 0.00578758 = 0.5962034: 0.59420343 arrived after the 0.002 DASH miner fee.
            "2019-06-26 trade 103.0142883 DAI -> 0.59620343 DASH fee 0.002 DASH",
        ])
        #expect(parsed.skipped == ["shifts ShapeShift did not complete (returned or failed)": 1])
    }
}
