import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestReports
import HarvestStore

extension HarvestCommand {
    /// `harvest plan [--as-of DATE] [--realize-loss X]`
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The harvest plan: which lots to sell today, what each saves after costs, and when not to buy back.",
            discussion: """
                Every open lot is valued at the as-of close. A loss is worth the tax it saves this year (given the gains \
                realized so far), less the present value of the tax on the replacement's lower basis, less the round-trip \
                costs. Lots are chosen best first while each pays at least --min-benefit. Rates and assumptions: \
                `harvest profile`. See the README's "The value model" for a worked example.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: ArgumentHelp("The day of the plan, YYYY-MM-DD (default: today).", valueName: "date"))
        var asOf: DateArgument?

        @Option(help: ArgumentHelp("Realize exactly this much loss (e.g. this year's gains plus 3,000).", valueName: "amount"))
        var realizeLoss: String?

        @Option(help: ArgumentHelp("The smallest net benefit worth a trade (default 10).", valueName: "amount"))
        var minBenefit: String = "10"

        @Option(help: ArgumentHelp("The smallest net benefit worth a plan (default 0).", valueName: "amount"))
        var minTotal: String = "0"

        @Option(help: ArgumentHelp("Suggest replacements only among these assets, e.g. SOL,AVAX,LINK (default: any priced asset).", valueName: "assets"))
        var replacements: String?

        @Option(help: ArgumentHelp("Rebalance to these weights while harvesting, e.g. \"BTC=0.5,ETH=0.3,SOL=0.2\" (they add up to 1).", valueName: "weights"))
        var target: String?

        @Option(help: "Days of daily returns the replacement's correlation is measured over.")
        var lookback: Int = 90

        @Option(help: ArgumentHelp("Also warn under these countries' wash-sale-style rules: uk, ca, au.", valueName: "codes"))
        var warnFor: String?

        @Option(help: "table, csv or json.")
        var format: OutputFormat = .table

        /// `BTC=0.5,ETH=0.3,SOL=0.2` as weights adding up to exactly 1.
        static func weights(_ text: String) throws -> [Asset: Fixed] {
            var weights: [Asset: Fixed] = [:]
            for part in text.split(separator: ",") {
                let pieces = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                guard pieces.count == 2, !pieces[0].isEmpty, let weight = Fixed(pieces[1]), !weight.isNegative else {
                    throw ValidationError("--target takes ASSET=WEIGHT pairs such as BTC=0.5,ETH=0.5, not '\(part)'.")
                }
                weights[Asset(pieces[0]), default: .zero] += weight
            }
            let sum = weights.values.reduce(Fixed.zero, +)
            guard sum == .one else { throw ValidationError("--target weights add up to \(sum), not 1.") }
            return weights
        }

        func validate() throws {
            if let target { _ = try Self.weights(target) }
            try HarvestCommand.checkAdvisory(warnFor)
            guard (10...3650).contains(lookback) else { throw ValidationError("--lookback takes 10 to 3650 days, not \(lookback).") }
            for (name, text) in [("--realize-loss", realizeLoss), ("--min-benefit", minBenefit), ("--min-total", minTotal)] {
                guard let text else { continue }
                guard let amount = try? Money(parsing: text), !amount.isNegative else {
                    throw ValidationError("\(name) takes a positive amount such as 12000, not '\(text)'.")
                }
            }
        }

        func run() throws {
            let workspace = try Workspace.open(global)
            let asOf = self.asOf?.date ?? workspace.today()
            let request = try workspace.planRequest(replay, asOf: asOf)
            var plan = request
            plan.realizeLoss = try realizeLoss.map { try Money(parsing: $0) }
            plan.minimumBenefitPerTrade = try Money(parsing: minBenefit)
            plan.minimumBenefitTotal = try Money(parsing: minTotal)
            plan.correlationLookbackDays = lookback
            plan.targetWeights = try target.map(Self.weights)
            plan.advisoryRules = HarvestCommand.advisoryCodes(warnFor)
            plan.replacementCandidates = replacements.map { Set($0.split(separator: ",").map { Asset(String($0).trimmingCharacters(in: .whitespaces)) }) }
            let result = HarvestPlanner.plan(plan)
            switch format {
            case .table: Console.out(PlanText.render(result, request: plan))
            case .csv: Console.out(PlanText.csv(result))
            case .json: Console.out(PlanText.json(result))
            }
        }
    }

    /// `harvest wash-check [--as-of DATE]`
    struct WashCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wash-check",
            abstract: "What a sale or a buy today would trigger under the wash-sale rule, asset by asset.",
            discussion: """
                For each asset: acquisitions (purchases, trades, income such as staking rewards) in the window before the \
                day, which a loss sale today would meet, and losses sold in the window, which a purchase today would \
                defer. Whether the rule reaches the asset (securities; crypto only with wash-sale-crypto on) is said.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var replay: ReplayOptions

        @Option(help: ArgumentHelp("The day to check, YYYY-MM-DD (default: today).", valueName: "date"))
        var asOf: DateArgument?

        @Option(help: ArgumentHelp("Also check under these countries' wash-sale-style rules: uk, ca, au.", valueName: "codes"))
        var warnFor: String?

        func validate() throws { try HarvestCommand.checkAdvisory(warnFor) }

        func run() throws {
            let workspace = try Workspace.open(global)
            let asOf = self.asOf?.date ?? workspace.today()
            var settings = workspace.settings
            replay.apply(to: &settings)
            // The losses of recent sales come from the replay through the day.
            let replayed = try workspace.replay(replay, through: asOf)
            var losses: [String: Money] = [:]
            for disposal in replayed.result.disposals where disposal.dateDisposed >= asOf.adding(days: -31) {
                losses[disposal.disposalTransactionID, default: .zero] -= disposal.gain
            }
            let rule = settings.washSale ?? WashSaleRule(appliesTo: [], effect: .advise)
            let check = WashSaleCheck.check(replayed.transactions, asOf: asOf, rule: rule, classes: settings.assetClasses, losses: losses)
            Console.out(WashCheckText.render(check, asOf: asOf, rule: rule, jurisdiction: settings.jurisdiction))
            for code in HarvestCommand.advisoryCodes(warnFor) {
                guard let (name, other, note) = Jurisdiction.all[code]?.advisory.map({ ($0.name, $0.rule, $0.note) }) else { continue }
                let advice = WashSaleCheck.check(replayed.transactions, asOf: asOf, rule: other, classes: settings.assetClasses, losses: losses)
                Console.out("\n\(name) (advice: \(note))\n")
                Console.out(WashCheckText.render(advice, asOf: asOf, rule: other, jurisdiction: settings.jurisdiction)
                    .split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"))
            }
        }
    }
}

extension Workspace {
    /// Everything the planner needs on `asOf`, from the store and the settings.
    func planRequest(_ options: ReplayOptions, asOf: CivilDate) throws -> PlanRequest {
        let replayed = try replay(options, through: asOf)
        let settings = replayed.settings
        let year = settings.jurisdiction.taxYear.year(of: asOf)
        var prices: [Asset: Price] = [:]
        for asset in Set(replayed.result.openLots.map(\.asset)) {
            if let close = replayed.prices.latestClose(asset, onOrBefore: asOf) { prices[asset] = close.price }
        }
        var shortTerm = Money.zero, longTerm = Money.zero, shortLosses = Money.zero, longLosses = Money.zero
        for disposal in replayed.result.disposals where disposal.taxYear == year {
            let gain = disposal.gain
            if disposal.term == .short { shortTerm += gain } else { longTerm += gain }
            if gain.isNegative { if disposal.term == .short { shortLosses += gain } else { longLosses += gain } }
        }
        // The loss carried into this year: from the years before in the data, else from the settings.
        var profile = settings.profile
        profile.filing = settings.filing
        profile.carryforward = summaries(replayed, through: year - 1).last { $0.year == year - 1 }?.carryforwardOut ?? settings.carryforward
        let rule = settings.washSale
        let windowStart = asOf.adding(days: -(rule?.daysBefore ?? 30))
        let recent = replayed.transactions.compactMap { tx -> PlanRequest.Acquisition? in
            guard tx.date >= windowStart, tx.date <= asOf, [.buy, .trade, .income, .giftIn].contains(tx.kind),
                  let received = tx.received, !received.asset.isFiat else { return nil }
            return PlanRequest.Acquisition(asset: received.asset, wallet: tx.wallet, date: tx.date, quantity: received.quantity,
                                           kind: tx.kind, transactionID: tx.id)
        }
        var request = PlanRequest(
            asOf: asOf, lots: replayed.result.openLots, prices: prices, realizedShortTerm: shortTerm, realizedLongTerm: longTerm,
            profile: profile, costs: settings.costs, jurisdiction: settings.jurisdiction, washSale: rule,
            assetClasses: settings.assetClasses, recentAcquisitions: recent)
        request.priceHistory = replayed.prices
        request.realizedShortTermLosses = shortLosses
        request.realizedLongTermLosses = longLosses
        return request
    }
}

/// The plan for people and machines.
enum PlanText {
    static func render(_ plan: HarvestPlan, request: PlanRequest) -> String {
        let m = TextTable.money
        let p = request.profile
        let rates = request.jurisdiction.economics(profile: p, asOf: plan.asOf).ratesDescription
        var out = "Harvest plan as of \(plan.asOf) (\(request.jurisdiction.name), \(rates); \(p.discountRate.percent) discount, "
            + "\(p.horizonYears)-year horizon, exit \(p.exit.rawValue); costs \(request.costs.feeBasisPoints)+\(request.costs.slippageBasisPoints) "
            + "bps each way)\n"
        out += "Realized this year so far: short-term \(m(request.realizedShortTerm)), long-term \(m(request.realizedLongTerm))"
        if !p.carryforward.isZero {
            out += request.jurisdiction.lossesKeepCharacter
                ? "; carried in: short \(m(p.carryforward.shortTerm)), long \(m(p.carryforward.longTerm))"
                : "; loss carried in \(m(p.carryforward.total))"
        }
        out += "\n\n"
        let trades = plan.trades
        if trades.isEmpty {
            out += "No trades: no loss is worth harvesting today.\n"
        } else {
            var table = TextTable(
                headers: ["Sell", "Asset", "Wallet", "Acquired", "Term", "Loss", "Saves now", "Deferred", "Costs", "Net"],
                leftAligned: [1, 2, 3, 4])
            for trade in trades {
                table.add([
                    trade.quantityToSell.description, trade.lot.asset.symbol, trade.lot.wallet.name, trade.lot.dateAcquired.description,
                    trade.term.rawValue, m(trade.loss), m(trade.taxSavedNow), m(trade.deferredTax + trade.restartCost),
                    m(trade.tradingCosts), m(trade.netBenefit),
                ])
            }
            out += table.render()
            out += "\nTotal: loss \(m(plan.lossRealized)), tax saved now \(m(plan.taxSavedNow)), deferred tax \(m(plan.deferredTax + plan.restartCost)), "
                + "costs \(m(plan.tradingCosts)), net benefit \(m(plan.netBenefit))\n"
            for (asset, date) in plan.doNotBuyBefore.sorted(by: { $0.key < $1.key }) {
                out += "Do not buy back \(asset) (or anything substantially identical) before \(date)"
                if let replacement = plan.replacements[asset] {
                    out += "; to keep the exposure meanwhile, buy \(replacement.asset) (correlation \(correlation(replacement.correlation)) "
                        + "over \(replacement.days) days of returns)"
                } else {
                    out += "; no correlated replacement found in the price store"
                }
                out += ".\n"
            }
        }
        if let weights = request.targetWeights {
            let described = weights.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.percent)" }.joined(separator: ", ")
            out += "\nRebalance to \(described):\n"
            out += plan.rebalance.isEmpty ? "  nothing to trade: the portfolio is at its target\n"
                : plan.rebalance.map { "  " + $0.explanation }.joined(separator: "\n") + "\n"
            let gains = plan.rebalance.filter { $0.side == .sell }.reduce(Money.zero) { $0 + $1.gain }
            if !plan.rebalance.isEmpty {
                out += "  Rebalancing realizes \(m(gains)) of gains (net of losses); tax this year \(plan.rebalanceTax.isNegative ? "saved" : "added") "
                    + "\(m(plan.rebalanceTax.magnitude)) after the harvest's losses.\n"
            }
        }
        out += "\nWhy:\n" + plan.candidates.map { "  " + decision($0).padding(toLength: 6, withPad: " ", startingAt: 0) + $0.explanation }
            .joined(separator: "\n") + "\n"
        if !plan.warnings.isEmpty { out += "\nWarnings:\n" + plan.warnings.map { "  " + $0 }.joined(separator: "\n") + "\n" }
        return out
    }

    /// Two decimals, for display.
    static func correlation(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        return sign + "\(magnitude / 100)." + (magnitude % 100 < 10 ? "0" : "") + "\(magnitude % 100)"
    }


    static let csvHeader = "decision,asset,wallet,date_acquired,term,quantity,quantity_to_sell,basis,value,unrealized,loss,tax_saved_now,"
        + "deferred_tax,restart_cost,costs,net_benefit,days_to_long_term,lot_tx_id,explanation"

    static func csv(_ plan: HarvestPlan) -> String {
        var out = csvHeader + "\n"
        for c in plan.candidates {
            out += [
                decision(c), c.lot.asset.symbol, c.lot.wallet.name, c.lot.dateAcquired.description, c.term.rawValue,
                c.lot.quantity.description, c.quantityToSell.description, ReportRounding.text(c.lot.costBasis),
                c.value.map(ReportRounding.text) ?? "", c.unrealized.map(ReportRounding.text) ?? "", ReportRounding.text(c.loss),
                ReportRounding.text(c.taxSavedNow), ReportRounding.text(c.deferredTax), ReportRounding.text(c.restartCost),
                ReportRounding.text(c.tradingCosts), ReportRounding.text(c.netBenefit), String(c.daysToLongTerm), c.lot.transactionID,
                c.explanation,
            ].csvRow
        }
        return out
    }

    /// sell, keep, or reset (Germany: a tax-free gain whose basis a sale and buy-back would raise).
    static func decision(_ c: HarvestCandidate) -> String { c.chosen ? "sell" : c.reason == .taxFreeGain ? "reset" : "keep" }

    static func json(_ plan: HarvestPlan) -> String {
        func money(_ m: Money) -> String { JSON.string(m.description) }
        let candidates = plan.candidates.map { c in
            JSON.object([
                ("decision", JSON.string(decision(c))), ("asset", JSON.string(c.lot.asset.symbol)),
                ("wallet", JSON.string(c.lot.wallet.name)), ("date_acquired", JSON.string(c.lot.dateAcquired.description)),
                ("term", JSON.string(c.term.rawValue)), ("quantity", JSON.string(c.lot.quantity.description)),
                ("quantity_to_sell", JSON.string(c.quantityToSell.description)), ("basis", money(c.lot.costBasis)),
                ("value", c.value.map(money) ?? "null"), ("unrealized", c.unrealized.map(money) ?? "null"), ("loss", money(c.loss)),
                ("tax_saved_now", money(c.taxSavedNow)), ("deferred_tax", money(c.deferredTax)), ("restart_cost", money(c.restartCost)),
                ("costs", money(c.tradingCosts)), ("net_benefit", money(c.netBenefit)), ("days_to_long_term", String(c.daysToLongTerm)),
                ("lot_tx_id", JSON.string(c.lot.transactionID)), ("explanation", JSON.string(c.explanation)),
            ])
        }
        return JSON.object([
            ("as_of", JSON.string(plan.asOf.description)), ("loss_realized", money(plan.lossRealized)),
            ("tax_saved_now", money(plan.taxSavedNow)), ("deferred_tax", money(plan.deferredTax)),
            ("restart_cost", money(plan.restartCost)), ("costs", money(plan.tradingCosts)), ("net_benefit", money(plan.netBenefit)),
            ("do_not_buy_before", JSON.object(plan.doNotBuyBefore.sorted { $0.key < $1.key }.map { ($0.key.symbol, JSON.string($0.value.description)) })),
            ("replacements", JSON.object(plan.replacements.sorted { $0.key < $1.key }.map { asset, replacement in
                (asset.symbol, JSON.object([("asset", JSON.string(replacement.asset.symbol)),
                                            ("correlation", correlation(replacement.correlation)), ("days", String(replacement.days))]))
            })),
            ("rebalance", JSON.array(plan.rebalance.map { trade in
                JSON.object([
                    ("side", JSON.string(trade.side.rawValue)), ("asset", JSON.string(trade.asset.symbol)),
                    ("wallet", trade.lot.map { JSON.string($0.wallet.name) } ?? "null"),
                    ("lot_tx_id", trade.lot.map { JSON.string($0.transactionID) } ?? "null"),
                    ("quantity", trade.quantity.map { JSON.string($0.description) } ?? "null"), ("value", money(trade.value)),
                    ("gain", money(trade.gain)), ("explanation", JSON.string(trade.explanation)),
                ])
            })),
            ("rebalance_tax", money(plan.rebalanceTax)),
            ("candidates", JSON.array(candidates)), ("warnings", JSON.array(plan.warnings.map(JSON.string))),
        ]) + "\n"
    }
}

/// `harvest wash-check` for people.
enum WashCheckText {
    static func render(_ check: WashSaleCheck, asOf: CivilDate, rule: WashSaleRule, jurisdiction: Jurisdiction) -> String {
        guard !check.entries.isEmpty else {
            return "Wash-sale check for \(asOf): no acquisitions in the \(rule.daysBefore) days before and no loss sales in the "
                + "\(rule.daysAfter) days before: a sale or a purchase today triggers nothing.\n"
        }
        var out = "Wash-sale check for \(asOf) (\(jurisdiction.name): \(rule.daysBefore) days before, \(rule.daysAfter) after)\n"
        for entry in check.entries {
            let reach = entry.applies ? "the rule applies" : "the rule does not reach it (advice only)"
            out += "\n\(entry.identity): \(reach)\n"
            if !entry.acquisitions.isEmpty {
                let units = entry.acquisitions.reduce(Quantity.zero) { $0 + ($1.received?.quantity ?? .zero) }
                out += "  A loss sale today would meet \(units) unit(s) acquired in the window:\n"
                for tx in entry.acquisitions {
                    out += "    \(tx.date) \(tx.kind.rawValue) \(tx.received!.quantity) \(tx.received!.asset) in \(tx.wallet) (tx \(tx.id))\n"
                }
                if let last = entry.acquisitions.last {
                    out += "  A loss sale is clear of them from \(last.date.adding(days: rule.daysBefore + 1)).\n"
                }
            }
            if !entry.lossSales.isEmpty {
                out += "  A purchase today would replace these loss sales:\n"
                for (tx, loss) in entry.lossSales {
                    out += "    \(tx.date) \(tx.kind.rawValue) \(tx.sent!.quantity) \(tx.sent!.asset) from \(tx.wallet), loss \(TextTable.money(loss)) (tx \(tx.id))\n"
                }
                if let date = entry.buyBackFrom { out += "  Do not buy back before \(date).\n" }
            }
        }
        return out
    }
}

extension HarvestCommand {
    static func advisoryCodes(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    static func checkAdvisory(_ text: String?) throws {
        for code in advisoryCodes(text) where Jurisdiction.all[code]?.advisory == nil {
            throw ValidationError("--warn-for takes \(Jurisdiction.advisable.map(\.code).sorted().joined(separator: ", ")), not '\(code)'.")
        }
    }
}
