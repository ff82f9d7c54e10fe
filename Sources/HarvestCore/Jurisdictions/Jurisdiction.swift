/// The tax rules of one country as a value (DESIGN.md "Jurisdiction"): its calendar, holding period, methods, matching,
/// wash-sale-style rule and schedule as data, and its `regime`, the one place its netting, planner economics and advice
/// live. Each country is a folder beside this file (`US/`, `UK/`, `Canada/`, `Australia/`, `Germany/`); the engine, the
/// year summary, the planner and the backtester call the value and never name a country.
public struct Jurisdiction: Sendable {
    /// `us`, `uk`, ...: the `--jurisdiction` flag's value.
    public var code: String
    public var name: String
    /// What sets the rules apart, in a few words for help texts: `same-day, 30-day and section 104 pool; GBP; 6 April tax year`.
    public var summary: String
    public var baseCurrency: Asset
    public var taxYear: TaxYearCalendar
    public var holdingPeriod: HoldingPeriodRule
    /// The lot-selection method when the user has chosen none.
    public var defaultMethod: LotMethod
    /// The methods the law allows (none under pooled matching: no lot is chosen).
    public var allowedMethods: Set<LotMethod>
    /// Whether lots may be pooled across wallets (Germany: per wallet only, BMF 10.05.2022 Rz. 61).
    public var allowedScopes: Set<BasisScope>
    /// The first tax year from which basis must be tracked wallet by wallet, and the authority (US: 2025, Treas. Reg.
    /// §1.1012-1(j)); universal scope in a later year is warned about.
    public var walletScopeRequired: (fromYear: Int, authority: String)?
    /// Whether a loss carried to later years keeps its character, short- or long-term (US: Schedule D's Capital Loss
    /// Carryover Worksheet); elsewhere one amount is carried.
    public var lossesKeepCharacter: Bool
    /// Whether giving units away is a disposal at market value (Australia: CGT event A1 with the market value
    /// substitution rule, ITAA 1997 s.116-30) rather than a removal without gain or loss (US gifts; German gifts,
    /// which are not a sale under §23 EStG).
    public var giftsAreDisposals: Bool
    /// The cost of what a swap received, when its two sides are valued differently (`AcquisitionRules.swift`).
    public var swapCost: SwapCost
    /// The basis and holding period of a gift received (`AcquisitionRules.swift`).
    public var giftBasis: GiftBasis
    /// How disposals are matched with acquisitions: lots one by one (US, Australia, Germany), or pools (UK, Canada).
    public var matching: MatchingRule
    /// The wash-sale-style rule the engine applies or advises on, if the jurisdiction has one.
    public var washSale: WashSaleRule?
    /// What `--warn-for CODE` tells a user of another jurisdiction about this one's rule (UK, Canada, Australia).
    public var advisory: AdvisoryRule?
    /// Exempt amounts, rates by period and the inclusion rate, as data.
    public var schedule: TaxSchedule
    /// When a year's tax is paid: the first such month and day after the tax year ends (US 15 April, UK 31 January,
    /// Canada 30 April, Australia 21 November, Germany 31 July), for simulations.
    public var taxPaymentMonth: Int
    public var taxPaymentDay: Int
    /// The country's netting, economics and advice.
    public var regime: any TaxRegime

    init(
        code: String, name: String, summary: String, baseCurrency: Asset, taxYear: TaxYearCalendar, holdingPeriod: HoldingPeriodRule,
        defaultMethod: LotMethod, allowedMethods: Set<LotMethod>, allowedScopes: Set<BasisScope> = [.wallet, .universal],
        walletScopeRequired: (fromYear: Int, authority: String)? = nil, lossesKeepCharacter: Bool = false, giftsAreDisposals: Bool = false,
        swapCost: SwapCost = .valueGiven, giftBasis: GiftBasis = .marketValue, matching: MatchingRule = .lots, washSale: WashSaleRule? = nil, advisory: AdvisoryRule? = nil,
        schedule: TaxSchedule = TaxSchedule(), taxPayment: (month: Int, day: Int), regime: any TaxRegime
    ) {
        self.code = code
        self.name = name
        self.summary = summary
        self.baseCurrency = baseCurrency
        self.taxYear = taxYear
        self.holdingPeriod = holdingPeriod
        self.defaultMethod = defaultMethod
        self.allowedMethods = allowedMethods
        self.allowedScopes = allowedScopes
        self.walletScopeRequired = walletScopeRequired
        self.lossesKeepCharacter = lossesKeepCharacter
        self.giftsAreDisposals = giftsAreDisposals
        self.swapCost = swapCost
        self.giftBasis = giftBasis
        self.matching = matching
        self.washSale = washSale
        self.advisory = advisory
        self.schedule = schedule
        self.taxPaymentMonth = taxPayment.month
        self.taxPaymentDay = taxPayment.day
        self.regime = regime
    }

    /// The day tax year `year`'s tax is paid: the first `taxPaymentMonth`/`taxPaymentDay` after the year ends.
    public func taxPaymentDate(for year: Int) -> CivilDate {
        let end = taxYear.end(of: year)
        let sameYear = CivilDate(year: end.year, month: taxPaymentMonth, day: taxPaymentDay)!
        return sameYear > end ? sameYear : CivilDate(year: end.year + 1, month: taxPaymentMonth, day: taxPaymentDay)!
    }

    /// Whether disposals come out of pools (one per asset, across all of the person's wallets) rather than lots.
    public var isPooled: Bool { matching != .lots }
}

extension Jurisdiction {
    /// Every jurisdiction the engine knows, in the order help texts list them: the registry. A new country is a folder
    /// beside this file and one entry here (and one case of `CountryFigures`, below).
    public static let ordered: [Jurisdiction] = [.us, .unitedKingdom, .canada, .australia, .germany]

    /// Every jurisdiction, by code.
    public static let all: [String: Jurisdiction] = Dictionary(uniqueKeysWithValues: ordered.map { ($0.code, $0) })

    /// The jurisdictions whose rule can be advised on under another's (`--warn-for`), in registry order.
    public static var advisable: [Jurisdiction] { ordered.filter { $0.advisory != nil } }
}

/// A country's own figures for one tax year, as its return reports them: one case per jurisdiction, so that every
/// renderer switches exhaustively (a new country is a new case, and the compiler lists the renderers to extend).
public enum CountryFigures: Sendable, Hashable {
    case unitedStates(USScheduleD)
    case unitedKingdom(UKCapitalGains)
    case canada(CanadaCapitalGains)
    case australia(AustralianCGT)
    case germany(GermanPrivateSales)
}

extension Jurisdiction: Hashable {
    /// Two values are the same jurisdiction when their data and their regime's type are.
    public static func == (lhs: Jurisdiction, rhs: Jurisdiction) -> Bool {
        lhs.code == rhs.code && lhs.name == rhs.name && lhs.summary == rhs.summary && lhs.baseCurrency == rhs.baseCurrency && lhs.taxYear == rhs.taxYear
            && lhs.holdingPeriod == rhs.holdingPeriod && lhs.defaultMethod == rhs.defaultMethod
            && lhs.allowedMethods == rhs.allowedMethods && lhs.allowedScopes == rhs.allowedScopes
            && lhs.walletScopeRequired?.fromYear == rhs.walletScopeRequired?.fromYear
            && lhs.walletScopeRequired?.authority == rhs.walletScopeRequired?.authority
            && lhs.lossesKeepCharacter == rhs.lossesKeepCharacter && lhs.giftsAreDisposals == rhs.giftsAreDisposals
            && lhs.swapCost == rhs.swapCost && lhs.giftBasis == rhs.giftBasis && lhs.matching == rhs.matching && lhs.washSale == rhs.washSale
            && lhs.advisory == rhs.advisory && lhs.schedule == rhs.schedule && lhs.taxPaymentMonth == rhs.taxPaymentMonth
            && lhs.taxPaymentDay == rhs.taxPaymentDay && ObjectIdentifier(type(of: lhs.regime)) == ObjectIdentifier(type(of: rhs.regime))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(baseCurrency)
    }
}
