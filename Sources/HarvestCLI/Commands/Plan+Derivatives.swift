import HarvestCore
import HarvestStore

extension HarvestCommand.Plan {
    /// The plan's derivative section (table only): empty when no derivative event is stored. The history is replayed
    /// through the plan's day once more for the positions; only databases with derivatives pay for it.
    func derivativeSection(_ workspace: Workspace, request: PlanRequest) throws -> String {
        guard try workspace.store.derivativeEventCount() > 0 else { return "" }
        let replayed = try workspace.replay(replay, through: request.asOf)
        guard let outcome = replayed.derivatives else { return "" }
        let year = replayed.settings.jurisdiction.taxYear.year(of: request.asOf)
        var realized = outcome.derivatives.realized(year: year)
        for disposal in replayed.result.disposals where disposal.taxYear == year { realized.add(disposal.printed.gain, term: disposal.term) }
        let proposals = DerivativeHarvest.proposals(
            positions: outcome.derivatives.positions, asOf: request.asOf, realized: realized, profile: request.profile, costs: request.costs,
            jurisdiction: replayed.settings.jurisdiction, washSale: replayed.settings.washSale, classes: replayed.settings.assetClasses,
            minimumBenefit: minBenefit)
        return DerivativePlanText.render(proposals)
    }
}
