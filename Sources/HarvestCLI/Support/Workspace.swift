import ArgumentParser
import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

/// `--db`, shared by every command that touches the database.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $HARVEST_DB, else ~/.local/share/harvest/harvest.sqlite).", valueName: "path"))
    var db: String?

    /// The database path: `--db`, else `$HARVEST_DB`, else the user data directory by the XDG Base Directory rules:
    /// `$XDG_DATA_HOME/harvest/harvest.sqlite` when it is set to an absolute path, else `$HOME/.local/share/...`; with
    /// neither (HOME unset or empty) there is no user data directory, and the error says how to name one (issue 19:
    /// the database went to `./harvest/` or `/.local/share/` instead).
    func databasePath() throws -> String {
        try GlobalOptions.databasePath(db: db, environment: ProcessInfo.processInfo.environment)
    }

    static func databasePath(db: String?, environment: [String: String]) throws -> String {
        if let db { return db }
        if let path = environment["HARVEST_DB"], !path.isEmpty { return path }
        // XDG: "If an implementation encounters a relative path in any of these variables it should consider the path invalid."
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") { return dataHome + "/harvest/harvest.sqlite" }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.local/share/harvest/harvest.sqlite"
        }
        throw CommandFailure.usage(
            "error: no place for the database: HOME is \(environment["HOME"] == nil ? "unset" : "not an absolute path") and XDG_DATA_HOME is not set "
                + "to an absolute path; name the database with --db PATH or HARVEST_DB=PATH, or set HOME")
    }

    /// Paths SQLite does not take as a file: the empty name (a temporary database) and `:memory:`. A command that
    /// writes to one would report rows added to a database that vanishes when it ends.
    static func isNotAFile(_ path: String) -> Bool {
        path.trimmingCharacters(in: .whitespaces).isEmpty || path == ":memory:" || path.hasPrefix("file:")
    }
}

/// Options that change how the history is replayed, for one run (they override the settings).
struct ReplayOptions: ParsableArguments {
    @Option(help: "Lot selection for every year of this run: fifo, lifo, hifo, specific (default: the settings, else fifo).")
    var method: LotMethod?

    @Option(help: "wallet (basis tracked per wallet) or universal (all wallets pooled) for every year of this run.")
    var scope: BasisScope?

    @Option(help: ArgumentHelp("Tax rules (default: the settings, else us). UK and Canada pool each asset across wallets, so --method and --scope do not apply.", valueName: "code"))
    var jurisdiction: Jurisdiction?

    @Flag(help: "Treat units sold but never seen acquired as zero-basis units acquired on the sale date, flagged in every report (the default; --missing-basis zero).")
    var allowMissingBasis = false

    @Option(help: "zero: units sold but never seen acquired are zero-basis units, flagged; error: the first such row stops the report (default: the missing-basis setting, else zero).")
    var missingBasis: MissingBasis?

    @Flag(help: "Replay the whole history, without reading a stored checkpoint, and store a new one (a checkpoint holds what the last replay produced; any import, edit or setting change makes a new one needed).")
    var full = false

    /// What of these options changes a replay (not `full`): part of a checkpoint's key.
    var checkpointKey: String {
        [method?.rawValue ?? "-", scope?.rawValue ?? "-", jurisdiction?.code ?? "-", allowMissingBasis ? "allow" : "-",
         missingBasis?.rawValue ?? "-"].joined(separator: ",")
    }

    func apply(to settings: inout Settings) {
        if let method {
            settings.policy.method = method
            settings.policy.methodByYear = [:]
        }
        if let scope {
            settings.policy.scope = scope
            settings.policy.scopeByYear = [:]
        }
        if let jurisdiction { settings.jurisdiction = jurisdiction }
        if allowMissingBasis { settings.policy.allowMissingBasis = true }
        if let missingBasis { settings.policy.allowMissingBasis = missingBasis == .zero }
    }
}

/// An open database with its settings.
struct Workspace {
    let store: SQLiteStore
    var settings: Settings
    let path: String

    /// Opens the database of `options`. Only the commands that write (`import`, `demo`, `settings set`, `profile set`,
    /// `prices import`, ...) pass `create`: a read of a path that does not exist is an error naming it, so a mistyped
    /// `--db` never looks like an empty history.
    static func open(_ options: GlobalOptions, create: Bool = false) throws -> Workspace {
        let path = try options.databasePath()
        if GlobalOptions.isNotAFile(path) {
            throw CommandFailure.usage("error: --db '\(path)' is not a database file (SQLite would keep it in memory, and lose it when the command ends): "
                + "name a file, e.g. --db harvest.sqlite")
        }
        let exists = FileManager.default.fileExists(atPath: path)
        if !create && !exists {
            throw CommandFailure.other(
                "error: no database at \(path): import transactions first (`harvest --db \(path) import FILE`), "
                    + "or try `harvest demo`")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure.other("error: cannot create the database directory \(directory): \(error.localizedDescription)")
            }
        }
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: path, busyTimeout: busyTimeout(), holder: holder())
        } catch let error as StoreError {
            throw CommandFailure.other("error: \(error)")
        } catch {
            throw CommandFailure.other("error: cannot open the database \(path): \(error)")
        }
        if !exists {
            // Said once, where it is, so that a database made in an unexpected place is found again.
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            Console.error("created the database \(absolute)")
        }
        if let newer = store.newerSchema { Console.error("warning: \(newer)") }
        return Workspace(store: store, settings: try Settings(store.settings()), path: path)
    }

    /// How long a write waits for another command's write: `HARVEST_BUSY_TIMEOUT` seconds, else 60.
    static func busyTimeout() -> Double {
        ProcessInfo.processInfo.environment["HARVEST_BUSY_TIMEOUT"].flatMap(Double.init).map { max(0, min($0, 86_400)) } ?? 60
    }

    /// This command as another one waiting for the database names it: `harvest import big.csv (pid 1234, since 12:00:01Z)`.
    static func holder() -> String {
        let arguments = CommandLine.arguments.dropFirst().prefix(6).joined(separator: " ")
        let since = ISO8601DateFormatter().string(from: Date())
        return "`harvest \(arguments)` (pid \(ProcessInfo.processInfo.processIdentifier), since \(since))"
    }

    /// The history as the engine sees it, in time order: the stored rows under `settings` (the tax time zone and the base
    /// currency in force now, not at import), with the user's edits, and a block explorer's rows of one on-chain
    /// transaction joined into what it was. Transfers are matched after this (`replay`, `harvest transfers`).
    ///
    /// With `through`, the rows dated after it are mostly not read (SQLite selects them out); the caller drops the few
    /// that are read, after the edits have moved the rows they move.
    ///
    /// With `from`, the rows dated before it are mostly not read, the same way.
    func history(_ settings: Settings, through: CivilDate? = nil, from: CivilDate? = nil) throws -> [Transaction] {
        let stored = try store.loadTransactions(
            zone: settings.zone, baseCurrency: settings.jurisdiction.baseCurrency, through: through, from: from)
        let edited = try EditLayer(store.transactionEdits()).apply(to: stored, settings)
        return OnChainDecoder(rules: settings.effectiveTransferRules).decode(consume edited).transactions
    }

    /// The daily closes in the base currency, with each equivalent form (WETH, WBTC, ...) that has no prices of its own
    /// valued through the asset it is a form of.
    func prices(_ settings: Settings) throws -> PriceBook {
        var prices = try store.loadPrices(currency: settings.jurisdiction.baseCurrency)
        prices.addEquivalents(settings.effectiveTransferRules.equivalents)
        return prices
    }

    /// Warns, asset by asset, where what is held would be valued at a close older than `stale-price-days` before `asOf`.
    func warnStalePrices(_ lots: [Lot], prices: PriceBook, asOf: CivilDate, settings: Settings) {
        let base = settings.jurisdiction.baseCurrency
        for asset in Set(lots.map(\.asset)).sorted() where !asset.isFiat && asset != base {
            guard let latest = prices.latestClose(asset, onOrBefore: asOf) else { continue }
            let age = Int(asOf.daysSinceEpoch) - Int(latest.date.daysSinceEpoch)
            if age > settings.stalePriceDays {
                Console.error("warning: \(asset) is valued at its close of \(latest.date), \(age) days before \(asOf): "
                    + "import newer prices (`harvest prices import \(asset)-\(base).csv`)")
            }
        }
    }

    /// What a replay produced, with what it ran on.
    struct Replayed {
        var transactions: [Transaction]
        var prices: PriceBook
        var result: LedgerResult
        var settings: Settings
        /// What the replay wrote to standard error, in order (kept with a checkpoint, to be written again).
        var messages: [String] = []
        /// The derivative rows and positions (`Workspace+Derivatives.swift`); nil when none are stored.
        var derivatives: DerivativeOutcome? = nil
        /// The engine's state at the start of the history's last two tax years (`stateYears`), for a later replay to resume from.
        var states: [ReplayState] = []
        /// Resumed from the engine's state at the start of this tax year or earlier (`resumedView`): `result` holds the rows
        /// made from the state on, and `earlier` the summary of the checkpoint the state came from, whose years before this
        /// one the snapshot keeps.
        var resumedFrom: Int? = nil
        var earlier: ReplaySnapshot.Summary? = nil
    }

    /// Replays the stored history (through `through`, inclusive, when given) under the settings and `options`, writing its
    /// warnings to standard error.
    func replay(_ options: ReplayOptions, through: CivilDate? = nil) throws -> Replayed {
        var messages: [String] = []
        do {
            let replayed = try replay(options, through: through, messages: &messages)
            for message in messages { Console.error(message) }
            return replayed
        } catch {
            for message in messages { Console.error(message) }
            throw error
        }
    }

    /// The replay resumed from `state` (`resumedView`), its warnings written to standard error; nil when the engine declines
    /// the state (it does not fit the history) or derivative events are stored: the caller then replays the whole history.
    func replay(_ options: ReplayOptions, resuming state: ReplayState) throws -> Replayed? {
        var messages: [String] = []
        do {
            let replayed = try replay(options, through: nil, messages: &messages, resuming: state)
            if replayed != nil { for message in messages { Console.error(message) } }
            return replayed
        } catch {
            for message in messages { Console.error(message) }
            throw error
        }
    }

    /// The tax years at whose start a whole replay takes the engine's state: the last two of the history. A later import of
    /// newer rows reaches back past the start of the last year only when it adds rows early in it (`reachBackDays`).
    static func stateYears(_ transactions: [Transaction], _ jurisdiction: Jurisdiction) -> Set<Int> {
        guard let last = transactions.map(\.date).max() else { return [] }
        let year = jurisdiction.taxYear.year(of: last)
        return [year - 1, year]
    }

    private func replay(_ options: ReplayOptions, through: CivilDate?, messages: inout [String]) throws -> Replayed {
        // Without a state to resume from, the replay is whole: never nil.
        guard let replayed = try replay(options, through: through, messages: &messages, resuming: nil) else {
            throw CommandFailure.other("error: the replay ended without a result")
        }
        return replayed
    }

    private func replay(
        _ options: ReplayOptions, through: CivilDate?, messages: inout [String], resuming state: ReplayState?, fromCut allowCut: Bool = true
    ) throws -> Replayed? {
        var settings = settings
        options.apply(to: &settings)
        let messagesBefore = messages
        let links = try store.transferLinks()
        // Resumed from a state, only the rows from its cut are needed (`ReplayState.cutDate`), read from a margin before it
        // so that transfers are matched there as in the whole history: when the state carries what the rows before its cut
        // say (`CutNotes`), and no transfer decision is stored (one may pair rows on both sides of the cut).
        var cut: (date: CivilDate, notes: CutNotes)?
        if allowCut, through == nil, links.isEmpty, let state, let notes = state.notes { cut = (state.cutDate, notes) }
        let loadFrom = cut.map { $0.date.adding(days: -(2 * Workspace.transferSpanDays(settings) + 1)) }
        var transactions = try history(settings, through: through, from: loadFrom)
        if let through { transactions.removeAll { $0.date > through } }
        // Handed over (`consume`): the matcher rewrites the history in place rather than copying a million rows.
        let transfers = TransferMatcher.resolve(consume transactions, rules: settings.effectiveTransferRules, links: links)
        transactions = transfers.transactions
        var unmatched = transfers.unmatched
        if let cut {
            transactions.removeAll { $0.date < cut.date }
            unmatched.removeAll { $0.date < cut.date }
            // The tail a checkpoint keeps (`wash-check`) must lie after the cut too; else the whole history is read.
            if let last = transactions.lazy.map(\.date).max(), last.adding(days: -Workspace.tailDays(settings)) < cut.date {
                return try replay(options, through: through, messages: &messages, resuming: state, fromCut: false)
            }
        }
        for stale in transfers.staleLinks { messages.append("warning: transfer decision ignored: \(stale)") }
        let withdrawals = unmatched.filter { $0.kind == .withdrawal }.count + (cut?.notes.unmatchedWithdrawals ?? 0)
        let deposits = unmatched.filter { $0.kind == .deposit }.count + (cut?.notes.unmatchedDeposits ?? 0)
        if withdrawals + deposits > 0 {
            messages.append("warning: \(withdrawals) withdrawal(s) and \(deposits) deposit(s) are not matched to a transfer: "
                + "withdrawn units left the books without gain or loss, deposited units arrived with zero basis (flagged missing_basis). "
                + "Resolve them with `harvest problems` or `harvest transfers --unmatched`.")
        }
        try Workspace.checkMethods(settings)
        let prices = try self.prices(settings)
        // Derivatives (issue 17): exercises and assignments join the spot history; nil when there are none.
        let derivativePass = try self.derivativePass(settings, prices: prices, through: through)
        if let derivativePass { transactions += derivativePass.first.spotTransactions }
        var result: LedgerResult
        var states: [ReplayState] = []
        // States are taken for a replay to the end of the data only (one through a day ends early).
        let stateYears = through == nil && derivativePass == nil ? Workspace.stateYears(transactions, settings.jurisdiction) : []
        if let state {
            guard derivativePass == nil, let resumed = try LotEngine.resume(
                from: state, transactions, prices: prices, policy: settings.effectivePolicy, jurisdiction: settings.jurisdiction,
                capturingYears: stateYears, fromCut: cut != nil) else {
                // Declined on the rows from the cut (other rows there than the state was taken on): the whole history.
                if cut != nil {
                    messages = messagesBefore
                    return try replay(options, through: through, messages: &messages, resuming: state, fromCut: false)
                }
                return nil
            }
            (result, states) = resumed
        } else {
            (result, states) = try LotEngine.run(
                transactions, prices: prices, policy: settings.effectivePolicy, jurisdiction: settings.jurisdiction, capturingYears: stateYears)
        }
        let derivatives = try derivativePass.map { try settleDerivatives($0, result: &result) }
        for warning in result.warnings { messages.append("warning: \(warning)") }
        if !result.shortfalls.isEmpty || (state?.shortfallCount ?? 0) > 0 || withdrawals + deposits > 0 {
            messages.append("  `harvest problems` lists what is missing, with the command that resolves each")
        }
        if settings.jurisdiction.isPooled && (options.method != nil || options.scope != nil) {
            messages.append("warning: --method and --scope do not apply under the \(settings.jurisdiction.name) rules: each asset is one pool "
                + "across all wallets")
        }
        if let required = settings.jurisdiction.walletScopeRequired {
            let years = Set(transactions.map { settings.jurisdiction.taxYear.year(of: $0.date) }).union(cut?.notes.years ?? [])
            let pooled = years.filter { $0 >= required.fromYear && settings.policy.scope(for: $0) == .universal }.sorted()
            if !pooled.isEmpty {
                messages.append("warning: universal scope used for \(pooled.map(String.init).joined(separator: ", ")): from \(required.fromYear) "
                    + "\(settings.jurisdiction.code.uppercased()) basis must be tracked wallet by wallet (\(required.authority)); use --scope wallet "
                    + "for those years")
            }
        }
        // Each state taken carries what the rows before its cut say, for a later replay of the rows from it.
        let taxYear = settings.jurisdiction.taxYear
        if !states.isEmpty {
            // The days of the rows (not the rows: a million copies), and the years of their distinct days.
            let days = transactions.map(\.date)
            for index in states.indices {
                let cutDate = states[index].cutDate
                var years = Set(cut?.notes.years ?? [])
                var lastDay: CivilDate?
                for day in days where day < cutDate && day != lastDay {
                    lastDay = day
                    years.insert(taxYear.year(of: day))
                }
                var withdrawals = cut?.notes.unmatchedWithdrawals ?? 0, deposits = cut?.notes.unmatchedDeposits ?? 0
                for row in unmatched.indices where unmatched[row].date < cutDate {
                    if unmatched[row].kind == .withdrawal { withdrawals += 1 } else if unmatched[row].kind == .deposit { deposits += 1 }
                }
                states[index].notes = CutNotes(unmatchedWithdrawals: withdrawals, unmatchedDeposits: deposits, years: years.sorted())
            }
        }
        return Replayed(
            transactions: transactions, prices: prices, result: result, settings: settings, messages: messages, derivatives: derivatives,
            states: states, resumedFrom: state?.year)
    }

    /// The methods and scopes of the run must be ones the jurisdiction allows (Germany: FIFO per wallet).
    static func checkMethods(_ settings: Settings) throws {
        let jurisdiction = settings.jurisdiction
        // Pooled rules (UK, Canada) choose no lots: the method and scope are ignored, with a warning (`replay`).
        guard !jurisdiction.isPooled else { return }
        let policy = settings.policy
        let methods = Set([policy.method] + policy.methodByYear.values)
        let scopes = Set([policy.scope] + policy.scopeByYear.values)
        let allowed = jurisdiction.allowedMethods.map(\.rawValue).sorted().joined(separator: ", ")
        for method in methods.sorted(by: { $0.rawValue < $1.rawValue }) where !jurisdiction.allowedMethods.contains(method) {
            throw CommandFailure.usage("error: method \(method.rawValue) is not allowed in \(jurisdiction.name): allowed are \(allowed)")
        }
        for scope in scopes.sorted(by: { $0.rawValue < $1.rawValue }) where !jurisdiction.allowedScopes.contains(scope) {
            throw CommandFailure.usage("error: scope \(scope.rawValue) is not allowed in \(jurisdiction.name): basis is tracked wallet by wallet there")
        }
    }

    /// Year summaries from the first year of the data through `through` (or the last year with activity).
    func summaries(_ replayed: Replayed, through lastYear: Int? = nil) -> [YearSummary] {
        let firstYear = replayed.transactions.map { replayed.settings.jurisdiction.taxYear.year(of: $0.date) }.min()
        return YearSummaries.compute(
            disposals: replayed.result.disposals, income: replayed.result.income, jurisdiction: replayed.settings.jurisdiction,
            filing: replayed.settings.filing, carryforward: replayed.settings.carryforward, from: firstYear,
            through: lastYear.map { max($0, firstYear ?? $0) }, band: replayed.settings.profile.rateBand,
            taxableIncomeByYear: replayed.settings.profile.taxableIncomeByYear, otherGains: replayed.derivatives?.gainsByYear ?? [:])
    }

    /// Today in the tax time zone: the CLI is the one place that reads the clock.
    func today() -> CivilDate {
        settings.zone.date(of: Instant(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000)))
    }
}
