import HarvestCore

/// `harvest report uk-sa`: the figures the Self Assessment capital gains pages (SA108, the cryptoasset lines from
/// 2024-25) ask for, for one UK tax year, as `field,description,amount` CSV.
///
/// Rounding: the return takes whole pounds. Each figure is rounded once from the exact totals, in the taxpayer's
/// favour as HMRC allows: proceeds and gains down, costs and losses up (to the pound). The exact figures are in
/// `harvest gains --format json`. A disposal is a token's disposals on one day (TCGA s.105(1)), its gain the sum
/// of its matched parts.
public enum UKSelfAssessment {
    public struct Line: Sendable, Equatable {
        public var field: String
        public var description: String
        public var amount: String
    }

    public static func lines(_ summary: YearSummary) -> [Line] {
        let year = summary.year
        let name = "\(year)-\(String(year + 1).suffix(2))"
        func down(_ money: Money) -> String { money.formatted(scale: 0, .down) }
        func up(_ money: Money) -> String { money.formatted(scale: 0, .up) }
        let losses = -summary.longTermLosses
        var lines = [
            Line(field: "tax_year", description: "Tax year (6 April \(year) to 5 April \(year + 1))", amount: name),
            Line(field: "number_of_disposals", description: "Number of disposals", amount: String(summary.disposalCount)),
            Line(field: "disposal_proceeds", description: "Disposal proceeds", amount: down(summary.proceeds)),
            Line(field: "allowable_costs", description: "Allowable costs (including the purchase price)", amount: up(summary.costBasis)),
            Line(field: "gains_before_losses", description: "Gains in the year, before losses", amount: down(summary.longTermGains)),
            Line(field: "losses_in_year", description: "Losses in the year", amount: up(losses)),
            Line(field: "losses_brought_forward_used", description: "Losses brought forward and used in the year", amount: up(summary.carryforwardUsed)),
            Line(field: "annual_exempt_amount", description: "Annual exempt amount", amount: down(summary.exemptAmount)),
            Line(field: "taxable_gain", description: "Gains after losses and the annual exempt amount", amount: down(summary.taxableGain)),
        ]
        if summary.ratePeriods.count > 1 {
            for period in summary.ratePeriods {
                let from = period.from == Jurisdiction.unitedKingdom.taxYear.start(of: year) ? "before the next period" : "from \(period.from)"
                lines.append(Line(field: "gains_\(period.from)", description: "Gains on disposals \(from) (period from \(period.from))",
                                  amount: down(period.gains)))
                lines.append(Line(field: "losses_\(period.from)", description: "Losses on disposals in the period from \(period.from)",
                                  amount: up(-period.losses)))
                lines.append(Line(field: "taxed_at_\(period.rate)_\(period.from)",
                                  description: "Taxed at \(period.rate.multiplied(by: 100, rounding: .halfEven))% (period from \(period.from))",
                                  amount: down(period.taxable)))
            }
        }
        lines.append(Line(field: "estimated_tax", description: "Estimated capital gains tax (rate band as set)", amount: down(summary.estimatedTax ?? .zero)))
        lines.append(Line(field: "losses_carried_forward", description: "Losses to carry forward",
                          amount: up(summary.carryforwardOut.longTerm + summary.carryforwardOut.shortTerm)))
        return lines
    }

    public static func csv(_ summary: YearSummary) -> String {
        var out = "field,description,amount\n"
        for line in lines(summary) { out += [line.field, line.description, line.amount].map(csvField).joined(separator: ",") + "\n" }
        return out
    }
}

/// `harvest report schedule3`: Canada's Schedule 3 for one calendar year, as CSV: each disposition in the
/// crypto-assets section (with bonds, debentures and promissory notes: lines 15199 and 15300), then the lines the
/// totals feed.
///
/// Columns as on the schedule: year of acquisition (the year the pool last started, since units come from a
/// pool at average cost), proceeds of disposition (net of selling costs, so outlays and expenses are 0), adjusted
/// cost base, gain (or loss) after any superficial loss is denied (the denied part is shown apart and was added to
/// the ACB of the property still held). Each row's amounts are rounded to cents (half away from zero) and its gain
/// computed from them; totals add the printed rows.
public enum Schedule3 {
    public static let header = [
        "line", "year_of_acquisition", "description", "date_disposed", "proceeds_of_disposition", "adjusted_cost_base",
        "outlays_and_expenses", "gain_or_loss", "superficial_loss_denied",
    ]

    public static func csv(year: Int, disposals: [Disposal], summary: YearSummary, jurisdiction: Jurisdiction) -> String {
        let rows = disposals.filter { $0.taxYear == year }.map(PrintedDisposal.init)
        func money(_ value: Money) -> String { value.formatted(scale: 2, .towardZero) }
        var out = header.joined(separator: ",") + "\n"
        var proceeds = Money.zero, cost = Money.zero, gain = Money.zero, denied = Money.zero
        for row in rows {
            let d = row.disposal
            var description = "\(d.quantity) \(d.asset.symbol)"
            if d.kind != .sale { description += " (\(d.kind.rawValue))" }
            if d.missingBasis { description += " (cost unknown: assumed zero)" }
            out += ["15300", String(d.dateAcquired.year), description, d.dateDisposed.description, money(row.proceeds),
                    money(row.costBasis), "0.00", money(row.gain), row.adjustment.isZero ? "" : money(row.adjustment)]
                .map(csvField).joined(separator: ",") + "\n"
            proceeds += row.proceeds
            cost += row.costBasis
            gain += row.gain
            denied += row.adjustment
        }
        func line(_ number: String, _ text: String, _ amount: Money) {
            out += [number, "", text, "", "", "", "", money(amount), ""].map(csvField).joined(separator: ",") + "\n"
        }
        out += ["15199", "", "Total proceeds (\(rows.count) rows)", "", money(proceeds), money(cost), "0.00", "", money(denied)]
            .map(csvField).joined(separator: ",") + "\n"
        line("15300", "Gain (or loss): crypto-assets", gain)
        line("19900", "Total capital gains (or losses) (crypto-assets only)", gain)
        let inclusion = jurisdiction.schedule.inclusionRate
        func included(_ amount: Money) -> Money { ReportRounding.cents(Money(amount.fixed.multiplied(by: inclusion, rounding: .halfEven))) }
        line("12700", "Taxable capital gains: \(inclusion.multiplied(by: 100, rounding: .halfEven))% of line 19900 (when positive)",
             gain.isPositive ? included(gain) : .zero)
        line("25300", "Net capital losses of other years applied (taxable part)", included(summary.carryforwardUsed))
        line("", "Net capital loss of the year to carry forward (taxable part)", gain.isNegative ? included(-gain) : .zero)
        line("", "Net capital losses carried to next year, in full (taxable part is \(inclusion.multiplied(by: 100, rounding: .halfEven))%)",
             ReportRounding.cents(summary.carryforwardOut.longTerm + summary.carryforwardOut.shortTerm))
        return out
    }
}
