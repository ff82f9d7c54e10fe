/// Short- and long-term capital loss carried from one year into the next, each keeping its character.
///
/// Jurisdictions whose carried losses keep no character (Australia, Germany) read the sum of both as the loss
/// carried in, and carry their loss out in `shortTerm`.
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
    /// Both characters together: the loss carried, for jurisdictions that do not keep its character.
    public var total: Money { shortTerm + longTerm }
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
    /// Australia: the item 18 figures (the US-named fields hold: net short and long term without carryover; net
    /// capital gain = label A, or minus the loss carried forward).
    public var australia: AustralianCGT? = nil
    /// Germany: the §23 private-sales figures (net short term = the §23 total; net long term = the exempt results;
    /// net capital gain = the taxable amount, or minus the loss carried forward).
    public var germany: GermanPrivateSales? = nil
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
        var summary = YearSummary(
            year: year, proceeds: proceeds, costBasis: basis, adjustments: adjustments, shortTermGains: shortGains,
            shortTermLosses: shortLosses, longTermGains: longGains, longTermLosses: longLosses,
            carryforwardIn: carryforwardIn, netShortTerm: .zero, netLongTerm: .zero, netCapitalGain: .zero,
            deductionAgainstOrdinaryIncome: .zero, carryforwardOut: .none, incomeByType: incomeByType,
            totalIncome: incomeByType.values.sum(), missingBasisRows: missing)
        switch jurisdiction.netting {
        case .unitedStates:
            let netShort = shortGains + shortLosses - carryforwardIn.shortTerm
            let netLong = longGains + longLosses - carryforwardIn.longTerm
            let (deduction, carryOut) = usNetting(netShortTerm: netShort, netLongTerm: netLong, limit: Jurisdiction.usCapitalLossLimit(filing))
            summary.netShortTerm = netShort
            summary.netLongTerm = netLong
            summary.netCapitalGain = netShort + netLong
            summary.deductionAgainstOrdinaryIncome = deduction
            summary.carryforwardOut = carryOut
        case .australia:
            let cgt = AustralianCGT.compute(
                nonDiscountableGains: shortGains, discountableGains: longGains, currentYearLosses: -(shortLosses + longLosses),
                carriedIn: carryforwardIn.total)
            summary.australia = cgt
            summary.netShortTerm = shortGains + shortLosses
            summary.netLongTerm = longGains + longLosses
            summary.netCapitalGain = cgt.netCapitalGain.isPositive ? cgt.netCapitalGain : -cgt.carriedOut
            summary.carryforwardOut = Carryforward(shortTerm: cgt.carriedOut)
        case .germany:
            let sales = GermanPrivateSales.compute(
                year: year, gains: shortGains, losses: shortLosses, exemptGains: longGains, exemptLosses: longLosses,
                carriedIn: carryforwardIn.total)
            summary.germany = sales
            summary.netShortTerm = sales.total
            summary.netLongTerm = longGains + longLosses
            summary.netCapitalGain = sales.taxable.isPositive ? sales.taxable : -sales.carriedOut
            summary.carryforwardOut = Carryforward(shortTerm: sales.carriedOut)
        }
        return summary
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
