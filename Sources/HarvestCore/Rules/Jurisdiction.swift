/// The tax rules of one country as a value (DESIGN.md "Jurisdiction"): the engine reads them and
/// knows no country by name, so another country is a new value, not a change to the matching engine.
public struct Jurisdiction: Sendable, Hashable {
    /// `us`, `uk`, ...: the `--jurisdiction` flag's value.
    public var code: String
    public var name: String
    public var baseCurrency: Asset
    public var taxYear: TaxYearCalendar
    public var holdingPeriod: HoldingPeriodRule
    /// The lot-selection method when the user has chosen none.
    public var defaultMethod: LotMethod
    /// The methods the law allows.
    public var allowedMethods: Set<LotMethod>
    /// How a year's gains and losses net, what offsets ordinary income, and what carries forward.
    public var netting: NettingRule
    /// The wash-sale rule, if the jurisdiction has one.
    public var washSale: WashSaleRule?

    public init(
        code: String, name: String, baseCurrency: Asset, taxYear: TaxYearCalendar, holdingPeriod: HoldingPeriodRule,
        defaultMethod: LotMethod, allowedMethods: Set<LotMethod>, netting: NettingRule, washSale: WashSaleRule? = nil
    ) {
        self.washSale = washSale
        self.code = code
        self.name = name
        self.baseCurrency = baseCurrency
        self.taxYear = taxYear
        self.holdingPeriod = holdingPeriod
        self.defaultMethod = defaultMethod
        self.allowedMethods = allowedMethods
        self.netting = netting
    }

    /// Every jurisdiction the engine knows, by code.
    public static let all: [String: Jurisdiction] = [Jurisdiction.us.code: .us]
}

/// When a tax year starts, and which year a day belongs to.
public struct TaxYearCalendar: Sendable, Hashable {
    /// The first month and day of the tax year (1 January for the US).
    public var startMonth: Int
    public var startDay: Int

    public init(startMonth: Int, startDay: Int) {
        self.startMonth = startMonth
        self.startDay = startDay
    }

    public static let calendarYear = TaxYearCalendar(startMonth: 1, startDay: 1)

    /// The tax year a date belongs to, named by the calendar year in which it starts.
    public func year(of date: CivilDate) -> Int {
        let (year, month, day) = date.components
        return (month, day) >= (startMonth, startDay) ? year : year - 1
    }

    /// The first day of tax year `year`.
    public func start(of year: Int) -> CivilDate { CivilDate(year: year, month: startMonth, day: startDay)! }

    /// The last day of tax year `year`.
    public func end(of year: Int) -> CivilDate { start(of: year + 1).adding(days: -1) }
}

/// When a holding turns long-term.
public enum HoldingPeriodRule: Sendable, Hashable {
    /// Long-term when disposed of *after* the anniversary `years` after the holding period starts,
    /// counted by the calendar: bought 2012-09-19, sold 2013-09-19 is short; 2013-09-20 is long
    /// (IRC §1222; J.K. Lasser 5.9; ../shared/tax/rules.md §1.2). A start on the last day of a month
    /// has its anniversary on the last day of that month (Lasser's month-end rule; Rev. Rul. 66-7):
    /// 29 February → 28 February, and 28 February 2023 → 29 February 2024.
    case moreThanYears(Int)

    public func term(held start: CivilDate, disposed: CivilDate) -> Term {
        switch self {
        case .moreThanYears(let years): disposed > HoldingPeriodRule.anniversary(of: start, years: years) ? .long : .short
        }
    }

    /// The first day on which a disposal is long-term.
    public func firstLongTermDate(held start: CivilDate) -> CivilDate {
        switch self {
        case .moreThanYears(let years): HoldingPeriodRule.anniversary(of: start, years: years).adding(days: 1)
        }
    }

    /// `start` plus `years` by the calendar, a month end mapping to the month end.
    static func anniversary(of start: CivilDate, years: Int) -> CivilDate {
        let shifted = start.adding(years: years)
        let (year, month, day) = start.components
        guard day == CivilDate.daysIn(month: month, year: year) else { return shifted }
        return CivilDate(year: shifted.year, month: month, day: CivilDate.daysIn(month: month, year: shifted.year))!
    }
}

/// How a year's gains net and what carries forward.
public enum NettingRule: Sendable, Hashable {
    /// IRC §1211(b)/§1212(b): net short against short and long against long, combine; a net loss
    /// offsets ordinary income up to the filing status's limit; the rest carries forward keeping its
    /// character (Schedule D Capital Loss Carryover Worksheet).
    case unitedStates
}

/// Which lots a disposal consumes.
public enum LotMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// First in, first out, by original acquisition time (IRS FAQ Q41: the default when units are not identified).
    case fifo
    /// Last in, first out.
    case lifo
    /// Highest unit cost first (a standing specific identification).
    case hifo
    /// The lots each disposal names (`lot_ids`); FIFO for a disposal that names none.
    case specific
}

/// Whether lots are pooled across wallets when a disposal picks them.
public enum BasisScope: String, Sendable, Hashable, CaseIterable, Codable {
    /// Wallet by wallet: required in the US from 2025 (Treas. Reg. §1.1012-1(j)).
    case wallet
    /// All wallets pooled: allowed in the US before 2025.
    case universal
}

/// US filing status: it sets the capital-loss limit against ordinary income.
public enum FilingStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case single
    case marriedJoint = "mfj"
    case marriedSeparate = "mfs"
    case headOfHousehold = "hoh"
}
