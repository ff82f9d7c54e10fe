import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// The gains JSON's year summaries: the totals every country has, the keys each fills in its own way (`SummaryFields`),
/// and Australia's and Germany's own objects. Each year here is one of the histories below (`Years`), worked by hand.
@Suite("Gains JSON: year summaries")
struct GainsJSONSummaryTests {
    /// US 2024, carryover in: 1,000 short-term, 500 long-term.
    /// - 1 BTC bought 2024-01-10 for 50,000, sold 2024-06-01 for 40,000: short-term loss 10,000.
    /// - 1 ETH bought 2022-01-01 for 1,000, sold 2024-06-01 for 3,000: long-term gain 2,000.
    /// - 0.1 ETH of staking income worth 250 (2024-03-01): ordinary income, still held.
    /// Schedule D: line 7 = −10,000 − 1,000 = −11,000; line 15 = 2,000 − 500 = 1,500; line 16 = −9,500; deducted
    /// min(3,000, 9,500) = 3,000. Carryover worksheet: short = 11,000 − (1,500 + 3,000) = 6,500; the deduction left for
    /// long-term is max(0, 3,000 − 11,000) = 0 and there is no long-term loss: long 0. 9,500 = 3,000 + 6,500.
    @Test("US: Schedule D nets with the carryover in, the 3,000 deduction, the carryover out by character")
    func unitedStates() throws {
        let summary = try Years.unitedStates().summary(2024)
        #expect(GainsJSON.summaryJSON(summary) == #"""
            {"year":2024,"proceeds":"43000","cost_basis":"51000","adjustments":"0","selling_costs":"0","short_term_gains":"0",\#
            "short_term_losses":"-10000","long_term_gains":"2000","long_term_losses":"0","carryforward_in_short":"1000",\#
            "carryforward_in_long":"500","net_short_term":"-11000","net_long_term":"1500","net_capital_gain":"-9500",\#
            "deduction_against_ordinary_income":"3000","carryforward_out_short":"6500","carryforward_out_long":"0",\#
            "income":{"staking":"250"},"total_income":"250","missing_basis_rows":0,"edited_rows":0,"disposal_count":2,"exempt_amount":"0",\#
            "carryforward_used":"0","taxable_gain":"0","estimated_tax":null,"rate_periods":[]}
            """#)
    }

    /// ../shared/tax/vectors/us-derived-loss-carryover.json: short-term −10,000, long-term +2,000, net −8,000; single:
    /// 3,000 deducted, 5,000 carried short-term; married filing separately: 1,500 and 6,500.
    @Test("US: the loss limit by filing status (us-derived-loss-carryover)", arguments: [
        (FilingStatus.single, "3000", "5000"), (.marriedJoint, "3000", "5000"), (.headOfHousehold, "3000", "5000"),
        (.marriedSeparate, "1500", "6500"),
    ])
    func lossLimit(_ filing: FilingStatus, _ deduction: String, _ carried: String) throws {
        let summary = try Books(Years.usLossCarryoverRows, .us, filing: filing).summary(2024)
        let json = GainsJSON.summaryJSON(summary)
        #expect(json.contains(#""net_short_term":"-10000","net_long_term":"2000","net_capital_gain":"-8000","deduction_against_ordinary_income":"\#(deduction)","carryforward_out_short":"\#(carried)","carryforward_out_long":"0""#))
    }

    /// UK 2024-25 (`Years.unitedKingdom`), losses brought forward 5,000:
    /// - 200 TOK sold 10 June for 8,000, pool cost 200 × 10 = 2,000: gain 6,000 (before 30 October: 20%);
    /// - 100 XYZ sold 15 November for 1,000, cost 3,000: loss 2,000 (from 30 October);
    /// - 300 TOK sold 2 December for 9,000, cost 300 × 10 = 3,000: gain 6,000 (from 30 October: 24%).
    /// Net 12,000 − 2,000 = 10,000; exempt amount 3,000; losses brought forward used only down to it:
    /// min(5,000, 10,000 − 3,000) = 5,000; taxable 10,000 − 5,000 − 3,000 = 2,000. The 10,000 set against gains (the
    /// year's loss, the losses brought forward and the exempt amount: 12,000 − 2,000) goes first against the 24% gains
    /// (all 6,000 of them), the other 4,000 against the 20% ones: 2,000 taxed at 20% = 400. Nothing carried forward.
    @Test("UK: exempt amount, losses brought forward used, estimated tax and the rate periods across 30 October 2024")
    func unitedKingdom() throws {
        let summary = try Years.unitedKingdom().summary(2024)
        #expect(GainsJSON.summaryJSON(summary) == #"""
            {"year":2024,"proceeds":"18000","cost_basis":"8000","adjustments":"0","selling_costs":"0","short_term_gains":"0","short_term_losses":"0",\#
            "long_term_gains":"12000","long_term_losses":"-2000","carryforward_in_short":"0","carryforward_in_long":"5000",\#
            "net_short_term":"0","net_long_term":"5000","net_capital_gain":"5000","deduction_against_ordinary_income":"0",\#
            "carryforward_out_short":"0","carryforward_out_long":"0","income":{},"total_income":"0","missing_basis_rows":0,"edited_rows":0,\#
            "disposal_count":3,"exempt_amount":"3000","carryforward_used":"5000","taxable_gain":"2000","estimated_tax":"400",\#
            "rate_periods":[{"from":"2024-04-06","gains":"6000","losses":"0","taxable":"2000","rate":"0.2","tax":"400"},\#
            {"from":"2024-10-30","gains":"6000","losses":"-2000","taxable":"0","rate":"0.24","tax":"0"}]}
            """#)
    }

    /// Canada 2014, adjustedcostbase.ca's basic example (`Years.canada`): gains 3,485 and −16, net 3,469. With 1,000 of net
    /// capital losses of other years: 1,000 used, taxable (3,469 − 1,000) × ½ = 1,234.50. Without: 3,469 × ½ = 1,734.50,
    /// the vector's derived figure.
    @Test("Canada: losses of other years used, taxable capital gain at one half", arguments: [
        (Money(1000), "1000", "2469", "1234.5"), (Money.zero, "0", "3469", "1734.5"),
    ])
    func canada(_ carriedIn: Money, _ used: String, _ afterLosses: String, _ taxable: String) throws {
        let summary = try Years.canada(carriedIn: carriedIn).summary(2014)
        #expect(GainsJSON.summaryJSON(summary) == #"""
            {"year":2014,"proceeds":"9580","cost_basis":"6111","adjustments":"0","selling_costs":"20","short_term_gains":"0","short_term_losses":"0",\#
            "long_term_gains":"3485","long_term_losses":"-16","carryforward_in_short":"0","carryforward_in_long":"\#(carriedIn)",\#
            "net_short_term":"0","net_long_term":"\#(afterLosses)","net_capital_gain":"\#(afterLosses)",\#
            "deduction_against_ordinary_income":"0","carryforward_out_short":"0","carryforward_out_long":"0","income":{},\#
            "total_income":"0","missing_basis_rows":0,"edited_rows":0,"disposal_count":2,"exempt_amount":"0","carryforward_used":"\#(used)",\#
            "taxable_gain":"\#(taxable)","estimated_tax":null,"rate_periods":[]}
            """#)
    }

    /// Australia 2024-25 (`Years.australia`), 3,000 of net capital losses carried in:
    /// - 10 SOL held under 12 months: gain 2,000 (non-discountable); 100 ADA held under 12 months: loss 500;
    /// - 1 BTC held since January 2022: gain 10,000 (discountable).
    /// The ATO's steps: 18H = 2,000 + 10,000 = 12,000. The year's 500 of losses, then the 3,000 carried in, go against
    /// the non-discountable gains first: 500 + 1,500 there (2,000 in all), the other 1,500 against the discountable ones,
    /// which leaves 8,500; discount 50% = 4,250; 18A = 0 + 8,500 − 4,250 = 4,250; nothing carried out.
    /// Generic keys: net short 2,000 − 500 = 1,500, net long 10,000, net capital gain 4,250 (label A).
    @Test("Australia: the australia object, and the generic keys it fills in")
    func australia() throws {
        let summary = try Years.australia().summary(2024)
        #expect(GainsJSON.summaryJSON(summary) == #"""
            {"year":2024,"proceeds":"34000","cost_basis":"22500","adjustments":"0","selling_costs":"0","short_term_gains":"2000",\#
            "short_term_losses":"-500","long_term_gains":"10000","long_term_losses":"0","carryforward_in_short":"3000",\#
            "carryforward_in_long":"0","net_short_term":"1500","net_long_term":"10000","net_capital_gain":"4250",\#
            "deduction_against_ordinary_income":"0","carryforward_out_short":"0","carryforward_out_long":"0","income":{},\#
            "total_income":"0","missing_basis_rows":0,"edited_rows":0,"disposal_count":3,"exempt_amount":"0","carryforward_used":"0",\#
            "taxable_gain":"4250","estimated_tax":null,"rate_periods":[],"australia":{"income_year":"2024-25",\#
            "total_current_year_capital_gains":"12000","non_discountable_gains":"2000","discountable_gains":"10000",\#
            "current_year_losses":"500","carried_in":"3000","losses_applied_to_non_discountable":"2000",\#
            "losses_applied_to_discountable":"1500","carried_in_applied":"3000","discount":"4250","net_capital_gain":"4250",\#
            "carried_out":"0"}}
            """#)
    }

    /// Australia with a net loss: 1,000 of gains, 3,000 of losses: 1,000 applied, 2,000 carried out (18V). The generic
    /// net capital gain is then minus the loss carried forward.
    @Test("Australia: a net capital loss shows as minus the loss carried forward")
    func australiaLoss() throws {
        let aud = Local(.australia)
        let summary = try Books([
            aud.buy("e0", "2025-07-10", 1, "ETH", cost: 5000), aud.sell("e1", "2025-09-01", 1, "ETH", proceeds: 2000),
            aud.buy("k0", "2025-07-10", 1, "LINK", cost: 100), aud.sell("k1", "2025-10-01", 1, "LINK", proceeds: 1100),
        ], .australia).summary(2025)
        let json = GainsJSON.summaryJSON(summary)
        #expect(json.contains(#""net_short_term":"-2000","net_long_term":"0","net_capital_gain":"-2000""#))
        #expect(json.contains(#""carryforward_out_short":"2000""#) && json.contains(#""taxable_gain":"0""#))
        #expect(json.contains(#""australia":{"income_year":"2025-26","total_current_year_capital_gains":"1000","non_discountable_gains":"1000","discountable_gains":"0","current_year_losses":"3000","carried_in":"0","losses_applied_to_non_discountable":"1000","losses_applied_to_discountable":"0","carried_in_applied":"0","discount":"0","net_capital_gain":"0","carried_out":"2000"}}"#))
    }

    /// Germany 2024 (`Years.germany`), 200 of private-sale loss carried in:
    /// - within one year (§23): ETH +1,200 (Haufe's Amalie, case 1), SOL −300: total 900;
    /// - held over one year: BTC +30,000 tax-free, ADA −600 that does not count.
    /// 900 is below the 1,000 Freigrenze of 2024: tax-free, and the loss carried in is not used on it: 200 carried out.
    /// Generic keys: net short = the §23 total 900; net long = 30,000 − 600 = 29,400; net capital gain = −200 (minus the
    /// loss carried forward, nothing being taxable).
    @Test("Germany: the germany object, and the generic keys it fills in")
    func germany() throws {
        let summary = try Years.germany().summary(2024)
        #expect(GainsJSON.summaryJSON(summary) == #"""
            {"year":2024,"proceeds":"53300","cost_basis":"23000","adjustments":"0","selling_costs":"0","short_term_gains":"1200",\#
            "short_term_losses":"-300","long_term_gains":"30000","long_term_losses":"-600","carryforward_in_short":"200",\#
            "carryforward_in_long":"0","net_short_term":"900","net_long_term":"29400","net_capital_gain":"-200",\#
            "deduction_against_ordinary_income":"0","carryforward_out_short":"200","carryforward_out_long":"0","income":{},\#
            "total_income":"0","missing_basis_rows":0,"edited_rows":0,"disposal_count":4,"exempt_amount":"0","carryforward_used":"0",\#
            "taxable_gain":"0","estimated_tax":null,"rate_periods":[],"germany":{"gains":"1200","losses":"-300","total":"900",\#
            "exempt_gains":"30000","exempt_losses":"-600","freigrenze":"1000","below_freigrenze":true,"carried_in":"200",\#
            "carried_in_applied":"0","taxable":"0","carried_out":"200"}}
            """#)
    }

    /// Germany with the same year but 1,500 of §23 gain instead of 1,200: total 1,200, at or over the Freigrenze, taxable
    /// in full; the 200 carried in then comes off: taxable 1,000, the generic net capital gain.
    @Test("Germany: over the Freigrenze the taxable amount is the net capital gain")
    func germanyTaxable() throws {
        let summary = try Years.germany(ethProceeds: 2500).summary(2024)
        let json = GainsJSON.summaryJSON(summary)
        #expect(json.contains(#""net_short_term":"1200","net_long_term":"29400","net_capital_gain":"1000""#))
        #expect(json.contains(#""taxable_gain":"1000""#))
        #expect(json.contains(#""below_freigrenze":false,"carried_in":"200","carried_in_applied":"200","taxable":"1000","carried_out":"0"}"#))
    }
}

/// The years the summary tests and the year-text tests share, each worked by hand where it is used.
enum Years {
    static func unitedStates() throws -> Books {
        try Books([
            Row.buy("b1", "2022-01-01", 1, "ETH", cost: 1000),
            Row.buy("b2", "2024-01-10", 1, "BTC", cost: 50000),
            Row.income("i1", "2024-03-01", "0.1", "ETH", value: 250),
            Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 40000),
            Row.sell("s2", "2024-06-01", 1, "ETH", proceeds: 3000),
        ], .us, carryforward: Carryforward(shortTerm: 1000, longTerm: 500))
    }

    /// us-derived-loss-carryover: short-term −10,000, long-term +2,000.
    static let usLossCarryoverRows = [
        Row.buy("b1", "2024-01-10", 1, "BTC", cost: 50000), Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 40000),
        Row.buy("b2", "2022-01-01", 1, "ETH", cost: 1000), Row.sell("s2", "2024-06-01", 1, "ETH", proceeds: 3000),
    ]

    static func unitedKingdom() throws -> Books {
        let gbp = Local(.unitedKingdom)
        return try Books([
            gbp.buy("t0", "2023-01-02", 1000, "TOK", cost: 10000),
            gbp.buy("x0", "2023-01-02", 100, "XYZ", cost: 3000),
            gbp.sell("t1", "2024-06-10", 200, "TOK", proceeds: 8000),
            gbp.sell("x1", "2024-11-15", 100, "XYZ", proceeds: 1000),
            gbp.sell("t2", "2024-12-02", 300, "TOK", proceeds: 9000),
        ], .unitedKingdom, carryforward: Carryforward(longTerm: 5000))
    }

    /// adjustedcostbase.ca's basic example: gains 3,485 and −16.
    static func canada(carriedIn: Money = .zero) throws -> Books {
        let cad = Local(.canada)
        return try Books([
            cad.buy("b1", "2014-03-03", 100, "SEC", cost: 5000, fee: 10),
            cad.sell("s1", "2014-05-01", 50, "SEC", proceeds: 6000, fee: 10),
            cad.buy("b2", "2014-07-18", 50, "SEC", cost: 6500, fee: 10),
            cad.sell("s2", "2014-09-25", 40, "SEC", proceeds: 3600, fee: 10),
        ], .canada, carryforward: Carryforward(longTerm: carriedIn))
    }

    static func australia() throws -> Books {
        let aud = Local(.australia)
        return try Books([
            aud.buy("d0", "2022-01-10", 1, "BTC", cost: 20000),
            aud.buy("l0", "2024-07-05", 100, "ADA", cost: 1500),
            aud.buy("n0", "2024-08-01", 10, "SOL", cost: 1000),
            aud.sell("d1", "2024-09-01", 1, "BTC", proceeds: 30000),
            aud.sell("l1", "2024-12-01", 100, "ADA", proceeds: 1000),
            aud.sell("n1", "2025-01-15", 10, "SOL", proceeds: 3000),
        ], .australia, carryforward: Carryforward(shortTerm: 3000))
    }

    static func germany(ethProceeds: Money = 2200) throws -> Books {
        let eur = Local(.germany)
        return try Books([
            eur.buy("b0", "2022-03-01", 1, "BTC", cost: 20000),
            eur.buy("a0", "2022-06-01", 100, "ADA", cost: 1000),
            eur.buy("e0", "2024-01-01", 1, "ETH", cost: 1000),
            eur.buy("s0", "2024-02-01", 10, "SOL", cost: 1000),
            eur.sell("b1", "2024-05-01", 1, "BTC", proceeds: 50000),
            eur.sell("a1", "2024-06-01", 100, "ADA", proceeds: 400),
            eur.sell("e1", "2024-09-30", 1, "ETH", proceeds: ethProceeds),
            eur.sell("s1", "2024-10-01", 10, "SOL", proceeds: 700),
        ], .germany, carryforward: Carryforward(shortTerm: 200))
    }
}
