import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Cash App's transaction report. Columns as BittyTax's cashapp.py lists them (two layouts: `Transaction ID` first,
/// and, since 2024, `Date` first); amounts in dollars with a sign or in parentheses (`($370)`), times with a US zone's
/// abbreviation (`2020-02-16 21:58:49 EST`). The buy and withdrawal rows follow a public test fixture of the older
/// layout (a 2019 report's rows in a tax tool's tests); the recurring buy follows the example row of
/// github.com/mobius29er/fileConverter's README; rows marked made up are ours.
@Suite("Cash App")
struct CashAppTests {
    static let olderHeader = "Transaction ID,Date,Transaction Type,Currency,Amount,Fee,Net Amount,Asset Type,Asset Price,Asset Amount,Status,Notes,"
        + "Name of sender/receiver,Account"

    @Test("the older layout: a buy paid in dollars with its fee in parentheses, then the bitcoin withdrawn; EST is UTC-5")
    func olderLayout() throws {
        let text = [
            Self.olderHeader,
            "m11cax,2020-02-16 21:59:29 EST,Bitcoin Withdrawal,USD,$0,$0,$0,BTC,,0.03760644,COMPLETED,Withdrawing BTC 0.03760644,,Your Cash",
            "h88o3a,2020-02-16 21:58:49 EST,Bitcoin Buy,USD,($370),($6.71),($376.71),BTC,$9838.74,0.03760644,COMPLETED,purchase of BTC 0.03760644,,Your Cash",
            // Made up: a sale, a dollar deposit, a failed buy.
            "q12abc,2020-03-01 10:00:00 EST,Bitcoin Sell,USD,$85.10,($1.50),$83.60,BTC,$8510.00,0.01,COMPLETED,sale of BTC 0.01,,Your Cash",
            "r34def,2020-03-02 10:00:00 EST,Cash in,USD,$500,$0,$500,,,,COMPLETED,,,Your Cash",
            "s56ghi,2020-03-03 10:00:00 EST,Bitcoin Buy,USD,($50),($1.00),($51.00),BTC,$8000.00,0.00625,FAILED,purchase of BTC 0.00625,,Your Cash",
            "",
        ].joined(separator: "\n")
        let parsed = try parseRecognized(text, as: "cash-app")
        #expect(parsed.briefs == [
            "2020-02-17 withdrawal 0.03760644 BTC out",
            "2020-02-17 buy 370 USD -> 0.03760644 BTC fee 6.71 USD",
            "2020-03-01 sell 0.01 BTC -> 85.1 USD fee 1.5 USD",
        ])
        #expect(parsed.skipped == [
            "fiat deposits (fiat is not tracked)": 1, "rows not completed (failed, pending, cancelled, declined or refunded)": 1,
        ])
        let buy = parsed.rows[1].transaction
        #expect(buy.id == "h88o3a" && buy.wallet == Wallet("cash-app") && buy.note == "purchase of BTC 0.03760644")
        #expect(buy.timestamp == InlineExport.instant("2020-02-17T02:58:49Z"))
    }

    @Test("the current layout: a recurring buy with minus signs before the dollar sign; EDT is UTC-4")
    func currentLayout() throws {
        let text = """
            Date,Transaction ID,Transaction Type,Currency,Amount,Fee,Net Amount,Asset Type,Asset Price,Asset Amount,Status,Notes
            2025-10-09 16:29:46 EDT,,Bitcoin Recurring Buy,USD,-$48.88,-$1.12,-$50.00,BTC,$120963.94,0.00040409,COMPLETE,purchase of BTC

            """
        let parsed = try parseRecognized(text, as: "cash-app")
        #expect(parsed.briefs == ["2025-10-09 buy 48.88 USD -> 0.00040409 BTC fee 1.12 USD"])
        #expect(parsed.instants == [InlineExport.instant("2025-10-09T20:29:46Z")])
    }

    @Test("a type Harvest does not know is refused with its name; a time in an unknown zone is refused")
    func refusals() throws {
        // Made up in the current layout.
        let header = "Date,Transaction ID,Transaction Type,Currency,Amount,Fee,Net Amount,Asset Type,Asset Price,Asset Amount,Status,Notes\n"
        let stock = try refusal(header + "2025-10-09 16:29:46 EDT,x1,Stock Buy,USD,-$10.00,$0,-$10.00,AAPL,$200.00,0.05,COMPLETE,\n", as: "cash-app")
        #expect(stock.count == 1 && stock[0].hasPrefix("export.csv:2: Transaction Type: unknown type 'Stock Buy'"))
        let zone = try refusal(header + "2025-10-09 16:29:46 CEST,x2,Bitcoin Buy,USD,-$10.00,$0,-$10.00,BTC,$100000,0.0001,COMPLETE,\n", as: "cash-app")
        #expect(zone.count == 1 && zone[0].hasPrefix("export.csv:2: Date: '2025-10-09 16:29:46 CEST' is not a time"))
    }
}

/// PayPal's crypto transactions statement (Venmo writes the same): columns as BittyTax's paypal.py lists them, types
/// BUY, SELL, TRANSFER-IN and TRANSFER-OUT as other readers list them, times like `Tue, 09 Feb 2021 14:23:05 GMT` (the
/// layout a PayPal-to-CoinTracker converter on GitHub reads them with), after a disclaimer line. The rows are made up
/// in that layout.
@Suite("PayPal crypto")
struct PayPalCryptoTests {
    @Test("a buy with its fee, a sale, a transfer out; the market value in dollars is the value")
    func statement() throws {
        let text = """
            "Cryptocurrency transactions statement. Not a tax document."
            DateTime,Transaction Type,Asset In (Quantity),Asset In (Currency),Asset Out (Quantity),Asset Out (Currency),Transaction Fee (Quantity),Transaction Fee (Currency),Market Value (USD)
            "Tue, 09 Feb 2021 14:23:05 GMT",BUY,0.00215,BTC,97.50,USD,2.50,USD,97.50
            "Wed, 10 Mar 2021 09:00:00 GMT",SELL,55.20,USD,0.001,BTC,1.05,USD,55.20
            "Thu, 11 Mar 2021 09:00:00 GMT",TRANSFER-OUT,,,0.00115,BTC,0.00001,BTC,62.00

            """
        let parsed = try parseRecognized(text, as: "paypal-crypto")
        #expect(parsed.briefs == [
            "2021-02-09 buy 97.5 USD -> 0.00215 BTC fee 2.5 USD value 97.5",
            "2021-03-10 sell 0.001 BTC -> 55.2 USD fee 1.05 USD value 55.2",
            "2021-03-11 withdrawal 0.00115 BTC out fee 0.00001 BTC value 62",
        ])
        #expect(parsed.instants[0] == InlineExport.instant("2021-02-09T14:23:05Z") && parsed.rows[0].transaction.wallet == Wallet("paypal"))
    }

    @Test("a type Harvest does not know is refused with its name")
    func unknownType() throws {
        let text = """
            DateTime,Transaction Type,Asset In (Quantity),Asset In (Currency),Asset Out (Quantity),Asset Out (Currency),Transaction Fee (Quantity),Transaction Fee (Currency),Market Value (USD)
            "Tue, 09 Feb 2021 14:23:05 GMT",CHECKOUT,,,0.001,BTC,0,USD,45.00

            """
        let errors = try refusal(text, as: "paypal-crypto")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: Transaction Type: unknown type 'CHECKOUT'"))
    }
}

/// Robinhood's crypto order history: columns as BittyTax's robinhood.py lists them; only `Filled` orders are trades,
/// `Notional` is the order's dollars (Robinhood charges no fee, it earns a spread). The rows are made up in that layout.
@Suite("Robinhood crypto")
struct RobinhoodCryptoTests {
    static let header = "UUID,Time Entered,Symbol,Side,Quantity,State,Order Type,Leaves Quantity,Entered Price,Average Price,Notional"

    @Test("a filled buy and sell; a cancelled order is skipped")
    func orders() throws {
        let text = [
            Self.header,
            "5f1b2c3d-0000-4000-8000-000000000001,2021-05-12T14:03:22.512000Z,DOGE,Buy,250.5,Filled,market,0,0.4980,0.4990,$125.00",
            "5f1b2c3d-0000-4000-8000-000000000002,2021-05-20T09:15:00Z,DOGE,Sell,100,Filled,limit,0,0.5200,0.5210,$52.10",
            "5f1b2c3d-0000-4000-8000-000000000003,2021-05-21T09:15:00Z,BTC,Buy,0.001,Canceled,limit,0.001,30000,,$30.00",
            "",
        ].joined(separator: "\n")
        let parsed = try parseRecognized(text, as: "robinhood-crypto")
        #expect(parsed.briefs == ["2021-05-12 buy 125 USD -> 250.5 DOGE", "2021-05-20 sell 100 DOGE -> 52.1 USD"])
        #expect(parsed.skipped == ["orders not filled (cancelled, failed, rejected or still open)": 1])
        #expect(parsed.rows[0].transaction.id == "5f1b2c3d-0000-4000-8000-000000000001")
        #expect(parsed.instants[0] == InlineExport.instant("2021-05-12T14:03:22.512Z") && parsed.rows[0].transaction.wallet == Wallet("robinhood"))
    }

    @Test("a side Harvest does not know is refused with its name")
    func unknownSide() throws {
        let text = Self.header + "\nu4,2021-05-12T14:03:22Z,DOGE,Short,1,Filled,market,0,0.5,0.5,$0.50\n"
        let errors = try refusal(text, as: "robinhood-crypto")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: Side: unknown type 'Short'"))
    }
}

/// HitBTC's trades report: the two rows are the example in github.com/bonnag/ukcointax's HitbtcTradeRecogniser (the
/// 2018 layout without Email); BittyTax's hitbtc.py lists the later columns (Email, Taker, PnL, Margin Mode). `Total` is
/// the quote's balance change with the fee and the maker rebate applied (a buy of 0.003917 BTC of ETH with a 0.000000391
/// BTC rebate totals -0.003916609), so the quote side is read from it: the fee and rebate are within it.
@Suite("HitBTC trades")
struct HitBTCTradesTests {
    @Test("a sell and a buy with maker rebates: the quote side is the Total")
    func trades() throws {
        let text = """
            "Date (UTC)","Instrument","Trade ID","Order ID","Side","Quantity","Price","Volume","Fee","Rebate","Total"
            "2018-03-09 23:51:14","ETH/BTC","222490402","20670049603","sell","0.050","0.078336","0.003916800","0.000000000","0.000000391","0.003917191"
            "2018-03-09 23:51:11","ETH/BTC","222490354","20670049449","buy","0.050","0.078340","0.003917000","0.000000000","0.000000391","-0.003916609"

            """
        let parsed = try parseRecognized(text, as: "hitbtc-trades", base: "EUR")
        #expect(parsed.briefs == ["2018-03-09 trade 0.05 ETH -> 0.003917191 BTC", "2018-03-09 trade 0.003916609 BTC -> 0.05 ETH"])
        let sell = parsed.rows[0].transaction
        #expect(sell.id == "222490402" && sell.fee == nil && sell.wallet == Wallet("hitbtc"))
        #expect(sell.timestamp == InlineExport.instant("2018-03-09T23:51:14Z"))
    }

    @Test("a side Harvest does not know is refused with its name")
    func unknownSide() throws {
        // Made up in the layout with Email.
        let text = "Email,Date (UTC),Instrument,Trade ID,Order ID,Side,Quantity,Price,Volume,Fee,Rebate,Total,Taker\n"
            + "a@example.com,2019-01-02 10:00:00,BTC/USDT,1,2,margin-buy,0.01,4000,40,0.04,0,-40.04,true\n"
        let errors = try refusal(text, as: "hitbtc-trades")
        #expect(errors.count == 1 && errors[0].hasPrefix("export.csv:2: Side: unknown type 'margin-buy'"))
    }
}
