extension WashSaleRule {
    /// IRC §1091 as the IRS applies it: 30 days before and after, loss disallowed and deferred into the
    /// replacement; securities only. Wrapped tokens of the same coin are grouped as identical by default.
    public static let unitedStates = WashSaleRule(
        appliesTo: [.security],
        identicalGroups: [[Asset("BTC"), Asset("WBTC"), Asset("CBBTC")], [Asset("ETH"), Asset("WETH")]],
        effect: .disallowAndDefer)
}

extension UnitedStates.Regime {
    /// Each acquisition of `asset` (or of something substantially identical) in the window before `asOf`: a loss sale
    /// today meets it, as a wash sale where the rule reaches the asset's class, else as what a stricter reading would say.
    func saleWarnings(for asset: Asset, request: PlanRequest, rule: WashSaleRule) -> [String] {
        let applies = rule.appliesTo.contains(request.assetClasses.of(asset))
        return rule.acquisitions(of: asset, in: request).sorted(by: { ($0.date, $0.transactionID) < ($1.date, $1.transactionID) }).map { acquisition in
            let what = "\(asset): \(acquisition.quantity) \(acquisition.asset) acquired \(acquisition.date) (\(acquisition.kind.rawValue), "
                + "tx \(acquisition.transactionID)) is within \(rule.daysBefore) days before \(request.asOf)"
            return applies
                ? what + ": selling today is a wash sale for up to that many units; the loss on them is deferred"
                : what + ": the \(request.jurisdiction.name) rule does not reach \(request.assetClasses.of(asset).rawValue) held as "
                    + "property, but a stricter reading (or another country's rule) would match it"
        }
    }
}

/// The wash-sale bookkeeping of one replay: the acquisitions that can replace a loss sale, how much of each
/// is spoken for, and the adjustments waiting for acquisitions still to come.
struct WashState {
    /// An acquisition that can be a replacement.
    struct Candidate {
        var position: Int32
        var date: CivilDate
        var quantity: Quantity
        /// Units already matched to an earlier loss: each unit replaces one loss unit only (§1091(c)).
        var used: Quantity
    }

    /// A disallowed loss waiting for its replacement to be acquired (a purchase after the sale).
    struct Deferral {
        var units: Quantity
        var basis: Money
        /// Days the sold units were held: tacked onto the replacement's holding period (§1223(3)).
        var tackDays: Int
    }

    let rule: WashSaleRule
    /// Replacement candidates by identity (substantially identical assets share one), in time order.
    var candidates: [String: [Candidate]] = [:]
    /// Deferrals by the position of the acquisition they wait for.
    var pending: [Int32: [Deferral]] = [:]
    /// Every lot state made from each acquiring position (a lot, its transferred and split fragments).
    var lotsByOrigin: [Int32: [Int32]] = [:]

    /// The bookkeeping for `replay`, or nil when no rule that defers losses applies.
    init?(_ replay: Replay) {
        guard let rule = replay.policy.washSale, rule.effect == .disallowAndDefer, !rule.appliesTo.isEmpty else { return nil }
        self.rule = rule
        for position in replay.first..<replay.count {
            let tx = replay.ordered(position)
            guard rule.replacementKinds.contains(tx.kind), let received = tx.received, received.quantity.isPositive,
                  !received.asset.isFiat, rule.appliesTo.contains(replay.policy.assetClasses.of(received.asset)) else { continue }
            candidates[rule.identity(of: received.asset), default: []].append(
                Candidate(position: Int32(position), date: tx.date, quantity: received.quantity, used: .zero))
        }
    }
}

extension Replay {
    /// Applies the wash-sale rule to one loss row: matches replacement units bought within the window, in the
    /// order they were bought (Pub 550: "match the shares bought in the same order that you bought them"), and
    /// disallows the loss in proportion to the units replaced (§1091(a)), deferring it into the replacements:
    /// those already held now, those bought later when they arrive. Losses are matched in the order of the
    /// sales (Reg. §1.1091-1(b)), which is the order of the replay.
    /// - Returns: the disallowed loss: the row's adjustment (code W).
    mutating func washSale(
        at position: Int32, date: CivilDate, asset: Asset, quantity: Quantity, loss: Money, soldHoldingStart: CivilDate,
        soldOrigin: Int32
    ) -> Money {
        guard let rule = wash?.rule, rule.appliesTo.contains(policy.assetClasses.of(asset)) else { return .zero }
        let identity = rule.identity(of: asset)
        guard var candidates = wash!.candidates[identity] else { return .zero }
        let from = date.adding(days: -rule.daysBefore), through = date.adding(days: rule.daysAfter)
        let tackDays = soldHoldingStart.days(to: date)
        var remaining = quantity
        var disallowed = Money.zero
        var index = candidates.partitioningIndex { $0.date >= from }
        while index < candidates.count, candidates[index].date <= through, remaining.isPositive {
            defer { index += 1 }
            let candidate = candidates[index]
            // The sold units are not their own replacement.
            guard candidate.position != soldOrigin else { continue }
            var free = candidate.quantity - candidate.used
            // A replacement bought before the sale counts for the units of it still held that replaced no other loss.
            let alreadyHeld = candidate.position < position
            if alreadyHeld { free = min(free, openUnits(from: candidate.position)) }
            let units = min(free, remaining)
            guard units.isPositive else { continue }
            let share = units == remaining ? loss - disallowed : loss.prorated(units, of: quantity)
            if alreadyHeld {
                deferIntoHeldLots(from: candidate.position, units: units, basis: share, tackDays: tackDays)
            } else {
                wash!.pending[candidate.position, default: []].append(WashState.Deferral(units: units, basis: share, tackDays: tackDays))
            }
            candidates[index].used += units
            remaining -= units
            disallowed += share
        }
        wash!.candidates[identity] = candidates
        return disallowed
    }

    /// Units still held of the lots an acquisition made that have replaced no sold unit yet: a unit whose acquisition
    /// made one loss non-deductible is disregarded for any other loss (Treas. Reg. §1.1091-1(e)).
    func openUnits(from origin: Int32) -> Quantity {
        (wash?.lotsByOrigin[origin] ?? []).reduce(Quantity.zero) { lots[Int($1)].replacementUsed ? $0 : $0 + lots[Int($1)].quantity }
    }

    /// Moves `units` of an acquisition's open lots into new fragments carrying the deferred loss and the tacked
    /// holding period.
    mutating func deferIntoHeldLots(from origin: Int32, units: Quantity, basis: Money, tackDays: Int) {
        var left = units
        var basisLeft = basis
        for lotIndex in wash?.lotsByOrigin[origin] ?? [] where left.isPositive {
            let held = lots[Int(lotIndex)].quantity
            guard held.isPositive, !lots[Int(lotIndex)].replacementUsed else { continue }
            let taken = min(held, left)
            let share = taken == left ? basisLeft : basis.prorated(taken, of: units)
            reshape(Int(lotIndex), taken, addingBasis: share, tackDays: tackDays)
            left -= taken
            basisLeft -= share
        }
    }

    /// Applies the deferrals waiting for a lot just acquired.
    mutating func applyDeferrals(_ deferrals: [WashState.Deferral], toNewLot lotIndex: Int) {
        for deferral in deferrals {
            reshape(lotIndex, deferral.units, addingBasis: deferral.basis, tackDays: deferral.tackDays)
        }
    }

    /// Splits `quantity` units off a lot into a fragment in the same bucket with `addingBasis` more basis and a
    /// holding period starting `tackDays` earlier (§1091(d) basis, §1223(3) holding period).
    mutating func reshape(_ lotIndex: Int, _ quantity: Quantity, addingBasis: Money, tackDays: Int) {
        let piece = consume(lotIndex, quantity)
        let lot = lots[lotIndex]
        let bucketKey = key(lot.asset, lot.wallet)
        buckets[bucket(for: bucketKey)].total -= quantity
        let basis = piece.basis + addingBasis
        audit.came(lot.asset, units: .zero, basis: addingBasis)
        insert(LotState(
            asset: lot.asset, wallet: lot.wallet, quantity: quantity, basis: basis, acquiredAt: lot.acquiredAt,
            dateAcquired: lot.dateAcquired, holdingStart: lot.holdingStart.adding(days: -tackDays), origin: lot.origin,
            serial: nextSerial, unitCost: Replay.unitCost(basis, quantity), missingBasis: lot.missingBasis,
            replacementUsed: true), into: bucketKey)
    }
}
