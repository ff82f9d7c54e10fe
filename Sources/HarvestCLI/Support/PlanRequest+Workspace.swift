import HarvestCore

extension Workspace {
    /// Everything the planner needs on `asOf`, from the store and the settings.
    func planRequest(_ options: ReplayOptions, asOf: CivilDate) throws -> PlanRequest {
        let replayed = try replay(options, through: asOf)
        let settings = replayed.settings
        warnStalePrices(replayed.result.openLots, prices: replayed.prices, asOf: asOf, settings: settings)
        let year = settings.jurisdiction.taxYear.year(of: asOf)
        var prices: [Asset: Price] = [:]
        for asset in Set(replayed.result.openLots.map(\.asset)) {
            if let close = replayed.prices.latestClose(asset, onOrBefore: asOf) { prices[asset] = close.price }
        }
        // The planner's values, losses and their totals fit once every lot's value and their sum do (issue 19: a price of
        // 1e20 on 1e10 units, two losses near the limit).
        try SupportedRange.checkValuation(replayed.result.openLots, prices: prices)
        var shortTerm = Money.zero, longTerm = Money.zero, shortLosses = Money.zero, longLosses = Money.zero
        for disposal in replayed.result.disposals where disposal.taxYear == year {
            let gain = disposal.gain
            if disposal.term == .short { shortTerm += gain } else { longTerm += gain }
            if gain.isNegative { if disposal.term == .short { shortLosses += gain } else { longLosses += gain } }
        }
        // The loss carried into this year: from the years before in the data, else from the settings.
        var profile = settings.profile
        profile.filing = settings.filing
        profile.carryforward = summaries(replayed, through: year - 1).last { $0.year == year - 1 }?.carryforwardOut ?? settings.carryforward
        let rule = settings.washSale
        // What any rule the plan may advise on counts as a replacement (its own, or another country's with --warn-for),
        // over the longest window before the day: each rule then takes its own kinds and window.
        let rules = [rule].compactMap { $0 } + Jurisdiction.advisable.compactMap(\.advisory?.rule)
        let windowStart = asOf.adding(days: -(rules.map(\.daysBefore).max() ?? 0))
        let kinds = Set(rules.flatMap(\.replacementKinds))
        let recent = replayed.transactions.compactMap { tx -> PlanRequest.Acquisition? in
            guard tx.date >= windowStart, tx.date <= asOf, kinds.contains(tx.kind), let received = tx.received,
                  !received.asset.isFiat else { return nil }
            return PlanRequest.Acquisition(asset: received.asset, wallet: tx.wallet, date: tx.date, quantity: received.quantity,
                                           kind: tx.kind, transactionID: tx.id)
        }
        var request = PlanRequest(
            asOf: asOf, lots: replayed.result.openLots, prices: prices, realizedShortTerm: shortTerm, realizedLongTerm: longTerm,
            profile: profile, costs: settings.costs, jurisdiction: settings.jurisdiction, washSale: rule,
            assetClasses: settings.assetClasses, recentAcquisitions: recent)
        request.priceHistory = replayed.prices
        request.realizedShortTermLosses = shortLosses
        request.realizedLongTermLosses = longLosses
        // The plan sells within the method the year is filed with (specific identification: any lot, recorded with lot_ids).
        request.lotMethod = settings.policy.method(for: year)
        request.basisScope = settings.policy.scope(for: year)
        return request
    }
}
