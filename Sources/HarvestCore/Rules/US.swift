extension Jurisdiction {
    /// The United States (../shared/tax/rules.md §1): calendar tax year; long-term after more than one
    /// year; FIFO unless units are identified (IRS FAQ Q41); net capital loss against ordinary income
    /// limited to $3,000 ($1,500 married filing separately), the rest carried forward with its character;
    /// wash sales of securities disallowed (IRC §1091), crypto held as property outside it unless a setting says so.
    public static let us = Jurisdiction(
        code: "us",
        name: "United States",
        baseCurrency: .usd,
        taxYear: .calendarYear,
        holdingPeriod: .moreThanYears(1),
        defaultMethod: .fifo,
        allowedMethods: [.fifo, .lifo, .hifo, .specific],
        netting: .unitedStates,
        washSale: .unitedStates
    )

    /// IRC §1211(b): the net capital loss deductible against ordinary income in one year.
    public static func usCapitalLossLimit(_ filing: FilingStatus) -> Money {
        filing == .marriedSeparate ? 1500 : 3000
    }

    /// The first year in which US basis must be tracked wallet by wallet (Treas. Reg. §1.1012-1(j)).
    public static let usWalletScopeFirstYear = 2025

    /// The Form 8949 box for digital assets not reported on a 1099: C/F through 2024, I/L from 2025
    /// (../shared/tax/rules.md §1.2; the 2025 form's digital-asset boxes).
    public static func usForm8949Box(term: Term, taxYear: Int) -> String {
        switch (term, taxYear >= 2025) {
        case (.short, false): "C"
        case (.long, false): "F"
        case (.short, true): "I"
        case (.long, true): "L"
        }
    }
}
