extension Jurisdiction {
    /// Canada (../shared/tax/rules.md §3):
    /// - amounts in CAD; calendar tax year;
    /// - adjusted cost base: the average cost of identical property across all of the person's wallets
    ///   (`MatchingRule.averageCost`, ITA s.47, `AdjustedCostBase.swift`); the lot method and scope settings do not apply;
    /// - superficial loss (ITA s.54, s.40(2)(g)(i), s.53(1)(f), `SuperficialLoss.swift`): identical property acquired
    ///   from 30 days before to 30 days after a loss sale and still held 30 days after denies the loss in CRA's proportion
    ///   loss × min(sold, acquired in the window, held at its end) ÷ sold (IT-456R ¶12), added to the ACB;
    /// - one class of gains (`term` is `long`); ½ of the net gain is the taxable capital gain; net capital losses
    ///   carry forward against later gains only (`CanadaCapitalGains.swift`).
    public static let canada = Jurisdiction(
        code: "ca",
        name: "Canada",
        summary: "adjusted cost base, superficial loss; CAD",
        baseCurrency: Asset("CAD"),
        taxYear: .calendarYear,
        holdingPeriod: .single,
        defaultMethod: .fifo,
        allowedMethods: [],
        matching: .averageCost,
        washSale: Canada.superficialLoss,
        advisory: AdvisoryRule(
            name: "Canada", rule: Canada.superficialLoss.asAdvice,
            note: "a superficial loss: bought within 30 days before or after (you or an affiliated person, such as a spouse) and still held 30 days after"),
        schedule: TaxSchedule(inclusionRate: "0.5"),
        taxPayment: (month: 4, day: 30),
        regime: Canada.Regime())
}

/// Canada's own rules.
public enum Canada {
    /// The superficial-loss rule as the engine applies it: 30 days before and after, purchases, trades and income as
    /// acquisitions, identical property only (the same asset), the loss denied by CRA's formula and added to the
    /// adjusted cost base. Purchases by affiliated persons (a spouse, an RRSP or TFSA, a controlled corporation) count
    /// too, but are not in the user's data: the planner warns about them. The one definition of the window: the
    /// engine, the planner's advice and `--warn-for ca` all read it.
    public static let superficialLoss = WashSaleRule(
        daysBefore: 30, daysAfter: 30, appliesTo: [.crypto, .security], effect: .denySuperficialLoss,
        replacementKinds: [.buy, .trade, .income])

    /// The Canadian netting, economics and advice (`CanadaCapitalGains.swift`, `CanadaEconomics.swift`).
    struct Regime: TaxRegime {
        func economics(profile: TaxProfile, asOf: CivilDate, in jurisdiction: Jurisdiction) -> any HarvestEconomics {
            Economics(jurisdiction: jurisdiction, profile: profile)
        }

        func backtestRates(profile: TaxProfile, in jurisdiction: Jurisdiction) -> String {
            "\(jurisdiction.name): \(jurisdiction.schedule.inclusionRate.percent) inclusion × \(profile.shortTotal.percent)"
        }

        /// The superficial-loss window runs 30 days either side, and purchases by affiliated persons count.
        func buyBackAdvice(harvested: [Asset], request: PlanRequest, rule: WashSaleRule?) -> [String] {
            let rule = rule ?? Canada.superficialLoss
            let after = request.asOf.adding(days: rule.daysAfter)
            return harvested.map { asset in
                // Identical property only (the same asset), as the engine's superficial-loss test counts it.
                let units = rule.acquisitions(of: asset, in: request).filter { $0.asset == asset }.reduce(Quantity.zero) { $0 + $1.quantity }
                var text = "Canada: \(asset): superficial loss if \(asset) is bought from \(request.asOf.adding(days: -rule.daysBefore)) to "
                    + "\(after) and still held on \(after): the loss is denied in proportion (CRA: loss × min(sold, bought, held) ÷ sold) "
                    + "and added to the cost of what is held; wait until \(after.adding(days: 1)) to buy back. Purchases by an "
                    + "affiliated person count too: your spouse or common-law partner, a corporation you control, your RRSP or TFSA "
                    + "(there the loss is lost for good)"
                if units.isPositive { text += "; \(units) \(asset) acquired in the \(rule.daysBefore) days before already count" }
                return text
            }
        }
    }
}
