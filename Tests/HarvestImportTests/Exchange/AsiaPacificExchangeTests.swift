import Foundation
import HarvestCore
import HarvestImport
import Testing

/// HTX's (Huobi's) trade history. The English rows are those of everytrade-plugins' tests of its reader (HuobiBeanV1Test:
/// a byte-order mark, a quoted header, a trailing comma on every row); the Chinese rows are double-entry-generator's
/// example export (example/huobi/example-huobi-records.csv). Its reader takes the times as UTC+8, HTX's own time (its
/// notices are dated GMT+8); everytrade's takes them as UTC, so the zone is the one reading that knew the export's users.
@Suite("HTX trade history")
struct HTXTradeHistoryTests {
    @Test("English: a buy pays its fee in the coin bought (taken off it when replayed), a sale in the quote; Fee names its asset; UTC+8")
    func english() throws {
        let text = "\u{FEFF}\"Time\",\"Type\",\"Pair\",\"Side\",\"Price\",\"Amount\",\"Total\",\"Fee\"\n"
            + "2020-03-31 21:31:43,Exchange,LTC/BTC,Buy,0.006040,0.8940,0.0053,0.00178800LTC,\n"
            + "2020-03-31 21:31:24,Exchange,LTC/BTC,Sell,0.006036,0.7362,0.0044,0.00000888BTC,\n"
        let parsed = try parseRecognized(text, as: "htx-trades")
        #expect(parsed.briefs == [
            "2020-03-31 trade 0.0053 BTC -> 0.894 LTC fee 0.001788 LTC",
            "2020-03-31 trade 0.7362 LTC -> 0.0044 BTC fee 0.00000888 BTC",
        ])
        #expect(parsed.instants == [InlineExport.instant("2020-03-31T13:31:43Z"), InlineExport.instant("2020-03-31T13:31:24Z")])
        #expect(parsed.rows.allSatisfy { $0.transaction.wallet == Wallet("htx") })
    }

    @Test("Chinese: 币币交易 with 买入 and 卖出; an asset with digits in its name (BTC1S) in the fee cell")
    func chinese() throws {
        let text = """
            "时间","交易类型","交易对","方向","价格","数量","成交额","手续费"
            2021-02-24 09:56:20,币币交易,BTC/USDT,卖出,49850.00,0.000108,5.38380000,0.01076760USDT,
            2021-02-23 20:36:17,币币交易,BTC1S/USDT,买入,1.2252,4.5760,5.60652159,0.00915201BTC1S,
            2021-02-23 20:32:37,币币交易,BTC/USDT,买入,45999.00,0.000304,13.98369600,0.00000060BTC,

            """
        let parsed = try parseRecognized(text, as: "htx-trades")
        #expect(parsed.briefs == [
            "2021-02-24 trade 0.000108 BTC -> 5.3838 USDT fee 0.0107676 USDT",
            "2021-02-23 trade 5.60652159 USDT -> 4.576 BTC1S fee 0.00915201 BTC1S",
            "2021-02-23 trade 13.983696 USDT -> 0.000304 BTC fee 0.0000006 BTC",
        ])
        // 09:56:20 in UTC+8 is 01:56:20 UTC.
        #expect(parsed.instants.first == InlineExport.instant("2021-02-24T01:56:20Z"))
    }

    @Test("a row that is not a spot trade is refused with its type and the rule, named by the header's own columns")
    func refusals() throws {
        // Made up: a margin row in the English layout.
        let text = "Time,Type,Pair,Side,Price,Amount,Total,Fee\n2020-03-31 21:31:43,Margin,LTC/BTC,Buy,0.006040,0.8940,0.0053,0.00178800LTC,\n"
        let errors = try refusal(text, as: "htx-trades")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: Type/Side: unknown type 'Margin/Buy': only spot trades"))
    }
}

/// bitFlyer's transaction history (取引履歴), as Eupholio reads it (pkg/bitflyer: columns, the six types it knows, signed
/// quantities, the fee negative and in 通貨1; its Rust normalizer reads the times as Japan time, +09:00) and as
/// everytrade-plugins reads the English names. The first two rows are Eupholio's test rows (extractor_test.go); rows
/// marked made up are ours.
@Suite("bitFlyer transaction history")
struct BitFlyerTests {
    static let japaneseHeader = #""取引日時","通貨","取引種別","取引価格","通貨1","通貨1数量","手数料","通貨1の対円レート","通貨2","通貨2数量","自己・媒介","注文 ID","備考""#

    @Test("Japanese: a buy whose fee in bitcoin comes off what it bought; a yen deposit is fiat; a sale, a send, a receipt; Japan time")
    func japanese() throws {
        let text = [
            Self.japaneseHeader,
            #""2017/08/16 23:46:37","BTC/JPY","買い","454,359","BTC","0.009","-0.0000135","454,359","JPY","-4,089","媒介","JOR20170816-000006-000001","""#,
            #""2017/07/24 14:07:52","JPY","入金","0","JPY","100,000","0","0","","0","","MDP20170724-000002-000001","""#,
            // Made up: a sale, a send out with its fee, a receipt.
            #""2017/09/01 10:00:00","BTC/JPY","売り","500,000","BTC","-0.005","-0.0000075","500,000","JPY","2,500","媒介","JOR20170901-000001-000001","""#,
            #""2017/09/02 10:00:00","BTC","外部送付","0","BTC","-0.003","-0.0004","500,000","","0","","MWD20170902-000001-000001","""#,
            #""2017/09/03 10:00:00","ETH","受取","0","ETH","1.5","0","30,000","","0","","MDP20170903-000001-000001","""#,
            "",
        ].joined(separator: "\n")
        let parsed = try parseRecognized(text, as: "bitflyer", base: "JPY")
        #expect(parsed.briefs == [
            "2017-08-16 buy 4089 JPY -> 0.009 BTC fee 0.0000135 BTC",
            "2017-09-01 sell 0.005 BTC -> 2500 JPY fee 0.0000075 BTC",
            "2017-09-02 withdrawal 0.003 BTC out fee 0.0004 BTC",
            "2017-09-03 deposit 1.5 ETH in",
        ])
        #expect(parsed.skipped == ["fiat deposits (fiat is not tracked)": 1])
        // 23:46:37 in Japan (UTC+9) is 14:46:37 UTC.
        #expect(parsed.instants.first == InlineExport.instant("2017-08-16T14:46:37Z"))
        #expect(parsed.rows[0].transaction.wallet == Wallet("bitflyer") && parsed.rows[0].transaction.note == "JOR20170816-000006-000001")
    }

    @Test("English column names, as everytrade-plugins and Eupholio list them; a crypto-for-crypto trade")
    func english() throws {
        // Made up, in the English layout.
        let text = """
            Trade Date,Product,Trade Type,Traded Price,Currency 1,Amount (Currency 1),Fee,JPY Rate (Currency 1),Currency 2,Amount (Currency 2),Counter Party,Order ID,Details
            2021/06/01 09:00:00,ETH/BTC,Buy,0.07,ETH,0.5,-0.00075,300000,BTC,-0.035,,JOR20210601-000001-000001,

            """
        let parsed = try parseRecognized(text, as: "bitflyer", base: "JPY")
        #expect(parsed.briefs == ["2021-06-01 trade 0.035 BTC -> 0.5 ETH fee 0.00075 ETH"])
        #expect(parsed.instants == [InlineExport.instant("2021-06-01T00:00:00Z")])
    }

    @Test("a type Harvest does not know is refused with its name and the types it knows")
    func refusals() throws {
        // Made up: a type outside those Eupholio lists.
        let text = Self.japaneseHeader + "\n"
            + #""2017/09/04 10:00:00","BTC","FX取引","0","BTC","0.1","0","500,000","","0","","X1","""# + "\n"
        let errors = try refusal(text, as: "bitflyer")
        #expect(errors == ["export.csv:2: 取引種別: unknown type 'FX取引' (known: Buy, Sell, 入金, 受取, 売り, 外部送付, 手数料, 買い)"])
    }
}

/// CoinSpot's order history (orderhistory.csv), with the columns ccgc (coinspot.py) and a beancount importer match
/// exactly; dates like `25/03/2021 10:15 AM` as another reader parses them. CoinSpot documents no zone for them: they are
/// wall-clock times, read in the tax time zone. The rows are made up in that layout.
@Suite("CoinSpot order history")
struct CoinSpotTests {
    static let header = "Transaction Date,Type,Market,Amount,Rate inc. fee,Rate ex. fee,Fee,Fee AUD (inc GST),GST AUD,Total AUD,Total (inc GST)"

    @Test("a buy and a sale in dollars: Amount × Rate inc. fee holds the fee; a swap against USDT, its fee in dollars within it")
    func orders() throws {
        let text = [
            Self.header,
            "25/03/2021 10:15 AM,Buy,BTC/AUD,0.01,70100.00,69407.00,6.93,6.93,0.63,701.00,701.00",
            "26/03/2021 2:30 PM,Sell,ETH/AUD,0.5,2376.00,2400.00,12.00,12.00,1.09,1188.00,1188.00",
            "27/03/2021 9:05 AM,Buy,DOGE/USDT,100,0.0606,0.06,0.06,0.08,0.01,8.10,6.06",
            "",
        ].joined(separator: "\n")
        let sydney = try #require(TaxTimeZone("Australia/Sydney"))
        let parsed = try parseRecognized(text, as: "coinspot-orders", base: "AUD", zone: sydney)
        #expect(parsed.briefs == [
            "2021-03-25 buy 694.07 AUD -> 0.01 BTC fee 6.93 AUD",
            "2021-03-26 sell 0.5 ETH -> 1200 AUD fee 12 AUD",
            "2021-03-27 trade 6.06 USDT -> 100 DOGE",
        ])
        // 10:15 AM in Sydney (daylight time, UTC+11) is 23:15 UTC the day before.
        #expect(parsed.instants.first == InlineExport.instant("2021-03-24T23:15:00Z"))
        #expect(parsed.rows[0].transaction.wallet == Wallet("coinspot"))
    }

    @Test("a type Harvest does not know is refused with its name")
    func refusals() throws {
        let errors = try refusal(Self.header + "\n28/03/2021 9:05 AM,Swap,BTC/ETH,0.01,15,15,0,0,0,700,700\n", as: "coinspot-orders")
        #expect(errors == ["export.csv:2: Type: unknown type 'Swap' (known: Buy, Sell)"])
    }
}

/// KuCoin writes its times in UTC+8 (Singapore) where a layout does not say otherwise: BittyTax reads every KuCoin layout
/// without an offset in its column's name as Asia/Singapore (kucoin.py: trades v1 to v5, `Filled Time` alone included;
/// its maintainer moved it there from Asia/Hong_Kong, the same offset, in BittyTax issue 306), and KuCoin's later exports
/// name the zone in the column (`Filled Time(UTC+08:00)`). rotki and everytrade read `tradeCreatedAt` as UTC; that is
/// eight hours off.
@Suite("KuCoin time zones")
struct KucoinZoneTests {
    @Test("the 2020-2022 order history: tradeCreatedAt is Singapore time")
    func tradeCreatedAt() throws {
        // The rows of the KuCoin order history sample in ../shared/data/exports/kucoin.
        let text = """
            tradeCreatedAt,symbol,side,price,size,funds,fee,feeCurrency
            2022-04-28 12:36:00,XTZ-USDT,sell,0.1025,36.4479,3.73590975,0.00373590975,USDT
            2022-04-28 15:46:07,XRP-USDT,buy,0.64924,432.59183198,280.8559209946952,0.2808559209946952,USDT
            """
        let parsed = try parseRecognized(text, as: "kucoin")
        #expect(parsed.instants == [InlineExport.instant("2022-04-28T04:36:00Z"), InlineExport.instant("2022-04-28T07:46:07Z")])
    }

    @Test("the spot trade history whose Filled Time names no zone is Singapore time; one that names UTC is UTC")
    func filledTime() throws {
        // Made up, in the layouts BittyTax reads as KuCoin Trades (`Filled Time` alone, and `Filled Time(UTC)`).
        let columns = "UID,Account Type,Order ID,Symbol,Side,Order Type,Avg. Filled Price,Filled Amount,Filled Volume,Filled Volume (USDT),"
        let row = "****1234,mainAccount,64a0f1e2c3d4,BTC-USDT,BUY,LIMIT,30000,0.01,300,300,2023-07-01 08:30:00,0.3,0,TAKER,USDT\n"
        let plain = try parseRecognized(columns + "Filled Time,Fee,Tax,Maker/Taker,Fee Currency\n" + row, as: "kucoin-spot-fills")
        #expect(plain.instants == [InlineExport.instant("2023-07-01T00:30:00Z")])
        let utc = try parseRecognized(columns + "Filled Time(UTC),Fee,Tax,Maker/Taker,Fee Currency\n" + row, as: "kucoin-spot-fills")
        #expect(utc.instants == [InlineExport.instant("2023-07-01T08:30:00Z")])
    }
}
