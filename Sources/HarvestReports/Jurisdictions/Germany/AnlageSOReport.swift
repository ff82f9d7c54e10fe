import HarvestCore

/// `harvest report de-so`: the private sales of a calendar year as Anlage SO lists them ("andere Wirtschaftsgüter",
/// §23 Abs. 1 S. 1 Nr. 2 EStG): each sale within one year with its dates, sale price (Veräußerungspreis, before the
/// fee of the sale), cost (Anschaffungskosten), selling costs (Werbungskosten: the fee) and gain, as the form's lines
/// have them (gain = Veräußerungspreis − Anschaffungskosten − Werbungskosten, §23(3) S. 1 EStG); the sales after one
/// year, listed as tax-free (not declared); then the year's totals, the Freigrenze and whether it applies, the loss
/// carried in and out, and the taxable amount.
///
/// Rounding (`ReportRounding`): each row's amounts are rounded to cents (half away from zero) and its gain computed from
/// them; the summary figures (the totals, the Freigrenze test, the loss carried) are computed from the sums of the
/// printed rows, so they add up on the page and equal the year summary of `harvest gains`.
public enum AnlageSOReport: CountryReport {
    public static let jurisdiction = Jurisdiction.germany

    public static let header = [
        "section", "description", "date_acquired", "date_disposed", "proceeds", "cost_basis", "selling_costs", "gain", "lot_tx_id",
        "disposal_tx_id",
    ]

    public static func figures(of summary: YearSummary) -> GermanPrivateSales? {
        guard case .germany(let sales) = summary.figures else { return nil }
        return sales
    }

    public static func written(year: Int, disposals: [Disposal], summary: YearSummary, figures sales: GermanPrivateSales) -> String {
        "private sales \(year): total \(sales.total.groupedCents), "
            + (sales.belowFreigrenze ? "under the Freigrenze (tax-free)" : "taxable \(sales.taxable.groupedCents)")
            + ", loss carried forward \(sales.carriedOut.groupedCents)"
    }

    public static func csv(year: Int, disposals: [Disposal], summary: YearSummary, figures sales: GermanPrivateSales, to writer: TextWriter) {
        writer.write(text: header.joined(separator: ",") + "\n")
        func money(_ value: Money) -> String { ReportRounding.text(value) }
        for (section, term) in [("§23 (within one year)", Term.short), ("tax-free (held over one year)", .long)] {
            for d in disposals where d.taxYear == year && d.term == term {
                let row = PrintedDisposal(d)
                writer.writeCSVRow([
                    section, "\(d.quantity) \(d.asset.symbol) (\(d.wallet.name))" + (d.missingBasis ? " (cost unknown: assumed zero)" : ""),
                    d.dateAcquired.description, d.dateDisposed.description, money(row.grossProceeds), money(row.costBasis),
                    money(row.sellingCost), money(row.gain),
                    d.lotTransactionID, d.disposalTransactionID,
                ])
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
            writer.writeCSVRow(["summary \(year)", label, "", "", "", "", "", amount, "", ""])
        }
    }
}
