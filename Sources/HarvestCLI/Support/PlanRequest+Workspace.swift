import HarvestCore

extension Workspace {
    /// Everything the planner needs on `asOf`, from the store and the settings.
    func planRequest(_ options: ReplayOptions, asOf: CivilDate) throws -> PlanRequest {
        if let view = try replayView(options, asOf: asOf) {
            let settings = view.settings
            let year = settings.jurisdiction.taxYear.year(of: asOf)
            // The loss carried into this year: from the years before in the data, else from the settings.
            let carried = view.summary.firstYear.map { year - 1 >= $0 } ?? false
                ? ReplaySnapshot.carriedIn(year, view.summary, netting: view.netting) : nil
            let windowStart = asOf.adding(days: -Workspace.recentWindowDays(settings))
            if let tailStart = view.summary.tailStart, windowStart >= tailStart {
                return try planRequest(
                    asOf: asOf, lots: view.openLots(), disposalsOfYear: view.disposals(year: year), carryforward: carried,
                    transactions: view.tail(), prices: prices(settings), settings: settings)
            }
        }
        let replayed = try replay(options, through: asOf)
        let settings = replayed.settings
        let year = settings.jurisdiction.taxYear.year(of: asOf)
        return try planRequest(
            asOf: asOf, lots: replayed.result.openLots, disposalsOfYear: replayed.result.disposals.filter { $0.taxYear == year },
            carryforward: summaries(replayed, through: year - 1).last { $0.year == year - 1 }?.carryforwardOut,
            transactions: replayed.transactions, prices: replayed.prices, settings: settings)
    }

    /// The longest window before the day of any rule the plan may advise on.
    static func recentWindowDays(_ settings: Settings) -> Int {
        let rules = [settings.washSale].compactMap { $0 } + Jurisdiction.advisable.compactMap(\.advisory?.rule)
        return rules.map(\.daysBefore).max() ?? 0
    }

    /// The request from what the replay left on `asOf`: the open lots, the disposals of the tax year, the loss carried into
    /// it (nil: the settings'), the transactions (of which the window's acquisitions count), the prices.
    private func planRequest(
        asOf: CivilDate, lots: [Lot], disposalsOfYear: [Disposal], carryforward: Carryforward?, transactions: [Transaction],
        prices priceBook: PriceBook, settings: Settings
    ) throws -> PlanRequest {
        warnStalePrices(lots, prices: priceBook, asOf: asOf, settings: settings)
        let year = settings.jurisdiction.taxYear.year(of: asOf)
        var prices: [Asset: Price] = [:]
        for asset in Set(lots.map(\.asset)) {
            if let close = priceBook.latestClose(asset, onOrBefore: asOf) { prices[asset] = close.price }
        }
        // The planner's values, losses and their totals fit once every lot's value and their sum do (issue 19: a price of
        // 1e20 on 1e10 units, two losses near the limit).
        try SupportedRange.checkValuation(lots, prices: prices)
        var shortTerm = Money.zero, longTerm = Money.zero, shortLosses = Money.zero, longLosses = Money.zero
        for disposal in disposalsOfYear {
            let gain = disposal.gain
            if disposal.term == .short { shortTerm += gain } else { longTerm += gain }
            if gain.isNegative { if disposal.term == .short { shortLosses += gain } else { longLosses += gain } }
        }
        var profile = settings.profile
        profile.filing = settings.filing
        profile.carryforward = carryforward ?? settings.carryforward
        let rule = settings.washSale
        // What any rule the plan may advise on counts as a replacement (its own, or another country's with --warn-for),
        // over the longest window before the day: each rule then takes its own kinds and window.
        let rules = [rule].compactMap { $0 } + Jurisdiction.advisable.compactMap(\.advisory?.rule)
        let windowStart = asOf.adding(days: -Workspace.recentWindowDays(settings))
        let kinds = Set(rules.flatMap(\.replacementKinds))
        let recent = transactions.compactMap { tx -> PlanRequest.Acquisition? in
            guard tx.date >= windowStart, tx.date <= asOf, kinds.contains(tx.kind), let received = tx.received,
                  !received.asset.isFiat else { return nil }
            return PlanRequest.Acquisition(asset: received.asset, wallet: tx.wallet, date: tx.date, quantity: received.quantity,
                                           kind: tx.kind, transactionID: tx.id)
        }
        var request = PlanRequest(
            asOf: asOf, lots: lots, prices: prices, realizedShortTerm: shortTerm, realizedLongTerm: longTerm,
            profile: profile, costs: settings.costs, jurisdiction: settings.jurisdiction, washSale: rule,
            assetClasses: settings.assetClasses, recentAcquisitions: recent)
        request.priceHistory = priceBook
        request.realizedShortTermLosses = shortLosses
        request.realizedLongTermLosses = longLosses
        // The plan sells within the method the year is filed with (specific identification: any lot, recorded with lot_ids).
        request.lotMethod = settings.policy.method(for: year)
        request.basisScope = settings.policy.scope(for: year)
        return request
    }
}
