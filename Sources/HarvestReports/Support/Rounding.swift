import HarvestCore

/// How reports round money: the forms' rule (`PrintedMoney` in HarvestCore), one set of totals.
///
/// Where rounding happens, and only there:
/// 1. Each disposal row's proceeds, basis and adjustment are rounded once, to cents, half away from zero (the IRS
///    instructions' "round half up"); the row's gain is computed from those three printed figures (`PrintedDisposal`,
///    `Disposal.printed`).
/// 2. Every total is the sum of the printed rows it totals: Form 8949's box totals, Schedule D's lines, the year
///    summary of `harvest gains` (table and JSON), the UK, Canadian, Australian and German figures. The year's netting
///    itself (`YearActivity`) adds the printed rows, so the carryover into next year is the printed one too.
/// 3. A figure computed from printed figures by a rate is rounded once, to cents, half away from zero, and what
///    follows is computed from the rounded figure: Canada's taxable parts (lines 12700 and 25300), Australia's CGT
///    discount (label A is the gains left less the printed discount), the UK's tax by rate period.
/// 4. The UK return takes whole pounds: each SA108 figure is its cents total rounded once more in the taxpayer's favour
///    as HMRC allows (proceeds, gains and the taxable gain down; costs and losses up).
///
/// The JSON's disposal rows keep the engine's exact values; its year summaries are the printed totals.
public enum ReportRounding {
    public static let scale = PrintedMoney.scale
    public static let mode = PrintedMoney.mode

    public static func cents(_ money: Money) -> Money { PrintedMoney.rounded(money) }
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
        let printed = disposal.printed
        self.disposal = disposal
        proceeds = printed.proceeds
        costBasis = printed.costBasis
        adjustment = printed.adjustment
        gain = printed.gain
        sellingCost = printed.sellingCost
    }

    /// Proceeds before selling costs, as printed: printed proceeds + printed selling cost.
    public var grossProceeds: Money { proceeds + sellingCost }
}
