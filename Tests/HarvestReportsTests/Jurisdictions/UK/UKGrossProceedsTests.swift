import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// SA108's disposal proceeds are gross, and the fees of a sale are allowable costs: the incidental costs of making the
/// disposal (TCGA 1992 s.38(1)(c); HMRC CRYPTO22150). The gain is the same as with net proceeds, but the proceeds decide
/// whether the return must be filed (over £50,000), so they are checked on every matching path (issue 13, item 3).
@Suite("UK gross proceeds and fees as allowable costs")
struct UKGrossProceedsTests {
    static func amounts(_ books: Books, _ year: Int) throws -> [String: String] {
        let summary = try books.summary(year)
        let csv = UKSelfAssessment.csv(year: year, disposals: books.disposals, summary: summary,
                                       figures: try #require(UKSelfAssessment.figures(of: summary)))
        return UKSelfAssessmentTests.amounts(csv)
    }

    /// One row reduced to what the hand calculation states: its rule, net proceeds, selling cost and cost.
    struct Row: Equatable, CustomStringConvertible {
        var rule: Matching
        var proceeds: Money
        var sellingCost: Money
        var basis: Money
        init(_ rule: Matching, proceeds: Money, sellingCost: Money, basis: Money) {
            self.rule = rule
            self.proceeds = proceeds
            self.sellingCost = sellingCost
            self.basis = basis
        }
        init(_ disposal: Disposal) {
            self.init(disposal.matching, proceeds: disposal.proceeds, sellingCost: disposal.sellingCost, basis: disposal.costBasis)
        }
        var description: String { "\(rule.rawValue): proceeds \(proceeds) + selling cost \(sellingCost), cost \(basis)" }
    }

    /// The issue's case, from the pool: 1 BTC bought for £48,000, sold for £50,200 with a £300 fee. Net proceeds 49,900
    /// (what the gains CSV and JSON keep), selling cost 300; SA108 proceeds 50,200 (over £50,000: the return is due),
    /// allowable costs 48,000 + 300 = 48,300, gain 50,200 − 48,300 = 1,900 (as 49,900 − 48,000).
    @Test("issue 13's case: proceeds 50,200, allowable costs 48,300, gain 1,900 (TCGA s.38(1)(c), CRYPTO22150)")
    func issueCase() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("b1", "2024-05-01", 1, "BTC", cost: 48000),
            gbp.sell("s1", "2024-07-01", 1, "BTC", proceeds: 50200, fee: 300),
        ], .unitedKingdom)
        #expect(books.disposals.map(Row.init) == [Row(.pool, proceeds: 49900, sellingCost: 300, basis: 48000)])
        #expect(books.disposals.map(\.grossProceeds) == [50200])
        let amounts = try Self.amounts(books, 2024)
        #expect(amounts["disposal_proceeds"] == "50200")
        #expect(amounts["allowable_costs"] == "48300")
        #expect(amounts["gains_before_losses"] == "1900")
        let summary = try books.summary(2024)
        #expect(summary.proceeds == 49900 && summary.sellingCosts == 300 && summary.grossProceeds == 50200)
    }

    /// Same day (TCGA s.105(1)): the sale at noon is matched with the purchase later that day. The same figures: proceeds
    /// 50,200, costs 48,000 + 300 = 48,300, gain 1,900.
    @Test("same-day rule: the sale's fee is an allowable cost of the same-day row")
    func sameDay() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("b0", "2024-04-10", 1, "BTC", cost: 30000),
            gbp.sell("s1", "2024-07-01", 1, "BTC", proceeds: 50200, fee: 300, hour: 12),
            gbp.buy("b1", "2024-07-01", 1, "BTC", cost: 48000, hour: 15),
        ], .unitedKingdom)
        #expect(books.disposals.map(Row.init) == [Row(.sameDay, proceeds: 49900, sellingCost: 300, basis: 48000)])
        let amounts = try Self.amounts(books, 2024)
        #expect(amounts["disposal_proceeds"] == "50200" && amounts["allowable_costs"] == "48300" && amounts["gains_before_losses"] == "1900")
    }

    /// 30 days (TCGA s.106A(5)): the pool holds 1 BTC at 30,000; the sale on 1 July is matched with the purchase of
    /// 20 July for 48,000, not the pool. Proceeds 50,200, costs 48,300, gain 1,900; the pool keeps its 1 BTC at 30,000.
    @Test("30-day rule: the sale's fee is an allowable cost of the 30-day row")
    func thirtyDay() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("b0", "2024-04-10", 1, "BTC", cost: 30000),
            gbp.sell("s1", "2024-07-01", 1, "BTC", proceeds: 50200, fee: 300),
            gbp.buy("b1", "2024-07-20", 1, "BTC", cost: 48000),
        ], .unitedKingdom)
        #expect(books.disposals.map(Row.init) == [Row(.thirtyDay, proceeds: 49900, sellingCost: 300, basis: 48000)])
        #expect(books.result.openLots.map(\.costBasis) == [30000])
        let amounts = try Self.amounts(books, 2024)
        #expect(amounts["disposal_proceeds"] == "50200" && amounts["allowable_costs"] == "48300" && amounts["gains_before_losses"] == "1900")
    }

    /// One sale on all three paths: 2 BTC pooled at 60,000 (30,000 each); on 3 June 1 BTC bought for 50,000 at 10:00 and
    /// 3 BTC sold for 150,000 with a £100 fee at noon; 1 BTC bought on 20 June for 45,000. Rows: same day (cost 50,000),
    /// 30 days (45,000), pool (30,000). The fee splits by units, 100 × 1/3 = 33.333333333333333333 (half-even at 18
    /// digits) on the first two rows and the remainder 33.333333333333333334 on the last, so the rows add up to 100
    /// exactly; the net proceeds split likewise (149,900 / 3). SA108: one disposal (a token's disposals on a day),
    /// proceeds 150,000, allowable costs 50,000 + 45,000 + 30,000 + 100 = 125,100, gain 24,900.
    @Test("one sale matched on all three paths: the fee splits by units and the rows add up exactly")
    func allPaths() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("b0", "2024-05-01", 2, "BTC", cost: 60000),
            gbp.buy("b1", "2024-06-03", 1, "BTC", cost: 50000, hour: 10),
            gbp.sell("s1", "2024-06-03", 3, "BTC", proceeds: 150000, fee: 100, hour: 12),
            gbp.buy("b2", "2024-06-20", 1, "BTC", cost: 45000),
        ], .unitedKingdom)
        let third: Money = "33.333333333333333333"
        #expect(books.disposals.map(Row.init) == [
            Row(.sameDay, proceeds: "49966.666666666666666667", sellingCost: third, basis: 50000),
            Row(.thirtyDay, proceeds: "49966.666666666666666667", sellingCost: third, basis: 45000),
            Row(.pool, proceeds: "49966.666666666666666666", sellingCost: "33.333333333333333334", basis: 30000),
        ])
        #expect(books.disposals.map(\.sellingCost).sum() == 100)
        #expect(books.disposals.map(\.grossProceeds).sum() == 150000)
        let amounts = try Self.amounts(books, 2024)
        #expect(amounts["number_of_disposals"] == "1")
        #expect(amounts["disposal_proceeds"] == "150000" && amounts["allowable_costs"] == "125100")
        #expect(amounts["gains_before_losses"] == "24900")
    }

    /// CRYPTO22280 (Terri; ../shared/tax/vectors/uk-crypto22280.json, the figures derived there): 10,000 tokens pooled at
    /// 20,000; 1,000 sold for 5,000 with a fee of 1 token worth 5. The fee token is a disposal of its own (consideration
    /// 5, pooled cost 2, no selling cost of its own), and its value an allowable cost of the sale (selling cost 5). SA108:
    /// proceeds 5,000 + 5 = 5,005, allowable costs 2,000 + 5 + 2 = 2,007, gain 2,998 (= 2,995 + 3).
    @Test("CRYPTO22280 Terri: a fee paid in tokens is consideration of its own and an allowable cost of the sale")
    func feeInTokens() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("b1", "2024-01-02", 10000, "TOKEN", cost: 20000),
            HarvestTestSupport.Row.make("s1", .sell, "2024-08-02", sent: amount(1000, "TOKEN"), received: gbp.cash(5000),
                                        fee: amount(1, "TOKEN")),
        ], .unitedKingdom)
        let sale = try #require(books.disposals.first { $0.kind == .sale })
        let fee = try #require(books.disposals.first { $0.kind == .fee })
        #expect(Row(sale) == Row(.pool, proceeds: 4995, sellingCost: 5, basis: 2000))
        #expect(Row(fee) == Row(.pool, proceeds: 5, sellingCost: 0, basis: 2))
        let amounts = try Self.amounts(books, 2024)
        #expect(amounts["disposal_proceeds"] == "5005" && amounts["allowable_costs"] == "2007" && amounts["gains_before_losses"] == "2998")
    }
}
