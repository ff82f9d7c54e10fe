import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// Reports round money once per printed figure, to cents, half away from zero (the IRS instructions' "round half up";
/// README "How the numbers are computed").
@Suite("Report rounding")
struct RoundingTests {
    @Test("cents: half away from zero at the cent, both signs", arguments: [
        ("0.005", "0.01"), ("-0.005", "-0.01"),
        // Half-even would give 1.02 and -1.02 here: the tie goes away from zero.
        ("1.025", "1.03"), ("-1.025", "-1.03"),
        // Below and above the tie.
        ("0.004999999999999999", "0"), ("-0.004999999999999999", "0"), ("2.344", "2.34"), ("-2.346", "-2.35"),
        ("1234567.895", "1234567.9"), ("7", "7"),
    ] as [(Money, Money)])
    func cents(_ exact: Money, _ printed: Money) {
        #expect(ReportRounding.cents(exact) == printed)
    }

    @Test("text: two decimals, no grouping, no negative zero", arguments: [
        ("0.005", "0.01"), ("-0.005", "-0.01"), ("1234567.895", "1234567.90"), ("12", "12.00"), ("-0.004", "0.00"),
        ("0.1", "0.10"),
    ] as [(Money, String)])
    func text(_ exact: Money, _ printed: String) {
        #expect(ReportRounding.text(exact) == printed)
    }

    /// 3 ETH bought for 10.00, 1 sold for 3.335: its basis is 10 × 1/3 = 3.333333333333333333 (split at 18 digits).
    /// Printed: proceeds 3.335 → 3.34, basis 3.333… → 3.33, gain 3.34 − 3.33 = 0.01. The exact gain,
    /// 3.335 − 3.333333333333333333 = 0.001666666666666667, would print 0.00 on its own: the row's printed gain is a
    /// cent apart from it, and the row adds up.
    @Test("a printed row's gain is printed proceeds − printed basis, a cent from the exact gain rounded")
    func gainFromPrintedFigures() throws {
        let books = try Books([
            Row.buy("b1", "2024-01-10", 3, "ETH", cost: 10),
            Row.sell("s1", "2024-02-01", 1, "ETH", proceeds: "3.335"),
        ], .us)
        let row = PrintedDisposal(try #require(books.disposals.first))
        #expect(row.disposal.costBasis == "3.333333333333333333")
        #expect(row.proceeds == "3.34" && row.costBasis == "3.33" && row.adjustment == 0)
        #expect(row.gain == "0.01")
        #expect(ReportRounding.cents(row.disposal.gain) == 0)
    }

    /// The same lot sold for 3.325: printed proceeds 3.33 (half away from zero), basis 3.33, gain 0.00; the exact loss
    /// 3.325 − 3.333333333333333333 = −0.008333333333333333 would print −0.01.
    @Test("a small exact loss can print as a zero gain, and the row still adds up")
    func lossFromPrintedFigures() throws {
        let books = try Books([
            Row.buy("b1", "2024-01-10", 3, "ETH", cost: 10),
            Row.sell("s1", "2024-02-01", 1, "ETH", proceeds: "3.325"),
        ], .us)
        let row = PrintedDisposal(try #require(books.disposals.first))
        #expect(row.disposal.gain == "-0.008333333333333333")
        #expect(ReportRounding.cents(row.disposal.gain) == "-0.01")
        #expect(row.proceeds == "3.33" && row.costBasis == "3.33" && row.gain == 0)
    }

    /// A wash sale's disallowed loss is printed too: 3 IBIT bought for 100.00, sold for 80.005 (loss 19.995, printed
    /// proceeds 80.01), 3 bought back 10 days later. The whole loss is disallowed: adjustment 19.995 → 20.00. Printed
    /// gain 80.01 − 100.00 + 20.00 = 0.01, while the exact gain is 0.
    @Test("the adjustment is rounded once and enters the printed gain")
    func adjustmentRounded() throws {
        let books = try Books([
            Row.buy("b1", "2024-01-10", 3, "IBIT", cost: 100),
            Row.sell("s1", "2024-03-01", 3, "IBIT", proceeds: "80.005"),
            Row.buy("b2", "2024-03-11", 3, "IBIT", cost: 90),
        ], .us, policy: washSalePolicy)
        let sale = try #require(books.disposals.first)
        #expect(sale.adjustment == "19.995" && sale.adjustmentCode == .washSale && sale.gain == 0)
        let row = PrintedDisposal(sale)
        #expect(row.proceeds == "80.01" && row.costBasis == 100 && row.adjustment == 20 && row.gain == "0.01")
    }
}
