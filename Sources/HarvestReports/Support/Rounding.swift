import HarvestCore

/// How reports round money: to cents, half away from zero (the IRS instructions' "round half up"),
/// once per printed figure. Exact values stay exact until this point.
public enum ReportRounding {
    public static let scale = 2
    public static let mode = RoundingMode.halfAwayFromZero

    public static func cents(_ money: Money) -> Money { money.rounded(scale: scale, mode) }
    public static func text(_ money: Money) -> String { money.formatted(scale: scale, mode) }
}

/// One disposal row as printed: proceeds, basis and adjustment rounded to cents, and the gain as their
/// combination, so each printed row adds up (gain = proceeds − basis + adjustment, to the cent).
public struct PrintedDisposal: Sendable {
    public var disposal: Disposal
    public var proceeds: Money
    public var costBasis: Money
    public var adjustment: Money
    public var gain: Money
    /// The selling cost, rounded once; `grossProceeds` is the printed proceeds plus it, so a report that shows gross
    /// proceeds and the selling cost apart (UK, Canada, Germany) adds up to the same printed gain.
    public var sellingCost: Money

    public init(_ disposal: Disposal) {
        self.disposal = disposal
        proceeds = ReportRounding.cents(disposal.proceeds)
        costBasis = ReportRounding.cents(disposal.costBasis)
        adjustment = ReportRounding.cents(disposal.adjustment)
        gain = proceeds - costBasis + adjustment
        sellingCost = ReportRounding.cents(disposal.sellingCost)
    }

    /// Proceeds before selling costs, as printed: printed proceeds + printed selling cost.
    public var grossProceeds: Money { proceeds + sellingCost }
}
