/// The taxpayer's situation and the assumptions a harvest plan is valued with (DESIGN.md "TaxProfile").
/// Rates are fractions (`0.35`), exact decimals like every other figure.
public struct TaxProfile: Sendable, Hashable {
    public var filing: FilingStatus
    /// Marginal federal rate on short-term gains and ordinary income.
    public var shortRate: Fixed
    /// Marginal federal rate on long-term gains.
    public var longRate: Fixed
    /// State rate, added to both (most states tax capital gains as ordinary income).
    public var stateRate: Fixed
    /// Capital loss carried into the year (positive amounts).
    public var carryforward: Carryforward
    /// Discount rate for future tax: the value of paying later.
    public var discountRate: Fixed
    /// Years until the replacement is sold (for the deferred tax on its lowered basis).
    public var horizonYears: Int
    /// How the position ends: sold (long-term by then when the horizon is a year or more), or never sold
    /// (donated, or held until a step-up in basis at death, IRC §1014): then the deferred tax is never paid.
    public var exit: Exit
    /// What a dollar of loss carried to next year is worth now, as a fraction of the long-term rate,
    /// before discounting a year (it may offset long-term gains, or only $3,000 a year of income).
    public var carryforwardWeight: Fixed
    /// UK: which of the two rates the user's gains fall in (the basic-rate band or above): read with the
    /// jurisdiction's rates by period. Default: above it (higher or additional rate), the common case for
    /// people harvesting; gains straddling the band are not split.
    public var rateBand: RateBand = .upper
    /// US: each tax year's taxable income as Form 1040 line 15 shows it, negative when deductions exceed income (line 11
    /// minus line 14), by tax year: the Capital Loss Carryover Worksheet's line 1 for the loss carried out of that year.
    /// A year without one assumes the worksheet's cap (lines 1–3) does not bind.
    public var taxableIncomeByYear: [Int: Money] = [:]

    public enum Exit: String, Sendable, Hashable, CaseIterable {
        case sell
        case never
    }

    public init(
        filing: FilingStatus = .single, shortRate: Fixed = "0.35", longRate: Fixed = "0.15", stateRate: Fixed = "0",
        carryforward: Carryforward = .none, discountRate: Fixed = "0.05", horizonYears: Int = 5, exit: Exit = .sell,
        carryforwardWeight: Fixed = "1"
    ) {
        self.filing = filing
        self.shortRate = shortRate
        self.longRate = longRate
        self.stateRate = stateRate
        self.carryforward = carryforward
        self.discountRate = discountRate
        self.horizonYears = horizonYears
        self.exit = exit
        self.carryforwardWeight = carryforwardWeight
    }

    /// Combined rates: federal plus state.
    public var shortTotal: Fixed { shortRate + stateRate }
    public var longTotal: Fixed { longRate + stateRate }

    /// 1 / (1 + discount rate)^years, rounded half-even at 18 digits.
    public func discountFactor(years: Int) -> Fixed {
        var factor = Fixed.one
        let step = Fixed.one + discountRate
        for _ in 0..<max(0, years) { factor = factor.divided(by: step, rounding: .halfEven) }
        return factor
    }
}

/// What trading costs: a venue fee and the spread and slippage, in basis points of the amount traded.
public struct TradingCosts: Sendable, Hashable {
    public var feeBasisPoints: Fixed
    public var slippageBasisPoints: Fixed

    /// Defaults: 10 bps fee (a typical exchange taker fee at volume) and 20 bps spread and slippage.
    public init(feeBasisPoints: Fixed = 10, slippageBasisPoints: Fixed = 20) {
        self.feeBasisPoints = feeBasisPoints
        self.slippageBasisPoints = slippageBasisPoints
    }

    /// The cost of selling `value` and buying it back.
    public func roundTrip(_ value: Money) -> Money {
        value.scaled(by: (feeBasisPoints + slippageBasisPoints) * 2, over: 10_000, rounding: .halfEven)
    }
}

extension Fixed {
    /// Exact product of two decimals that fit: for rates times small integers.
    static func * (lhs: Fixed, rhs: Int) -> Fixed { Fixed(raw: lhs.raw * Int128(rhs)) }
}
