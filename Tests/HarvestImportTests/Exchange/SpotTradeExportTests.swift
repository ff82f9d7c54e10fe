import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Spot trade histories: one row per fill, both sides and the fee on the row. Layouts from BittyTax's parsers
/// (github.com/BittyTax/BittyTax, src/bittytax/conv/parsers: kraken.py, binance, coinbasepro.py, kucoin.py, mexc.py)
/// and public fixtures named on each test; rows marked "made up" have the layout's columns with values of our own.
@Suite("Spot trade history exports")
struct SpotTradeExportTests {
    static let krakenHeader = #""txid","ordertxid","pair","time","type","ordertype","price","cost","fee","vol","margin","misc","ledgers""#

    @Test("Kraken trades.csv: the pair XXBTZEUR split at its quote, cost and fee in the quote, times in UTC")
    func krakenTrades() throws {
        // Made up, in the layout of Kraken's trades export (BittyTax kraken.py "Kraken Trades").
        let text = """
            \(Self.krakenHeader)
            "TQ2VXA-5YKHS-7W3T4C","OQCLML-BW3P3-BUCMWZ","XXBTZEUR","2021-03-01 10:00:00.1234","buy","limit","40000.00000","400.00000","0.64000","0.01000000","0.00000","","LA1,LA2"
            "TQ2VXB-5YKHS-7W3T4C","OQCLMM-BW3P3-BUCMWZ","XETHXXBT","2021-03-02 23:30:00.0000","sell","market","0.03000","0.0300000000","0.0000780000","1.0000000000","0.0000000000","","LB1,LB2"
            """
        let parsed = try InlineExport.parse(text, file: "trades.csv", expected: "kraken-trades")
        #expect(parsed.briefs == [
            "2021-03-01 buy 400 EUR -> 0.01 BTC fee 0.64 EUR",
            "2021-03-02 trade 1 ETH -> 0.03 BTC fee 0.000078 BTC",
        ])
        #expect(parsed.instants == [InlineExport.instant("2021-03-01T10:00:00.123Z"), InlineExport.instant("2021-03-02T23:30:00Z")])
        #expect(parsed.rows.map(\.transaction.id) == ["TQ2VXA-5YKHS-7W3T4C", "TQ2VXB-5YKHS-7W3T4C"])
    }

    @Test("Kraken trades.csv: a margin trade is refused, pointing to the ledgers export")
    func krakenMargin() throws {
        // Made up: a margin other than zero.
        let text = """
            \(Self.krakenHeader)
            "TQ2VXC-5YKHS-7W3T4C","OQCLMN-BW3P3-BUCMWZ","XXBTZUSD","2021-03-03 10:00:00","buy","limit","50000.0","5000.0","13.0","0.1","1000.00000","",""
            """
        #expect(try InlineExport.rejection(text, file: "trades.csv", expected: "kraken-trades") == [
            "trades.csv:2: margin: '1000.00000' cannot be imported: margin trades are not supported yet (a margin other than 0); "
                + "import the ledgers export (ledgers.csv) for spot trades",
        ])
    }

    @Test("Binance spot trade history: quantities written with their asset (0.1800000000SOL), UTC")
    func binanceTrades() throws {
        // Rows from public fixtures of this layout: the SOLBUSD row from an intake-pipeline test, the DOGEEUR row
        // from a trade-parser's comment (both quoted in their repositories as Binance's export).
        let text = """
            Date(UTC),Pair,Side,Price,Executed,Amount,Fee
            2022-03-28 13:01:36,SOLBUSD,SELL,110.03,0.1800000000SOL,19.8054BUSD,0.0198054BUSD
            2021-06-05 16:36:56,DOGEEUR,BUY,0.31031,500DOGE,155.15500000EUR,0.5DOGE
            """
        let parsed = try InlineExport.parse(text, file: "part-00000.csv", expected: "binance-trades")
        #expect(parsed.briefs == [
            "2022-03-28 trade 0.18 SOL -> 19.8054 BUSD fee 0.0198054 BUSD",
            "2021-06-05 buy 155.155 EUR -> 500 DOGE fee 0.5 DOGE",
        ])
        #expect(parsed.instants.first == InlineExport.instant("2022-03-28T13:01:36Z"))
    }

    @Test("Binance spot trade history: a quantity without its asset names the cell")
    func binanceTradesMissingAsset() throws {
        // Made up: the Executed cell lost its asset.
        let text = "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2022-03-28 13:01:36,SOLBUSD,SELL,110.03,0.18,19.8054BUSD,0.0198054BUSD\n"
        #expect(try InlineExport.rejection(text, file: "part.csv", expected: "binance-trades") == [
            "part.csv:2: Executed: '0.18' names no asset (expected a quantity and an asset, like '1.5 ETH')",
        ])
    }

    @Test("Binance trade history before 2021: the Market BNBBTC split at its quote, the fee in Fee Coin")
    func binanceTrades2019() throws {
        // Made up, in the layout BittyTax reads as "Binance Trades" (Date(UTC),Market,Type,...,Fee Coin).
        let text = """
            Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin
            2019-05-02 10:00:00,BNBBTC,BUY,0.0035,10,0.035,0.0075,BNB
            2019-05-03 11:00:00,BTCUSDT,SELL,5500,0.1,550,0.55,USDT
            2019-05-04 12:00:00,WHATEVER,SELL,1,1,1,0,BNB
            """
        #expect(try InlineExport.rejection(text, file: "trades.csv", expected: "binance-trades-2019") == [
            "trades.csv:4: Market: 'WHATEVER' is not a trading pair (expected two assets joined by '_', '-' or '/', like 'ETH_CRO', "
                + "or ending with one of USDT, BUSD, USDC, TUSD, FDUSD, USDP, PAX, USDS, DAI, BTC, ETH, BNB, XRP, TRX, DOGE, EUR, GBP, "
                + "TRY, AUD, BRL, RUB, NGN, UAH, ZAR, PLN, RON, ARS, JPY, BIDR, IDRT, BKRW, VAI)",
        ])
        let parsed = try InlineExport.parse(text.components(separatedBy: "\n").dropLast().joined(separator: "\n"), file: "trades.csv",
                                            expected: "binance-trades-2019")
        #expect(parsed.briefs == [
            "2019-05-02 trade 0.035 BTC -> 10 BNB fee 0.0075 BNB",
            "2019-05-03 trade 0.1 BTC -> 550 USDT fee 0.55 USDT",
        ])
    }

    @Test("Coinbase Pro fills: total has the fee applied; a buy pays size × price, a sale receives it")
    func coinbaseProFills() throws {
        // Made up, in the fills report's layout (BittyTax coinbasepro.py "Coinbase Pro Fills").
        let text = """
            portfolio,trade id,product,side,created at,size,size unit,price,fee,total,price/fee/total unit
            default,1234567,BTC-EUR,BUY,2021-01-04T10:15:30.123Z,0.01000000,BTC,25000.00,1.2500000000000000,-251.2500000000000000,EUR
            default,7654321,ETH-BTC,SELL,2021-01-05T08:00:00.000Z,1.00000000,ETH,0.03000,0.0000150000,0.0299850000,BTC
            """
        let parsed = try InlineExport.parse(text, file: "fills.csv", expected: "coinbase-pro-fills")
        #expect(parsed.briefs == [
            "2021-01-04 buy 250 EUR -> 0.01 BTC fee 1.25 EUR",
            "2021-01-05 trade 1 ETH -> 0.03 BTC fee 0.000015 BTC",
        ])
        #expect(parsed.rows.map(\.transaction.id) == ["BTC-EUR:1234567", "ETH-BTC:7654321"])
        #expect(parsed.instants.first == InlineExport.instant("2021-01-04T10:15:30.123Z"))
    }

    @Test("Bybit spot order history (unified account): the fee is in the asset received; times like 14:35 2024-11-16 in UTC")
    func bybitSpot() throws {
        // Rows from fifo-calc's notes on Bybit's exports (a public GitHub repository), file Bybit-Spot-OrderHistory-….csv.
        let text = """
            Spot Pairs,Order Type,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC)
            ICPUSDT,MARKET,SELL,49.97342400000000000000,9.32340000000000000000,5.36000000000000000000,0.04997342400000000000,2200000000355489633, 53982208,14:35 2024-11-16
            ICPUSDT,LIMIT,BUY,80.20300000000000000000,8.02030000000000000000,10.00000000000000000000,0.01000000000000000000,2200000000351556764, 87307520,03:18 2024-11-15
            """
        let parsed = try InlineExport.parse(text, file: "Bybit-Spot-OrderHistory.csv", expected: "bybit-spot")
        #expect(parsed.briefs == [
            "2024-11-16 trade 5.36 ICP -> 49.973424 USDT fee 0.049973424 USDT",
            "2024-11-15 trade 80.203 USDT -> 10 ICP fee 0.01 ICP",
        ])
        #expect(parsed.instants == [InlineExport.instant("2024-11-16T14:35:00Z"), InlineExport.instant("2024-11-15T03:18:00Z")])
    }

    @Test("Bybit spot trade history before the unified account: quantities with their asset, Timestamp (UTC)")
    func bybitSpotPreUnified() throws {
        // Rows from fifo-calc's notes on Bybit's exports, file Bybit-Spot-TradeHistory-….xls saved as CSV.
        let text = """
            Filled Time (Local Time),Spot Pairs,Order Type,Direction,Filled Value,Filled Price,Filled Quantity,Fees,Transaction ID,Order No.,Timestamp (UTC)
            2024-09-27 23:52:04,NEIRO/USDT,Market,Sell,99.687126000000000000 USDT,0.088900000000000000 USDT,1121.340000000000000000 NEIRO,0.199374252000000000 USDT,67006208,50228992,2024-09-27 21:52:04
            2024-09-27 23:02:35,NEIRO/USDT,Market,Buy,99.999510000000000000 USDT,0.089000000000000000 USDT,1123.590000000000000000 NEIRO,2.247180000000000000 NEIRO,98282240,89893632,2024-09-27 21:02:35
            """
        let parsed = try InlineExport.parse(text, file: "Bybit-Spot-TradeHistory.csv", expected: "bybit-spot-pre-uta")
        #expect(parsed.briefs == [
            "2024-09-27 trade 1121.34 NEIRO -> 99.687126 USDT fee 0.199374252 USDT",
            "2024-09-27 trade 99.99951 USDT -> 1123.59 NEIRO fee 2.24718 NEIRO",
        ])
        #expect(parsed.instants.first == InlineExport.instant("2024-09-27T21:52:04Z"))
    }

    @Test("KuCoin's 2018 layout: dealValue in the quote, the fee too, createdDate in Singapore time (UTC+8)")
    func kucoin2018() throws {
        // Made up, in the layout BittyTax reads as KuCoin Trades v4 (oid,symbol,dealPrice,dealValue,amount,fee,direction,createdDate,).
        let text = """
            oid,symbol,dealPrice,dealValue,amount,fee,direction,createdDate,
            5b1f2a3c4d5e6f7a8b9c0d1e,KCS-BTC,0.0002,0.002,10,0.000002,BUY,2018-06-12 08:00:00,
            5b1f2a3c4d5e6f7a8b9c0d1f,KCS-BTC,0.00021,0.00105,5,0.00000105,SELL,2018-06-13 07:00:00,
            """
        let parsed = try InlineExport.parse(text, file: "kucoin.csv", expected: "kucoin-2018")
        #expect(parsed.briefs == [
            "2018-06-12 trade 0.002 BTC -> 10 KCS fee 0.000002 BTC",
            "2018-06-12 trade 5 KCS -> 0.00105 BTC fee 0.00000105 BTC",
        ])
        #expect(parsed.instants == [InlineExport.instant("2018-06-12T00:00:00Z"), InlineExport.instant("2018-06-12T23:00:00Z")])
    }

    @Test("KuCoin's 2017 layout: amount_coin and funds, or amount and deal_value")
    func kucoin2017() throws {
        // Made up, in the two layouts BittyTax reads as KuCoin Trades v1 and v2.
        let withFunds = """
            uid,symbol,order_type,price,amount_coin,direction,funds,fee,created_at
            123,NEO-BTC,LIMIT,0.005,2,buy,0.01,0.00001,2017-12-01 12:00:00
            """
        #expect(try InlineExport.parse(withFunds, file: "k.csv", expected: "kucoin-2017").briefs == ["2017-12-01 trade 0.01 BTC -> 2 NEO fee 0.00001 BTC"])
        let withDealValue = """
            uid,symbol,direction,deal_price,amount,deal_value,created_at
            123,NEO-BTC,sell,0.006,1,0.006,2017-12-02 12:00:00
            """
        #expect(try InlineExport.parse(withDealValue, file: "k.csv", expected: "kucoin-2017").briefs == ["2017-12-02 trade 1 NEO -> 0.006 BTC"])
    }

    @Test("KuCoin spot trade history: Filled Time in the zone its column names (UTC+08:00 here)")
    func kucoinSpotFills() throws {
        // Made up, in the layout BittyTax reads as KuCoin Trades (UID,Account Type,...,Filled Time(UTC+08:00),...,Fee Currency).
        let text = """
            UID,Account Type,Order ID,Symbol,Side,Order Type,Avg. Filled Price,Filled Amount,Filled Volume,Filled Volume (USDT),Filled Time(UTC+08:00),Fee,Tax,Maker/Taker,Fee Currency
            ****1234,mainAccount,64a0f1e2c3d4,BTC-USDT,BUY,LIMIT,30000,0.01,300,300,2023-07-01 08:30:00,0.3,0,TAKER,USDT
            """
        let parsed = try InlineExport.parse(text, file: "Spot Orders_Filled Orders.csv", expected: "kucoin-spot-fills")
        #expect(parsed.briefs == ["2023-07-01 trade 300 USDT -> 0.01 BTC fee 0.3 USDT"])
        #expect(parsed.instants == [InlineExport.instant("2023-07-01T00:30:00Z")])
    }

    @Test("MEXC spot trade history: Pairs BTC_USDT, the fee in the asset received")
    func mexcTrades() throws {
        // Made up, in the layout BittyTax reads as MEXC Trades (Pairs,Time,Side,Filled Price,Executed Amount,Total,Fee,Role).
        let text = """
            Pairs,Time,Side,Filled Price,Executed Amount,Total,Fee,Role
            BTC_USDT,2023-02-01 10:00:00,BUY,23000,0.01,230,0.00001,TAKER
            ETH_USDT,2023-02-02 10:00:00,SELL,1600,1,1600,1.6,MAKER
            """
        let parsed = try InlineExport.parse(text, file: "mexc.csv", expected: "mexc-trades")
        #expect(parsed.briefs == [
            "2023-02-01 trade 230 USDT -> 0.01 BTC fee 0.00001 BTC",
            "2023-02-02 trade 1 ETH -> 1600 USDT fee 1.6 USDT",
        ])
        #expect(parsed.instants.first == InlineExport.instant("2023-02-01T10:00:00Z"))
    }

    @Test("MEXC deposits and withdrawals: only completed rows; a withdrawal sends its settlement amount and pays its fee")
    func mexcTransfers() throws {
        // Made up, in the layouts BittyTax reads as MEXC Deposits and MEXC Withdrawals.
        let deposits = """
            UID,Status,Time,Crypto,Network,Deposit Amount,TxID,Progress
            1,Credited Successfully,2023-03-01 10:00:00,USDT,TRC20,500,0xd1,12/12
            1,Pending,2023-03-02 10:00:00,USDT,TRC20,100,0xd2,1/12
            """
        let parsedDeposits = try InlineExport.parse(deposits, file: "d.csv", expected: "mexc-deposits")
        #expect(parsedDeposits.briefs == ["2023-03-01 deposit 500 USDT in"])
        #expect(parsedDeposits.skipped == ["deposits not credited (pending or failed)": 1])
        let withdrawals = """
            UID,Status,Time,Crypto,Network,Request Amount,Withdrawal Address,memo,TxID,Trading Fee,Settlement Amount,Withdrawal Descriptions
            1,Withdrawal Successful,2023-03-05 10:00:00,USDT,TRC20,101,Txyz,,0xw1,1,100,
            """
        #expect(try InlineExport.parse(withdrawals, file: "w.csv", expected: "mexc-withdrawals").briefs == ["2023-03-05 withdrawal 100 USDT out fee 1 USDT"])
    }
}
