/// When to harvest in a backtest.
public enum BacktestStrategy: Sendable, Hashable, CustomStringConvertible {
    /// Buy and hold: rebalance only.
    case none
    /// Harvest every loss in the last week of December (24–31), as many investors do.
    case yearEnd
    /// The harvest planner with its timing (`HarvestTiming`, README "When to harvest"): every day, the lots whose loss is
    /// deep for their asset's volatility, and in the last days of the tax year every loss; of those, the set the value
    /// model chooses (net benefit: tax saved now, less the deferred tax and the costs, at least 10 a lot), the horizon
    /// being the backtest's end.
    case planner
    /// The value model alone, every day: whatever pays today, without the timing.
    case plannerDaily
    /// Harvest a lot when its loss reaches this fraction of its basis, scanned daily.
    ///
    /// Either way, only a loss larger than the round-trip cost of selling and buying back is harvested.
    case threshold(Fixed)
    /// Hold the spot portfolio and buy a one-month at-the-money put on each asset held on the first day of every month,
    /// priced by Black-Scholes on the realized volatility (`OptionsOverlay.swift`): each expiry out of the money is a
    /// short-term loss.
    case monthlyPuts

    public var description: String {
        switch self {
        case .none: "none"
        case .planner: "planner"
        case .plannerDaily: "planner:daily"
        case .yearEnd: "yearend"
        case .threshold(let fraction): "threshold:\(fraction)"
        case .monthlyPuts: "puts:monthly"
        }
    }
}

/// A backtest's inputs: the portfolio, its schedule, the strategy, costs and taxes.
public struct BacktestConfig: Sendable {
    public var assets: [Asset]
    public var start: CivilDate
    public var end: CivilDate
    public var initial: Money
    /// Added on the first day of every `depositEveryMonths`-th month after the start (none when zero).
    public var deposit: Money
    public var depositEveryMonths: Int
    /// Target weights adding up to 1.
    public var weights: [Asset: Fixed]
    /// Rebalance on the first day of every `rebalanceEveryMonths`-th month (never when zero).
    public var rebalanceEveryMonths: Int
    public var strategy: BacktestStrategy
    /// Fee and slippage, each way, in basis points of the amount traded.
    public var costs: TradingCosts
    public var profile: TaxProfile
    /// Tax is paid after the tax year (US: 15 April of the next year; `Jurisdiction.taxPaymentDate`) from the portfolio (selling if cash is short), or from outside.
    public var taxesFromPortfolio: Bool
    /// At the end, sell everything and pay all tax, or keep holding less the deferred tax: the tax that selling every
    /// lot at the last closes would add (each lot at its own term, netted with the year's results and the carryforward).
    /// Either way a loss still carried forward at the end is valued at the long rate (`BacktestResult.carryforwardValue`).
    public var liquidateAtEnd: Bool
    /// A wash-sale rule to respect when it reaches crypto (`--wash-sale crypto=on`): harvests avoid it by buying a
    /// replacement (or holding cash) for its window and switching back after.
    public var washSale: WashSaleRule?
    /// Days of returns the replacement's correlation is measured over.
    public var correlationLookbackDays = 90
    /// The tax rules: the lot engine's matching, the tax year, the netting and the rates, and when tax is paid. Prices
    /// and cash are in its base currency. Under pooled rules (UK, Canada) sales come out of the pool, and a harvest
    /// waits out the jurisdiction's window (`washSale`: the UK's 30-day rule, Canada's superficial loss) before buying
    /// the asset back.
    public var jurisdiction = Jurisdiction.us

    public init(
        assets: [Asset], start: CivilDate, end: CivilDate, initial: Money, deposit: Money = .zero, depositEveryMonths: Int = 1,
        weights: [Asset: Fixed]? = nil, rebalanceEveryMonths: Int = 3, strategy: BacktestStrategy = .none,
        costs: TradingCosts = TradingCosts(), profile: TaxProfile = TaxProfile(), taxesFromPortfolio: Bool = true,
        liquidateAtEnd: Bool = true
    ) {
        self.assets = assets
        self.start = start
        self.end = end
        self.initial = initial
        self.deposit = deposit
        self.depositEveryMonths = depositEveryMonths
        let equal = assets.isEmpty ? Fixed.zero : Fixed.one.divided(by: Fixed(assets.count), rounding: .down)
        self.weights = weights ?? Dictionary(uniqueKeysWithValues: assets.map { ($0, equal) })
        self.rebalanceEveryMonths = rebalanceEveryMonths
        self.strategy = strategy
        self.costs = costs
        self.profile = profile
        self.taxesFromPortfolio = taxesFromPortfolio
        self.liquidateAtEnd = liquidateAtEnd
    }
}

/// One day of a backtest.
public struct BacktestDay: Sendable, Hashable {
    public var date: CivilDate
    /// Cash plus holdings at the day's closes (the last close for an asset with none that day).
    public var value: Money
    public var cash: Money
    /// Tax paid so far (negative amounts are savings received).
    public var taxPaid: Money
    /// Money put in so far.
    public var contributed: Money
}

/// What a backtest produced.
public struct BacktestResult: Sendable {
    public var strategy: BacktestStrategy
    public var days: [BacktestDay]
    public var contributed: Money
    /// Holdings and cash at the end, before the tax of selling them.
    public var endingPreTax: Money
    /// After all tax: with liquidation, after selling and paying; without, less the tax deferred in the holdings
    /// (`deferredTax`). Tax paid from outside the portfolio is subtracted too (without interest). A loss still carried
    /// forward at the end is added at its value (`carryforwardValue`).
    public var endingAfterTax: Money
    public var taxPaid: Money
    /// Held at the end (`--at-end hold`): the tax that selling every lot at the last closes, without costs, would add
    /// to the last year's tax: each lot at its own term, netted with the year's results and the loss carried in. Zero
    /// when liquidated (that tax is in `taxPaid`).
    public var deferredTax: Money
    /// The loss still carried forward after the last year (after the sale of everything, real or supposed), and what
    /// it is counted at in `endingAfterTax`: the long-term rate, as the planner values a carried loss, undiscounted.
    public var carryforwardAtEnd: Carryforward
    public var carryforwardValue: Money
    /// Whether tax was paid from the portfolio (else from outside: `days[].value` then excludes it).
    public var taxesFromPortfolio: Bool
    /// Tax by the year it is for (negative: saved).
    public var taxByYear: [Int: Money]
    /// Losses realized by harvesting, by year.
    public var harvestedByYear: [Int: Money]
    public var harvests: Int
    /// Harvests skipped because the asset was bought within the wash-sale window before (a wash sale avoided).
    public var washSalesAvoided: Int
    /// Sales whose loss the rule disallows after all (found by replaying the whole history with the rule):
    /// the yearly tax above does not defer them.
    public var washSalesTriggered: Int
    public var washSaleDisallowed: Money
    /// Mean absolute difference, over the days, between the portfolio's weights and the target (a fraction).
    public var trackingDifference: Double
    /// Days on which cash + the basis of the open lots differed from contributions + realized gains − tax paid
    /// (an exact accounting identity, checked every day; zero unless something is wrong).
    public var unreconciledDays: Int
    public var trades: Int
    /// Fees and slippage paid.
    public var costs: Money
    /// Days an asset had no close (valued at its last close, not traded that day), by asset.
    public var missingDays: [Asset: Int]
    /// Assets without a close on the last day: liquidated (or valued, when held) at their last close, on this day.
    public var endedAtLastClose: [Asset: CivilDate]
    /// The engine's record of every trade: its disposals and income, for reconciliation.
    public var ledger: LedgerResult
    /// `puts:monthly`: the losses the straddle rule tested at a year end (IRC §1092(a)), with what it deferred to the
    /// next year; `taxByYear` counts only the allowed part (`PutStraddles`). Empty for the other strategies.
    public var straddles: [Straddles.Deferral] = []
}

/// Simulates a portfolio day by day on price history with the lot engine and the jurisdiction's rules (US by default): the same
/// engine that computes real gains keeps the backtest's lots (no second implementation of the rules). Pure and
/// deterministic: the same inputs give the same result.
public enum Backtester {
    public static func run(_ config: BacktestConfig, prices: PriceBook) throws(LedgerError) -> BacktestResult {
        var simulation = Simulation(config: config, prices: prices)
        try simulation.run()
        return simulation.result
    }
}

struct Simulation {
    var config: BacktestConfig
    let prices: PriceBook
    /// The assets in one order, whatever the order given (sorted, each once): every step walks them in it, so a run
    /// does not depend on the order of `--assets`.
    let assets: [Asset]
    let wallet = Wallet("backtest")
    var book: LotBook
    var cash = Money.zero
    var contributed = Money.zero
    var taxPaid = Money.zero
    var taxByYear: [Int: Money] = [:]
    var taxDue: [(date: CivilDate, amount: Money, year: Int)] = []
    var harvestedByYear: [Int: Money] = [:]
    var harvests = 0
    var washSalesAvoided = 0
    /// The last purchase of each identity (for the window before a loss sale).
    var lastPurchase: [String: CivilDate] = [:]
    /// Identities not to be bought until the day given (the window after a harvest), and what stands in for them.
    var blocked: [String: (until: CivilDate, asset: Asset, replacement: Asset?)] = [:]
    /// Money meant for an asset that had no close when it was invested (listed late, or a day missing): it waits in
    /// cash and buys the asset at its next close.
    var waiting: [Asset: Money] = [:]
    /// Loss carried into the current year, from the last year closed.
    var carryIntoYear = Carryforward.none
    var trackingTotal = 0.0
    var trackingDays = 0
    var realizedTotal = Money.zero
    var disposalsCounted = 0
    var unreconciledDays = 0
    var costs = Money.zero
    var sequence = 0
    var lastClose: [Asset: Price] = [:]
    var volatilities: [Asset: VolatilityHistory] = [:]
    /// `monthlyPuts`: the put open on each asset.
    var puts: [Asset: OpenPut] = [:]
    /// `monthlyPuts`: every put bought, and the straddle rule's deferrals (tested as each year closes).
    var straddles = PutStraddles()
    /// Units held per asset (`holdings`).
    var units: [Asset: Quantity] = [:]
    var missingDays: [Asset: Int] = [:]
    var endedAtLastClose: [Asset: CivilDate] = [:]
    var deferredTax = Money.zero
    var carryforwardAtEnd = Carryforward.none
    var carryforwardValue = Money.zero
    var days: [BacktestDay] = []
    var today: CivilDate
    var result: BacktestResult!

    init(config: BacktestConfig, prices: PriceBook) {
        self.config = config
        self.prices = prices
        assets = Set(config.assets).sorted()
        // Every sale names its lots (specific identification): harvests sell the loss lot, other sales the
        // highest-basis lots first.
        book = LotBook(policy: AccountingPolicy(method: .specific), jurisdiction: config.jurisdiction)
        today = config.start
    }

    mutating func run() throws(LedgerError) {
        var years = YearsToClose(current: taxYear(config.start))
        var day = config.start
        while day <= config.end {
            try simulate(day, &years)
            day = day.adding(days: 1)
        }
        let endingPreTax = value()
        var endingAfterTax = try finish(&years)
        // Tax paid from outside the portfolio still cost the investor (or, when negative, saved them money).
        if !config.taxesFromPortfolio { endingAfterTax -= taxPaid }
        let ledger = book.result
        let (triggered, disallowed) = try washSalesInHindsight(ledger)
        result = BacktestResult(
            strategy: config.strategy, days: days, contributed: contributed, endingPreTax: endingPreTax, endingAfterTax: endingAfterTax,
            taxPaid: taxPaid, deferredTax: deferredTax, carryforwardAtEnd: carryforwardAtEnd, carryforwardValue: carryforwardValue,
            taxesFromPortfolio: config.taxesFromPortfolio, taxByYear: taxByYear, harvestedByYear: harvestedByYear, harvests: harvests,
            washSalesAvoided: washSalesAvoided, washSalesTriggered: triggered, washSaleDisallowed: disallowed,
            trackingDifference: trackingDays > 0 ? trackingTotal / Double(trackingDays) : 0, unreconciledDays: unreconciledDays,
            trades: sequence, costs: costs, missingDays: missingDays, endedAtLastClose: endedAtLastClose, ledger: ledger,
            straddles: straddles.deferrals)
    }

    /// The tax years a simulation has left and not yet closed: a year closes once its disposals are final (UK: 30
    /// days after its end, the 30-day rule; under a wash-sale rule, once the window after its last sale has passed).
    struct YearsToClose {
        var current: Int
        var waiting: [Int] = []
    }

    /// Days after a year's end until its disposals are final: the book's own (UK's 30-day rule) or a rule's window
    /// after a sale that the day-by-day book cannot see (`replayedWithHindsight`).
    var daysUntilFinal: Int { max(book.settlementDays, lookAheadDays) }

    /// One day: the closes, the years that end and the tax that falls due, money waiting for a close, deposits and
    /// rebalancing, switching back from replacements, harvesting, and the day's record.
    mutating func simulate(_ day: CivilDate, _ years: inout YearsToClose) throws(LedgerError) {
        today = day
        book.advance(to: day)
        for asset in assets {
            if let close = prices.close(asset, on: day) { lastClose[asset] = close } else { missingDays[asset, default: 0] += 1 }
        }
        if taxYear(day) != years.current {
            years.waiting.append(years.current)
            years.current = taxYear(day)
        }
        while let year = years.waiting.first, day > config.jurisdiction.taxYear.end(of: year).adding(days: daysUntilFinal) {
            years.waiting.removeFirst()
            try closeYear(year)
        }
        try payTaxesDue()
        try buyWaiting()
        let monthsIn = (day.year - config.start.year) * 12 + day.month - config.start.month
        if day == config.start {
            cash += config.initial
            contributed += config.initial
            try invest(config.initial)
        } else if day.day == 1 {
            if config.deposit.isPositive, config.depositEveryMonths > 0, monthsIn % config.depositEveryMonths == 0 {
                cash += config.deposit
                contributed += config.deposit
                try invest(config.deposit)
            }
            if config.rebalanceEveryMonths > 0, monthsIn % config.rebalanceEveryMonths == 0 { try rebalance() }
        }
        try switchBack()
        try harvest()
        track()
        reconcile()
        days.append(BacktestDay(date: day, value: value(), cash: cash, taxPaid: taxPaid, contributed: contributed))
    }

    /// The end: everything sold (or kept, less the tax deferred in it), every year closed and its tax paid, the loss
    /// still carried valued. Returns the wealth after tax.
    mutating func finish(_ years: inout YearsToClose) throws(LedgerError) -> Money {
        var ending: Money
        if config.liquidateAtEnd {
            try liquidate()
            try settle(&years)
            ending = cash
            carryforwardAtEnd = carryIntoYear
        } else {
            // The deferred tax is what a sale of everything at the last closes would add: a copy of the simulation
            // sells (without costs: nothing is traded) and closes its years; each lot is taxed at its own term,
            // netted with the year's results and the loss carried in.
            var supposed = self
            supposed.config.costs = TradingCosts(feeBasisPoints: 0, slippageBasisPoints: 0)
            var supposedYears = years
            try supposed.liquidate()
            try supposed.settle(&supposedYears)
            try settle(&years)
            deferredTax = supposed.taxPaid - taxPaid
            carryforwardAtEnd = supposed.carryIntoYear
            endedAtLastClose = supposed.endedAtLastClose
            ending = value() - deferredTax
        }
        // A loss still carried would save tax later: counted at the long rate, as the planner values it.
        let laterLongRate = config.jurisdiction.economics(profile: config.profile, asOf: config.end).laterLongRate
        carryforwardValue = carryforwardAtEnd.total.multiplied(by: laterLongRate, rounding: .halfEven)
        return ending + carryforwardValue
    }

    /// Sells every holding on the last day at its close; an asset without one that day at its last close (recorded in
    /// `endedAtLastClose`, so the report can say so).
    mutating func liquidate() throws(LedgerError) {
        try settleAllPuts()
        for asset in assets where holdings(asset).isPositive {
            if let close = prices.close(asset, on: today) {
                try sell(asset, value: nil, at: close)
            } else if let last = prices.latestClose(asset, onOrBefore: today) {
                endedAtLastClose[asset] = last.date
                try sell(asset, value: nil, at: last.price)
            }
        }
    }

    /// Closes every year left and pays (or receives) all the tax, due or not.
    mutating func settle(_ years: inout YearsToClose) throws(LedgerError) {
        book.advance(to: config.end.adding(days: daysUntilFinal + 1))
        for year in years.waiting { try closeYear(year) }
        years.waiting = []
        try closeYear(years.current)
        for due in taxDue { pay(due.amount) }
        taxDue = []
    }

    /// The days after a sale that a rule reaching it looks at (a day-by-day book cannot see them): Canada's
    /// superficial loss, or a wash-sale rule reaching crypto. Zero without such a rule.
    var lookAheadDays: Int {
        if let rule = config.jurisdiction.washSale, rule.effect == .denySuperficialLoss { return rule.daysAfter }
        if let rule = config.washSale, rule.effect == .disallowAndDefer, rule.appliesTo.contains(.crypto) { return rule.daysAfter }
        return 0
    }

    /// The history replayed as the batch engine applies a rule that looks ahead (`lookAheadDays`); nil without one.
    func replayedWithHindsight(_ transactions: [Transaction]) throws(LedgerError) -> LedgerResult? {
        if config.jurisdiction.washSale?.effect == .denySuperficialLoss {
            return try LotEngine.run(transactions, jurisdiction: config.jurisdiction)
        }
        if let rule = config.washSale, rule.effect == .disallowAndDefer, rule.appliesTo.contains(.crypto) {
            return try LotEngine.run(transactions, policy: AccountingPolicy(method: .specific, washSale: rule))
        }
        return nil
    }

    /// The sales the rule catches after all (a purchase in the window before or after): their number and the loss
    /// disallowed. The yearly tax is computed from the same replay, so these losses are deferred there too.
    func washSalesInHindsight(_ ledger: LedgerResult) throws(LedgerError) -> (triggered: Int, disallowed: Money) {
        guard let checked = try replayedWithHindsight(ledger.transactions) else { return (0, .zero) }
        var triggered = 0
        var disallowed = Money.zero
        for disposal in checked.disposals where disposal.adjustment.isPositive {
            triggered += 1
            disallowed += disposal.adjustment
        }
        return (triggered, disallowed)
    }

    // MARK: - Trading

    /// The tax year of a day.
    func taxYear(_ date: CivilDate) -> Int { config.jurisdiction.taxYear.year(of: date) }

    /// The currency the simulation trades in.
    var cashAsset: Asset { config.jurisdiction.baseCurrency }

    func weight(_ asset: Asset) -> Fixed { config.weights[asset] ?? .zero }

    /// Cash plus each asset's units at its last close.
    func value() -> Money {
        var total = cash + (puts.isEmpty ? .zero : putsValue())
        for asset in assets {
            guard let price = lastClose[asset], let held = units[asset] else { continue }
            total += price * held
        }
        return total
    }

    /// The units held: the sum of the open lots' quantities, kept as trades are applied (`apply`) rather than summed
    /// over the lots each time it is asked.
    func holdings(_ asset: Asset) -> Quantity { units[asset] ?? .zero }

    /// Buys `amount` of cash worth of the target weights; the share of an asset without a close today waits for its
    /// next close (`waiting`).
    mutating func invest(_ amount: Money) throws(LedgerError) {
        for asset in assets where weight(asset).isPositive {
            let share = amount.multiplied(by: weight(asset), rounding: .down)
            if prices.close(asset, on: today) != nil {
                try buy(asset, spending: share)
            } else {
                waiting[asset, default: .zero] += share
            }
        }
    }

    /// Buys the assets whose money was waiting for a close, now that they have one (as much as the cash allows).
    mutating func buyWaiting() throws(LedgerError) {
        for asset in assets {
            guard let amount = waiting[asset], prices.close(asset, on: today) != nil else { continue }
            waiting[asset] = nil
            try buy(asset, spending: min(amount, cash))
        }
    }

    /// The identity of an asset under the wash-sale rule in force (its own symbol without one).
    func identity(_ asset: Asset) -> String { config.washSale?.identity(of: asset) ?? asset.symbol }

    /// Buys `spending` of `asset`, or of its stand-in while it is blocked by a harvest's wash-sale window. A stand-in
    /// that is blocked itself (two assets harvested together, each the other's replacement) leaves the money in cash.
    mutating func buy(_ asset: Asset, spending: Money, standingIn: Bool = false) throws(LedgerError) {
        if let block = blocked[identity(asset)], today < block.until {
            guard !standingIn, let replacement = block.replacement, identity(replacement) != identity(asset) else { return }  // cash
            return try buy(replacement, spending: spending, standingIn: true)
        }
        try buyDirectly(asset, spending: spending)
    }

    mutating func buyDirectly(_ asset: Asset, spending: Money) throws(LedgerError) {
        guard spending.isPositive, let price = prices.close(asset, on: today) else { return }
        lastPurchase[identity(asset)] = today
        let spend = min(spending, cash)
        let fee = spend.scaled(by: config.costs.feeBasisPoints, over: 10_000, rounding: .halfEven)
        let notional = spend - fee
        let paid = price.fixed.scaled(by: 10_000 + config.costs.slippageBasisPoints, over: 10_000, rounding: .halfEven)
        let quantity = Quantity(notional.fixed.divided(by: paid, rounding: .down))
        guard quantity.isPositive else { return }
        costs += fee + (notional - price * quantity)
        cash -= spend
        try apply(.buy, sent: Amount(Quantity(notional.fixed), cashAsset), received: Amount(quantity, asset), fee: fee, picks: [])
    }

    /// Sells `value` worth of `asset` at `price` (all of it when nil), highest-basis lots first: the least gain.
    mutating func sell(_ asset: Asset, value wanted: Money?, at price: Price) throws(LedgerError) {
        var lots: [LotBook.OpenLot] = []
        book.forEachOpenLot(of: asset) { lots.append($0) }
        // The least tax first: each lot's gain per unit of value at the rate of its term (a loss first, then a long-term
        // gain before a short-term one of the same size), so that rebalancing does not undo a harvest by selling its
        // replacement at a short-term gain.
        let economics = config.jurisdiction.economics(profile: config.profile, asOf: today)
        let keyed = lots.map { lot in
            let value = price * lot.quantity
            let term = config.jurisdiction.holdingPeriod.term(held: lot.holdingStart, disposed: today)
            let rate = term == .long ? economics.laterLongRate : economics.laterShortRate
            // The tax per unit of value as an exact fraction's numerator over the value: compared by cross-multiplying.
            return (lot: lot, tax: (value - lot.costBasis).multiplied(by: rate, rounding: .halfEven), value: value)
        }.sorted { a, b in
            let x = a.tax.fixed.multiplied(by: b.value.fixed, rounding: .halfEven)
            let y = b.tax.fixed.multiplied(by: a.value.fixed, rounding: .halfEven)
            return x != y ? x < y : a.lot.transactionID < b.lot.transactionID
        }
        lots = keyed.map(\.lot)
        var left = wanted
        for lot in lots {
            if let remaining = left, !remaining.isPositive { break }
            var quantity = lot.quantity
            if let remaining = left, price * lot.quantity > remaining {
                quantity = Quantity(lot.quantity.fixed.scaled(by: remaining.fixed, over: (price * lot.quantity).fixed, rounding: .down))
            }
            guard quantity.isPositive else { continue }
            let proceeds = try sellLot(asset, lot: lot, quantity: quantity, price: price)
            left = left.map { $0 - proceeds }
        }
    }

    /// Sells units of one named lot; returns the value sold (before costs).
    @discardableResult
    mutating func sellLot(_ asset: Asset, lot: LotBook.OpenLot, quantity: Quantity, price: Price) throws(LedgerError) -> Money {
        let gross = (price * quantity).scaled(by: 10_000 - config.costs.slippageBasisPoints, over: 10_000, rounding: .halfEven)
        let fee = gross.scaled(by: config.costs.feeBasisPoints, over: 10_000, rounding: .halfEven)
        costs += fee + (price * quantity - gross)
        cash += gross - fee
        try apply(.sell, sent: Amount(quantity, asset), received: Amount(Quantity(gross.fixed), cashAsset), fee: fee,
                  picks: [LotPick(transactionID: lot.transactionID, quantity: quantity)])
        return price * quantity
    }

    /// - Parameters:
    ///   - value: the row's fair value where neither side gives it (a put expiring worthless: zero received).
    mutating func apply(_ kind: TransactionKind, sent: Amount, received: Amount, fee: Money, picks: [LotPick], value: Money? = nil) throws(LedgerError) {
        sequence += 1
        let instant = Instant(millisecondsSinceEpoch: Instant(date: today).millisecondsSinceEpoch + 43_200_000 + Int64(sequence % 1_000_000))
        try book.apply(Transaction(
            id: "bt\(sequence)", timestamp: instant, date: today, sequence: sequence, kind: kind, wallet: wallet, sent: sent,
            received: received, fee: fee.isZero ? nil : Amount(Quantity(fee.fixed), cashAsset), value: value, lotPicks: picks))
        if received.asset != cashAsset { units[received.asset, default: .zero] += received.quantity }
        if sent.asset != cashAsset { units[sent.asset, default: .zero] -= sent.quantity }
    }

    /// Sells overweight assets (least gain first) and buys underweight ones. The sales' costs leave less cash than the
    /// buys want: each buy gets the same fraction of its shortfall, so no asset is served first.
    mutating func rebalance() throws(LedgerError) {
        let total = value()
        var shortfalls: [(asset: Asset, amount: Money)] = []
        for asset in assets {
            guard let price = prices.close(asset, on: today) else { continue }
            let held = price * holdings(asset)
            let wanted = total.multiplied(by: weight(asset), rounding: .down)
            if held > wanted {
                try sell(asset, value: held - wanted, at: price)
            } else if wanted > held {
                shortfalls.append((asset, wanted - held))
            }
        }
        let needed = shortfalls.map(\.amount).sum()
        guard needed.isPositive else { return }
        let available = max(.zero, min(cash, needed))
        for (asset, amount) in shortfalls {
            try buy(asset, spending: available == needed ? amount : amount.scaled(by: available.fixed, over: needed.fixed, rounding: .down))
        }
    }

    /// The assets held that can be sold today (they have a close), with the close and the value held.
    func sellableToday() -> [(asset: Asset, price: Price, held: Money)] {
        assets.compactMap { asset in
            guard let price = prices.close(asset, on: today) else { return nil }
            let held = price * holdings(asset)
            return held.isPositive ? (asset, price, held) : nil
        }
    }

    /// Sells enough for the cash to reach `needed` after the sales' own costs: the shortfall grossed up for the slippage
    /// and the fee (rounded up, and a cent more for the rounding of each sale), raised from the assets that have a
    /// close today in proportion to the value held. A second pass covers an asset that held less than its part.
    mutating func raise(_ needed: Money) throws(LedgerError) {
        let keptBasisPoints = (10_000 - config.costs.slippageBasisPoints).multiplied(by: 10_000 - config.costs.feeBasisPoints, rounding: .down)
        for _ in 0..<3 {
            let shortfall = needed - cash
            let sellable = sellableToday()
            let heldTotal = sellable.map(\.held).sum()
            guard shortfall.isPositive, heldTotal.isPositive else { return }
            let gross = shortfall.scaled(by: 100_000_000, over: keptBasisPoints, rounding: .up)
            for (asset, price, held) in sellable {
                let part = gross.scaled(by: held.fixed, over: heldTotal.fixed, rounding: .up) + Money("0.01")
                try sell(asset, value: min(part, held), at: price)
            }
        }
    }

    // MARK: - Harvesting

    mutating func harvest() throws(LedgerError) {
        let threshold: Fixed
        switch config.strategy {
        case .none: return
        case .monthlyPuts: return try rollPuts()
        case .planner: return try harvestByPlanner(timing: HarvestTiming())
        case .plannerDaily: return try harvestByPlanner(timing: nil)
        case .yearEnd:
            // The last eight days of the tax year (US: 24-31 December).
            guard today >= config.jurisdiction.taxYear.end(of: taxYear(today)).adding(days: -7) else { return }
            threshold = .zero
        case .threshold(let fraction): threshold = fraction
        }
        let economics = config.jurisdiction.economics(profile: config.profile, asOf: today)
        for asset in assets {
            guard let price = prices.close(asset, on: today) else { continue }
            var losers: [LotBook.OpenLot] = []
            book.forEachOpenLot(of: asset) { lot in
                let value = price * lot.quantity
                let loss = lot.costBasis - value
                // Germany: a loss after one year does not count; selling the lot would only cost.
                let term = config.jurisdiction.holdingPeriod.term(held: lot.holdingStart, disposed: today)
                guard economics.lossCounts(term) else { return }
                // A loss is harvested when it reaches the threshold and exceeds what selling and buying back costs.
                if loss.isPositive && loss >= lot.costBasis.multiplied(by: threshold, rounding: .up)
                    && loss > config.costs.roundTrip(value) {
                    losers.append(lot)
                }
            }
            guard !losers.isEmpty else { continue }
            if inWindowBefore(asset) {
                // A purchase in the window before makes the sale a wash sale: wait.
                washSalesAvoided += 1
                continue
            }
            for lot in losers.sorted(by: { $0.transactionID < $1.transactionID }) {
                try harvestLot(asset, lot: lot, quantity: lot.quantity, price: price)
            }
        }
    }

    /// The asset's daily returns, summed once for the timing's volatility on any day (`VolatilityHistory`).
    mutating func volatilityHistory(_ asset: Asset) -> VolatilityHistory? {
        if let known = volatilities[asset] { return known }
        let history = prices.series(for: asset).map(VolatilityHistory.init)
        volatilities[asset] = history
        return history
    }

    /// Whether a rule reaching `asset` would make a loss sale today a wash sale: a purchase in the window before.
    func inWindowBefore(_ asset: Asset) -> Bool {
        guard let rule = ruleApplies(asset), let bought = lastPurchase[identity(asset)] else { return false }
        return bought >= today.adding(days: -rule.daysBefore)
    }

    /// The planner on today's losses: the lots it chooses are harvested. An asset bought in the wash-sale window before
    /// is left out; when the planner would have chosen it, that is a harvest skipped (`washSalesAvoided`).
    mutating func harvestByPlanner(timing: HarvestTiming?) throws(LedgerError) {
        var lots: [Lot] = []
        var waitingOut: [Lot] = []
        var closes: [Asset: Price] = [:]
        var open: [String: LotBook.OpenLot] = [:]
        for asset in assets {
            guard let price = prices.close(asset, on: today) else { continue }
            let skipped = inWindowBefore(asset)
            let sigma = timing.flatMap { volatilityHistory(asset)?.volatility(on: today, days: $0.volatilityDays) }
            book.forEachOpenLot(of: asset) { lot in
                let value = price * lot.quantity
                guard lot.costBasis - value > config.costs.roundTrip(value) else { return }
                if let timing {
                    guard timing.isDeepEnough(basis: lot.costBasis, value: value, volatility: sigma, on: today,
                                              taxYear: config.jurisdiction.taxYear) else { return }
                }
                closes[asset] = price
                let candidate = Lot(asset: asset, wallet: lot.wallet, quantity: lot.quantity, costBasis: lot.costBasis,
                                    acquiredAt: Instant(date: lot.holdingStart), dateAcquired: lot.holdingStart,
                                    holdingStart: lot.holdingStart, transactionID: lot.transactionID)
                if skipped {
                    waitingOut.append(candidate)
                } else {
                    open[lot.transactionID + "@" + asset.symbol] = lot
                    lots.append(candidate)
                }
            }
        }
        if !waitingOut.isEmpty {
            let wanted = Set(HarvestPlanner.plan(planRequest(lots + waitingOut, closes: closes)).trades.map(\.lot.asset))
            washSalesAvoided += wanted.intersection(waitingOut.map(\.asset)).count
        }
        guard !lots.isEmpty else { return }
        let plan = HarvestPlanner.plan(planRequest(lots, closes: closes))
        for trade in plan.trades {
            guard let lot = open[trade.lot.transactionID + "@" + trade.lot.asset.symbol], let price = closes[trade.lot.asset] else { continue }
            try harvestLot(trade.lot.asset, lot: lot, quantity: trade.quantityToSell, price: price)
        }
    }

    /// The planner's question for today: these lots, the year's results so far and the loss carried in.
    func planRequest(_ lots: [Lot], closes: [Asset: Price]) -> PlanRequest {
        var realized = RealizedGains()
        for disposal in book.disposals.reversed() {
            guard disposal.taxYear == taxYear(today) else { break }
            realized = realized.adding(disposal.gain, term: disposal.term)
        }
        var profile = config.profile
        profile.carryforward = carryIntoYear
        // The simulated investor sells (or is valued as selling) everything on the last day: the replacement's deferred
        // tax comes back then, at the short rate when that is within a year (the restart cost).
        profile.horizonYears = max(0, today.days(to: config.end) / 365)
        var request = PlanRequest(
            asOf: today, lots: lots, prices: closes, realizedShortTerm: realized.netShortTerm, realizedLongTerm: realized.netLongTerm,
            profile: profile, costs: config.costs, jurisdiction: config.jurisdiction)
        request.realizedShortTermLosses = realized.shortTermLosses
        request.realizedLongTermLosses = realized.longTermLosses
        return request
    }

    /// Sells a lot at a loss and puts the proceeds back to work: the same asset at once when no wash-sale rule
    /// reaches it, else its replacement (or cash) until the window has passed.
    mutating func harvestLot(_ asset: Asset, lot: LotBook.OpenLot, quantity: Quantity, price: Price) throws(LedgerError) {
        let before = cash
        harvestedByYear[taxYear(today), default: .zero] += (lot.costBasis - price * lot.quantity).prorated(quantity, of: lot.quantity)
        try sellLot(asset, lot: lot, quantity: quantity, price: price)
        harvests += 1
        if let rule = ruleApplies(asset) {
            // Not the same asset for the window after: the most correlated other asset, else cash, then back.
            let block = blocked[identity(asset)]
            let replacement = block?.replacement ?? Replacements.best(
                for: asset, prices: prices, asOf: today, lookbackDays: config.correlationLookbackDays,
                candidates: Set(assets.filter { prices.close($0, on: today) != nil }), rule: rule)?.asset
            blocked[identity(asset)] = (today.adding(days: rule.daysAfter + 1), asset, replacement)
            try buy(asset, spending: cash - before)
        } else {
            // Outside the rule (US crypto held as property): buy straight back.
            try buy(asset, spending: cash - before)
        }
    }

    /// The rule in force for `asset`, if it reaches its class (crypto here).
    func ruleApplies(_ asset: Asset) -> WashSaleRule? {
        guard let rule = config.washSale, rule.appliesTo.contains(.crypto) else { return nil }
        return rule
    }

    /// On the first day after a window: sell what stood in for the asset and buy the asset back. Both trade at the
    /// day's close: without one for either (a stand-in still held), the switch waits for the next day with both.
    mutating func switchBack() throws(LedgerError) {
        for (key, block) in blocked.sorted(by: { $0.key < $1.key }) where today >= block.until {
            guard let assetPrice = prices.close(block.asset, on: today) else { continue }
            let standIn = block.replacement.flatMap { replacement in holdings(replacement).isPositive ? replacement : nil }
            let standInPrice = standIn.flatMap { prices.close($0, on: today) }
            if standIn != nil && standInPrice == nil { continue }
            blocked[key] = nil
            var proceeds = Money.zero
            if let standIn, let price = standInPrice {
                // Only the stand-in's excess over its own target goes back.
                let wanted = value().multiplied(by: weight(standIn), rounding: .down)
                let held = price * holdings(standIn)
                if held > wanted {
                    let before = cash
                    try sell(standIn, value: held - wanted, at: price)
                    proceeds = cash - before
                }
            }
            let wanted = value().multiplied(by: weight(block.asset), rounding: .down)
            let held = assetPrice * holdings(block.asset)
            try buyDirectly(block.asset, spending: min(cash, max(proceeds, wanted - held)))
        }
    }

    /// Every dollar is either cash or the basis of a lot: cash + open basis = contributed + realized − tax paid
    /// (a pair check of the simulation against the engine's rows; STYLE.md §9).
    mutating func reconcile() {
        let rows = book.disposals
        while disposalsCounted < rows.count {
            realizedTotal += rows[disposalsCounted].gain
            disposalsCounted += 1
        }
        var basis = Money.zero
        for asset in assets { book.forEachOpenLot(of: asset) { basis += $0.costBasis } }
        if !puts.isEmpty { basis += putsBasis() }
        let paid = config.taxesFromPortfolio ? taxPaid : .zero
        // UK disposals still open to 30-day matches have drawn on the pool but have no rows yet.
        if book.hasUnsettledDisposals { return }
        if cash + basis != contributed + realizedTotal - paid { unreconciledDays += 1 }
    }

    /// Adds today's distance from the target weights to the running mean.
    mutating func track() {
        let total = value()
        guard total.isPositive else { return }
        var distance = 0.0
        for asset in assets {
            guard let price = lastClose[asset] else { continue }
            let weight = BacktestMetrics.double(price * holdings(asset)) / BacktestMetrics.double(total)
            distance += abs(weight - BacktestMetrics.double(Money(self.weight(asset))))
        }
        trackingTotal += distance / 2
        trackingDays += 1
    }

    // MARK: - Taxes

    /// Computes the tax for `year`, due after the year (US: on 15 April of the next year), from the engine's disposals;
    /// under a rule that looks ahead, from the history replayed with it, so a wash sale's loss is deferred.
    mutating func closeYear(_ year: Int) throws(LedgerError) {
        guard taxByYear[year] == nil else { return }
        let replayed = lookAheadDays > 0 ? try replayedWithHindsight(book.result.transactions) : nil
        let disposals = replayed?.disposals ?? book.disposals
        if !straddles.isEmpty {
            // The straddle rule at the year end (IRC §1092(a)): a put's loss (or a spot loss) only beyond the other leg's
            // unrecognized gain; the rest moves to the next year.
            let rule = config.washSale
            straddles.test(year: year, ledger: replayed ?? book.result, prices: prices, calendar: config.jurisdiction.taxYear,
                           identity: { rule?.identity(of: $0) ?? $0.symbol })
        }
        let summaries = YearSummaries.compute(
            disposals: disposals, income: [], jurisdiction: config.jurisdiction, filing: config.profile.filing,
            carryforward: config.profile.carryforward, from: taxYear(config.start), through: year, band: config.profile.rateBand,
            taxableIncomeByYear: config.profile.taxableIncomeByYear, otherGains: straddles.adjustments)
        guard let summary = summaries.last, summary.year == year else { return }
        carryIntoYear = summary.carryforwardOut
        let tax = config.jurisdiction.regime.tax(of: summary, profile: config.profile)
        taxByYear[year] = tax
        taxDue.append((config.jurisdiction.taxPaymentDate(for: year), tax, year))
    }

    /// Pays the tax that has fallen due, raising cash by selling when it is short (`raise`). A sale needs the day's
    /// close: when nothing held has one, the payment waits for the next day that does; when the assets that have one do
    /// not cover it, what they raised is paid and the rest waits for a day the others have a close (cash never goes
    /// below zero while something held can still be sold). A refund is invested at the target weights the day it
    /// arrives, like a deposit.
    mutating func payTaxesDue() throws(LedgerError) {
        while let due = taxDue.first, due.date <= today {
            if config.taxesFromPortfolio && due.amount > cash {
                let holdsAny = assets.contains { holdings($0).isPositive }
                if holdsAny && sellableToday().isEmpty { return }
                try raise(due.amount)
                let waiting = assets.contains { holdings($0).isPositive && prices.close($0, on: today) == nil }
                if due.amount > cash && waiting {
                    if cash.isPositive {
                        taxDue[0].amount -= cash
                        pay(cash)
                    }
                    return
                }
            }
            taxDue.removeFirst()
            pay(due.amount)
            if config.taxesFromPortfolio && due.amount.isNegative { try invest(-due.amount) }
        }
    }

    mutating func pay(_ amount: Money) {
        taxPaid += amount
        if config.taxesFromPortfolio { cash -= amount }
    }
}

