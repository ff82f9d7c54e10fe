/// One UK tax year's capital gains as the Self Assessment pages ask for them (TCGA 1992 s.2A, s.3; HMRC CG21510;
/// ../shared/tax/rules.md §2.3–2.4): the year's gains and losses net first; losses brought forward reduce what is left
/// only down to the annual exempt amount; the rest is taxed at the rate of each gain's period. No loss offsets income;
/// an unused loss carries forward.
public struct UKCapitalGains: Sendable, Hashable {
    /// The year's gains and losses, disposal by disposal, together.
    public var net: Money
    /// The annual exempt amount of the year.
    public var exemptAmount: Money
    /// Losses brought forward and used this year (only down to the exempt amount).
    public var lossesBroughtForwardUsed: Money
    /// The year's gains by rate period (2024-25 splits at 30 October 2024), with what is taxed in each.
    public var ratePeriods: [RatePeriodGains]
    /// The capital gains tax at the rates of each gain's period, in the chosen band (`RateBand`).
    public var estimatedTax: Money
}

/// A tax year's gains that fall in one rate period (UK).
public struct RatePeriodGains: Sendable, Hashable {
    /// The first day of the period, or of the tax year when the period started earlier.
    public var from: CivilDate
    /// The gains of the disposals in the period that made a gain, and the losses of those that made a loss.
    public var gains: Money
    public var losses: Money
    /// What is taxed after this period's share of losses, losses brought forward and the exempt amount, which
    /// go first against the gains taxed at the highest rate (TCGA s.4B: the most beneficial way).
    public var taxable: Money
    public var rate: Fixed
    public var tax: Money
}

extension UnitedKingdom {
    /// What losses brought forward do to a year's net result `net` (TCGA s.2A(2)–(3)): they reduce a gain only down to
    /// the exempt amount. Returns the losses used and what is taxed after them and the exempt amount.
    static func afterLosses(net: Money, broughtForward: Money, exempt: Money) -> (used: Money, taxable: Money) {
        guard net.isPositive else { return (.zero, .zero) }
        let used = min(broughtForward, max(.zero, net - exempt))
        return (used, max(.zero, net - used - exempt))
    }

    /// The loss carried out of a year: what was brought forward and not used, plus the year's own net loss.
    static func carriedOut(net: Money, broughtForward: Money, used: Money) -> Money {
        broughtForward - used + (net.isNegative ? -net : .zero)
    }
}

extension UnitedKingdom.Regime {
    /// A token's disposals on one day are one disposal; the year's gains and losses net; losses brought forward go
    /// down to the exempt amount; each period's gains are taxed at its rate in the band.
    func summarize(_ activity: YearActivity, carryforwardIn: Carryforward, options: NettingOptions, in jurisdiction: Jurisdiction)
        -> YearSummary
    {
        let disposals = DisposalGains(activity.disposals, grouping: .tokenAndDay)
        let broughtForward = carryforwardIn.total
        let exempt = jurisdiction.schedule.exemptAmount(year: activity.year)
        let (used, taxable) = UnitedKingdom.afterLosses(net: disposals.net, broughtForward: broughtForward, exempt: exempt)
        let periods = ratePeriods(year: activity.year, disposals: disposals, taxable: taxable, jurisdiction: jurisdiction, band: options.band)
        let figures = UKCapitalGains(
            net: disposals.net, exemptAmount: exempt, lossesBroughtForwardUsed: used, ratePeriods: periods,
            estimatedTax: periods.map(\.tax).sum())
        return YearSummary(
            activity, gains: disposals.asLongTerm, disposalCount: disposals.disposals.count, carryforwardIn: carryforwardIn,
            carryforwardOut: Carryforward(longTerm: UnitedKingdom.carriedOut(net: disposals.net, broughtForward: broughtForward, used: used)),
            taxableGain: taxable, figures: .unitedKingdom(figures))
    }

    /// Splits a year's gains by rate period and taxes each: the year's losses, the losses brought forward and the
    /// exempt amount (everything between the gains and `taxable`) go against the highest-rate gains first.
    func ratePeriods(year: Int, disposals: DisposalGains, taxable: Money, jurisdiction: Jurisdiction, band: RateBand) -> [RatePeriodGains] {
        let start = jurisdiction.taxYear.start(of: year), end = jurisdiction.taxYear.end(of: year)
        let schedule = jurisdiction.schedule.ratePeriods
        var periods: [RatePeriodGains] = []
        for period in schedule {
            let next = schedule.first { $0.from > period.from }?.from
            guard period.from <= end, next.map({ $0 > start }) ?? true else { continue }
            periods.append(RatePeriodGains(from: max(period.from, start), gains: .zero, losses: .zero, taxable: .zero,
                                           rate: period.rate(band), tax: .zero))
        }
        guard !periods.isEmpty else { return [] }
        for (date, gain) in disposals.disposals {
            let index = periods.lastIndex { $0.from <= date } ?? 0
            if gain.isNegative { periods[index].losses += gain } else { periods[index].gains += gain }
        }
        var deductions = periods.map(\.gains).sum() - taxable
        for index in periods.indices.sorted(by: { (periods[$0].rate, $0) > (periods[$1].rate, $1) }) {
            let taken = min(deductions, periods[index].gains)
            periods[index].taxable = periods[index].gains - taken
            deductions -= taken
            // Each period's tax as printed (cents, half away from zero): the estimate is the sum of the printed periods.
            periods[index].tax = PrintedMoney.rounded(periods[index].taxable.multiplied(by: periods[index].rate, rounding: .halfEven))
        }
        return periods
    }

    /// The estimated capital gains tax of the year.
    func tax(of summary: YearSummary, profile: TaxProfile) -> Money {
        guard case .unitedKingdom(let figures) = summary.figures else { preconditionFailure("a UK regime given \(summary.figures)") }
        return figures.estimatedTax
    }
}
