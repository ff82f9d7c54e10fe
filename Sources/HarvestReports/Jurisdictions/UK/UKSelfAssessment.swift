import HarvestCore

/// `harvest report uk-sa`: the figures the Self Assessment capital gains pages (SA108, the cryptoasset lines from
/// 2024-25) ask for, for one UK tax year, as `field,description,amount` CSV.
///
/// Rounding (`ReportRounding`): the return takes whole pounds. Each figure is the year summary's, a sum of disposal
/// rows printed in pence, rounded once more to the pound in the taxpayer's favour as HMRC allows: proceeds and gains
/// down, costs and losses up. The same figures in pence are in `harvest gains`. A disposal is a token's disposals on one day (TCGA s.105(1)), its gain the sum
/// of its matched parts.
///
/// Proceeds are gross: what the disposal fetched before its fees, the fees being allowable costs, the incidental costs
/// of making the disposal (TCGA s.38(1)(c); CRYPTO22150; a fee paid in tokens, CRYPTO22280). The gain is the same either
/// way, but the proceeds decide whether the return must be filed (over £50,000), so they must not be net.
public enum UKSelfAssessment: CountryReport {
    public static let jurisdiction = Jurisdiction.unitedKingdom

    public struct Line: Sendable, Equatable {
        public var field: String
        public var description: String
        public var amount: String
    }

    public static func lines(_ summary: YearSummary, _ gains: UKCapitalGains) -> [Line] {
        let year = summary.year
        let name = jurisdiction.taxYear.label(year)
        func down(_ money: Money) -> String { money.formatted(scale: 0, .down) }
        func up(_ money: Money) -> String { money.formatted(scale: 0, .up) }
        let losses = -summary.longTermLosses
        var lines = [
            Line(field: "tax_year", description: "Tax year (6 April \(year) to 5 April \(year + 1))", amount: name),
            Line(field: "number_of_disposals", description: "Number of disposals", amount: String(summary.disposalCount)),
            Line(field: "disposal_proceeds", description: "Disposal proceeds", amount: down(summary.grossProceeds)),
            Line(field: "allowable_costs", description: "Allowable costs (including the purchase price)",
                 amount: up(summary.costBasis + summary.sellingCosts)),
            Line(field: "gains_before_losses", description: "Gains in the year, before losses", amount: down(summary.longTermGains)),
            Line(field: "losses_in_year", description: "Losses in the year", amount: up(losses)),
            Line(field: "losses_brought_forward_used", description: "Losses brought forward and used in the year", amount: up(gains.lossesBroughtForwardUsed)),
            Line(field: "annual_exempt_amount", description: "Annual exempt amount", amount: down(gains.exemptAmount)),
            Line(field: "taxable_gain", description: "Gains after losses and the annual exempt amount", amount: down(summary.taxableGain)),
        ]
        if gains.ratePeriods.count > 1 {
            for period in gains.ratePeriods {
                let from = period.from == jurisdiction.taxYear.start(of: year) ? "before the next period" : "from \(period.from)"
                lines.append(Line(field: "gains_\(period.from)", description: "Gains on disposals \(from) (period from \(period.from))",
                                  amount: down(period.gains)))
                lines.append(Line(field: "losses_\(period.from)", description: "Losses on disposals in the period from \(period.from)",
                                  amount: up(-period.losses)))
                lines.append(Line(field: "taxed_at_\(period.rate)_\(period.from)",
                                  description: "Taxed at \(period.rate.multiplied(by: 100, rounding: .halfEven))% (period from \(period.from))",
                                  amount: down(period.taxable)))
            }
        }
        lines.append(Line(field: "estimated_tax", description: "Estimated capital gains tax (rate band as set)", amount: down(gains.estimatedTax)))
        lines.append(Line(field: "losses_carried_forward", description: "Losses to carry forward",
                          amount: up(summary.carryforwardOut.total)))
        return lines
    }

    public static func figures(of summary: YearSummary) -> UKCapitalGains? {
        guard case .unitedKingdom(let gains) = summary.figures else { return nil }
        return gains
    }

    public static func csv(year: Int, disposals: [Disposal], summary: YearSummary, figures gains: UKCapitalGains, to writer: TextWriter) {
        writer.write("field,description,amount\n")
        for line in lines(summary, gains) { writer.writeCSVRow([line.field, line.description, line.amount]) }
    }

    public static func written(year: Int, disposals: [Disposal], summary: YearSummary, figures: UKCapitalGains) -> String {
        "UK Self Assessment capital gains figures for \(jurisdiction.taxYear.label(year))"
    }

    public static func yearName(_ year: Int) -> String { "the tax year \(jurisdiction.taxYear.label(year))" }
}
