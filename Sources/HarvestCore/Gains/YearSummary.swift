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

/// Gains (positive) and losses (negative) kept apart by term: a year's results, or what it has realized so far.
/// Australia applies a loss of either term to short-term gains first and Germany ignores long-term results, so the
/// four sums are kept rather than two nets.
public struct RealizedGains: Sendable, Hashable {
    public var shortTermGains: Money
    public var shortTermLosses: Money
    public var longTermGains: Money
    public var longTermLosses: Money

    public init(shortTermGains: Money = .zero, shortTermLosses: Money = .zero, longTermGains: Money = .zero, longTermLosses: Money = .zero) {
        self.shortTermGains = shortTermGains
        self.shortTermLosses = shortTermLosses
        self.longTermGains = longTermGains
        self.longTermLosses = longTermLosses
    }

    /// From net figures and their loss parts (negative; zero when unknown: a negative net is then all loss).
    public init(netShortTerm: Money, shortTermLosses: Money, netLongTerm: Money, longTermLosses: Money) {
        let shortLosses = shortTermLosses.isZero ? min(netShortTerm, .zero) : shortTermLosses
        let longLosses = longTermLosses.isZero ? min(netLongTerm, .zero) : longTermLosses
        self.init(shortTermGains: netShortTerm - shortLosses, shortTermLosses: shortLosses,
                  longTermGains: netLongTerm - longLosses, longTermLosses: longLosses)
    }

    public var netShortTerm: Money { shortTermGains + shortTermLosses }
    public var netLongTerm: Money { longTermGains + longTermLosses }
    /// Every gain and loss together.
    public var net: Money { netShortTerm + netLongTerm }

    /// With one more result of `term` added.
    public func adding(_ gain: Money, term: Term) -> RealizedGains {
        var copy = self
        copy.add(gain, term: term)
        return copy
    }

    public mutating func add(_ gain: Money, term: Term) {
        switch (term, gain.isNegative) {
        case (.short, false): shortTermGains += gain
        case (.short, true): shortTermLosses += gain
        case (.long, false): longTermGains += gain
        case (.long, true): longTermLosses += gain
        }
    }
}

/// One tax year's disposals and income, with the totals every country reports: what a `TaxRegime` nets.
///
/// The totals add up the rows as printed (`Disposal.printed`: cents, half away from zero), the forms' rule: every total
/// a user reads is the sum of the rows it totals.
public struct YearActivity: Sendable {
    public var year: Int
    /// The year's disposal rows, in disposal order (exact; their printed figures are what the totals add).
    public var disposals: [Disposal]
    /// Proceeds net of selling costs (`Disposal.proceeds`).
    public var proceeds = Money.zero
    public var costBasis = Money.zero
    public var adjustments = Money.zero
    /// The selling costs `proceeds` is net of (`Disposal.sellingCost`).
    public var sellingCosts = Money.zero
    /// The rows' gains and losses by term.
    public var rows = RealizedGains()
    /// How many rows rest on assumed zero-basis units.
    public var missingBasisRows = 0
    /// How many disposal and income rows rest on a transaction the user edited (`harvest tx edit`).
    public var editedRows = 0
    /// Ordinary income received, by type.
    public var incomeByType: [IncomeType: Money] = [:]

    public init(year: Int, disposals: [Disposal], income: [IncomeRecord]) {
        self.year = year
        self.disposals = disposals
        for disposal in disposals {
            let printed = disposal.printed
            proceeds += printed.proceeds
            costBasis += printed.costBasis
            adjustments += printed.adjustment
            sellingCosts += printed.sellingCost
            rows.add(printed.gain, term: disposal.term)
            if disposal.missingBasis { missingBasisRows += 1 }
            if disposal.edited { editedRows += 1 }
        }
        for record in income {
            incomeByType[record.type, default: .zero] += record.value
            if record.edited { editedRows += 1 }
        }
    }
}

extension YearActivity {
    /// Adds results that are not disposal rows (derivatives: their rows, Form 6781's lines 8 and 9) to the year's gains.
    public mutating func add(_ other: RealizedGains) {
        rows.shortTermGains += other.shortTermGains
        rows.shortTermLosses += other.shortTermLosses
        rows.longTermGains += other.longTermGains
        rows.longTermLosses += other.longTermLosses
    }
}

/// The rules a year's netting reads besides the history: the filing status (the US loss limit), the rate band (the
/// UK's rates) and the year's taxable income (the US carryover worksheet's line 1), when known.
public struct NettingOptions: Sendable, Hashable {
    public var filing: FilingStatus
    public var band: RateBand
    /// US: the year's taxable income as Form 1040 line 15 shows it, negative when deductions exceed income (line 11
    /// minus line 14): the Capital Loss Carryover Worksheet's line 1. `nil`: not given, the worksheet's cap is assumed
    /// not to bind.
    public var taxableIncome: Money?
    public init(filing: FilingStatus = .single, band: RateBand = .upper, taxableIncome: Money? = nil) {
        self.filing = filing
        self.band = band
        self.taxableIncome = taxableIncome
    }
}

/// One tax year's capital gains picture and ordinary income, after the jurisdiction's netting: the totals every country
/// reports, and the country's own figures in `figures` (Schedule D, item 18, Anlage SO, ...).
public struct YearSummary: Sendable, Hashable {
    public var year: Int
    /// Proceeds net of selling costs; `grossProceeds` before them.
    public var proceeds: Money
    public var costBasis: Money
    public var adjustments: Money
    /// The selling costs `proceeds` is net of: the UK's and Germany's separate cost line, Canada's outlays and expenses.
    public var sellingCosts: Money
    /// The year's gains (positive) and losses (negative) by term, as the country counts them: row by row (US, Australia,
    /// Germany), or disposal by disposal under one class of gains (UK: a token's disposals on one day, TCGA s.105(1);
    /// Canada: one transaction's), all in the long-term fields.
    public var shortTermGains: Money
    public var shortTermLosses: Money
    public var longTermGains: Money
    public var longTermLosses: Money
    /// Loss carried in from the previous year, and what carries into the next (positive amounts).
    public var carryforwardIn: Carryforward
    public var carryforwardOut: Carryforward
    /// Ordinary income received, by type.
    public var incomeByType: [IncomeType: Money]
    public var totalIncome: Money
    /// How many disposal rows rest on assumed zero-basis units.
    public var missingBasisRows: Int
    /// How many disposal and income rows rest on a transaction the user edited (`harvest tx edit`).
    public var editedRows: Int
    /// Disposals as the return counts them: the UK counts a token's disposals on one day as one (TCGA s.105(1)),
    /// Canada one per transaction and asset; elsewhere one per row.
    public var disposalCount: Int
    /// What is taxed: US, the net capital gain when positive; UK, the gains after losses and the exempt amount; Canada,
    /// the taxable capital gain; Australia, label A (net capital gain); Germany, the taxable §23 amount.
    public var taxableGain: Money
    /// The country's own figures.
    public var figures: CountryFigures

    /// A summary of `activity` with the country's counting of its gains and its netting.
    public init(
        _ activity: YearActivity, gains: RealizedGains, disposalCount: Int, carryforwardIn: Carryforward,
        carryforwardOut: Carryforward, taxableGain: Money, figures: CountryFigures
    ) {
        year = activity.year
        proceeds = activity.proceeds
        costBasis = activity.costBasis
        adjustments = activity.adjustments
        sellingCosts = activity.sellingCosts
        shortTermGains = gains.shortTermGains
        shortTermLosses = gains.shortTermLosses
        longTermGains = gains.longTermGains
        longTermLosses = gains.longTermLosses
        self.carryforwardIn = carryforwardIn
        self.carryforwardOut = carryforwardOut
        incomeByType = activity.incomeByType
        totalIncome = activity.incomeByType.values.sum()
        missingBasisRows = activity.missingBasisRows
        editedRows = activity.editedRows
        self.disposalCount = disposalCount
        self.taxableGain = taxableGain
        self.figures = figures
    }

    /// Proceeds before selling costs (`proceeds + sellingCosts`).
    public var grossProceeds: Money { proceeds + sellingCosts }

    /// The year's gains and losses by term, as the country counts them.
    public var gains: RealizedGains {
        RealizedGains(shortTermGains: shortTermGains, shortTermLosses: shortTermLosses, longTermGains: longTermGains,
                      longTermLosses: longTermLosses)
    }
}

/// Builds year summaries from disposals and income under a jurisdiction's netting (its `TaxRegime`).
public enum YearSummaries {
    /// One summary per year from the first year with activity (or `from`) through the last (or `through`),
    /// carrying losses forward year to year from `carryforward` (the loss carried into the first year, as printed on the
    /// return before the data: rounded to cents).
    /// - Parameter taxableIncomeByYear: US, each year's taxable income (Form 1040 line 15, negative when deductions exceed
    ///   income) for the Capital Loss Carryover Worksheet; a year without one assumes the cap does not bind.
    /// - Parameter otherGains: results that are not disposal rows, by year: derivatives (`DerivativeResult.realized(year:)`).
    public static func compute(
        disposals: [Disposal], income: [IncomeRecord], jurisdiction: Jurisdiction, filing: FilingStatus = .single,
        carryforward: Carryforward = .none, from firstYear: Int? = nil, through lastYear: Int? = nil, band: RateBand = .upper,
        taxableIncomeByYear: [Int: Money] = [:], otherGains: [Int: RealizedGains] = [:]
    ) -> [YearSummary] {
        // Each year's rows by their positions, copied out one year at a time (all of them at once, grown by doubling, were
        // the largest allocation of a million-row replay's summaries).
        var disposalsOfYear: [Int: [Int32]] = [:]
        for (position, disposal) in disposals.enumerated() { disposalsOfYear[disposal.taxYear, default: []].append(Int32(position)) }
        var incomeOfYear: [Int: [Int32]] = [:]
        for (position, record) in income.enumerated() { incomeOfYear[record.taxYear, default: []].append(Int32(position)) }
        let years = Set(disposalsOfYear.keys).union(incomeOfYear.keys).union(otherGains.keys)
        guard let start = firstYear ?? years.min(), let end = lastYear ?? years.max(), start <= end else { return [] }
        var carried = carryforward.printed
        var summaries: [YearSummary] = []
        for year in start...end {
            var activity = YearActivity(
                year: year, disposals: disposalsOfYear[year]?.map { disposals[Int($0)] } ?? [],
                income: incomeOfYear[year]?.map { income[Int($0)] } ?? [])
            if let other = otherGains[year] { activity.add(other) }
            let options = NettingOptions(filing: filing, band: band, taxableIncome: taxableIncomeByYear[year])
            let summary = jurisdiction.regime.summarize(activity, carryforwardIn: carried, options: options, in: jurisdiction)
            carried = summary.carryforwardOut
            summaries.append(summary)
        }
        return summaries
    }

    /// One year's summary with the loss carried in taken as it is (not rounded to cents again): how `compute` figures each
    /// year after the first, for a caller that keeps the chain of carried losses (`ReplaySnapshot`).
    public static func summarize(
        year: Int, disposals: [Disposal], income: [IncomeRecord], jurisdiction: Jurisdiction, filing: FilingStatus,
        carriedIn: Carryforward, band: RateBand, taxableIncome: Money?
    ) -> YearSummary {
        jurisdiction.regime.summarize(
            YearActivity(year: year, disposals: disposals, income: income), carryforwardIn: carriedIn,
            options: NettingOptions(filing: filing, band: band, taxableIncome: taxableIncome), in: jurisdiction)
    }

    /// One year's summary.
    public static func summarize(
        year: Int, disposals: [Disposal], income: [IncomeRecord], jurisdiction: Jurisdiction, filing: FilingStatus,
        carryforwardIn: Carryforward, band: RateBand = .upper, taxableIncome: Money? = nil
    ) -> YearSummary {
        jurisdiction.regime.summarize(
            YearActivity(year: year, disposals: disposals, income: income), carryforwardIn: carryforwardIn.printed,
            options: NettingOptions(filing: filing, band: band, taxableIncome: taxableIncome), in: jurisdiction)
    }
}
