/// What `harvest plan` says of an open derivative position at a loss: close it, or roll it (close and reopen at another
/// strike or expiry, keeping the exposure), valued by the same model as a spot harvest (README "The value model").
public struct DerivativeProposal: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable {
        /// A §1256 position: marked to market at the year end anyway, so closing it now realizes nothing the year would not.
        case markedAnyway = "marked at year end"
        /// Closing or rolling is worth at least the minimum benefit.
        case roll
        /// Not worth its costs.
        case keep
    }

    public var position: DerivativePosition
    public var action: Action
    /// The loss a close realizes (positive), at the position's term.
    public var loss: Money
    public var term: DerivativeTerm
    /// The tax the loss saves this year, given what is realized so far.
    public var taxSavedNow: Money
    /// A roll: the present value of the tax on the gain the loss moves into the new leg (its lower price), at the later
    /// short-term rate after the profile's horizon. Zero for a plain close (no exposure kept).
    public var deferredTax: Money
    /// Both legs' fees and slippage on the position's value at its mark (one leg for a close).
    public var rollCost: Money
    public var closeCost: Money
    /// `taxSavedNow − deferredTax − rollCost`.
    public var rollBenefit: Money { taxSavedNow - deferredTax - rollCost }
    /// `taxSavedNow − closeCost`.
    public var closeBenefit: Money { taxSavedNow - closeCost }
    /// The wash-sale check of the new leg.
    public var washNote: String
}

public enum DerivativeHarvest {
    /// Proposals for the open positions at a loss on `asOf` (those without a mark are left out: nothing to value them at).
    /// - Parameters:
    ///   - realized: the year's results so far (spot and derivatives), which the saving is figured against.
    public static func proposals(
        positions: [DerivativePosition], asOf: CivilDate, realized: RealizedGains, profile: TaxProfile, costs: TradingCosts,
        jurisdiction: Jurisdiction, washSale: WashSaleRule?, classes: AssetClasses = AssetClasses(), minimumBenefit: Money = 10
    ) -> [DerivativeProposal] {
        let economics = jurisdiction.economics(profile: profile, asOf: asOf)
        let taxNow = economics.taxCost(realized)
        return positions.compactMap { position in
            guard let unrealized = position.unrealized, unrealized.isNegative, let mark = position.mark else { return nil }
            let term = position.term(on: asOf, holdingPeriod: jurisdiction.holdingPeriod)
            let value = mark.price * position.instrument.units(position.contracts)
            let leg = value.scaled(by: costs.feeBasisPoints + costs.slippageBasisPoints, over: 10_000, rounding: .halfEven)
            var proposal = DerivativeProposal(
                position: position, action: .keep, loss: -unrealized, term: term, taxSavedNow: .zero, deferredTax: .zero, rollCost: leg + leg,
                closeCost: leg, washNote: washNote(position.instrument, washSale: washSale, classes: classes))
            if term == .section1256 {
                proposal.action = .markedAnyway
                return proposal
            }
            // The same loss at a §1256 term would be split; here it is the position's own term.
            let after = realized.adding(unrealized, term: term == .long ? .long : .short)
            proposal.taxSavedNow = taxNow - economics.taxCost(after)
            proposal.deferredTax = (-unrealized).multiplied(by: economics.laterShortRate, rounding: .halfEven)
                .multiplied(by: profile.discountFactor(years: profile.horizonYears), rounding: .halfEven)
            proposal.action = proposal.rollBenefit >= minimumBenefit || proposal.closeBenefit >= minimumBenefit ? .roll : .keep
            return proposal
        }
    }

    /// Whether reopening at another strike or expiry would be a wash sale: Harvest does not treat a contract with other
    /// terms as substantially identical (no guidance says so for crypto options), and says where §1091 reaches at all.
    static func washNote(_ instrument: Instrument, washSale: WashSaleRule?, classes: AssetClasses) -> String {
        guard let washSale, washSale.effect == .disallowAndDefer, washSale.appliesTo.contains(classes.of(instrument.underlying)) else {
            return "no wash-sale rule reaches \(instrument.underlying) here: reopening at once is fine"
        }
        return "§1091 reaches \(instrument.underlying): reopen at another strike or expiry (the same contract within 30 days would be a wash sale)"
    }
}
