extension Canada {
    /// A Canadian harvest's value: one class of gains; the inclusion rate (½) of the net gain after losses brought
    /// forward, at the marginal rate (`shortRate` + `stateRate`: the federal and provincial rates on ordinary income). A
    /// net loss of the year carries forward, valued at the same rate; nothing restarts (no long term).
    struct Economics: HarvestEconomics {
        let jurisdiction: Jurisdiction
        let profile: TaxProfile
        let carried: CarriedLoss

        init(jurisdiction: Jurisdiction, profile: TaxProfile) {
            self.jurisdiction = jurisdiction
            self.profile = profile
            carried = CarriedLoss(profile)
        }

        /// The rate already carries the inclusion rate.
        var laterLongRate: Fixed { jurisdiction.schedule.inclusionRate.multiplied(by: profile.shortTotal, rounding: .halfEven) }
        var laterShortRate: Fixed { laterLongRate }

        func taxCost(_ realized: RealizedGains) -> Money {
            let net = realized.net
            let broughtForward = profile.carryforward.total
            let used = net.isPositive ? min(broughtForward, net) : .zero
            let taxable = net.isPositive ? net - used : .zero
            let carriedOut = broughtForward - used + (net.isNegative ? -net : .zero)
            return taxable.multiplied(by: laterLongRate, rounding: .halfEven) - carried.value(carriedOut, at: laterLongRate)
        }

        /// One class of gains: the net is taxed above the losses brought forward, carried below zero.
        func kinks(after realized: RealizedGains) -> [TaxKink] {
            [TaxKink(.total, at: realized.net), TaxKink(.total, at: realized.net - profile.carryforward.total)]
        }

        var ratesDescription: String {
            "\(jurisdiction.schedule.inclusionRate.percent) inclusion × \(profile.shortTotal.percent) marginal rate"
        }
    }
}
