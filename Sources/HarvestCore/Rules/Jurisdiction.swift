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
    /// Whether lots may be pooled across wallets (Germany: per wallet only, BMF 10.05.2022 Rz. 61).
    public var allowedScopes: Set<BasisScope>
    /// Whether giving units away is a disposal at market value (Australia: CGT event A1 with the market value
    /// substitution rule, ITAA 1997 s.116-30) rather than a removal without gain or loss (US gifts; German gifts,
    /// which are not a sale under §23 EStG).
    public var giftsAreDisposals: Bool
    /// How disposals are matched with acquisitions: lots one by one (US, Australia, Germany), or pools (UK, Canada).
    public var matching: MatchingRule
    /// Exempt amounts, rates by period and the inclusion rate, as data.
    public var schedule: TaxSchedule
    /// When a year's tax is paid: the first such month and day after the tax year ends (US 15 April, UK 31 January,
    /// Canada 30 April, Australia 21 November, Germany 31 July), for simulations.
    public var taxPaymentMonth: Int
    public var taxPaymentDay: Int

    public init(
        code: String, name: String, baseCurrency: Asset, taxYear: TaxYearCalendar, holdingPeriod: HoldingPeriodRule,
        defaultMethod: LotMethod, allowedMethods: Set<LotMethod>, netting: NettingRule, washSale: WashSaleRule? = nil,
        allowedScopes: Set<BasisScope> = [.wallet, .universal], giftsAreDisposals: Bool = false,
        matching: MatchingRule = .lots, schedule: TaxSchedule = TaxSchedule(), taxPaymentMonth: Int = 4, taxPaymentDay: Int = 15
    ) {
        self.washSale = washSale
        self.allowedScopes = allowedScopes
        self.giftsAreDisposals = giftsAreDisposals
        self.matching = matching
        self.schedule = schedule
        self.taxPaymentMonth = taxPaymentMonth
        self.taxPaymentDay = taxPaymentDay
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
    public static let all: [String: Jurisdiction] = Dictionary(
        uniqueKeysWithValues: ordered.map { ($0.code, $0) })

    /// Every jurisdiction, in the order help texts list them.
    public static let ordered: [Jurisdiction] = [.us, .unitedKingdom, .canada, .australia, .germany]

    /// The codes, for help texts: `us|uk|ca|au|de`.
    public static let codeList: String = ordered.map(\.code).joined(separator: "|")

    /// The day tax year `year`'s tax is paid: the first `taxPaymentMonth`/`taxPaymentDay` after the year ends.
    public func taxPaymentDate(for year: Int) -> CivilDate {
        let end = taxYear.end(of: year)
        let sameYear = CivilDate(year: end.year, month: taxPaymentMonth, day: taxPaymentDay)!
        return sameYear > end ? sameYear : CivilDate(year: end.year + 1, month: taxPaymentMonth, day: taxPaymentDay)!
    }

    /// Whether disposals come out of pools (one per asset, across all of the person's wallets) rather than lots.
    public var isPooled: Bool { matching != .lots }
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

/// How a year's gains net and what carries forward.
public enum NettingRule: Sendable, Hashable {
    /// IRC §1211(b)/§1212(b): net short against short and long against long, combine; a net loss
    /// offsets ordinary income up to the filing status's limit; the rest carries forward keeping its
    /// character (Schedule D Capital Loss Carryover Worksheet).
    case unitedStates
    /// ITAA 1997 Div 102 and 115 (Rules/Australia.swift): capital losses of the year, then net capital losses
    /// carried in, are applied to non-discountable gains first, then to discountable ones; the 50% discount applies
    /// to what is left of the discountable gains; a net capital loss never offsets other income and carries forward
    /// without limit.
    case australia
    /// §23 EStG (Rules/Germany.swift): only sales within one year count; the year's private-sale gains and losses
    /// net; a total below the Freigrenze is tax-free, a total at or above it is taxable in full; a net loss offsets
    /// only private-sale gains of later years (§23(3) S. 7-8 with §10d).
    case germany
    /// TCGA 1992 s.2A, s.3: the year's losses net against its gains first; losses brought forward reduce what is
    /// left only down to the annual exempt amount; the rest is taxed at the rate of each gain's period (HMRC
    /// CG21510; ../shared/tax/rules.md §2.3–2.4). No loss offsets income; an unused loss carries forward.
    case unitedKingdom
    /// ITA s.3, s.38, s.111: the year's gains net against its losses; the inclusion rate (½) of a net gain is the
    /// taxable capital gain; net capital losses of other years reduce it (carried forward here; the 3-year
    /// carry-back is not modelled); a net loss never offsets other income.
    case canada
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
