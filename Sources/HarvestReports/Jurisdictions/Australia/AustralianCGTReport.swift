import HarvestCore

/// `harvest report au-cgt`: the capital gains figures of item 18 of the Australian individual return, with the steps
/// between them (ATO "Working out your net capital gain or loss").
///
/// Rounding (`ReportRounding`): every figure is a sum of disposal rows printed in cents (half away from zero), and the
/// discount is rounded once to cents, so each step equals its printed parts (label A = the gains left less the printed
/// discount) and the year summary shows the same figures. (The return itself takes whole dollars.)
public enum AustralianCGTReport: CountryReport {
    public static let jurisdiction = Jurisdiction.australia

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
            ("", "CGT discount (\(Australia.discountRate.percent))", cgt.discount),
            ("18A", "Net capital gain", cgt.netCapitalGain),
            ("18V", "Net capital losses carried forward to later income years", cgt.carriedOut),
        ]
    }

    public static func figures(of summary: YearSummary) -> AustralianCGT? {
        guard case .australia(let cgt) = summary.figures else { return nil }
        return cgt
    }

    public static func csv(year: Int, disposals: [Disposal], summary: YearSummary, figures cgt: AustralianCGT, to writer: TextWriter) {
        writer.write(text: header.joined(separator: ",") + "\n")
        for line in lines(cgt) {
            writer.writeCSVRow([jurisdiction.taxYear.label(year), line.label, line.item, ReportRounding.text(line.amount)])
        }
    }

    public static func written(year: Int, disposals: [Disposal], summary: YearSummary, figures cgt: AustralianCGT) -> String {
        "CGT summary for \(jurisdiction.taxYear.label(year)): net capital gain (18A) \(cgt.netCapitalGain.groupedCents), "
            + "losses carried forward (18V) \(cgt.carriedOut.groupedCents)"
    }

    /// The income year, named by the year it starts (`--year 2024` is 2024-25).
    public static func yearName(_ year: Int) -> String { "the \(jurisdiction.taxYear.label(year)) income year" }
}
