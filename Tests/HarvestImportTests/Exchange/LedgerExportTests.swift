import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Ledgers, movement lists and account statements: exports whose rows are balance changes, a trade's sides on rows that
/// share an id or a time. Layouts from BittyTax's parsers (github.com/BittyTax/BittyTax, src/bittytax/conv/parsers:
/// bitfinex.py, bybit.py, okx.py, bitpanda.py, poloniex.py, gateio.py) and public fixtures named on each test; rows
/// marked "made up" have the layout's columns with values of our own.
@Suite("Ledger and account exports")
struct LedgerExportTests {
    @Test("Bitfinex trades: a signed AMOUNT of the pair's base; the quote is AMOUNT × PRICE the other way")
    func bitfinexTrades() throws {
        // The first row is quoted from a public importer's notes on Bitfinex's trades report; the second is made up.
        let text = """
            #,PAIR,AMOUNT,PRICE,FEE,FEE PERC,FEE CURRENCY,DATE,ORDER ID
            183031541,BTC/EUR,1.3,7500,-0.001105,0.09%,BTC,2018-02-01 13:20:43,5525114532
            183031542,ETH/BTC,-2,0.05,-0.0001,0.10%,BTC,2018-03-01 10:00:00,5525114533
            """
        let parsed = try InlineExport.parse(text, file: "trades.csv", expected: "bitfinex-trades")
        #expect(parsed.briefs == [
            "2018-02-01 buy 9750 EUR -> 1.3 BTC fee 0.001105 BTC",
            "2018-03-01 trade 2 ETH -> 0.1 BTC fee 0.0001 BTC",
        ])
        #expect(parsed.instants.first == InlineExport.instant("2018-02-01T13:20:43Z"))
    }

    @Test("Bitfinex movements: completed deposits and withdrawals, canceled ones skipped")
    func bitfinexMovements() throws {
        // Made up, in the layout BittyTax reads as Bitfinex Deposits/Withdrawals.
        let text = """
            #,DATE,CURRENCY,STATUS,AMOUNT,FEES,DESCRIPTION,TRANSACTION ID,NOTE
            1001,2018-01-20 10:00:00,BTC,COMPLETED,0.5,0,Bitcoin deposit,0xa1,
            1002,2018-02-20 10:00:00,UST,COMPLETED,-200,-2,Tether withdrawal,0xa2,
            1003,2018-02-21 10:00:00,BTC,CANCELED,-0.1,0,Bitcoin withdrawal,,
            """
        let parsed = try InlineExport.parse(text, file: "movements.csv", expected: "bitfinex-movements")
        #expect(parsed.briefs == ["2018-01-20 deposit 0.5 BTC in", "2018-02-20 withdrawal 200 USDT out fee 2 USDT"])
        #expect(parsed.skipped == ["deposits and withdrawals not completed (canceled or pending)": 1])
    }

    @Test("Bitfinex ledger: an exchange's rows and its trading fee share a time; margin settlements are refused")
    func bitfinexLedger() throws {
        // Made up, in the layout BittyTax reads as Bitfinex Ledger, descriptions as BittyTax matches them.
        let text = """
            #,DESCRIPTION,CURRENCY,AMOUNT,BALANCE,DATE,WALLET
            5,Exchange 1.3 BTC for EUR @ 7500 on wallet exchange,BTC,1.3,1.3,2018-02-01 13:20:43,exchange
            4,Exchange 1.3 BTC for EUR @ 7500 on wallet exchange,EUR,-9750,250,2018-02-01 13:20:43,exchange
            3,Trading fees for 1.3 BTC (BTCEUR) @ 7500 on BFX (0.085%) on wallet exchange,BTC,-0.001105,1.298895,2018-02-01 13:20:43,exchange
            2,Staking reward on wallet exchange,ETH,0.01,0.01,2018-03-01 00:00:00,exchange
            1,Transfer of 0.01 ETH from wallet Exchange to Margin on wallet exchange,ETH,-0.01,0,2018-03-02 00:00:00,exchange
            """
        let parsed = try InlineExport.parse(text, file: "ledgers.csv", expected: "bitfinex-ledger")
        #expect(parsed.briefs == ["2018-02-01 buy 9750 EUR -> 1.3 BTC fee 0.001105 BTC", "2018-03-01 income:staking 0.01 ETH in"])
        #expect(parsed.skipped == ["moves between Bitfinex's exchange, margin and funding wallets": 1])
        let settlement = "#,DESCRIPTION,CURRENCY,AMOUNT,BALANCE,DATE,WALLET\n9,Settlement @ 7000 on wallet margin,BTC,-0.1,0,2018-04-01 00:00:00,margin\n"
        #expect(try InlineExport.rejection(settlement, file: "ledgers.csv", expected: "bitfinex-ledger") == [
            "ledgers.csv:2: DESCRIPTION: 'Settlement @ 7000 on wallet margin' cannot be imported: margin positions are not supported yet",
        ])
    }

    @Test("Bybit asset changes: deposits and withdrawals by Description, transfers to derivatives skipped")
    func bybitAssetChanges() throws {
        // Made up, in the layout BittyTax reads as Bybit Deposits/Withdrawals (Date & Time(UTC),Coin,QTY,Type,...).
        let text = """
            Date & Time(UTC),Coin,QTY,Type,Account Balance,Description
            2023-01-02 10:00:00,USDT,100,TRANSFER_IN,100,Deposit
            2023-01-03 10:00:00,USDT,-40,TRANSFER_OUT,60,Withdrawal
            2023-01-04 10:00:00,USDT,-10,TRANSFER_OUT,50,Transfer to Derivatives Account
            2023-01-05 10:00:00,USDT,-1,TRANSFER_OUT,49,Liquidation
            """
        #expect(try InlineExport.rejection(text, file: "bybit.csv", expected: "bybit-asset-changes") == [
            "bybit.csv:5: Description: unknown type 'Liquidation' (known: Deposit, Transfer from Derivatives Account, Transfer to Derivatives Account, Withdrawal)",
        ])
        let parsed = try InlineExport.parse(text.components(separatedBy: "\n").dropLast().joined(separator: "\n"), file: "bybit.csv",
                                            expected: "bybit-asset-changes")
        #expect(parsed.briefs == ["2023-01-02 deposit 100 USDT in", "2023-01-03 withdrawal 40 USDT out"])
    }

    static let okxHeader = "id,Order id,Time,Trade Type,Instrument,Type,Amount,Unit,PL,Fee,Position Change,Position Balance,Balance Change,Balance,Unit"

    @Test("OKX trading history: a spot trade's Buy and Sell rows share an id; the fee is on the Buy row")
    func okxTrading() throws {
        // Made up, in the layout BittyTax reads as OKX Trades (v2).
        let text = """
            \(Self.okxHeader)
            5001,9001,2023-05-01 12:00:00,Spot,BTC-USDT,Buy,0.01,BTC,0,-0.00001,0,0,0.00999,0.00999,BTC
            5001,9001,2023-05-01 12:00:00,Spot,BTC-USDT,Sell,290,USDT,0,0,0,0,-290,710,USDT
            5002,,2023-05-02 12:00:00,Transfer,,Transfer in,100,USDT,0,0,0,0,100,810,USDT
            """
        let parsed = try InlineExport.parse(text, file: "okx.csv", expected: "okx-trading")
        #expect(parsed.briefs == ["2023-05-01 trade 290 USDT -> 0.01 BTC fee 0.00001 BTC"])
        #expect(parsed.instants == [InlineExport.instant("2023-05-01T12:00:00Z")])
        #expect(parsed.skipped == ["moves between OKX's funding and trading accounts": 1])
    }

    @Test("OKX trading history: margin and derivatives rows are refused")
    func okxMargin() throws {
        let text = "\(Self.okxHeader)\n5003,9003,2023-05-03 12:00:00,Margin,BTC-USDT,Buy,0.01,BTC,0,0,0,0,0,0,BTC\n"
        #expect(try InlineExport.rejection(text, file: "okx.csv", expected: "okx-trading") == [
            "okx.csv:2: Trade Type/Type: 'Margin/Buy' cannot be imported: OKX margin and option rows are not supported yet (spot trades only)",
        ])
    }

    @Test("OKX funding history: deposits, withdrawals with their fee, staking yield")
    func okxFunding() throws {
        // Made up, in the layout BittyTax reads as OKX Funding.
        let text = """
            id,Time,Type,Amount,Before Balance,After Balance,Fee,Symbol
            7001,2023-04-01 09:00:00,Deposit,1.5,0,1.5,0,ETH
            7002,2023-04-02 09:00:00,Withdrawal,-1,1.5,0.499,-0.001,ETH
            7003,2023-04-03 09:00:00,Staking Yield,0.002,0.499,0.501,0,ETH
            7004,2023-04-04 09:00:00,To unified trading account,-0.5,0.501,0.001,0,ETH
            """
        let parsed = try InlineExport.parse(text, file: "funding.csv", expected: "okx-funding")
        #expect(parsed.briefs == [
            "2023-04-01 deposit 1.5 ETH in", "2023-04-02 withdrawal 1 ETH out fee 0.001 ETH", "2023-04-03 income:staking 0.002 ETH in",
        ])
    }

    /// The start of the public sample "bitpanda-trades-Max-Mustermann.csv" (github.com/MrRo-de/Bitpanda-Report), preamble included.
    static let bitpanda = """
        "Disclaimer: All data is without guarantee, errors and changes are reserved."
        "Max Mustermann, 1990-01-01"
        max@mustermann.de
        "Account opened at: 1/01/19, 08:00 AM"
        "Venue: Bitpanda"
        "Reported by Bitpanda GmbH"
        "Transaction ID",Timestamp,"Transaction Type",In/Out,"Amount Fiat",Fiat,"Amount Asset",Asset,"Asset market price","Asset market price currency","Asset class","Product ID",Fee,"Fee asset",Spread,"Spread Currency"
        Test-ID001,2020-06-13T12:16:15+01:00,deposit,incoming,1000.00,EUR,-,EUR,-,-,Fiat,-,15.00000000,EUR,-,-
        Test-ID003,2020-06-13T14:13:42+01:00,buy,outgoing,200.00,EUR,1575.54500794,MIOTA,0.13,EUR,Cryptocurrency,13,-,-,-,-
        Test-ID005,2020-10-21T23:09:43+02:00,deposit,incoming,0,EUR,145.93445300,XRP,0.00,-,Cryptocurrency,8,0.00000000,XRP,-,-
        Test-ID007,2020-10-21T23:22:16+02:00,sell,incoming,16.61,EUR,71.00029570,XRP,0.23,EUR,Cryptocurrency,8,-,-,-,-
        """

    @Test("Bitpanda: buys and sells against fiat, crypto deposits, fiat deposits skipped; times with their offset")
    func bitpanda() throws {
        let parsed = try InlineExport.parse(Self.bitpanda, file: "bitpanda-trades.csv", expected: "bitpanda", base: "EUR")
        #expect(parsed.briefs == [
            "2020-06-13 buy 200 EUR -> 1575.54500794 MIOTA",
            "2020-10-21 deposit 145.934453 XRP in",
            "2020-10-21 sell 71.0002957 XRP -> 16.61 EUR",
        ])
        #expect(parsed.instants.first == InlineExport.instant("2020-06-13T13:13:42Z"))
        #expect(parsed.skipped == ["fiat deposits (fiat is not tracked)": 1])
        #expect(parsed.rows.map(\.transaction.id) == ["Test-ID003", "Test-ID005", "Test-ID007"])
    }

    @Test("Bitpanda: stocks and metals are refused")
    func bitpandaStocks() throws {
        // From the same public sample: a metal and a stock row.
        let text = Self.bitpanda + """

            Test-ID010,2021-03-31T23:56:06+01:00,buy,outgoing,393.54,EUR,549.11934315,Silver,0.72,EUR,Metal,29,-,-,-,-
            Test-ID011,2021-07-03T10:57:43+02:00,buy,outgoing,500.00,EUR,11.10370863,KO,45.03,EUR,"Stock (derivative)",94,-,-,0.41000000,EUR
            """
        let reason = "Bitpanda rows of stocks, ETFs, metals and commodities are not supported (only cryptocurrencies and fiat)"
        #expect(try InlineExport.rejection(text, file: "bp.csv", expected: "bitpanda") == [
            "bp.csv:12: Transaction Type/Asset class/In/Out: 'buy/Metal/outgoing' cannot be imported: \(reason)",
            "bp.csv:13: Transaction Type/Asset class/In/Out: 'buy/Stock (derivative)/outgoing' cannot be imported: \(reason)",
        ])
    }

    static let poloniexHeader = "Date,Market,Category,Type,Price,Amount,Total,Fee,Order Number,Base Total Less Fee,Quote Total Less Fee"

    @Test("Poloniex trades: the Total Less Fee columns are what the trade moved (the fee taken from what was received)")
    func poloniexTrades() throws {
        // Two rows quoted from a public converter's test of Poloniex's trade history (XEM/BTC).
        let text = """
            \(Self.poloniexHeader)
            2016-06-29 03:54:56,XEM/BTC,Exchange,Buy,0.00001934,27774.58651931,0.53716050,0.15%,2311153645,-0.53716050,27732.92463954
            2017-12-16 23:41:09,XEM/BTC,Exchange,Sell,0.00003310,6429.67600000,0.21282227,0.25%,38237473363,0.21229022,-6429.67600000
            """
        let parsed = try InlineExport.parse(text, file: "tradeHistory.csv", expected: "poloniex-trades")
        #expect(parsed.briefs == ["2016-06-29 trade 0.5371605 BTC -> 27732.92463954 XEM", "2017-12-16 trade 6429.676 XEM -> 0.21229022 BTC"])
        #expect(parsed.instants.first == InlineExport.instant("2016-06-29T03:54:56Z"))
    }

    @Test("Poloniex trades with Fee Currency and Fee Total: the fee is its own leg")
    func poloniexTradesWithFee() throws {
        // Made up, in the later layout with the two fee columns.
        let text = """
            \(Self.poloniexHeader),Fee Currency,Fee Total
            2021-01-01 00:00:00,ETH/USDT,Exchange,Buy,700,1,700,0.15%,123,-700,0.9985,ETH,0.0015
            """
        #expect(try InlineExport.parse(text, file: "t.csv", expected: "poloniex-trades").briefs == ["2021-01-01 trade 700 USDT -> 1 ETH fee 0.0015 ETH"])
    }

    @Test("Poloniex trades: margin trades and settlements are refused")
    func poloniexMargin() throws {
        // Quoted from a public test of Poloniex's trade history.
        let text = """
            \(Self.poloniexHeader)
            2017-03-18 23:26:34,DASH/BTC,Margin trade,Buy,0.11069111,0.10000000,0.01106911,0.25%,85801373763,-0.01106911,0.09975000
            """
        #expect(try InlineExport.rejection(text, file: "t.csv", expected: "poloniex-trades") == [
            "t.csv:2: Category/Type: 'Margin trade/Buy' cannot be imported: margin trades are not supported yet",
        ])
    }

    @Test("Poloniex deposits, withdrawals and distributions")
    func poloniexMovements() throws {
        // Made up, in the layouts BittyTax reads as Poloniex Deposits, Withdrawals and Distributions.
        let deposits = "Date,Currency,Amount,Address,Status\n2018-01-01 10:00:00,BTC,0.5,1abc,COMPLETE\n2018-01-02 10:00:00,BTC,0.1,1abc,COMPLETE: 4a5b\n"
        #expect(try InlineExport.parse(deposits, file: "d.csv", expected: "poloniex-deposits").briefs
            == ["2018-01-01 deposit 0.5 BTC in", "2018-01-02 withdrawal 0.1 BTC out"])
        let withdrawals = "Date,Currency,Amount,Fee Deducted,Amount - Fee,Address,Status\n2018-02-01 10:00:00,ETH,1.0,0.005,0.995,0xabc,COMPLETE: 0x99\n"
        #expect(try InlineExport.parse(withdrawals, file: "w.csv", expected: "poloniex-withdrawals").briefs
            == ["2018-02-01 withdrawal 0.995 ETH out fee 0.005 ETH"])
        let distributions = "date,currency,amount,wallet\n2018-03-01,STR,100.5,exchange\n"
        #expect(try InlineExport.parse(distributions, file: "x.csv", expected: "poloniex-distributions").briefs == ["2018-03-01 income:airdrop 100.5 STR in"])
    }

    @Test("Gate.io account book: an order's placed, filled and fee rows share action_data")
    func gateIo() throws {
        // Made up, in the layout BittyTax reads as Gate.io (no,time,action_desc,action_data,type,change_amount,amount,total).
        let text = """
            no,time,action_desc,action_data,type,change_amount,amount,total
            1,2021-05-12 10:00:00,Order Placed,12345,USDT,-100,900,900
            2,2021-05-12 10:00:00,Order Filled,12345,BTC,0.002,0.002,0.002
            3,2021-05-12 10:00:00,Trading Fees,12345,BTC,-0.000004,0.001996,0.001996
            4,2021-05-13 10:00:00,Deposits,0xd1,ETH,1,1,1
            5,2021-05-14 10:00:00,Margin Loan,77,USDT,50,950,950
            """
        #expect(try InlineExport.rejection(text, file: "gate.csv", expected: "gate-io").first?.hasPrefix(
            "gate.csv:6: action_desc: unknown type 'Margin Loan' (known: ") == true)
        let parsed = try InlineExport.parse(text.components(separatedBy: "\n").dropLast().joined(separator: "\n"), file: "gate.csv", expected: "gate-io")
        #expect(parsed.briefs == ["2021-05-12 trade 100 USDT -> 0.002 BTC fee 0.000004 BTC", "2021-05-13 deposit 1 ETH in"])
    }
}

/// Wallet histories: one signed value per transaction, outgoing values with the network fee included.
/// Layouts from BittyTax's parsers (coinomi.py, electrum.py); rows made up.
@Suite("Wallet history exports")
struct WalletHistoryExportTests {
    @Test("Coinomi: a received value is a deposit; a sent value includes its fee, which is taken off")
    func coinomi() throws {
        // Made up, in the layout BittyTax reads as Coinomi.
        let text = """
            Asset,AccountName,Address,AddressName,Value,Symbol,Fees,InternalTransfer,TransactionID,Time(UTC),Time(ISO8601-UTC),BlockExplorer
            Bitcoin,Bitcoin,bc1qa,,0.05,BTC,0,false,f1a,2021-02-01 10:00,2021-02-01T10:00:00Z,https://example.invalid/f1a
            Bitcoin,Bitcoin,bc1qb,Savings,-0.0201,BTC,0.0001,false,f1b,2021-02-02 10:00,2021-02-02T10:00:00Z,https://example.invalid/f1b
            """
        let parsed = try InlineExport.parse(text, file: "coinomi.csv", expected: "coinomi")
        #expect(parsed.briefs == ["2021-02-01 deposit 0.05 BTC in", "2021-02-02 withdrawal 0.02 BTC out fee 0.0001 BTC"])
        #expect(parsed.instants.last == InlineExport.instant("2021-02-02T10:00:00Z"))
    }

    @Test("Electrum: values with the fee included, times in the tax time zone (Electrum writes the computer's local time)")
    func electrum() throws {
        // Made up, in the layout BittyTax reads as Electrum (v3).
        let text = """
            transaction_hash,label,confirmations,value,fiat_value,fee,fiat_fee,timestamp
            9c1d,from exchange,120,+0.10000000,,,,2021-03-01 09:15
            9c1e,cold storage,100,-0.05001000,,0.00001000,,2021-03-02 18:40
            """
        guard case .found(let format, let line) = ExchangeFormats.detect(text) else { Issue.record("not recognized"); return }
        #expect(format.name == "electrum")
        let zone = try #require(TaxTimeZone("Europe/London"))
        let parsed = try ExchangeImporter.parse(text, file: "electrum.csv", format: format, headerLine: line, options: .init(zone: zone))
        #expect(parsed.briefs == ["2021-03-01 deposit 0.1 BTC in", "2021-03-02 withdrawal 0.05 BTC out fee 0.00001 BTC"])
        #expect(parsed.instants.first == InlineExport.instant("2021-03-01T09:15:00Z"))
    }
}
