import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest gains --format csv`: ../shared/DESIGN.md "Gains CSV", with `rule` under pooled rules and `missing_basis` when a
/// row rests on assumed zero basis (README "United Kingdom and Canada", "How the numbers are computed").
@Suite("Gains CSV")
struct GainsCSVTests {
    static let designHeader = "asset,wallet,quantity,date_acquired,date_disposed,proceeds,cost_basis,adjustment,gain,term,lot_tx_id,disposal_tx_id"

    @Test("the header is DESIGN.md's, column for column")
    func header() {
        #expect(GainsCSV.header.joined(separator: ",") == Self.designHeader)
        #expect(lines(GainsCSV.write([])) == [Self.designHeader])
    }

    /// 1 BTC bought 2023-03-01 for 20,000 (b1), 1 BTC bought 2024-02-01 for 40,000.01 (b2), 1.5 BTC sold 2024-06-15 for
    /// 90,000 (s1), in a wallet whose name has a comma. FIFO: b1's 1 BTC, then 0.5 of b2, in that order.
    /// - b1: proceeds 90,000 × 1/1.5 = 60,000; basis 20,000; gain 40,000; held 2023-03-01 → 2024-06-15: long.
    /// - b2: proceeds 90,000 − 60,000 = 30,000; basis 40,000.01 × 0.5 = 20,000.005 → 20,000.01 printed; gain as
    ///   printed 30,000.00 − 20,000.01 = 9,999.99 (the exact 9,999.995 alone would print 10,000.00); short.
    @Test("US rows: ISO dates, two decimals, term, lot and disposal ids, a comma in a field quoted")
    func usRows() throws {
        let wallet = "Coinbase, Inc."
        let books = try Books([
            Row.buy("b1", "2023-03-01", 1, "BTC", cost: 20000, wallet: wallet),
            Row.buy("b2", "2024-02-01", 1, "BTC", cost: "40000.01", wallet: wallet),
            Row.sell("s1", "2024-06-15", "1.5", "BTC", proceeds: 90000, wallet: wallet),
        ], .us)
        #expect(GainsCSV.write(books.disposals) == """
            \(Self.designHeader)
            BTC,"Coinbase, Inc.",1,2023-03-01,2024-06-15,60000.00,20000.00,0.00,40000.00,long,b1,s1
            BTC,"Coinbase, Inc.",0.5,2024-02-01,2024-06-15,30000.00,20000.01,0.00,9999.99,short,b2,s1

            """)
    }

    /// IRS VITA case study 1 (Pub 550 wash-sale example 1; ../shared/tax/vectors/us-vita-wash-1.json): 100 shares
    /// bought for 1,000, sold for 750, 100 bought back within 30 days for 800. The 250 loss is disallowed: the row shows
    /// adjustment 250 and gain 750 − 1,000 + 250 = 0.
    @Test("a wash sale row carries its adjustment, and its gain includes it")
    func washSaleRow() throws {
        let books = try Books([
            Row.buy("b1", "2024-01-02", 100, "IBIT", cost: 1000),
            Row.sell("s1", "2024-03-01", 100, "IBIT", proceeds: 750),
            Row.buy("b2", "2024-03-15", 100, "IBIT", cost: 800),
        ], .us, policy: washSalePolicy)
        #expect(lines(GainsCSV.write(books.disposals)) == [
            Self.designHeader, "IBIT,A,100,2024-01-02,2024-03-01,750.00,1000.00,250.00,0.00,short,b1,s1",
        ])
    }

    /// HMRC CRYPTO22252 (Martyn, same-day rule) and CRYPTO22255 (Melanie, 30-day rule and the pool), in one UK history
    /// (dates as in ../shared/tax/vectors: opening pools bought 2024-01-02).
    /// - Martyn: pool 5,000 TOKEN_B for 500; on 23 June sells 1,000 for 800 (09:00), buys 1,600 for 1,000 (14:00), sells
    ///   500 for 600 (20:00). Both sales match the same-day purchase: 1,000 × 1,000/1,600 = 625 (gain 175) and
    ///   1,000 × 500/1,600 = 312.50 (gain 287.50); HMRC: cost £938 (937.50) and gain £462 (462.50) together.
    /// - Melanie: pool 14,000 TOKEN_E for 200,000; sells 4,000 for 160,000 on 30 August, buys 500 for 17,500 on
    ///   11 September. 500 match the later purchase (30-day rule): proceeds 160,000 × 500/4,000 = 20,000, cost 17,500,
    ///   gain 2,500; 3,500 come from the pool: proceeds 140,000, cost 200,000 × 3,500/14,000 = 50,000, gain 90,000.
    ///   HMRC: gain £92,500.
    /// A same-day or 30-day row names the matched acquisition; a pool row names `pool` and the day the pool started. Every
    /// row is `long` (one class of gains).
    @Test("UK rows add a rule column: same_day, 30_day, pool (HMRC CRYPTO22252, CRYPTO22255)")
    func ukRules() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("m0", "2024-01-02", 5000, "TOKEN_B", cost: 500),
            gbp.buy("e0", "2024-01-02", 14000, "TOKEN_E", cost: 200_000),
            gbp.sell("m1", "2024-06-23", 1000, "TOKEN_B", proceeds: 800, hour: 9),
            gbp.buy("m2", "2024-06-23", 1600, "TOKEN_B", cost: 1000, hour: 14),
            gbp.sell("m3", "2024-06-23", 500, "TOKEN_B", proceeds: 600, hour: 20),
            gbp.sell("e1", "2024-08-30", 4000, "TOKEN_E", proceeds: 160_000),
            gbp.buy("e2", "2024-09-11", 500, "TOKEN_E", cost: 17500),
        ], .unitedKingdom)
        #expect(GainsCSV.write(books.disposals) == """
            \(Self.designHeader),rule
            TOKEN_B,A,1000,2024-06-23,2024-06-23,800.00,625.00,0.00,175.00,long,m2,m1,same_day
            TOKEN_B,A,500,2024-06-23,2024-06-23,600.00,312.50,0.00,287.50,long,m2,m3,same_day
            TOKEN_E,A,500,2024-09-11,2024-08-30,20000.00,17500.00,0.00,2500.00,long,e2,e1,30_day
            TOKEN_E,A,3500,2024-01-02,2024-08-30,140000.00,50000.00,0.00,90000.00,long,pool,e1,pool

            """)
    }

    /// adjustedcostbase.ca's basic ACB example (../shared/tax/vectors/ca-acbca-basic.json): 100 bought at 50 with a 10
    /// fee (ACB 5,010); 50 sold at 120 less a 10 fee: proceeds 5,990, ACB 5,010 × 50/100 = 2,505, gain 3,485; 50 bought at
    /// 130 plus 10 (ACB 2,505 + 6,510 = 9,015 for 100); 40 sold at 90 less 10: proceeds 3,590, ACB 9,015 × 40/100 = 3,606,
    /// loss 16. Both rows come out of the pool started on 2014-03-03. The sale fees are each row's `selling_cost`.
    @Test("Canadian rows come out of the pool: rule pool, lot pool, the pool's first day (adjustedcostbase.ca)")
    func canadaPool() throws {
        let cad = Local(.canada)
        let books = try Books([
            cad.buy("b1", "2014-03-03", 100, "SEC", cost: 5000, fee: 10),
            cad.sell("s1", "2014-05-01", 50, "SEC", proceeds: 6000, fee: 10),
            cad.buy("b2", "2014-07-18", 50, "SEC", cost: 6500, fee: 10),
            cad.sell("s2", "2014-09-25", 40, "SEC", proceeds: 3600, fee: 10),
        ], .canada)
        #expect(GainsCSV.write(books.disposals) == """
            \(Self.designHeader),rule,selling_cost
            SEC,A,50,2014-03-03,2014-05-01,5990.00,2505.00,0.00,3485.00,long,pool,s1,pool,10.00
            SEC,A,40,2014-03-03,2014-09-25,3590.00,3606.00,0.00,-16.00,long,pool,s2,pool,10.00

            """)
    }

    /// 1 ETH bought for 2,000, 3 sold for 9,000 with `allowMissingBasis`: the 2 units never seen acquired are taken as
    /// zero-basis units acquired on the day of the sale by the sale itself. Proceeds split 9,000 × 1/3 = 3,000 and
    /// 6,000; gains 1,000 and 6,000.
    @Test("missing_basis appears only when a row rests on assumed zero basis, true on those rows")
    func missingBasis() throws {
        let books = try Books([
            Row.buy("b1", "2024-01-01", 1, "ETH", cost: 2000),
            Row.sell("s1", "2024-05-01", 3, "ETH", proceeds: 9000),
        ], .us, policy: AccountingPolicy(allowMissingBasis: true))
        #expect(GainsCSV.write(books.disposals) == """
            \(Self.designHeader),missing_basis
            ETH,A,1,2024-01-01,2024-05-01,3000.00,2000.00,0.00,1000.00,short,b1,s1,false
            ETH,A,2,2024-05-01,2024-05-01,6000.00,0.00,0.00,6000.00,short,s1,s1,true

            """)
        // Without such rows there is no such column (the US tests above), whatever the policy says.
        let known = try Books([Row.buy("b1", "2024-01-01", 1, "ETH", cost: 2000), Row.sell("s1", "2024-05-01", 1, "ETH", proceeds: 9000)],
                              .us, policy: AccountingPolicy(allowMissingBasis: true))
        #expect(lines(GainsCSV.write(known.disposals)).first == Self.designHeader)
    }

    /// 20,000 rows of about 55 bytes are more than a megabyte: the stream comes in pieces of the writer's chunk size
    /// (64 KB, cut short only where a number would not fit; the last shorter), which together are the whole file. Row k: 1 X of the lot of 20,000 bought for 20,000
    /// (basis 1), sold for 2.
    @Test("streamed: pieces of the writer's chunk size that together are the whole file")
    func streamed() throws {
        let sales = (1...20_000).map {
            Row.make("s\($0)", .sell, "2024-02-01", sequence: $0, sent: amount(1, "X"), received: usd(2))
        }
        let books = try Books([Row.buy("b", "2024-01-01", 20_000, "X", cost: 20_000)] + sales, .us)
        var pieces: [[UInt8]] = []
        let writer = TextWriter(chunkBytes: 1 << 16) { pieces.append(Array($0)) }
        GainsCSV.write(books.disposals, to: writer)
        writer.flush()
        #expect(pieces.count >= 16)
        #expect(pieces.dropLast().allSatisfy { $0.count <= 1 << 16 && $0.count > (1 << 16) - NumberText.maximumBytes })
        #expect(pieces.last.map { (1...(1 << 16)).contains($0.count) } == true)
        let all = lines(String(decoding: pieces.joined(), as: UTF8.self))
        #expect(all.count == 20_001 && all[0] == Self.designHeader)
        #expect(all[1] == "X,A,1,2024-01-01,2024-02-01,2.00,1.00,0.00,1.00,short,b,s1")
        #expect(all[20_000] == "X,A,1,2024-01-01,2024-02-01,2.00,1.00,0.00,1.00,short,b,s20000")
    }
}

/// A row resting on an edited transaction (`harvest tx edit`) is marked: a last column `edited` in the CSV, `edited` in
/// JSON, and the year's count; a history without edits keeps DESIGN.md's columns (above).
@Suite("Gains reports mark edited rows")
struct GainsEditedTests {
    /// b1 1 BTC for 100, edited; s1 sells it for 150: gain 50, short.
    static func books() throws -> Books {
        var bought = Row.buy("b1", "2024-01-02", 1, "BTC", cost: 100)
        bought.edited = true
        return try Books([bought, Row.buy("b2", "2024-01-03", 1, "ETH", cost: 10), Row.sell("s1", "2024-03-01", 1, "BTC", proceeds: 150),
                          Row.sell("s2", "2024-03-02", 1, "ETH", proceeds: 12)], .us)
    }

    @Test("CSV: an edited column, true on the row resting on the edited purchase")
    func csv() throws {
        #expect(lines(GainsCSV.write(try Self.books().disposals)) == [
            GainsCSVTests.designHeader + ",edited",
            "BTC,A,1,2024-01-02,2024-03-01,150.00,100.00,0.00,50.00,short,b1,s1,true",
            "ETH,A,1,2024-01-03,2024-03-02,12.00,10.00,0.00,2.00,short,b2,s2,false",
        ])
    }

    @Test("JSON: edited on each disposal and edited_rows in the year")
    func json() throws {
        let books = try Self.books()
        let json = GainsJSON.write(books.disposals, summaries: books.summaries, warnings: [])
        #expect(json.contains("\"disposal_tx_id\":\"s1\",\"lot_source\":null,\"disposal_source\":null,\"missing_basis\":false,\"edited\":true"))
        #expect(json.contains("\"disposal_tx_id\":\"s2\",\"lot_source\":null,\"disposal_source\":null,\"missing_basis\":false,\"edited\":false"))
        #expect(json.contains("\"edited_rows\":1"))
    }
}
