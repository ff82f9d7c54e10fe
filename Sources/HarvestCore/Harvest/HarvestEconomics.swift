/// What a harvest is worth under one jurisdiction's rules (README "The value model"): the tax the year's results cost,
/// and the rates at which the gain a harvest defers into its replacement is taxed later. Each country's folder under
/// `Jurisdictions/` has its own (`TaxRegime.economics`); the planner and the backtester call only this.
public protocol HarvestEconomics: Sendable {
    /// The rate at which a gain realized later is taxed: on a replacement sold short-term, or long-term.
    var laterShortRate: Fixed { get }
    var laterLongRate: Fixed { get }

    /// Whether a loss realized at `term` reduces tax at all (Germany: not after one year, outside §23).
    func lossCounts(_ term: Term) -> Bool

    /// The year's tax on its capital results, less the value of what carries forward (negative: a saving).
    func taxCost(_ realized: RealizedGains) -> Money

    /// Why a lot at a gain is kept rather than sold: a harvest never realizes a gain, and some countries say more
    /// (Australia: wait for the discount; Germany: wait for the tax-free year, or reset a tax-free gain).
    func keepReason(term: Term, longFrom: CivilDate) -> HarvestCandidate.Reason

    /// The rates the plan is valued at, in one phrase for its header.
    var ratesDescription: String { get }
}

extension HarvestEconomics {
    public func lossCounts(_ term: Term) -> Bool { true }
    public func keepReason(term: Term, longFrom: CivilDate) -> HarvestCandidate.Reason { .gain }
}

/// The value now of a loss carried to next year: at the rate it will save then, times the profile's
/// `carryforwardWeight`, discounted one year at its discount rate.
struct CarriedLoss: Sendable {
    let weight: Fixed
    let factor: Fixed

    init(_ profile: TaxProfile) {
        weight = profile.carryforwardWeight
        factor = profile.discountFactor(years: 1)
    }

    func value(_ loss: Money, at rate: Fixed) -> Money {
        loss.multiplied(by: rate, rounding: .halfEven).multiplied(by: weight, rounding: .halfEven).multiplied(by: factor, rounding: .halfEven)
    }
}
