// The rules every jurisdiction is made of, as values: its tax year, its holding period, how it matches disposals with
// acquisitions, and its schedule of exempt amounts and rates. Each country's folder fills them in.

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

    /// How people write tax year `year`: `2024` for a calendar year, `2024-25` for one that starts later (UK 6 April,
    /// Australia 1 July): the years it spans, the second by its last two digits.
    public func label(_ year: Int) -> String {
        guard (startMonth, startDay) != (1, 1) else { return String(year) }
        let next = (year + 1) % 100
        return "\(year)-\(next < 10 ? "0" : "")\(next)"
    }
}

/// When a holding turns long-term.
public enum HoldingPeriodRule: Sendable, Hashable {
    /// Long-term when disposed of *after* the anniversary `years` after the holding period starts,
    /// counted by the calendar: bought 2012-09-19, sold 2013-09-19 is short; 2013-09-20 is long
    /// (IRC §1222; J.K. Lasser 5.9; ../shared/tax/rules.md §1.2). A start on the last day of a month
    /// has its anniversary on the last day of that month (Lasser's month-end rule; Rev. Rul. 66-7):
    /// 29 February → 28 February, and 28 February 2023 → 29 February 2024.
    case moreThanYears(Int)
    /// Long-term when disposed of after the day `years` later that has the same number as the start day, or the
    /// last day of that month when it is shorter: the civil-law computation of periods, BGB §187(1) (the day of
    /// acquisition is not counted) and §188(2), (3). Bought 2024-01-01: sold 2025-01-01 is short, 2025-01-02 long;
    /// bought 2023-02-28: the year ends on 2024-02-28, so 2024-02-29 is long (unlike the US month-end rule).
    case moreThanYearsToSameDay(Int)
    /// One class of gains however long the asset was held (UK, Canada): every disposal is reported as `long`,
    /// so the year's figures sit in the long-term fields and no holding turns "long-term" later.
    case single

    public func term(held start: CivilDate, disposed: CivilDate) -> Term {
        if case .single = self { return .long }
        return disposed > lastShortTermDate(held: start) ? .long : .short
    }

    /// The first day on which a disposal is long-term.
    public func firstLongTermDate(held start: CivilDate) -> CivilDate { lastShortTermDate(held: start).adding(days: 1) }

    /// `term(held:disposed:)` and `firstLongTermDate(held:)` at once, the holding period's end computed once (a plan
    /// asks both for each of its lots).
    public func termAndFirstLongTermDate(held start: CivilDate, disposed: CivilDate) -> (term: Term, firstLongTermDate: CivilDate) {
        let lastShort = lastShortTermDate(held: start)
        if case .single = self { return (.long, lastShort.adding(days: 1)) }
        return (disposed > lastShort ? .long : .short, lastShort.adding(days: 1))
    }

    /// The last day on which a disposal is still short-term: the end of the holding period.
    public func lastShortTermDate(held start: CivilDate) -> CivilDate {
        switch self {
        case .moreThanYears(let years): HoldingPeriodRule.anniversary(of: start, years: years)
        case .moreThanYearsToSameDay(let years): start.adding(years: years)
        // The day before the holding starts: every disposal is "long" (`firstLongTermDate` is the start).
        case .single: start.adding(days: -1)
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

/// How disposals are matched with acquisitions.
public enum MatchingRule: String, Sendable, Hashable {
    /// Lots picked one by one by the lot method (FIFO, LIFO, HIFO, specific), wallet by wallet or pooled (US).
    case lots
    /// UK share identification for individuals (TCGA 1992 s.105(1), s.106A(5), s.104; HMRC CRYPTO22200 on): the
    /// same day's acquisitions first (all of a day's acquisitions are one acquisition, all its disposals one
    /// disposal), then acquisitions in the 30 days after, earliest first, earliest disposal first, across tax
    /// years; the rest from the section 104 pool at average cost. One pool per token across all of the person's
    /// wallets.
    case ukShareIdentification
    /// Average cost of identical properties across all of the person's wallets (Canada's adjusted cost base, ITA
    /// s.47): every acquisition joins the pool; a disposal takes the pool's cost × units sold ÷ units held.
    case averageCost
}

/// The figures a tax year's computation reads, as data: exempt amounts, rates by disposal date, inclusion.
public struct TaxSchedule: Sendable, Hashable {
    /// An amount of gains exempt each tax year, by the first tax year it applies to (UK annual exempt amount).
    public var exemptAmounts: [YearAmount]
    /// Rates by the date of disposal: each period runs from its `from` day to the next period's.
    public var ratePeriods: [RatePeriod]
    /// The fraction of a net gain that is taxable (Canada ½; 1 elsewhere).
    public var inclusionRate: Fixed

    public init(exemptAmounts: [YearAmount] = [], ratePeriods: [RatePeriod] = [], inclusionRate: Fixed = .one) {
        self.exemptAmounts = exemptAmounts.sorted { $0.fromYear < $1.fromYear }
        self.ratePeriods = ratePeriods.sorted { $0.from < $1.from }
        self.inclusionRate = inclusionRate
    }

    /// The exempt amount of tax year `year`: the last entry that starts at or before it (zero before the first).
    public func exemptAmount(year: Int) -> Money {
        exemptAmounts.last { $0.fromYear <= year }?.amount ?? .zero
    }

    /// The rate period a disposal on `date` falls in, if any.
    public func ratePeriod(on date: CivilDate) -> RatePeriod? { ratePeriods.last { $0.from <= date } }

    public struct YearAmount: Sendable, Hashable {
        public var fromYear: Int
        public var amount: Money
        public init(fromYear: Int, amount: Money) {
            self.fromYear = fromYear
            self.amount = amount
        }
    }

    /// The rates on disposals made on or after `from` (until the next period starts).
    public struct RatePeriod: Sendable, Hashable {
        public var from: CivilDate
        /// Gains within the basic-rate band (UK 10%, then 18%).
        public var lowerRate: Fixed
        /// Gains above it (UK 20%, then 24%).
        public var upperRate: Fixed
        public init(from: CivilDate, lowerRate: Fixed, upperRate: Fixed) {
            self.from = from
            self.lowerRate = lowerRate
            self.upperRate = upperRate
        }
        public func rate(_ band: RateBand) -> Fixed { band == .lower ? lowerRate : upperRate }
    }
}

/// Which of a jurisdiction's two capital-gains rates applies to the user's gains (the UK basic-rate band or above).
/// Gains that straddle the band are not split: choose the band most of them fall in.
public enum RateBand: String, Sendable, Hashable, CaseIterable, Codable {
    case lower
    case upper
}

