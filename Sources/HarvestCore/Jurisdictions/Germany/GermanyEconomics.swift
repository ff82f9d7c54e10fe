extension Germany {
    /// A German harvest's value (`GermanPrivateSales`): only results within one year count, at the personal rate
    /// (`shortRate`); a loss can bring the year's total under the Freigrenze and save the tax on all of it; a
    /// replacement held more than a year is sold tax-free, so the deferred tax is nothing: a harvested loss is a
    /// permanent saving. A carried loss is valued at the personal rate (it offsets only private-sale gains, which are
    /// taxed at that rate).
    struct Economics: HarvestEconomics {
        let jurisdiction: Jurisdiction
        let profile: TaxProfile
        let year: Int
        let carried: CarriedLoss

        init(jurisdiction: Jurisdiction, profile: TaxProfile, asOf: CivilDate) {
            self.jurisdiction = jurisdiction
            self.profile = profile
            year = jurisdiction.taxYear.year(of: asOf)
            carried = CarriedLoss(profile)
        }

        var laterShortRate: Fixed { profile.shortTotal }
        var laterLongRate: Fixed { .zero }

        func lossCounts(_ term: Term) -> Bool { term == .short }

        func taxCost(_ realized: RealizedGains) -> Money {
            let sales = GermanPrivateSales.compute(
                freigrenze: jurisdiction.schedule.exemptAmount(year: year), gains: realized.shortTermGains,
                losses: realized.shortTermLosses, carriedIn: profile.carryforward.total)
            return sales.taxable.multiplied(by: profile.shortTotal, rounding: .halfEven) - carried.value(sales.carriedOut, at: profile.shortTotal)
        }

        /// Only losses within the year count (long-term losses change nothing): the total crosses zero, the loss carried
        /// in, and the Freigrenze, a cliff: at it the whole total is taxed, just under it nothing.
        func kinks(after realized: RealizedGains) -> [TaxKink] {
            let total = realized.shortTermGains + realized.shortTermLosses
            return [
                TaxKink(.short, at: total), TaxKink(.short, at: total - profile.carryforward.total),
                TaxKink(.short, at: total - jurisdiction.schedule.exemptAmount(year: year), isCliff: true),
            ]
        }

        /// Within its year: wait until it is tax-free. After it: tax-free, and selling and buying back raises the basis.
        func keepReason(term: Term, longFrom: CivilDate) -> HarvestCandidate.Reason {
            term == .short ? .waitForTaxFree(longFrom) : .taxFreeGain
        }

        var ratesDescription: String { "personal rate \(profile.shortTotal.percent), tax-free after one year, Freigrenze" }
    }
}
