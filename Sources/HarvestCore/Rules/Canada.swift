extension Jurisdiction {
    /// Canada (../shared/tax/rules.md §3):
    /// - amounts in CAD; calendar tax year;
    /// - adjusted cost base: the average cost of identical property across all of the person's wallets
    ///   (`MatchingRule.averageCost`, ITA s.47); the lot method and scope settings do not apply;
    /// - superficial loss (ITA s.54, s.40(2)(g)(i), s.53(1)(f)): identical property acquired from 30 days before to 30
    ///   days after a loss sale and still held 30 days after denies the loss in CRA's proportion
    ///   loss × min(sold, acquired in the window, held at its end) ÷ sold (IT-456R ¶12), added to the ACB;
    /// - one class of gains (`term` is `long`); ½ of the net gain is the taxable capital gain; net capital losses
    ///   carry forward against later gains only.
    public static let canada = Jurisdiction(
        code: "ca",
        name: "Canada",
        baseCurrency: Asset("CAD"),
        taxYear: .calendarYear,
        holdingPeriod: .single,
        defaultMethod: .fifo,
        allowedMethods: [],
        netting: .canada,
        washSale: .canadaSuperficialLoss,
        matching: .averageCost,
        schedule: TaxSchedule(inclusionRate: "0.5"),
        taxPaymentMonth: 4, taxPaymentDay: 30)
}

extension WashSaleRule {
    /// Canada's superficial-loss rule as the engine applies it: 30 days before and after, purchases, trades and
    /// income as acquisitions, identical property only (the same asset), the loss denied by CRA's formula and
    /// added to the adjusted cost base. Purchases by affiliated persons (a spouse, an RRSP or TFSA, a controlled
    /// corporation) count too, but are not in the user's data: the planner warns about them.
    public static let canadaSuperficialLoss = WashSaleRule(
        daysBefore: 30, daysAfter: 30, appliesTo: [.crypto, .security], effect: .denySuperficialLoss,
        replacementKinds: [.buy, .trade, .income])
}
