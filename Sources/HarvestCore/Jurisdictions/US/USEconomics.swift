extension UnitedStates {
    /// A US harvest's value: short against short, long against long, then across; a net loss offsets up to $3,000 of
    /// ordinary income at the short rate (the ordinary rate); the rest carries forward, valued at the long rate. The
    /// gain a harvest defers comes back at the long rate (the short rate when the replacement is sold within a year).
    struct Economics: HarvestEconomics {
        let profile: TaxProfile
        let carried: CarriedLoss

        init(profile: TaxProfile) {
            self.profile = profile
            carried = CarriedLoss(profile)
        }

        var laterShortRate: Fixed { profile.shortTotal }
        var laterLongRate: Fixed { profile.longTotal }

        func taxCost(_ realized: RealizedGains) -> Money {
            let netShort = realized.netShortTerm - profile.carryforward.shortTerm
            let netLong = realized.netLongTerm - profile.carryforward.longTerm
            if let tax = UnitedStates.taxOnNetGains(netShortTerm: netShort, netLongTerm: netLong, profile: profile) { return tax }
            let (deduction, carry) = UnitedStates.netting(
                netShortTerm: netShort, netLongTerm: netLong, limit: UnitedStates.capitalLossLimit(profile.filing))
            return -deduction.multiplied(by: profile.shortTotal, rounding: .halfEven) - carried.value(carry.total, at: laterLongRate)
        }

        /// `taxOnNetGains` bends where the net short and the net long cross zero and where the year's net does; below
        /// zero only the net counts (the carry total is the net loss less the deduction), bending at the $3,000 limit.
        func kinks(after realized: RealizedGains) -> [TaxKink] {
            let netShort = realized.netShortTerm - profile.carryforward.shortTerm
            let netLong = realized.netLongTerm - profile.carryforward.longTerm
            return [
                TaxKink(.short, at: netShort), TaxKink(.long, at: netLong), TaxKink(.total, at: netShort + netLong),
                TaxKink(.total, at: netShort + netLong + UnitedStates.capitalLossLimit(profile.filing)),
            ]
        }

        var ratesDescription: String {
            "filing \(profile.filing.rawValue); rates: short \(profile.shortTotal.percent), long \(profile.longTotal.percent)"
        }
    }
}
