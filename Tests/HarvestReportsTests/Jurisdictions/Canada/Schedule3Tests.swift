import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest report schedule3`: Canada's Schedule 3 for one calendar year: each disposition on line 15300 (crypto-assets,
/// with bonds, debentures and promissory notes), the total proceeds on line 15199, then lines 19900, 12700 (one half)
/// and 25300, and the losses carried (ITA s.3, s.38, s.111; README "Years, Canada").
@Suite("Schedule 3")
struct Schedule3Tests {
    static let header = "line,year_of_acquisition,description,date_disposed,proceeds_of_disposition,adjusted_cost_base,"
        + "outlays_and_expenses,gain_or_loss,superficial_loss_denied"

    static func csv(_ books: Books, _ year: Int) throws -> String {
        let summary = try books.summary(year)
        return Schedule3.csv(year: year, disposals: books.disposals, summary: summary, figures: try #require(Schedule3.figures(of: summary)))
    }

    /// adjustedcostbase.ca's basic example (`Years.canada`): proceeds of disposition 6,000 and 3,600 (gross), outlays and
    /// expenses the 10 commission of each sale (ITA s.40(1)(a)(i)), ACB 2,505 and 3,606, gains 6,000 − 2,505 − 10 = 3,485
    /// and 3,600 − 3,606 − 10 = −16; both from the pool started in 2014. Line 19900 = 3,469; line 12700 =
    /// 3,469 × ½ = 1,734.50 (the vector's derived figure). With 1,000 of net capital losses of other years, line 25300
    /// claims their taxable part, 500 (line 12700 stays one half of line 19900).
    @Test("rows on line 15300, lines 15199, 19900, 12700 and 25300 (adjustedcostbase.ca)", arguments: [
        (Money.zero, "0.00"), (Money(1000), "500.00"),
    ])
    func basic(_ carriedIn: Money, _ line25300: String) throws {
        #expect(try Self.csv(Years.canada(carriedIn: carriedIn), 2014) == """
            \(Self.header)
            15300,2014,50 SEC,2014-05-01,6000.00,2505.00,10.00,3485.00,
            15300,2014,40 SEC,2014-09-25,3600.00,3606.00,10.00,-16.00,
            15199,,Total proceeds (2 rows),,9600.00,6111.00,20.00,,0.00
            15300,,Gain (or loss): crypto-assets,,,,,3469.00,
            19900,,Total capital gains (or losses) (crypto-assets only),,,,,3469.00,
            12700,,Taxable capital gains: 50% of line 19900 (when positive),,,,,1734.50,
            25300,,Net capital losses of other years applied (taxable part),,,,,\(line25300),
            ,,Net capital loss of the year to carry forward (taxable part),,,,,0.00,
            ,,"Net capital losses carried to next year, in full (taxable part is 50%)",,,,,0.00,

            """)
    }

    /// adjustedcostbase.ca's superficial loss example 1 (../shared/tax/vectors/ca-acbca-superficial-1.json): 100 bought
    /// 2014-01-06 at 50, sold 2014-11-03 at 30 (loss 2,000), 100 bought back the next day at 30 and held: "the capital loss
    /// of $2,000 cannot be claimed". The row shows the loss denied, gain 3,000 − 5,000 + 2,000 = 0. The denied loss joins
    /// the ACB of the new units: 3,000 + 2,000 = 5,000, so the 2015 sale at 80 gains 8,000 − 5,000 = 3,000; that pool
    /// started on 2014-11-04: year of acquisition 2014. Line 12700 for 2015: 1,500.
    @Test("a superficial loss denied in full, and the next year's gain on the raised ACB (adjustedcostbase.ca)")
    func superficialLoss() throws {
        let cad = Local(.canada)
        let books = try Books([
            cad.buy("b1", "2014-01-06", 100, "SEC", cost: 5000),
            cad.sell("s1", "2014-11-03", 100, "SEC", proceeds: 3000),
            cad.buy("b2", "2014-11-04", 100, "SEC", cost: 3000),
            cad.sell("s2", "2015-12-02", 100, "SEC", proceeds: 8000),
        ], .canada)
        #expect(try Self.csv(books, 2014) == """
            \(Self.header)
            15300,2014,100 SEC,2014-11-03,3000.00,5000.00,0.00,0.00,2000.00
            15199,,Total proceeds (1 rows),,3000.00,5000.00,0.00,,2000.00
            15300,,Gain (or loss): crypto-assets,,,,,0.00,
            19900,,Total capital gains (or losses) (crypto-assets only),,,,,0.00,
            12700,,Taxable capital gains: 50% of line 19900 (when positive),,,,,0.00,
            25300,,Net capital losses of other years applied (taxable part),,,,,0.00,
            ,,Net capital loss of the year to carry forward (taxable part),,,,,0.00,
            ,,"Net capital losses carried to next year, in full (taxable part is 50%)",,,,,0.00,

            """)
        let next = lines(try Self.csv(books, 2015))
        #expect(next[1] == "15300,2014,100 SEC,2015-12-02,8000.00,5000.00,0.00,3000.00,")
        #expect(next[5] == "12700,,Taxable capital gains: 50% of line 19900 (when positive),,,,,1500.00,")
    }

    /// IT-456R ¶12's partial case (../shared/tax/vectors/ca-it456r-p12.json): 50 held, 20 sold at a loss, 15 bought back in
    /// the window. Here: 50 ETH bought 2024-01-10 for 5,000 (ACB 100 each); 20 sold 2024-03-01 for 1,200 (ACB 2,000, loss
    /// 800); 15 bought 2024-03-10 for 900, 45 held at the window's end. min(S 20, P 15, B 45)/S = 15/20 of the loss is
    /// superficial: 600 denied, 200 allowed. With 300 of losses of other years carried in, nothing is used (a loss year):
    /// the year's net capital loss is 200 (taxable part 100), and 300 + 200 = 500 carries to 2025.
    @Test("a partial superficial loss and a loss year's carryforward lines (IT-456R ¶12)")
    func partialSuperficialLoss() throws {
        let cad = Local(.canada)
        let books = try Books([
            cad.buy("b1", "2024-01-10", 50, "ETH", cost: 5000),
            cad.sell("s1", "2024-03-01", 20, "ETH", proceeds: 1200),
            cad.buy("b2", "2024-03-10", 15, "ETH", cost: 900),
        ], .canada, carryforward: Carryforward(longTerm: 300))
        #expect(try Self.csv(books, 2024) == """
            \(Self.header)
            15300,2024,20 ETH,2024-03-01,1200.00,2000.00,0.00,-200.00,600.00
            15199,,Total proceeds (1 rows),,1200.00,2000.00,0.00,,600.00
            15300,,Gain (or loss): crypto-assets,,,,,-200.00,
            19900,,Total capital gains (or losses) (crypto-assets only),,,,,-200.00,
            12700,,Taxable capital gains: 50% of line 19900 (when positive),,,,,0.00,
            25300,,Net capital losses of other years applied (taxable part),,,,,0.00,
            ,,Net capital loss of the year to carry forward (taxable part),,,,,100.00,
            ,,"Net capital losses carried to next year, in full (taxable part is 50%)",,,,,500.00,

            """)
    }

    /// A trade is a disposition at fair value: 1 ETH bought for 3,000.004 (ACB printed 3,000.00), traded on 2024-06-01 for
    /// 100 SOL worth 4,000.006 (proceeds printed 4,000.01): gain as printed 4,000.01 − 3,000.00 = 1,000.01; the exact
    /// 1,000.002 would print 1,000.00. Line 12700: ½ × 1,000.01 = 500.005 → 500.01.
    @Test("a trade is described as one; each row's gain is its printed proceeds − printed ACB")
    func tradeRow() throws {
        let cad = Local(.canada)
        let books = try Books([
            cad.buy("b1", "2024-01-10", 1, "ETH", cost: "3000.004"),
            Row.trade("t1", "2024-06-01", sent: amount(1, "ETH"), received: amount(100, "SOL"), value: "4000.006"),
        ], .canada)
        let csv = lines(try Self.csv(books, 2024))
        #expect(csv[1] == "15300,2024,1 ETH (trade),2024-06-01,4000.01,3000.00,0.00,1000.01,")
        #expect(csv[3] == "15300,,Gain (or loss): crypto-assets,,,,,1000.01,")
        #expect(csv[5] == "12700,,Taxable capital gains: 50% of line 19900 (when positive),,,,,500.01,")
    }

    @Test("names: the report's line and the year in messages")
    func names() throws {
        let books = try Years.canada()
        let summary = try books.summary(2014)
        #expect(Schedule3.written(year: 2014, disposals: books.disposals, summary: summary, figures: try #require(summary.canadaGains))
            == "Schedule 3 for 2014")
        #expect(Schedule3.yearName(2014) == "2014")
        #expect(Schedule3.jurisdiction == .canada)
    }
}
