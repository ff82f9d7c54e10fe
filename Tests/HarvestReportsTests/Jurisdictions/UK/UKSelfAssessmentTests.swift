import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest report uk-sa`: the Self Assessment capital gains figures of one UK tax year, in whole pounds rounded in the
/// taxpayer's favour (proceeds and gains down, costs and losses up), from the exact figures (TCGA 1992 s.2A, s.3; HMRC
/// CG21510; README "Years, UK").
@Suite("UK Self Assessment")
struct UKSelfAssessmentTests {
    static func csv(_ books: Books, _ year: Int) throws -> String {
        let summary = try books.summary(year)
        return UKSelfAssessment.csv(year: year, disposals: books.disposals, summary: summary, figures: try #require(UKSelfAssessment.figures(of: summary)))
    }

    /// The amounts by field.
    static func amounts(_ csv: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: lines(csv).dropFirst().map { line in
            let fields = csvFields(line)
            return (fields[0], fields[2])
        })
    }

    /// `Years.unitedKingdom` (worked in GainsJSONSummaryTests): 3 disposals in 2024-25, proceeds 18,000, costs 8,000,
    /// gains 12,000, losses 2,000, 5,000 of the losses brought forward used (down to the 3,000 exempt amount), taxable
    /// 2,000; 6,000 of gains before 30 October taxed at 20% (2,000 of them after the deductions: 400), 6,000 of gains and
    /// 2,000 of losses from 30 October, none taxed after the deductions go there first (24%).
    @Test("every field of a 2024-25 return, split at 30 October 2024")
    func everyField() throws {
        #expect(try Self.csv(Years.unitedKingdom(), 2024) == """
            field,description,amount
            tax_year,Tax year (6 April 2024 to 5 April 2025),2024-25
            number_of_disposals,Number of disposals,3
            disposal_proceeds,Disposal proceeds,18000
            allowable_costs,Allowable costs (including the purchase price),8000
            gains_before_losses,"Gains in the year, before losses",12000
            losses_in_year,Losses in the year,2000
            losses_brought_forward_used,Losses brought forward and used in the year,5000
            annual_exempt_amount,Annual exempt amount,3000
            taxable_gain,Gains after losses and the annual exempt amount,2000
            gains_2024-04-06,Gains on disposals before the next period (period from 2024-04-06),6000
            losses_2024-04-06,Losses on disposals in the period from 2024-04-06,0
            taxed_at_0.2_2024-04-06,Taxed at 20% (period from 2024-04-06),2000
            gains_2024-10-30,Gains on disposals from 2024-10-30 (period from 2024-10-30),6000
            losses_2024-10-30,Losses on disposals in the period from 2024-10-30,2000
            taxed_at_0.24_2024-10-30,Taxed at 24% (period from 2024-10-30),0
            estimated_tax,Estimated capital gains tax (rate band as set),400
            losses_carried_forward,Losses to carry forward,0

            """)
    }

    /// HMRC CRYPTO22252 (Martyn): the day's two sales are one disposal of 1,500 tokens for 1,400 matched with the day's
    /// purchase: cost 1,000 × 1,500/1,600 = 937.50, gain 462.50; HMRC prints £938 and £462, the taxpayer-favoured
    /// rounding. With it, in the same year, 3 LTC bought for 400 and sold on 20 November for 299.75: a loss of 100.25.
    /// - proceeds 1,400 + 299.75 = 1,699.75 → 1,699 (down); costs 937.50 + 400 = 1,337.50 → 1,338 (up);
    /// - gains 462.50 → 462 (down, HMRC's figure); losses 100.25 → 101 (up);
    /// - net 362.25 is under the 3,000 exempt amount: nothing taxable, and the year's loss, set against the year's gain
    ///   first (TCGA s.2A), is not carried forward.
    @Test("whole pounds in the taxpayer's favour: proceeds and gains down, costs and losses up (HMRC CRYPTO22252)")
    func rounding() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("m0", "2024-01-02", 5000, "TOKEN_B", cost: 500),
            gbp.buy("l0", "2024-01-05", 3, "LTC", cost: 400),
            gbp.sell("m1", "2024-06-23", 1000, "TOKEN_B", proceeds: 800, hour: 9),
            gbp.buy("m2", "2024-06-23", 1600, "TOKEN_B", cost: 1000, hour: 14),
            gbp.sell("m3", "2024-06-23", 500, "TOKEN_B", proceeds: 600, hour: 20),
            gbp.sell("l1", "2024-11-20", 3, "LTC", proceeds: "299.75"),
        ], .unitedKingdom)
        let amounts = Self.amounts(try Self.csv(books, 2024))
        #expect(amounts == [
            "tax_year": "2024-25", "number_of_disposals": "2", "disposal_proceeds": "1699", "allowable_costs": "1338",
            "gains_before_losses": "462", "losses_in_year": "101", "losses_brought_forward_used": "0", "annual_exempt_amount": "3000",
            "taxable_gain": "0", "gains_2024-04-06": "462", "losses_2024-04-06": "0", "taxed_at_0.2_2024-04-06": "0",
            "gains_2024-10-30": "0", "losses_2024-10-30": "101", "taxed_at_0.24_2024-10-30": "0", "estimated_tax": "0",
            "losses_carried_forward": "0",
        ])
    }

    /// HMRC CRYPTO22251 (Victoria): 50 of a pool of 150 costing 126,000 sold for 300,000 on 1 December: cost 42,000,
    /// gain 258,000 (HMRC's figures). From 30 October 2024: taxable 258,000 − 3,000 = 255,000 at 24% = 61,200.
    @Test("HMRC CRYPTO22251: gain 258,000, all after 30 October: 255,000 taxed at 24%")
    func victoria() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("v0", "2024-01-10", 100, "TOKEN_A", cost: 1000),
            gbp.buy("v1", "2024-09-18", 50, "TOKEN_A", cost: 125_000),
            gbp.sell("v2", "2024-12-01", 50, "TOKEN_A", proceeds: 300_000),
        ], .unitedKingdom)
        let amounts = Self.amounts(try Self.csv(books, 2024))
        #expect(amounts["disposal_proceeds"] == "300000" && amounts["allowable_costs"] == "42000")
        #expect(amounts["gains_before_losses"] == "258000" && amounts["taxable_gain"] == "255000")
        #expect(amounts["gains_2024-04-06"] == "0" && amounts["taxed_at_0.2_2024-04-06"] == "0")
        #expect(amounts["gains_2024-10-30"] == "258000" && amounts["taxed_at_0.24_2024-10-30"] == "255000")
        #expect(amounts["estimated_tax"] == "61200")
    }

    /// 2023-24 (exempt amount 6,000, one rate period): 100 DOT bought for 1,000 and sold for 11,000: a gain of 10,000.
    /// Losses brought forward reduce it only down to the exempt amount (TCGA s.2A(2)–(3)):
    /// - 7,000 brought forward: 4,000 used, 0 taxable, 3,000 carried on;
    /// - 2,000: all used, 10,000 − 2,000 − 6,000 = 2,000 taxable at 20% = 400;
    /// - none: 4,000 taxable, 800.
    @Test("losses brought forward are used only down to the exempt amount", arguments: [
        (Money(7000), "4000", "0", "0", "3000"), (Money(2000), "2000", "2000", "400", "0"), (Money.zero, "0", "4000", "800", "0"),
    ])
    func lossesBroughtForward(_ broughtForward: Money, _ used: String, _ taxable: String, _ tax: String, _ carried: String) throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("b", "2023-05-01", 100, "DOT", cost: 1000), gbp.sell("s", "2023-09-01", 100, "DOT", proceeds: 11000),
        ], .unitedKingdom, carryforward: Carryforward(longTerm: broughtForward))
        let csv = try Self.csv(books, 2023)
        // One rate period in 2023-24: no period lines.
        #expect(lines(csv).map { csvFields($0)[0] } == [
            "field", "tax_year", "number_of_disposals", "disposal_proceeds", "allowable_costs", "gains_before_losses", "losses_in_year",
            "losses_brought_forward_used", "annual_exempt_amount", "taxable_gain", "estimated_tax", "losses_carried_forward",
        ])
        let amounts = Self.amounts(csv)
        #expect(amounts["tax_year"] == "2023-24" && amounts["annual_exempt_amount"] == "6000")
        #expect(amounts["losses_brought_forward_used"] == used && amounts["taxable_gain"] == taxable)
        #expect(amounts["estimated_tax"] == tax && amounts["losses_carried_forward"] == carried)
    }

    /// The annual exempt amount by year: 12,300 through 2022-23, 6,000 in 2023-24, 3,000 from 2024-25. A gain of 20,000
    /// (1 BTC bought for 10,000 in the year before, sold for 30,000 on 1 September) leaves 7,700, 14,000 and 17,000.
    @Test("the annual exempt amount of each year", arguments: [(2022, "12300", "7700"), (2023, "6000", "14000"), (2024, "3000", "17000")])
    func exemptAmount(_ year: Int, _ exempt: String, _ taxable: String) throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("b", "\(year - 1)-09-01", 1, "BTC", cost: 10000), gbp.sell("s", "\(year)-09-01", 1, "BTC", proceeds: 30000),
        ], .unitedKingdom)
        let amounts = Self.amounts(try Self.csv(books, year))
        #expect(amounts["annual_exempt_amount"] == exempt && amounts["taxable_gain"] == taxable)
    }

    /// 2024-25: 5,000 of gain on a sale on 29 October 2024 (the old rates) and 5,000 on 30 October (the new ones, Finance
    /// Act 2025 s.7). Taxable 10,000 − 3,000 = 7,000; the exempt amount goes against the higher-rate gains, those of the
    /// later period: 5,000 taxed at the old rate, 2,000 at the new.
    /// - higher band: 5,000 × 20% + 2,000 × 24% = 1,000 + 480 = 1,480;
    /// - basic band: 5,000 × 10% + 2,000 × 18% = 500 + 360 = 860.
    @Test("the 2024-25 split at 30 October 2024: 10/20% before, 18/24% from then, in each band", arguments: [
        (RateBand.upper, "0.2", "20%", "0.24", "24%", "1480"), (.lower, "0.1", "10%", "0.18", "18%", "860"),
    ])
    func split(_ band: RateBand, _ before: String, _ beforePercent: String, _ after: String, _ afterPercent: String, _ tax: String) throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("a0", "2024-05-01", 10, "AAA", cost: 1000), gbp.sell("a1", "2024-10-29", 10, "AAA", proceeds: 6000),
            gbp.buy("b0", "2024-05-01", 10, "BBB", cost: 1000), gbp.sell("b1", "2024-10-30", 10, "BBB", proceeds: 6000),
        ], .unitedKingdom, band: band)
        let csv = try Self.csv(books, 2024)
        #expect(Array(lines(csv)[10...15]) == [
            "gains_2024-04-06,Gains on disposals before the next period (period from 2024-04-06),5000",
            "losses_2024-04-06,Losses on disposals in the period from 2024-04-06,0",
            "taxed_at_\(before)_2024-04-06,Taxed at \(beforePercent) (period from 2024-04-06),5000",
            "gains_2024-10-30,Gains on disposals from 2024-10-30 (period from 2024-10-30),5000",
            "losses_2024-10-30,Losses on disposals in the period from 2024-10-30,0",
            "taxed_at_\(after)_2024-10-30,Taxed at \(afterPercent) (period from 2024-10-30),2000",
        ])
        #expect(Self.amounts(csv)["estimated_tax"] == tax)
    }

    @Test("names: the report's line and the tax year in messages")
    func names() throws {
        let books = try Years.unitedKingdom()
        let summary = try books.summary(2024)
        #expect(UKSelfAssessment.written(year: 2024, disposals: books.disposals, summary: summary, figures: try #require(summary.ukGains))
            == "UK Self Assessment capital gains figures for 2024-25")
        #expect(UKSelfAssessment.yearName(2024) == "the tax year 2024-25")
        #expect(UKSelfAssessment.yearName(2009) == "the tax year 2009-10")
        #expect(UKSelfAssessment.jurisdiction == .unitedKingdom)
    }
}
