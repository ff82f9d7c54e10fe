/// Wash sales whose replacement is a derivative (IRC §1091(a): "acquired ... or has entered into a contract or option
/// so to acquire, substantially identical stock or securities"): a spot loss sale with a long call, a long future or a
/// long perpetual on a substantially identical underlying opened within the rule's window.
///
/// Runs after the lot engine, which has already matched spot replacements: only the part of a loss it left allowed is
/// looked at. The disallowed loss is added to the replacement's basis (§1091(d)) through `DerivativeBook.run`'s
/// `basisAdjustments`, and the spot row carries it as its adjustment with code W.
public enum OptionWashSales {
    /// One spot loss (partly) replaced by a derivative opening.
    public struct Match: Sendable, Hashable {
        public var disposalTransactionID: String
        public var asset: Asset
        public var dateDisposed: CivilDate
        /// The opening of the derivative that replaced the units, and its instrument.
        public var openEventID: String
        public var instrument: String
        /// Units of the underlying replaced.
        public var units: Quantity
        public var disallowed: Money
    }

    public struct Outcome: Sendable {
        /// The spot disposals, the replaced ones with their adjustment (code W).
        public var disposals: [Disposal]
        /// What each derivative opening's basis gains, by its event id.
        public var basisAdjustments: [String: Money]
        public var matches: [Match]
    }

    /// - Parameters:
    ///   - rule: the jurisdiction's wash-sale rule as the settings make it (crypto included under `wash-sale-crypto on`);
    ///     nil, or an effect other than `disallowAndDefer`: nothing is disallowed.
    public static func apply(
        disposals: [Disposal], instruments: [Instrument], events: [DerivativeEvent], rule: WashSaleRule?, classes: AssetClasses = AssetClasses()
    ) -> Outcome {
        var outcome = Outcome(disposals: disposals, basisAdjustments: [:], matches: [])
        guard let rule, rule.effect == .disallowAndDefer else { return outcome }
        let bySymbol = Dictionary(instruments.map { ($0.symbol, $0) }, uniquingKeysWith: { first, _ in first })
        // The openings that are contracts or options to acquire, with the units of the underlying each can still replace.
        var openings: [(event: DerivativeEvent, identity: String, unitsLeft: Quantity)] = []
        for event in events.sorted(by: DerivativeEvent.replayOrder) where event.kind == .open && event.side == .long {
            guard let instrument = bySymbol[event.instrument], instrument.acquiresUnderlying(side: .long),
                  let contracts = event.contracts, contracts.isPositive else { continue }
            openings.append((event, rule.identity(of: instrument.underlying), instrument.units(contracts)))
        }
        guard !openings.isEmpty else { return outcome }
        for index in outcome.disposals.indices {
            let disposal = outcome.disposals[index]
            guard disposal.gain.isNegative, rule.appliesTo.contains(classes.of(disposal.asset)) else { continue }
            let originalLoss = disposal.costBasis - disposal.proceeds
            let lossLeft = -disposal.gain
            // The units the lot engine left unreplaced: in proportion to the loss it left allowed.
            let unreplaced = disposal.quantity.fixed.scaled(by: lossLeft.fixed, over: originalLoss.fixed, rounding: .halfEven)
            var unitsLeft = unreplaced
            let identity = rule.identity(of: disposal.asset)
            let from = disposal.dateDisposed.adding(days: -rule.daysBefore), through = disposal.dateDisposed.adding(days: rule.daysAfter)
            var disallowedTotal = Money.zero
            for opening in openings.indices where unitsLeft.isPositive {
                let candidate = openings[opening]
                guard candidate.identity == identity, candidate.unitsLeft.isPositive, candidate.event.date >= from, candidate.event.date <= through,
                      candidate.event.id != disposal.disposalTransactionID else { continue }
                let units = min(candidate.unitsLeft.fixed, unitsLeft)
                // The loss left, in proportion to the units replaced; the last replacement takes what remains.
                let disallowed = units == unitsLeft ? lossLeft - disallowedTotal
                    : Money(lossLeft.fixed.scaled(by: units, over: unreplaced, rounding: .halfEven))
                openings[opening].unitsLeft -= Quantity(units)
                unitsLeft -= units
                disallowedTotal += disallowed
                outcome.basisAdjustments[candidate.event.id, default: .zero] += disallowed
                outcome.matches.append(Match(disposalTransactionID: disposal.disposalTransactionID, asset: disposal.asset,
                                             dateDisposed: disposal.dateDisposed, openEventID: candidate.event.id,
                                             instrument: candidate.event.instrument, units: Quantity(units), disallowed: disallowed))
            }
            if disallowedTotal.isPositive { outcome.disposals[index] = disposal.adding(adjustment: disallowedTotal, code: .washSale) }
        }
        return outcome
    }
}

extension Disposal {
    /// The same row with `amount` more of adjustment, under `code`.
    func adding(adjustment amount: Money, code: AdjustmentCode) -> Disposal {
        Disposal(quantity: quantity, proceeds: proceeds, costBasis: costBasis, adjustment: adjustment + amount, sellingCost: sellingCost,
                 disposedAt: disposedAt, taxYear: taxYear, wallet: wallet, lotTransactionID: lotTransactionID,
                 disposalTransactionID: disposalTransactionID, adjustmentCode: code, asset: asset, dateAcquired: dateAcquired,
                 dateDisposed: dateDisposed, lotPosition: lotPosition, disposalPosition: disposalPosition, term: term, kind: kind,
                 missingBasis: missingBasis, matching: matching, edited: edited)
    }
}
