import HarvestCore
import HarvestTestSupport
import Testing

/// One class of gains counts disposals, not rows (DisposalGains.swift): the rows of one disposal (its same-day, 30-day
/// and pool parts, or a part beyond what was held) net into one gain or loss before gains and losses are added up. The
/// UK counts a token's disposals on one day as one (TCGA 1992 s.105(1)(a)); Canada counts each disposing transaction.
struct DisposalGainsTests {
    /// Two tokens bought long before (10 each); on 3 June 2024 ETH is sold twice, at a gain of 50 and a loss of 50, and SOL
    /// once at a loss of 10; on 4 June ETH again, at a gain of 20. Nothing is bought within 30 days of a sale.
    static func rows(_ code: String) -> [Transaction] {
        [
            Local.buy("b-eth", "2024-01-02", 100, "ETH", cost: 1_000, code),
            Local.buy("b-sol", "2024-01-02", 10, "SOL", cost: 100, code),
            Local.sell("s1", "2024-06-03", 10, "ETH", proceeds: 150, code, hour: 9),  // cost 100: +50
            Local.sell("s2", "2024-06-03", 5, "SOL", proceeds: 40, code, hour: 12),  // cost 50: −10
            Local.sell("s3", "2024-06-03", 10, "ETH", proceeds: 50, code, hour: 15),  // cost 100: −50
            Local.sell("s4", "2024-06-04", 10, "ETH", proceeds: 120, code),  // cost 100: +20
        ]
    }

    @Test("UK: a token's sales on one day are one disposal; another token, or another day, is another")
    func tokenAndDay() throws {
        let result = try LotEngine.run(Self.rows("GBP"), jurisdiction: .unitedKingdom)
        #expect(result.disposals.map(\.gain) == [50, -10, -50, 20])
        let gains = DisposalGains(result.disposals, grouping: .tokenAndDay)
        // ETH on 3 June: +50 − 50 = 0 (a gain of nothing); SOL on 3 June: −10; ETH on 4 June: +20; in the order first seen.
        #expect(gains.disposals.map(\.date) == [day("2024-06-03"), day("2024-06-03"), day("2024-06-04")])
        #expect(gains.disposals.map(\.gain) == [0, -10, 20])
        #expect(gains.gains == 20 && gains.losses == -10 && gains.net == 10)
        #expect(gains.asLongTerm == RealizedGains(longTermGains: 20, longTermLosses: -10))
        // The year's summary counts the same way.
        let year = try #require(YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .unitedKingdom).first)
        #expect(year.disposalCount == 3 && year.longTermGains == 20 && year.longTermLosses == -10 && year.shortTermGains == 0)
    }

    @Test("Canada: each disposing transaction is one disposition, even two of one token on one day")
    func transaction() throws {
        let result = try LotEngine.run(Self.rows("CAD"), jurisdiction: .canada)
        #expect(result.disposals.map(\.gain) == [50, -10, -50, 20] && result.disposals.allSatisfy(\.adjustment.isZero))
        let gains = DisposalGains(result.disposals, grouping: .transaction)
        #expect(gains.disposals.map(\.gain) == [50, -10, -50, 20])
        #expect(gains.gains == 70 && gains.losses == -60 && gains.net == 10)
        let year = try #require(YearSummaries.compute(disposals: result.disposals, income: [], jurisdiction: .canada).first)
        #expect(year.disposalCount == 4 && year.longTermGains == 70 && year.longTermLosses == -60)
    }

    @Test("UK: one sale matched partly same-day and partly from the pool is one disposal, its parts netted")
    func partsOfOneSale() throws {
        // Pool 100 ETH costing 1,000. On 3 June: 09:00 buy 5 for 100 (20 each); 12:00 sell 10 for 150 (15 each). The
        // same-day 5 cost 100 (proceeds 75: −25), the pool's 5 cost 50 (proceeds 75: +25): one disposal of nothing.
        let result = try LotEngine.run([
            Local.buy("b0", "2024-01-02", 100, "ETH", cost: 1_000, "GBP"),
            Local.buy("b1", "2024-06-03", 5, "ETH", cost: 100, "GBP", hour: 9),
            Local.sell("s1", "2024-06-03", 10, "ETH", proceeds: 150, "GBP"),
        ], jurisdiction: .unitedKingdom)
        #expect(result.disposals.map(\.matching) == [.sameDay, .pool] && result.disposals.map(\.gain) == [-25, 25])
        let gains = DisposalGains(result.disposals, grouping: .tokenAndDay)
        #expect(gains.disposals.map(\.gain) == [0] && gains.gains == 0 && gains.losses == 0)
    }

    @Test("a sale beyond what is held is one disposal with its zero-cost part, under both countries' groupings",
          arguments: [(Jurisdiction.unitedKingdom, DisposalGains.Grouping.tokenAndDay), (.canada, .transaction)])
    func missingPart(_ rules: Jurisdiction, _ grouping: DisposalGains.Grouping) throws {
        // 1 held costing 100; 3 sold for 600: 1 from the pool (200 − 100 = +100) and 2 missing (400 − 0 = +400).
        var jurisdiction = rules
        jurisdiction.baseCurrency = Asset("GBP")
        let result = try LotEngine.run([Local.buy("b1", "2024-01-02", 1, "BTC", cost: 100, "GBP"),
                                        Local.sell("s1", "2024-02-02", 3, "BTC", proceeds: 600, "GBP")],
                                       policy: AccountingPolicy(allowMissingBasis: true), jurisdiction: jurisdiction)
        #expect(result.disposals.map(\.gain) == [100, 400])
        let gains = DisposalGains(result.disposals, grouping: grouping)
        #expect(gains.disposals.map(\.gain) == [500] && gains.gains == 500 && gains.losses == 0)
    }

    @Test("no rows, no disposals")
    func empty() {
        let gains = DisposalGains([], grouping: .tokenAndDay)
        #expect(gains.disposals.isEmpty && gains.net == 0 && gains.asLongTerm == RealizedGains())
    }
}
