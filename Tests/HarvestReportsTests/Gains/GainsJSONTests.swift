import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest gains --format json`: every amount an exact decimal string, each disposal with its sources, the years'
/// summaries and the warnings (README "How the numbers are computed": "JSON output carries exact values").
@Suite("Gains JSON: disposals")
struct GainsJSONTests {
    /// 3 ETH bought for 10 (b1, trades.csv line 2), 1 sold for 5 (s1, line 3). The sold unit's basis is 10 × 1/3,
    /// 3.333333333333333333 at 18 digits; the gain 5 − 3.333333333333333333 = 1.666666666666666667. Neither is rounded to
    /// cents in the JSON.
    @Test("a disposal's fields: exact 18-digit amounts, ids, sources and how each side was valued")
    func disposalWithSources() throws {
        let books = try Books([
            Row.make("b1", .buy, "2024-01-10", sent: usd(10), received: amount(3, "ETH"), source: SourceLocation(file: "trades.csv", line: 2)),
            Row.sell("s1", "2024-02-01", 1, "ETH", proceeds: 5, source: SourceLocation(file: "trades.csv", line: 3)),
        ], .us)
        let result = books.result
        let json = GainsJSON.write(
            books.disposals, summaries: [], warnings: ["check \"s1\""],
            sources: { (result.lotSource(of: $0), result.disposalSource(of: $0)) },
            valuedBy: { _ in (.baseCurrencySide, .close(Asset("ETH"), day("2024-02-01"))) })
        #expect(json == #"""
            {"disposals":[{"asset":"ETH","wallet":"A","quantity":"1","date_acquired":"2024-01-10","date_disposed":"2024-02-01",\#
            "proceeds":"5","cost_basis":"3.333333333333333333","adjustment":"0","adjustment_code":"",\#
            "gain":"1.666666666666666667","selling_cost":"0","term":"short","tax_year":2024,"kind":"sale","lot_tx_id":"b1","disposal_tx_id":"s1",\#
            "lot_source":"trades.csv:2","disposal_source":"trades.csv:3","missing_basis":false,"edited":false,"rule":"lot",\#
            "lot_valued_by":"base-currency side","disposal_valued_by":"close of ETH on 2024-02-01"}],\#
            "years":[],"warnings":["check \"s1\""]}

            """#)
    }

    @Test("without sources or valuations given, those fields are null")
    func noSources() throws {
        let books = try Books([Row.buy("b1", "2024-01-10", 3, "ETH", cost: 10), Row.sell("s1", "2024-02-01", 1, "ETH", proceeds: 5)], .us)
        let json = GainsJSON.write(books.disposals, summaries: [], warnings: [])
        #expect(json.contains(#""lot_source":null,"disposal_source":null,"missing_basis":false,"edited":false,"rule":"lot","lot_valued_by":null,"disposal_valued_by":null}"#))
        #expect(json.hasSuffix(#"],"years":[],"warnings":[]}"# + "\n"))
    }

    /// IRS VITA case study 1 (us-vita-wash-1): loss 1,000 − 750 = 250 disallowed, code W, gain 0.
    @Test("a wash sale: adjustment 250, code W, gain 0 (IRS VITA case study 1)")
    func washSale() throws {
        let books = try Books([
            Row.buy("b1", "2024-01-02", 100, "IBIT", cost: 1000),
            Row.sell("s1", "2024-03-01", 100, "IBIT", proceeds: 750),
            Row.buy("b2", "2024-03-15", 100, "IBIT", cost: 800),
        ], .us, policy: washSalePolicy)
        let json = GainsJSON.write(books.disposals, summaries: [], warnings: [])
        #expect(json.contains(#""proceeds":"750","cost_basis":"1000","adjustment":"250","adjustment_code":"W","gain":"0","selling_cost":"0","term":"short""#))
    }

    /// Martyn's second sale (HMRC CRYPTO22252): 500 of the 1,600 bought that day for 1,000: cost 312.5, a same-day row.
    @Test("a UK row names its rule and its matched acquisition")
    func ukRule() throws {
        let gbp = Local(.unitedKingdom)
        let books = try Books([
            gbp.buy("m0", "2024-01-02", 5000, "TOKEN_B", cost: 500),
            gbp.sell("m1", "2024-06-23", 1000, "TOKEN_B", proceeds: 800, hour: 9),
            gbp.buy("m2", "2024-06-23", 1600, "TOKEN_B", cost: 1000, hour: 14),
            gbp.sell("m3", "2024-06-23", 500, "TOKEN_B", proceeds: 600, hour: 20),
        ], .unitedKingdom)
        let json = GainsJSON.write(books.disposals, summaries: [], warnings: [])
        #expect(json.contains(#""quantity":"500","date_acquired":"2024-06-23","date_disposed":"2024-06-23","proceeds":"600","cost_basis":"312.5","adjustment":"0","adjustment_code":"","gain":"287.5","selling_cost":"0","term":"long","tax_year":2024,"kind":"sale","lot_tx_id":"m2","disposal_tx_id":"m3""#))
        #expect(json.contains(#""missing_basis":false,"edited":false,"rule":"same_day""#))
    }

    /// 2 of the 3 ETH sold were never seen acquired: that row is flagged.
    @Test("a row on assumed zero basis says so, and the warning is carried")
    func missingBasis() throws {
        let books = try Books([Row.buy("b1", "2024-01-01", 1, "ETH", cost: 2000), Row.sell("s1", "2024-05-01", 3, "ETH", proceeds: 9000)],
                              .us, policy: AccountingPolicy(allowMissingBasis: true))
        let json = GainsJSON.write(books.disposals, summaries: [], warnings: books.result.warnings)
        #expect(json.contains(#""quantity":"2","date_acquired":"2024-05-01","date_disposed":"2024-05-01","proceeds":"6000","cost_basis":"0""#))
        #expect(json.contains(#""lot_tx_id":"s1","disposal_tx_id":"s1","lot_source":null,"disposal_source":null,"missing_basis":true"#))
        #expect(books.result.warnings.count == 1)
        #expect(json.contains(#""warnings":[""# + "1 disposal(s) had no acquisitions to match"))
    }
}
