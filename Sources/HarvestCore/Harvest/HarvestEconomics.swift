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

    /// Where `taxCost` bends as harvested losses are added to `realized`: between these lines it is linear in the short-
    /// and long-term losses harvested (up to its 18-digit rounding). Derived from `taxCost`'s own code, line by line; the
    /// planner's exact optimizer (`HarvestOptimizer`) relies on the list being complete, and each country's tests check it.
    func kinks(after realized: RealizedGains) -> [TaxKink]

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

/// A line along which a jurisdiction's tax bends, in the plane of the short- and long-term losses a harvest adds to the
/// year (positive amounts): `short + long = at` for `.total`, `short = at` or `long = at` for one term.
public struct TaxKink: Sendable, Hashable, CustomStringConvertible {
    public enum Line: Sendable, Hashable { case short, long, total }
    public var line: Line
    /// The harvested loss at which the line lies (it may be negative or past the lots: then it bends nothing).
    public var at: Money
    /// The tax jumps here (Germany's Freigrenze): on the line it has the value of the side with less loss, and the side
    /// with more loss begins just past it.
    public var isCliff: Bool

    public init(_ line: Line, at: Money, isCliff: Bool = false) {
        self.line = line
        self.at = at
        self.isCliff = isCliff
    }

    public var description: String { "\(line) = \(at)\(isCliff ? " (cliff)" : "")" }
}
