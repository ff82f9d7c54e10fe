/// How a derivative result is taxed by term.
public enum DerivativeTerm: String, Sendable, Hashable, CaseIterable, Codable {
    case short, long
    /// A §1256 contract: 60% long-term, 40% short-term whatever the holding period (IRC §1256(a)(3)), split on the
    /// year's net (Form 6781 lines 8 and 9).
    case section1256 = "60/40"
}

/// What realized a derivative row.
public enum DerivativeRowKind: String, Sendable, Hashable, CaseIterable, Codable {
    case close
    case expire
    /// A §1256 position marked to market at year end (IRC §1256(a)(1)).
    case yearEndMark = "year_end_mark"
    /// A funding payment treated as part of the swap's capital result (`FundingTreatment.capital`).
    case funding
    /// A loss deferred because offsetting positions held unrecognized gain at year end (IRC §1092(a)(1)(A)).
    case straddleDeferred = "straddle_deferred"
    /// A loss deferred the year before, treated as sustained this year (IRC §1092(a)(1)(B)).
    case straddleCarried = "straddle_carried"
}

/// One realized derivative result: a close, an expiry, a year-end mark, a funding payment, a straddle adjustment.
public struct DerivativeGain: Sendable, Hashable {
    /// The instrument's symbol; for a straddle row on spot units, the spot asset.
    public var instrument: String
    public var underlying: Asset
    public var wallet: Wallet
    public var side: PositionSide
    public var contracts: Quantity
    public var dateOpened: CivilDate
    public var dateClosed: CivilDate
    public var taxYear: Int
    /// Long: what the close fetched, net of fees. Short: the premium or price received at opening, net of fees.
    public var proceeds: Money
    /// Long: what the opening cost, fees included (or the last year-end mark). Short: what closing cost, fees included.
    public var costBasis: Money
    /// Added to the gain: a straddle loss deferred (positive) or carried in (negative).
    public var adjustment: Money
    public var term: DerivativeTerm
    public var kind: DerivativeRowKind
    /// The event that realized it, and the one that opened the position.
    public var eventID: String
    public var openEventID: String
    public var section1256: Bool { term == .section1256 }

    /// Proceeds − cost basis + adjustment.
    public var gain: Money { proceeds - costBasis + adjustment }
    /// The gain as printed: proceeds, basis and adjustment each to cents (`PrintedMoney`).
    public var printedGain: Money {
        PrintedMoney.rounded(proceeds) - PrintedMoney.rounded(costBasis) + PrintedMoney.rounded(adjustment)
    }
}

/// An open derivative position (one opening's contracts still open), valued at its latest mark.
public struct DerivativePosition: Sendable, Hashable {
    public var instrument: Instrument
    public var wallet: Wallet
    public var side: PositionSide
    public var contracts: Quantity
    public var dateOpened: CivilDate
    public var openEventID: String
    /// Long: the cost still carried (or the last year-end mark). Short: the credit received still carried.
    public var carried: Money
    /// The latest mark on or before the day asked, and its day; nil when none is known.
    public var mark: (date: CivilDate, price: Price)?
    /// Value at the mark minus what is carried (long), or the reverse (short); nil without a mark.
    public var unrealized: Money? {
        guard let mark else { return nil }
        let value = mark.price * instrument.units(contracts)
        return side == .long ? value - carried : carried - value
    }
    public init(
        instrument: Instrument, wallet: Wallet, side: PositionSide, contracts: Quantity, dateOpened: CivilDate, openEventID: String,
        carried: Money, mark: (date: CivilDate, price: Price)?
    ) {
        self.instrument = instrument
        self.wallet = wallet
        self.side = side
        self.contracts = contracts
        self.dateOpened = dateOpened
        self.openEventID = openEventID
        self.carried = carried
        self.mark = mark
    }

    /// The term a close on `date` would have.
    public func term(on date: CivilDate, holdingPeriod: HoldingPeriodRule) -> DerivativeTerm {
        DerivativeBook.term(instrument: instrument, side: side, opened: dateOpened, closed: date, holdingPeriod: holdingPeriod)
    }

    public static func == (lhs: DerivativePosition, rhs: DerivativePosition) -> Bool {
        lhs.instrument == rhs.instrument && lhs.wallet == rhs.wallet && lhs.side == rhs.side && lhs.contracts == rhs.contracts
            && lhs.dateOpened == rhs.dateOpened && lhs.openEventID == rhs.openEventID && lhs.carried == rhs.carried
            && lhs.mark?.date == rhs.mark?.date && lhs.mark?.price == rhs.mark?.price
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(openEventID)
        hasher.combine(contracts)
    }
}

/// A funding payment made under the conservative reading (`FundingTreatment.ordinary`): an ordinary deduction that
/// an individual cannot take while miscellaneous itemized deductions are suspended (IRC §67(g), 2018–2025), so it is
/// listed, not deducted.
public struct FundingPaid: Sendable, Hashable {
    public var date: CivilDate
    public var taxYear: Int
    public var instrument: String
    public var wallet: Wallet
    /// Positive: what was paid.
    public var amount: Money
    public var eventID: String
}

/// How funding payments on perpetual swaps are taxed. The law is unsettled: no guidance addresses crypto perpetuals.
public enum FundingTreatment: String, Sendable, Hashable, CaseIterable, Codable {
    /// The conservative reading (default): funding as the periodic payments of a notional principal contract (Treas. Reg.
    /// §1.446-3(d), (f)): received is ordinary income when received; paid is an ordinary deduction, a miscellaneous itemized
    /// deduction suspended for individuals by IRC §67(g), so it is listed and not deducted.
    case ordinary
    /// Funding as part of the swap's capital gain or loss (IRC §1234A: the termination of a right or obligation with
    /// respect to a capital asset), realized when paid or received, with the position's holding-period term.
    case capital
}

/// What the derivatives book makes of a history.
public struct DerivativeResult: Sendable {
    /// Realized rows in event order (year-end marks at their year end).
    public var gains: [DerivativeGain] = []
    /// Positions still open after the last event, valued at the latest mark on or before `asOf`.
    public var positions: [DerivativePosition] = []
    /// The spot transactions that exercises and assignments imply (premium in the basis or the proceeds): for the lot engine.
    public var spotTransactions: [Transaction] = []
    /// Funding received under `FundingTreatment.ordinary`: ordinary income.
    public var income: [IncomeRecord] = []
    /// Funding paid under `FundingTreatment.ordinary`: listed, not deducted.
    public var fundingPaid: [FundingPaid] = []
    /// The positions open at each year end that was passed, valued at that year end's mark where one is known.
    public var yearEndPositions: [Int: [DerivativePosition]] = [:]
    public var warnings: [String] = []
    public var instruments: [String: Instrument] = [:]
}
