/// One country's tax law as the rest of Harvest calls it: how a year nets, what a harvest is worth, what to advise
/// about buying back, and what a finished year's tax is. The year summary, the planner and the backtester call these
/// through `Jurisdiction.regime` and never switch on a country; each country's folder holds its conformance.
///
/// The lot engine reads the jurisdiction's data instead (`matching`, `holdingPeriod`, `washSale`, `giftsAreDisposals`):
/// how units are matched is a mechanism the countries share, chosen by value.
public protocol TaxRegime: Sendable {
    /// Nets one tax year under the country's law: its counting of gains and losses, what is taxed, what carries
    /// forward, and its own figures.
    func summarize(_ activity: YearActivity, carryforwardIn: Carryforward, options: NettingOptions, in jurisdiction: Jurisdiction)
        -> YearSummary

    /// What a harvest is worth on `asOf` under the country's rates and netting.
    func economics(profile: TaxProfile, asOf: CivilDate, in jurisdiction: Jurisdiction) -> any HarvestEconomics

    /// The tax a finished year costs at the profile's rates (negative: what a deduction saves), for simulations.
    func tax(of summary: YearSummary, profile: TaxProfile) -> Money

    /// What the planner says about buying back the assets a plan harvests, under the country's own rule (the UK's
    /// 30-day rule, Canada's superficial loss, Australia's TR 2008/1), before any other country's advice.
    func buyBackAdvice(harvested: [Asset], request: PlanRequest, rule: WashSaleRule?) -> [String]

    /// What the planner warns about selling `asset` today: acquisitions in the rule's window that a loss sale would meet
    /// (the US wash-sale rule).
    func saleWarnings(for asset: Asset, request: PlanRequest, rule: WashSaleRule) -> [String]

    /// The rates a backtest is run at, in one phrase for its header.
    func backtestRates(profile: TaxProfile, in jurisdiction: Jurisdiction) -> String
}

extension TaxRegime {
    /// By default a jurisdiction whose own rule is advice only (Australia, TR 2008/1) is advised on as a user of
    /// another jurisdiction would be (`--warn-for`), unless that list names it already (its advice then comes there).
    public func buyBackAdvice(harvested: [Asset], request: PlanRequest, rule: WashSaleRule?) -> [String] {
        guard rule?.effect == .advise, let advisory = request.jurisdiction.advisory,
              !request.advisoryRules.contains(request.jurisdiction.code) else { return [] }
        return harvested.map { advisory.advice(for: $0, request: request) }
    }

    public func saleWarnings(for asset: Asset, request: PlanRequest, rule: WashSaleRule) -> [String] { [] }
}

extension Jurisdiction {
    /// What a harvest is worth on `asOf` under these rules.
    public func economics(profile: TaxProfile, asOf: CivilDate) -> any HarvestEconomics {
        regime.economics(profile: profile, asOf: asOf, in: self)
    }
}
