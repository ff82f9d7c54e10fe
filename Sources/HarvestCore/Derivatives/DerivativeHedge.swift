/// A hedge that keeps a harvested lot's exposure through the wash-sale window (issue 17): write an at-the-money put on
/// the units sold, expiring the day after the window closes.
///
/// Why a written put and nothing else: a long future, a long perpetual or a bought call on the same (or a
/// substantially identical) underlying is "a contract or option to acquire" it (IRC §1091(a)): opened within the 30
/// days it makes the sale a wash sale, which is what the harvest avoids. A written put is not, unless it is so deep in
/// the money that its assignment is all but certain (Rev. Rul. 85-87); one struck at the day's close is not. Expiring
/// the day after the window, its assignment (a purchase of the underlying at the strike) falls outside the window.
/// The exposure it keeps is one-sided: below the strike the writer loses as the units sold would have; above it the
/// premium is all the writer gains.
///
/// Cost: the plan's fees and slippage (basis points) on the notional the put covers (units × strike), one leg (a lapse
/// or a cash-settled expiry trades nothing). Premium (received): Black-Scholes on the underlying's realized volatility
/// (`BlackScholes`), a model estimate converted to the cent before it is used. Tax: the premium is a short-term gain
/// when the put lapses or is closed (IRC §1234(b)(1)); assigned, it comes off the basis of the units bought.
public struct HedgeProposal: Sendable, Hashable {
    /// The harvested asset and lot, the units sold and the day of the sale.
    public var asset: Asset
    public var lotTransactionID: String
    public var units: Quantity
    public var saleDate: CivilDate
    /// The put: struck at the sale day's close, expiring the day after the window (`saleDate + daysAfter + 1`).
    public var strike: Price
    public var expiry: CivilDate
    public var days: Int
    /// The model's inputs: the annualized realized volatility (a statistic), over `volatilityDays` days of returns,
    /// and the risk-free rate a year (continuously compounded).
    public var volatility: Double
    public var volatilityDays: Int
    public var rate: Fixed
    /// The model premium received for the units, to the cent.
    public var premium: Money
    /// Fees and slippage on the notional (units × strike), to the cent.
    public var cost: Money
    /// The rule's window: no purchase of the asset before this day.
    public var windowEnds: CivilDate
    /// Why the put is not a replacement under the rule.
    public var washNote: String
    /// What §1092 makes of it with the positions open.
    public var straddleNote: String
    /// `premium − cost`: what writing the put brings in if it lapses.
    public var netIfLapses: Money { premium - cost }
}

public enum DerivativeHedge {
    /// The stated assumption for the risk-free rate: 4% a year, continuously compounded (about the US Treasury bill
    /// yield of 2024–2025). Over a 31-day put its effect is a few cents per thousand of notional.
    public static let defaultRate: Fixed = "0.04"

    /// A hedge for each lot the plan sells whose asset a wash-sale rule reaches (`washSale` disallowing and deferring,
    /// for the asset's class: securities, or crypto under `wash-sale-crypto on`). A lot whose asset has no realized
    /// volatility on the day (fewer than 20 daily returns in the window) gets none: nothing to price it with.
    /// - Parameters:
    ///   - trades: the plan's chosen sales.
    ///   - positions: the open derivative positions, for the straddle note.
    ///   - volatilityDays: the window of daily returns the volatility is measured over.
    public static func proposals(
        trades: some Sequence<HarvestCandidate>, asOf: CivilDate, washSale: WashSaleRule?, classes: AssetClasses, prices: PriceBook?,
        positions: [DerivativePosition] = [], costs: TradingCosts, volatilityDays: Int = 90, rate: Fixed = defaultRate
    ) -> [HedgeProposal] {
        guard let rule = washSale, rule.effect == .disallowAndDefer, let prices else { return [] }
        var volatilities: [Asset: Double?] = [:]
        var proposals: [HedgeProposal] = []
        for trade in trades where trade.quantityToSell.isPositive && rule.appliesTo.contains(classes.of(trade.lot.asset)) {
            let asset = trade.lot.asset
            guard let strike = trade.price ?? prices.close(asset, on: asOf) else { continue }
            let known = volatilities[asset] ?? prices.series(for: asset).flatMap {
                VolatilityHistory($0).volatility(on: asOf, days: volatilityDays)
            }
            volatilities[asset] = known
            guard let volatility = known else { continue }
            let days = rule.daysAfter + 1
            guard let premium = BlackScholes.premium(
                right: .put, spot: strike, strike: strike, units: trade.quantityToSell, days: days, rate: rate, volatility: volatility)
            else { continue }
            let notional = strike * trade.quantityToSell
            let cost = notional.scaled(by: costs.feeBasisPoints + costs.slippageBasisPoints, over: 10_000, rounding: .halfEven)
                .rounded(scale: 2, .halfAwayFromZero)
            let expiry = asOf.adding(days: days)
            proposals.append(HedgeProposal(
                asset: asset, lotTransactionID: trade.lot.transactionID, units: trade.quantityToSell, saleDate: asOf, strike: strike,
                expiry: expiry, days: days, volatility: volatility, volatilityDays: volatilityDays, rate: rate, premium: premium, cost: cost,
                windowEnds: asOf.adding(days: rule.daysAfter),
                washNote: "a written put is not a contract or option to acquire \(asset) (IRC §1091(a); Rev. Rul. 85-87: not deep in the "
                    + "money when struck at the close); expiring \(expiry), the day after the window, an assignment buys outside it. A long "
                    + "future or a bought call on \(asset) would be a replacement: not proposed",
                straddleNote: straddleNote(asset, identity: rule.identity(of: asset), positions: positions, rule: rule)))
        }
        return proposals
    }

    /// §1092 and the written put: it gains when the underlying rises, as spot units held do, so with spot alone it is no
    /// straddle; with a position open that gains when the underlying falls (a short future or perpetual, a long put, a
    /// written call) it is an offsetting position, and a loss on either leg is deferred to the extent of the other's
    /// unrecognized gain at the year end (IRC §1092(a)(1), (c)).
    static func straddleNote(_ asset: Asset, identity: String, positions: [DerivativePosition], rule: WashSaleRule) -> String {
        let offsetting = positions.filter { rule.identity(of: $0.instrument.underlying) == identity && $0.instrument.offsetsSpot(side: $0.side) }
            .map { "\($0.instrument.symbol) (\($0.side.rawValue))" }
        guard !offsetting.isEmpty else {
            return "§1092: no straddle: the written put and any \(asset) still held both gain when \(asset) rises; opening a position "
                + "that gains when it falls (a short future, a long put) would make them offsetting positions"
        }
        return "§1092: the written put offsets \(offsetting.joined(separator: ", ")): a straddle; a loss on either leg is deferred to the "
            + "extent of the other's unrecognized gain at the year end (IRC §1092(a)(1))"
    }
}
