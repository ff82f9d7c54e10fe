/// One Canadian tax year's capital gains as Schedule 3 nets them (ITA s.3, s.38, s.111): the year's gains net against
/// its losses; the inclusion rate (½) of a net gain, after net capital losses of other years, is the taxable capital
/// gain (carried forward here; the 3-year carry-back is not modelled); a net loss never offsets other income.
public struct CanadaCapitalGains: Sendable, Hashable {
    /// The year's gains and losses, disposition by disposition, together.
    public var net: Money
    /// Net capital losses of other years applied against the net gain (in full amounts).
    public var lossesOfOtherYearsUsed: Money
    /// The fraction of a net gain that is taxable.
    public var inclusionRate: Fixed
}

extension Canada.Regime {
    /// One transaction's units of one asset are one disposition; losses of other years come off the net gain, then the
    /// inclusion rate.
    func summarize(_ activity: YearActivity, carryforwardIn: Carryforward, options: NettingOptions, in jurisdiction: Jurisdiction)
        -> YearSummary
    {
        let dispositions = DisposalGains(activity.disposals, grouping: .transaction)
        let net = dispositions.net
        let broughtForward = carryforwardIn.total
        // Net capital losses of other years against the net gain, then the inclusion rate (ITA s.3(b), s.111(1)(b)).
        let used = net.isPositive ? min(broughtForward, net) : .zero
        let inclusion = jurisdiction.schedule.inclusionRate
        // As the return computes it: the taxable part of the net gain (line 12700) less the taxable part of the losses
        // applied (line 25300), each rounded to cents as printed, so the taxable gain is the difference of printed lines.
        func included(_ amount: Money) -> Money { PrintedMoney.rounded(amount.multiplied(by: inclusion, rounding: .halfEven)) }
        let taxable = net.isPositive ? max(.zero, included(net) - included(used)) : .zero
        let figures = CanadaCapitalGains(net: net, lossesOfOtherYearsUsed: used, inclusionRate: inclusion)
        return YearSummary(
            activity, gains: dispositions.asLongTerm, disposalCount: dispositions.disposals.count, carryforwardIn: carryforwardIn,
            carryforwardOut: Carryforward(longTerm: broughtForward - used + (net.isNegative ? -net : .zero)),
            taxableGain: taxable, figures: .canada(figures))
    }

    /// The taxable capital gain at the marginal rate (`shortRate` + `stateRate`: federal and provincial).
    func tax(of summary: YearSummary, profile: TaxProfile) -> Money {
        summary.taxableGain.multiplied(by: profile.shortTotal, rounding: .halfEven)
    }
}
