extension Jurisdiction {
    /// The United States (../shared/tax/rules.md §1): calendar tax year; long-term after more than one
    /// year; FIFO unless units are identified (IRS FAQ Q41); net capital loss against ordinary income
    /// limited to $3,000 ($1,500 married filing separately), the rest carried forward with its character
    /// (`ScheduleD.swift`); wash sales of securities disallowed (IRC §1091, `WashSale.swift`), crypto held as property
    /// outside it unless a setting says so.
    public static let us = Jurisdiction(
        code: "us",
        name: "United States",
        summary: "FIFO, LIFO, HIFO or specific identification; $3,000 loss limit; wash sales of securities; USD",
        baseCurrency: .usd,
        taxYear: .calendarYear,
        holdingPeriod: .moreThanYears(1),
        defaultMethod: .fifo,
        allowedMethods: [.fifo, .lifo, .hifo, .specific],
        walletScopeRequired: (UnitedStates.walletScopeFirstYear, "Treas. Reg. §1.1012-1(j)"),
        lossesKeepCharacter: true,
        swapCost: .valueReceived,
        giftBasis: .carryOverWithLossLimit,
        washSale: .unitedStates,
        taxPayment: (month: 4, day: 15),
        regime: UnitedStates.Regime()
    )
}

/// The United States' own numbers and rules.
public enum UnitedStates {
    /// IRC §1211(b): the net capital loss deductible against ordinary income in one year.
    public static func capitalLossLimit(_ filing: FilingStatus) -> Money {
        filing == .marriedSeparate ? 1500 : 3000
    }

    /// The first year in which US basis must be tracked wallet by wallet (Treas. Reg. §1.1012-1(j)).
    public static let walletScopeFirstYear = 2025

    /// The US netting, economics and advice (`ScheduleD.swift`, `USEconomics.swift`, `WashSale.swift`).
    struct Regime: TaxRegime {
        func economics(profile: TaxProfile, asOf: CivilDate, in jurisdiction: Jurisdiction) -> any HarvestEconomics {
            Economics(profile: profile)
        }

        func backtestRates(profile: TaxProfile, in jurisdiction: Jurisdiction) -> String {
            "rates short \(profile.shortTotal.percent), long \(profile.longTotal.percent)"
        }
    }
}

/// US filing status: it sets the capital-loss limit against ordinary income.
public enum FilingStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case single
    case marriedJoint = "mfj"
    case marriedSeparate = "mfs"
    case headOfHousehold = "hoh"
}
