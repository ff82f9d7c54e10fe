import HarvestCore

/// `harvest report schedule3`: Canada's Schedule 3 for one calendar year, as CSV: each disposition in the
/// crypto-assets section (with bonds, debentures and promissory notes: lines 15199 and 15300), then the lines the
/// totals feed.
///
/// Columns as on the schedule: year of acquisition (the year the pool last started, since units come from a
/// pool at average cost), proceeds of disposition (gross: before the fee of the disposal), adjusted cost base, outlays
/// and expenses (the fee, ITA s.40(1)(a)(i)), gain (or loss) after any superficial loss is denied (the denied part is
/// shown apart and was added to the ACB of the property still held). Each row's amounts are rounded to cents (half
/// away from zero) and its gain computed from them (proceeds − ACB − outlays); totals add the printed rows.
public enum Schedule3: CountryReport {
    public static let jurisdiction = Jurisdiction.canada

    public static let header = [
        "line", "year_of_acquisition", "description", "date_disposed", "proceeds_of_disposition", "adjusted_cost_base",
        "outlays_and_expenses", "gain_or_loss", "superficial_loss_denied",
    ]

    public static func figures(of summary: YearSummary) -> CanadaCapitalGains? {
        guard case .canada(let gains) = summary.figures else { return nil }
        return gains
    }

    public static func written(year: Int, disposals: [Disposal], summary: YearSummary, figures: CanadaCapitalGains) -> String { "Schedule 3 for \(year)" }

    public static func csv(year: Int, disposals: [Disposal], summary: YearSummary, figures: CanadaCapitalGains, to writer: TextWriter) {
        func money(_ value: Money) -> String { value.formatted(scale: 2, .towardZero) }
        writer.write(text: header.joined(separator: ",") + "\n")
        var proceeds = Money.zero, cost = Money.zero, outlays = Money.zero, gain = Money.zero, denied = Money.zero, count = 0
        for d in disposals where d.taxYear == year {
            let row = PrintedDisposal(d)
            count += 1
            var description = "\(d.quantity) \(d.asset.symbol)"
            if d.kind != .sale { description += " (\(d.kind.rawValue))" }
            if d.missingBasis { description += " (cost unknown: assumed zero)" }
            writer.writeCSVRow(["15300", String(d.dateAcquired.year), description, d.dateDisposed.description, money(row.grossProceeds),
                                money(row.costBasis), money(row.sellingCost), money(row.gain), row.adjustment.isZero ? "" : money(row.adjustment)])
            proceeds += row.grossProceeds
            cost += row.costBasis
            outlays += row.sellingCost
            gain += row.gain
            denied += row.adjustment
        }
        func line(_ number: String, _ text: String, _ amount: Money) {
            writer.writeCSVRow([number, "", text, "", "", "", "", money(amount), ""])
        }
        writer.writeCSVRow(["15199", "", "Total proceeds (\(count) rows)", "", money(proceeds), money(cost), money(outlays), "", money(denied)])
        line("15300", "Gain (or loss): crypto-assets", gain)
        line("19900", "Total capital gains (or losses) (crypto-assets only)", gain)
        let inclusion = figures.inclusionRate
        func included(_ amount: Money) -> Money { ReportRounding.cents(amount.multiplied(by: inclusion, rounding: .halfEven)) }
        line("12700", "Taxable capital gains: \(inclusion.multiplied(by: 100, rounding: .halfEven))% of line 19900 (when positive)",
             gain.isPositive ? included(gain) : .zero)
        line("25300", "Net capital losses of other years applied (taxable part)", included(figures.lossesOfOtherYearsUsed))
        line("", "Net capital loss of the year to carry forward (taxable part)", gain.isNegative ? included(-gain) : .zero)
        line("", "Net capital losses carried to next year, in full (taxable part is \(inclusion.multiplied(by: 100, rounding: .halfEven))%)",
             ReportRounding.cents(summary.carryforwardOut.total))
    }
}
