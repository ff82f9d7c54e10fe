import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HarvestCore
import HarvestReports
import HarvestServer
import HarvestStore

/// The dashboard's numbers, from the CLI's own code: `Workspace.replay` and `summaries` (gains, holdings), the `plan`
/// command's options and `make`, `Workspace.problems`, the transfer matcher, `tx show`. Writes run the CLI commands
/// themselves (`profile set`, `settings set`, `transfers mark-external|match|unlink`), parsed from the same arguments.
///
/// What a replay produced is kept between requests and dropped when the database changes: when the database file or its
/// write-ahead log changes size or modification time (another `harvest` writing), or after a write of its own. One lock
/// serialises the work: the store and the caches are used by one request at a time, and a cached answer takes microseconds.
final class WorkspaceDashboard: DashboardData, @unchecked Sendable {
    let path: String
    private let global: GlobalOptions
    private let lock = NSLock()
    private var state: State
    /// Counts the states: a new one for each change of the database.
    private var generation = 0
    /// Cache entries kept per kind (as-of days, plan queries).
    private static let entriesMax = 8
    private static let replaysMax = 1

    /// The workspace and what was computed from it, for one version of the database.
    private struct State {
        var workspace: Workspace
        var fingerprint: [Int64]
        var replays: [CivilDate: Workspace.Replayed] = [:]
        var full: Workspace.Replayed?
        var portfolios: [CivilDate: PortfolioView] = [:]
        var plans: [PlanQuery: (HarvestPlan, PlanRequest)] = [:]
        var problems: [Problem]?
        var backtest: BacktestView?
        var transfers: TransfersView?
        var summaries: [YearSummary]?
        var rowsByYear: [Int: [Disposal]]?
        var planViews: [PlanQuery: PlanView] = [:]
    }

    init(_ global: GlobalOptions) throws {
        self.global = global
        let workspace = try Workspace.open(global)
        path = workspace.path
        state = State(workspace: workspace, fingerprint: Self.fingerprint(workspace.path))
    }

    /// The dashboard of the database at `path` (tests).
    convenience init(database path: String) throws { try self.init(try GlobalOptions.parse(["--db", path])) }

    /// Size and modification time (ns) of the database and its WAL: any write by any process changes one of them.
    static func fingerprint(_ path: String) -> [Int64] {
        [path, path + "-wal"].flatMap { file -> [Int64] in
            guard let info = try? FileManager.default.attributesOfItem(atPath: file),
                  let size = (info[.size] as? NSNumber)?.int64Value, let modified = info[.modificationDate] as? Date
            else { return [-1, -1] }
            // Nanoseconds as the file system keeps them (a Double of seconds since 1970 holds them to about 0.2 µs).
            return [size, Int64((modified.timeIntervalSince1970 * 1e9).rounded())]
        }
    }

    /// Runs `body` on the current state under the lock, first starting afresh when the database changed; the CLI's
    /// failures become `DashboardError`s with the same messages.
    private func locked<T>(_ body: (inout State) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            let now = Self.fingerprint(path)
            if now != state.fingerprint {
                state = State(workspace: try Workspace.open(global), fingerprint: now)
                generation += 1
            }
            return try body(&state)
        } catch let error as DashboardError {
            throw error
        } catch {
            throw Self.translate(error)
        }
    }

    /// The CLI's explanation of `error` (`explain`), with its exit code as the kind.
    static func translate(_ error: any Error) -> DashboardError {
        guard let failure = explain(error) else { return DashboardError(.other, ["error: \(error)"]) }
        switch failure.code {
        case .usage: return DashboardError(.usage, failure.messages)
        case .dataError: return DashboardError(.data, failure.messages)
        default: return DashboardError(.other, failure.messages)
        }
    }

    /// A command parsed from `arguments` as the CLI would: a usage error has ArgumentParser's own message.
    static func parse<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) throws -> Command {
        do {
            return try Command.parse(arguments)
        } catch {
            throw DashboardError(.usage, ["error: " + Command.message(for: error)])
        }
    }

    private var databaseArguments: [String] { ["--db", path] }

    func version() throws -> Int { try locked { _ in generation } }

    // MARK: - Replays

    private static func date(_ text: String?, _ workspace: Workspace) throws -> CivilDate {
        guard let text else { return workspace.today() }
        guard let date = CivilDate(iso: text) else { throw DashboardError(.usage, ["error: \(text) is not a date YYYY-MM-DD"]) }
        return date
    }

    /// `Workspace.replay` through `asOf` (holdings, plan), kept.
    private static func replay(through asOf: CivilDate, _ state: inout State) throws -> Workspace.Replayed {
        if let kept = state.replays[asOf] { return kept }
        let replayed = try state.workspace.replay(try ReplayOptions.parse([]), through: asOf)
        // One replay through a day is kept (each is the whole history's lots: about 1 GB on a million transactions); the
        // pages made from it are kept per day apart, and are small.
        if state.replays.count >= replaysMax { state.replays.removeAll() }
        state.replays[asOf] = replayed
        return replayed
    }

    /// `Workspace.replay` of the whole history (gains), kept.
    private static func full(_ state: inout State) throws -> Workspace.Replayed {
        if let kept = state.full { return kept }
        let replayed = try state.workspace.replay(try ReplayOptions.parse([]))
        state.full = replayed
        return replayed
    }

    // MARK: - Portfolio

    func portfolio(asOf text: String?) throws -> PortfolioView {
        try locked { state in
            let asOf = try Self.date(text, state.workspace)
            if let kept = state.portfolios[asOf] { return kept }
            let replayed = try Self.replay(through: asOf, &state)
            let jurisdiction = replayed.settings.jurisdiction
            let rows = try HoldingsReport.rows(replayed.result.openLots, prices: replayed.prices, asOf: asOf, jurisdiction: jurisdiction)
            let view = PortfolioView(
                asOf: asOf, base: jurisdiction.baseCurrency, rows: rows,
                history: Self.history(replayed.transactions, prices: replayed.prices, base: jurisdiction.baseCurrency, through: asOf), warnings: [])
            if state.portfolios.count >= Self.entriesMax { state.portfolios.removeAll() }
            state.portfolios[asOf] = view
            return view
        }
    }

    func holdingsJSON(asOf text: String?) throws -> String {
        // `harvest holdings --format json` writes these rows with this function.
        let view = try portfolio(asOf: text)
        return HoldingsReport.json(view.rows, asOf: view.asOf)
    }

    /// The units held of each asset at each month end and on `through`, valued at the latest close on or before the day.
    /// Units come from the replayed history (what each row sends, receives and pays in fees); fiat and the base currency
    /// are left out, as the holdings leave them out.
    static func history(_ transactions: [Transaction], prices: PriceBook, base: Asset, through: CivilDate) -> [ValuePoint] {
        guard let first = transactions.first?.date, first <= through else { return [] }
        var days: [CivilDate] = []
        var year = first.year, month = first.month
        while let next = CivilDate(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1), next.adding(days: -1) < through {
            days.append(next.adding(days: -1))
            (year, month) = (next.year, next.month)
        }
        days.append(through)
        var held: [Asset: Quantity] = [:]
        var points: [ValuePoint] = []
        var index = transactions.startIndex
        for day in days {
            while index < transactions.endIndex, transactions[index].date <= day {
                let tx = transactions[index]
                if let received = tx.received { held[received.asset, default: .zero] += received.quantity }
                if let sent = tx.sent { held[sent.asset, default: .zero] -= sent.quantity }
                if let fee = tx.fee { held[fee.asset, default: .zero] -= fee.quantity }
                index += 1
            }
            var byAsset: [Asset: Money] = [:]
            for (asset, quantity) in held where !asset.isFiat && asset != base && quantity.isPositive {
                if let close = prices.latestClose(asset, onOrBefore: day) { byAsset[asset] = close.price * quantity }
            }
            points.append(ValuePoint(date: day, byAsset: byAsset))
        }
        return points
    }

    // MARK: - Plan

    /// `harvest plan` parsed from the query's options.
    private func planCommand(_ query: PlanQuery) throws -> HarvestCommand.Plan {
        var arguments = databaseArguments
        // `--name=value`: a value that starts with a minus is still the option's value.
        if let asOf = query.asOf { arguments.append("--as-of=\(asOf)") }
        if let loss = query.realizeLoss { arguments.append("--realize-loss=\(loss)") }
        if let target = query.target { arguments.append("--target=\(target)") }
        return try Self.parse(HarvestCommand.Plan.self, arguments)
    }

    private func made(_ query: PlanQuery) throws -> (HarvestPlan, PlanRequest) {
        let command = try planCommand(query)
        return try locked { state in
            if let kept = state.plans[query] { return kept }
            let made = try command.make(in: state.workspace)
            if state.plans.count >= Self.entriesMax { state.plans.removeAll() }
            state.plans[query] = made
            return made
        }
    }

    func plan(_ query: PlanQuery) throws -> PlanView {
        let (plan, request) = try made(query)
        return try locked { state in
            if let kept = state.planViews[query] { return kept }
            // The head of `harvest plan`'s text: the rules and rates, then what was realized this year.
            let context = PlanText.render(plan, request: request).split(separator: "\n", omittingEmptySubsequences: true).prefix(2).map(String.init)
            let view = PlanView(plan: plan, query: query, base: request.jurisdiction.baseCurrency, context: context, warnings: [])
            if state.planViews.count >= Self.entriesMax { state.planViews.removeAll() }
            state.planViews[query] = view
            return view
        }
    }

    /// As `harvest plan --format json` writes it: the lots' plan, then its derivatives' and hedges' keys when it has them.
    func planJSON(_ query: PlanQuery) throws -> String {
        let (plan, request) = try made(query)
        var command = try planCommand(query)
        command.format = .json
        return try locked { state in try command.output(plan, request: request, workspace: state.workspace) }
    }

    // MARK: - Gains

    func gains() throws -> GainsView {
        try locked { state in
            let replayed = try Self.full(&state)
            return GainsView(
                summaries: try Self.summaries(&state), jurisdiction: replayed.settings.jurisdiction.name,
                base: replayed.settings.jurisdiction.baseCurrency, rowCounts: try Self.rowsByYear(&state).mapValues(\.count))
        }
    }

    /// Each year's summary (`harvest gains`), kept.
    private static func summaries(_ state: inout State) throws -> [YearSummary] {
        if let kept = state.summaries { return kept }
        let summaries = state.workspace.summaries(try full(&state))
        state.summaries = summaries
        return summaries
    }

    /// Each year's rows, in the order `harvest gains --year` writes them (`filter` keeps the disposals' order), kept.
    private static func rowsByYear(_ state: inout State) throws -> [Int: [Disposal]] {
        if let kept = state.rowsByYear { return kept }
        var rows: [Int: [Disposal]] = [:]
        for disposal in try full(&state).result.disposals { rows[disposal.taxYear, default: []].append(disposal) }
        state.rowsByYear = rows
        return rows
    }

    func gainsYear(_ year: Int, offset: Int, limit: Int) throws -> GainsYearView {
        try locked { state in
            let replayed = try Self.full(&state)
            let rows = try Self.rowsByYear(&state)[year] ?? []
            let summary = try Self.summaries(&state).first { $0.year == year }
            let start = min(offset, rows.count)
            return GainsYearView(
                year: year, summary: summary, base: replayed.settings.jurisdiction.baseCurrency, offset: start, total: rows.count,
                rows: Array(rows[start..<min(rows.count, start + limit)]))
        }
    }

    func gainsRow(year: Int, index: Int) throws -> GainsRowView {
        try locked { state in
            let replayed = try Self.full(&state)
            let rows = try Self.rowsByYear(&state)[year] ?? []
            guard rows.indices.contains(index) else {
                throw DashboardError(.notFound, ["error: \(year) has \(rows.count) row(s): there is no row \(index + 1)"])
            }
            let disposal = rows[index]
            let result = replayed.result
            let workspace = state.workspace
            /// `harvest tx show` of the transaction, with the replay kept; its source line if the row cannot be named.
            func shown(_ tx: Transaction) -> String {
                do {
                    let row = try HarvestCommand.Tx.resolve(TransactionReference(tx).description, in: workspace.store)
                    return try HarvestCommand.Tx.Show.render(row, in: workspace) { replayed }
                } catch {
                    return "\(TransactionReference(tx)) (\(Self.translate(error).messages.joined(separator: " ")))\n"
                        + "  raw line: " + LedgerText.rawLine(file: tx.source?.file ?? "", line: tx.source?.line, importedAt: nil)
                }
            }
            let lot = disposal.lotPosition < 0 ? nil : result.transaction(at: disposal.lotPosition)
            return GainsRowView(
                year: year, index: index, disposal: disposal, base: replayed.settings.jurisdiction.baseCurrency, lotTransaction: lot.map(shown),
                disposalTransaction: shown(result.transaction(at: disposal.disposalPosition)), lotSource: result.lotSource(of: disposal),
                disposalSource: result.disposalSource(of: disposal))
        }
    }

    func gainsJSON(year: Int?) throws -> String {
        try locked { state in
            // As `harvest gains [--year Y] --format json` selects and writes them.
            let replayed = try Self.full(&state)
            var summaries = state.workspace.summaries(replayed, through: year)
            var disposals = replayed.result.disposals
            if let year {
                disposals = disposals.filter { $0.taxYear == year }
                summaries = summaries.filter { $0.year == year }
            }
            let derivatives = HarvestCommand.Gains.derivativeJSONRows(replayed, year: year)
            return TextWriter.text { HarvestCommand.Gains.writeJSON(disposals, summaries: summaries, replayed: replayed, derivatives: derivatives, to: $0) }
        }
    }

    // MARK: - Problems

    private func found() throws -> (problems: [Problem], text: ProblemsText) {
        try locked { state in
            let settings = state.workspace.settings
            let problems = try state.problems ?? state.workspace.problems(settings, asOf: state.workspace.today())
            state.problems = problems
            return (problems, ProblemsText(problems: problems, base: settings.jurisdiction.baseCurrency, missingBasisIsError: !settings.policy.allowMissingBasis))
        }
    }

    func problems() throws -> ProblemsView {
        let (problems, text) = try found()
        let items = problems.map { problem in
            var selection: ExternalSelection?
            var kinds: [String] = []
            if problem.kind == .unmatchedDeposit || problem.kind == .unmatchedWithdrawal, let wallet = problem.wallet {
                let outgoing = problem.kind == .unmatchedWithdrawal
                // The first command `harvest problems` gives: one decision for every row of the problem.
                selection = ExternalSelection(
                    wallet: wallet.name, asset: problem.asset.symbol, kind: outgoing ? "withdrawal" : "deposit", through: problem.last.description)
                kinds = ExternalKind.choices(outgoing: outgoing).map(\.rawValue)
            }
            return ProblemsView.Item(
                problem: problem, title: ProblemsText.title(problem.kind), explanation: text.explanation(problem), commands: text.commands(problem),
                selection: selection, externalKinds: kinds)
        }
        return ProblemsView(items: items, base: text.base)
    }

    func problemsJSON() throws -> String { try found().text.json() }

    // MARK: - Transfers

    func transfers() throws -> TransfersView {
        try locked { state in
            if let kept = state.transfers { return kept }
            let view = try Self.transfers(state.workspace)
            state.transfers = view
            return view
        }
    }

    private static func transfers(_ workspace: Workspace) throws -> TransfersView {
        do {
            // As `harvest transfers` lists them.
            let transactions = try workspace.history(workspace.settings)
            let resolution = TransferMatcher.resolve(transactions, rules: workspace.settings.effectiveTransferRules, links: try workspace.store.transferLinks())
            let dates = Dictionary(transactions.map { (TransactionReference($0), $0.date) }, uniquingKeysWith: { first, _ in first })
            let matched = resolution.matches.map { match in
                TransfersView.Line(
                    status: match.manual ? "matched by you" : "matched", date: dates[match.withdrawal]?.description ?? "", from: match.withdrawal.description,
                    to: match.deposit.description, asset: match.asset.symbol, sent: match.sent.description, received: match.received.description,
                    reference: nil, externalKinds: [])
            }
            let unmatched = resolution.unmatched.map { tx in
                let outgoing = tx.kind == .withdrawal
                let amount = outgoing ? tx.sent : tx.received
                let reference = TransactionReference(tx).description
                return TransfersView.Line(
                    status: "unmatched \(tx.kind.rawValue)", date: tx.date.description, from: outgoing ? reference : "?", to: outgoing ? "?" : reference,
                    asset: amount?.asset.symbol ?? "", sent: outgoing ? amount?.quantity.description ?? "" : "",
                    received: outgoing ? "" : amount?.quantity.description ?? "", reference: reference,
                    externalKinds: ExternalKind.choices(outgoing: outgoing).map(\.rawValue))
            }
            let decisions = TransferDecisionsText(decisions: try workspace.store.transferDecisions(), history: transactions, stale: resolution.staleLinks)
            return TransfersView(
                matched: matched, unmatched: unmatched,
                decisions: decisions.lines.map {
                    TransfersView.Decision(
                        reference: $0.link.transaction.description, says: TransferDecisionsText.text($0.link, otherRow: $0.otherRow)
                            + ($0.stale == nil ? "" : " (stale)"), createdAt: $0.decidedAt)
                },
                stale: resolution.staleLinks)
        }
    }

    // MARK: - Backtest

    /// The study `harvest backtest --compare none,yearend,threshold:0.10` would run on the (up to three) largest assets held,
    /// over their common closes in the last three years, with the settings' profile and costs.
    func backtest() throws -> BacktestView {
        try locked { state in
            if let kept = state.backtest { return kept }
            let view = try Self.study(&state)
            state.backtest = view
            return view
        }
    }

    private static func study(_ state: inout State) throws -> BacktestView {
        let today = state.workspace.today()
        let replayed = try replay(through: today, &state)
        let base = replayed.settings.jurisdiction.baseCurrency
        let rows = try HoldingsReport.rows(replayed.result.openLots, prices: replayed.prices, asOf: today, jurisdiction: replayed.settings.jurisdiction)
        var value: [Asset: Money] = [:]
        for row in rows where !row.lot.asset.isFiat { value[row.lot.asset, default: .zero] += row.value ?? .zero }
        let assets = value.filter { replayed.prices.series(for: $0.key) != nil }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map(\.key)
        let series = assets.compactMap { replayed.prices.series(for: $0) }
        guard !assets.isEmpty, let end = series.compactMap(\.days.last).min(), let firstCommon = series.compactMap(\.days.first).max() else {
            return BacktestView(svg: nil, note: "No backtest: no asset held has daily closes in the price store (`harvest prices import ASSET-\(base).csv`).", summary: [])
        }
        let start = max(firstCommon, end.adding(years: -3))
        guard start.days(to: end) >= 365 else {
            return BacktestView(
                svg: nil, note: "No backtest: \(assets.map(\.symbol).joined(separator: ", ")) have closes in common from \(start) to \(end) only; "
                    + "a study needs a year (`harvest prices import` more history).", summary: [])
        }
        var profile = replayed.settings.profile
        profile.filing = replayed.settings.filing
        var config = BacktestConfig(assets: assets, start: start, end: end, initial: 100_000, costs: replayed.settings.costs, profile: profile)
        config.jurisdiction = replayed.settings.jurisdiction
        if replayed.settings.jurisdiction.isPooled { config.washSale = replayed.settings.jurisdiction.washSale }
        let strategies = try ArgumentValue.strategies("none,yearend,threshold:0.10")
        let results = try HarvestCommand.Backtest.runAll(strategies, config: config, prices: replayed.prices, jobs: 1)
        let text = BacktestText.render(results, config: config, prices: replayed.prices, sweep: false)
        return BacktestView(
            svg: SVGChart.render(results),
            note: "\(assets.map(\.symbol).joined(separator: ", ")) from \(start) to \(end), 100,000 \(base) invested at equal weights, the profile's "
                + "rates and costs: none, yearend and threshold:0.10 compared (`harvest backtest` runs any other study).",
            summary: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    // MARK: - Settings

    func settings() throws -> SettingsView {
        try locked { state in
            let workspace = state.workspace
            let stored = try workspace.store.settings().sorted { $0.key < $1.key }.map { SettingsView.Entry(key: $0.key, value: $0.value) }
            let settings = workspace.settings
            let profile = settings.profile
            let entries: [(String, String)] = [
                ("filing", settings.filing.rawValue), ("short-rate", "\(profile.shortRate)"), ("long-rate", "\(profile.longRate)"),
                ("state-rate", "\(profile.stateRate)"), ("carryforward-short", "\(settings.carryforward.shortTerm)"),
                ("carryforward-long", "\(settings.carryforward.longTerm)"), ("discount-rate", "\(profile.discountRate)"),
                ("horizon-years", "\(profile.horizonYears)"), ("exit", profile.exit.rawValue), ("fee-bps", "\(settings.costs.feeBasisPoints)"),
                ("slippage-bps", "\(settings.costs.slippageBasisPoints)"),
            ]
            return SettingsView(
                stored: stored, keys: Settings.keys.map { SettingsView.Entry(key: $0.key, value: $0.help) },
                profile: entries.map { SettingsView.Entry(key: $0.0, value: $0.1) })
        }
    }

    // MARK: - Writes

    /// Runs the CLI command for `change` (its output goes to the server's stdout, as a log) and returns it as typed.
    func apply(_ change: DashboardChange) throws -> String {
        let arguments: [String]
        let run: () throws -> Void
        switch change {
        case .profile(let values):
            arguments = ["profile", "set"] + values.flatMap { ["--\($0.key)", $0.value] }
            let command = try Self.parse(HarvestCommand.Profile.Set.self, databaseArguments + arguments.dropFirst(2))
            run = { try command.run() }
        case .setting(let key, let value):
            arguments = ["settings", "set", key, value]
            let command = try Self.parse(HarvestCommand.SettingsCommand.Set.self, databaseArguments + [key, value])
            run = { try command.run() }
        case .markExternal(let reference, let selection, let kind):
            var options = ["--as", kind]
            if let selection {
                options = ["--all", "--wallet", selection.wallet, "--asset", selection.asset, "--kind", selection.kind, "--through", selection.through] + options
            } else {
                options = [reference ?? ""] + options
            }
            arguments = ["transfers", "mark-external"] + options
            let command = try Self.parse(HarvestCommand.Transfers.MarkExternal.self, databaseArguments + options)
            run = { try command.run() }
        case .match(let withdrawal, let deposit):
            arguments = ["transfers", "match", withdrawal, deposit]
            let command = try Self.parse(HarvestCommand.Transfers.Match.self, databaseArguments + [withdrawal, deposit])
            run = { try command.run() }
        case .unlink(let reference):
            arguments = ["transfers", "unlink", reference]
            let command = try Self.parse(HarvestCommand.Transfers.Unlink.self, databaseArguments + [reference])
            run = { try command.run() }
        case .edit(let reference, let fields):
            // `--name=value`: a value that starts with a minus (a negative value) is still the option's value.
            let options = [reference] + fields.map { "--\($0.key)=\($0.value)" }
            arguments = ["tx", "edit"] + options
            let command = try Self.parse(HarvestCommand.Tx.Edit.self, databaseArguments + options)
            run = { try command.run() }
        }
        try locked { state in
            try run()
            // Our own write: start afresh even if the file's size and time did not move.
            state = State(workspace: try Workspace.open(global), fingerprint: Self.fingerprint(path))
            generation += 1
        }
        return "done: harvest " + arguments.map { ProblemsText.quoted($0) }.joined(separator: " ")
    }
}
