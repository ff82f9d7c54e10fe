import HarvestCore
import HarvestTestSupport
import PropertyBased
import Testing

/// Issue 19 in the core: what used to trap now computes or throws a `LedgerError` naming the row.
@Suite("Robustness: no trap in the core on extreme values")
struct RobustnessCoreTests {
    @Test("a year added to a day in 9999 is a day in 10000 (a lot disposed of in 9999 no longer traps)")
    func yearNineThousandNineHundredNinetyNine() {
        // 9999-06-01 plus one year: 10000-06-01 by the calendar; 9999-12-31 plus one month: 10000-01-31.
        let later = day("9999-06-01").adding(years: 1)
        #expect(later.year == 10000 && later.month == 6 && later.day == 1)
        let nextMonth = day("9999-12-31").adding(months: 1)
        #expect(nextMonth.year == 10000 && nextMonth.month == 1 && nextMonth.day == 31)
        // A sale in 9999 of a lot bought in 9998: the one-year anniversary lies in 10000, and the gain comes out.
        let result = try? LotEngine.run([
            Row.buy("b", "9998-06-01", "1", "BTC", cost: "100"),
            Row.sell("s", "9999-07-01", "1", "BTC", proceeds: "150"),
        ])
        #expect(result?.disposals.map(\.gain) == [Money("50")])
    }

    @Test("checked operations throw instead of trapping; the unchecked ones stay exact where they fit")
    func checkedOperations() throws {
        #expect(throws: ArithmeticOverflow.self) { try Fixed.largest.adding(Fixed(raw: 1)) }
        #expect(throws: ArithmeticOverflow.self) { try Fixed(raw: -Int128.max).subtracting(Fixed(2)) }
        // 1e15 × 1e10 = 1e25 > 1.7e20; 1e10 × 1e5 = 1e15 fits.
        let quadrillion: Fixed = "1e15", tenBillion: Fixed = "1e10"
        #expect(throws: ArithmeticOverflow.self) { try quadrillion.checkedMultiplied(by: tenBillion, rounding: .halfEven) }
        #expect(try tenBillion.checkedMultiplied(by: "1e5", rounding: .halfEven) == quadrillion)
        // 171 / 1e-18 = 1.71e20 > Fixed's 1.7014e20: the checked quotient throws, the saturating one is the largest value.
        let dust: Fixed = "0.000000000000000001"
        #expect(throws: ArithmeticOverflow.self) { try Fixed(171).checkedDivided(by: dust, rounding: .halfEven) }
        #expect(Fixed(171).saturatingDivided(by: dust, rounding: .halfEven) == Fixed.largest)
        #expect(Fixed(-171).saturatingDivided(by: dust, rounding: .halfEven) == Fixed(raw: -Int128.max))
        // 10 / 4 = 2.5 either way.
        #expect(try Fixed(10).checkedDivided(by: 4, rounding: .halfEven) == "2.5")
        #expect(try Fixed(10).checkedScaled(by: 3, over: 4, rounding: .halfEven) == "7.5")
    }

    @Test("a dust lot costing $171 (1e-18 units) is valued and sold under HIFO without trapping")
    func dustLot() throws {
        // Unit cost 171 / 1e-18 = 1.71e20 does not fit: saturated, it is the highest, so HIFO sells the dust first:
        // 1e-18 BTC sold for 1 against a basis of 171 is a gain of 1 - 171 = -170; then the rest of the history sells
        // 1 BTC for 200 from the other lot (basis 100): +100.
        let policy = AccountingPolicy(method: .hifo, scope: .wallet)
        let result = try LotEngine.run([
            Row.buy("big", "2024-01-01", "1", "BTC", cost: "100"),
            Row.buy("dust", "2024-01-02", "0.000000000000000001", "BTC", cost: "171"),
            Row.sell("s1", "2024-02-01", "0.000000000000000001", "BTC", proceeds: "1"),
            Row.sell("s2", "2024-02-02", "1", "BTC", proceeds: "200"),
        ], policy: policy)
        #expect(result.disposals.map(\.lotTransactionID) == ["dust", "big"])
        #expect(result.disposals.map(\.gain) == [Money("-170"), Money("100")])
    }

    @Test("a price of 1e15 on 1e10 units: the replay names the row instead of trapping")
    func valuationOverflow() {
        // A trade with no value and no base-currency side is valued at the day's close: 1e15 × 1e10 = 1e25.
        var prices = PriceBook()
        prices.set(Asset("XYZ"), PriceSeries([(day("2024-01-01"), "1e15")]))
        let trade = Row.trade("t", "2024-01-01", sent: amount("1e10", "XYZ"), received: amount("1", "BTC"), value: nil)
        #expect {
            _ = try LotEngine.run([Row.income("i", "2023-12-01", "1e10", "XYZ", value: "1"), trade], prices: prices)
        } throws: { error in
            guard case LedgerError.outOfRange(let row, _) = error else { return false }
            return row == trade.reference && "\(error)".contains("exceeds the largest number")
        }
    }

    @Test("two buys of 1e20 BTC (made without an importer): the ledger's total is refused before the replay adds them up")
    func ledgerTotals() {
        // 1e20 + 1e20 = 2e20 > 1.7e20: the sum alone would trap.
        let rows = [Row.buy("a", "2024-01-01", "1e20", "BTC", cost: "1"), Row.buy("b", "2024-01-02", "1e20", "BTC", cost: "1")]
        #expect {
            _ = try LotEngine.run(rows)
        } throws: { error in
            guard case LedgerError.outOfRange = error else { return false }
            return "\(error)".contains("pass 1e19")
        }
        // Two buys of 1e15 (the most an importer accepts) add up to 2e15 units: fine.
        #expect(throws: Never.self) {
            try LotEngine.run([Row.buy("a", "2024-01-01", "1e15", "BTC", cost: "1"), Row.buy("b", "2024-01-02", "1e15", "BTC", cost: "1")])
        }
    }

    @Test("checked-arithmetic mode: conservation holds on random ledgers under every policy, checked in every build",
          arguments: LedgerConservationPropertyTests.policies)
    func checkedMode(_ c: LedgerConservationPropertyTests.PolicyCase) async {
        var policy = c.policy
        policy.checkedArithmetic = true
        await propertyCheck(count: 100, input: LedgerGen.ledger(overdraw: c.overdraw)) { ledger in
            // The audit's own totals must agree with the generator's independent ones (units in = units out + open).
            let result = try LotEngine.run(ledger.transactions, policy: policy)
            for asset in LedgerGen.assets {
                let open = result.openLots.filter { $0.asset == asset }.map(\.quantity).reduce(.zero, +)
                let out = result.disposals.filter { $0.asset == asset }.map(\.quantity).reduce(.zero, +)
                    + result.removals.filter { $0.asset == asset }.map(\.quantity).reduce(.zero, +)
                let vanished = policy.transferFee == .addToBasis ? ledger.transferFeeUnits[asset] ?? .zero : .zero
                #expect((ledger.unitsAcquired[asset] ?? .zero) + (ledger.unitsMissing[asset] ?? .zero) == out + open + vanished)
            }
        }
    }

    @Test("checked-arithmetic mode: a wash sale's deferred loss and a gift's dual basis keep the books balanced")
    func checkedModeRules() throws {
        // Bought 1 at 100, sold at 40 (loss 60) and bought back 1 at 45 within 30 days: the 60 is added to the new lot
        // (basis 105), so 145 of basis came in (100 + 45) plus 60 by the rule, and 100 (sold) + 105 (held) account for it.
        var policy = AccountingPolicy(method: .fifo, scope: .wallet)
        policy.washSale = Jurisdiction.us.washSale?.includingCrypto
        policy.checkedArithmetic = true
        let result = try LotEngine.run([
            Row.buy("b1", "2024-01-01", "1", "BTC", cost: "100"),
            Row.sell("s", "2024-03-01", "1", "BTC", proceeds: "40"),
            Row.buy("b2", "2024-03-10", "1", "BTC", cost: "45"),
        ], policy: policy)
        #expect(result.openLots.map(\.costBasis) == [Money("105")])
        #expect(result.disposals.map(\.adjustment) == [Money("60")])
    }
}
