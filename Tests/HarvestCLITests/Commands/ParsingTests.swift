import ArgumentParser
import HarvestCore
import HarvestImport
@testable import HarvestCLI
import Testing

/// The command line parsed in process (`parseAsRoot`), as the parser sees it: the global `--db`, and every option with
/// a list of choices or a shape checked by the parser itself, with the message and exit status a user gets.
@Suite("Parsing the command line")
struct ParsingTests {
    /// Parses `arguments` as `harvest` would and returns the command, which must be a `T`.
    func parse<T>(_ arguments: [String], as type: T.Type) throws -> T {
        let command = try HarvestCommand.parseAsRoot(arguments)
        return try #require(command as? T, "parsed as \(Swift.type(of: command)), not \(T.self)")
    }

    /// The parser's error for `arguments`: its message and exit status.
    func failure(_ arguments: [String]) -> (message: String, code: Int32) {
        do {
            _ = try HarvestCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
            return ("", 0)
        } catch {
            return (HarvestCommand.message(for: error), HarvestCommand.exitCode(for: error).rawValue)
        }
    }

    @Test("--db is accepted before the command, after it, and before a nested command's name", arguments: [
        ["--db", "x.sqlite", "gains", "--year", "2024"], ["gains", "--db", "x.sqlite", "--year", "2024"],
    ])
    func databaseBeforeOrAfter(_ arguments: [String]) throws {
        let gains = try parse(arguments, as: HarvestCommand.Gains.self)
        #expect(gains.global.db == "x.sqlite" && gains.year == 2024)
        #expect(try parse(["--db", "y.sqlite", "report", "8949", "--year", "2024"], as: HarvestCommand.Form8949Command.self).global.db == "y.sqlite")
        #expect(try parse(["--db", "y.sqlite", "transfers", "list", "--unmatched"], as: HarvestCommand.Transfers.List.self).global.db == "y.sqlite")
        #expect(try parse(["gains"], as: HarvestCommand.Gains.self).global.db == nil)
    }

    @Test("a jurisdiction is one of the registry's codes, in any case; another is refused with the list, exit 64")
    func jurisdiction() throws {
        #expect(try parse(["gains", "--jurisdiction", "UK"], as: HarvestCommand.Gains.self).replay.jurisdiction == .unitedKingdom)
        #expect(try parse(["backtest", "--prices", "p", "--assets", "BTC", "--start", "2024-01-01", "--end", "2024-02-01",
                           "--jurisdiction", "de"], as: HarvestCommand.Backtest.self).jurisdiction == .germany)
        let refused = failure(["holdings", "--jurisdiction", "fr"])
        #expect(refused.code == 64)
        #expect(refused.message == "The value 'fr' is invalid for '--jurisdiction <code>'. Please provide one of 'us', 'uk', 'ca', 'au' or 'de'.")
    }

    @Test("a country's report refuses another country's rules")
    func reportJurisdiction() {
        let refused = failure(["report", "uk-sa", "--year", "2024", "--jurisdiction", "ca"])
        #expect(refused.code == 64)
        #expect(refused.message == "report uk-sa is for jurisdiction uk (United Kingdom): drop --jurisdiction ca (or give uk).")
    }

    @Test("the backtest's choices and shapes")
    func backtest() throws {
        let base = ["backtest", "--prices", "p", "--assets", "BTC, ETH", "--start", "2020-01-01", "--end", "2024-12-31"]
        let defaults = try parse(base, as: HarvestCommand.Backtest.self)
        #expect(defaults.assets == [Asset("BTC"), Asset("ETH")])
        #expect(defaults.rebalance.months == 3 && defaults.taxesFrom == .portfolio && defaults.atEnd == .liquidate && defaults.washSale == .off)
        #expect(defaults.fees == 10 && defaults.slippage == 20 && defaults.initial == 100_000 && defaults.deposit == nil)
        // Without --compare or --sweep: the one strategy, after `none` (the baseline every comparison needs).
        #expect(defaults.strategies == [.none, .threshold("0.10")])

        let chosen = try parse(base + ["--rebalance", "Monthly", "--taxes-from", "outside", "--at-end", "hold", "--wash-sale", "crypto=on",
                                       "--fees", "15bps", "--slippage", "5", "--deposit", "250/quarter", "--target", "BTC=0.6,ETH=0.4",
                                       "--compare", "yearend, threshold:0.05,planner"], as: HarvestCommand.Backtest.self)
        #expect(chosen.rebalance.months == 1 && chosen.taxesFrom == .outside && chosen.atEnd == .hold && chosen.washSale == .on)
        #expect(chosen.fees == 15 && chosen.slippage == 5)
        #expect(chosen.deposit?.amount == 250 && chosen.deposit?.everyMonths == 3)
        #expect(chosen.target.weights == [Asset("BTC"): "0.6", Asset("ETH"): "0.4"])
        #expect(chosen.strategies == [.none, .yearEnd, .threshold("0.05"), .planner])

        // 0.02, 0.04, 0.06 (0.08 is past the end).
        let sweep = try parse(base + ["--sweep", "threshold=0.02..0.07:0.02"], as: HarvestCommand.Backtest.self)
        #expect(sweep.strategies == [.none, .threshold("0.02"), .threshold("0.04"), .threshold("0.06")])
    }

    @Test("a backtest value that does not fit names its option and what it takes, exit 64", arguments: [
        (["--rebalance", "weekly"], "The value 'weekly' is invalid for '--rebalance <rebalance>'. Please provide one of 'none', 'monthly', 'quarterly' or 'yearly'."),
        (["--taxes-from", "nowhere"], "The value 'nowhere' is invalid for '--taxes-from <taxes-from>'. Please provide one of 'portfolio' and 'outside'."),
        (["--at-end", "sell"], "The value 'sell' is invalid for '--at-end <at-end>'. Please provide one of 'liquidate' and 'hold'."),
        (["--wash-sale", "on"], "The value 'on' is invalid for '--wash-sale <wash-sale>'. Please provide one of 'crypto=off' and 'crypto=on'."),
        (["--strategy", "threshold:2"],
         "The value 'threshold:2' is invalid for '--strategy <strategy>': threshold:X takes a fraction between 0 and 1, e.g. threshold:0.10, not 'threshold:2'"),
        (["--compare", "none,monthly"], "The value 'none,monthly' is invalid for '--compare <strategies>': takes none, yearend, planner, planner:daily or threshold:X, not 'monthly'"),
        (["--sweep", "threshold=0.3..0.1:0.1"],
         "The value 'threshold=0.3..0.1:0.1' is invalid for '--sweep <sweep>': takes threshold=FROM..TO:STEP, e.g. threshold=0.02..0.30:0.02, not 'threshold=0.3..0.1:0.1'"),
        (["--fees", "ten"], "The value 'ten' is invalid for '--fees <bps>': takes basis points such as 10bps, not 'ten'"),
        (["--deposit", "1000/week"],
         "The value '1000/week' is invalid for '--deposit <amount/period>': takes AMOUNT/month, AMOUNT/quarter or AMOUNT/year, e.g. 1000/month, not '1000/week'"),
        (["--target", "BTC=0.6,ETH=0.6"], "The value 'BTC=0.6,ETH=0.6' is invalid for '--target <weights>': weights add up to 1.2, not 1"),
        (["--jobs", "0"], "--jobs takes 1 to 64."),
    ])
    func backtestRefusals(_ extra: [String], _ message: String) {
        let refused = failure(["backtest", "--prices", "p", "--assets", "BTC", "--start", "2020-01-01", "--end", "2024-12-31"] + extra)
        #expect(refused.code == 64)
        #expect(refused.message == message)
    }

    @Test("the plan's amounts, weights, replacements and other countries' rules")
    func plan() throws {
        let plan = try parse(["plan", "--as-of", "2024-08-05", "--realize-loss", "12000", "--min-benefit", "25.5", "--target", "BTC=0.5,SOL=0.5",
                              "--replacements", "SOL,AVAX", "--warn-for", "uk, CA"], as: HarvestCommand.Plan.self)
        #expect(plan.asOf?.date == CivilDate(year: 2024, month: 8, day: 5))
        #expect(plan.realizeLoss == 12_000 && plan.minBenefit == "25.5" && plan.minTotal == .zero)
        #expect(plan.target == [Asset("BTC"): "0.5", Asset("SOL"): "0.5"])
        #expect(plan.replacements == [Asset("SOL"), Asset("AVAX")])
        #expect(plan.warnFor.map(\.code) == ["uk", "ca"])
        #expect(failure(["plan", "--realize-loss=-5"]).message
            == "The value '-5' is invalid for '--realize-loss <amount>': takes a positive amount such as 12000, not '-5'")
        // Only countries with a rule to advise on: not the US (its own rule applies), not Germany (no rule).
        #expect(failure(["wash-check", "--warn-for", "uk,de"]).message == "The value 'uk,de' is invalid for '--warn-for <codes>': takes uk, ca, au, not 'de'")
    }

    @Test("mark-external takes what the transaction really was; whether it fits a withdrawal or a deposit is the data's")
    func markExternal() throws {
        let marked = try parse(["transfers", "mark-external", "kraken/L6", "--as", "GIFT_OUT"], as: HarvestCommand.Transfers.MarkExternal.self)
        #expect(marked.external == .giftOut && marked.reference == "kraken/L6" && !marked.all)
        #expect(ExternalKind.choices(outgoing: true) == [.untracked, .spend, .donation, .lost, .giftOut])
        #expect(ExternalKind.choices(outgoing: false) == [.untracked, .income, .giftIn])
        #expect(ExternalKind.giftOut.kind(outgoing: true) == .giftOut && ExternalKind.giftOut.kind(outgoing: false) == nil)
        #expect(ExternalKind.untracked.kind(outgoing: true) == .withdrawal && ExternalKind.untracked.kind(outgoing: false) == .deposit)
    }

    @Test("an import format is auto, harvest or a known exchange's; another is refused with the known ones")
    func importFormat() throws {
        let kraken = try parse(["import", "--format", "Kraken", "a.csv"], as: HarvestCommand.Import.self)
        guard case .exchange(let format) = kraken.format else { Issue.record("kraken parsed as \(kraken.format)"); return }
        #expect(format.name == "kraken")
        let refused = failure(["import", "--format", "nosuch", "a.csv"])
        #expect(refused.code == 64 && refused.message.hasPrefix("The value 'nosuch' is invalid for '--format <name>': unknown format: known are auto, harvest, "))
    }
}
