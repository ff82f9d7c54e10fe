/// The options strategy of the backtest (`BacktestStrategy.monthlyPuts`, `--strategy puts:monthly`): hold the spot
/// portfolio as `none` does (deposits, rebalancing) and, on the first day of every month, buy a one-month
/// at-the-money put on the units of each asset held; on the first day of the next month it expires, cash-settled at its
/// intrinsic value, and the next one is bought. Each expiry realizes the premium as a short-term loss when the put ends
/// out of the money (the harvest), or a gain or smaller loss when the asset fell below the strike (the protection paid).
///
/// Pricing (no option prices are shipped): Black-Scholes (`BlackScholes`) on the asset's realized volatility over the
/// last 30 days of daily returns (at least 20 needed: a month without them buys no put), the risk-free rate 4% a year
/// (`DerivativeHedge.defaultRate`), T the days to the expiry over 365. The model price is a `Double` estimate converted
/// to exact money at the cent (half away from zero) before any money arithmetic. The fee and slippage (basis points of
/// the backtest's costs) are charged on the premium. Between rolls a put is valued at its intrinsic value (strike − close,
/// at least zero) times the units, exact.
///
/// Tax (US, IRC §1234(a)): a bought option is a capital asset whose basis is the premium plus fees; its expiry is a
/// sale for the settlement (zero when worthless), short-term (held a month). The puts are booked in the same lot engine
/// as the spot trades, as assets of their own (`BTC-P-20240201-42000`). The straddle rule (IRC §1092(a)) is tested at
/// each year end (`PutStraddles`): a put's loss is allowed only beyond the unrecognized gain of the spot units it
/// protected, a spot loss only beyond the puts' gain, the rest moving to the next year. Not modelled: the straddle's
/// holding-period rules (Temp. Treas. Reg. §1.1092(b)-2T), and the other jurisdictions' treatments (the CLI runs it
/// under the US rules only).
struct OpenPut: Sendable {
    /// The put's own asset in the lot book, and the lot that bought it.
    var asset: Asset
    var lotTransactionID: String
    var units: Quantity
    var strike: Price
    var expiry: CivilDate

    /// Strike − close, at least zero, per unit, times the units: exact.
    func intrinsic(at close: Price) -> Money {
        close >= strike ? .zero : Price(strike.fixed - close.fixed) * units
    }
}

enum MonthlyPuts {
    /// Days of daily returns the realized volatility is measured over.
    static let volatilityDays = 30
    static let rate = DerivativeHedge.defaultRate

    /// The first day of the month after `date`.
    static func nextMonthStart(after date: CivilDate) -> CivilDate {
        let month = date.month == 12 ? 1 : date.month + 1
        let year = date.month == 12 ? date.year + 1 : date.year
        // A valid date by construction: day 1 of month 1...12.
        return CivilDate(year: year, month: month, day: 1) ?? date.adding(days: 31)
    }

    /// `BTC-P-20240201-42000`: the put's asset in the lot book.
    static func symbol(_ asset: Asset, expiry: CivilDate, strike: Price) -> Asset {
        let day = String(expiry.year * 10_000 + expiry.month * 100 + expiry.day)
        return Asset("\(asset.symbol)-P-\(day)-\(strike)")
    }
}

extension Simulation {
    /// The day's step of `monthlyPuts`: settle the puts that expire, then on a roll day buy the next month's.
    mutating func rollPuts() throws(LedgerError) {
        for asset in assets {
            if let put = puts[asset], today >= put.expiry, let close = prices.close(asset, on: today) {
                try settlePut(asset, put, at: close)
            }
        }
        guard today.day == 1 || today == config.start else { return }
        for asset in assets where puts[asset] == nil && holdings(asset).isPositive {
            try buyPut(asset)
        }
    }

    /// Buys a put on the units of `asset` held, struck at today's close, expiring on the first day of next month;
    /// raises the cash from the portfolio when it is short (which leaves fewer units to cover: the put covers what is
    /// held after).
    mutating func buyPut(_ asset: Asset) throws(LedgerError) {
        guard let close = prices.close(asset, on: today),
              let volatility = volatilityHistory(asset)?.volatility(on: today, days: MonthlyPuts.volatilityDays) else { return }
        let expiry = MonthlyPuts.nextMonthStart(after: today)
        let days = today.days(to: expiry)
        func cost(_ units: Quantity) -> (premium: Money, fee: Money)? {
            guard let premium = BlackScholes.premium(right: .put, spot: close, strike: close, units: units, days: days,
                                                     rate: MonthlyPuts.rate, volatility: volatility) else { return nil }
            let fee = premium.scaled(by: config.costs.feeBasisPoints + config.costs.slippageBasisPoints, over: 10_000, rounding: .halfEven)
            return (premium, fee)
        }
        guard let wanted = cost(holdings(asset)), (wanted.premium + wanted.fee).isPositive else { return }
        if cash < wanted.premium + wanted.fee { try raise(wanted.premium + wanted.fee) }
        let units = holdings(asset)
        guard units.isPositive, let paid = cost(units), paid.premium.isPositive, cash >= paid.premium + paid.fee else { return }
        let symbol = MonthlyPuts.symbol(asset, expiry: expiry, strike: close)
        cash -= paid.premium + paid.fee
        costs += paid.fee
        try apply(.buy, sent: Amount(Quantity(paid.premium.fixed), cashAsset), received: Amount(units, symbol), fee: paid.fee, picks: [])
        puts[asset] = OpenPut(asset: symbol, lotTransactionID: "bt\(sequence)", units: units, strike: close, expiry: expiry)
        straddles.bought(PutStraddles.Put(asset: symbol, underlying: asset, strike: close))
    }

    /// The put's expiry: sold for its intrinsic value at `close` (zero when out of the money), a short-term result.
    mutating func settlePut(_ asset: Asset, _ put: OpenPut, at close: Price) throws(LedgerError) {
        var basis = Money.zero
        book.forEachOpenLot(of: put.asset) { basis += $0.costBasis }
        let payoff = put.intrinsic(at: close)
        puts[asset] = nil
        cash += payoff
        try apply(.sell, sent: Amount(put.units, put.asset), received: Amount(Quantity(payoff.fixed), cashAsset), fee: .zero,
                  picks: [LotPick(transactionID: put.lotTransactionID, quantity: put.units)], value: payoff)
        if basis > payoff {
            harvests += 1
            harvestedByYear[taxYear(today), default: .zero] += basis - payoff
        }
    }

    /// Every open put settled at its underlying's close today (its last close when none): the end of the backtest.
    mutating func settleAllPuts() throws(LedgerError) {
        for asset in assets {
            guard let put = puts[asset] else { continue }
            guard let close = prices.close(asset, on: today) ?? prices.latestClose(asset, onOrBefore: today)?.price else { continue }
            try settlePut(asset, put, at: close)
        }
    }

    /// The open puts at their intrinsic value on the last closes.
    func putsValue() -> Money {
        var total = Money.zero
        for (asset, put) in puts {
            guard let close = lastClose[asset] else { continue }
            total += put.intrinsic(at: close)
        }
        return total
    }

    /// The cost still carried by the open puts' lots (for the daily reconciliation).
    func putsBasis() -> Money {
        var basis = Money.zero
        for put in puts.values { book.forEachOpenLot(of: put.asset) { basis += $0.costBasis } }
        return basis
    }
}
