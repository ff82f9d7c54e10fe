import HarvestCore
import HarvestReports

/// The plan's section on derivative positions at a loss: close or roll each, or why not (§1256: marked anyway).
enum DerivativePlanText {
    static func render(_ proposals: [DerivativeProposal]) -> String {
        guard !proposals.isEmpty else { return "" }
        func money(_ value: Money) -> String { TextTable.money(value) }
        var text = "\nDerivative positions at a loss (valued as spot harvests: tax saved now, a roll's deferred tax, both legs' costs):\n"
        for proposal in proposals {
            let position = proposal.position
            text += "  \(position.instrument.symbol) (\(position.wallet)), \(position.side.rawValue) \(NumberText.decimal(position.contracts.fixed)) "
                + "opened \(position.dateOpened): unrealized -\(money(proposal.loss))"
            switch proposal.action {
            case .markedAnyway:
                text += ", §1256: marked to market at the year end anyway (IRC §1256(a)); closing before then realizes the same loss "
                    + "in the same year, so there is nothing to harvest\n"
                continue
            case .roll: text += " (\(proposal.term.rawValue)-term): worth harvesting\n"
            case .keep: text += " (\(proposal.term.rawValue)-term): not worth its costs\n"
            }
            text += "    roll (close, reopen at another strike or expiry): saves \(money(proposal.taxSavedNow)) now, deferred tax "
                + "\(money(proposal.deferredTax)), costs \(money(proposal.rollCost)): net \(money(proposal.rollBenefit))\n"
            text += "    close: saves \(money(proposal.taxSavedNow)) now, costs \(money(proposal.closeCost)): net \(money(proposal.closeBenefit))\n"
            text += "    \(proposal.washNote)\n"
        }
        return text
    }
}
