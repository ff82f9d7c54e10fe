import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest report 8949 --format txf|taxact`: the form's printed rows in the layouts tax programs import. The expected
/// files are written out by hand from `Form8949Tests.year2024` (its comment has the arithmetic) and the layouts' own
/// documents: TXF spec v042's record format 5 (`TD`, `N712`/`N714`, `C1`, `L1`, `P`, `D` acquired, `D` sold, `$` cost,
/// `$` proceeds, `$` wash-sale loss disallowed, `^`; taxdataexchange.org's "Form 1099-B TXF Reference Numbers"), and
/// TaxAct's "Form 1099-B - Create Your Own Spreadsheet (CSV File)".
@Suite("Form 8949 for tax programs")
struct Form8949FilingTests {
    @Test("TXF: header, a record per row (box C as 712, F as 714), the wash-sale amount in the last $ field, CR LF lines")
    func txf() throws {
        let books = try Form8949Tests.year2024()
        let text = TextWriter.text {
            Form8949Filing.txf(year: 2024, disposals: books.disposals, exported: CivilDate(year: 2026, month: 12, day: 7)!, program: "Harvest", to: $0)
        }
        let expected = [
            "V042", "AHarvest", "D12/07/2026", "^",
            "TD", "N712", "C1", "L1", "P100 IBIT", "D01/02/2024", "D03/01/2024", "$1000.00", "$750.00", "$250.00", "^",
            "TD", "N712", "C1", "L1", "P2 ADA", "D02/01/2024", "D09/01/2024", "$900.00", "$400.00", "$", "^",
            "TD", "N714", "C1", "L1", "P1 ETH", "D05/01/2022", "D07/01/2024", "$1000.00", "$2000.01", "$", "^",
            "TD", "N714", "C1", "L1", "P1 SOL", "D06/01/2022", "D08/01/2024", "$500.00", "$3000.01", "$", "^",
        ].map { $0 + "\r\n" }.joined()
        #expect(text == expected)
        #expect(Form8949Filing.txfBoxWarning(year: 2024) == nil)
    }

    @Test("TXF read back: each part's proceeds − cost + wash-sale amount is the form's box total (−500.00 and 3,500.02)")
    func txfTotals() throws {
        let books = try Form8949Tests.year2024()
        let summary = try books.summary(2024)
        let report = Form8949.build(year: 2024, disposals: books.disposals, summary: summary, scheduleD: try #require(summary.scheduleD))
        let text = TextWriter.text {
            Form8949Filing.txf(year: 2024, disposals: books.disposals, exported: CivilDate(year: 2026, month: 1, day: 2)!, program: "Harvest", to: $0)
        }
        // Records after the header: fields up to each "^".
        var gains: [String: Money] = [:]
        var record: [String] = []
        for line in text.split(separator: "\r\n").dropFirst(4).map(String.init) {
            guard line == "^" else { record.append(line); continue }
            let amounts = record.filter { $0.hasPrefix("$") }.map { Money(Fixed(String($0.dropFirst())) ?? .zero) }
            try #require(amounts.count == 3)
            gains[record[1], default: .zero] += amounts[1] - amounts[0] + amounts[2]
            record = []
        }
        #expect(gains["N712"] == report.shortTotals.gain && gains["N712"] == -500)
        #expect(gains["N714"] == report.longTotals.gain && gains["N714"] == "3500.02")
    }

    @Test("TaxAct CSV: the required columns, W and its amount on the wash-sale row, the box as the reporting category")
    func taxAct() throws {
        let books = try Form8949Tests.year2024()
        #expect(TextWriter.text { Form8949Filing.taxAct(year: 2024, disposals: books.disposals, to: $0) } == """
            Description,Date Acquired,Date Sold,Sales Proceeds,Cost or Other Basis,Wash Sale,Adjustment Code,Adjustment Amount,Reporting Category
            100 IBIT,01/02/2024,03/01/2024,750.00,1000.00,W,W,250.00,C
            2 ADA,02/01/2024,09/01/2024,400.00,900.00,,,,C
            1 ETH,05/01/2022,07/01/2024,2000.01,1000.00,,,,F
            1 SOL,06/01/2022,08/01/2024,3000.01,500.00,,,,F

            """)
    }

    /// From 2025 the digital-asset boxes are I and L (Form8949BoxTests): TaxAct's category says so; TXF cannot, and the
    /// warning tells the user to move the rows.
    @Test("2025: category I/L in the TaxAct CSV; TXF keeps 712/714 with a warning")
    func year2025() throws {
        let books = try Books([
            Row.buy("b1", "2025-01-02", 1, "BTC", cost: 90000),
            Row.sell("s1", "2025-03-01", "0.5", "BTC", proceeds: 40000),
            Row.buy("b2", "2023-01-02", 2, "ETH", cost: 2000),
            Row.sell("s2", "2025-04-01", 2, "ETH", proceeds: 3000),
        ], .us)
        let csv = TextWriter.text { Form8949Filing.taxAct(year: 2025, disposals: books.disposals, to: $0) }
        // 0.5 BTC: basis 45,000, proceeds 40,000; 2 ETH held over a year: basis 2,000, proceeds 3,000.
        #expect(csv.split(separator: "\n").dropFirst() == [
            "0.5 BTC,01/02/2025,03/01/2025,40000.00,45000.00,,,,I", "2 ETH,01/02/2023,04/01/2025,3000.00,2000.00,,,,L",
        ])
        let txf = TextWriter.text {
            Form8949Filing.txf(year: 2025, disposals: books.disposals, exported: CivilDate(year: 2026, month: 2, day: 1)!, program: "Harvest", to: $0)
        }
        #expect(txf.contains("N712\r\n") && txf.contains("N714\r\n"))
        #expect(Form8949Filing.txfBoxWarning(year: 2025)?.contains("box I") == true)
    }
}
