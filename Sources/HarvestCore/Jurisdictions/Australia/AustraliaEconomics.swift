extension Australia {
    /// An Australian harvest's value (`AustralianCGT`): a loss of either term comes off non-discountable gains first, so
    /// it is worth the full marginal rate (`shortRate`) against them and half of it against discountable gains; the
    /// gain deferred into a replacement held 12 months is discounted (half the marginal rate); a carried loss is valued
    /// at that half rate. A gain lot short of 12 months waits for the discount.
    struct Economics: HarvestEconomics {
        let profile: TaxProfile
        let carried: CarriedLoss

        init(profile: TaxProfile) {
            self.profile = profile
            carried = CarriedLoss(profile)
        }

        var laterShortRate: Fixed { profile.shortTotal }
        var laterLongRate: Fixed { profile.shortTotal - profile.shortTotal.multiplied(by: Australia.discountRate, rounding: .halfEven) }

        func taxCost(_ realized: RealizedGains) -> Money {
            let cgt = AustralianCGT.compute(
                nonDiscountableGains: realized.shortTermGains, discountableGains: realized.longTermGains,
                currentYearLosses: -(realized.shortTermLosses + realized.longTermLosses), carriedIn: profile.carryforward.total)
            return cgt.netCapitalGain.multiplied(by: profile.shortTotal, rounding: .halfEven) - carried.value(cgt.carriedOut, at: laterLongRate)
        }

        /// Every loss (the year's, then those carried in) comes off the non-discountable gains, then the discountable
        /// ones: the tax depends on the losses' total and bends where they use up each.
        func kinks(after realized: RealizedGains) -> [TaxKink] {
            let lossesSoFar = -(realized.shortTermLosses + realized.longTermLosses) + profile.carryforward.total
            return [
                TaxKink(.total, at: realized.shortTermGains - lossesSoFar),
                TaxKink(.total, at: realized.shortTermGains + realized.longTermGains - lossesSoFar),
            ]
        }

        func keepReason(term: Term, longFrom: CivilDate) -> HarvestCandidate.Reason {
            term == .short ? .waitForDiscount(longFrom) : .gain
        }

        var ratesDescription: String { "marginal rate \(profile.shortTotal.percent), \(Australia.discountRate.percent) CGT discount after 12 months" }
    }
}
