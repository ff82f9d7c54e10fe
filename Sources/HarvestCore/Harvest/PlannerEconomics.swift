/// What the tax year has realized so far, by term: gains (positive) and losses (negative) kept apart, because
/// Australia applies a loss of either term to short-term gains first and Germany ignores long-term results.
public struct RealizedGains: Sendable, Hashable {
    public var shortTermGains: Money
    public var shortTermLosses: Money
    public var longTermGains: Money
    public var longTermLosses: Money

    public init(shortTermGains: Money = .zero, shortTermLosses: Money = .zero, longTermGains: Money = .zero, longTermLosses: Money = .zero) {
        self.shortTermGains = shortTermGains
        self.shortTermLosses = shortTermLosses
        self.longTermGains = longTermGains
        self.longTermLosses = longTermLosses
    }

    /// From net figures and their loss parts (negative; zero when unknown: a negative net is then all loss).
    public init(netShortTerm: Money, shortTermLosses: Money, netLongTerm: Money, longTermLosses: Money) {
        let shortLosses = shortTermLosses.isZero ? min(netShortTerm, .zero) : shortTermLosses
        let longLosses = longTermLosses.isZero ? min(netLongTerm, .zero) : longTermLosses
        self.init(shortTermGains: netShortTerm - shortLosses, shortTermLosses: shortLosses,
                  longTermGains: netLongTerm - longLosses, longTermLosses: longLosses)
    }

    public var netShortTerm: Money { shortTermGains + shortTermLosses }
    public var netLongTerm: Money { longTermGains + longTermLosses }

    /// With one more result of `term` added.
    public func adding(_ gain: Money, term: Term) -> RealizedGains {
        var copy = self
        switch (term, gain.isNegative) {
        case (.short, false): copy.shortTermGains += gain
        case (.short, true): copy.shortTermLosses += gain
        case (.long, false): copy.longTermGains += gain
        case (.long, true): copy.longTermLosses += gain
        }
        return copy
    }
}

/// The economics of one jurisdiction as the planner values a harvest: the tax the year's results cost, and the
/// rates at which the gain a harvest defers is taxed later.
///
/// - US: short against short, long against long, then across; a net loss offsets up to $3,000 of ordinary income at
///   the short rate; the rest carries forward, valued at the long rate. The recaptured gain is taxed at the long rate
///   (the short rate when the replacement is sold within a year).
/// - Australia: `AustralianCGT`: a loss of either term comes off non-discountable gains first, so it is worth the full
///   marginal rate (`shortRate`) against them and half of it against discountable gains; the recaptured gain on a
///   replacement held 12 months is discounted (half the marginal rate); a carried loss is valued at that half rate.
/// - Germany: `GermanPrivateSales`: only results within one year count, at the personal rate (`shortRate`); a loss can
///   bring the year's total under the Freigrenze and save the tax on all of it; a replacement held more than a year is
///   sold tax-free, so the deferred tax is nothing: a harvested loss is a permanent saving. A carried loss is valued
///   at the personal rate (it offsets only private-sale gains, which are taxed at that rate).
/// - UK: one class of gains: the year's net gain, less losses brought forward down to the annual exempt amount, less
///   the exempt amount, at the rate of `asOf`'s period in the profile's band (`RateBand`). A loss that only eats into
///   gains the exempt amount already covers saves nothing now, and nothing later (it is not carried).
/// - Canada: one class of gains: the inclusion rate (½) of the net gain after losses brought forward, at the marginal
///   rate (`shortRate` + `stateRate`: the federal and provincial rates on ordinary income).
///   Under both, a net loss of the year carries forward, valued at the later rate; nothing restarts (no long term).
struct PlannerEconomics {
    let jurisdiction: Jurisdiction
    let profile: TaxProfile
    /// The day of the plan, and its tax year (the Freigrenze and the UK exempt amount depend on it).
    let asOf: CivilDate
    let year: Int
    let carryFactor: Fixed

    init(jurisdiction: Jurisdiction, profile: TaxProfile, asOf: CivilDate) {
        self.jurisdiction = jurisdiction
        self.profile = profile
        self.asOf = asOf
        self.year = jurisdiction.taxYear.year(of: asOf)
        self.carryFactor = profile.discountFactor(years: 1)
    }

    /// The rate at which a gain realized later is taxed: held short-term, or long-term.
    var laterShortRate: Fixed {
        switch jurisdiction.netting {
        case .unitedStates, .australia, .germany: profile.shortTotal
        case .unitedKingdom, .canada: laterLongRate
        }
    }
    var laterLongRate: Fixed {
        switch jurisdiction.netting {
        case .unitedStates: profile.longTotal
        case .australia: profile.shortTotal - profile.shortTotal.multiplied(by: Jurisdiction.auDiscountRate, rounding: .halfEven)
        case .germany: .zero
        case .unitedKingdom: jurisdiction.schedule.ratePeriod(on: asOf)?.rate(profile.rateBand) ?? profile.longTotal
        case .canada: jurisdiction.schedule.inclusionRate.multiplied(by: profile.shortTotal, rounding: .halfEven)
        }
    }

    /// The rate a loss carried to next year is valued at (before `carryforwardWeight` and a year's discounting).
    var carryRate: Fixed {
        switch jurisdiction.netting {
        case .unitedStates, .australia, .unitedKingdom, .canada: laterLongRate
        case .germany: profile.shortTotal
        }
    }

    /// Whether a loss realized at `term` reduces tax at all (Germany: not after one year, outside §23).
    func lossCounts(_ term: Term) -> Bool {
        switch jurisdiction.netting {
        case .germany: term == .short
        default: true
        }
    }

    /// The year's tax on its capital results, less the value of what carries forward (negative: a saving).
    func taxCost(_ realized: RealizedGains) -> Money {
        let rate = HarvestPlanner.rate
        let carried = profile.carryforward
        func carriedValue(_ loss: Money) -> Money { rate(rate(rate(loss, carryRate), profile.carryforwardWeight), carryFactor) }
        switch jurisdiction.netting {
        case .unitedStates:
            let netShort = realized.netShortTerm - carried.shortTerm
            let netLong = realized.netLongTerm - carried.longTerm
            let net = netShort + netLong
            if !net.isNegative {
                // Cross-netting: a net loss of one character reduces the gain of the other.
                let taxedShort = netShort.isNegative ? Money.zero : (netLong.isNegative ? netShort + netLong : netShort)
                let taxedLong = netLong.isNegative ? Money.zero : (netShort.isNegative ? netLong + netShort : netLong)
                return rate(taxedShort, profile.shortTotal) + rate(taxedLong, profile.longTotal)
            }
            let (deduction, carry) = YearSummaries.usNetting(
                netShortTerm: netShort, netLongTerm: netLong, limit: Jurisdiction.usCapitalLossLimit(profile.filing))
            return -rate(deduction, profile.shortTotal) - carriedValue(carry.shortTerm + carry.longTerm)
        case .australia:
            let cgt = AustralianCGT.compute(
                nonDiscountableGains: realized.shortTermGains, discountableGains: realized.longTermGains,
                currentYearLosses: -(realized.shortTermLosses + realized.longTermLosses), carriedIn: carried.total)
            return rate(cgt.netCapitalGain, profile.shortTotal) - carriedValue(cgt.carriedOut)
        case .germany:
            let sales = GermanPrivateSales.compute(
                year: year, gains: realized.shortTermGains, losses: realized.shortTermLosses, carriedIn: carried.total)
            return rate(sales.taxable, profile.shortTotal) - carriedValue(sales.carriedOut)
        case .unitedKingdom, .canada:
            let net = realized.netShortTerm + realized.netLongTerm
            let broughtForward = carried.total
            var used = Money.zero
            var taxable = Money.zero
            if net.isPositive {
                if jurisdiction.netting == .unitedKingdom {
                    // Losses brought forward only down to the exempt amount (TCGA s.2A(2)-(3)).
                    let exempt = jurisdiction.schedule.exemptAmount(year: year)
                    used = min(broughtForward, max(.zero, net - exempt))
                    taxable = max(.zero, net - used - exempt)
                } else {
                    // The rate already carries the inclusion rate (`laterLongRate`).
                    used = min(broughtForward, net)
                    taxable = net - used
                }
            }
            let carriedOut = broughtForward - used + (net.isNegative ? -net : .zero)
            return rate(taxable, laterLongRate) - carriedValue(carriedOut)
        }
    }
}
