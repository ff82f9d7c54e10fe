extension Jurisdiction {
    /// Australia (../shared/tax/rules.md §4): income year 1 July to 30 June; crypto is a CGT asset (TD 2014/26).
    ///
    /// - Discount: 50% for an individual on an asset acquired at least 12 months before the CGT event, the days of
    ///   acquisition and of the event excluded (ITAA 1997 s.115-25). The ATO's example: acquired 2 February 2001,
    ///   discount for an event on or after 3 February 2002 (Guide to CGT 2001-02, "The discount method"). That is
    ///   the calendar rule "after the anniversary", with a start on a month's last day counted from the 1st of the
    ///   next month: acquired 28 February 2023, the 12 months run 1 March 2023 to 29 February 2024, so the discount
    ///   applies from 1 March 2024 (the month-end reading of `.moreThanYears`). `Term.long` means discount-eligible.
    /// - Parcels: FIFO unless the units sold are identified (TD 33; ATO guidance on crypto: no LIFO).
    /// - Netting: `NettingRule.australia`, computed by `AustralianCGT.compute`.
    /// - Gifts are CGT event A1 at market value (s.116-30).
    /// - Wash sales: no mechanical rule; TR 2008/1 (Part IVA) is advised on, never applied.
    public static let australia = Jurisdiction(
        code: "au",
        name: "Australia",
        baseCurrency: Asset("AUD"),
        taxYear: TaxYearCalendar(startMonth: 7, startDay: 1),
        holdingPeriod: .moreThanYears(1),
        defaultMethod: .fifo,
        allowedMethods: [.fifo, .specific],
        netting: .australia,
        washSale: .australia,
        giftsAreDisposals: true,
        // Self-lodgers pay by 21 November after the income year (an approximation for simulations).
        taxPaymentMonth: 11, taxPaymentDay: 21
    )

    /// The CGT discount for individuals and trusts (ITAA 1997 s.115-100(a)); 1/3 for complying super funds and none
    /// for companies, which are not modelled.
    public static let auDiscountRate: Fixed = "0.5"

    /// An Australian income year as people write it: 2024 → "2024-25" (1 July 2024 to 30 June 2025).
    public static func auIncomeYear(_ year: Int) -> String {
        let next = (year + 1) % 100
        return "\(year)-\(next < 10 ? "0" : "")\(next)"
    }
}

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
        discountRate: Fixed = Jurisdiction.auDiscountRate
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
        let discount = Money(discountable.fixed.multiplied(by: discountRate, rounding: .halfEven))
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
