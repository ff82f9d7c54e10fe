/// The whole derivatives treatment around the lot engine, in one order: the book first (its exercises and assignments
/// become spot transactions), the lot engine over the spot history with those, then the wash sales whose replacement
/// is a derivative (the book again with the disallowed losses in the replacements' basis), then the straddle test.
public struct DerivativeLedger: Sendable {
    public var derivatives: DerivativeResult
    /// The lot engine's result, its wash-sale rows carrying the losses a derivative replaced, and the funding income added.
    public var spot: LedgerResult
    public var washMatches: [OptionWashSales.Match]
    public var straddles: [Straddles.Deferral]

    /// The year's spot and derivative results by term, as Schedule D counts them.
    public func realized(year: Int) -> RealizedGains {
        var gains = derivatives.realized(year: year)
        for disposal in spot.disposals where disposal.taxYear == year { gains.add(disposal.printed.gain, term: disposal.term) }
        return gains
    }

    /// Form 6781 for `year`.
    public func form6781(year: Int) -> Form6781 {
        Form6781(year: year, gains: derivatives.gains, deferrals: straddles, openAtYearEnd: derivatives.yearEndPositions[year] ?? [])
    }

    /// - Parameters:
    ///   - washSale: the wash-sale rule in force (crypto included under `wash-sale-crypto on`); nil for none.
    /// - Throws: `DerivativeError` or `LedgerError`, naming the row.
    public static func run(
        transactions: [Transaction], instruments: [Instrument], events: [DerivativeEvent], prices: PriceBook, asOf: CivilDate,
        policy: AccountingPolicy = AccountingPolicy(), jurisdiction: Jurisdiction = .us, funding: FundingTreatment = .ordinary,
        washSale: WashSaleRule? = .unitedStates, classes: AssetClasses = AssetClasses()
    ) throws -> DerivativeLedger {
        var derivatives = try DerivativeBook.run(instruments: instruments, events: events, prices: prices, asOf: asOf,
                                                 jurisdiction: jurisdiction, funding: funding)
        var spot = try LotEngine.run(transactions + derivatives.spotTransactions, prices: prices, policy: policy, jurisdiction: jurisdiction)
        let wash = OptionWashSales.apply(disposals: spot.disposals, instruments: instruments, events: events, rule: washSale, classes: classes)
        if !wash.basisAdjustments.isEmpty {
            derivatives = try DerivativeBook.run(instruments: instruments, events: events, prices: prices, asOf: asOf, jurisdiction: jurisdiction,
                                                 funding: funding, basisAdjustments: wash.basisAdjustments)
            spot.disposals = wash.disposals
            derivatives.warnings += exercisedReplacements(wash, events: events)
        }
        spot.income += derivatives.income
        let straddles = Straddles.apply(derivatives: &derivatives, spot: spot, prices: prices, asOf: asOf, jurisdiction: jurisdiction,
                                        rule: washSale)
        return DerivativeLedger(derivatives: derivatives, spot: spot, washMatches: wash.matches, straddles: straddles)
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
