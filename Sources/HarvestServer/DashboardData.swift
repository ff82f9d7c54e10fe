import HarvestCore
import HarvestReports

/// What the dashboard shows and changes, read and written through the same code as the CLI's commands.
///
/// `harvest serve` implements it with the CLI's Workspace (the same replay, planner, problem finder and settings as
/// `holdings`, `plan`, `gains`, `problems`, `transfers`, `profile set`): one number, one code path. The server only
/// renders what it is given. Every method may throw `DashboardError` with the CLI's own messages.
public protocol DashboardData: Sendable {
    /// A number that changes whenever what the pages show may have changed (the database was written): the server keeps
    /// rendered pages for as long as it stays the same.
    func version() throws -> Int
    /// The open lots valued on `asOf` (YYYY-MM-DD; default today) and the portfolio's value over time.
    func portfolio(asOf: String?) throws -> PortfolioView
    /// `harvest holdings --format json [--as-of]`, byte for byte.
    func holdingsJSON(asOf: String?) throws -> String
    /// The harvest plan of `query` (the CLI's `harvest plan` options), with what the page says around it.
    func plan(_ query: PlanQuery) throws -> PlanView
    /// `harvest plan --format json` with the same options, byte for byte.
    func planJSON(_ query: PlanQuery) throws -> String
    /// Each year's summary.
    func gains() throws -> GainsView
    /// One year's rows, `limit` from `offset`.
    func gainsYear(_ year: Int, offset: Int, limit: Int) throws -> GainsYearView
    /// One row of a year with both transactions behind it and their source lines.
    func gainsRow(year: Int, index: Int) throws -> GainsRowView
    /// `harvest gains --format json [--year]`, byte for byte.
    func gainsJSON(year: Int?) throws -> String
    /// `harvest problems`: each problem with its explanation and the commands that resolve it.
    func problems() throws -> ProblemsView
    /// `harvest problems --format json`, byte for byte.
    func problemsJSON() throws -> String
    /// `harvest transfers`: matched, unmatched, and the stored decisions.
    func transfers() throws -> TransfersView
    /// The backtest study on the stored prices of what is held, if there are enough of them.
    func backtest() throws -> BacktestView
    /// The stored settings, the keys, and the profile in force.
    func settings() throws -> SettingsView
    /// Makes a change as the CLI command it names would, and returns what that command prints.
    func apply(_ change: DashboardChange) throws -> String
}

/// A failure with the CLI's messages; `kind` picks the HTTP status (usage 400, data 422, not found 404, other 500).
public struct DashboardError: Error, Sendable {
    public enum Kind: Sendable { case usage, data, notFound, other }
    public var kind: Kind
    public var messages: [String]
    public init(_ kind: Kind, _ messages: [String]) {
        self.kind = kind
        self.messages = messages
    }
}

/// The options of `harvest plan` the what-if form can change, as text: the CLI's own parsers read them.
public struct PlanQuery: Sendable, Hashable {
    /// `--as-of`, YYYY-MM-DD.
    public var asOf: String?
    /// `--realize-loss`, an amount.
    public var realizeLoss: String?
    /// `--target`, weights such as "BTC=0.5,ETH=0.5".
    public var target: String?
    public init(asOf: String? = nil, realizeLoss: String? = nil, target: String? = nil) {
        self.asOf = asOf
        self.realizeLoss = realizeLoss
        self.target = target
    }
}

/// A write from a form: each is one CLI command.
public enum DashboardChange: Sendable {
    /// `harvest profile set --KEY VALUE ...` (keys as `profile set` names them: filing, short-rate, ...).
    case profile([ProfileValue])
    /// `harvest settings set KEY VALUE`.
    case setting(key: String, value: String)
    /// `harvest transfers mark-external REF --as KIND`, or with a selection, `--all --wallet --asset --kind --through`.
    case markExternal(reference: String?, selection: ExternalSelection?, as: String)
    /// `harvest transfers match WITHDRAWAL DEPOSIT`.
    case match(withdrawal: String, deposit: String)
    /// `harvest transfers unlink REF`.
    case unlink(reference: String)
    /// `harvest tx edit REF --FIELD VALUE ...` (fields as `tx edit` names them: timestamp, value, sent-quantity,
    /// received-quantity, fee-quantity, note).
    case edit(reference: String, fields: [ProfileValue])
}

/// One `profile set` value.
public struct ProfileValue: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// `mark-external --all`'s selection: the rows of one problem.
public struct ExternalSelection: Sendable, Hashable {
    public var wallet: String
    public var asset: String
    /// deposit or withdrawal.
    public var kind: String
    public var through: String
    public init(wallet: String, asset: String, kind: String, through: String) {
        self.wallet = wallet
        self.asset = asset
        self.kind = kind
        self.through = through
    }
}

// MARK: - Views

public struct PortfolioView: Sendable {
    public var asOf: CivilDate
    public var base: Asset
    /// Each open lot valued on `asOf` (`harvest holdings`).
    public var rows: [HoldingsReport.Row]
    /// The value held at month ends (and `asOf`), by asset, at each day's latest close.
    public var history: [ValuePoint]
    /// What the CLI would warn on stderr (stale prices, unmatched transfers).
    public var warnings: [String]
    public init(asOf: CivilDate, base: Asset, rows: [HoldingsReport.Row], history: [ValuePoint], warnings: [String]) {
        self.asOf = asOf
        self.base = base
        self.rows = rows
        self.history = history
        self.warnings = warnings
    }
}

public struct ValuePoint: Sendable {
    public var date: CivilDate
    public var byAsset: [Asset: Money]
    public init(date: CivilDate, byAsset: [Asset: Money]) {
        self.date = date
        self.byAsset = byAsset
    }
}

public struct PlanView: Sendable {
    public var plan: HarvestPlan
    public var query: PlanQuery
    public var base: Asset
    /// The first lines of `harvest plan`'s text: the rules and rates, what was realized this year.
    public var context: [String]
    public var warnings: [String]
    public init(plan: HarvestPlan, query: PlanQuery, base: Asset, context: [String], warnings: [String]) {
        self.plan = plan
        self.query = query
        self.base = base
        self.context = context
        self.warnings = warnings
    }
}

public struct GainsView: Sendable {
    public var summaries: [YearSummary]
    public var jurisdiction: String
    public var base: Asset
    /// Rows per year.
    public var rowCounts: [Int: Int]
    public init(summaries: [YearSummary], jurisdiction: String, base: Asset, rowCounts: [Int: Int]) {
        self.summaries = summaries
        self.jurisdiction = jurisdiction
        self.base = base
        self.rowCounts = rowCounts
    }
}

public struct GainsYearView: Sendable {
    public var year: Int
    public var summary: YearSummary?
    public var base: Asset
    public var offset: Int
    public var total: Int
    public var rows: [Disposal]
    public init(year: Int, summary: YearSummary?, base: Asset, offset: Int, total: Int, rows: [Disposal]) {
        self.year = year
        self.summary = summary
        self.base = base
        self.offset = offset
        self.total = total
        self.rows = rows
    }
}

public struct GainsRowView: Sendable {
    public var year: Int
    public var index: Int
    public var disposal: Disposal
    public var base: Asset
    /// `harvest tx show` of the lot's transaction (nil for a pool row) and of the disposal's, with the source line.
    public var lotTransaction: String?
    public var disposalTransaction: String
    public var lotSource: SourceLocation?
    public var disposalSource: SourceLocation?
    public init(
        year: Int, index: Int, disposal: Disposal, base: Asset, lotTransaction: String?, disposalTransaction: String, lotSource: SourceLocation?,
        disposalSource: SourceLocation?
    ) {
        self.year = year
        self.index = index
        self.disposal = disposal
        self.base = base
        self.lotTransaction = lotTransaction
        self.disposalTransaction = disposalTransaction
        self.lotSource = lotSource
        self.disposalSource = disposalSource
    }
}

public struct ProblemsView: Sendable {
    public struct Item: Sendable {
        public var problem: Problem
        public var title: String
        public var explanation: String
        public var commands: [String]
        /// The rows a `mark-external --all` decision would cover, for unmatched deposits and withdrawals.
        public var selection: ExternalSelection?
        /// The `--as` choices that fit.
        public var externalKinds: [String]
        public init(problem: Problem, title: String, explanation: String, commands: [String], selection: ExternalSelection?, externalKinds: [String]) {
            self.problem = problem
            self.title = title
            self.explanation = explanation
            self.commands = commands
            self.selection = selection
            self.externalKinds = externalKinds
        }
    }
    public var items: [Item]
    public var base: Asset
    public init(items: [Item], base: Asset) {
        self.items = items
        self.base = base
    }
}

public struct TransfersView: Sendable {
    /// One line of `harvest transfers`: status, date, from, to, asset, sent, received.
    public struct Line: Sendable {
        public var status: String
        public var date: String
        public var from: String
        public var to: String
        public var asset: String
        public var sent: String
        public var received: String
        /// For an unmatched row, its reference and the `--as` choices that fit.
        public var reference: String?
        public var externalKinds: [String]
        public init(status: String, date: String, from: String, to: String, asset: String, sent: String, received: String, reference: String?, externalKinds: [String]) {
            self.status = status
            self.date = date
            self.from = from
            self.to = to
            self.asset = asset
            self.sent = sent
            self.received = received
            self.reference = reference
            self.externalKinds = externalKinds
        }
    }
    /// A stored decision: the reference, what it says, when it was made.
    public struct Decision: Sendable {
        public var reference: String
        public var says: String
        public var createdAt: String
        public init(reference: String, says: String, createdAt: String) {
            self.reference = reference
            self.says = says
            self.createdAt = createdAt
        }
    }
    public var matched: [Line]
    public var unmatched: [Line]
    public var decisions: [Decision]
    public var stale: [String]
    public init(matched: [Line], unmatched: [Line], decisions: [Decision], stale: [String]) {
        self.matched = matched
        self.unmatched = unmatched
        self.decisions = decisions
        self.stale = stale
    }
}

public struct BacktestView: Sendable {
    /// The chart (`SVGChart`), when the stored prices allow a study.
    public var svg: String?
    /// What was run, or why nothing was.
    public var note: String
    public var summary: [String]
    public init(svg: String?, note: String, summary: [String]) {
        self.svg = svg
        self.note = note
        self.summary = summary
    }
}

public struct SettingsView: Sendable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }
    /// The stored settings (`harvest settings`).
    public var stored: [Entry]
    /// Every key with its help.
    public var keys: [Entry]
    /// The profile in force, under `profile set`'s names.
    public var profile: [Entry]
    public init(stored: [Entry], keys: [Entry], profile: [Entry]) {
        self.stored = stored
        self.keys = keys
        self.profile = profile
    }
}
