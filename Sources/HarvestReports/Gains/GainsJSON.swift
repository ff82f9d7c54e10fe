import HarvestCore

/// `harvest gains --format json`: exact amounts as strings, each disposal with its source rows.
public enum GainsJSON {
    /// - Parameter sources: the source rows of a disposal's lot and of the disposal itself (`file:line`).
    public static func write(
        _ disposals: [Disposal], summaries: [YearSummary], warnings: [String],
        sources: (Disposal) -> (lot: SourceLocation?, disposal: SourceLocation?) = { _ in (nil, nil) },
        valuedBy: (Disposal) -> (lot: ValuationSource?, disposal: ValuationSource?) = { _ in (nil, nil) }
    ) -> String {
        let rows = disposals.map { d in
            let (lotSource, disposalSource) = sources(d)
            let (lotValuation, disposalValuation) = valuedBy(d)
            return JSON.object([
                ("asset", JSON.string(d.asset.symbol)), ("wallet", JSON.string(d.wallet.name)),
                ("quantity", JSON.string(d.quantity.description)), ("date_acquired", JSON.string(d.dateAcquired.description)),
                ("date_disposed", JSON.string(d.dateDisposed.description)), ("proceeds", JSON.string(d.proceeds.description)),
                ("cost_basis", JSON.string(d.costBasis.description)), ("adjustment", JSON.string(d.adjustment.description)),
                ("adjustment_code", JSON.string(d.adjustmentCode.rawValue)), ("gain", JSON.string(d.gain.description)),
                ("selling_cost", JSON.string(d.sellingCost.description)),
                ("term", JSON.string(d.term.rawValue)), ("tax_year", String(d.taxYear)), ("kind", JSON.string(d.kind.rawValue)),
                ("lot_tx_id", JSON.string(d.lotTransactionID)), ("disposal_tx_id", JSON.string(d.disposalTransactionID)),
                ("lot_source", lotSource.map { JSON.string($0.description) } ?? "null"),
                ("disposal_source", disposalSource.map { JSON.string($0.description) } ?? "null"),
                ("missing_basis", d.missingBasis ? "true" : "false"), ("edited", d.edited ? "true" : "false"),
                ("rule", JSON.string(d.matching.rawValue)),
                ("lot_valued_by", lotValuation.map { JSON.string($0.description) } ?? "null"),
                ("disposal_valued_by", disposalValuation.map { JSON.string($0.description) } ?? "null"),
            ])
        }
        return JSON.object([
            ("disposals", JSON.array(rows)),
            ("years", JSON.array(summaries.map(summaryJSON))),
            ("warnings", JSON.array(warnings.map(JSON.string))),
        ]) + "\n"
    }

    /// A year's summary: the totals every country reports, the keys each fills in its own way (`SummaryFields`), and
    /// the country's own figures when it has an object of them (Australia, Germany).
    public static func summaryJSON(_ s: YearSummary) -> String {
        func money(_ m: Money) -> String { JSON.string(m.description) }
        let presentation = s.presentation
        let fields = presentation.summaryFields
        return JSON.object([
            ("year", String(s.year)), ("proceeds", money(s.proceeds)), ("cost_basis", money(s.costBasis)),
            ("adjustments", money(s.adjustments)), ("selling_costs", money(s.sellingCosts)),
            ("short_term_gains", money(s.shortTermGains)), ("short_term_losses", money(s.shortTermLosses)),
            ("long_term_gains", money(s.longTermGains)), ("long_term_losses", money(s.longTermLosses)),
            ("carryforward_in_short", money(s.carryforwardIn.shortTerm)), ("carryforward_in_long", money(s.carryforwardIn.longTerm)),
            ("net_short_term", money(fields.netShortTerm)), ("net_long_term", money(fields.netLongTerm)),
            ("net_capital_gain", money(fields.netCapitalGain)),
            ("deduction_against_ordinary_income", money(fields.deductionAgainstOrdinaryIncome)),
            ("carryforward_out_short", money(s.carryforwardOut.shortTerm)),
            ("carryforward_out_long", money(s.carryforwardOut.longTerm)),
            ("income", JSON.object(s.incomeByType.sorted { $0.key < $1.key }.map { ($0.key.rawValue, money($0.value)) })),
            ("total_income", money(s.totalIncome)), ("missing_basis_rows", String(s.missingBasisRows)),
            ("edited_rows", String(s.editedRows)),
            ("disposal_count", String(s.disposalCount)), ("exempt_amount", money(fields.exemptAmount)),
            ("carryforward_used", money(fields.carryforwardUsed)), ("taxable_gain", money(s.taxableGain)),
            ("estimated_tax", fields.estimatedTax.map(money) ?? "null"),
            ("rate_periods", JSON.array(fields.ratePeriods.map { period in
                JSON.object([("from", JSON.string(period.from.description)), ("gains", money(period.gains)), ("losses", money(period.losses)),
                             ("taxable", money(period.taxable)), ("rate", JSON.string(period.rate.description)), ("tax", money(period.tax))])
            })),
        ] + (presentation.ownJSON.map { [$0] } ?? []))
    }
}
