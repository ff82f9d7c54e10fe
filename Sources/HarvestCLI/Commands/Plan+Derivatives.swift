import HarvestCore
import HarvestReports
import HarvestStore

extension HarvestCommand.Plan {
    /// The plan in `format`: the lots' plan, then the derivatives' part (issue 17): the close/roll proposals for open
    /// positions at a loss and the hedges for harvested lots under a wash-sale rule. Table: a section after the plan's
    /// text; CSV: sections after the lot rows; JSON: `"derivatives"` and `"hedges"` keys after the plan's own, present
    /// when a derivative event is stored or a hedge is proposed.
    func output(_ plan: HarvestPlan, request: PlanRequest, workspace: Workspace) throws -> String {
        let derivatives = try derivativeProposals(workspace, request: request)
        let hedges = DerivativeHedge.proposals(
            trades: plan.trades, asOf: request.asOf, washSale: request.washSale, classes: request.assetClasses, prices: request.priceHistory,
            positions: derivatives?.positions ?? [], costs: request.costs, volatilityDays: request.correlationLookbackDays)
        let proposals = derivatives?.proposals ?? []
        switch format {
        case .table:
            return PlanText.render(plan, request: request) + DerivativePlanText.render(proposals) + HedgePlanText.render(hedges)
        case .csv:
            return PlanReport.csv(plan) + DerivativePlanReport.derivativeCSV(proposals) + DerivativePlanReport.hedgeCSV(hedges)
        case .json:
            var extra: [(String, String)] = []
            if derivatives != nil { extra.append(DerivativePlanReport.derivativeJSON(proposals)) }
            if derivatives != nil || !hedges.isEmpty { extra.append(DerivativePlanReport.hedgeJSON(hedges)) }
            return PlanReport.json(plan, extra: extra)
        }
    }

    /// The close/roll proposals and the open positions on the plan's day; nil when no derivative event is stored. The
    /// history is replayed through the plan's day once more for the positions: only databases with derivatives pay for it.
    func derivativeProposals(_ workspace: Workspace, request: PlanRequest) throws -> (proposals: [DerivativeProposal], positions: [DerivativePosition])? {
        guard try workspace.store.derivativeEventCount() > 0 else { return nil }
        let replayed = try workspace.replay(replay, through: request.asOf)
        guard let outcome = replayed.derivatives else { return nil }
        let year = replayed.settings.jurisdiction.taxYear.year(of: request.asOf)
        var realized = outcome.derivatives.realized(year: year)
        for disposal in replayed.result.disposals where disposal.taxYear == year { realized.add(disposal.printed.gain, term: disposal.term) }
        let proposals = DerivativeHarvest.proposals(
            positions: outcome.derivatives.positions, asOf: request.asOf, realized: realized, profile: request.profile, costs: request.costs,
            jurisdiction: replayed.settings.jurisdiction, washSale: replayed.settings.washSale, classes: replayed.settings.assetClasses,
            minimumBenefit: minBenefit)
        return (proposals, outcome.derivatives.positions)
    }
}
