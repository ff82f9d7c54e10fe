extension Jurisdiction {
    /// Germany (../shared/tax/rules.md §5): private sales of crypto (§22 Nr. 2, §23 Abs. 1 S. 1 Nr. 2 EStG).
    ///
    /// - Holding period: a sale is taxable only when acquisition and sale are not more than one year apart, the year
    ///   computed as the civil code computes periods (BGB §§187, 188: bought 1 January 2024, sold 1 January 2025 is
    ///   within the year; 2 January 2025 is after it). `Term.long` means held more than one year: tax-free, and a loss
    ///   on it does not count either.
    /// - Units: FIFO wallet by wallet for the holding period (BMF 10.05.2022 Rz. 61, unchanged by BMF 06.03.2025);
    ///   FIFO is also used for the gain, the letter's permitted simplification (average cost is the other reading).
    ///   FG Nürnberg 22.01.2025 would allow LIFO; the BMF does not, so neither does this value. A transfer between
    ///   the user's own wallets is not a sale: the units keep their acquisition date.
    /// - Netting: `PrivateSales.swift`, with the Freigrenze by year as the schedule's exempt amount.
    /// - Gifts are not sales (no consideration): the units leave without gain or loss; the recipient takes over the donor's
    ///   acquisition date and cost (§23(1) sentence 3 EStG).
    /// - No wash-sale rule: selling and buying back at once is allowed.
    public static let germany = Jurisdiction(
        code: "de",
        name: "Germany",
        summary: "§23 EStG, one-year rule, Freigrenze; EUR",
        baseCurrency: Asset("EUR"),
        taxYear: .calendarYear,
        holdingPeriod: .moreThanYearsToSameDay(1),
        defaultMethod: .fifo,
        allowedMethods: [.fifo],
        allowedScopes: [.wallet],
        giftBasis: .carryOver,
        // The Freigrenze of §23 Abs. 3 S. 5 EStG: private-sale gains are tax-free when the year's total is *less than*
        // this, and taxable in full once it is reached. 1,000 EUR from 2024 (BMF 06.03.2025 Rz. 53), 600 EUR through
        // 2023 (the 512 EUR of the years before 2008 is not modelled: 600 for every earlier year).
        schedule: TaxSchedule(exemptAmounts: [.init(fromYear: Int.min, amount: 600), .init(fromYear: 2024, amount: 1000)]),
        // Returns are due on 31 July of the next year (§149(2) AO, without an adviser); tax follows the assessment.
        // An approximation for simulations.
        taxPayment: (month: 7, day: 31),
        regime: Germany.Regime())
}

/// Germany's own rules.
public enum Germany {
    /// The German netting and economics (`PrivateSales.swift`, `GermanyEconomics.swift`); there is no wash-sale rule
    /// to advise on.
    struct Regime: TaxRegime {
        func economics(profile: TaxProfile, asOf: CivilDate, in jurisdiction: Jurisdiction) -> any HarvestEconomics {
            Economics(jurisdiction: jurisdiction, profile: profile, asOf: asOf)
        }

        func backtestRates(profile: TaxProfile, in jurisdiction: Jurisdiction) -> String {
            "\(jurisdiction.name), marginal rate \(profile.shortTotal.percent)"
        }
    }
}
