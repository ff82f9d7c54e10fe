/// What the derivatives treatment adds to a replay: the derivative rows (with the straddle adjustments), the wash
/// sales a derivative replaced, and the straddle tests.
public struct DerivativeOutcome: Sendable {
    public var derivatives: DerivativeResult
    public var washMatches: [OptionWashSales.Match]
    public var straddles: [Straddles.Deferral]

    /// Form 6781 for `year`.
    public func form6781(year: Int) -> Form6781 {
        Form6781(year: year, gains: derivatives.gains, deferrals: straddles, openAtYearEnd: derivatives.yearEndPositions[year] ?? [])
    }
}

/// The whole derivatives treatment around the lot engine, in one order: the book first (its exercises and assignments
/// become spot transactions), the lot engine over the spot history with those, then the wash sales whose replacement
/// is a derivative (the book again with the disallowed losses in the replacements' basis), then the straddle test.
public struct DerivativeLedger: Sendable {
    public var outcome: DerivativeOutcome
    /// The lot engine's result, its wash-sale rows carrying the losses a derivative replaced, and the funding income added.
    public var spot: LedgerResult

    public var derivatives: DerivativeResult { outcome.derivatives }
    public var washMatches: [OptionWashSales.Match] { outcome.washMatches }
    public var straddles: [Straddles.Deferral] { outcome.straddles }
    public func form6781(year: Int) -> Form6781 { outcome.form6781(year: year) }

    /// The year's spot and derivative results by term, as Schedule D counts them.
    public func realized(year: Int) -> RealizedGains {
        var gains = derivatives.realized(year: year)
        for disposal in spot.disposals where disposal.taxYear == year { gains.add(disposal.printed.gain, term: disposal.term) }
        return gains
    }

    /// The inputs every step reads.
    public struct Inputs: Sendable {
        public var instruments: [Instrument]
        public var events: [DerivativeEvent]
        public var prices: PriceBook
        public var asOf: CivilDate
        public var jurisdiction: Jurisdiction
        public var funding: FundingTreatment
        /// The wash-sale rule in force (crypto included under `wash-sale-crypto on`); nil for none.
        public var washSale: WashSaleRule?
        public var classes: AssetClasses

        public init(
            instruments: [Instrument], events: [DerivativeEvent], prices: PriceBook, asOf: CivilDate, jurisdiction: Jurisdiction = .us,
            funding: FundingTreatment = .ordinary, washSale: WashSaleRule? = .unitedStates, classes: AssetClasses = AssetClasses()
        ) {
            self.instruments = instruments
            self.events = events
            self.prices = prices
            self.asOf = asOf
            self.jurisdiction = jurisdiction
            self.funding = funding
            self.washSale = washSale
            self.classes = classes
        }
    }

    /// The book's first pass: its `spotTransactions` go to the lot engine with the rest of the history.
    public static func firstPass(_ inputs: Inputs) throws(DerivativeError) -> DerivativeResult {
        try DerivativeBook.run(instruments: inputs.instruments, events: inputs.events, prices: inputs.prices, asOf: inputs.asOf,
                               jurisdiction: inputs.jurisdiction, funding: inputs.funding)
    }

    /// After the lot engine: the wash sales a derivative replaced (rewriting `spot`'s rows), the book again with their
    /// losses in the replacements' basis, the funding income added to `spot.income`, the straddle test.
    public static func settle(_ first: DerivativeResult, spot: inout LedgerResult, _ inputs: Inputs) throws(DerivativeError) -> DerivativeOutcome {
        var derivatives = first
        let wash = OptionWashSales.apply(disposals: spot.disposals, instruments: inputs.instruments, events: inputs.events,
                                         rule: inputs.washSale, classes: inputs.classes)
        if !wash.basisAdjustments.isEmpty {
            derivatives = try DerivativeBook.run(instruments: inputs.instruments, events: inputs.events, prices: inputs.prices, asOf: inputs.asOf,
                                                 jurisdiction: inputs.jurisdiction, funding: inputs.funding, basisAdjustments: wash.basisAdjustments)
            spot.disposals = wash.disposals
            derivatives.warnings += exercisedReplacements(wash, events: inputs.events)
        }
        spot.income += derivatives.income
        let straddles = Straddles.apply(derivatives: &derivatives, spot: spot, prices: inputs.prices, asOf: inputs.asOf,
                                        jurisdiction: inputs.jurisdiction, rule: inputs.washSale)
        return DerivativeOutcome(derivatives: derivatives, washMatches: wash.matches, straddles: straddles)
    }

    /// The three steps with the lot engine between them.
    /// - Throws: `DerivativeError` or `LedgerError`, naming the row.
    public static func run(
        transactions: [Transaction], instruments: [Instrument], events: [DerivativeEvent], prices: PriceBook, asOf: CivilDate,
        policy: AccountingPolicy = AccountingPolicy(), jurisdiction: Jurisdiction = .us, funding: FundingTreatment = .ordinary,
        washSale: WashSaleRule? = .unitedStates, classes: AssetClasses = AssetClasses()
    ) throws -> DerivativeLedger {
        let inputs = Inputs(instruments: instruments, events: events, prices: prices, asOf: asOf, jurisdiction: jurisdiction, funding: funding,
                            washSale: washSale, classes: classes)
        let first = try firstPass(inputs)
        var spot = try LotEngine.run(transactions + first.spotTransactions, prices: prices, policy: policy, jurisdiction: jurisdiction)
        let outcome = try settle(first, spot: &spot, inputs)
        return DerivativeLedger(outcome: outcome, spot: spot)
    }

    /// A replacement option exercised or assigned: the loss it carries is not moved into the spot basis (a limitation).
    static func exercisedReplacements(_ wash: OptionWashSales.Outcome, events: [DerivativeEvent]) -> [String] {
        let replaced = Set(wash.matches.map(\.instrument))
        return events.filter { ($0.kind == .exercise || $0.kind == .assign) && replaced.contains($0.instrument) }.map {
            "\($0.reference): \($0.instrument) replaced a wash sale and was exercised: the disallowed loss stays in the option's basis "
                + "and is not carried into the spot units' basis (not modelled)"
        }
    }
}
