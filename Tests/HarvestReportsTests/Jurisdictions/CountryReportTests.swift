import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// Every country's report is computed under its own rules: it takes its figures only from a summary of its country.
@Suite("Country reports")
struct CountryReportTests {
    /// One year of each country: a buy and a sale in that country's currency.
    static func summary(_ jurisdiction: Jurisdiction) throws -> YearSummary {
        let local = Local(jurisdiction)
        return try Books([local.buy("b", "2024-08-01", 1, "ETH", cost: 1000), local.sell("s", "2024-09-01", 1, "ETH", proceeds: 1500)],
                         jurisdiction).summary(2024)
    }

    @Test("each report finds its figures in its own country's summary and in no other", arguments: [
        Jurisdiction.us, .unitedKingdom, .canada, .australia, .germany,
    ])
    func figures(_ jurisdiction: Jurisdiction) throws {
        let summary = try Self.summary(jurisdiction)
        #expect((Form8949.figures(of: summary) != nil) == (jurisdiction == Form8949.jurisdiction))
        #expect((UKSelfAssessment.figures(of: summary) != nil) == (jurisdiction == UKSelfAssessment.jurisdiction))
        #expect((Schedule3.figures(of: summary) != nil) == (jurisdiction == Schedule3.jurisdiction))
        #expect((AustralianCGTReport.figures(of: summary) != nil) == (jurisdiction == AustralianCGTReport.jurisdiction))
        #expect((AnlageSOReport.figures(of: summary) != nil) == (jurisdiction == AnlageSOReport.jurisdiction))
    }

    /// The gain of 500 in each country's summary, as each presents it: US short-term (held a month); UK and Canada one
    /// class (long-term fields), the UK's under its 3,000 exempt amount, Canada's taxable half 250; Australia
    /// non-discountable; Germany within the year, under the 1,000 Freigrenze.
    @Test("the generic keys of a 500 gain in each country", arguments: [
        (Jurisdiction.us, "500", "0", "500", "500"), (.unitedKingdom, "0", "500", "500", "0"), (.canada, "0", "500", "500", "250"),
        (.australia, "500", "0", "500", "500"), (.germany, "500", "0", "0", "0"),
    ])
    func genericKeys(_ jurisdiction: Jurisdiction, _ netShort: String, _ netLong: String, _ net: String, _ taxable: String) throws {
        let json = GainsJSON.summaryJSON(try Self.summary(jurisdiction))
        #expect(json.contains(#""net_short_term":"\#(netShort)","net_long_term":"\#(netLong)","net_capital_gain":"\#(net)""#))
        #expect(json.contains(#""taxable_gain":"\#(taxable)""#))
    }
}
