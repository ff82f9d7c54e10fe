/// One US tax year's capital gains as Schedule D nets them (IRC §1211(b), §1212(b)).
public struct USScheduleD: Sendable, Hashable {
    /// Short-term gains + losses − short-term carryover in (line 7).
    public var netShortTerm: Money
    /// Long-term gains + losses − long-term carryover in (line 15).
    public var netLongTerm: Money
    /// The net loss deducted against ordinary income this year (positive; line 21).
    public var deductionAgainstOrdinaryIncome: Money
    /// The Capital Loss Carryover Worksheet that carries this year's loss into the next; `nil` when line 16 is not a loss.
    public var worksheet: CarryoverWorksheet?

    public init(netShortTerm: Money, netLongTerm: Money, deductionAgainstOrdinaryIncome: Money, worksheet: CarryoverWorksheet? = nil) {
        self.netShortTerm = netShortTerm
        self.netLongTerm = netLongTerm
        self.deductionAgainstOrdinaryIncome = deductionAgainstOrdinaryIncome
        self.worksheet = worksheet
    }

    /// Line 16: net short term + net long term.
    public var netCapitalGain: Money { netShortTerm + netLongTerm }
}

/// The Capital Loss Carryover Worksheet of the Instructions for Schedule D (Form 1040), lines 1–13: this year's return
/// figures in, next year's short- and long-term carryovers (its Schedule D lines 6 and 14) out. The IRS text, line by
/// line (for the carryover from year Y to Y + 1; "Schedule D" and "Form 1040" are year Y's):
///
/// 1. "Enter the amount from your [Y] Form 1040, line 15. If a loss, enter it as a negative amount" (line 15 itself
///    stops at zero: the figure meant is line 11 minus line 14, negative when deductions exceed income).
/// 2. "Enter the loss from your [Y] Schedule D, line 21, as a positive amount."
/// 3. "Combine lines 1 and 2. If zero or less, enter -0-."
/// 4. "Enter the smaller of line 2 or line 3."
///    "If line 7 of your [Y] Schedule D is a loss, go to line 5; otherwise, enter -0- on line 5 and go to line 9."
/// 5. "Enter the loss from your [Y] Schedule D, line 7, as a positive amount."
/// 6. "Enter any gain from your [Y] Schedule D, line 15. If a loss, enter -0-."
/// 7. "Add lines 4 and 6."
/// 8. "Short-term capital loss carryover for [Y + 1]. Subtract line 7 from line 5. If zero or less, enter -0-."
///    "If line 15 of your [Y] Schedule D is a loss, go to line 9; otherwise, skip lines 9 through 13."
/// 9. "Enter the loss from your [Y] Schedule D, line 15, as a positive amount."
/// 10. "Enter any gain from your [Y] Schedule D, line 7. If a loss, enter -0-."
/// 11. "Subtract line 5 from line 4. If zero or less, enter -0-."
/// 12. "Add lines 10 and 11."
/// 13. "Long-term capital loss carryover for [Y + 1]. Subtract line 12 from line 9. If zero or less, enter -0-."
///
/// Lines 1–3 cap the part of the deduction that "uses up" the loss (IRC §1212(b)(2): the deduction counts only as far
/// as taxable income absorbs it): a year whose deductions already exceed its income carries more forward. Without a
/// taxable income (`line1TaxableIncome == nil`) the cap is assumed not to bind: line 4 is line 2.
public struct CarryoverWorksheet: Sendable, Hashable {
    public var line1TaxableIncome: Money?
    public var line2Deduction: Money
    /// `nil` when line 1 is unknown.
    public var line3: Money?
    public var line4: Money
    public var line5ShortTermLoss: Money
    public var line6LongTermGain: Money
    public var line7: Money
    public var line8ShortTermCarryover: Money
    public var line9LongTermLoss: Money
    public var line10ShortTermGain: Money
    public var line11: Money
    public var line12: Money
    public var line13LongTermCarryover: Money

    /// - Parameters: `netShortTerm` and `netLongTerm` are Schedule D lines 7 and 15, `deduction` line 21 as a positive
    ///   amount, `taxableIncome` Form 1040 line 15 (negative when deductions exceed income), if known.
    public init(netShortTerm: Money, netLongTerm: Money, deduction: Money, taxableIncome: Money?) {
        precondition(!deduction.isNegative, "carryover worksheet: line 2 (\(deduction)) is a positive amount")
        // Line 1 is a figure of the return, in cents as printed (so the carryover stays in printed cents).
        line1TaxableIncome = taxableIncome.map(PrintedMoney.rounded)
        line2Deduction = deduction
        line3 = line1TaxableIncome.map { max(.zero, $0 + deduction) }
        line4 = line3.map { min(deduction, $0) } ?? deduction
        line5ShortTermLoss = netShortTerm.isNegative ? -netShortTerm : .zero
        line6LongTermGain = netLongTerm.isPositive ? netLongTerm : .zero
        line7 = line4 + line6LongTermGain
        line8ShortTermCarryover = max(.zero, line5ShortTermLoss - line7)
        line9LongTermLoss = netLongTerm.isNegative ? -netLongTerm : .zero
        line10ShortTermGain = netShortTerm.isPositive ? netShortTerm : .zero
        line11 = max(.zero, line4 - line5ShortTermLoss)
        line12 = line10ShortTermGain + line11
        line13LongTermCarryover = max(.zero, line9LongTermLoss - line12)
    }

    /// Lines 8 and 13: the carryovers into next year, each keeping its character.
    public var carryforward: Carryforward { Carryforward(shortTerm: line8ShortTermCarryover, longTerm: line13LongTermCarryover) }

    /// Whether line 4 is line 2 because no taxable income was given (the cap assumed not to bind).
    public var capAssumed: Bool { line1TaxableIncome == nil }
}

extension UnitedStates {
    /// IRC §1211(b) and §1212(b), as Schedule D and its Capital Loss Carryover Worksheet compute them: a net capital loss
    /// is deducted up to `limit` (line 21); the worksheet carries the rest forward keeping its character, the
    /// short-term part used first.
    /// - Parameter taxableIncome: the year's Form 1040 line 15 (negative when deductions exceed income), the worksheet's
    ///   line 1; `nil`: the cap of lines 1–3 is assumed not to bind.
    public static func netting(netShortTerm: Money, netLongTerm: Money, limit: Money, taxableIncome: Money? = nil)
        -> (deduction: Money, carryforward: Carryforward)
    {
        guard let worksheet = worksheet(netShortTerm: netShortTerm, netLongTerm: netLongTerm, limit: limit, taxableIncome: taxableIncome)
        else { return (.zero, .none) }
        return (worksheet.line2Deduction, worksheet.carryforward)
    }

    /// The year's worksheet, when line 16 is a loss: line 21 is the smaller of the loss and `limit`.
    public static func worksheet(netShortTerm: Money, netLongTerm: Money, limit: Money, taxableIncome: Money?) -> CarryoverWorksheet? {
        let net = netShortTerm + netLongTerm
        guard net.isNegative else { return nil }
        return CarryoverWorksheet(netShortTerm: netShortTerm, netLongTerm: netLongTerm, deduction: min(limit, -net), taxableIncome: taxableIncome)
    }

    /// The tax on a year's net gains at the profile's rates (federal plus state): a net loss of one character reduces
    /// the gain of the other (cross-netting) before each is taxed at its rate. `nil` when the year nets to a loss.
    static func taxOnNetGains(netShortTerm: Money, netLongTerm: Money, profile: TaxProfile) -> Money? {
        guard !(netShortTerm + netLongTerm).isNegative else { return nil }
        let taxedShort = netShortTerm.isNegative ? Money.zero : (netLongTerm.isNegative ? netShortTerm + netLongTerm : netShortTerm)
        let taxedLong = netLongTerm.isNegative ? Money.zero : (netShortTerm.isNegative ? netLongTerm + netShortTerm : netLongTerm)
        return taxedShort.multiplied(by: profile.shortTotal, rounding: .halfEven) + taxedLong.multiplied(by: profile.longTotal, rounding: .halfEven)
    }
}

extension UnitedStates.Regime {
    /// Short against short and long against long, each less its carryover; a net loss offsets ordinary income up to
    /// the filing status's limit and the worksheet carries the rest forward keeping its character (capped by the
    /// year's taxable income when it is known).
    func summarize(_ activity: YearActivity, carryforwardIn: Carryforward, options: NettingOptions, in jurisdiction: Jurisdiction)
        -> YearSummary
    {
        let netShort = activity.rows.netShortTerm - carryforwardIn.shortTerm
        let netLong = activity.rows.netLongTerm - carryforwardIn.longTerm
        let worksheet = UnitedStates.worksheet(
            netShortTerm: netShort, netLongTerm: netLong, limit: UnitedStates.capitalLossLimit(options.filing),
            taxableIncome: options.taxableIncome)
        let carryOut = worksheet?.carryforward ?? .none
        let scheduleD = USScheduleD(netShortTerm: netShort, netLongTerm: netLong,
                                    deductionAgainstOrdinaryIncome: worksheet?.line2Deduction ?? .zero, worksheet: worksheet)
        return YearSummary(
            activity, gains: activity.rows, disposalCount: activity.disposals.count, carryforwardIn: carryforwardIn,
            carryforwardOut: carryOut, taxableGain: max(.zero, scheduleD.netCapitalGain), figures: .unitedStates(scheduleD))
    }

    /// Federal and state tax on the net capital gain, or the saving of its deduction against ordinary income (at the
    /// short-term rate, the ordinary rate).
    func tax(of summary: YearSummary, profile: TaxProfile) -> Money {
        guard case .unitedStates(let scheduleD) = summary.figures else { preconditionFailure("a US regime given \(summary.figures)") }
        return UnitedStates.taxOnNetGains(netShortTerm: scheduleD.netShortTerm, netLongTerm: scheduleD.netLongTerm, profile: profile)
            ?? -scheduleD.deductionAgainstOrdinaryIncome.multiplied(by: profile.shortTotal, rounding: .halfEven)
    }
}
