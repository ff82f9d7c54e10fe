/// Short- and long-term capital loss carried from one year into the next, each keeping its character.
public struct Carryforward: Sendable, Hashable, Codable {
    /// Positive amounts of loss.
    public var shortTerm: Money
    public var longTerm: Money
    public init(shortTerm: Money = .zero, longTerm: Money = .zero) {
        self.shortTerm = shortTerm
        self.longTerm = longTerm
    }
    public static let none = Carryforward()
    public var isZero: Bool { shortTerm.isZero && longTerm.isZero }
}

/// One tax year's capital gains picture and ordinary income, after netting.
public struct YearSummary: Sendable, Hashable, Codable {
    public var year: Int
    public var proceeds: Money
    public var costBasis: Money
    public var adjustments: Money
    /// Sum of the short-term rows with a gain (positive) and with a loss (negative).
    public var shortTermGains: Money
    public var shortTermLosses: Money
    public var longTermGains: Money
    public var longTermLosses: Money
    /// Loss carried in from the previous year (positive amounts).
    public var carryforwardIn: Carryforward
    /// Short-term gains + losses − short-term carryover in (Schedule D line 7).
    public var netShortTerm: Money
    /// Long-term gains + losses − long-term carryover in (Schedule D line 15).
    public var netLongTerm: Money
    /// netShortTerm + netLongTerm (Schedule D line 16).
    public var netCapitalGain: Money
    /// The net loss deducted against ordinary income this year (positive; Schedule D line 21).
    public var deductionAgainstOrdinaryIncome: Money
    /// What carries into the next year (Capital Loss Carryover Worksheet lines 7 and 15).
    public var carryforwardOut: Carryforward
    /// Ordinary income received, by type.
    public var incomeByType: [IncomeType: Money]
    public var totalIncome: Money
    /// How many disposal rows rest on assumed zero-basis units.
    public var missingBasisRows: Int
}

/// Builds year summaries from disposals and income under a jurisdiction's netting rule.
public enum YearSummaries {
    /// One summary per year from the first year with activity (or `from`) through the last (or `through`),
    /// carrying losses forward year to year from `carryforward` (the loss carried into the first year).
    public static func compute(
        disposals: [Disposal], income: [IncomeRecord], jurisdiction: Jurisdiction, filing: FilingStatus = .single,
        carryforward: Carryforward = .none, from firstYear: Int? = nil, through lastYear: Int? = nil
    ) -> [YearSummary] {
        var byYear: [Int: [Disposal]] = [:]
        for disposal in disposals { byYear[disposal.taxYear, default: []].append(disposal) }
        var incomeByYear: [Int: [IncomeRecord]] = [:]
        for record in income { incomeByYear[record.taxYear, default: []].append(record) }
        let years = Set(byYear.keys).union(incomeByYear.keys)
        guard let start = firstYear ?? years.min(), let end = lastYear ?? years.max(), start <= end else { return [] }
        var carried = carryforward
        var summaries: [YearSummary] = []
        for year in start...end {
            let summary = summarize(year: year, disposals: byYear[year] ?? [], income: incomeByYear[year] ?? [],
                                    jurisdiction: jurisdiction, filing: filing, carryforwardIn: carried)
            carried = summary.carryforwardOut
            summaries.append(summary)
        }
        return summaries
    }

    /// One year's summary.
    public static func summarize(
        year: Int, disposals: [Disposal], income: [IncomeRecord], jurisdiction: Jurisdiction, filing: FilingStatus,
        carryforwardIn: Carryforward
    ) -> YearSummary {
        var proceeds = Money.zero, basis = Money.zero, adjustments = Money.zero
        var shortGains = Money.zero, shortLosses = Money.zero, longGains = Money.zero, longLosses = Money.zero
        var missing = 0
        for disposal in disposals {
            proceeds += disposal.proceeds
            basis += disposal.costBasis
            adjustments += disposal.adjustment
            let gain = disposal.gain
            switch (disposal.term, gain.isNegative) {
            case (.short, false): shortGains += gain
            case (.short, true): shortLosses += gain
            case (.long, false): longGains += gain
            case (.long, true): longLosses += gain
            }
            if disposal.missingBasis { missing += 1 }
        }
        var incomeByType: [IncomeType: Money] = [:]
        for record in income { incomeByType[record.type, default: .zero] += record.value }
        let netShort = shortGains + shortLosses - carryforwardIn.shortTerm
        let netLong = longGains + longLosses - carryforwardIn.longTerm
        let (deduction, carryOut) = switch jurisdiction.netting {
        case .unitedStates:
            usNetting(netShortTerm: netShort, netLongTerm: netLong, limit: Jurisdiction.usCapitalLossLimit(filing))
        }
        return YearSummary(
            year: year, proceeds: proceeds, costBasis: basis, adjustments: adjustments, shortTermGains: shortGains,
            shortTermLosses: shortLosses, longTermGains: longGains, longTermLosses: longLosses,
            carryforwardIn: carryforwardIn, netShortTerm: netShort, netLongTerm: netLong, netCapitalGain: netShort + netLong,
            deductionAgainstOrdinaryIncome: deduction, carryforwardOut: carryOut, incomeByType: incomeByType,
            totalIncome: incomeByType.values.sum(), missingBasisRows: missing)
    }

    /// IRC §1211(b) and §1212(b), as the Schedule D Capital Loss Carryover Worksheet computes them:
    /// a net capital loss is deducted up to `limit`; the short-term part is used first; each character's
    /// excess carries forward.
    ///
    /// Worksheet lines (taxable income assumed large enough for the full deduction, lines 1–4):
    /// - 4: deduction = min(limit, net loss)
    /// - 7: short carryover = ST loss − (LT gain + deduction)
    /// - 10: deduction left for long = deduction − ST loss (not below zero)
    /// - 12: long carryover = LT loss − (ST gain + line 10)
    public static func usNetting(netShortTerm: Money, netLongTerm: Money, limit: Money) -> (deduction: Money, carryforward: Carryforward) {
        let net = netShortTerm + netLongTerm
        guard net.isNegative else { return (.zero, .none) }
        let deduction = min(limit, -net)
        let shortLoss = netShortTerm.isNegative ? -netShortTerm : .zero
        let longLoss = netLongTerm.isNegative ? -netLongTerm : .zero
        let shortGain = netShortTerm.isPositive ? netShortTerm : .zero
        let longGain = netLongTerm.isPositive ? netLongTerm : .zero
        let shortCarry = max(.zero, shortLoss - (longGain + deduction))
        let deductionLeft = max(.zero, deduction - shortLoss)
        let longCarry = max(.zero, longLoss - (shortGain + deductionLeft))
        return (deduction, Carryforward(shortTerm: shortCarry, longTerm: longCarry))
    }
}
