/// The look-back half of a wash-sale rule, as the engine will apply it to the plan's sales (`Replay.washSale`): units of
/// the asset (or of anything substantially identical) acquired in the window before the day, still held and not the sold
/// lot's own, replace the units sold, first acquired first; the loss on the replaced units is disallowed, in proportion
/// (units replaced ÷ units sold), and moves into the replacements' basis (IRC §1091(a), (d)). The plan's sales are
/// matched in the plan's order, each using up the replacements it meets.
///
/// What it cannot see: a replacement already used up by a loss sale before the plan (the open lots do not say), and the
/// disallowed loss a sale moves into a replacement the same plan sells later.
struct WashLookBack {
    struct Replacement {
        var acquisition: PlanRequest.Acquisition
        /// Units of it still held (its open lots), less those the plan has sold.
        var held: Quantity
        /// Units already matched to one of the plan's losses (each unit replaces one loss unit only, §1091(c)).
        var used: Quantity = .zero
    }

    let rule: WashSaleRule
    let classes: AssetClasses
    /// Replacements by identity, in the order acquired.
    var replacements: [String: [Replacement]]

    /// The look-back of `request`'s rule, or nil when no rule that disallows losses applies to anything recently acquired.
    init?(_ request: PlanRequest) {
        guard let rule = request.washSale ?? request.jurisdiction.washSale, rule.effect == .disallowAndDefer,
              !rule.appliesTo.isEmpty, !request.recentAcquisitions.isEmpty else { return nil }
        let from = request.asOf.adding(days: -rule.daysBefore)
        var byIdentity: [String: [Replacement]] = [:]
        var heldByTransaction: [String: Quantity] = [:]
        let recent = request.recentAcquisitions.filter {
            rule.replacementKinds.contains($0.kind) && rule.appliesTo.contains(request.assetClasses.of($0.asset)) && $0.date >= from
                && $0.date <= request.asOf
        }
        guard !recent.isEmpty else { return nil }
        let transactions = Set(recent.map(\.transactionID))
        for lot in request.lots where transactions.contains(lot.transactionID) {
            heldByTransaction[lot.transactionID + "|" + rule.identity(of: lot.asset), default: .zero] += lot.quantity
        }
        for acquisition in recent.sorted(by: { ($0.date, $0.transactionID) < ($1.date, $1.transactionID) }) {
            let identity = rule.identity(of: acquisition.asset)
            let held = heldByTransaction[acquisition.transactionID + "|" + identity] ?? .zero
            byIdentity[identity, default: []].append(Replacement(acquisition: acquisition, held: held))
        }
        self.rule = rule
        classes = request.assetClasses
        replacements = byIdentity
    }

    /// The units and loss disallowed if `quantity` of `lot` were sold now at `loss`, after the sales recorded so far.
    func replaced(_ lot: Lot, quantity: Quantity, loss: Money) -> (units: Quantity, loss: Money) {
        var copy = self
        return copy.sell(lot, quantity: quantity, loss: loss)
    }

    /// Records the sale of `quantity` of `lot` at `loss`: returns the units and loss disallowed, as the engine matches them.
    mutating func sell(_ lot: Lot, quantity: Quantity, loss: Money) -> (units: Quantity, loss: Money) {
        guard rule.appliesTo.contains(classes.of(lot.asset)) else { return (.zero, .zero) }
        let identity = rule.identity(of: lot.asset)
        guard var list = replacements[identity] else { return (.zero, .zero) }
        var remaining = quantity, units = Quantity.zero, disallowed = Money.zero
        for index in list.indices where remaining.isPositive && loss.isPositive {
            // The sold units are not their own replacement.
            guard list[index].acquisition.transactionID != lot.transactionID else { continue }
            let free = min(list[index].acquisition.quantity - list[index].used, list[index].held - list[index].used)
            let matched = min(free, remaining)
            guard matched.isPositive else { continue }
            let share = matched == remaining ? loss - disallowed : loss.prorated(matched, of: quantity)
            list[index].used += matched
            remaining -= matched
            units += matched
            disallowed += share
        }
        // The units sold are no longer held: they replace no later loss.
        for index in list.indices where list[index].acquisition.transactionID == lot.transactionID {
            list[index].held = max(list[index].used, list[index].held - quantity)
        }
        replacements[identity] = list
        return (units, disallowed)
    }
}
