extension Jurisdiction {
    /// Germany (../shared/tax/rules.md §5): private sales of crypto (§22 Nr. 2, §23 Abs. 1 S. 1 Nr. 2 EStG).
    ///
    /// - Holding period: a sale is taxable only when acquisition and sale are not more than one year apart, the year
    ///   computed as the civil code computes periods (BGB §§187, 188: bought 1 January 2024, sold 1 January 2025 is
    ///   within the year; 2 January 2025 is after it). `Term.long` means held more than one year: tax-free, and a loss
    ///   on it does not count either.
    /// - Units: FIFO wallet by wallet for the holding period (BMF 10.05.2022 Rz. 61, unchanged by BMF 06.03.2025);
    ///   FIFO is also used for the gain, the letter's permitted simplification (average cost is the other reading).
    ///   FG Nürnberg 22.01.2025 would allow LIFO; the BMF does not, so neither does this value. A transfer between
    ///   the user's own wallets is not a sale: the units keep their acquisition date.
    /// - Netting: `NettingRule.germany`, computed by `GermanPrivateSales.compute`, with the Freigrenze by year.
    /// - Gifts are not sales (no consideration): the units leave without gain or loss.
    /// - No wash-sale rule: selling and buying back at once is allowed.
    public static let germany = Jurisdiction(
        code: "de",
        name: "Germany",
        baseCurrency: Asset("EUR"),
        taxYear: .calendarYear,
        holdingPeriod: .moreThanYearsToSameDay(1),
        defaultMethod: .fifo,
        allowedMethods: [.fifo],
        netting: .germany,
        washSale: nil,
        allowedScopes: [.wallet],
        // Returns are due on 31 July of the next year (§149(2) AO, without an adviser); tax follows the assessment.
        // An approximation for simulations.
        taxPaymentMonth: 7, taxPaymentDay: 31
    )

    /// The Freigrenze of §23 Abs. 3 S. 5 EStG for a calendar year: private-sale gains are tax-free when the year's
    /// total is *less than* this, and taxable in full once it is reached. 1,000 EUR from 2024 (BMF 06.03.2025 Rz. 53),
    /// 600 EUR through 2023 (the 512 EUR of the years before 2008 is not modelled).
    public static func deFreigrenze(year: Int) -> Money {
        for (firstYear, threshold) in deFreigrenzeByYear where year >= firstYear { return threshold }
        return deFreigrenzeByYear.last!.threshold
    }

    /// The thresholds as data, newest first: (first year, threshold).
    public static let deFreigrenzeByYear: [(firstYear: Int, threshold: Money)] = [(2024, 1000), (2008, 600)]
}

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

    /// - Parameters: `gains` positive and `losses` negative sums of the §23 rows; `carriedIn` positive.
    public static func compute(
        year: Int, gains: Money, losses: Money, exemptGains: Money = .zero, exemptLosses: Money = .zero, carriedIn: Money
    ) -> GermanPrivateSales {
        precondition(!gains.isNegative && !losses.isPositive && !carriedIn.isNegative, "German private-sale inputs have the wrong sign")
        let total = gains + losses
        let freigrenze = Jurisdiction.deFreigrenze(year: year)
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
