/// One calendar year's private sales (Anlage SO, "andere Wirtschaftsgüter") under §23 EStG.
///
/// Order of the computation (§23 Abs. 3 S. 5, 7, 8 EStG; H 23 "Freigrenze" EStH):
/// 1. The year's §23 gains and losses net (Verlustausgleich): the total (Gesamtgewinn).
/// 2. A total below the Freigrenze is tax-free, and a carried-in loss is not used on it. The Freigrenze is tested
///    on the total before any loss carried from other years.
/// 3. A total at or above the Freigrenze is taxable in full; a loss carried in from earlier years then reduces it,
///    and what is left stays taxable even when it is below the Freigrenze.
/// 4. A negative total is a loss that offsets only private-sale gains: carried forward here (§10d, as §23(3) S. 8
///    directs). The default carryback of one year under §10d(1) is not modelled: the loss is carried forward.
///
/// Sales of units held more than one year are outside §23: their gains are tax-free and their losses do not count.
/// The Freigrenze applies to all of a person's private sales together; only the crypto sales given are seen here.
public struct GermanPrivateSales: Sendable, Hashable, Codable {
    /// §23 gains (positive) and losses (negative) of the year: units held one year or less.
    public var gains: Money
    public var losses: Money
    /// The year's total private-sale result: gains + losses.
    public var total: Money
    /// Results on units held more than one year: outside §23 (tax-free gains, losses that do not count).
    public var exemptGains: Money
    public var exemptLosses: Money
    /// The year's Freigrenze.
    public var freigrenze: Money
    /// A positive total below the Freigrenze: tax-free.
    public var belowFreigrenze: Bool
    /// Private-sale loss carried in from earlier years, and how much of it this year used (positive).
    public var carriedIn: Money
    public var carriedInApplied: Money
    /// The taxable private-sale income (Anlage SO), after the Freigrenze and the carried-in loss.
    public var taxable: Money
    /// Private-sale loss carried to later years (positive).
    public var carriedOut: Money

    /// - Parameters: `gains` positive and `losses` negative sums of the §23 rows; `carriedIn` positive; `freigrenze`
    ///   the year's (`Jurisdiction.germany.schedule.exemptAmount(year:)`).
    public static func compute(
        freigrenze: Money, gains: Money, losses: Money, exemptGains: Money = .zero, exemptLosses: Money = .zero, carriedIn: Money
    ) -> GermanPrivateSales {
        precondition(!gains.isNegative && !losses.isPositive && !carriedIn.isNegative, "German private-sale inputs have the wrong sign")
        let total = gains + losses
        var result = GermanPrivateSales(
            gains: gains, losses: losses, total: total, exemptGains: exemptGains, exemptLosses: exemptLosses, freigrenze: freigrenze,
            belowFreigrenze: false, carriedIn: carriedIn, carriedInApplied: .zero, taxable: .zero, carriedOut: carriedIn)
        if total.isNegative {
            result.carriedOut = carriedIn - total
        } else if total < freigrenze {
            result.belowFreigrenze = total.isPositive
        } else {
            let applied = min(carriedIn, total)
            result.carriedInApplied = applied
            result.taxable = total - applied
            result.carriedOut = carriedIn - applied
        }
        return result
    }
}

extension Germany.Regime {
    /// §23 EStG: the sales within one year net; the Freigrenze; then the loss carried in (in `shortTerm`: German losses
    /// keep no character).
    func summarize(_ activity: YearActivity, carryforwardIn: Carryforward, options: NettingOptions, in jurisdiction: Jurisdiction)
        -> YearSummary
    {
        let rows = activity.rows
        let sales = GermanPrivateSales.compute(
            freigrenze: jurisdiction.schedule.exemptAmount(year: activity.year), gains: rows.shortTermGains, losses: rows.shortTermLosses,
            exemptGains: rows.longTermGains, exemptLosses: rows.longTermLosses, carriedIn: carryforwardIn.total)
        return YearSummary(
            activity, gains: rows, disposalCount: activity.disposals.count, carryforwardIn: carryforwardIn,
            carryforwardOut: Carryforward(shortTerm: sales.carriedOut), taxableGain: sales.taxable, figures: .germany(sales))
    }

    /// The taxable private-sale income at the personal rate.
    func tax(of summary: YearSummary, profile: TaxProfile) -> Money {
        guard case .germany(let sales) = summary.figures else { preconditionFailure("a German regime given \(summary.figures)") }
        return sales.taxable.multiplied(by: profile.shortTotal, rounding: .halfEven)
    }
}
