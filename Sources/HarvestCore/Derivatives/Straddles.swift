/// Straddles (IRC §1092): a loss on one leg of offsetting positions is allowed only to the extent it exceeds the
/// unrecognized gain in the offsetting positions at the end of the year (§1092(a)(1)(A)); the rest is treated as
/// sustained in the next year (§1092(a)(1)(B)), where the same test applies again.
///
/// The simple identified cases Harvest defers: spot units of an asset held long against a position on the same
/// underlying that profits when it falls (`Instrument.offsetsSpot`: a short future or perpetual, a long put, a written
/// call), each leg's loss tested against the other leg's gain. Other straddles (mixed straddles with a §1256 leg,
/// §1092(b)(2); two derivative legs; identified straddles, §1092(a)(2)) are warned about, not deferred.
public enum Straddles {
    /// A loss tested at a year end, with what was deferred: Form 6781 Part II, Section A.
    public struct Deferral: Sendable, Hashable {
        public var year: Int
        /// The losing leg: an instrument's symbol, or a spot asset.
        public var leg: String
        public var underlying: Asset
        public var dateEntered: CivilDate
        public var dateClosed: CivilDate
        public var proceeds: Money
        public var costBasis: Money
        /// Positive.
        public var loss: Money
        /// The unrecognized gain in the offsetting positions at the year end that this loss was tested against.
        public var unrecognizedGain: Money
        /// `min(loss, unrecognizedGain)`: carried into the next year.
        public var deferred: Money
        public var term: DerivativeTerm
        /// Carried in from an earlier year (§1092(a)(1)(B)).
        public var carried: Bool
        /// `loss − deferred`: Form 6781 column (h).
        public var recognized: Money { loss - deferred }
    }

    /// A loss waiting for its year-end test.
    struct PendingLoss {
        var year: Int
        var leg: String
        var identity: String
        var underlying: Asset
        var dateEntered: CivilDate
        var dateClosed: CivilDate
        var proceeds: Money
        var costBasis: Money
        var loss: Money
        var term: DerivativeTerm
        var wallet: Wallet
        var side: PositionSide
        var contracts: Quantity
        /// A derivative leg (tested against spot) or a spot leg (tested against derivatives).
        var derivativeLeg: Bool
        var carried: Bool
        var eventID: String
    }

    /// Tests the year's losses of both kinds of leg and appends the deferrals to `derivatives.gains` (a positive
    /// adjustment in the year of the loss, a negative one the next year), returning them.
    /// - Parameters:
    ///   - spot: the lot engine's result (its disposals and open lots give the spot units held at each year end).
    ///   - prices: spot closes, for the unrecognized gain of spot units at a year end.
    ///   - asOf: only year ends before it are tested.
    public static func apply(
        derivatives: inout DerivativeResult, spot: LedgerResult, prices: PriceBook, asOf: CivilDate, jurisdiction: Jurisdiction = .us,
        rule: WashSaleRule? = .unitedStates
    ) -> [Deferral] {
        func identity(_ asset: Asset) -> String { rule?.identity(of: asset) ?? asset.symbol }
        var pending = losses(derivatives: derivatives, spot: spot, identity: identity)
        guard !pending.isEmpty else { return [] }
        var deferrals: [Deferral] = []
        let calendar = jurisdiction.taxYear
        var year = pending.map(\.year).min() ?? 0
        // Bounded: each pass tests one year end before `asOf`, and losses only move forward.
        while !pending.isEmpty && calendar.end(of: year) < asOf {
            let yearEnd = calendar.end(of: year)
            var (spotGains, held) = spotAtYearEnd(spot: spot, yearEnd: yearEnd, prices: prices, identity: identity)
            var derivativeGains = (derivatives.yearEndPositions[year] ?? []).compactMap { position -> OffsettingGain? in
                guard position.instrument.offsetsSpot(side: position.side) else { return nil }
                if position.instrument.section1256 {
                    guard held.contains(identity(position.instrument.underlying)) else { return nil }
                    derivatives.warnings.append("\(position.instrument.symbol) (\(position.wallet)) may be a leg of a mixed straddle with spot "
                        + "\(position.instrument.underlying) at \(yearEnd) (IRC §1092(b)(2)): not modelled; its losses are not deferred")
                    return nil
                }
                guard let unrealized = position.unrealized else {
                    derivatives.warnings.append("\(position.instrument.symbol) (\(position.wallet)) has no mark at \(yearEnd): the straddle test "
                        + "of spot \(position.instrument.underlying) losses against it assumed no unrecognized gain")
                    return nil
                }
                guard unrealized.isPositive else { return nil }
                return OffsettingGain(identity: identity(position.instrument.underlying), entered: position.dateOpened, gain: unrealized)
            }
            var next: [PendingLoss] = []
            for loss in pending.sorted(by: { ($0.dateClosed, $0.eventID) < ($1.dateClosed, $1.eventID) }) {
                guard loss.year == year else {
                    next.append(loss)
                    continue
                }
                // A derivative leg against the spot units held at the year end that were held when the loss was taken; a
                // spot leg against the positions opened by then.
                let (offsetting, deferred) = loss.derivativeLeg
                    ? test(loss: loss.loss, identity: loss.identity, closed: loss.dateClosed, against: &spotGains)
                    : test(loss: loss.loss, identity: loss.identity, closed: loss.dateClosed, against: &derivativeGains)
                guard offsetting.isPositive || loss.carried else { continue }
                deferrals.append(Deferral(year: year, leg: loss.leg, underlying: loss.underlying, dateEntered: loss.dateEntered,
                                          dateClosed: loss.dateClosed, proceeds: loss.proceeds, costBasis: loss.costBasis, loss: loss.loss,
                                          unrecognizedGain: offsetting, deferred: deferred, term: loss.term, carried: loss.carried))
                guard deferred.isPositive else { continue }
                append(&derivatives, loss: loss, amount: deferred, year: year, kind: .straddleDeferred, date: loss.dateClosed)
                let nextYearStart = calendar.start(of: year + 1)
                append(&derivatives, loss: loss, amount: -deferred, year: year + 1, kind: .straddleCarried, date: nextYearStart)
                var carried = loss
                carried.year = year + 1
                carried.loss = deferred
                carried.carried = true
                next.append(carried)
            }
            pending = next
            year += 1
        }
        return deferrals
    }

    static func append(_ derivatives: inout DerivativeResult, loss: PendingLoss, amount: Money, year: Int, kind: DerivativeRowKind, date: CivilDate) {
        derivatives.gains.append(DerivativeGain(
            instrument: loss.leg, underlying: loss.underlying, wallet: loss.wallet, side: loss.side, contracts: loss.contracts, dateOpened: loss.dateEntered,
            dateClosed: date, taxYear: year, proceeds: .zero, costBasis: .zero, adjustment: amount, term: loss.term, kind: kind,
            eventID: loss.eventID, openEventID: loss.eventID))
    }

    /// The losses that may be straddle legs: derivative losses on positions that offset spot, spot losses.
    static func losses(derivatives: DerivativeResult, spot: LedgerResult, identity: (Asset) -> String) -> [PendingLoss] {
        var pending: [PendingLoss] = []
        let hedged = Set(derivatives.instruments.values.map { identity($0.underlying) })
        for row in derivatives.gains where (row.kind == .close || row.kind == .expire) && row.gain.isNegative && !row.section1256 {
            guard let instrument = derivatives.instruments[row.instrument], instrument.offsetsSpot(side: row.side) else { continue }
            pending.append(PendingLoss(year: row.taxYear, leg: row.instrument, identity: identity(row.underlying), underlying: row.underlying,
                                       dateEntered: row.dateOpened, dateClosed: row.dateClosed, proceeds: row.proceeds, costBasis: row.costBasis,
                                       loss: -row.gain, term: row.term, wallet: row.wallet, side: row.side, contracts: row.contracts,
                                       derivativeLeg: true, carried: false, eventID: row.eventID))
        }
        for disposal in spot.disposals where disposal.gain.isNegative && hedged.contains(identity(disposal.asset)) {
            pending.append(PendingLoss(year: disposal.taxYear, leg: disposal.asset.symbol, identity: identity(disposal.asset), underlying: disposal.asset,
                                       dateEntered: disposal.dateAcquired, dateClosed: disposal.dateDisposed, proceeds: disposal.proceeds,
                                       costBasis: disposal.costBasis - disposal.adjustment, loss: -disposal.gain,
                                       term: disposal.term == .long ? .long : .short, wallet: disposal.wallet, side: .long,
                                       contracts: disposal.quantity, derivativeLeg: false, carried: false,
                                       eventID: disposal.disposalTransactionID))
        }
        return pending
    }

    /// An offsetting position's unrecognized gain at a year end (§1092(a)(3)(A): what selling it then at its value would
    /// realize), used up as the losses tested against it are deferred.
    struct OffsettingGain: Sendable, Hashable {
        /// The underlying's identity (substantially identical assets share one).
        var identity: String
        /// The day the position was entered: it offsets the losses taken on or after that day.
        var entered: CivilDate
        var gain: Money
    }

    /// Tests one loss at a year end (§1092(a)(1)(A)) against the offsetting gains of its identity entered by the loss's
    /// day, in their order, using up what it defers so that the next loss meets only what is left.
    /// - Returns: the unrecognized gain the loss met, and the part of the loss deferred: `min(loss, offsetting)`.
    static func test(
        loss: Money, identity: String, closed: CivilDate, against gains: inout [OffsettingGain]
    ) -> (offsetting: Money, deferred: Money) {
        precondition(loss.isPositive, "a straddle test of a loss that is not one: \(loss)")
        var deferred = Money.zero, offsetting = Money.zero
        for index in gains.indices where gains[index].identity == identity && gains[index].entered <= closed {
            offsetting += gains[index].gain
            let used = min(gains[index].gain, loss - deferred)
            gains[index].gain -= used
            deferred += used
        }
        precondition(deferred <= loss && deferred <= offsetting, "deferred \(deferred) beyond the loss \(loss) or the gain \(offsetting)")
        return (offsetting, deferred)
    }

    /// Every piece of a lot held at `yearEnd`: the open lots acquired by then, and the pieces of lots acquired by then
    /// and disposed of after it; with its units, its basis and the day it was acquired.
    static func forEachHeld(
        at yearEnd: CivilDate, in spot: LedgerResult, _ body: (_ asset: Asset, _ quantity: Quantity, _ basis: Money, _ acquired: CivilDate) -> Void
    ) {
        for lot in spot.openLots where lot.dateAcquired <= yearEnd { body(lot.asset, lot.quantity, lot.costBasis, lot.dateAcquired) }
        for disposal in spot.disposals where disposal.dateDisposed > yearEnd && disposal.dateAcquired <= yearEnd {
            body(disposal.asset, disposal.quantity, disposal.costBasis, disposal.dateAcquired)
        }
    }

    /// The spot units held at `yearEnd` with an unrecognized gain, piece by piece (`forEachHeld`), valued at the last
    /// close on or before it. Also the identities of every asset held at the year end, with a gain or not.
    static func spotAtYearEnd(
        spot: LedgerResult, yearEnd: CivilDate, prices: PriceBook, identity: (Asset) -> String
    ) -> (gains: [OffsettingGain], held: Set<String>) {
        var pieces: [OffsettingGain] = []
        var held: Set<String> = []
        forEachHeld(at: yearEnd, in: spot) { asset, quantity, basis, acquired in
            guard !asset.isFiat else { return }
            held.insert(identity(asset))
            guard let close = prices.latestClose(asset, onOrBefore: yearEnd) else { return }
            let gain = close.price * quantity - basis
            if gain.isPositive { pieces.append(OffsettingGain(identity: identity(asset), entered: acquired, gain: gain)) }
        }
        return (pieces, held)
    }
}
