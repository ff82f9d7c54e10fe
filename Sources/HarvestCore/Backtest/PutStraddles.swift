/// The straddle rule (IRC §1092(a)) in the options backtest (`monthlyPuts`): spot units held with a long put on them are
/// a straddle, each leg an offsetting position of the other (§1092(c)(1)–(2)). At each tax-year end:
/// - a put's loss realized in the year is taken into account only beyond the unrecognized gain, at the year end, of the
///   spot units of its underlying still held then and held on the loss's day (§1092(a)(1)(A)); an unrecognized gain is
///   what selling them at the year-end close would realize, when positive (§1092(a)(3)(A));
/// - a spot loss on an asset the backtest buys puts on is tested the same way against the puts held at the year end and
///   bought by the loss's day, each valued as the backtest values a put between rolls: its intrinsic value (strike −
///   close, at least zero) times the units, less the premium it cost;
/// - the part deferred is treated as sustained in the next year (§1092(a)(1)(B)) and tested again at that year's end
///   against what is still held: allowed in full once the offsetting units are sold or hold no gain.
///
/// The ledger's own rule does the same on recorded derivatives (`Straddles`); the test of one loss and the pieces held
/// at a year end are shared with it (`Straddles.test`, `Straddles.forEachHeld`, `Straddles.spotAtYearEnd`). The result
/// is one `Straddles.Deferral` per loss tested against an offsetting gain or carried, and the year's results as
/// Schedule D nets them: the deferred part back as a gain of the loss's term in the year tested (to the cent, as a row
/// prints), and as a loss of that term in the next.
///
/// Not modelled (the backtest's tax stays a bound on these): the suspension of the spot units' holding period while a
/// put offsets them, and the long-term character it gives their losses (Temp. Treas. Reg. §1.1092(b)-2T(a)–(b)).
struct PutStraddles: Sendable {
    /// A put the backtest bought: its asset in the lot book (`BTC-P-20240201-42000`), the asset it protects, its strike.
    struct Put: Sendable, Hashable {
        var asset: Asset
        var underlying: Asset
        var strike: Price
    }

    /// A loss waiting for its year-end test.
    struct Loss: Sendable, Hashable {
        var year: Int
        /// The disposal's asset: a put, or the spot asset.
        var leg: Asset
        var underlying: Asset
        var identity: String
        /// A put's loss (tested against spot units), or a spot loss (tested against puts).
        var putLeg: Bool
        var dateEntered: CivilDate
        var dateClosed: CivilDate
        var proceeds: Money
        var costBasis: Money
        /// Positive.
        var loss: Money
        var term: Term
        var carried: Bool
        /// The order the losses were found in: the tie-breaker after the day (STYLE.md §11).
        var order: Int
    }

    /// The puts bought, by their asset in the lot book.
    private(set) var puts: [Asset: Put] = [:]
    /// Losses deferred at the last year end tested, waiting for the next one.
    private(set) var carried: [Loss] = []
    /// Every loss tested against an offsetting gain, and every loss carried in, with what was deferred.
    private(set) var deferrals: [Straddles.Deferral] = []
    /// What the deferrals add to each year's results: `YearSummaries.compute(otherGains:)`.
    private(set) var adjustments: [Int: RealizedGains] = [:]
    /// The last year tested: years are tested once each, in order.
    private(set) var lastYearTested: Int?
    private var found = 0

    /// Whether any put was bought (without one there is no straddle to test).
    var isEmpty: Bool { puts.isEmpty }

    mutating func bought(_ put: Put) { puts[put.asset] = put }

    /// Tests at the end of `year` the losses `ledger` realized in it and those carried into it, deferring into the
    /// next year what the offsetting positions' unrecognized gain covers.
    /// - Parameters:
    ///   - ledger: the backtest's lot book as it stands after the year end (its open lots and its disposals after the
    ///     year end give what was held then).
    ///   - prices: the closes the spot units and the puts are valued at (the last on or before the year end).
    ///   - identity: an asset's identity under the wash-sale rule in force (its symbol without one).
    mutating func test(year: Int, ledger: LedgerResult, prices: PriceBook, calendar: TaxYearCalendar, identity: (Asset) -> String) {
        // Consecutive years: a loss carried into a year not tested would be lost.
        precondition(lastYearTested.map { $0 + 1 == year } ?? true, "straddle year \(year) tested after \(lastYearTested ?? 0)")
        lastYearTested = year
        let pending = carried + losses(of: year, in: ledger, identity: identity)
        carried = []
        guard !pending.isEmpty else { return }
        let yearEnd = calendar.end(of: year)
        var spotGains = Straddles.spotAtYearEnd(spot: ledger, yearEnd: yearEnd, prices: prices, identity: identity).gains
        var putGains = putsAtYearEnd(yearEnd, ledger: ledger, prices: prices, identity: identity)
        for loss in pending.sorted(by: { ($0.dateClosed, $0.order) < ($1.dateClosed, $1.order) }) {
            let (offsetting, deferred) = loss.putLeg
                ? Straddles.test(loss: loss.loss, identity: loss.identity, closed: loss.dateClosed, against: &spotGains)
                : Straddles.test(loss: loss.loss, identity: loss.identity, closed: loss.dateClosed, against: &putGains)
            guard offsetting.isPositive || loss.carried else { continue }
            deferrals.append(Straddles.Deferral(
                year: year, leg: loss.leg.symbol, underlying: loss.underlying, dateEntered: loss.dateEntered, dateClosed: loss.dateClosed,
                proceeds: loss.proceeds, costBasis: loss.costBasis, loss: loss.loss, unrecognizedGain: offsetting, deferred: deferred,
                term: loss.term == .long ? .long : .short, carried: loss.carried))
            guard deferred.isPositive else { continue }
            // The same cents leave the year tested and arrive in the next, so the two add up to nothing over both.
            let printed = PrintedMoney.rounded(deferred)
            adjustments[year, default: RealizedGains()].add(printed, term: loss.term)
            adjustments[year + 1, default: RealizedGains()].add(-printed, term: loss.term)
            var next = loss
            next.year = year + 1
            next.loss = deferred
            next.carried = true
            carried.append(next)
        }
    }

    /// The year's losses that may be straddle legs: a put's, or a spot asset's that puts were bought on.
    private mutating func losses(of year: Int, in ledger: LedgerResult, identity: (Asset) -> String) -> [Loss] {
        let hedged = Set(puts.values.map(\.underlying))
        var losses: [Loss] = []
        for disposal in ledger.disposals where disposal.taxYear == year && disposal.gain.isNegative {
            let underlying: Asset
            if let put = puts[disposal.asset] {
                underlying = put.underlying
            } else if hedged.contains(disposal.asset) {
                underlying = disposal.asset
            } else {
                continue
            }
            found += 1
            losses.append(Loss(
                year: year, leg: disposal.asset, underlying: underlying, identity: identity(underlying), putLeg: underlying != disposal.asset,
                dateEntered: disposal.dateAcquired, dateClosed: disposal.dateDisposed, proceeds: disposal.proceeds,
                costBasis: disposal.costBasis - disposal.adjustment, loss: -disposal.gain, term: disposal.term, carried: false, order: found))
        }
        return losses
    }

    /// The puts held at `yearEnd` with an unrecognized gain: intrinsic value at the underlying's last close on or before
    /// it, times the units, less their basis (the premium and its costs).
    private func putsAtYearEnd(
        _ yearEnd: CivilDate, ledger: LedgerResult, prices: PriceBook, identity: (Asset) -> String
    ) -> [Straddles.OffsettingGain] {
        var gains: [Straddles.OffsettingGain] = []
        Straddles.forEachHeld(at: yearEnd, in: ledger) { asset, quantity, basis, acquired in
            guard let put = puts[asset], let close = prices.latestClose(put.underlying, onOrBefore: yearEnd)?.price else { return }
            let intrinsic = close >= put.strike ? Money.zero : Price(put.strike.fixed - close.fixed) * quantity
            let gain = intrinsic - basis
            if gain.isPositive { gains.append(Straddles.OffsettingGain(identity: identity(put.underlying), entered: acquired, gain: gain)) }
        }
        return gains
    }
}
