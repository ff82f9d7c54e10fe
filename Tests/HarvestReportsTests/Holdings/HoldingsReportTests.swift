import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest holdings --format csv|json`: each open lot valued at its asset's latest close on or before the day, its
/// unrealized gain, its term on that day and the first day it is long-term under the jurisdiction's holding period.
@Suite("Holdings report")
struct HoldingsReportTests {
    static let header = "asset,wallet,date_acquired,quantity,cost_basis,price,price_date,value,unrealized_gain,term,long_term_from,lot_tx_id,missing_basis"

    /// US lots, valued on 2025-02-28:
    /// - b1: 0.5 BTC bought 2024-02-29 for 30,000. Closes 80,000 on 2025-02-26 and 90,000 on 2025-03-03: the latest on or
    ///   before the day is 2025-02-26's: value 40,000, unrealized 10,000. A holding from the last day of February is a
    ///   year old on the last day of February (2025-02-28): still short that day, long from 2025-03-01.
    /// - d1: 1,000 DOGE deposited 2024-06-01 from an unknown address: basis zero, flagged. Close 0.15 on 2025-02-20: value
    ///   150, unrealized 150. Long from 2025-06-02.
    /// - e1: 2 ETH bought 2023-02-28 for 3,000.50. Close 1,100.1275 on the day itself: value 2,200.255 → 2,200.26,
    ///   unrealized −800.245 → −800.25 (cents, half away from zero). Long since 2024-03-01 (the year from the last day of
    ///   February 2023 ends on the last day of February 2024, the 29th).
    /// - s1: 10 SOL bought 2024-12-01 for 2,000. Its only close is 2025-03-01's, after the day: no price, no value. Long
    ///   from 2025-12-02.
    static func books() throws -> (lots: [Lot], prices: PriceBook) {
        let books = try Books([
            Row.buy("e1", "2023-02-28", 2, "ETH", cost: "3000.50"),
            Row.buy("b1", "2024-02-29", "0.5", "BTC", cost: 30000),
            Row.make("d1", .deposit, "2024-06-01", received: amount(1000, "DOGE")),
            Row.buy("s1", "2024-12-01", 10, "SOL", cost: 2000),
        ], .us)
        var prices = PriceBook()
        prices.set(Asset("BTC"), PriceSeries([(day("2025-02-26"), 80000), (day("2025-03-03"), 90000)]))
        prices.set(Asset("ETH"), PriceSeries([(day("2025-02-27"), 1000), (day("2025-02-28"), "1100.1275")]))
        prices.set(Asset("DOGE"), PriceSeries([(day("2025-02-20"), "0.15")]))
        prices.set(Asset("SOL"), PriceSeries([(day("2025-03-01"), 150)]))
        return (books.result.openLots, prices)
    }

    @Test("rows: the latest close on or before the day, value, unrealized gain, term and the first long-term day")
    func rows() throws {
        let (lots, prices) = try Self.books()
        let rows = try HoldingsReport.rows(lots, prices: prices, asOf: day("2025-02-28"), jurisdiction: .us)
        #expect(rows.map(\.lot.transactionID) == ["b1", "d1", "e1", "s1"])
        #expect(rows.map { $0.price?.date } == [day("2025-02-26"), day("2025-02-20"), day("2025-02-28"), nil])
        #expect(rows.map { $0.price?.price } == [80000, "0.15", "1100.1275", nil])
        #expect(rows.map(\.value) == [40000, 150, "2200.255", nil])
        #expect(rows.map(\.unrealized) == [10000, 150, "-800.245", nil])
        #expect(rows.map(\.term) == [.short, .short, .long, .short])
        #expect(rows.map(\.longTermFrom) == [day("2025-03-01"), day("2025-06-02"), day("2024-03-01"), day("2025-12-02")])
    }

    @Test("CSV: money in cents, the price exact, empty cells without a price, missing_basis")
    func csv() throws {
        let (lots, prices) = try Self.books()
        #expect(try HoldingsReport.csv(HoldingsReport.rows(lots, prices: prices, asOf: day("2025-02-28"), jurisdiction: .us)) == """
            \(Self.header)
            BTC,A,2024-02-29,0.5,30000.00,80000,2025-02-26,40000.00,10000.00,short,2025-03-01,b1,false
            DOGE,A,2024-06-01,1000,0.00,0.15,2025-02-20,150.00,150.00,short,2025-06-02,d1,true
            ETH,A,2023-02-28,2,3000.50,1100.1275,2025-02-28,2200.26,-800.25,long,2024-03-01,e1,false
            SOL,A,2024-12-01,10,2000.00,,,,,short,2025-12-02,s1,false

            """)
    }

    /// One lot of X bought on `acquired`, valued on `asOf`:
    /// - US (IRC §1222, more than one year by the calendar; a start on a month's last day has its anniversary on that
    ///   month's last day): 2012-09-19 is long from 2013-09-20; 2024-02-29 from 2025-03-01; 2023-02-28 from 2024-03-01.
    /// - Germany (BGB §§187(1), 188(2), (3): the year ends on the day with the same number, or the month's last day when
    ///   there is none): 2024-01-01 is long from 2025-01-02; 2024-02-29 from 2025-03-01 (no 29 February in 2025);
    ///   2023-02-28 from 2024-02-29, a day before the US date.
    /// - The UK: one class of gains: long (as the gains rows say) from the first day, the pool's.
    @Test("term and long-term-from by the jurisdiction's holding period", arguments: [
        (Jurisdiction.us, "2012-09-19", "2013-09-19", Term.short, "2013-09-20"), (.us, "2012-09-19", "2013-09-20", .long, "2013-09-20"),
        (.us, "2024-02-29", "2025-02-28", .short, "2025-03-01"), (.us, "2024-02-29", "2025-03-01", .long, "2025-03-01"),
        (.us, "2023-02-28", "2024-02-29", .short, "2024-03-01"),
        (.germany, "2024-01-01", "2025-01-01", .short, "2025-01-02"), (.germany, "2024-01-01", "2025-01-02", .long, "2025-01-02"),
        (.germany, "2024-02-29", "2025-02-28", .short, "2025-03-01"),
        (.germany, "2023-02-28", "2024-02-28", .short, "2024-02-29"), (.germany, "2023-02-28", "2024-02-29", .long, "2024-02-29"),
        (.unitedKingdom, "2025-01-10", "2025-01-20", .long, "2025-01-10"),
    ])
    func holdingPeriod(_ jurisdiction: Jurisdiction, _ acquired: String, _ asOf: String, _ term: Term, _ longFrom: String) throws {
        let lots = try Books([Local(jurisdiction).buy("b", acquired, 1, "X", cost: 100)], jurisdiction).result.openLots
        var prices = PriceBook()
        prices.set(Asset("X"), PriceSeries([(day(asOf), 100)]))
        let rows = try HoldingsReport.rows(lots, prices: prices, asOf: day(asOf), jurisdiction: jurisdiction)
        let row = try #require(rows.first)
        #expect(rows.count == 1 && row.term == term && row.longTermFrom == day(longFrom))
        let fields = csvFields(lines(HoldingsReport.csv(rows))[1])
        #expect(fields[9] == term.rawValue && fields[10] == longFrom)
    }

    /// IRS VITA case study 1 (Pub 550 wash-sale example 1), as in GainsCSVTests: 100 IBIT bought 2024-01-02 for 1,000,
    /// sold 2024-03-01 for 750, 100 bought back 2024-03-15 for 800. The 250 loss is added to the new lot (basis 1,050) and
    /// the 59 days the sold shares were held (2024-01-02 to 2024-03-01) are added to its holding period: it starts
    /// 2024-01-16, so it is long from 2025-01-17, not 2025-03-16. On 2024-06-30 (a Sunday) the latest close is Friday's,
    /// 9.50: value 950, unrealized −100. Beside it, 500 DOGE deposited from an unknown address (basis zero, flagged) with
    /// no price at all: nulls.
    @Test("JSON: exact amounts, the holding start a wash sale moved, nulls without a price")
    func json() throws {
        let books = try Books([
            Row.buy("b1", "2024-01-02", 100, "IBIT", cost: 1000),
            Row.sell("s1", "2024-03-01", 100, "IBIT", proceeds: 750),
            Row.buy("b2", "2024-03-15", 100, "IBIT", cost: 800),
            Row.make("d1", .deposit, "2024-05-01", received: amount(500, "DOGE")),
        ], .us, policy: washSalePolicy)
        var prices = PriceBook()
        prices.set(Asset("IBIT"), PriceSeries([(day("2024-06-27"), 10), (day("2024-06-28"), "9.5")]))
        let rows = try HoldingsReport.rows(books.result.openLots, prices: prices, asOf: day("2024-06-30"), jurisdiction: .us)
        #expect(HoldingsReport.json(rows, asOf: day("2024-06-30")) == #"""
            {"as_of":"2024-06-30","lots":[{"asset":"DOGE","wallet":"A","date_acquired":"2024-05-01","holding_start":"2024-05-01",\#
            "quantity":"500","cost_basis":"0","price":null,"price_date":null,"value":null,"unrealized_gain":null,"term":"short",\#
            "long_term_from":"2025-05-02","lot_tx_id":"d1","missing_basis":true,"edited":false},{"asset":"IBIT","wallet":"A",\#
            "date_acquired":"2024-03-15","holding_start":"2024-01-16","quantity":"100","cost_basis":"1050","price":"9.5",\#
            "price_date":"2024-06-28","value":"950","unrealized_gain":"-100","term":"short","long_term_from":"2025-01-17",\#
            "lot_tx_id":"b2","missing_basis":false,"edited":false}]}

            """#)
    }

    @Test("no lots: the CSV header alone, an empty JSON list")
    func empty() {
        #expect(HoldingsReport.csv([]) == Self.header + "\n")
        #expect(HoldingsReport.json([], asOf: day("2025-01-01")) == #"{"as_of":"2025-01-01","lots":[]}"# + "\n")
    }
}
