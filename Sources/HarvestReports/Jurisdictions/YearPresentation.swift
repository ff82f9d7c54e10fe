import HarvestCore

/// How one country's year figures are shown: in the gains JSON's year summary and in the gains table's summary.
/// Each country's folder here has its own; `YearSummary.presentation` is the one place that switches over the
/// countries (a new country is one case there).
public protocol YearPresentation {
    /// The year summary's keys whose meaning is the country's (DESIGN.md's gains JSON names them the US way).
    var summaryFields: SummaryFields { get }
    /// The country's own figures as one member of the summary object (`"australia": {…}`), if it has one.
    var ownJSON: (key: String, value: String)? { get }
    /// The year for people: a heading and the lines of the country's return.
    func text(jurisdiction: Jurisdiction, filing: FilingStatus) -> String
}

/// The year summary's keys that each country fills in its own way.
public struct SummaryFields {
    /// US: Schedule D lines 7 and 15 (net of carryover in); Australia: the year's net results by term; Germany: the §23
    /// total and the results held over a year; UK, Canada: zero and the net result after losses of other years.
    public var netShortTerm: Money
    public var netLongTerm: Money
    /// US: line 16; Australia: label A, or minus the loss carried forward; Germany: the taxable amount, or minus the
    /// loss carried forward; UK, Canada: the net result after losses of other years.
    public var netCapitalGain: Money
    /// US only: the net loss deducted against ordinary income.
    public var deductionAgainstOrdinaryIncome = Money.zero
    /// UK only: the annual exempt amount.
    public var exemptAmount = Money.zero
    /// UK, Canada: losses of other years used this year.
    public var carryforwardUsed = Money.zero
    /// UK only: the estimated capital gains tax, and the gains by rate period.
    public var estimatedTax: Money?
    public var ratePeriods: [RatePeriodGains] = []
}

extension YearSummary {
    /// This year's figures as its country presents them.
    public var presentation: any YearPresentation {
        switch figures {
        case .unitedStates(let scheduleD): USYear(summary: self, scheduleD: scheduleD)
        case .unitedKingdom(let gains): UKYear(summary: self, gains: gains)
        case .canada(let gains): CanadaYear(summary: self, gains: gains)
        case .australia(let cgt): AustralianYear(summary: self, cgt: cgt)
        case .germany(let sales): GermanYear(summary: self, sales: sales)
        }
    }
}

/// The income lines every summary ends with: ordinary income by type, the rows resting on assumed zero basis, and the
/// rows resting on transactions the user edited.
func incomeLines(_ s: YearSummary, label: String = "Ordinary income") -> [String] {
    var lines: [String] = []
    if !s.incomeByType.isEmpty {
        let parts = s.incomeByType.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value.groupedCents)" }
        lines.append("  \(label): \(parts.joined(separator: ", ")) (total \(s.totalIncome.groupedCents))")
    }
    if s.missingBasisRows > 0 { lines.append("  \(s.missingBasisRows) row(s) use an assumed zero basis") }
    if s.editedRows > 0 { lines.append("  \(s.editedRows) row(s) rest on transactions you edited (`harvest tx list --edited`)") }
    return lines
}

/// Exact money as a JSON string.
func jsonMoney(_ money: Money) -> String { JSON.string(money.description) }
