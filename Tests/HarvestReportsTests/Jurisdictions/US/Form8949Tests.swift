import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// `harvest report 8949`: Form 8949 Parts I and II, the digital-asset boxes, box totals as the sums of the printed rows,
/// and the Schedule D lines they feed (IRS Form 8949 and Schedule D instructions; README "Form 8949").
@Suite("Form 8949")
struct Form8949Tests {
    static let header = "part,box,description,date_acquired,date_sold,proceeds,cost_basis,adjustment_code,adjustment_amount,gain"

    /// 2024, with 1,000 of short-term and 500 of long-term carryover in, and the IRS wash-sale rule on IBIT.
    /// Part I (short-term, box C through 2024):
    /// - IBIT, IRS VITA case study 1: 100 bought 01/02 for 1,000, sold 03/01 for 750, 100 bought back 03/15: code W,
    ///   adjustment 250, gain 750 − 1,000 + 250 = 0.
    /// - 2 ADA bought 02/01 for 900, sold 09/01 for 400: −500 (crypto: outside the wash-sale rule).
    /// - Totals: proceeds 1,150, basis 1,900, adjustment 250, gain −500.
    /// Part II (long-term, box F):
    /// - 1 ETH bought 05/01/2022 for 1,000, sold 07/01/2024 for 2,000.005: printed 2,000.01, gain 1,000.01.
    /// - 1 SOL bought 06/01/2022 for 500, sold 08/01/2024 for 3,000.005: printed 3,000.01, gain 2,500.01.
    /// - Totals of the printed rows: proceeds 5,000.02, gain 3,500.02 (the exact total 3,500.01 would print a cent less).
    /// Schedule D: line 6 (1,000.00), line 7 −500 − 1,000 = −1,500.00; line 14 (500.00), line 15 3,500.02 − 500 = 3,000.02;
    /// line 16 1,500.02, a gain: nothing on line 21 and nothing carried over.
    /// A 2023 sale in the same history is not on the 2024 form.
    static func year2024() throws -> Books {
        try Books([
            Row.buy("b6", "2023-01-05", 1, "DOT", cost: 10),
            Row.sell("s0", "2023-02-01", 1, "DOT", proceeds: 20),
            Row.buy("b1", "2024-01-02", 100, "IBIT", cost: 1000),
            Row.sell("s1", "2024-03-01", 100, "IBIT", proceeds: 750),
            Row.buy("b2", "2024-03-15", 100, "IBIT", cost: 800),
            Row.buy("b3", "2022-05-01", 1, "ETH", cost: 1000),
            Row.sell("s2", "2024-07-01", 1, "ETH", proceeds: "2000.005"),
            Row.buy("b4", "2022-06-01", 1, "SOL", cost: 500),
            Row.sell("s3", "2024-08-01", 1, "SOL", proceeds: "3000.005"),
            Row.buy("b5", "2024-02-01", 2, "ADA", cost: 900),
            Row.sell("s4", "2024-09-01", 2, "ADA", proceeds: 400),
        ], .us, policy: washSalePolicy, carryforward: Carryforward(shortTerm: 1000, longTerm: 500), from: 2024, through: 2024)
    }

    @Test("parts, boxes, MM/DD/YYYY dates, a W row, box totals of printed rows, Schedule D with a carryover in")
    func fullForm() throws {
        let books = try Self.year2024()
        let summary = try books.summary(2024)
        let scheduleD = try #require(Form8949.figures(of: summary))
        #expect(Form8949.csv(year: 2024, disposals: books.disposals, summary: summary, figures: scheduleD) == """
            \(Self.header)
            I,C,100 IBIT,01/02/2024,03/01/2024,750.00,1000.00,W,250.00,0.00
            I,C,2 ADA,02/01/2024,09/01/2024,400.00,900.00,,,-500.00
            I,C,Totals (2 rows),,,1150.00,1900.00,,250.00,-500.00
            II,F,1 ETH,05/01/2022,07/01/2024,2000.01,1000.00,,,1000.01
            II,F,1 SOL,06/01/2022,08/01/2024,3000.01,500.00,,,2500.01
            II,F,Totals (2 rows),,,5000.02,1500.00,,0.00,3500.02
            Schedule D,,Short-term totals from Form 8949 box C,,,,,,,-500.00
            Schedule D,,Line 6: short-term capital loss carryover,,,,,,,-1000.00
            Schedule D,,Line 7: net short-term capital gain or (loss),,,,,,,-1500.00
            Schedule D,,Long-term totals from Form 8949 box F,,,,,,,3500.02
            Schedule D,,Line 14: long-term capital loss carryover,,,,,,,-500.00
            Schedule D,,Line 15: net long-term capital gain or (loss),,,,,,,3000.02
            Schedule D,,Line 16: combined,,,,,,,1500.02
            Schedule D,,Line 21: loss deducted against ordinary income,,,,,,,0.00
            Schedule D,,Carryover to next year: short-term,,,,,,,0.00
            Schedule D,,Carryover to next year: long-term,,,,,,,0.00

            """)
    }

    @Test("the report's totals are the sums of its printed rows")
    func totals() throws {
        let books = try Self.year2024()
        let summary = try books.summary(2024)
        let report = Form8949.build(year: 2024, disposals: books.disposals, summary: summary, scheduleD: try #require(summary.scheduleD))
        #expect(report.shortBox == "C" && report.longBox == "F")
        let short = report.shortTotals, long = report.longTotals
        #expect(short.proceeds == 1150 && short.costBasis == 1900 && short.adjustment == 250 && short.gain == -500 && short.rows == 2)
        #expect(long.proceeds == "5000.02" && long.costBasis == 1500 && long.adjustment == 0 && long.gain == "3500.02" && long.rows == 2)
        #expect(report.shortTerm.map(\.disposal.disposalTransactionID) == ["s1", "s4"])
        #expect(report.longTerm.map(\.disposal.disposalTransactionID) == ["s2", "s3"])
        // One set of totals: the year summary nets the printed rows too (1,000.01 + 2,500.01), not the exact
        // 1,000.005 + 2,500.005 = 3,500.01.
        #expect(summary.longTermGains == "3500.02" && summary.proceeds == "6150.02")
        #expect(summary.longTermGains == long.gain && summary.shortTermLosses == short.gain)
    }

    @Test("written: the box totals and the Schedule D lines, grouped, one per line")
    func written() throws {
        let books = try Self.year2024()
        let summary = try books.summary(2024)
        #expect(Form8949.written(year: 2024, disposals: books.disposals, summary: summary, figures: try #require(summary.scheduleD)) == """
            Form 8949 for 2024
              Part I, box C: 2 row(s), proceeds 1,150.00, basis 1,900.00, gain -500.00
              Part II, box F: 2 row(s), proceeds 5,000.02, basis 1,500.00, gain 3,500.02
              Schedule D Short-term totals from Form 8949 box C: -500.00
              Schedule D Line 6: short-term capital loss carryover: -1,000.00
              Schedule D Line 7: net short-term capital gain or (loss): -1,500.00
              Schedule D Long-term totals from Form 8949 box F: 3,500.02
              Schedule D Line 14: long-term capital loss carryover: -500.00
              Schedule D Line 15: net long-term capital gain or (loss): 3,000.02
              Schedule D Line 16: combined: 1,500.02
              Schedule D Line 21: loss deducted against ordinary income: 0.00
              Schedule D Carryover to next year: short-term: 0.00
              Schedule D Carryover to next year: long-term: 0.00
            """)
    }

    /// us-derived-loss-carryover (IRC §1211(b), §1212(b)): short-term −10,000, long-term +2,000: line 16 (8,000);
    /// line 21 the smaller of the loss and 3,000 (1,500 married filing separately); the worksheet carries the rest
    /// short-term: 8,000 − 3,000 = 5,000 (6,500).
    @Test("Schedule D lines 16 and 21 and the carryover worksheet (us-derived-loss-carryover)", arguments: [
        (FilingStatus.single, "-3000.00", "5000.00"), (.marriedSeparate, "-1500.00", "6500.00"),
    ])
    func lossYear(_ filing: FilingStatus, _ line21: String, _ carried: String) throws {
        let books = try Books(Years.usLossCarryoverRows, .us, filing: filing)
        let summary = try books.summary(2024)
        let csv = Form8949.csv(year: 2024, disposals: books.disposals, summary: summary, figures: try #require(summary.scheduleD))
        #expect(lines(csv).filter { $0.hasPrefix("Schedule D") } == [
            "Schedule D,,Short-term totals from Form 8949 box C,,,,,,,-10000.00",
            "Schedule D,,Line 6: short-term capital loss carryover,,,,,,,0.00",
            "Schedule D,,Line 7: net short-term capital gain or (loss),,,,,,,-10000.00",
            "Schedule D,,Long-term totals from Form 8949 box F,,,,,,,2000.00",
            "Schedule D,,Line 14: long-term capital loss carryover,,,,,,,0.00",
            "Schedule D,,Line 15: net long-term capital gain or (loss),,,,,,,2000.00",
            "Schedule D,,Line 16: combined,,,,,,,-8000.00",
            "Schedule D,,Line 21: loss deducted against ordinary income,,,,,,,\(line21)",
            "Schedule D,,Carryover to next year: short-term,,,,,,,\(carried)",
            "Schedule D,,Carryover to next year: long-term,,,,,,,0.00",
            "Schedule D,,Carryover worksheet lines 1-3: no taxable income for 2024 in the profile; assumed not to limit line 4 "
                + "(harvest profile set --year 2024 --taxable-income N),,,,,,,",
        ])
    }

    /// From 2025 the digital-asset boxes are I (short) and L (long): 1 ETH bought 2024-03-01 for 3,000 sold 2025-02-01 for
    /// 3,500 (short, +500); 1 BTC bought 2023-01-01 for 20,000 sold 2025-02-01 for 100,000 (long, +80,000).
    @Test("2025 rows go in boxes I and L")
    func boxes2025() throws {
        let books = try Books([
            Row.buy("b1", "2024-03-01", 1, "ETH", cost: 3000), Row.sell("s1", "2025-02-01", 1, "ETH", proceeds: 3500),
            Row.buy("b2", "2023-01-01", 1, "BTC", cost: 20000), Row.sell("s2", "2025-02-01", 1, "BTC", proceeds: 100_000),
        ], .us)
        let summary = try books.summary(2025)
        let csv = lines(Form8949.csv(year: 2025, disposals: books.disposals, summary: summary, figures: try #require(summary.scheduleD)))
        #expect(Array(csv[1...4]) == [
            "I,I,1 ETH,03/01/2024,02/01/2025,3500.00,3000.00,,,500.00",
            "I,I,Totals (1 rows),,,3500.00,3000.00,,0.00,500.00",
            "II,L,1 BTC,01/01/2023,02/01/2025,100000.00,20000.00,,,80000.00",
            "II,L,Totals (1 rows),,,100000.00,20000.00,,0.00,80000.00",
        ])
        #expect(csv.contains("Schedule D,,Short-term totals from Form 8949 box I,,,,,,,500.00"))
        #expect(csv.contains("Schedule D,,Long-term totals from Form 8949 box L,,,,,,,80000.00"))
    }

    /// 1 ETH held, 3 sold for 9,000 with missing basis allowed: the 2 units never seen bought are described as such.
    @Test("a row on assumed zero basis says so in its description")
    func missingBasis() throws {
        let books = try Books([Row.buy("b1", "2024-01-01", 1, "ETH", cost: 2000), Row.sell("s1", "2024-05-01", 3, "ETH", proceeds: 9000)],
                              .us, policy: AccountingPolicy(allowMissingBasis: true))
        let summary = try books.summary(2024)
        let csv = lines(Form8949.csv(year: 2024, disposals: books.disposals, summary: summary, figures: try #require(summary.scheduleD)))
        #expect(csv[2] == "I,C,2 ETH (basis unknown: assumed zero),05/01/2024,05/01/2024,6000.00,0.00,,,6000.00")
    }

    /// Schedule D instructions, line 21: "If line 16 is a loss, enter ... the smaller of the loss on line 16 or ($3,000)".
    /// And the Capital Loss Carryover Worksheet works from the return's lines (line 5: "the loss from your Schedule D,
    /// line 7"). Here the printed lines and the exact figures would part by a cent (999.995, 1,999.995), and the form's
    /// rule wins: every line, and the year summary, works from the printed rows.
    /// - 1 ETH bought for 1,000 sold for 0.005: printed proceeds 0.01, gain −999.99, so line 16 is (999.99) and line 21 must
    ///   be (999.99); nothing carries over.
    /// - 1 ETH bought for 5,000 sold for 0.005: line 16 (4,999.99); line 21 (3,000.00); the worksheet's short-term
    ///   carryover is 4,999.99 − 3,000 = 1,999.99.
    @Test("line 21 and the carryover follow the printed line 16", arguments: [
        (Money(1000), "-999.99", "-999.99", "0.00"), (Money(5000), "-4999.99", "-3000.00", "1999.99"),
    ])
    func printedLossLines(_ cost: Money, _ line16: String, _ line21: String, _ carried: String) throws {
        let books = try Books([Row.buy("b1", "2024-01-10", 1, "ETH", cost: cost), Row.sell("s1", "2024-06-01", 1, "ETH", proceeds: "0.005")], .us)
        let summary = try books.summary(2024)
        let csv = lines(Form8949.csv(year: 2024, disposals: books.disposals, summary: summary, figures: try #require(summary.scheduleD)))
        #expect(csv.contains("Schedule D,,Line 16: combined,,,,,,,\(line16)"))
        #expect(csv.contains("Schedule D,,Line 21: loss deducted against ordinary income,,,,,,,\(line21)"))
        #expect(csv.contains("Schedule D,,Carryover to next year: short-term,,,,,,,\(carried)"))
        // The year summary a user reads says the same.
        let text = summary.presentation.text(jurisdiction: .us, filing: .single)
        #expect(text.contains("  Net capital gain (loss): \((try Money(parsing: line16)).groupedCents)\n"))
        #expect(text.contains("  Deducted against ordinary income: \((try Money(parsing: line21.dropFirst())).groupedCents)\n"))
    }
}
