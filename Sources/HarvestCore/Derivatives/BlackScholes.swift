/// The Black-Scholes price of a European option (Black & Scholes 1973; Hull, *Options, Futures, and Other
/// Derivatives*, §15.8): a **model estimate**, used only where Harvest has no market price for an option (a hedge's
/// premium in `harvest plan`, the options backtest).
///
/// The model's inputs and outputs are statistics, not amounts: exp, log and the normal distribution are computed in
/// `Double`, and the price is converted to exact `Money` at once, rounded to the cent half away from zero
/// (`premium(...)`), before any money arithmetic touches it. No amount is ever computed in `Double`.
///
///     c = S·N(d1) − K·e^(−rT)·N(d2)      p = K·e^(−rT)·N(−d2) − S·N(−d1)
///     d1 = (ln(S/K) + (r + σ²/2)·T) / (σ·√T)      d2 = d1 − σ·√T
public enum BlackScholes {
    /// The model price per unit of the underlying, in `Double`. Nil when an input is out of the model's domain (a price
    /// or strike not positive, a volatility or time negative, or anything not finite). With no time or no volatility
    /// left, the option is worth its discounted intrinsic value.
    /// - Parameters:
    ///   - spot: S, the underlying's price.
    ///   - strike: K.
    ///   - years: T, the time to expiry in years.
    ///   - rate: r, the continuously compounded risk-free rate a year.
    ///   - volatility: σ, the annualized volatility of the underlying's returns.
    public static func price(right: OptionRight, spot: Double, strike: Double, years: Double, rate: Double, volatility: Double) -> Double? {
        guard spot.isFinite, strike.isFinite, years.isFinite, rate.isFinite, volatility.isFinite,
              spot > 0, strike > 0, years >= 0, volatility >= 0 else { return nil }
        let discount = BacktestMetrics.exp(-rate * years)
        let deviation = volatility * years.squareRoot()
        guard deviation > 1e-12 else {
            // Nothing left to happen: the forward's intrinsic value, discounted.
            let intrinsic = right == .call ? spot - strike * discount : strike * discount - spot
            return max(0, intrinsic)
        }
        let d1 = (logarithm(spot / strike) + (rate + volatility * volatility / 2) * years) / deviation
        let d2 = d1 - deviation
        switch right {
        case .call: return max(0, spot * normalCDF(d1) - strike * discount * normalCDF(d2))
        case .put: return max(0, strike * discount * normalCDF(-d2) - spot * normalCDF(-d1))
        }
    }

    /// The premium of `units` units of the underlying as exact money: the model's price per unit, converted to `Money`
    /// to the cent (half away from zero), times the units, to the cent again. Nil outside the model's domain.
    /// - Parameters:
    ///   - spot, strike: exact prices, converted to `Double` (to the 9th decimal) for the model only.
    public static func premium(
        right: OptionRight, spot: Price, strike: Price, units: Quantity, days: Int, rate: Fixed, volatility: Double
    ) -> Money? {
        guard let perUnit = price(
            right: right, spot: spot.fixed.statistic(fractionDigits: 9), strike: strike.fixed.statistic(fractionDigits: 9),
            years: Double(days) / 365, rate: rate.statistic(fractionDigits: 9), volatility: volatility),
            let cents = money(perUnit) else { return nil }
        return (Price(cents.fixed) * units).rounded(scale: 2, .halfAwayFromZero)
    }

    /// A model price as money to the cent (half away from zero); nil when it is not finite or too large to hold.
    public static func money(_ value: Double) -> Money? {
        guard value.isFinite, abs(value) < 1e15 else { return nil }
        let cents = (value * 100).rounded(.toNearestOrAwayFromZero)
        return Money(Fixed(Int(cents)).divided(by: 100, rounding: .halfEven))
    }

    /// The standard normal distribution function N(x), by Marsaglia's series (*Evaluating the Normal Distribution*,
    /// J. Stat. Software 11(4), 2004): N(x) = 1/2 + φ(x)·(x + x³/3 + x⁵/(3·5) + …), every term positive, accurate to
    /// about 1e−15; 0 below −10 and 1 above 10.
    public static func normalCDF(_ x: Double) -> Double {
        guard x > -10 else { return 0 }
        guard x < 10 else { return 1 }
        var term = x, sum = x
        let square = x * x
        var n = 1.0
        // Bounded: at |x| < 10 the terms fall below 1e-17 of the sum within a few hundred steps.
        for _ in 0..<1_000 {
            n += 2
            term *= square / n
            let next = sum + term
            if next == sum { break }
            sum = next
        }
        let density = BacktestMetrics.exp(-square / 2) / (2 * Double.pi).squareRoot()
        return min(1, max(0, 0.5 + density * sum))
    }

    /// ln(x) for x > 0, without Foundation: `BacktestMetrics.log1p(x − 1)` for x near 1, and powers of 2 taken out first
    /// so the series converges fast for any x.
    static func logarithm(_ x: Double) -> Double {
        var value = x, twos = 0.0
        while value > 1.5 && twos < 2_000 {
            value /= 2
            twos += 1
        }
        while value < 0.75 && twos > -2_000 {
            value *= 2
            twos -= 1
        }
        return BacktestMetrics.log1p(value - 1) + twos * 0.693_147_180_559_945_3
    }
}
