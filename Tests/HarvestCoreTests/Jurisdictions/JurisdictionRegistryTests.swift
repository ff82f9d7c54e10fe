import HarvestCore
import HarvestTestSupport
import Testing

/// The registry of jurisdictions (Jurisdiction.swift): one entry per country, in the order help texts list them, each
/// with its currency, calendar and the day its tax is paid.
struct JurisdictionRegistryTests {
    @Test("the registry lists us, uk, ca, au, de in that order")
    func ordered() {
        #expect(Jurisdiction.ordered.map(\.code) == ["us", "uk", "ca", "au", "de"])
        #expect(Jurisdiction.ordered.map(\.name) == ["United States", "United Kingdom", "Canada", "Australia", "Germany"])
        #expect(Jurisdiction.ordered == [.us, .unitedKingdom, .canada, .australia, .germany])
    }

    @Test("every jurisdiction is found by its code, and by no other")
    func byCode() throws {
        #expect(Jurisdiction.all.count == Jurisdiction.ordered.count)
        for jurisdiction in Jurisdiction.ordered {
            let found = try #require(Jurisdiction.all[jurisdiction.code])
            #expect(found == jurisdiction && found.code == jurisdiction.code)
        }
        #expect(Jurisdiction.all["gb"] == nil && Jurisdiction.all["US"] == nil)
    }

    @Test("each country's currency and tax year", arguments: [
        // US, Canada, Germany: calendar years; UK: from 6 April; Australia: from 1 July (rules.md §§1-5).
        ("us", "USD", 1, 1), ("uk", "GBP", 4, 6), ("ca", "CAD", 1, 1), ("au", "AUD", 7, 1), ("de", "EUR", 1, 1),
    ])
    func currencyAndYear(_ code: String, _ currency: String, _ month: Int, _ startDay: Int) throws {
        let jurisdiction = try #require(Jurisdiction.all[code])
        #expect(jurisdiction.baseCurrency == Asset(currency))
        #expect(jurisdiction.taxYear == TaxYearCalendar(startMonth: month, startDay: startDay))
    }

    @Test("the tax of a year is paid on the first payment day after the year ends", arguments: [
        // US: 15 April (IRC §6072(a)). UK: 31 January after the tax year 2024-25 ends on 5 April 2025 (TMA 1970 s.59B(4)).
        // Canada: 30 April (ITA s.248(1) "balance-due day"). Australia: 21 November after the income year 2024-25 ends on
        // 30 June 2025 (the ATO's date for self-lodgers; an approximation). Germany: 31 July (§149(2) AO, without an
        // adviser; an approximation).
        ("us", 2024, "2025-04-15"), ("uk", 2024, "2026-01-31"), ("ca", 2024, "2025-04-30"), ("au", 2024, "2025-11-21"),
        ("de", 2024, "2025-07-31"),
        // A UK year that ends on 5 April 2024 is paid on 31 January 2025, not on 31 January 2024 (before it ends).
        ("uk", 2023, "2025-01-31"),
        // Australia's 2023-24 year ends 30 June 2024: paid 21 November 2024.
        ("au", 2023, "2024-11-21"),
    ])
    func paymentDate(_ code: String, _ year: Int, _ paid: String) throws {
        let jurisdiction = try #require(Jurisdiction.all[code])
        #expect(jurisdiction.taxPaymentDate(for: year) == day(paid))
        #expect(jurisdiction.taxPaymentDate(for: year) > jurisdiction.taxYear.end(of: year))
    }

    @Test("pooled matching is the UK's and Canada's; lots elsewhere")
    func matching() {
        #expect(Jurisdiction.ordered.map(\.matching) == [.lots, .ukShareIdentification, .averageCost, .lots, .lots])
        #expect(Jurisdiction.ordered.map(\.isPooled) == [false, true, true, false, false])
    }
}
