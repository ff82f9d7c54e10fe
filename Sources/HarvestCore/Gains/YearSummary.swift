/// Short- and long-term capital loss carried from one year into the next, each keeping its character.
///
/// Jurisdictions whose carried losses keep no character read the sum of both (`total`) as the loss carried in;
/// Australia and Germany carry their loss out in `shortTerm`, the UK and Canada (one class of gains, reported in the
/// long-term fields) in `longTerm`.
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
    /// Disposals as the return counts them: UK, a token's disposals on one day are one (TCGA s.105(1)); elsewhere
    /// one per row. Under the UK and Canadian rules the gains and losses above are per disposal, in the long-term
    /// fields (one class of gains).
    public var disposalCount = 0
    /// UK: the annual exempt amount of the year.
    public var exemptAmount = Money.zero
    /// UK, Canada: loss brought forward used this year (UK: only down to the exempt amount).
    public var carryforwardUsed = Money.zero
    /// What is taxed: UK, the gains after losses and the exempt amount; Canada, the taxable capital gain (the
    /// inclusion rate of the net gain after losses of other years); Australia, label A (net capital gain); Germany, the
    /// taxable §23 amount; US, the net capital gain when positive.
    public var taxableGain = Money.zero
    /// UK: the capital gains tax at the rates of each gain's period, in the chosen band (`RateBand`).
    public var estimatedTax: Money?
    /// UK: the year's gains by rate period (2024-25 splits at 30 October 2024), with what is taxed in each.
    public var ratePeriods: [RatePeriodGains] = []
}

/// A tax year's gains that fall in one rate period (UK).
public struct RatePeriodGains: Sendable, Hashable, Codable {
    /// The first day of the period, or of the tax year when the period started earlier.
    public var from: CivilDate
    /// The gains of the disposals in the period that made a gain, and the losses of those that made a loss.
    public var gains: Money
    public var losses: Money
    /// What is taxed after this period's share of losses, losses brought forward and the exempt amount, which
    /// go first against the gains taxed at the highest rate (TCGA s.4B: the most beneficial way).
    public var taxable: Money
    public var rate: Fixed
    public var tax: Money
}

/// Builds year summaries from disposals and income under a jurisdiction's netting rule.
public enum YearSummaries {
    /// One summary per year from the first year with activity (or `from`) through the last (or `through`),
    /// carrying losses forward year to year from `carryforward` (the loss carried into the first year).
    public static func compute(
        disposals: [Disposal], income: [IncomeRecord], jurisdiction: Jurisdiction, filing: FilingStatus = .single,
        carryforward: Carryforward = .none, from firstYear: Int? = nil, through lastYear: Int? = nil, band: RateBand = .upper
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
                                    jurisdiction: jurisdiction, filing: filing, carryforwardIn: carried, band: band)
            carried = summary.carryforwardOut
            summaries.append(summary)
        }
        return summaries
    }

    /// One year's summary.
    public static func summarize(
        year: Int, disposals: [Disposal], income: [IncomeRecord], jurisdiction: Jurisdiction, filing: FilingStatus,
        carryforwardIn: Carryforward, band: RateBand = .upper
    ) -> YearSummary {
        if jurisdiction.netting == .unitedKingdom || jurisdiction.netting == .canada {
            return singleClass(year: year, disposals: disposals, income: income, jurisdiction: jurisdiction, carryforwardIn: carryforwardIn,
                               band: band)
        }
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
            summary.taxableGain = max(.zero, netShort + netLong)
        case .australia:
            let cgt = AustralianCGT.compute(
                nonDiscountableGains: shortGains, discountableGains: longGains, currentYearLosses: -(shortLosses + longLosses),
                carriedIn: carryforwardIn.total)
            summary.australia = cgt
            summary.netShortTerm = shortGains + shortLosses
            summary.netLongTerm = longGains + longLosses
            summary.netCapitalGain = cgt.netCapitalGain.isPositive ? cgt.netCapitalGain : -cgt.carriedOut
            summary.carryforwardOut = Carryforward(shortTerm: cgt.carriedOut)
            summary.taxableGain = cgt.netCapitalGain
        case .germany:
            let sales = GermanPrivateSales.compute(
                year: year, gains: shortGains, losses: shortLosses, exemptGains: longGains, exemptLosses: longLosses,
                carriedIn: carryforwardIn.total)
            summary.germany = sales
            summary.netShortTerm = sales.total
            summary.netLongTerm = longGains + longLosses
            summary.netCapitalGain = sales.taxable.isPositive ? sales.taxable : -sales.carriedOut
            summary.carryforwardOut = Carryforward(shortTerm: sales.carriedOut)
            summary.taxableGain = sales.taxable
        case .unitedKingdom, .canada:
            preconditionFailure("one class of gains: summarized by singleClass")
        }
        summary.disposalCount = disposals.count
        return summary
    }

    /// A year under one class of gains (UK, Canada): gains and losses per disposal, then the country's netting.
    static func singleClass(
        year: Int, disposals: [Disposal], income: [IncomeRecord], jurisdiction: Jurisdiction, carryforwardIn: Carryforward,
        band: RateBand
    ) -> YearSummary {
        // A disposal's rows (its same-day, 30-day and pool parts) net into one gain or loss: per token and day in the
        // UK (TCGA s.105(1)), per disposing transaction and asset in Canada.
        struct Key: Hashable {
            var asset: Asset
            var day: Int32
            var transaction: String
        }
        let perDay = jurisdiction.netting == .unitedKingdom
        var byDisposal: [Key: Money] = [:]
        var order: [Key] = []
        var proceeds = Money.zero, basis = Money.zero, adjustments = Money.zero
        var missing = 0
        for disposal in disposals {
            proceeds += disposal.proceeds
            basis += disposal.costBasis
            adjustments += disposal.adjustment
            if disposal.missingBasis { missing += 1 }
            let key = Key(asset: disposal.asset, day: disposal.dateDisposed.daysSinceEpoch,
                          transaction: perDay ? "" : disposal.disposalTransactionID)
            if byDisposal[key] == nil { order.append(key) }
            byDisposal[key, default: .zero] += disposal.gain
        }
        var gains = Money.zero, losses = Money.zero
        for key in order {
            let gain = byDisposal[key]!
            if gain.isNegative { losses += gain } else { gains += gain }
        }
        var incomeByType: [IncomeType: Money] = [:]
        for record in income { incomeByType[record.type, default: .zero] += record.value }
        let broughtForward = carryforwardIn.total
        let net = gains + losses
        var used = Money.zero
        var taxable = Money.zero
        var exempt = Money.zero
        switch jurisdiction.netting {
        case .unitedKingdom:
            // Losses of the year first; losses brought forward only down to the exempt amount (TCGA s.2A(2)–(3)).
            exempt = jurisdiction.schedule.exemptAmount(year: year)
            if net.isPositive {
                used = min(broughtForward, max(.zero, net - exempt))
                taxable = max(.zero, net - used - exempt)
            }
        case .canada, .unitedStates, .australia, .germany:
            // Net capital losses of other years against the net gain, then the inclusion rate (ITA s.3(b), s.111(1)(b)).
            if net.isPositive { used = min(broughtForward, net) }
            taxable = Money((net - used).fixed.multiplied(by: jurisdiction.schedule.inclusionRate, rounding: .halfEven))
            if !taxable.isPositive { taxable = .zero }
        }
        let carryOut = Carryforward(longTerm: broughtForward - used + (net.isNegative ? -net : .zero))
        var summary = YearSummary(
            year: year, proceeds: proceeds, costBasis: basis, adjustments: adjustments, shortTermGains: .zero, shortTermLosses: .zero,
            longTermGains: gains, longTermLosses: losses, carryforwardIn: carryforwardIn, netShortTerm: .zero, netLongTerm: net - used,
            netCapitalGain: net - used, deductionAgainstOrdinaryIncome: .zero, carryforwardOut: carryOut, incomeByType: incomeByType,
            totalIncome: incomeByType.values.sum(), missingBasisRows: missing)
        summary.disposalCount = order.count
        summary.exemptAmount = exempt
        summary.carryforwardUsed = used
        summary.taxableGain = taxable
        if jurisdiction.netting == .unitedKingdom {
            summary.ratePeriods = ukRatePeriods(year: year, byDisposal: order.map { (CivilDate(daysSinceEpoch: $0.day), byDisposal[$0]!) },
                                                taxable: taxable, jurisdiction: jurisdiction, band: band)
            summary.estimatedTax = summary.ratePeriods.map(\.tax).sum()
        }
        return summary
    }

    /// Splits a UK year's gains by rate period and taxes each: the year's losses, the losses brought forward and the
    /// exempt amount (everything between the gains and `taxable`) go against the highest-rate gains first.
    static func ukRatePeriods(
        year: Int, byDisposal: [(date: CivilDate, gain: Money)], taxable: Money, jurisdiction: Jurisdiction, band: RateBand
    ) -> [RatePeriodGains] {
        let start = jurisdiction.taxYear.start(of: year), end = jurisdiction.taxYear.end(of: year)
        var periods: [RatePeriodGains] = []
        for period in jurisdiction.schedule.ratePeriods {
            let next = jurisdiction.schedule.ratePeriods.first { $0.from > period.from }?.from
            guard period.from <= end, next.map({ $0 > start }) ?? true else { continue }
            periods.append(RatePeriodGains(from: max(period.from, start), gains: .zero, losses: .zero, taxable: .zero,
                                           rate: period.rate(band), tax: .zero))
        }
        guard !periods.isEmpty else { return [] }
        for (date, gain) in byDisposal {
            let index = periods.lastIndex { $0.from <= date } ?? 0
            if gain.isNegative { periods[index].losses += gain } else { periods[index].gains += gain }
        }
        var deductions = periods.map(\.gains).sum() - taxable
        for index in periods.indices.sorted(by: { (periods[$0].rate, $0) > (periods[$1].rate, $1) }) {
            let taken = min(deductions, periods[index].gains)
            periods[index].taxable = periods[index].gains - taken
            deductions -= taken
            periods[index].tax = Money(periods[index].taxable.fixed.multiplied(by: periods[index].rate, rounding: .halfEven))
        }
        return periods
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
