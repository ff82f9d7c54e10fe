import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest report de-so`: the year's private sales for Anlage SO (§23 Abs. 1 S. 1 Nr. 2 EStG): the sales within one
/// year, the tax-free ones after it, the Freigrenze (§23 Abs. 3 S. 5: 600 EUR through 2023, 1,000 EUR from 2024; a total
/// below it is tax-free, at or above it taxable in full) and the loss carried (§23 Abs. 3 S. 7, 8; README "Germany").
@Suite("Anlage SO")
struct AnlageSOReportTests {
    static func csv(_ books: Books, _ year: Int) throws -> String {
        let summary = try books.summary(year)
        return AnlageSOReport.csv(year: year, disposals: books.disposals, summary: summary, figures: try #require(AnlageSOReport.figures(of: summary)))
    }

    /// The summary lines' amounts by label.
    static func summaryAmounts(_ csv: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: lines(csv).filter { $0.hasPrefix("summary") }.map { line in
            let fields = csvFields(line)
            return (fields[1], fields[7])
        })
    }

    /// `Years.germany` (worked in GainsJSONSummaryTests): §23 rows ETH +1,200 and SOL −300 (total 900), tax-free rows BTC
    /// +30,000 and ADA −600; 900 is under the 1,000 Freigrenze of 2024: tax-free, the 200 carried in unused and carried on.
    @Test("§23 rows, then tax-free rows, then the year's totals, Freigrenze and losses")
    func report() throws {
        #expect(try Self.csv(Years.germany(), 2024) == """
            section,description,date_acquired,date_disposed,proceeds,cost_basis,selling_costs,gain,lot_tx_id,disposal_tx_id
            §23 (within one year),1 ETH (A),2024-01-01,2024-09-30,2200.00,1000.00,0.00,1200.00,e0,e1
            §23 (within one year),10 SOL (A),2024-02-01,2024-10-01,700.00,1000.00,0.00,-300.00,s0,s1
            tax-free (held over one year),1 BTC (A),2022-03-01,2024-05-01,50000.00,20000.00,0.00,30000.00,b0,b1
            tax-free (held over one year),100 ADA (A),2022-06-01,2024-06-01,400.00,1000.00,0.00,-600.00,a0,a1
            summary 2024,Private-sale gains (within one year),,,,,,1200.00,,
            summary 2024,Private-sale losses (within one year),,,,,,-300.00,,
            summary 2024,Total (Gesamtgewinn),,,,,,900.00,,
            summary 2024,Tax-free gains (held over one year),,,,,,30000.00,,
            summary 2024,Losses held over one year (do not count),,,,,,-600.00,,
            summary 2024,Freigrenze 2024 (tax-free when the total is less),,,,,,1000.00,,
            summary 2024,"Freigrenze applies: yes, tax-free",,,,,,,,
            summary 2024,Loss carried in from earlier years,,,,,,200.00,,
            summary 2024,"Loss carried in, used this year",,,,,,0.00,,
            summary 2024,Taxable private-sale income,,,,,,0.00,,
            summary 2024,"Loss carried forward (§23(3) S. 8, §10d)",,,,,,200.00,,

            """)
    }

    /// ../shared/tax/worked-examples.md (derived edges of §23 Abs. 3 S. 5): 1 ETH bought for 1,000 in January and sold in
    /// June of the same year for 1,000 + the total. 2024: 999.99 is tax-free, 1,000.00 taxable in full (and 600, tax-free
    /// in 2024, would not be in 2023); 2023: 599.99 tax-free, 600.00 taxable in full.
    @Test("the Freigrenze: below it tax-free, at or above it taxable in full", arguments: [
        (2024, "999.99", "1000.00", "yes, tax-free", "0.00"), (2024, "1000", "1000.00", "no", "1000.00"),
        (2024, "600", "1000.00", "yes, tax-free", "0.00"),
        (2023, "599.99", "600.00", "yes, tax-free", "0.00"), (2023, "600", "600.00", "no", "600.00"),
    ] as [(Int, Money, String, String, String)])
    func freigrenze(_ year: Int, _ total: Money, _ limit: String, _ applies: String, _ taxable: String) throws {
        let eur = Local(.germany)
        let books = try Books([
            eur.buy("b", "\(year)-01-10", 1, "ETH", cost: 1000), eur.sell("s", "\(year)-06-10", 1, "ETH", proceeds: 1000 + total),
        ], .germany)
        let amounts = Self.summaryAmounts(try Self.csv(books, year))
        #expect(amounts["Total (Gesamtgewinn)"] == ReportRounding.text(total))
        #expect(amounts["Freigrenze \(year) (tax-free when the total is less)"] == limit)
        #expect(amounts["Freigrenze applies: \(applies)"] == "")
        #expect(amounts["Taxable private-sale income"] == taxable)
    }

    /// A loss of 500 in 2023 (1 ETH bought for 2,000 and sold for 1,500 within the year) is carried into 2024, where 1 SOL
    /// is bought for 1,000 and sold within the year at a gain (H 23 EStH: the Freigrenze is tested before the loss):
    /// - +1,200: over the Freigrenze, taxable in full; the 500 comes off: 700 taxable, nothing carried on;
    /// - +1,000: at the Freigrenze, taxable; 500 off: 500 taxable, though under the Freigrenze after the loss;
    /// - +900: under the Freigrenze, tax-free; the 500 is not used and carries on.
    @Test("the loss carried in is used only on a taxable total, and what is not used carries on", arguments: [
        (Money(1200), "500.00", "700.00", "0.00"), (Money(1000), "500.00", "500.00", "0.00"), (Money(900), "0.00", "0.00", "500.00"),
    ])
    func lossCarried(_ gain: Money, _ used: String, _ taxable: String, _ carriedOut: String) throws {
        let eur = Local(.germany)
        let books = try Books([
            eur.buy("e0", "2023-02-01", 1, "ETH", cost: 2000), eur.sell("e1", "2023-05-01", 1, "ETH", proceeds: 1500),
            eur.buy("s0", "2024-02-01", 1, "SOL", cost: 1000), eur.sell("s1", "2024-08-01", 1, "SOL", proceeds: 1000 + gain),
        ], .germany)
        let first = Self.summaryAmounts(try Self.csv(books, 2023))
        #expect(first["Total (Gesamtgewinn)"] == "-500.00" && first["Taxable private-sale income"] == "0.00")
        #expect(first["Loss carried forward (§23(3) S. 8, §10d)"] == "500.00")
        let second = Self.summaryAmounts(try Self.csv(books, 2024))
        #expect(second["Loss carried in from earlier years"] == "500.00")
        #expect(second["Loss carried in, used this year"] == used)
        #expect(second["Taxable private-sale income"] == taxable)
        #expect(second["Loss carried forward (§23(3) S. 8, §10d)"] == carriedOut)
    }

    /// Haufe's Amalie examples (../shared/tax/vectors/de-haufe-amalie.json; secondary): 1 ETH bought 1 January for 1,000.
    /// 1. sold 30 September for 2,200: 1,200 within the year, taxable;
    /// 2. sold 2 January of the next year for 1,800: 800 after the year (BGB §§187, 188), tax-free;
    /// 3. sold 30 September for 1,400: 400 within the year, under the Freigrenze: not taxed.
    @Test("Haufe's Amalie: within the year, after it, under the Freigrenze", arguments: [
        ("2024-09-30", Money(2200), 2024, "§23 (within one year)", "1200.00", "1200.00"),
        ("2025-01-02", Money(1800), 2025, "tax-free (held over one year)", "800.00", "0.00"),
        ("2024-09-30", Money(1400), 2024, "§23 (within one year)", "400.00", "0.00"),
    ])
    func amalie(_ sold: String, _ proceeds: Money, _ year: Int, _ section: String, _ gain: String, _ taxable: String) throws {
        let eur = Local(.germany)
        let books = try Books([eur.buy("b", "2024-01-01", 1, "ETH", cost: 1000), eur.sell("s", sold, 1, "ETH", proceeds: proceeds)], .germany)
        let csv = try Self.csv(books, year)
        let row = csvFields(lines(csv)[1])
        #expect(row[0] == section && row[7] == gain)
        #expect(Self.summaryAmounts(csv)["Taxable private-sale income"] == taxable)
    }

    /// One year and one day: bought 1 January 2024, a sale on 1 January 2025 is still within the year (§23 row), on
    /// 2 January after it (tax-free row).
    @Test("the year's end by the civil code: 1 January within, 2 January after", arguments: [
        ("2025-01-01", "§23 (within one year)"), ("2025-01-02", "tax-free (held over one year)"),
    ])
    func yearEnd(_ sold: String, _ section: String) throws {
        let eur = Local(.germany)
        let books = try Books([eur.buy("b", "2024-01-01", 1, "ETH", cost: 1000), eur.sell("s", sold, 1, "ETH", proceeds: 3000)], .germany)
        #expect(csvFields(lines(try Self.csv(books, 2025))[1])[0] == section)
    }

    @Test("names: the report's line and the year in messages")
    func names() throws {
        let books = try Years.germany(ethProceeds: 2500)
        let summary = try books.summary(2024)
        // Total 1,500 − 300 = 1,200: taxable in full, less the 200 carried in: 1,000.
        #expect(AnlageSOReport.written(year: 2024, disposals: books.disposals, summary: summary, figures: try #require(summary.germany))
            == "private sales 2024: total 1,200.00, taxable 1,000.00, loss carried forward 0.00")
        let under = try Years.germany()
        let underSummary = try under.summary(2024)
        #expect(AnlageSOReport.written(year: 2024, disposals: under.disposals, summary: underSummary, figures: try #require(underSummary.germany))
            == "private sales 2024: total 900.00, under the Freigrenze (tax-free), loss carried forward 200.00")
        #expect(AnlageSOReport.yearName(2024) == "2024")
        #expect(AnlageSOReport.jurisdiction == .germany)
    }
}
