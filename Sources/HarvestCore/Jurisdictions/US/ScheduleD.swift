/// One US tax year's capital gains as Schedule D nets them (IRC §1211(b), §1212(b)).
public struct USScheduleD: Sendable, Hashable {
    /// Short-term gains + losses − short-term carryover in (line 7).
    public var netShortTerm: Money
    /// Long-term gains + losses − long-term carryover in (line 15).
    public var netLongTerm: Money
    /// The net loss deducted against ordinary income this year (positive; line 21).
    public var deductionAgainstOrdinaryIncome: Money

    /// Line 16: net short term + net long term.
    public var netCapitalGain: Money { netShortTerm + netLongTerm }
}

extension UnitedStates {
    /// IRC §1211(b) and §1212(b), as the Schedule D Capital Loss Carryover Worksheet computes them:
    /// a net capital loss is deducted up to `limit`; the short-term part is used first; each character's
    /// excess carries forward.
    ///
    /// Worksheet lines (taxable income assumed large enough for the full deduction, lines 1–4):
    /// - 4: deduction = min(limit, net loss)
    /// - 7: short carryover = ST loss − (LT gain + deduction)
    /// - 10: deduction left for long = deduction − ST loss (not below zero)
    /// - 12: long carryover = LT loss − (ST gain + line 10)
    public static func netting(netShortTerm: Money, netLongTerm: Money, limit: Money) -> (deduction: Money, carryforward: Carryforward) {
        let net = netShortTerm + netLongTerm
        guard net.isNegative else { return (.zero, .none) }
        let deduction = min(limit, -net)
        let shortLoss = netShortTerm.isNegative ? -netShortTerm : .zero
        let longLoss = netLongTerm.isNegative ? -netLongTerm : .zero
        let shortGain = netShortTerm.isPositive ? netShortTerm : .zero
        let longGain = netLongTerm.isPositive ? netLongTerm : .zero
        let shortCarry = max(.zero, shortLoss - (longGain + deduction))
        let deductionLeft = max(.zero, deduction - shortLoss)
        let longCarry = max(.zero, longLoss - (shortGain + deductionLeft))
        return (deduction, Carryforward(shortTerm: shortCarry, longTerm: longCarry))
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
    /// the filing status's limit and the rest carries forward keeping its character.
    func summarize(_ activity: YearActivity, carryforwardIn: Carryforward, options: NettingOptions, in jurisdiction: Jurisdiction)
        -> YearSummary
    {
        let netShort = activity.rows.netShortTerm - carryforwardIn.shortTerm
        let netLong = activity.rows.netLongTerm - carryforwardIn.longTerm
        let (deduction, carryOut) = UnitedStates.netting(
            netShortTerm: netShort, netLongTerm: netLong, limit: UnitedStates.capitalLossLimit(options.filing))
        let scheduleD = USScheduleD(netShortTerm: netShort, netLongTerm: netLong, deductionAgainstOrdinaryIncome: deduction)
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
