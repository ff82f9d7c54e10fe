extension UnitedKingdom {
    /// A UK harvest's value: one class of gains; the year's net gain, less losses brought forward down to the annual
    /// exempt amount, less the exempt amount, at the rate of the plan day's period in the profile's band (`RateBand`). A
    /// loss that only eats into gains the exempt amount already covers saves nothing now, and nothing later (it is not
    /// carried). A net loss of the year carries forward, valued at the same rate; nothing restarts (no long term).
    struct Economics: HarvestEconomics {
        let jurisdiction: Jurisdiction
        let profile: TaxProfile
        let asOf: CivilDate
        let carried: CarriedLoss

        init(jurisdiction: Jurisdiction, profile: TaxProfile, asOf: CivilDate) {
            self.jurisdiction = jurisdiction
            self.profile = profile
            self.asOf = asOf
            carried = CarriedLoss(profile)
        }

        /// The exempt amount of the plan day's tax year.
        var exemptAmount: Money { jurisdiction.schedule.exemptAmount(year: jurisdiction.taxYear.year(of: asOf)) }

        var laterLongRate: Fixed { jurisdiction.schedule.ratePeriod(on: asOf)?.rate(profile.rateBand) ?? profile.longTotal }
        var laterShortRate: Fixed { laterLongRate }

        func taxCost(_ realized: RealizedGains) -> Money {
            let net = realized.net
            let broughtForward = profile.carryforward.total
            let (used, taxable) = UnitedKingdom.afterLosses(net: net, broughtForward: broughtForward, exempt: exemptAmount)
            let carriedOut = UnitedKingdom.carriedOut(net: net, broughtForward: broughtForward, used: used)
            return taxable.multiplied(by: laterLongRate, rounding: .halfEven) - carried.value(carriedOut, at: laterLongRate)
        }

        /// `afterLosses` bends where the net is zero, the exempt amount, and the exempt amount plus the losses brought
        /// forward (they are used only down to the exempt amount).
        func kinks(after realized: RealizedGains) -> [TaxKink] {
            let net = realized.net
            return [
                TaxKink(.total, at: net), TaxKink(.total, at: net - exemptAmount),
                TaxKink(.total, at: net - exemptAmount - profile.carryforward.total),
            ]
        }

        var ratesDescription: String {
            "rate \(laterLongRate.percent) (\(profile.rateBand.rawValue) band), exempt amount \(exemptAmount.groupedCents)"
        }
    }
}
