extension Jurisdiction {
    /// Australia (../shared/tax/rules.md §4): income year 1 July to 30 June; crypto is a CGT asset (TD 2014/26).
    ///
    /// - Discount: 50% for an individual on an asset acquired at least 12 months before the CGT event, the days of
    ///   acquisition and of the event excluded (ITAA 1997 s.115-25). The ATO's example: acquired 2 February 2001,
    ///   discount for an event on or after 3 February 2002 (Guide to CGT 2001-02, "The discount method"). That is
    ///   the calendar rule "after the anniversary", with a start on a month's last day counted from the 1st of the
    ///   next month: acquired 28 February 2023, the 12 months run 1 March 2023 to 29 February 2024, so the discount
    ///   applies from 1 March 2024 (the month-end reading of `.moreThanYears`). `Term.long` means discount-eligible.
    /// - Parcels: FIFO unless the units sold are identified (TD 33; ATO guidance on crypto: no LIFO).
    /// - Netting: `AustralianCGT.swift`, item 18 of the return.
    /// - Gifts are CGT event A1 at market value (s.116-30).
    /// - Wash sales: no mechanical rule; TR 2008/1 (Part IVA) is advised on, never applied.
    public static let australia = Jurisdiction(
        code: "au",
        name: "Australia",
        summary: "1 July income year, 12-month CGT discount; AUD",
        baseCurrency: Asset("AUD"),
        taxYear: TaxYearCalendar(startMonth: 7, startDay: 1),
        holdingPeriod: .moreThanYears(1),
        defaultMethod: .fifo,
        allowedMethods: [.fifo, .specific],
        giftsAreDisposals: true,
        washSale: Australia.washSaleAdvice,
        advisory: AdvisoryRule(
            name: "Australia", rule: Australia.washSaleAdvice,
            note: "TR 2008/1: a sale and quick repurchase with no change of exposure can be cancelled as a wash sale"),
        // Self-lodgers pay by 21 November after the income year (an approximation for simulations).
        taxPayment: (month: 11, day: 21),
        regime: Australia.Regime())
}

/// Australia's own numbers and rules.
public enum Australia {
    /// The CGT discount for individuals and trusts (ITAA 1997 s.115-100(a)); 1/3 for complying super funds and none
    /// for companies, which are not modelled.
    public static let discountRate: Fixed = "0.5"

    /// Australia has no mechanical window: under TR 2008/1 a sale and repurchase with no change of exposure may be a
    /// wash sale (Part IVA). Advised over 30 days either side, as a practical flag.
    public static let washSaleAdvice = WashSaleRule(
        daysBefore: 30, daysAfter: 30, appliesTo: [.crypto, .security], effect: .advise, replacementKinds: [.buy, .trade, .income])

    /// The Australian netting, economics and advice (`AustralianCGT.swift`, `AustraliaEconomics.swift`); its own rule
    /// being advice only, the plan advises on it as `--warn-for au` would.
    struct Regime: TaxRegime {
        func economics(profile: TaxProfile, asOf: CivilDate, in jurisdiction: Jurisdiction) -> any HarvestEconomics {
            Economics(profile: profile)
        }

        func backtestRates(profile: TaxProfile, in jurisdiction: Jurisdiction) -> String {
            "\(jurisdiction.name), marginal rate \(profile.shortTotal.percent)"
        }
    }
}
