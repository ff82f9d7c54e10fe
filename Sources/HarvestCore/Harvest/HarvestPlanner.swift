/// What the planner is asked: the lots held on a day, their prices, what the year has realized so far, and
/// the user's profile and limits.
public struct PlanRequest: Sendable {
    public var asOf: CivilDate
    /// Lots open on `asOf`.
    public var lots: [Lot]
    /// The close of `asOf` (or the latest before it) for each asset.
    public var prices: [Asset: Price]
    /// Net short- and long-term gains realized so far this tax year (sums of the rows' gains).
    public var realizedShortTerm: Money
    public var realizedLongTerm: Money
    /// The loss parts of those nets (sums of the rows with a loss, negative): Australia and Germany need gains and
    /// losses apart. Zero when unknown: a negative net is then taken as all loss.
    public var realizedShortTermLosses: Money = .zero
    public var realizedLongTermLosses: Money = .zero
    public var profile: TaxProfile
    public var costs: TradingCosts
    public var costsByWallet: [Wallet: TradingCosts]
    /// The smallest net benefit worth a trade, and worth a plan.
    public var minimumBenefitPerTrade: Money
    public var minimumBenefitTotal: Money
    /// Realize exactly this much loss (e.g. this year's gains plus $3,000), or as much as pays when nil.
    public var realizeLoss: Money?
    public var jurisdiction: Jurisdiction
    /// The wash-sale rule in force and the asset classes (for warnings and do-not-buy-back dates).
    public var washSale: WashSaleRule?
    public var assetClasses: AssetClasses
    /// Acquisitions in the days before `asOf` (purchases, trades, income such as staking rewards): each rule consulted
    /// takes those of its own `replacementKinds` in its own window (`WashSaleRule.acquisitions(in:)`).
    public var recentAcquisitions: [Acquisition]
    /// Daily prices for choosing replacements by correlation; none suggested when nil.
    public var priceHistory: PriceBook?
    public var correlationLookbackDays = 90
    /// Only these assets may be suggested as replacements (a user allow-list); any priced asset when nil.
    public var replacementCandidates: Set<Asset>?
    /// Target weights (fractions adding up to 1): rebalance while harvesting.
    public var targetWeights: [Asset: Fixed]?
    /// Other countries' wash-sale-style rules to warn about (`WashSaleRule.advisory` codes: uk, ca, au).
    public var advisoryRules: [String] = []
    /// The lot-selection method the user files the plan's year with, and its scope. FIFO, LIFO or HIFO: a plan sells
    /// only the lots the method takes first from each wallet (or pool of wallets); specific identification: any lot,
    /// and the plan says how to record it. nil: any lot (a simulation), except where a country knows only FIFO.
    public var lotMethod: LotMethod?
    public var basisScope: BasisScope = .wallet
    /// When to harvest (`HarvestTiming`, README "When to harvest"): before the tax year's last days, only losses deep for
    /// their asset's volatility (measured on `priceHistory`); nil: every loss that pays today.
    public var timing: HarvestTiming?

    public struct Acquisition: Sendable, Hashable {
        public var asset: Asset
        public var wallet: Wallet
        public var date: CivilDate
        public var quantity: Quantity
        public var kind: TransactionKind
        public var transactionID: String
        public init(asset: Asset, wallet: Wallet, date: CivilDate, quantity: Quantity, kind: TransactionKind, transactionID: String) {
            self.asset = asset
            self.wallet = wallet
            self.date = date
            self.quantity = quantity
            self.kind = kind
            self.transactionID = transactionID
        }
    }

    public init(
        asOf: CivilDate, lots: [Lot], prices: [Asset: Price], realizedShortTerm: Money = .zero, realizedLongTerm: Money = .zero,
        profile: TaxProfile = TaxProfile(), costs: TradingCosts = TradingCosts(), costsByWallet: [Wallet: TradingCosts] = [:],
        minimumBenefitPerTrade: Money = 10, minimumBenefitTotal: Money = .zero, realizeLoss: Money? = nil,
        jurisdiction: Jurisdiction = .us, washSale: WashSaleRule? = nil, assetClasses: AssetClasses = AssetClasses(),
        recentAcquisitions: [Acquisition] = []
    ) {
        self.asOf = asOf
        self.lots = lots
        self.prices = prices
        self.realizedShortTerm = realizedShortTerm
        self.realizedLongTerm = realizedLongTerm
        self.profile = profile
        self.costs = costs
        self.costsByWallet = costsByWallet
        self.minimumBenefitPerTrade = minimumBenefitPerTrade
        self.minimumBenefitTotal = minimumBenefitTotal
        self.realizeLoss = realizeLoss
        self.jurisdiction = jurisdiction
        self.washSale = washSale
        self.assetClasses = assetClasses
        self.recentAcquisitions = recentAcquisitions
    }
}

/// One open lot, valued for harvesting now.
public struct HarvestCandidate: Sendable, Hashable {
    public var lot: Lot
    public var price: Price?
    public var value: Money?
    /// Value − basis; negative for a loss.
    public var unrealized: Money?
    public var term: Term
    /// Days until a sale would be long-term; 0 when it is already.
    public var daysToLongTerm: Int
    /// Where only losses within the holding period count (Germany): the last day this lot's loss counts.
    public var lossCountsUntil: CivilDate? = nil
    /// Units to sell (all of the lot, or part of it to meet a loss target); zero when rejected.
    public var quantityToSell: Quantity
    /// The loss realized by selling `quantityToSell` (positive): what the tax sees, a wash sale's disallowed part left out.
    public var loss: Money
    /// The part of the sale's loss a wash-sale rule disallows (units bought in the window before the day replace the
    /// units sold): it moves into the replacement's basis and saves nothing now.
    public var disallowedLoss: Money = .zero
    /// What the plan is worth less without this lot (its other sales unchanged): the test of `minimumBenefitPerTrade`.
    /// Zero for a lot not chosen.
    public var contribution: Money = .zero
    /// Tax saved this year by that loss, given the year so far and the lots chosen before it.
    public var taxSavedNow: Money
    /// Present value of the tax later paid on the replacement's lower basis.
    public var deferredTax: Money
    /// The extra tax when the replacement is sold before it turns long-term (horizon under a year).
    public var restartCost: Money
    /// Selling and buying back.
    public var tradingCosts: Money
    public var netBenefit: Money
    public var chosen: Bool
    /// Why it is in the plan, or why not.
    public var reason: Reason

    public enum Reason: Sendable, Hashable {
        case chosen
        case noPrice(asOf: CivilDate)
        case gain
        case belowMinimum(Money)
        case lossTargetMet
        case planBelowMinimum
        /// Germany: held more than one year, the loss is outside §23 EStG and saves nothing.
        case lossDoesNotCount
        /// FIFO per wallet with no specific identification (Germany): a sale from this wallet takes these older units
        /// first, so this lot cannot be sold alone.
        case fifoOrder(olderUnits: Quantity)
        /// The method the user files with (FIFO, LIFO, HIFO) takes these units first from the lot's wallet (or pool):
        /// selling this lot needs specific identification.
        case methodOrder(LotMethod, unitsFirst: Quantity)
        /// A wash-sale rule disallows all of the loss: at least as many units were bought in the window before the day.
        case washSale(replacedUnits: Quantity)
        /// Australia: a gain lot short of 12 months: wait for the 50% discount, from this day.
        case waitForDiscount(CivilDate)
        /// Germany: a gain lot within its year: tax-free if sold from this day.
        case waitForTaxFree(CivilDate)
        /// The timing: the loss (this fraction of the basis) is not yet deep for the asset's volatility; harvest it when it
        /// reaches `trigger`, or from `sweepFrom` (the tax year's last days) if it still pays.
        case waitForDepth(depth: Double, trigger: Double, volatility: Double?, sweepFrom: CivilDate)
        /// Germany: a gain held more than one year is tax-free: selling and buying back resets the basis at no tax
        /// (gain harvesting; there is no wash-sale rule), at the trading costs.
        case taxFreeGain
    }

    /// One line a person can check: why it is in the plan, or why not. Built when read: a plan over a hundred
    /// thousand lots decides without formatting a hundred thousand lines.
    public var explanation: String {
        let lot = HarvestPlanner.describe(self.lot)
        let show = HarvestPlanner.show
        let figures = "loss \(show(loss)), saves \(show(taxSavedNow)) now, deferred tax \(show(deferredTax))"
            + (restartCost.isZero ? "" : ", restart \(show(restartCost))") + ", costs \(show(tradingCosts)), net \(show(netBenefit))"
        switch reason {
        case .chosen:
            let part = quantityToSell == self.lot.quantity ? "" : " (sell \(quantityToSell) of \(self.lot.quantity))"
            let worth = HarvestPlanner.show(contribution) == HarvestPlanner.show(netBenefit) ? "" : "; worth \(show(contribution)) to the plan"
            return "\(lot): \(figures)\(part)\(washNote)\(worth)\(deadlineNote)"
        case .noPrice(let asOf): return "\(lot): no price on or before \(asOf): not valued"
        case .gain: return "\(lot): gain \(show(unrealized ?? .zero)): not sold (a harvest never realizes a gain)"
        case .belowMinimum(let minimum): return "\(lot): \(figures)\(washNote): below the \(show(minimum)) minimum\(deadlineNote)"
        case .lossTargetMet: return "\(lot): loss \(show(loss)) not needed: the loss target is met"
        case .planBelowMinimum: return "\(lot): \(figures): dropped, the plan as a whole is below its minimum"
        case .fifoOrder(let older):
            return "\(lot): loss \(show(-(unrealized ?? .zero))): FIFO per wallet: a sale from \(self.lot.wallet) takes the \(older) "
                + "older \(self.lot.asset) first; sell those first (after one year they are tax-free) to reach this loss"
        case .methodOrder(let method, let first):
            return "\(lot): loss \(show(-(unrealized ?? .zero))): \(method.rawValue.uppercased()) takes the \(first) \(self.lot.asset) "
                + "ahead of it from \(self.lot.wallet) first; to sell this lot, identify it: record the sale with "
                + "lot_ids=\(self.lot.transactionID) and file with --method specific"
        case .washSale(let units):
            return "\(lot): loss \(show(-(unrealized ?? .zero))): wash sale: \(units) \(self.lot.asset) bought in the window before "
                + "the day replace the units sold; the loss is disallowed (it moves into their basis) and saves nothing now"
        case .lossDoesNotCount:
            return "\(lot): loss \(show(-(unrealized ?? .zero))): held over one year, outside §23 EStG: the loss does not count"
        case .waitForDiscount(let date):
            return "\(lot): gain \(show(unrealized ?? .zero)): not sold; wait: the \(Australia.discountRate.percent) CGT discount applies from \(date)"
        case .waitForTaxFree(let date):
            return "\(lot): gain \(show(unrealized ?? .zero)): not sold; wait: tax-free from \(date) (held over one year)"
        case .waitForDepth(let depth, let trigger, let volatility, let sweepFrom):
            let sigma = volatility.map { "its volatility of \(Self.percent($0))" } ?? "too few closes to measure its volatility"
            return "\(lot): \(figures): wait: the loss is \(Self.percent(depth)) of the basis, and before the year's last days a "
                + "loss of \(self.lot.asset) is harvested from \(Self.percent(trigger)) (\(sigma)); sell it if it gets there, "
                + "or from \(sweepFrom) if it still pays"
        case .taxFreeGain:
            return "\(lot): gain \(show(unrealized ?? .zero)) held over one year: tax-free; consider gain harvesting: selling and "
                + "buying back (no wash-sale rule) raises the basis at no tax, for costs of \(show(tradingCosts)); the new units "
                + "start a new one-year period"
        }
    }

    /// A fraction as a whole percentage, for explanations.
    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    /// What selling the whole lot costs per unit of its loss (the planner's order of choice).
    var unitCost: Fixed { LossCurve.rate(cost: deferredTax + restartCost + tradingCosts, loss: loss) }

    /// The part of the loss a wash-sale rule disallows, when there is one.
    var washNote: String {
        disallowedLoss.isPositive ? "; wash sale: \(HarvestPlanner.show(disallowedLoss)) of the loss disallowed (moves into the replacement's basis)" : ""
    }

    /// The explanation with the deadline of a loss that counts only within the holding period.
    var deadlineNote: String {
        guard let until = lossCountsUntil, loss.isPositive || (unrealized ?? .zero).isNegative else { return "" }
        return "; the loss counts only if sold by \(until)"
    }
}

/// The proposed trades and what they are worth (DESIGN.md "HarvestPlan").
public struct HarvestPlan: Sendable {
    public var asOf: CivilDate
    /// Every open lot, chosen ones first in the order chosen, then the rest by net benefit.
    public var candidates: [HarvestCandidate]
    public var lossRealized: Money
    public var taxSavedNow: Money
    public var deferredTax: Money
    public var restartCost: Money
    public var tradingCosts: Money
    public var netBenefit: Money
    /// For each harvested asset, the first day a repurchase of it (or of anything substantially identical)
    /// no longer falls in the wash-sale window.
    public var doNotBuyBefore: [Asset: CivilDate]
    /// For each harvested asset, what to buy instead to keep the exposure: the most correlated asset that is
    /// not substantially identical.
    public var replacements: [Asset: Replacement]
    /// With target weights: the sells (least tax first) and buys that bring the portfolio to them.
    public var rebalance: [RebalanceTrade] = []
    /// The tax of the gains the rebalancing realizes (after the harvest's losses), negative when it saves.
    public var rebalanceTax: Money = .zero
    public var warnings: [String]

    /// The chosen candidates, in the order chosen (the first `trades.count` candidates).
    public var trades: ArraySlice<HarvestCandidate> { candidates.prefix(while: \.chosen) }
}

/// Finds the losses worth harvesting. Pure: everything comes in through the request.
///
/// The value of harvesting a lot now (README "The value model"):
/// - tax saved this year: the year's capital-gains tax computed with and without the loss, under the
///   jurisdiction's netting (US: short against short, long against long, then across; a net loss offsets up to
///   $3,000 of ordinary income at the short rate; the rest carries forward, valued at the long rate times
///   `carryforwardWeight`, discounted one year);
/// - minus the present value of the tax on the lowered basis of the replacement: loss × long rate, discounted
///   over the horizon (nothing when the exit is never: donation or step-up);
/// - minus the restart cost: when the horizon is under a year the replacement is sold short-term, so the
///   deferred tax is at the short rate: the difference, discounted;
/// - minus selling and buying back (fee and slippage in basis points, per wallet).
/// The set of lots (with a part of one lot per term where that helps) that maximises this value exactly
/// (`HarvestOptimizer`); `minimumBenefitPerTrade` applies to the final set (`Choice`). Each chosen lot's saving is its
/// marginal saving in the order chosen (cost per unit of loss, ties short-term first, then lot order), so the lots' figures
/// add up to the plan's.
public enum HarvestPlanner {
    public static func plan(_ request: PlanRequest) -> HarvestPlan {
        let valuation = PlanValuation(request)
        let assets = LotAssets(request.lots)
        var (candidates, losers, sellOrder) = valuation.candidates(assets)
        let lotOrder = orderKeys(request.lots, assets: assets)  // candidates are in the order of the lots
        var choice = Choice.best(losers, count: candidates.count, valuation, rank: sellOrder?.rank ?? lotOrder, behind: sellOrder?.behind ?? [:])
        choice.apply(to: &candidates, losers: losers, valuation, sellOrder: sellOrder)

        var plan = totals(of: choice.order, in: candidates, asOf: request.asOf)
        if !choice.order.isEmpty && plan.netBenefit < request.minimumBenefitTotal {
            plan.warnings.append("the plan's net benefit \(show(plan.netBenefit)) is below the \(show(request.minimumBenefitTotal)) minimum: no trades")
            for index in choice.order {
                candidates[index].chosen = false
                candidates[index].reason = .planBelowMinimum
            }
            choice = Choice(realized: valuation.realizedSoFar)
            plan = totals(of: [], in: candidates, asOf: request.asOf, warnings: plan.warnings)
        }
        if let target = request.realizeLoss, plan.lossRealized < target {
            plan.warnings.append("only \(show(plan.lossRealized)) of the \(show(target)) loss target can be realized at a benefit")
        }
        order(&candidates, chosen: choice.order, lotOrder: lotOrder)
        plan.candidates = consume candidates
        plan.warnings += identificationAdvice(request, plan, plan.candidates)
        washSaleAdvice(request, &plan)
        if let weights = request.targetWeights { rebalance(&plan, to: weights, after: choice.realized, valuation) }
        if let history = request.priceHistory { chooseReplacements(&plan, prices: history, request) }
        return plan
    }

    /// What the user must record for the plan to be filed as planned: under specific identification, the lots each sale
    /// names; under FIFO, LIFO or HIFO, the losses the method keeps out of reach.
    static func identificationAdvice(_ request: PlanRequest, _ plan: HarvestPlan, _ candidates: [HarvestCandidate]) -> [String] {
        switch request.lotMethod {
        case .specific? where !plan.trades.isEmpty:
            let ids = plan.trades.map { "\($0.lot.transactionID)=\($0.quantityToSell)" }.joined(separator: ";")
            return ["specific identification: record each sale with the lot it sells (the Harvest CSV's lot_ids column: "
                    + "\(ids)) and file the year with --method specific (harvest settings set method specific); a sale that "
                    + "names no lot is FIFO"]
        case .fifo?, .lifo?, .hifo?:
            var lots = 0, loss = Money.zero
            for candidate in candidates {
                guard case .methodOrder = candidate.reason else { continue }
                lots += 1
                loss -= candidate.unrealized ?? .zero
            }
            guard lots > 0, let method = request.lotMethod else { return [] }
            return ["\(lots) lot(s) at a loss of \(show(loss)) in all are behind other units under \(method.rawValue.uppercased()): the "
                    + "plan sells only the lots the method takes first; to sell the others, identify them (lot_ids, --method specific)"]
        default:
            return []
        }
    }

    /// What a plan of the candidates at `order` (the chosen ones, in the order chosen) adds up to.
    static func totals(of order: [Int], in candidates: [HarvestCandidate], asOf: CivilDate, warnings: [String] = []) -> HarvestPlan {
        var plan = HarvestPlan(
            asOf: asOf, candidates: [], lossRealized: .zero, taxSavedNow: .zero, deferredTax: .zero, restartCost: .zero,
            tradingCosts: .zero, netBenefit: .zero, doNotBuyBefore: [:], replacements: [:], warnings: warnings)
        for index in order {
            let c = candidates[index]
            plan.lossRealized += c.loss
            plan.taxSavedNow += c.taxSavedNow
            plan.deferredTax += c.deferredTax
            plan.restartCost += c.restartCost
            plan.tradingCosts += c.tradingCosts
            plan.netBenefit += c.netBenefit
        }
        return plan
    }

    /// Puts the candidates in the plan's order: the chosen ones in the order chosen, then the rest by net benefit (ties in
    /// lot order). In place: the list is the plan's largest value (496 bytes a lot, 50 MB for a hundred thousand lots),
    /// so each candidate is moved once and no second list is made; the order is sorted on integer keys made once.
    static func order(_ candidates: inout [HarvestCandidate], chosen order: [Int], lotOrder: [Int]) {
        var isChosen = [Bool](repeating: false, count: candidates.count)
        for index in order {
            precondition(!isChosen[index], "candidate \(index) chosen twice")
            isChosen[index] = true
        }
        // A lot kept (a gain, no price, ...) has no net benefit: most of the rest are zeros, in lot order, which the
        // ranks give without a sort (each lot's rank is its place in lot order). The others are sorted.
        var gains: [(benefit: Int128, rank: Int, index: Int)] = [], losses: [(benefit: Int128, rank: Int, index: Int)] = []
        var zeroAt = [Int](repeating: -1, count: candidates.count)
        for index in candidates.indices where !isChosen[index] {
            let benefit = candidates[index].netBenefit.fixed.raw
            if benefit == 0 {
                zeroAt[lotOrder[index]] = index
            } else if benefit > 0 {
                gains.append((benefit, lotOrder[index], index))
            } else {
                losses.append((benefit, lotOrder[index], index))
            }
        }
        // The ranks are distinct: a total order, whatever the sort's stability.
        func byBenefit(_ a: (benefit: Int128, rank: Int, index: Int), _ b: (benefit: Int128, rank: Int, index: Int)) -> Bool {
            a.benefit != b.benefit ? a.benefit > b.benefit : a.rank < b.rank
        }
        gains.sort(by: byBenefit)
        losses.sort(by: byBenefit)
        var source = order
        source.reserveCapacity(candidates.count)
        for entry in gains { source.append(entry.index) }
        for index in zeroAt where index >= 0 { source.append(index) }
        for entry in losses { source.append(entry.index) }
        permute(&candidates, source: source)
    }

    /// Reorders `elements` in place so that position `i` holds the element that was at `source[i]` (`source` a
    /// permutation of the indices), following its cycles: each element is moved once, bitwise, without copies.
    static func permute<Element>(_ elements: inout [Element], source: [Int]) {
        precondition(source.count == elements.count, "a permutation of \(source.count) for \(elements.count) elements")
        var placed = [Bool](repeating: false, count: source.count)
        var moved = 0
        elements.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in source.indices where !placed[start] {
                placed[start] = true
                moved += 1
                guard source[start] != start else { continue }
                let held = (base + start).move()
                var position = start
                // At most `source.count` steps: each one places a new position.
                while source[position] != start {
                    let from = source[position]
                    precondition(!placed[from], "not a permutation: \(from) taken twice")
                    (base + position).moveInitialize(from: base + from, count: 1)
                    placed[from] = true
                    moved += 1
                    position = from
                }
                (base + position).initialize(to: held)
            }
        }
        precondition(moved == source.count, "permutation moved \(moved) of \(source.count) elements")
    }

    /// With target weights: the sells and buys that bring the portfolio to them, after the harvest, and the tax their
    /// gains add to the year.
    static func rebalance(_ plan: inout HarvestPlan, to weights: [Asset: Fixed], after realized: RealizedGains, _ valuation: PlanValuation) {
        var harvested: [String: Quantity] = [:]
        for trade in plan.trades { harvested[Rebalancer.key(trade.lot), default: .zero] += trade.quantityToSell }
        let (trades, warnings) = Rebalancer.trades(valuation.request, weights: weights, harvested: harvested)
        plan.rebalance = trades
        plan.warnings += warnings
        var rebalanced = realized
        for trade in trades where trade.side == .sell { rebalanced = rebalanced.adding(trade.gain, term: trade.term ?? .short) }
        plan.rebalanceTax = valuation.economics.taxCost(rebalanced) - valuation.economics.taxCost(realized)
    }

    /// For each harvested asset, the most correlated asset that is not substantially identical to it.
    static func chooseReplacements(_ plan: inout HarvestPlan, prices: PriceBook, _ request: PlanRequest) {
        var cache = Replacements.ReturnsCache(
            prices: prices, from: request.asOf.adding(days: -request.correlationLookbackDays), through: request.asOf)
        for asset in Set(plan.trades.map(\.lot.asset)).sorted() {
            plan.replacements[asset] = Replacements.best(
                for: asset, cache: &cache, candidates: request.replacementCandidates, rule: request.washSale ?? request.jurisdiction.washSale)
        }
    }

    /// The lots of each bucket (an asset in a wallet, or in every wallet under universal scope) in the order a sale under
    /// `method` takes them: the engine's order (`Replay.sortKey`): acquisition time; LIFO reversed; HIFO highest unit cost
    /// first. Empty when any lot can be sold (`method` nil or specific).
    static func chains(_ lots: [Lot], method: LotMethod?, scope: BasisScope) -> [[Int]] {
        guard let method, method != .specific else { return [] }
        let unitCosts = method == .hifo ? lots.map { $0.quantity.isZero ? Fixed.zero : $0.costBasis.fixed.saturatingDivided(by: $0.quantity.fixed, rounding: .halfEven) } : []
        func sameBucket(_ a: Int, _ b: Int) -> Bool { lots[a].asset == lots[b].asset && (scope == .universal || lots[a].wallet == lots[b].wallet) }
        func first(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (lots[a], lots[b])
            switch method {
            case .lifo: return (y.acquiredAt, y.transactionID) < (x.acquiredAt, x.transactionID)
            case .hifo where unitCosts[a] != unitCosts[b]: return unitCosts[a] > unitCosts[b]
            default: return (x.acquiredAt, x.transactionID) < (y.acquiredAt, y.transactionID)
            }
        }
        let order = lots.indices.sorted { a, b in
            if lots[a].asset != lots[b].asset { return lots[a].asset < lots[b].asset }
            if scope == .wallet && lots[a].wallet != lots[b].wallet { return lots[a].wallet < lots[b].wallet }
            return first(a, b)
        }
        var chains: [[Int]] = []
        for (position, index) in order.enumerated() {
            if position == 0 || !sameBucket(order[position - 1], index) { chains.append([]) }
            chains[chains.count - 1].append(index)
        }
        return chains
    }

    /// Each lot's rank in (date acquired, asset, wallet, tx id) order: the planner's tie-break.
    static func orderKeys(_ lots: [Lot], assets: LotAssets) -> [Int] {
        // Integer keys (day, asset rank), the assets numbered by the valuation and ranked in name order; the wallet and
        // transaction id only break what is left (a day's lots of one asset: few), so no wallet is hashed.
        var assetRank = [Int](repeating: 0, count: assets.assets.count)
        for (rank, entry) in assets.assets.enumerated().sorted(by: { $0.element < $1.element }).enumerated() { assetRank[entry.offset] = rank }
        // Each lot's key and index in one integer, sorted as integers; then each run of equal keys by wallet, transaction
        // id and index, as a stable sort of the lots by (key, wallet, id) orders them.
        var keyed = lots.indices.map { index in
            let key = Int64(lots[index].dateAcquired.daysSinceEpoch) << 32 | Int64(assetRank[assets.number[index]])
            return Int128(key) << 64 | Int128(index)
        }
        keyed.sort()
        func before(_ a: Int128, _ b: Int128) -> Bool {
            let (left, right) = (Int(truncatingIfNeeded: a), Int(truncatingIfNeeded: b))
            if lots[left].wallet != lots[right].wallet { return lots[left].wallet < lots[right].wallet }
            return lots[left].transactionID != lots[right].transactionID ? lots[left].transactionID < lots[right].transactionID : left < right
        }
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end] >> 64 == keyed[start] >> 64 { end += 1 }
            if end - start > 16 {
                keyed[start..<end].sort(by: before)
            } else if end - start > 1 {
                // A short run (the usual): sorted by insertion, in place.
                for next in (start + 1)..<end {
                    let entry = keyed[next]
                    var slot = next
                    while slot > start && before(entry, keyed[slot - 1]) {
                        keyed[slot] = keyed[slot - 1]
                        slot -= 1
                    }
                    keyed[slot] = entry
                }
            }
            start = end
        }
        var rank = [Int](repeating: 0, count: lots.count)
        for (position, entry) in keyed.enumerated() { rank[Int(truncatingIfNeeded: entry)] = position }
        return rank
    }

    /// The advice on buying back and selling: the jurisdiction's own rule first (`TaxRegime.buyBackAdvice`), then
    /// the other countries' the user asked about (`advisoryRules`), then for each harvested asset the first day a
    /// repurchase is outside the rule's window and what its window shows of recent acquisitions.
    static func washSaleAdvice(_ request: PlanRequest, _ plan: inout HarvestPlan) {
        let harvested = Set(plan.trades.map(\.lot.asset)).sorted()
        let own = request.washSale ?? request.jurisdiction.washSale
        let regime = request.jurisdiction.regime
        plan.warnings += regime.buyBackAdvice(harvested: harvested, request: request, rule: own)
        for code in request.advisoryRules {
            guard let advisory = Jurisdiction.all[code]?.advisory else { continue }
            plan.warnings += harvested.map { advisory.advice(for: $0, request: request) }
        }
        // No wash-sale rule at all (Germany): nothing to wait for.
        guard let rule = own else { return }
        for asset in harvested {
            plan.doNotBuyBefore[asset] = request.asOf.adding(days: rule.daysAfter + 1)
            plan.warnings += regime.saleWarnings(for: asset, request: request, rule: rule)
        }
    }

    static func describe(_ lot: Lot) -> String { "lot \(lot.dateAcquired) \(lot.quantity) \(lot.asset)@\(lot.wallet)" }

    /// Whole currency units with thousands separators, for one-line explanations.
    static func show(_ money: Money) -> String { money.groupedWhole }
}

/// Each lot's asset as a number, in the order first met: one hash a lot, then the valuation's prices and the lot order's
/// names are looked up by number (a plan over a hundred thousand lots would otherwise hash each name several times).
struct LotAssets {
    /// For each lot, its asset's number.
    var number: [Int] = []
    /// The assets by number.
    var assets: [Asset] = []

    init(_ lots: [Lot]) {
        var numbers: [Asset: Int] = [:]
        number.reserveCapacity(lots.count)
        for lot in lots {
            if let known = numbers[lot.asset] {
                number.append(known)
            } else {
                numbers[lot.asset] = assets.count
                number.append(assets.count)
                assets.append(lot.asset)
            }
        }
    }
}

/// A loser's figures for the choice: its loss, what selling all of it costs, and that per unit of loss. Kept in a short
/// list of their own, in lot order, so that the choice reads them in order rather than from the candidates (496 bytes
/// each).
struct Loser {
    var index: Int
    var loss: Money
    var cost: Money
    /// Cost per unit of loss (`HarvestCandidate.unitCost`): the order of choice.
    var rate: Fixed
    var term: Term
    /// A wash sale disallows part of its loss: sold whole or not at all.
    var wholeOnly: Bool

    init(_ candidate: HarvestCandidate, index: Int) {
        self.index = index
        loss = candidate.loss
        cost = candidate.deferredTax + candidate.restartCost + candidate.tradingCosts
        rate = candidate.unitCost
        term = candidate.term
        wholeOnly = candidate.disallowedLoss.isPositive
    }
}

/// Every lot valued for harvesting on the plan's day, under the jurisdiction's economics (`HarvestEconomics`).
struct PlanValuation {
    let request: PlanRequest
    let economics: any HarvestEconomics
    let deferralFactor: Fixed
    /// What the year has realized before the plan, and its tax.
    let realizedSoFar: RealizedGains
    let baseCost: Money

    init(_ request: PlanRequest) {
        self.request = request
        economics = request.jurisdiction.economics(profile: request.profile, asOf: request.asOf)
        deferralFactor = request.profile.discountFactor(years: request.profile.horizonYears)
        realizedSoFar = RealizedGains(
            netShortTerm: request.realizedShortTerm, shortTermLosses: request.realizedShortTermLosses,
            netLongTerm: request.realizedLongTerm, longTermLosses: request.realizedLongTermLosses)
        baseCost = economics.taxCost(realizedSoFar)
        var volatilities: [Asset: Double] = [:]
        if let timing = request.timing, !timing.isSweep(request.asOf, taxYear: request.jurisdiction.taxYear) {
            for asset in Set(request.lots.map(\.asset)) {
                volatilities[asset] = timing.volatility(request.priceHistory?.series(for: asset), on: request.asOf)
            }
        }
        self.volatilities = volatilities
    }

    /// The timing's volatility of each asset held, when the day is before the sweep.
    let volatilities: [Asset: Double]

    /// A candidate for every lot, and the losers: the lots whose loss may be harvested. Under a selling order (FIFO,
    /// LIFO, HIFO), a bucket's lots can be sold only from its head: a loser counts while every lot ahead of it is a loser
    /// costing no more per unit of loss (so the cheapest-first choice always takes a prefix of the bucket); the rest are
    /// kept (`methodOrder`), and `sellOrder` gives each lot its place in the buckets' order for ties.
    func candidates(_ assets: LotAssets) -> (candidates: [HarvestCandidate], losers: [Loser], sellOrder: SellOrder?) {
        let wash = WashLookBack(request)
        let prices = assets.assets.map { request.prices[$0] }
        var candidates: [HarvestCandidate] = []
        var losers: [Loser] = []
        candidates.reserveCapacity(request.lots.count)
        // Each lot read where it lies (a copy of one is 176 bytes and its strings' references); the candidate keeps one.
        request.lots.withUnsafeBufferPointer { lots in
            for index in lots.indices {
                let (candidate, isLoser) = value(lots[index], price: prices[assets.number[index]], wash: wash)
                if isLoser { losers.append(Loser(candidate, index: index)) }
                candidates.append(candidate)
            }
        }
        guard let method = sellingOrder else { return (candidates, losers, nil) }
        // Each lot's place in `losers` (-1 for none), and whether it is still a loser.
        var position = [Int](repeating: -1, count: candidates.count)
        for (at, loser) in losers.enumerated() { position[loser.index] = at }
        var stillLoser = [Bool](repeating: true, count: losers.count)
        var order = SellOrder(method: method, rank: [Int](repeating: 0, count: candidates.count))
        var rank = 0
        for chain in HarvestPlanner.chains(request.lots, method: method, scope: scope) {
            var open = true, previousRate: Fixed? = nil, ahead = Quantity.zero, previous: Int? = nil
            for index in chain {
                order.rank[index] = rank
                rank += 1
                let isLoser = position[index] >= 0
                if open, isLoser {
                    let rate = losers[position[index]].rate
                    open = previousRate.map { rate >= $0 } ?? true
                    previousRate = rate
                } else {
                    open = false
                }
                if open {
                    if let previous { order.behind[previous] = index }
                    previous = index
                } else if isLoser {
                    stillLoser[position[index]] = false
                    candidates[index].reason = request.jurisdiction.allowedMethods.contains(.specific)
                        ? .methodOrder(method, unitsFirst: ahead) : .fifoOrder(olderUnits: ahead)
                }
                order.ahead[index] = ahead
                ahead += request.lots[index].quantity
            }
        }
        return (candidates, losers.indices.filter { stillLoser[$0] }.map { losers[$0] }, order)
    }

    /// The buckets' selling order: each lot's place, the units ahead of it, and the loser right behind it.
    struct SellOrder {
        let method: LotMethod
        var rank: [Int]
        var ahead: [Int: Quantity] = [:]
        var behind: [Int: Int] = [:]
    }

    /// The order in which a sale takes lots when the plan cannot name them: FIFO where the country knows no specific
    /// identification (Germany), the method the user files with when it is FIFO, LIFO or HIFO; nil when any lot can be
    /// sold (specific identification, pools, or no method given).
    var sellingOrder: LotMethod? {
        if request.jurisdiction.isPooled { return nil }
        if !request.jurisdiction.allowedMethods.contains(.specific) { return .fifo }
        return request.lotMethod == .specific ? nil : request.lotMethod
    }

    /// The scope the selling order runs over: wallet by wallet where the country knows no specific identification.
    var scope: BasisScope { request.jurisdiction.allowedMethods.contains(.specific) ? request.basisScope : .wallet }

    /// One lot valued: kept with its reason, or a loser with its costs (the whole lot sold).
    /// - Parameter price: the close of the lot's asset (`request.prices`), nil when there is none.
    func value(_ lot: Lot, price: Price?, wash: WashLookBack?) -> (HarvestCandidate, isLoser: Bool) {
        let value = price.map { $0 * lot.quantity }
        let unrealized = value.map { lot.unrealized(at: $0) }
        let held = lot.holdingStart(realizing: unrealized ?? .zero)
        let (term, longFrom) = request.jurisdiction.holdingPeriod.termAndFirstLongTermDate(held: held, disposed: request.asOf)
        var candidate = HarvestCandidate(
            lot: lot, price: price, value: value, unrealized: unrealized, term: term,
            daysToLongTerm: max(0, request.asOf.days(to: longFrom)), quantityToSell: .zero, loss: .zero, taxSavedNow: .zero,
            deferredTax: .zero, restartCost: .zero, tradingCosts: .zero, netBenefit: .zero, chosen: false, reason: .gain)
        guard let value, let unrealized else {
            candidate.reason = .noPrice(asOf: request.asOf)
            return (candidate, false)
        }
        guard unrealized.isNegative else {
            candidate.reason = economics.keepReason(term: term, longFrom: longFrom)
            if candidate.reason == .taxFreeGain {
                candidate.tradingCosts = costs(lot.wallet).roundTrip(value)
            }
            return (candidate, false)
        }
        guard economics.lossCounts(term) else {
            candidate.reason = .lossDoesNotCount
            return (candidate, false)
        }
        if !economics.lossCounts(.long) {
            candidate.lossCountsUntil = request.jurisdiction.holdingPeriod.lastShortTermDate(held: held)
        }
        let loss = -unrealized
        // The look-back half of a wash-sale rule, as if this were the plan's first sale of the asset.
        let replaced = wash?.replaced(lot, quantity: lot.quantity, loss: loss) ?? (units: .zero, loss: .zero)
        candidate.disallowedLoss = replaced.loss
        guard replaced.loss < loss else {
            candidate.reason = .washSale(replacedUnits: replaced.units)
            return (candidate, false)
        }
        fill(&candidate, quantity: lot.quantity, loss: loss - replaced.loss, value: value)
        if let timing = request.timing,
           !timing.isDeepEnough(basis: value + loss, value: value, volatility: volatilities[lot.asset], on: request.asOf,
                                taxYear: request.jurisdiction.taxYear) {
            let taxYear = request.jurisdiction.taxYear
            let basis = (value + loss).fixed.statistic(fractionDigits: 6)
            candidate.reason = .waitForDepth(
                depth: basis > 0 ? loss.fixed.statistic(fractionDigits: 6) / basis : 0,
                trigger: timing.triggerDepth(volatility: volatilities[lot.asset]), volatility: volatilities[lot.asset],
                sweepFrom: taxYear.end(of: taxYear.year(of: request.asOf)).adding(days: 1 - timing.sweepDays))
            return (candidate, false)
        }
        return (candidate, true)
    }

    /// The wallet's trading costs (no lookup when no wallet has its own: a plan over many lots asks for each).
    func costs(_ wallet: Wallet) -> TradingCosts {
        request.costsByWallet.isEmpty ? request.costs : request.costsByWallet[wallet] ?? request.costs
    }

    /// The deferred tax, restart cost and trading costs of selling `quantity` of a lot at a `loss`.
    func fill(_ candidate: inout HarvestCandidate, quantity: Quantity, loss: Money, value: Money) {
        let profile = request.profile
        candidate.quantityToSell = quantity
        candidate.loss = loss
        let sold = candidate.lot.quantity == quantity ? value : value.prorated(quantity, of: candidate.lot.quantity)
        candidate.tradingCosts = costs(candidate.lot.wallet).roundTrip(sold)
        switch profile.exit {
        case .never:
            candidate.deferredTax = .zero
            candidate.restartCost = .zero
        case .sell:
            candidate.deferredTax = loss.multiplied(by: economics.laterLongRate, rounding: .halfEven)
                .multiplied(by: deferralFactor, rounding: .halfEven)
            // Zero under one class of gains (UK, Canada): the later rates are the same, nothing restarts.
            candidate.restartCost = profile.horizonYears < 1
                ? loss.multiplied(by: economics.laterShortRate - economics.laterLongRate, rounding: .halfEven)
                    .multiplied(by: deferralFactor, rounding: .halfEven)
                : .zero
        }
    }
}

/// The exact choice over the losers (`HarvestOptimizer`), with `minimumBenefitPerTrade` applied to the final set: a chosen
/// lot whose contribution (what the plan is worth less without it) is below the minimum is dropped and the rest chosen
/// again, until every chosen lot pays its minimum. A lot with a wash-sale-disallowed part is sold whole or not at all
/// (its first units sold are the replaced ones, so a part of it does not save in proportion).
struct Choice {
    /// The chosen candidates in the order chosen, the loss each realizes, and its contribution.
    var taken: [(index: Int, loss: Money, contribution: Money)] = []
    /// The losers dropped for a contribution below the per-trade minimum, and those behind them in a selling order.
    var belowMinimum: Set<Int> = []
    var blocked: Set<Int> = []
    /// What the year has realized with the chosen harvests.
    var realized: RealizedGains

    var order: [Int] { taken.map(\.index) }

    /// - Parameters: `rank`: each candidate's place for ties (under a selling order, the buckets' order, so that the
    ///   cheapest-first choice takes a prefix of each bucket); `behind`: the loser a sale of each can only reach after it.
    ///   `count`: the number of candidates.
    static func best(_ losers: [Loser], count: Int, _ valuation: PlanValuation, rank: [Int], behind: [Int: Int]) -> Choice {
        // In order of cost per unit of loss once (ties by rank: a total order), each term apart: each round keeps that order.
        let (short, long, wholeOnly) = orderedItems(losers, count: count, rank: rank)
        var shortLive = short, longLive = long
        let minimum = valuation.request.minimumBenefitPerTrade
        var excluded = [Bool](repeating: false, count: count)
        var belowMinimum = Set<Int>(), blocked = Set<Int>()
        /// Leaves a lot out, and the lots of its bucket behind it (a sale reaches them only through it).
        func exclude(_ indices: [Int]) {
            for index in indices {
                excluded[index] = true
                var next = behind[index]
                while let lot = next, !excluded[lot] {
                    excluded[lot] = true
                    blocked.insert(lot)
                    next = behind[lot]
                }
            }
            shortLive.removeAll { excluded[$0.index] }
            longLive.removeAll { excluded[$0.index] }
        }
        // Each round drops at least one lot, or ends.
        for _ in 0...(short.count + long.count) {
            let optimizer = HarvestOptimizer(
                economics: valuation.economics, realized: valuation.realizedSoFar, baseCost: valuation.baseCost,
                short: LossCurve(shortLive, ordered: true), long: LossCurve(longLive, ordered: true), target: valuation.request.realizeLoss)
            let point = optimizer.best()
            let takenShort = optimizer.short.taken(point.short), takenLong = optimizer.long.taken(point.long)
            if let wholeOnly {
                let parts = (takenShort + takenLong).filter { wholeOnly[$0.item.index] && $0.loss < $0.item.loss }.map(\.item.index)
                if !parts.isEmpty {
                    exclude(parts)
                    continue
                }
            }
            let saving = optimizer.saving(point.short, point.long)
            // Without each lot: along its term's axis back to zero.
            let withoutShort = AxisSaving(valuation.economics, realized: valuation.realizedSoFar, term: .short, other: point.long,
                                          from: .zero, to: point.short, saving: optimizer.saving)
            let withoutLong = AxisSaving(valuation.economics, realized: valuation.realizedSoFar, term: .long, other: point.short,
                                         from: .zero, to: point.long, saving: optimizer.saving)
            var dropped: [Int] = []
            func contributions(_ taken: [(item: LossCurve.Item, loss: Money)], without: (Money) -> Money, at total: Money) -> [Money] {
                taken.map { item, loss in
                    let cost = loss == item.loss ? item.cost : item.cost.scaled(by: loss.fixed, over: item.loss.fixed, rounding: .halfEven)
                    let contribution = saving - without(total - loss) - cost
                    if contribution < minimum { dropped.append(item.index) }
                    return contribution
                }
            }
            let shortContributions = contributions(takenShort, without: withoutShort.callAsFunction, at: point.short)
            let longContributions = contributions(takenLong, without: withoutLong.callAsFunction, at: point.long)
            guard dropped.isEmpty else {
                exclude(dropped)
                belowMinimum.formUnion(dropped)
                continue
            }
            let chosen = merged(short: (takenShort, shortContributions), long: (takenLong, longContributions))
            var choice = Choice(taken: chosen, realized: valuation.realizedSoFar)
            choice.belowMinimum = belowMinimum
            choice.blocked = blocked.subtracting(belowMinimum)
            return choice
        }
        preconditionFailure("the per-trade minimum did not settle over \(losers.count) lots")
    }

    /// The lots taken of each term, with their contributions, in the order chosen: by cost per unit of loss, ties
    /// short-term first, then by rank. Each term's lots are in that order already (rate, then rank), so the two lists merge.
    static func merged(short: (taken: [(item: LossCurve.Item, loss: Money)], contributions: [Money]),
                       long: (taken: [(item: LossCurve.Item, loss: Money)], contributions: [Money]))
        -> [(index: Int, loss: Money, contribution: Money)]
    {
        var chosen: [(index: Int, loss: Money, contribution: Money)] = []
        chosen.reserveCapacity(short.taken.count + long.taken.count)
        var (nextShort, nextLong) = (0, 0)
        while nextShort < short.taken.count || nextLong < long.taken.count {
            if nextLong == long.taken.count
                || (nextShort < short.taken.count && short.taken[nextShort].item.rate <= long.taken[nextLong].item.rate)
            {
                chosen.append((short.taken[nextShort].item.index, short.taken[nextShort].loss, short.contributions[nextShort]))
                nextShort += 1
            } else {
                chosen.append((long.taken[nextLong].item.index, long.taken[nextLong].loss, long.contributions[nextLong]))
                nextLong += 1
            }
        }
        return chosen
    }

    /// The losers' items, each term's in order of cost per unit of loss (ties by rank), and which may only be sold whole
    /// (nil when none: no wash sale). The order is sorted on integer keys made once.
    static func orderedItems(_ losers: [Loser], count: Int, rank: [Int])
        -> (short: [LossCurve.Item], long: [LossCurve.Item], wholeOnly: [Bool]?)
    {
        var keys: [(rate: Int128, rank: Int, position: Int)] = []
        keys.reserveCapacity(losers.count)
        var wholeOnly: [Bool]? = nil
        for (position, loser) in losers.enumerated() {
            keys.append((loser.rate.raw, rank[loser.index], position))
            if loser.wholeOnly {
                if wholeOnly == nil { wholeOnly = [Bool](repeating: false, count: count) }
                wholeOnly?[loser.index] = true
            }
        }
        keys.sort { a, b in a.rate != b.rate ? a.rate < b.rate : a.rank < b.rank }
        var short: [LossCurve.Item] = [], long: [LossCurve.Item] = []
        short.reserveCapacity(losers.count)
        long.reserveCapacity(losers.count)
        for key in keys {
            let loser = losers[key.position]
            let item = LossCurve.Item(index: loser.index, loss: loser.loss, cost: loser.cost, rate: loser.rate, rank: key.rank)
            if loser.term == .short { short.append(item) } else { long.append(item) }
        }
        return (short, long, wholeOnly)
    }

    /// Writes the choice into the candidates: the chosen ones sold (in part where the choice says), each saving its
    /// marginal tax in the order chosen, a wash sale's disallowed part as the engine will match it in that order; the
    /// other losers valued on top of the plan.
    mutating func apply(to candidates: inout [HarvestCandidate], losers: [Loser], _ valuation: PlanValuation, sellOrder: PlanValuation.SellOrder?) {
        let economics = valuation.economics
        var wash = WashLookBack(valuation.request)
        realized = valuation.realizedSoFar
        var cost = valuation.baseCost
        var realizedSoFar = valuation.realizedSoFar
        // Each candidate is changed where it lies (a copy of one is 496 bytes and its strings' references).
        func sell(_ candidate: inout HarvestCandidate, loss: Money, contribution: Money) {
            let grossLoss = -(candidate.unrealized ?? .zero)
            if loss < candidate.loss {
                // Sell only the part of the lot that realizes `loss` (rounded up at the 18th digit).
                let quantity = Quantity(candidate.lot.quantity.fixed.scaled(by: loss.fixed, over: candidate.loss.fixed, rounding: .up))
                valuation.fill(&candidate, quantity: quantity, loss: loss, value: candidate.value!)
            }
            if var look = wash {
                let replaced = look.sell(candidate.lot, quantity: candidate.quantityToSell, loss: candidate.quantityToSell == candidate.lot.quantity
                                         ? grossLoss : loss)
                wash = look
                if candidate.disallowedLoss.isPositive && replaced.loss != candidate.disallowedLoss {
                    // Earlier sales of the plan used some of the replacements: less is disallowed than valued.
                    candidate.disallowedLoss = replaced.loss
                    valuation.fill(&candidate, quantity: candidate.quantityToSell, loss: grossLoss - replaced.loss, value: candidate.value!)
                }
            }
            let after = realizedSoFar.adding(-candidate.loss, term: candidate.term)
            let afterCost = economics.taxCost(after)
            candidate.taxSavedNow = cost - afterCost
            candidate.netBenefit = candidate.taxSavedNow - candidate.deferredTax - candidate.restartCost - candidate.tradingCosts
            candidate.contribution = contribution
            candidate.chosen = true
            candidate.reason = .chosen
            realizedSoFar = after
            cost = afterCost
        }
        for (index, loss, contribution) in taken { sell(&candidates[index], loss: loss, contribution: contribution) }
        realized = realizedSoFar
        var chosen = [Bool](repeating: false, count: candidates.count)
        for (index, _, _) in taken { chosen[index] = true }
        let lossRealized = taken.reduce(Money.zero) { $0 + $1.loss }
        let targetMet = valuation.request.realizeLoss.map { lossRealized >= $0 } ?? false
        // Each other loser on top of the plan: along its term's axis from the plan's point.
        let base = valuation.realizedSoFar, final = realized, finalCost = cost
        let point = (short: base.shortTermLosses - final.shortTermLosses, long: base.longTermLosses - final.longTermLosses)
        func saving(_ short: Money, _ long: Money) -> Money {
            finalCost - economics.taxCost(base.adding(-short, term: .short).adding(-long, term: .long))
        }
        var largest = (short: Money.zero, long: Money.zero)
        for loser in losers where !chosen[loser.index] {
            if loser.term == .short { largest.short = max(largest.short, loser.loss) } else { largest.long = max(largest.long, loser.loss) }
        }
        let onTopShort = AxisSaving(economics, realized: base, term: .short, other: point.long, from: point.short,
                                    to: point.short + largest.short, saving: saving)
        let onTopLong = AxisSaving(economics, realized: base, term: .long, other: point.short, from: point.long,
                                   to: point.long + largest.long, saving: saving)
        let belowMinimum = belowMinimum, blocked = blocked
        func valueOnTop(_ candidate: inout HarvestCandidate, _ index: Int) {
            candidate.taxSavedNow = candidate.term == .short ? onTopShort(point.short + candidate.loss) : onTopLong(point.long + candidate.loss)
            candidate.netBenefit = candidate.taxSavedNow - candidate.deferredTax - candidate.restartCost - candidate.tradingCosts
            candidate.reason = targetMet && !belowMinimum.contains(index)
                ? .lossTargetMet : .belowMinimum(valuation.request.minimumBenefitPerTrade)
            if blocked.contains(index), let sellOrder {
                let ahead = sellOrder.ahead[index] ?? .zero
                candidate.reason = valuation.request.jurisdiction.allowedMethods.contains(.specific)
                    ? .methodOrder(sellOrder.method, unitsFirst: ahead) : .fifoOrder(olderUnits: ahead)
            }
            candidate.quantityToSell = .zero
        }
        for loser in losers where !chosen[loser.index] { valueOnTop(&candidates[loser.index], loser.index) }
    }
}
