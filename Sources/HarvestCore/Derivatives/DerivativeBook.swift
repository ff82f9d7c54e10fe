/// The derivatives book: replays derivative events in time order, keeping each position's openings (first in, first
/// out), and produces the realized rows, the open positions, and the spot transactions that exercises and assignments
/// imply. The spot transactions go to the lot engine with the rest of the history (`DerivativeBook` runs first).
///
/// The US treatments (README "Derivatives"):
/// - §1256 contracts (`Instrument.section1256`): every open position is marked to market at each year end (IRC
///   §1256(a)(1)); the mark is the position's basis afterwards (§1256(a)(2)); every result is 60/40 (§1256(a)(3)).
/// - Options otherwise (IRC §1234): bought, the premium is the basis, a close or an expiry (deemed a sale on the expiry
///   day, §1234(a)(2)) realizes a gain or loss with the term by the holding period; written, nothing is realized at
///   opening, a close or a lapse is short-term (§1234(b)(1)). Exercise moves the premium into the spot basis (call) or
///   off the spot proceeds (put); assignment adds it to the proceeds (call) or takes it off the basis (put) (Rev. Rul.
///   78-182).
/// - Perpetual swaps and offshore futures: realized on reduce or close, the term by the holding period (§1234A);
///   funding by `FundingTreatment`.
///
/// Pure: prices, the jurisdiction and `asOf` come in as values.
public enum DerivativeBook {
    /// Replays `events` (in any order: sorted by time, then sequence, then id).
    /// - Parameters:
    ///   - asOf: year ends before this day are passed (§1256 marks); open positions are valued at the latest mark on or before it.
    ///   - basisAdjustments: amounts added to the basis of a long opening, by its event id (a wash sale's disallowed
    ///     loss, IRC §1091(d); `OptionWashSales`).
    /// - Throws: `DerivativeError` for the first event the history cannot support, naming it; under any jurisdiction
    ///   but the US, `unsupportedJurisdiction` when there is any derivative event.
    public static func run(
        instruments: [Instrument], events: [DerivativeEvent], prices: PriceBook = PriceBook(), asOf: CivilDate,
        jurisdiction: Jurisdiction = .us, funding: FundingTreatment = .ordinary, basisAdjustments: [String: Money] = [:]
    ) throws(DerivativeError) -> DerivativeResult {
        if !events.isEmpty && jurisdiction.code != Jurisdiction.us.code {
            throw .unsupportedJurisdiction(name: jurisdiction.name)
        }
        var book = try Replay(instruments: instruments, prices: prices, jurisdiction: jurisdiction, funding: funding,
                              basisAdjustments: basisAdjustments)
        let ordered = zip(events, events.dropFirst()).allSatisfy { !DerivativeEvent.replayOrder($1, $0) }
            ? events : events.sorted(by: DerivativeEvent.replayOrder)
        book.collectMarks(ordered)
        try book.replay(ordered, asOf: asOf)
        return book.result
    }

    /// The term of a result realized on `closed` by a position opened on `opened`.
    static func term(
        instrument: Instrument, side: PositionSide, opened: CivilDate, closed: CivilDate, holdingPeriod: HoldingPeriodRule
    ) -> DerivativeTerm {
        if instrument.section1256 { return .section1256 }
        if instrument.kind == .option && side == .short { return .short }
        return holdingPeriod.term(held: opened, disposed: closed) == .long ? .long : .short
    }

    /// How many days before a year end a settlement price still counts as its mark (the last trading day of the year
    /// may fall before 31 December).
    public static let yearEndMarkToleranceDays = 7
}

/// One opening of a position, with what remains of it.
struct OpenLot {
    var eventID: String
    var dateOpened: CivilDate
    var contracts: Quantity
    /// Long: cost carried (price × units + fee + adjustment, or the last year-end mark). Short: credit carried.
    var carried: Money
}

struct PositionKey: Hashable, Comparable {
    var wallet: Wallet
    var instrument: String
    static func < (lhs: PositionKey, rhs: PositionKey) -> Bool { (lhs.wallet.name, lhs.instrument) < (rhs.wallet.name, rhs.instrument) }
}

struct Position {
    var side: PositionSide
    var lots: [OpenLot] = []
    /// The first lot still open (the ones before it are used up): FIFO without moving the array.
    var head = 0
    var contracts: Quantity = .zero
}

extension DerivativeBook {
    struct Replay {
        let instruments: [String: Instrument]
        let prices: PriceBook
        let jurisdiction: Jurisdiction
        let funding: FundingTreatment
        let basisAdjustments: [String: Money]
        var positions: [PositionKey: Position] = [:]
        /// Settlement prices from `settlement` events, by instrument, in date order.
        var marks: [String: [(date: CivilDate, price: Price)]] = [:]
        var result = DerivativeResult()

        init(
            instruments: [Instrument], prices: PriceBook, jurisdiction: Jurisdiction, funding: FundingTreatment, basisAdjustments: [String: Money]
        ) throws(DerivativeError) {
            var bySymbol: [String: Instrument] = [:]
            for instrument in instruments {
                if let known = bySymbol[instrument.symbol], known != instrument {
                    throw .badInstrument(symbol: instrument.symbol, reason: "defined twice with different terms")
                }
                bySymbol[instrument.symbol] = instrument
            }
            self.instruments = bySymbol
            self.prices = prices
            self.jurisdiction = jurisdiction
            self.funding = funding
            self.basisAdjustments = basisAdjustments
            result.instruments = bySymbol
        }

        mutating func collectMarks(_ events: [DerivativeEvent]) {
            for event in events where event.kind == .settlement {
                if let price = event.price { marks[event.instrument, default: []].append((event.date, price)) }
            }
        }

        /// The latest mark of `instrument` on or before `date` and not before `earliest`: a settlement event, else the
        /// price store's close under the instrument's symbol.
        func mark(_ instrument: Instrument, onOrBefore date: CivilDate, notBefore earliest: CivilDate? = nil) -> (date: CivilDate, price: Price)? {
            var best: (date: CivilDate, price: Price)?
            if let series = marks[instrument.symbol], let index = series.lastIndex(where: { $0.date <= date }) { best = series[index] }
            if let stored = prices.latestClose(instrument.markAsset, onOrBefore: date), best.map({ stored.date > $0.date }) ?? true {
                best = stored
            }
            if let best, let earliest, best.date < earliest { return nil }
            return best
        }

        mutating func replay(_ events: [DerivativeEvent], asOf: CivilDate) throws(DerivativeError) {
            let calendar = jurisdiction.taxYear
            var year = events.first.map { calendar.year(of: $0.date) } ?? calendar.year(of: asOf)
            for event in events {
                let eventYear = calendar.year(of: event.date)
                while year < eventYear {
                    if calendar.end(of: year) < asOf { try passYearEnd(year) }
                    year += 1
                }
                try apply(event)
            }
            // The year ends after the last event, up to `asOf` (bounded: one per year).
            while calendar.end(of: year) < asOf && !positions.isEmpty {
                try passYearEnd(year)
                year += 1
            }
            result.positions = openPositions(asOf: asOf)
            for position in result.positions {
                if let expiry = position.instrument.expiry, expiry < asOf {
                    result.warnings.append("\(position.instrument.symbol) (\(position.wallet)): \(position.contracts) contracts still open after their "
                        + "expiry on \(expiry): add the expire, exercise or assign row")
                }
            }
        }

        mutating func apply(_ event: DerivativeEvent) throws(DerivativeError) {
            guard let instrument = instruments[event.instrument] else {
                throw .unknownInstrument(symbol: event.instrument, event: event.reference)
            }
            if instrument.settlementAsset != jurisdiction.baseCurrency {
                let needsAmount: Bool = switch event.kind {
                case .open, .close: true
                case .expire: event.price.map { !$0.fixed.isZero } ?? false
                case .exercise, .assign: true
                case .funding, .realized, .settlement: false
                }
                if needsAmount && (event.amount == nil || event.kind == .exercise || event.kind == .assign) {
                    throw .unsupportedSettlement(instrument: instrument.symbol, asset: instrument.settlementAsset, base: jurisdiction.baseCurrency)
                }
            }
            switch event.kind {
            case .realized: try realize(event, instrument)
            case .open: try open(event, instrument)
            case .close, .expire: try close(event, instrument)
            case .exercise, .assign: try deliver(event, instrument)
            case .funding: try fund(event, instrument)
            case .settlement:
                guard event.price != nil else { throw .badEvent(event: event.reference, reason: "a settlement row needs a price") }
            }
        }

        static func contracts(_ event: DerivativeEvent) throws(DerivativeError) -> Quantity {
            guard let contracts = event.contracts, contracts.isPositive else {
                throw .badEvent(event: event.reference, reason: "the number of contracts must be positive")
            }
            return contracts
        }

        mutating func open(_ event: DerivativeEvent, _ instrument: Instrument) throws(DerivativeError) {
            guard let side = event.side else { throw .badEvent(event: event.reference, reason: "an open row needs a side (long or short)") }
            guard let price = event.price, !price.fixed.isNegative else {
                throw .badEvent(event: event.reference, reason: "an open row needs a price that is not negative")
            }
            let contracts = try Replay.contracts(event)
            guard !event.fee.isNegative else { throw .badEvent(event: event.reference, reason: "the fee \(event.fee) is negative") }
            let key = PositionKey(wallet: event.wallet, instrument: instrument.symbol)
            var position = positions[key] ?? Position(side: side)
            if position.side != side {
                throw .badEvent(event: event.reference,
                                reason: "a \(position.side.rawValue) position in \(instrument.symbol) is open: close it before opening a \(side.rawValue) one")
            }
            let value = price * instrument.units(contracts)
            let carried = side == .long ? value + event.fee + (basisAdjustments[event.id] ?? .zero) : value - event.fee
            position.lots.append(OpenLot(eventID: event.id, dateOpened: event.date, contracts: contracts, carried: carried))
            position.contracts += contracts
            positions[key] = position
            moveSettlementAsset(event, instrument, value: side == .long ? value + event.fee : value - event.fee)
        }

        /// Takes `contracts` from the position's openings, first in first out: the pieces with their share of what each carried.
        mutating func take(
            _ contracts: Quantity, from key: PositionKey, side: PositionSide?, event: DerivativeEvent
        ) throws(DerivativeError) -> (side: PositionSide, pieces: [(lot: OpenLot, contracts: Quantity, carried: Money)]) {
            guard var position = positions[key], side == nil || side == position.side else {
                throw .overClose(event: event.reference, instrument: key.instrument, requested: contracts, open: .zero)
            }
            guard contracts <= position.contracts else {
                throw .overClose(event: event.reference, instrument: key.instrument, requested: contracts, open: position.contracts)
            }
            var pieces: [(lot: OpenLot, contracts: Quantity, carried: Money)] = []
            var left = contracts
            while left.isPositive {
                precondition(position.head < position.lots.count, "position \(key.instrument) holds fewer contracts than it counts")
                let lot = position.lots[position.head]
                if lot.contracts <= left {
                    pieces.append((lot, lot.contracts, lot.carried))
                    left -= lot.contracts
                    position.head += 1
                } else {
                    let share = lot.carried.prorated(left, of: lot.contracts)
                    pieces.append((lot, left, share))
                    position.lots[position.head].contracts -= left
                    position.lots[position.head].carried -= share
                    left = .zero
                }
            }
            position.contracts -= contracts
            if position.contracts.isZero {
                positions[key] = nil
            } else {
                if position.head > 64 && position.head * 2 > position.lots.count {
                    position.lots.removeFirst(position.head)
                    position.head = 0
                }
                positions[key] = position
            }
            return (position.side, pieces)
        }

        mutating func close(_ event: DerivativeEvent, _ instrument: Instrument) throws(DerivativeError) {
            let key = PositionKey(wallet: event.wallet, instrument: instrument.symbol)
            let open = positions[key]?.contracts ?? .zero
            let contracts = event.kind == .expire && event.contracts == nil ? open : try Replay.contracts(event)
            guard contracts.isPositive else { throw .overClose(event: event.reference, instrument: instrument.symbol, requested: contracts, open: open) }
            let price: Price
            if let given = event.price, !given.fixed.isNegative {
                price = given
            } else if event.kind == .expire && instrument.kind == .option && event.price == nil {
                price = .init(.zero)  // worthless
            } else {
                throw .badEvent(event: event.reference, reason: "a \(event.kind.rawValue) row of \(instrument.symbol) needs a price that is not negative")
            }
            let (side, pieces) = try take(contracts, from: key, side: event.side, event: event)
            var feeLeft = event.fee
            var settled = Money.zero
            for (index, piece) in pieces.enumerated() {
                let fee = index == pieces.count - 1 ? feeLeft : event.fee.prorated(piece.contracts, of: contracts)
                feeLeft -= fee
                let value = price * instrument.units(piece.contracts)
                let (proceeds, cost) = side == .long ? (value - fee, piece.carried) : (piece.carried, value + fee)
                settled += side == .long ? proceeds : cost
                record(event: event, instrument: instrument, side: side, lot: piece.lot, contracts: piece.contracts, proceeds: proceeds,
                       cost: cost, kind: event.kind == .expire ? .expire : .close)
            }
            moveSettlementAsset(event, instrument, value: settled)
        }

        /// A result the exchange computed (`realized`): a gain or loss on the event's day, short-term (the export gives no
        /// opening day), its amount valued in the base currency on that day; the fee (base currency) comes off.
        mutating func realize(_ event: DerivativeEvent, _ instrument: Instrument) throws(DerivativeError) {
            guard let amount = event.amount else {
                throw .badEvent(event: event.reference, reason: "a realized row needs an amount (positive a profit, negative a loss)")
            }
            guard !event.fee.isNegative else { throw .badEvent(event: event.reference, reason: "the fee \(event.fee) is negative") }
            let value = try baseValue(amount, event, instrument)
            let lot = OpenLot(eventID: event.id, dateOpened: event.date, contracts: .zero, carried: .zero)
            let proceeds = max(value, .zero), cost = max(-value, .zero) + event.fee
            record(event: event, instrument: instrument, side: event.side ?? .long, lot: lot, contracts: event.contracts ?? .zero,
                   proceeds: proceeds, cost: cost, kind: .close)
            moveSettlementAsset(event, instrument, value: value.isNegative ? -value : value)
        }

        /// `amount` of the instrument's settlement asset in the base currency: itself for a contract settled in the base
        /// currency, else at the asset's close on the event's day (the valuation rule of every spot row, `Valuation`).
        func baseValue(_ amount: Money, _ event: DerivativeEvent, _ instrument: Instrument) throws(DerivativeError) -> Money {
            let asset = instrument.settlementAsset
            guard asset != jurisdiction.baseCurrency else { return amount }
            guard let close = prices.close(asset, on: event.date) else {
                throw .missingSettlementPrice(event: event.reference, asset: asset, date: event.date)
            }
            let units = Quantity(amount.isNegative ? (-amount).fixed : amount.fixed)
            let value: Money
            do { value = try close.value(of: units) } catch {
                throw .badEvent(event: event.reference, reason: "the value of \(amount) \(asset) at \(close) does not fit")
            }
            return amount.isNegative ? -value : value
        }

        /// For a contract settled in another asset than the base currency: the settlement asset the event moved
        /// (`amount`: received when positive, paid when negative) as a spot acquisition (its basis `value`) or disposal
        /// (its proceeds `value`), for the lot engine. Nothing for a contract settled in the base currency.
        mutating func moveSettlementAsset(_ event: DerivativeEvent, _ instrument: Instrument, value: Money) {
            let asset = instrument.settlementAsset, base = jurisdiction.baseCurrency
            guard asset != base, let amount = event.amount, !amount.isZero else { return }
            let received = amount.isPositive
            let units = Amount(Quantity(received ? amount.fixed : (-amount).fixed), asset)
            let cash = Amount(Quantity(value.isNegative ? (-value).fixed : value.fixed), base)
            let magnitude = Money(cash.quantity.fixed)
            result.spotTransactions.append(Transaction(
                id: event.id + "#settle", timestamp: event.timestamp, date: event.date, sequence: event.sequence, kind: received ? .buy : .sell,
                wallet: event.wallet, sent: received ? cash : units, received: received ? units : cash, value: magnitude, source: event.source,
                note: "\(event.kind.rawValue) of \(instrument.symbol) settled in \(asset)"))
        }

        mutating func record(
            event: DerivativeEvent, instrument: Instrument, side: PositionSide, lot: OpenLot, contracts: Quantity, proceeds: Money,
            cost: Money, kind: DerivativeRowKind, date: CivilDate? = nil
        ) {
            let closed = date ?? event.date
            result.gains.append(DerivativeGain(
                instrument: instrument.symbol, underlying: instrument.underlying, wallet: event.wallet, side: side, contracts: contracts,
                dateOpened: lot.dateOpened, dateClosed: closed, taxYear: jurisdiction.taxYear.year(of: closed), proceeds: proceeds,
                costBasis: cost, adjustment: .zero,
                term: DerivativeBook.term(instrument: instrument, side: side, opened: lot.dateOpened, closed: closed,
                                          holdingPeriod: jurisdiction.holdingPeriod),
                kind: kind, eventID: event.id, openEventID: lot.eventID))
        }

        /// Exercise (long) or assignment (short) with delivery at the strike: the spot transaction it implies.
        mutating func deliver(_ event: DerivativeEvent, _ instrument: Instrument) throws(DerivativeError) {
            guard instrument.kind == .option, let strike = instrument.strike, let right = instrument.right else {
                throw .badEvent(event: event.reference, reason: "only options are exercised or assigned (\(instrument.symbol) is a \(instrument.kind.rawValue))")
            }
            guard !instrument.section1256 else {
                throw .badEvent(event: event.reference, reason: "the exercise of a §1256 option (\(instrument.symbol)) into a future is not modelled")
            }
            let side: PositionSide = event.kind == .exercise ? .long : .short
            let contracts = try Replay.contracts(event)
            let key = PositionKey(wallet: event.wallet, instrument: instrument.symbol)
            let (_, pieces) = try take(contracts, from: key, side: side, event: event)
            let premium = pieces.reduce(Money.zero) { $0 + $1.carried }
            let units = instrument.units(contracts)
            let atStrike = strike * units
            let base = jurisdiction.baseCurrency
            // Long: `premium` is the cost paid (a basis); short: the credit received. Rev. Rul. 78-182.
            let buys = (right == .call) == (side == .long)
            let cash: Money = switch (side, right) {
            case (.long, .call): atStrike + premium + event.fee   // the premium joins the basis of what is bought
            case (.long, .put): atStrike - premium - event.fee    // and comes off the proceeds of what is sold
            case (.short, .call): atStrike + premium - event.fee  // the premium received adds to the proceeds
            case (.short, .put): atStrike - premium + event.fee   // and comes off the basis of what is bought
            }
            guard cash.isPositive else {
                throw .badEvent(event: event.reference, reason: "the premium \(premium) exceeds the strike value \(atStrike) of \(instrument.symbol)")
            }
            let fiat = Amount(Quantity(cash.fixed), base), spot = Amount(units, instrument.underlying)
            let verb = side == .long ? "exercise" : "assignment"
            result.spotTransactions.append(Transaction(
                id: event.id + "#spot", timestamp: event.timestamp, date: event.date, sequence: event.sequence, kind: buys ? .buy : .sell,
                wallet: event.wallet, sent: buys ? fiat : spot, received: buys ? spot : fiat, value: cash, source: event.source,
                note: "\(verb) of \(contracts) \(instrument.symbol) at \(strike), premium \(premium.formatted(scale: 2, .halfAwayFromZero))"))
        }

        mutating func fund(_ event: DerivativeEvent, _ instrument: Instrument) throws(DerivativeError) {
            guard let settledAmount = event.amount, !settledAmount.isZero else {
                throw .badEvent(event: event.reference, reason: "a funding row needs a non-zero amount (positive received, negative paid)")
            }
            let amount = try baseValue(settledAmount, event, instrument)
            moveSettlementAsset(event, instrument, value: amount.isNegative ? -amount : amount)
            let year = jurisdiction.taxYear.year(of: event.date)
            switch funding {
            case .ordinary:
                if amount.isPositive {
                    result.income.append(IncomeRecord(date: event.date, taxYear: year, type: .other, asset: jurisdiction.baseCurrency,
                                                      quantity: Quantity(amount.fixed), value: amount, wallet: event.wallet, transactionID: event.id))
                } else {
                    result.fundingPaid.append(FundingPaid(date: event.date, taxYear: year, instrument: instrument.symbol, wallet: event.wallet,
                                                          amount: -amount, eventID: event.id))
                }
            case .capital:
                let key = PositionKey(wallet: event.wallet, instrument: instrument.symbol)
                let position = positions[key]
                let lot = position.flatMap { $0.head < $0.lots.count ? $0.lots[$0.head] : nil }
                    ?? OpenLot(eventID: event.id, dateOpened: event.date, contracts: .zero, carried: .zero)
                record(event: event, instrument: instrument, side: position?.side ?? .long, lot: lot, contracts: .zero,
                       proceeds: max(amount, .zero), cost: max(-amount, .zero), kind: .funding)
            }
        }

        /// At the end of tax year `year`: §1256 positions marked to market, and every open position kept as it stood.
        mutating func passYearEnd(_ year: Int) throws(DerivativeError) {
            let end = jurisdiction.taxYear.end(of: year)
            let earliest = end.adding(days: -DerivativeBook.yearEndMarkToleranceDays)
            for key in positions.keys.sorted() {
                guard var position = positions[key], let instrument = instruments[key.instrument], instrument.section1256 else { continue }
                guard let mark = mark(instrument, onOrBefore: end, notBefore: earliest) else {
                    throw .missingYearEndMark(instrument: instrument.symbol, date: end, contracts: position.contracts)
                }
                let markEvent = DerivativeEvent(id: "\(instrument.symbol)@\(end)", timestamp: Instant(date: end), date: end, wallet: key.wallet,
                                                instrument: instrument.symbol, kind: .settlement, price: mark.price)
                for index in position.head..<position.lots.count {
                    let lot = position.lots[index]
                    let value = mark.price * instrument.units(lot.contracts)
                    let (proceeds, cost) = position.side == .long ? (value, lot.carried) : (lot.carried, value)
                    record(event: markEvent, instrument: instrument, side: position.side, lot: lot, contracts: lot.contracts, proceeds: proceeds,
                           cost: cost, kind: .yearEndMark, date: end)
                    position.lots[index].carried = value
                }
                positions[key] = position
            }
            result.yearEndPositions[year] = openPositions(asOf: end, notBefore: earliest)
        }

        func openPositions(asOf date: CivilDate, notBefore earliest: CivilDate? = nil) -> [DerivativePosition] {
            var open: [DerivativePosition] = []
            for key in positions.keys.sorted() {
                guard let position = positions[key], let instrument = instruments[key.instrument] else { continue }
                let mark = mark(instrument, onOrBefore: date, notBefore: earliest)
                for lot in position.lots[position.head...] {
                    open.append(DerivativePosition(instrument: instrument, wallet: key.wallet, side: position.side, contracts: lot.contracts,
                                                   dateOpened: lot.dateOpened, openEventID: lot.eventID, carried: lot.carried, mark: mark))
                }
            }
            return open
        }
    }
}
