extension Jurisdiction {
    /// The United Kingdom for individuals (../shared/tax/rules.md §2; HMRC Cryptoassets Manual CRYPTO22200 on):
    /// - amounts in GBP; the tax year runs 6 April to 5 April and is named by the year it starts in (2024 = 2024-25);
    /// - matching: same day, then the 30 days after (across tax years), then the section 104 pool, one pool per
    ///   token across all of the person's wallets (`ShareIdentification.swift`); the lot method and scope settings do
    ///   not apply;
    /// - one class of gains: every row's `term` is `long`;
    /// - the year's losses net first, losses brought forward only down to the annual exempt amount (12,300 through
    ///   2022-23, 6,000 in 2023-24, 3,000 from 2024-25) (`UKCapitalGains.swift`);
    /// - rates by date of disposal: 10% / 20% before 30 October 2024, 18% / 24% from then (Finance Act 2025 s.7).
    /// The 30-day rule is part of matching, so a quick repurchase simply re-matches; the same window, as a wash-sale
    /// rule, tells the planner to wait 31 days or buy something that is not the same token.
    public static let unitedKingdom = Jurisdiction(
        code: "uk",
        name: "United Kingdom",
        summary: "same-day, 30-day and section 104 pool; GBP; 6 April tax year",
        baseCurrency: Asset("GBP"),
        taxYear: TaxYearCalendar(startMonth: 4, startDay: 6),
        holdingPeriod: .single,
        defaultMethod: .fifo,
        allowedMethods: [],
        matching: .ukShareIdentification,
        washSale: UnitedKingdom.thirtyDayRule,
        advisory: AdvisoryRule(
            name: "UK", rule: UnitedKingdom.thirtyDayRule,
            note: "a repurchase within 30 days after a sale is matched to it and erases the loss; wait 31 days or buy a different token"),
        schedule: TaxSchedule(
            exemptAmounts: [
                .init(fromYear: 2020, amount: 12_300),
                .init(fromYear: 2023, amount: 6_000),
                .init(fromYear: 2024, amount: 3_000),
            ],
            ratePeriods: [
                .init(from: CivilDate(year: 2016, month: 4, day: 6)!, lowerRate: "0.10", upperRate: "0.20"),
                .init(from: UnitedKingdom.rateChange, lowerRate: "0.18", upperRate: "0.24"),
            ]),
        taxPayment: (month: 1, day: 31),
        regime: UnitedKingdom.Regime())
}

/// The United Kingdom's own numbers and rules.
public enum UnitedKingdom {
    /// The day the UK's rates on other gains rose (Finance Act 2025 s.7: disposals on or after 30 October 2024).
    public static let rateChange = CivilDate(year: 2024, month: 10, day: 30)!

    /// Days after a disposal in which an acquisition of the same token is matched to it (TCGA s.106A(5)): the "bed and
    /// breakfast" rule. The matching (`ShareIdentification.swift`) and the advice (`thirtyDayRule`) both read this.
    public static let thirtyDays = 30

    /// The 30-day rule as a wash-sale-style window (HMRC CRYPTO22200 on): a disposal is matched with acquisitions of the
    /// same token in the 30 days after it, before the pool, so a quick repurchase erases the loss. The engine applies it
    /// as matching; this value is the advice: the window, for warnings and do-not-buy-back dates. Its replacements are
    /// what the matching counts as acquisitions: purchases, trades, income and gifts received (not deposits of unknown
    /// origin, which join the pool directly).
    public static let thirtyDayRule = WashSaleRule(
        daysBefore: 0, daysAfter: thirtyDays, appliesTo: [.crypto, .security], effect: .advise,
        replacementKinds: [.buy, .trade, .income, .giftIn])

    /// The UK netting, economics and advice (`UKCapitalGains.swift`, `UKEconomics.swift`).
    struct Regime: TaxRegime {
        func economics(profile: TaxProfile, asOf: CivilDate, in jurisdiction: Jurisdiction) -> any HarvestEconomics {
            Economics(jurisdiction: jurisdiction, profile: profile, asOf: asOf)
        }

        func backtestRates(profile: TaxProfile, in jurisdiction: Jurisdiction) -> String {
            "\(jurisdiction.name): UK rates by period, \(profile.rateBand.rawValue) band"
        }

        /// The 30-day rule's economics of a quick repurchase, asset by asset: a repurchase in the 30 days after the sale
        /// is matched with it before the pool, and the loss on those units disappears; a purchase earlier the same day is
        /// matched first by the same-day rule.
        func buyBackAdvice(harvested: [Asset], request: PlanRequest, rule: WashSaleRule?) -> [String] {
            let rule = rule ?? UnitedKingdom.thirtyDayRule
            let days = rule.daysAfter
            let after = request.asOf.adding(days: days)
            return harvested.map { asset in
                var text = "UK: \(asset): a purchase of \(asset) up to \(after) (\(days) days) is matched to this sale before the pool "
                    + "(the 30-day rule) and erases the loss on those units: buy back on or after \(after.adding(days: 1)) (day \(days + 1)), "
                    + "or hold a different token meanwhile"
                let today = rule.acquisitions(of: asset, in: request).filter { $0.asset == asset && $0.date == request.asOf }
                    .reduce(Quantity.zero) { $0 + $1.quantity }
                if today.isPositive { text += "; \(today) \(asset) acquired today is matched first (same-day rule): sell a day later" }
                return text
            }
        }
    }
}
