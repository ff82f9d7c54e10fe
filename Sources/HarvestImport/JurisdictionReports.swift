import HarvestCore

/// `harvest report au-cgt`: the capital gains figures of item 18 of the Australian individual return, with the steps
/// between them (ATO "Working out your net capital gain or loss").
///
/// Rounding: every figure is the exact amount rounded once to cents, half away from zero, so the steps can differ from
/// their printed parts by a cent. (The return itself takes whole dollars.)
public enum AustralianCGTReport {
    public static let header = ["income_year", "label", "item", "amount"]

    /// The lines of the report: (label, item, amount).
    public static func lines(_ cgt: AustralianCGT) -> [(label: String, item: String, amount: Money)] {
        [
            ("18H", "Total current year capital gains", cgt.totalCurrentYearGains),
            ("", "Non-discountable gains (held less than 12 months)", cgt.nonDiscountableGains),
            ("", "Discountable gains (held 12 months or more)", cgt.discountableGains),
            ("", "Current year capital losses", cgt.currentYearLosses),
            ("", "Net capital losses from earlier years", cgt.carriedIn),
            ("", "Losses applied to non-discountable gains", cgt.lossesAppliedToNonDiscountable),
            ("", "Losses applied to discountable gains", cgt.lossesAppliedToDiscountable),
            ("", "Of which net capital losses from earlier years", cgt.carriedInApplied),
            ("", "CGT discount (50%)", cgt.discount),
            ("18A", "Net capital gain", cgt.netCapitalGain),
            ("18V", "Net capital losses carried forward to later income years", cgt.carriedOut),
        ]
    }

    public static func csv(year: Int, _ cgt: AustralianCGT) -> String {
        var out = header.joined(separator: ",") + "\n"
        for line in lines(cgt) {
            out += [Jurisdiction.auIncomeYear(year), line.label, line.item, ReportRounding.text(line.amount)].map(csvField)
                .joined(separator: ",") + "\n"
        }
        return out
    }
}

/// `harvest report de-so`: the private sales of a calendar year as Anlage SO lists them ("andere Wirtschaftsgüter",
/// §23 Abs. 1 S. 1 Nr. 2 EStG): each sale within one year with its dates, sale price (net of selling costs), cost and
/// gain; the sales after one year, listed as tax-free (not declared); then the year's totals, the Freigrenze and
/// whether it applies, the loss carried in and out, and the taxable amount.
///
/// Rounding: each row's amounts are rounded to cents (half away from zero) and its gain computed from them; the summary
/// figures are the exact sums rounded once, so they can differ from the sum of the rows by a cent.
public enum AnlageSOReport {
    public static let header = [
        "section", "description", "date_acquired", "date_disposed", "proceeds", "cost_basis", "gain", "lot_tx_id", "disposal_tx_id",
    ]

    public static func csv(year: Int, disposals: [Disposal], _ sales: GermanPrivateSales) -> String {
        var out = header.joined(separator: ",") + "\n"
        let rows = disposals.filter { $0.taxYear == year }.map(PrintedDisposal.init)
        func money(_ value: Money) -> String { ReportRounding.text(value) }
        for (section, term) in [("§23 (within one year)", Term.short), ("tax-free (held over one year)", .long)] {
            for row in rows where row.disposal.term == term {
                let d = row.disposal
                out += [
                    section, "\(d.quantity) \(d.asset.symbol) (\(d.wallet.name))" + (d.missingBasis ? " (cost unknown: assumed zero)" : ""),
                    d.dateAcquired.description, d.dateDisposed.description, money(row.proceeds), money(row.costBasis), money(row.gain),
                    d.lotTransactionID, d.disposalTransactionID,
                ].map(csvField).joined(separator: ",") + "\n"
            }
        }
        let summary: [(String, String)] = [
            ("Private-sale gains (within one year)", money(sales.gains)),
            ("Private-sale losses (within one year)", money(sales.losses)),
            ("Total (Gesamtgewinn)", money(sales.total)),
            ("Tax-free gains (held over one year)", money(sales.exemptGains)),
            ("Losses held over one year (do not count)", money(sales.exemptLosses)),
            ("Freigrenze \(year) (tax-free when the total is less)", money(sales.freigrenze)),
            ("Freigrenze applies: \(sales.belowFreigrenze ? "yes, tax-free" : "no")", ""),
            ("Loss carried in from earlier years", money(sales.carriedIn)),
            ("Loss carried in, used this year", money(sales.carriedInApplied)),
            ("Taxable private-sale income", money(sales.taxable)),
            ("Loss carried forward (§23(3) S. 8, §10d)", money(sales.carriedOut)),
        ]
        for (label, amount) in summary {
            out += ["summary \(year)", label, "", "", "", "", amount, "", ""].map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }
}

extension GainsJSON {
    /// The jurisdiction's own figures of a year, when it has them (Australia, Germany), as exact strings.
    public static func jurisdictionJSON(_ s: YearSummary) -> [(String, String)] {
        func money(_ m: Money) -> String { JSON.string(m.description) }
        var pairs: [(String, String)] = []
        if let cgt = s.australia {
            pairs.append(("australia", JSON.object([
                ("income_year", JSON.string(Jurisdiction.auIncomeYear(s.year))),
                ("total_current_year_capital_gains", money(cgt.totalCurrentYearGains)),
                ("non_discountable_gains", money(cgt.nonDiscountableGains)), ("discountable_gains", money(cgt.discountableGains)),
                ("current_year_losses", money(cgt.currentYearLosses)), ("carried_in", money(cgt.carriedIn)),
                ("losses_applied_to_non_discountable", money(cgt.lossesAppliedToNonDiscountable)),
                ("losses_applied_to_discountable", money(cgt.lossesAppliedToDiscountable)),
                ("carried_in_applied", money(cgt.carriedInApplied)), ("discount", money(cgt.discount)),
                ("net_capital_gain", money(cgt.netCapitalGain)), ("carried_out", money(cgt.carriedOut)),
            ])))
        }
        if let sales = s.germany {
            pairs.append(("germany", JSON.object([
                ("gains", money(sales.gains)), ("losses", money(sales.losses)), ("total", money(sales.total)),
                ("exempt_gains", money(sales.exemptGains)), ("exempt_losses", money(sales.exemptLosses)),
                ("freigrenze", money(sales.freigrenze)), ("below_freigrenze", sales.belowFreigrenze ? "true" : "false"),
                ("carried_in", money(sales.carriedIn)), ("carried_in_applied", money(sales.carriedInApplied)),
                ("taxable", money(sales.taxable)), ("carried_out", money(sales.carriedOut)),
            ])))
        }
        return pairs
    }
}
