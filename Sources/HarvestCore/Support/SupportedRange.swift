/// What Harvest computes with: the dates and the magnitudes of quantities, prices and amounts that every importer and
/// every setting accepts, chosen so that whatever a report makes of them fits `Fixed` (README "Supported range").
///
/// `Fixed` holds ±1.7014e20 (`Int128.max` / 10^18). A single value is at most 10^15 (a quadrillion units, or a
/// quadrillion in the base currency: supplies reach 1e15 (DESIGN.md "Numbers"), and 1e15 in the smallest currency in
/// use is still more than any one transaction). So a sum of up to 170,141 values each at the bound fits, and a ledger
/// whose amounts add up, in magnitude, to at most `ledgerTotalBound` (10^19) leaves a margin of 17 for the sums of
/// sums a report makes (proceeds, basis and adjustment of one year, carried losses added in). Products (a price times
/// a quantity, a basis over a tiny quantity) can still exceed `Fixed`: they go through `Fixed`'s checked operations,
/// which throw `ArithmeticOverflow` instead of trapping.
public enum SupportedRange {
    /// The largest magnitude of one quantity, price or amount: 10^15.
    public static let valueBound = Fixed(raw: 1_000_000_000_000_000 * Fixed.scale)
    /// The largest sum of magnitudes of a whole ledger's amounts (or one asset's quantities) a replay accepts: 10^19.
    public static let ledgerTotalBound = Fixed(raw: 10_000_000_000_000_000_000 * Fixed.scale)
    /// The text of the bound, for messages.
    public static let valueBoundText = "1e15 (1,000,000,000,000,000)"

    /// The first and last days a timestamp may fall on, in UTC: years 0001 through 9998, so that every offset a
    /// timestamp can carry (±18 hours), the year a holding period adds and the wash-sale windows stay within the
    /// four-digit years that dates are written and stored in.
    public static let firstDate = CivilDate(daysSinceEpoch: -719_162)  // 0001-01-01
    public static let lastDate = CivilDate(daysSinceEpoch: 2_932_531)  // 9998-12-31
    public static let datesText = "0001-01-01 to 9998-12-31 (UTC)"

    /// Whether `value` is within ±`valueBound`.
    @inlinable public static func contains(_ value: Fixed) -> Bool { value.magnitude.raw <= valueBound.raw }

    /// The message for a value outside the bound: `'1e20' is outside the supported range ±1e15 (...)`.
    public static func valueMessage(_ text: String) -> String {
        "'\(text)' is outside the supported range: quantities, prices and amounts are at most \(valueBoundText) in magnitude"
    }

    /// Whether `instant` falls within `firstDate`...`lastDate` (UTC).
    public static func contains(_ instant: Instant) -> Bool {
        instant.millisecondsSinceEpoch >= Int64(firstDate.daysSinceEpoch) * 86_400_000
            && instant.millisecondsSinceEpoch < (Int64(lastDate.daysSinceEpoch) + 1) * 86_400_000
    }

    /// Whether wall-clock milliseconds (a time read without its offset) can be in range once any offset is applied:
    /// the range widened by a day on each side, so that the instant computed from them cannot overflow.
    public static func containsLocal(milliseconds: Int64) -> Bool {
        milliseconds >= (Int64(firstDate.daysSinceEpoch) - 1) * 86_400_000
            && milliseconds < (Int64(lastDate.daysSinceEpoch) + 2) * 86_400_000
    }

    /// The message for a time outside the range.
    public static func dateMessage(_ text: String) -> String {
        "'\(text)' is outside the supported dates \(datesText)"
    }
}

/// An arithmetic result that does not fit `Fixed` (±1.7e20): the operation is named so the message says what overflowed.
public struct ArithmeticOverflow: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// `operation` (what was computed) exceeds what `Fixed` holds.
    public init(_ operation: String) {
        description = "\(operation) exceeds the largest number Harvest computes with (±1.7e20): "
            + "quantities, prices and amounts are supported up to \(SupportedRange.valueBoundText) each (README \"Supported range\")"
    }
    /// A bound of the supported range passed, said in full.
    public init(message: String) { description = message }
}

extension Fixed {
    /// The largest value.
    public static let largest = Fixed(raw: Int128.max)

    /// `self + other`, or `ArithmeticOverflow` naming `operation` when the sum does not fit.
    @inlinable public func adding(_ other: Fixed, _ operation: @autoclosure () -> String = "a sum") throws(ArithmeticOverflow) -> Fixed {
        let (sum, overflow) = raw.addingReportingOverflow(other.raw)
        if overflow { throw ArithmeticOverflow(operation()) }
        return Fixed(raw: sum)
    }

    /// `self − other`, or `ArithmeticOverflow`.
    @inlinable public func subtracting(_ other: Fixed, _ operation: @autoclosure () -> String = "a difference") throws(ArithmeticOverflow) -> Fixed {
        let (difference, overflow) = raw.subtractingReportingOverflow(other.raw)
        if overflow { throw ArithmeticOverflow(operation()) }
        return Fixed(raw: difference)
    }

    /// `self × other` rounded with `mode`, or `ArithmeticOverflow` when the product does not fit.
    public func checkedMultiplied(by other: Fixed, rounding mode: RoundingMode, _ operation: @autoclosure () -> String = "a product")
        throws(ArithmeticOverflow) -> Fixed
    {
        guard let result = Fixed.quotient(raw.multipliedFullWidth(by: other.raw), by: Fixed.scale, rounding: mode) else {
            throw ArithmeticOverflow(operation())
        }
        return result
    }

    /// `self ÷ divisor` rounded with `mode`, or `ArithmeticOverflow` when the quotient does not fit (or `divisor` is zero).
    public func checkedDivided(by divisor: Fixed, rounding mode: RoundingMode, _ operation: @autoclosure () -> String = "a quotient")
        throws(ArithmeticOverflow) -> Fixed
    {
        guard !divisor.isZero, let result = Fixed.quotient(raw.multipliedFullWidth(by: Fixed.scale), by: divisor.raw, rounding: mode) else {
            throw ArithmeticOverflow(operation())
        }
        return result
    }

    /// `self × numerator ÷ denominator` in one rounding, or `ArithmeticOverflow`.
    public func checkedScaled(by numerator: Fixed, over denominator: Fixed, rounding mode: RoundingMode, _ operation: @autoclosure () -> String = "a share")
        throws(ArithmeticOverflow) -> Fixed
    {
        guard !denominator.isZero, let result = Fixed.quotient(raw.multipliedFullWidth(by: numerator.raw), by: denominator.raw, rounding: mode) else {
            throw ArithmeticOverflow(operation())
        }
        return result
    }

    /// `self ÷ divisor`, or `Fixed.largest` with this value's sign when the quotient does not fit: for orderings (HIFO's
    /// unit cost of a dust lot) where "larger than any other" is the right answer.
    public func saturatingDivided(by divisor: Fixed, rounding mode: RoundingMode) -> Fixed {
        if let result = try? checkedDivided(by: divisor, rounding: mode) { return result }
        return (isNegative != divisor.isNegative) && !isZero ? Fixed(raw: -Int128.max) : Fixed.largest
    }

    /// A 256-bit dividend over `divisor`, or nil when the quotient does not fit in `Int128`.
    static func quotient(_ dividend: (high: Int128, low: UInt128), by divisor: Int128, rounding mode: RoundingMode) -> Fixed? {
        // Magnitude of the dividend compared with divisor × 2^127: the quotient fits when high's magnitude stays below
        // half the divisor's (the same test `divide` makes with a precondition, made here without trapping).
        var high = UInt128(bitPattern: dividend.high), low = dividend.low
        if dividend.high < 0 {
            high = ~high; low = ~low
            let (sum, carry) = low.addingReportingOverflow(1)
            low = sum
            if carry { high &+= 1 }
        }
        let divisorMagnitude = divisor.magnitude
        guard high < divisorMagnitude else { return nil }
        let (quotient, _) = divisorMagnitude.dividingFullWidth((high: high, low: low))
        // One more than Int128.max could still round; keep a unit of margin rather than re-derive the rounding here.
        guard quotient < UInt128(Int128.max) else { return nil }
        return Fixed(raw: divide(dividend, by: divisor, rounding: mode))
    }
}

extension SupportedRange {
    /// The magnitudes of the quantities and amounts one row carries, added up (`checkLedgerTotals`).
    static func magnitude(of tx: Transaction) throws(ArithmeticOverflow) -> Fixed {
        var row = Fixed.zero
        func add(_ amount: Fixed?) throws(ArithmeticOverflow) {
            if let amount { row = try row.adding(amount.magnitude) }
        }
        try add(tx.sent?.quantity.fixed)
        try add(tx.received?.quantity.fixed)
        try add(tx.fee?.quantity.fixed)
        try add(tx.value?.fixed)
        try add(tx.feeValue?.fixed)
        try add(tx.receivedValue?.fixed)
        return row
    }

    /// Checks, before a replay, that the magnitudes of every quantity and amount the rows carry add up to at most
    /// `ledgerTotalBound` (10^19): every sum the replay and the reports make of them (a lot's basis, a year's proceeds,
    /// an asset's units held) is then a sum of some of them, and fits `Fixed` with a margin of 17. One pass, with
    /// overflow checks, so that even rows made without an importer (each value up to 1.7e20) fail with a message
    /// naming where the total passed the bound instead of trapping in the replay.
    ///
    /// `total` is what the rows before these add up to (a replay of the history from a state's cut: `ReplayState`).
    public static func checkLedgerTotals(_ transactions: [Transaction], startingAt total: Fixed = .zero) throws(LedgerError) {
        var total = total
        let message = "the ledger's quantities and amounts, added up in magnitude through this row, pass 1e19, the most Harvest "
            + "totals with room to spare (README \"Supported range\"): split the history, or check this row's figures"
        for tx in transactions {
            do throws(ArithmeticOverflow) {
                total = try total.adding(try magnitude(of: tx))
            } catch {
                throw .outOfRange(transaction: tx.reference, overflow: ArithmeticOverflow(message: message))
            }
            if total > ledgerTotalBound { throw .outOfRange(transaction: tx.reference, overflow: ArithmeticOverflow(message: message)) }
        }
    }
}

extension SupportedRange {
    /// Checks that every open lot's value at `prices` fits, and that their values add up to at most `ledgerTotalBound`:
    /// what `holdings` and the planner compute (values, unrealized gains, their totals, rates of them) then fits `Fixed`.
    /// A price and a quantity can each be in range and their product not (1e15 × 1e10): the error names the asset.
    public static func checkValuation(_ lots: [Lot], prices: [Asset: Price]) throws(ArithmeticOverflow) {
        var total = Fixed.zero
        for lot in lots {
            guard let price = prices[lot.asset] else { continue }
            let value = try price.value(of: lot.quantity)
            total = try total.adding(value.fixed.magnitude, "the value of every open lot")
            total = try total.adding(lot.costBasis.fixed.magnitude, "the value and basis of every open lot")
            if total > ledgerTotalBound {
                throw ArithmeticOverflow(message: "the open lots' values and bases add up past 1e19 (\(lot.asset) at \(price) a unit), "
                    + "the most Harvest totals with room to spare (README \"Supported range\")")
            }
        }
    }
}
