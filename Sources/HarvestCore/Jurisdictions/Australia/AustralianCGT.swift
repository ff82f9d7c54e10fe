/// One Australian income year's capital gains as item 18 of the individual tax return reports them.
///
/// The ATO's method ("Working out your net capital gain or loss"): add up the year's capital gains (label H);
/// apply the year's capital losses, then the net capital losses of earlier years; apply the discount to the
/// discountable gains left; the result is the net capital gain (label A). Losses may be applied to gains in any
/// order, so they go to non-discountable gains first, which is always best: a dollar of loss there saves a full
/// dollar of gain, against fifty cents on a discountable gain. Losses left over carry forward without limit
/// (label V) and never reduce other income.
public struct AustralianCGT: Sendable, Hashable, Codable {
    /// Gains on assets held less than 12 months (and on any asset not eligible for the discount).
    public var nonDiscountableGains: Money
    /// Gains on assets held 12 months or more (before the discount).
    public var discountableGains: Money
    /// The year's capital losses (positive).
    public var currentYearLosses: Money
    /// Net capital losses carried in from earlier years (positive).
    public var carriedIn: Money
    /// Losses applied: the year's and the carried-in ones, to each kind of gain (positive).
    public var lossesAppliedToNonDiscountable: Money
    public var lossesAppliedToDiscountable: Money
    /// Of the losses applied, how much came from earlier years.
    public var carriedInApplied: Money
    /// The discount taken on the discountable gains left after losses.
    public var discount: Money
    /// Label A: non-discountable gains left + discountable gains left − discount.
    public var netCapitalGain: Money
    /// Label V: the year's and earlier years' losses not applied, carried to later years.
    public var carriedOut: Money

    /// Label H: total current-year capital gains, before losses and discount.
    public var totalCurrentYearGains: Money { nonDiscountableGains + discountableGains }

    /// - Parameters: amounts are positive; `discountRate` is the fraction of discountable gains not taxed.
    public static func compute(
        nonDiscountableGains: Money, discountableGains: Money, currentYearLosses: Money, carriedIn: Money,
        discountRate: Fixed = Australia.discountRate
    ) -> AustralianCGT {
        precondition(!nonDiscountableGains.isNegative && !discountableGains.isNegative && !currentYearLosses.isNegative
                     && !carriedIn.isNegative, "Australian CGT inputs are positive amounts")
        var nonDiscountable = nonDiscountableGains, discountable = discountableGains
        var toNonDiscountable = Money.zero, toDiscountable = Money.zero
        /// Applies `pool` to the non-discountable gains left, then to the discountable ones; returns what is left of it.
        func apply(_ pool: Money) -> Money {
            var left = pool
            let first = min(left, nonDiscountable)
            nonDiscountable -= first
            toNonDiscountable += first
            left -= first
            let second = min(left, discountable)
            discountable -= second
            toDiscountable += second
            left -= second
            return left
        }
        // The year's losses first, then the carried-in ones (the ATO's steps 2 and 3).
        let currentLeft = apply(currentYearLosses)
        let carriedLeft = apply(carriedIn)
        let discount = discountable.multiplied(by: discountRate, rounding: .halfEven)
        let result = AustralianCGT(
            nonDiscountableGains: nonDiscountableGains, discountableGains: discountableGains, currentYearLosses: currentYearLosses,
            carriedIn: carriedIn, lossesAppliedToNonDiscountable: toNonDiscountable, lossesAppliedToDiscountable: toDiscountable,
            carriedInApplied: carriedIn - carriedLeft, discount: discount, netCapitalGain: nonDiscountable + discountable - discount,
            carriedOut: currentLeft + carriedLeft)
        // Pair check: every dollar of loss is applied or carried, never lost or doubled.
        precondition(result.lossesAppliedToNonDiscountable + result.lossesAppliedToDiscountable + result.carriedOut
                     == currentYearLosses + carriedIn, "Australian loss bookkeeping does not add up: \(result)")
        return result
    }
}

extension AustralianCGT {
    /// The figures with the discount rounded to cents as printed (half away from zero: half a cent of discount goes
    /// to the taxpayer) and label A computed from it, so label A is the gains left less the printed discount. Every
    /// other figure is a sum of printed rows already.
    public var discountPrinted: AustralianCGT {
        var copy = self
        let left = netCapitalGain + discount
        copy.discount = PrintedMoney.rounded(discount)
        copy.netCapitalGain = left - copy.discount
        return copy
    }
}

extension Australia.Regime {
    /// Item 18: the year's losses, then those carried in, against non-discountable gains first, then the discount; a net
    /// capital loss carries forward without limit (in `shortTerm`: Australian losses keep no character).
    func summarize(_ activity: YearActivity, carryforwardIn: Carryforward, options: NettingOptions, in jurisdiction: Jurisdiction)
        -> YearSummary
    {
        let rows = activity.rows
        let cgt = AustralianCGT.compute(
            nonDiscountableGains: rows.shortTermGains, discountableGains: rows.longTermGains,
            currentYearLosses: -(rows.shortTermLosses + rows.longTermLosses), carriedIn: carryforwardIn.total
        ).discountPrinted
        return YearSummary(
            activity, gains: rows, disposalCount: activity.disposals.count, carryforwardIn: carryforwardIn,
            carryforwardOut: Carryforward(shortTerm: cgt.carriedOut), taxableGain: cgt.netCapitalGain, figures: .australia(cgt))
    }

    /// The net capital gain (after losses and the discount) at the marginal rate.
    func tax(of summary: YearSummary, profile: TaxProfile) -> Money {
        guard case .australia(let cgt) = summary.figures else { preconditionFailure("an Australian regime given \(summary.figures)") }
        return cgt.netCapitalGain.multiplied(by: profile.shortTotal, rounding: .halfEven)
    }
}
