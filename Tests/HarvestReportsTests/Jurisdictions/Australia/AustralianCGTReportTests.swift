import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest report au-cgt`: item 18 of the Australian individual return (18H, 18A, 18V) with the ATO's steps between
/// them ("Working out your net capital gain or loss"; ITAA 1997 Div 102, 115; README "Australia").
@Suite("Australian CGT report")
struct AustralianCGTReportTests {
    static func csv(_ books: Books, _ year: Int) throws -> String {
        let summary = try books.summary(year)
        return AustralianCGTReport.csv(year: year, disposals: books.disposals, summary: summary,
                                       figures: try #require(AustralianCGTReport.figures(of: summary)))
    }

    /// `Years.australia` (worked in GainsJSONSummaryTests): 18H 12,000 (2,000 non-discountable, 10,000 discountable);
    /// 500 of the year's losses and 3,000 carried in: 2,000 against the non-discountable gains, 1,500 against the
    /// discountable ones; discount 50% of 8,500 = 4,250; 18A 4,250; 18V 0.
    @Test("item 18: labels 18H, 18A, 18V and the steps, in the income year 2024-25")
    func item18() throws {
        #expect(try Self.csv(Years.australia(), 2024) == """
            income_year,label,item,amount
            2024-25,18H,Total current year capital gains,12000.00
            2024-25,,Non-discountable gains (held less than 12 months),2000.00
            2024-25,,Discountable gains (held 12 months or more),10000.00
            2024-25,,Current year capital losses,500.00
            2024-25,,Net capital losses from earlier years,3000.00
            2024-25,,Losses applied to non-discountable gains,2000.00
            2024-25,,Losses applied to discountable gains,1500.00
            2024-25,,Of which net capital losses from earlier years,3000.00
            2024-25,,CGT discount (50%),4250.00
            2024-25,18A,Net capital gain,4250.00
            2024-25,18V,Net capital losses carried forward to later income years,0.00

            """)
    }

    /// The amounts by label, for the labelled lines.
    static func labelled(_ csv: String) -> [String: String] {
        var amounts: [String: String] = [:]
        for line in lines(csv).dropFirst() {
            let fields = csvFields(line)
            if !fields[1].isEmpty { amounts[fields[1]] = fields[3] }
        }
        return amounts
    }

    /// ATO, Personal investors guide to CGT 2016, example 12 (Sonya; ../shared/tax/vectors/au-ato-pig2016-ex12.json): 1,000
    /// shares bought for 1,500 with brokerage, sold less than 12 months later for 2,350 with 50 brokerage: a capital gain
    /// of 2,350 − (1,500 + 50) = 800, no discount. Sold 1 March 2016: the 2015-16 income year.
    @Test("ATO example 12 (Sonya): a gain of 800 without the discount, 18H = 18A = 800")
    func sonya() throws {
        let aud = Local(.australia)
        let books = try Books([
            aud.buy("b", "2015-08-01", 1000, "TULIP", cost: 1500), aud.sell("s", "2016-03-01", 1000, "TULIP", proceeds: 2350, fee: 50),
        ], .australia)
        let csv = try Self.csv(books, 2015)
        #expect(lines(csv)[1] == "2015-16,18H,Total current year capital gains,800.00")
        #expect(lines(csv)[2] == "2015-16,,Non-discountable gains (held less than 12 months),800.00")
        #expect(Self.labelled(csv) == ["18H": "800.00", "18A": "800.00", "18V": "0.00"])
    }

    /// ATO, Personal investors guide to CGT 2016, example 13 (Andrew; au-ato-pig2016-ex13.json): 1,200 units bought in May
    /// 1999 for 1,275, given away more than 12 months later when worth 1,595 (market value substitution): discount method
    /// 1,595 − 1,275 = 320, halved: 160. Given on 1 June 2001: the 2000-01 income year.
    @Test("ATO example 13 (Andrew): a gift at market value, 320 discounted to 160")
    func andrew() throws {
        let aud = Local(.australia)
        let books = try Books([
            aud.buy("b", "1999-05-15", 1200, "UNITS", cost: 1275),
            Row.removal(.giftOut, "g", "2001-06-01", 1200, "UNITS", value: 1595),
        ], .australia)
        let csv = try Self.csv(books, 2000)
        #expect(lines(csv).contains("2000-01,,Discountable gains (held 12 months or more),320.00"))
        #expect(lines(csv).contains("2000-01,,CGT discount (50%),160.00"))
        #expect(Self.labelled(csv) == ["18H": "320.00", "18A": "160.00", "18V": "0.00"])
    }

    /// 1,000 of short-term gain and 3,000 of loss in 2025-26: 1,000 applied, 18A 0, 2,000 carried forward (18V); the next
    /// year, a discountable gain of 6,000 (1 BTC bought 2025-07-10 for 10,000, sold 2026-08-01 for 16,000) takes the 2,000
    /// first: 4,000 left, discount 2,000, 18A 2,000.
    @Test("a net capital loss carried forward (18V), then used against a later discountable gain")
    func lossCarried() throws {
        let aud = Local(.australia)
        let books = try Books([
            aud.buy("e0", "2025-07-10", 1, "ETH", cost: 5000), aud.sell("e1", "2025-09-01", 1, "ETH", proceeds: 2000),
            aud.buy("k0", "2025-07-10", 1, "LINK", cost: 100), aud.sell("k1", "2025-10-01", 1, "LINK", proceeds: 1100),
            aud.buy("b0", "2025-07-10", 1, "BTC", cost: 10000), aud.sell("b1", "2026-08-01", 1, "BTC", proceeds: 16000),
        ], .australia)
        #expect(Self.labelled(try Self.csv(books, 2025)) == ["18H": "1000.00", "18A": "0.00", "18V": "2000.00"])
        let next = try Self.csv(books, 2026)
        #expect(Self.labelled(next) == ["18H": "6000.00", "18A": "2000.00", "18V": "0.00"])
        #expect(lines(next).contains("2026-27,,Net capital losses from earlier years,2000.00"))
        #expect(lines(next).contains("2026-27,,Losses applied to discountable gains,2000.00"))
        #expect(lines(next).contains("2026-27,,CGT discount (50%),2000.00"))
    }

    /// One set of figures: a discountable gain of 1,000.01 (1 BTC bought 2023-01-02 for 1,000, sold 2024-08-01 for
    /// 2,000.01) is discounted by 50%: 500.005, printed 500.01 (half away from zero: the half cent goes to the taxpayer);
    /// label A is then the gain left less the printed discount, 1,000.01 − 500.01 = 500.00, so the printed steps add up
    /// (the exact 500.005 would print 500.01, a cent more than its printed parts), and the year summary says the same.
    @Test("the steps add up as printed: label A is the gains left less the printed discount, as the year summary says")
    func printedSteps() throws {
        let aud = Local(.australia)
        let books = try Books([
            aud.buy("b", "2023-01-02", 1, "BTC", cost: 1000), aud.sell("s", "2024-08-01", 1, "BTC", proceeds: "2000.01"),
        ], .australia)
        let csv = try Self.csv(books, 2024)
        #expect(lines(csv).contains("2024-25,,CGT discount (50%),500.01"))
        #expect(Self.labelled(csv) == ["18H": "1000.01", "18A": "500.00", "18V": "0.00"])
        let text = try books.summary(2024).presentation.text(jurisdiction: .australia, filing: .single)
        #expect(text.contains("  CGT discount (50%): 500.01\n  Net capital gain (18A): 500.00\n"))
    }

    @Test("names: the report's line and the income year in messages")
    func names() throws {
        let books = try Years.australia()
        let summary = try books.summary(2024)
        #expect(AustralianCGTReport.written(year: 2024, disposals: books.disposals, summary: summary, figures: try #require(summary.australia))
            == "CGT summary for 2024-25: net capital gain (18A) 4,250.00, losses carried forward (18V) 0.00")
        #expect(AustralianCGTReport.yearName(2024) == "the 2024-25 income year")
        #expect(AustralianCGTReport.yearName(1999) == "the 1999-00 income year")
        #expect(AustralianCGTReport.jurisdiction == .australia)
    }
}
