extension Jurisdiction {
    /// The United Kingdom for individuals (../shared/tax/rules.md §2; HMRC Cryptoassets Manual CRYPTO22200 on):
    /// - amounts in GBP; the tax year runs 6 April to 5 April and is named by the year it starts in (2024 = 2024-25);
    /// - matching: same day, then the 30 days after (across tax years), then the section 104 pool, one pool per
    ///   token across all of the person's wallets (`MatchingRule.ukShareIdentification`); the lot method and scope
    ///   settings do not apply;
    /// - one class of gains: every row's `term` is `long`;
    /// - the year's losses net first, losses brought forward only down to the annual exempt amount (12,300 through
    ///   2022-23, 6,000 in 2023-24, 3,000 from 2024-25);
    /// - rates by date of disposal: 10% / 20% before 30 October 2024, 18% / 24% from then (Finance Act 2025 s.7).
    /// The 30-day rule is part of matching, so a quick repurchase simply re-matches; the advisory rule tells the
    /// planner to wait 31 days or buy something that is not the same token.
    public static let unitedKingdom = Jurisdiction(
        code: "uk",
        name: "United Kingdom",
        baseCurrency: Asset("GBP"),
        taxYear: TaxYearCalendar(startMonth: 4, startDay: 6),
        holdingPeriod: .single,
        defaultMethod: .fifo,
        allowedMethods: [],
        netting: .unitedKingdom,
        washSale: .unitedKingdom,
        matching: .ukShareIdentification,
        schedule: TaxSchedule(
            exemptAmounts: [
                .init(fromYear: 2020, amount: 12_300),
                .init(fromYear: 2023, amount: 6_000),
                .init(fromYear: 2024, amount: 3_000),
            ],
            ratePeriods: [
                .init(from: CivilDate(year: 2016, month: 4, day: 6)!, lowerRate: "0.10", upperRate: "0.20"),
                .init(from: ukRateChange, lowerRate: "0.18", upperRate: "0.24"),
            ]),
        taxPaymentMonth: 1, taxPaymentDay: 31)

    /// The day the UK's rates on other gains rose (Finance Act 2025 s.7: disposals on or after 30 October 2024).
    public static let ukRateChange = CivilDate(year: 2024, month: 10, day: 30)!

    /// Days after a disposal in which an acquisition of the same token is matched to it (TCGA s.106A(5)).
    public static let ukBedAndBreakfastDays = 30
}
