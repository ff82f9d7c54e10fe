/// The one rounding rule of every figure a user reads: the forms' rule.
///
/// Form 8949's instructions let a return show cents or whole dollars, and its totals (and Schedule D's lines) are the
/// sums of the figures on its rows. Harvest reports cents, so each disposal row's proceeds, basis and adjustment are
/// rounded once, to cents, half away from zero (the instructions' "round half up"), and the row's gain is computed from
/// those three figures. Every total (a box, a year summary, a country's return lines, the carryover) is then summed from
/// the rounded rows, so what a user adds up on screen is what every summary and report says.
///
/// The engine's rows stay exact (lots, basis splits, the JSON's disposals); the year's netting (`YearActivity`,
/// `DisposalGains`) reads the rows through `Disposal.printed`.
public enum PrintedMoney {
    /// Cents.
    public static let scale = 2
    /// Half away from zero: 0.005 → 0.01, −0.005 → −0.01.
    public static let mode = RoundingMode.halfAwayFromZero

    /// `money` as printed: to cents, half away from zero.
    public static func rounded(_ money: Money) -> Money { money.rounded(scale: scale, mode) }
}

/// One disposal row's figures as every report prints them (`PrintedMoney`): proceeds, basis and adjustment rounded to
/// cents, and the gain as their combination, so the row adds up on screen (gain = proceeds − basis + adjustment).
public struct PrintedFigures: Sendable, Hashable {
    public var proceeds: Money
    public var costBasis: Money
    public var adjustment: Money
    /// The selling cost, rounded once: a report that shows gross proceeds (printed proceeds + this) and the selling cost
    /// apart (UK, Canada, Germany) adds up to the same printed gain.
    public var sellingCost: Money

    public init(_ disposal: Disposal) {
        proceeds = PrintedMoney.rounded(disposal.proceeds)
        costBasis = PrintedMoney.rounded(disposal.costBasis)
        adjustment = PrintedMoney.rounded(disposal.adjustment)
        sellingCost = PrintedMoney.rounded(disposal.sellingCost)
    }

    /// Printed proceeds − printed basis + printed adjustment: exact in cents, never rounded again.
    public var gain: Money { proceeds - costBasis + adjustment }
}

extension Disposal {
    /// The row as every report prints it, and as the year's totals add it up.
    public var printed: PrintedFigures { PrintedFigures(self) }
}

extension Carryforward {
    /// The carryover as a return prints it (a loss carried in from before the data is read from last year's return).
    public var printed: Carryforward {
        Carryforward(shortTerm: PrintedMoney.rounded(shortTerm), longTerm: PrintedMoney.rounded(longTerm))
    }
}
