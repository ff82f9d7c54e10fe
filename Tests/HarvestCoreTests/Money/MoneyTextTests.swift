import HarvestCore
import Testing

/// Amounts and rates as people read them (MoneyText.swift): cents rounded half away from zero, the IRS's "round half
/// up" for dollar amounts on returns (Form 1040 instructions, "Rounding Off to Whole Dollars": "drop amounts under 50
/// cents and increase amounts from 50 to 99 cents to the next dollar"), with thousands separators; and exact Fixed values
/// cut to `Double`s for statistics.
struct MoneyTextTests {
    @Test("cents, half away from zero, grouped by thousands", arguments: [
        (Money("1234567.891"), "1,234,567.89"),
        ("0.005", "0.01"), ("-0.005", "-0.01"),
        // A tie rounds away from zero where half-even would go to the even cent: 2.665 → 2.67 (half-even: 2.66).
        ("2.665", "2.67"), ("-2.665", "-2.67"), ("2.675", "2.68"),
        ("0.004999999999999999", "0.00"),
        // A negative amount that rounds to nothing has no sign: never "-0.00".
        ("-0.001", "0.00"), ("-0.004999999999999999", "0.00"),
        // Rounding carries into a new group of thousands.
        ("999.995", "1,000.00"), ("-999999.995", "-1,000,000.00"),
        (0, "0.00"), (12, "12.00"), (100, "100.00"), (1_000, "1,000.00"), (123_456, "123,456.00"), (-1_234, "-1,234.00"),
        (1_000_000, "1,000,000.00"), ("-1234567.89", "-1,234,567.89"),
    ])
    func groupedCents(_ money: Money, _ text: String) {
        #expect(money.groupedCents == text)
    }

    @Test("whole units, half away from zero, grouped by thousands", arguments: [
        (Money("-1234.5"), "-1,235"), ("1234.5", "1,235"), ("1234.49", "1,234"), ("0.5", "1"), ("-0.5", "-1"), ("0.49", "0"), ("-0.4", "0"),
        (12, "12"), (999, "999"), ("999999.5", "1,000,000"), (15_000, "15,000"), ("-9876543.21", "-9,876,543"),
        // Past Int64 (9.2e18): still grouped.
        ("10000000000000000000", "10,000,000,000,000,000,000"), ("-12345678901234567890.5", "-12,345,678,901,234,567,891"),
    ])
    func groupedWhole(_ money: Money, _ text: String) {
        #expect(money.groupedWhole == text)
    }

    @Test("thousands separators in the whole part of any decimal text", arguments: [
        ("-1234567.89", "-1,234,567.89"), ("1234", "1,234"), ("123", "123"), ("12", "12"), ("0.123456", "0.123456"),
        ("123456", "123,456"), ("1234567", "1,234,567"), ("-100", "-100"), ("-1000.5", "-1,000.5"), ("", ""),
    ])
    func grouped(_ text: String, _ expected: String) {
        #expect(Money.grouped(text) == expected)
    }

    @Test("a rate as a percentage, exactly", arguments: [
        (Fixed("0.35"), "35%"), ("0.125", "12.5%"), ("0.24", "24%"), ("0.26765", "26.765%"), ("0.0001", "0.01%"),
        (0, "0%"), (1, "100%"), ("-0.05", "-5%"), ("1.5", "150%"),
    ])
    func percent(_ rate: Fixed, _ text: String) {
        #expect(rate.percent == text)
    }

    @Test("a statistic is the value cut (toward zero) to the digits asked for", arguments: [
        (Fixed("1.23456789"), 4, 1.2345), ("1.23456789", 0, 1.0), ("-1.23456789", 2, -1.23), ("-0.999", 2, -0.99),
        ("0.5", 18, 0.5), ("123456.654321", 6, 123_456.654321), (0, 12, 0.0), ("0.000000000001", 12, 1e-12),
        ("0.000000000001", 11, 0.0), ("70000.5", 12, 70_000.5), ("-42", 6, -42.0),
        // Past Int64 once scaled: not clamped (a BTC close in yen, 15,000,000, at 12 digits is 1.5e19 units).
        (10, 18, 10.0), ("15000000", 12, 15_000_000.0), ("-15000000.5", 12, -15_000_000.5),
    ])
    func statistic(_ value: Fixed, _ digits: Int, _ expected: Double) {
        #expect(value.statistic(fractionDigits: digits) == expected)
    }
}
