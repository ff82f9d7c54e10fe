import Foundation
import HarvestCore
import HarvestImport
import HarvestStore

/// What a whole replay produced, as the reading commands use it (`gains`, `holdings`, `plan`, `wash-check`): read part
/// by part from a stored checkpoint, or taken from a replay just run. Both give the same values: the second is the
/// snapshot the first was stored from.
struct ReplayView {
    enum Source {
        case memory(ReplaySnapshot)
        case stored(SQLiteStore, key: String)
        /// `--full`: the whole replay's own values, figured as without checkpoints (`Workspace.summaries`), so that a
        /// `--full` run checks what a checkpoint gives.
        case replayed(Workspace.Replayed, Workspace)
    }

    let settings: Settings
    let summary: ReplaySnapshot.Summary
    let source: Source
    /// The tax year a replay resumed at, from the engine's state an earlier checkpoint stored (`Workspace.resumedView`).
    var resumedFrom: Int? = nil

    var netting: ReplaySnapshot.Netting { ReplayView.netting(settings) }

    static func netting(_ settings: Settings) -> ReplaySnapshot.Netting {
        ReplaySnapshot.Netting(
            jurisdiction: settings.jurisdiction, filing: settings.filing, carryforward: settings.carryforward,
            band: settings.profile.rateBand, taxableIncomeByYear: settings.profile.taxableIncomeByYear)
    }

    /// Whether the view answers for `asOf`: the history ends on or before it (a replay through it leaves nothing out).
    func covers(_ asOf: CivilDate) -> Bool { summary.lastDate.map { $0 <= asOf } ?? true }

    private func part(_ name: String) throws -> [UInt8]? {
        guard case .stored(let store, let key) = source else { return nil }
        return try store.checkpointPart(key: key, part: name)
    }

    private func decode<Value>(_ name: String, _ decode: ([UInt8]) throws(SnapshotError) -> Value) throws -> Value? {
        guard let bytes = try part(name) else { return nil }
        do {
            return try decode(bytes)
        } catch {
            throw CommandFailure.other("error: the stored replay checkpoint cannot be read (\(error)): run the command again with --full")
        }
    }

    private func missing(_ name: String) -> CommandFailure {
        CommandFailure.other("error: the stored replay checkpoint has no part \(name): run the command again with --full")
    }

    func openLots() throws -> [Lot] {
        if case .memory(let snapshot) = source { return snapshot.openLots }
        if case .replayed(let replayed, _) = source { return replayed.result.openLots }
        guard let lots = try decode(ReplayCheckpoints.lots, ReplaySnapshot.decodeLots) else { throw missing(ReplayCheckpoints.lots) }
        return lots
    }

    /// The replayed transactions dated `summary.tailStart` or later (`--full`: all of them).
    func tail() throws -> [Transaction] {
        if case .memory(let snapshot) = source { return snapshot.tail }
        // The whole history, as the checks read it without checkpoints (they look at its last days).
        if case .replayed(let replayed, _) = source { return replayed.transactions }
        guard let tail = try decode(ReplayCheckpoints.tail, ReplaySnapshot.decodeTransactions) else { throw missing(ReplayCheckpoints.tail) }
        return tail
    }

    /// The disposals of tax year `year`, in the replay's order.
    func disposals(year: Int) throws -> [Disposal] {
        if case .memory(let snapshot) = source { return snapshot.disposals(year: year) }
        if case .replayed(let replayed, _) = source { return replayed.result.disposals.filter { $0.taxYear == year } }
        guard summary.activityYears.contains(year) else { return [] }
        let name = ReplayCheckpoints.disposals(year)
        guard let disposals = try decode(name, ReplaySnapshot.decodeDisposals) else { throw missing(name) }
        return disposals
    }

    func income(year: Int) throws -> [IncomeRecord] {
        if case .memory(let snapshot) = source { return snapshot.income(year: year) }
        guard summary.activityYears.contains(year) else { return [] }
        let name = ReplayCheckpoints.income(year)
        guard let income = try decode(name, ReplaySnapshot.decodeIncome) else { throw missing(name) }
        return income
    }

    /// Every disposal, in the replay's order (`LedgerResult.disposals`).
    func allDisposals() throws -> [Disposal] {
        if case .memory(let snapshot) = source { return snapshot.allDisposals }
        if case .replayed(let replayed, _) = source { return replayed.result.disposals }
        if let all = try decode(ReplayCheckpoints.allDisposals, ReplaySnapshot.decodeDisposals) { return all }
        // Stored year by year only when the replay's order is the years' order.
        return try summary.activityYears.flatMap { try disposals(year: $0) }
    }

    /// The provenance of `disposals(year:)`'s rows, in their order (checkpoint sources only).
    private func provenance(year: Int) throws -> [DisposalProvenance] {
        if case .memory(let snapshot) = source {
            return try ReplayView.decoded(snapshot.encodedProvenance(year: year), ReplaySnapshot.decodeProvenance)
        }
        guard summary.activityYears.contains(year) else { return [] }
        let name = ReplayCheckpoints.provenance(year)
        guard let provenance = try decode(name, ReplaySnapshot.decodeProvenance) else { throw missing(name) }
        return provenance
    }

    /// Every disposal's provenance in the replay's order, when that order is not the years' (else nil: read year by year).
    private func allProvenance() throws -> [DisposalProvenance]? {
        if case .memory(let snapshot) = source {
            return try snapshot.encodedAllProvenance.map { try ReplayView.decoded($0, ReplaySnapshot.decodeProvenance) }
        }
        return try decode(ReplayCheckpoints.allProvenance, ReplaySnapshot.decodeProvenance)
    }

    private static func decoded<Value>(_ bytes: [UInt8], _ decode: ([UInt8]) throws(SnapshotError) -> Value) throws -> Value {
        do {
            return try decode(bytes)
        } catch {
            throw CommandFailure.other("error: the replay's checkpoint cannot be read (\(error)): run the command again with --full")
        }
    }

    /// What any disposal has (the gains CSV's optional columns), known before a row is read.
    var traits: DisposalTraits {
        if case .replayed(let replayed, _) = source { return DisposalTraits(replayed.result.disposals) }
        return summary.traits
    }

    /// Every disposal (only `year`'s when given), in the replay's order, with its provenance (`provenance(i)` is the
    /// `i`th row's), handed to `body` a tax year's rows at a time (all at once when that order is not the years'), so that
    /// `gains --format json` holds one year's rows at most. Returns what `summaries()` (or `summary(of: year)`) gives,
    /// each year's made from the rows already read.
    func forEachYear(
        _ year: Int?, _ body: (_ disposals: [Disposal], _ provenance: (Int) -> DisposalProvenance) throws -> Void
    ) throws -> [YearSummary] {
        try eachYear(year, provenance: true) { disposals, provenance in
            try body(disposals) { provenance?($0) ?? DisposalProvenance(lotSource: nil, disposalSource: nil, lotValuation: nil, disposalValuation: nil) }
        }
    }

    /// The same without the provenance (`gains --format csv`).
    func forEachYear(_ year: Int?, _ body: (_ disposals: [Disposal]) throws -> Void) throws -> [YearSummary] {
        try eachYear(year, provenance: false) { disposals, _ in try body(disposals) }
    }

    private func eachYear(
        _ year: Int?, provenance wanted: Bool, _ body: (_ disposals: [Disposal], _ provenance: ((Int) -> DisposalProvenance)?) throws -> Void
    ) throws -> [YearSummary] {
        if case .replayed(let replayed, _) = source {
            let result = replayed.result, base = settings.jurisdiction.baseCurrency
            let disposals = year.map { year in result.disposals.filter { $0.taxYear == year } } ?? result.disposals
            try body(disposals, wanted ? { result.provenance(of: disposals[$0], base: base, prices: replayed.prices) } : nil)
            return try year.map { try summary(of: $0).map { [$0] } ?? [] } ?? summaries()
        }
        func pass(_ disposals: [Disposal], _ provenance: () throws -> [DisposalProvenance]?) throws {
            guard wanted else { return try body(disposals, nil) }
            let provenance = try provenance() ?? []
            guard provenance.count == disposals.count else {
                throw CommandFailure.other("error: the replay's checkpoint has \(provenance.count) provenance rows for \(disposals.count) "
                    + "disposals: run the command again with --full")
            }
            try body(disposals) { provenance[$0] }
        }
        if let year {
            let disposals = try disposals(year: year)
            try pass(disposals) { try self.provenance(year: year) }
            return try summary(of: year, disposals: disposals).map { [$0] } ?? []
        }
        if try !inYearOrder {
            try pass(try allDisposals()) { try allProvenance() }
            return try summaries()
        }
        let firstYear = summary.firstYear
        guard let start = firstYear ?? summary.activityYears.first, let end = summary.activityYears.last, start <= end else { return [] }
        var summaries: [YearSummary] = []
        for year in start...end {
            let disposals = try disposals(year: year)
            try pass(disposals) { try self.provenance(year: year) }
            if let firstYear, year >= firstYear,
               let made = ReplaySnapshot.summary(of: year, summary, disposals: disposals, income: try income(year: year), netting: netting) {
                summaries.append(made)
            }
        }
        return summaries
    }

    /// Whether the replay's order of disposals is their years' (else the checkpoint keeps the whole list apart).
    private var inYearOrder: Bool {
        get throws {
            switch source {
            case .memory(let snapshot): return snapshot.disposalsInYearOrder
            case .replayed(let replayed, _): return ReplaySnapshot.inYearOrder(replayed.result.disposals)
            case .stored(let store, let key): return try !store.hasCheckpointPart(key: key, part: ReplayCheckpoints.allDisposals)
            }
        }
    }

    /// The summary of `year` alone, as `summaries(through: year)` has it (nil before the data's first year).
    /// - Parameter read: the year's disposals when the caller has read them already (`disposals(year:)`): not read again.
    func summary(of year: Int, disposals read: [Disposal]? = nil) throws -> YearSummary? {
        if case .replayed(let replayed, let workspace) = source {
            return workspace.summaries(replayed, through: year).first { $0.year == year }
        }
        guard let firstYear = summary.firstYear, year >= firstYear else { return nil }
        return ReplaySnapshot.summary(
            of: year, summary, disposals: try read ?? disposals(year: year), income: try income(year: year), netting: netting)
    }

    /// `Workspace.summaries`: from the first year of the data through `lastYear` (or the last year with disposals or income).
    func summaries(through lastYear: Int? = nil) throws -> [YearSummary] {
        if case .replayed(let replayed, let workspace) = source { return workspace.summaries(replayed, through: lastYear) }
        let firstYear = summary.firstYear
        guard let start = firstYear ?? summary.activityYears.first,
              let end = lastYear.map({ max($0, firstYear ?? $0) }) ?? summary.activityYears.last, start <= end else { return [] }
        return try (start...end).compactMap { try summary(of: $0) }
    }
}

/// The names of a checkpoint's parts.
enum ReplayCheckpoints {
    static let summary = "summary"
    static let lots = "lots"
    static let tail = "tail"
    static let allDisposals = "disposals/all"
    static func disposals(_ year: Int) -> String { "disposals/\(year)" }
    static func income(_ year: Int) -> String { "income/\(year)" }
    static func provenance(_ year: Int) -> String { "provenance/\(year)" }
    static let allProvenance = "provenance/all"
    /// The engine's state at the start of a tax year (`ReplayState`): what a later replay resumes from.
    static func state(_ year: Int) -> String { "state/\(year)" }

    /// The tax year a part of a year names (`disposals/2024`, `state/2024`), and its kind (`disposals`, `state`).
    static func year(of name: String) -> (kind: Substring, year: Int)? {
        let halves = name.split(separator: "/")
        guard halves.count == 2, let year = Int(halves[1]) else { return nil }
        return (halves[0], year)
    }

    /// What tells this program's replay apart from another build's: a checkpoint written by another build is never read,
    /// so an upgrade cannot answer from state its engine did not make.
    static let programIdentity: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: executable) else { return "unknown" }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date).map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0
        return "\(size).\(modified)"
    }()

    /// The names of the parts of `snapshot`, the largest kinds first (the years' disposals, then their provenance): encoded
    /// a few at a time on both cores (`encodedInParallel`), parts of a size go together.
    ///
    /// A resumed replay's snapshot has the parts of the years from its start on (the earlier checkpoint keeps the others).
    static func partNames(_ snapshot: ReplaySnapshot) -> [String] {
        let years = snapshot.summary.activityYears.filter { $0 >= snapshot.resumedFrom ?? Int.min }
        return (snapshot.disposalsInYearOrder ? [] : [allDisposals, allProvenance]) + years.map(disposals) + years.map(provenance)
            + years.map(income) + snapshot.states.filter(\.isEncodable).map { state($0.year) } + [lots, tail, summary]
    }

    /// How many parts are encoded at once: with the largest first, four of a million transactions' disposals take some
    /// 75 MB beside the replay, against the 880 MB its peak already is.
    static let partsAtOnce = 4

    /// `names`' parts of `snapshot`, handed out in order by the returned function, each encoded ahead with the next few on
    /// both cores (`DispatchQueue.concurrentPerform`): each part is a pure function of the snapshot. At most `partsAtOnce`
    /// are held at a time.
    static func encodedInParallel(_ names: [String], of snapshot: ReplaySnapshot) -> (String) -> [UInt8] {
        var ready: [String: [UInt8]] = [:]
        var next = 0
        return { name in
            if let bytes = ready.removeValue(forKey: name) { return bytes }
            guard next < names.count, names[next] == name else { return part(name, of: snapshot) }  // asked out of order
            let group = Array(names[next..<min(next + partsAtOnce, names.count)])
            next += group.count
            let encoded = Encoded(count: group.count)
            DispatchQueue.concurrentPerform(iterations: group.count) { index in encoded.set(index, part(group[index], of: snapshot)) }
            for (index, name) in group.enumerated() { ready[name] = encoded.take(index) }
            return ready.removeValue(forKey: name) ?? part(name, of: snapshot)
        }
    }

    /// Parts encoded on several threads at once, each set once by its own thread.
    private final class Encoded: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [[UInt8]]
        init(count: Int) { parts = Array(repeating: [], count: count) }
        func set(_ index: Int, _ bytes: [UInt8]) { lock.withLock { parts[index] = bytes } }
        func take(_ index: Int) -> [UInt8] { lock.withLock { parts[index] } }
    }

    /// The bytes of the part `name` of `snapshot`: made one at a time as they are stored, not all at once.
    static func part(_ name: String, of snapshot: ReplaySnapshot) -> [UInt8] {
        switch name {
        case summary: return ReplaySnapshot.encode(snapshot.summary)
        case lots: return ReplaySnapshot.encode(snapshot.openLots)
        case tail: return ReplaySnapshot.encode(snapshot.tail)
        case allDisposals: return ReplaySnapshot.encode(snapshot.allDisposals)
        case allProvenance: return snapshot.encodedAllProvenance ?? ReplaySnapshot.encode([DisposalProvenance]())
        default:
            let year = Int(name.split(separator: "/").last ?? "") ?? 0
            if name.hasPrefix("state/") { return snapshot.states.first { $0.year == year }.flatMap(ReplaySnapshot.encode) ?? [] }
            if name.hasPrefix("income/") { return snapshot.encodedIncome(year: year) }
            return name.hasPrefix("provenance/") ? snapshot.encodedProvenance(year: year) : snapshot.encodedDisposals(year: year)
        }
    }
}

extension Workspace {
    /// Everything a checkpoint's content depends on: this build, the snapshot's format, the stored inputs (ledger rows,
    /// edits, transfer decisions, settings, prices: `ledgerState`) and the options of the run.
    func checkpointKey(_ options: ReplayOptions) throws -> String {
        try checkpointPrefix() + options.checkpointKey
    }

    /// The part of every key valid now, whatever the options.
    func checkpointPrefix() throws -> String {
        "\(ReplaySnapshot.formatVersion)|\(ReplayCheckpoints.programIdentity)|\(try store.ledgerState())|"
    }

    /// Stores `snapshot` under `key`; a database that cannot be written (read-only, busy) gets none, and that is not an error.
    func writeCheckpoint(_ snapshot: ReplaySnapshot, key: String) {
        guard let prefix = try? checkpointPrefix(), key.hasPrefix(prefix) else { return }
        do {
            let names = ReplayCheckpoints.partNames(snapshot)
            try store.writeCheckpoint(
                key: key, validPrefix: prefix, parts: names, data: ReplayCheckpoints.encodedInParallel(names, of: snapshot))
        } catch {
            return
        }
        // Every checkpoint kept now is of this state (the others were dropped): the changes before it are not needed.
        let state = prefix.split(separator: "|").last.flatMap { SQLiteStore.LedgerState($0) }
        if let state { try? store.forgetChanges(through: state.revision) }
    }

    /// How far back before the end of the data the snapshot keeps the transactions: the longest window any wash-sale
    /// check or plan looks over (the settings' rule and every country's advice).
    static func tailDays(_ settings: Settings) -> Int {
        let rules = [settings.washSale ?? WashSaleRule(appliesTo: [], effect: .advise)]
            + Jurisdiction.advisable.compactMap(\.advisory?.rule)
        return rules.map { max($0.daysBefore, $0.daysAfter) }.max() ?? 0
    }

    /// The whole replay's output under `options`: from the stored checkpoint when one matches (its warnings written
    /// again), else from a whole replay, whose checkpoint is then stored. Nil when `asOf` is before the end of the data:
    /// the caller then replays through it (`replay(_:through:)`).
    ///
    /// Nil too when derivative events are stored: the checkpoints do not hold the derivative book yet.
    ///
    /// A read-only command must not fail for want of writing: a database that cannot be written (read-only, busy) only
    /// means no checkpoint is stored.
    ///
    /// `year`: the command reads that tax year's disposals and summary alone (`gains --year`). Then a checkpoint stored
    /// before the latest changes still answers when every change is dated well after that year
    /// (`earlierCheckpoint`): the common case of newer rows imported.
    func replayView(_ options: ReplayOptions, asOf: CivilDate? = nil, year: Int? = nil) throws -> ReplayView? {
        // Derivative positions and rows (issue 17) are not in the checkpoints yet: with any stored, every command replays.
        if try store.derivativeEventCount() > 0 { return nil }
        var settings = settings
        options.apply(to: &settings)
        if let asOf, let last = try store.lastInstant(),
           settings.zone.date(of: Instant(millisecondsSinceEpoch: last)) > asOf {
            // The stored history goes on after the day (an edit may move a row later still: `covers` below sees that).
            return nil
        }
        let key = try checkpointKey(options)
        if !options.full, let bytes = try store.checkpointPart(key: key, part: ReplayCheckpoints.summary),
           let summary = try? ReplaySnapshot.decodeSummary(bytes) {
            let view = ReplayView(settings: settings, summary: summary, source: .stored(store, key: key))
            if let asOf, !view.covers(asOf) { return nil }
            for message in summary.messages { Console.error(message) }
            return view
        }
        // With `asOf`, only a checkpoint nothing has changed since (a year alone is not what such a command reads).
        if !options.full, let found = try earlierCheckpoint(options, key: key, settings: settings, year: asOf == nil ? year : nil) {
            if let asOf, !found.view.covers(asOf) { return nil }
            for message in found.view.summary.messages { Console.error(message) }
            if let note = found.note { Console.error(note) }
            return found.view
        }
        if !options.full, let view = try resumedView(options, key: key, settings: settings) {
            if let asOf, !view.covers(asOf) { return nil }
            return view
        }
        let view: ReplayView
        if options.full {
            let replayed = try replay(options)
            let snapshot = snapshot(of: replayed)
            writeCheckpoint(snapshot, key: key)
            view = ReplayView(settings: replayed.settings, summary: snapshot.summary, source: .replayed(replayed, self))
        } else {
            let (snapshot, replayedSettings) = try wholeReplay(options)
            // Not written, not fatal: a read-only or busy database answers this command from the replay just run.
            writeCheckpoint(snapshot, key: key)
            view = ReplayView(settings: replayedSettings, summary: snapshot.summary, source: .memory(snapshot))
        }
        if let asOf, !view.covers(asOf) { return nil }
        return view
    }

    /// How much of a checkpoint stored before the latest changes still holds.
    enum Reach: Equatable {
        /// Nothing the replay reads has changed (only settings no replay reads): the whole checkpoint holds.
        case all
        /// The disposals, income and summaries of the tax years through this one hold (every change is dated after it,
        /// by more than a change reaches back: `reachBackDays`).
        case through(Int)
        case nothing

        /// Whether a command that reads `year` alone (nil: more than one year, or the end state) can read the checkpoint.
        func holds(year: Int?) -> Bool {
            switch self {
            case .all: true
            case .through(let last): year.map { $0 <= last } ?? false
            case .nothing: false
            }
        }
    }

    /// Settings that no replay, and nothing a checkpoint holds, reads: a change of them leaves every checkpoint good.
    static let settingsOutsideReplay: Set<String> = ["stale-price-days"]

    /// How many days before the earliest change a replay's results can move:
    /// - 3: a row's day moves with the tax time zone by up to two days (a time read without an offset, re-anchored in the
    ///   zone in force), and an edit's timestamp is read in the zone as the row's;
    /// - twice the transfer matching's span (window before a deposit, skew after it, each rounded down to days, plus 2):
    ///   a row added or changed can take another row's partner, which then pairs with a row up to one span earlier;
    /// - how far the rules look forward from a sale (`forwardWindowDays`);
    /// - 1 for the day itself.
    ///
    /// Nothing else in a replay looks forward: every lot, pool and carried loss at a day is made of the rows before it.
    static func reachBackDays(_ settings: Settings) -> Int {
        3 + 2 * transferSpanDays(settings) + forwardWindowDays(settings) + 1
    }

    /// The days a transfer's two rows can lie apart (the matching window and the clocks' skew), and two more.
    static func transferSpanDays(_ settings: Settings) -> Int {
        let rules = settings.effectiveTransferRules
        let day: Int64 = 86_400_000
        return Int(min(max(0, rules.window) / day + max(0, rules.skew) / day + 2, 3_650))
    }

    /// How many days after a sale the rules of a replay look for what changes it: the UK's 30-day matches and Canada's
    /// superficial loss (a purchase within 30 days after); a wash-sale rule that defers losses, when it reaches a class
    /// of the assets (crypto unless classed otherwise: the US rule reaches securities alone unless `wash-sale-crypto` is
    /// on); else none.
    static func forwardWindowDays(_ settings: Settings) -> Int {
        let jurisdiction = settings.jurisdiction
        if jurisdiction.isPooled { return max(30, jurisdiction.washSale?.daysAfter ?? 0) }
        let policy = settings.effectivePolicy
        guard let rule = policy.washSale, rule.effect == .disallowAndDefer else { return 0 }
        let classes = Set(policy.assetClasses.classes.values).union([.crypto])
        return rule.appliesTo.isDisjoint(with: classes) ? 0 : max(0, min(rule.daysAfter, 3_650))
    }

    /// How much of the checkpoint made at `state` holds now, under `settings`.
    func reach(since state: SQLiteStore.LedgerState, settings: Settings) throws -> Reach {
        let changes = try store.changes(since: state)
        guard !changes.everything, changes.settings.isSubset(of: Workspace.settingsOutsideReplay) else { return .nothing }
        guard let earliest = changes.earliestInstant else { return .all }
        // Before 1970 or after 2200: no history this program reads (`SupportedRange`); nothing is kept.
        guard earliest > 0, earliest < 7_258_118_400_000 else { return .nothing }
        let boundary = settings.zone.date(of: Instant(millisecondsSinceEpoch: earliest)).adding(days: -Workspace.reachBackDays(settings))
        return .through(settings.jurisdiction.taxYear.year(of: boundary) - 1)
    }

    /// The checkpoints stored under `options` before the latest changes, the latest first, with their `LedgerState`.
    func earlierCheckpoints(_ options: ReplayOptions) throws -> [(key: String, state: SQLiteStore.LedgerState)] {
        let prefix = "\(ReplaySnapshot.formatVersion)|\(ReplayCheckpoints.programIdentity)|", suffix = "|" + options.checkpointKey
        return try store.checkpointKeys(prefix: prefix, suffix: suffix).compactMap { key in
            guard key.utf8.count > prefix.utf8.count + suffix.utf8.count,
                  let state = SQLiteStore.LedgerState(key.dropFirst(prefix.count).dropLast(suffix.count)) else { return nil }
            return (key, state)
        }
    }

    /// A checkpoint stored under `options` before the latest changes, when it still answers: filed under `key` when nothing
    /// the replay reads has changed since (a setting outside the replay), or read as it is for `year` alone when every
    /// change is dated well after that year. The caller writes its warnings again, then (in the second case) the note
    /// returned: they are the earlier replay's, and the rows changed since are replayed by the first command that needs them.
    ///
    /// What stays out: the rows after the boundary are not replayed, so an error one of them would raise (a row the replay
    /// refuses) shows on the first command that replays them, not on `gains --year` of an earlier year.
    func earlierCheckpoint(
        _ options: ReplayOptions, key: String, settings: Settings, year: Int?
    ) throws -> (view: ReplayView, note: String?)? {
        guard let latest = try earlierCheckpoints(options).first(where: { $0.key != key }) else { return nil }
        let reach = try reach(since: latest.state, settings: settings)
        guard reach.holds(year: year), let bytes = try store.checkpointPart(key: latest.key, part: ReplayCheckpoints.summary),
              let summary = try? ReplaySnapshot.decodeSummary(bytes) else { return nil }
        guard case .through(let last) = reach else {
            // Not filed, not fatal: a read-only or busy database answers from the checkpoint under its old key.
            let filed = (try? store.renameCheckpoint(latest.key, to: key)) != nil
            return (ReplayView(settings: settings, summary: summary, source: .stored(store, key: filed ? key : latest.key)), nil)
        }
        let note = "note: every row changed since the last replay is dated after tax year \(last) (with \(Workspace.reachBackDays(settings)) "
            + "days' margin): \(year.map(String.init) ?? "") is read from that replay's checkpoint, with its warnings above; a command that needs "
            + "later years (or --full) replays the changes"
        return (ReplayView(settings: settings, summary: summary, source: .stored(store, key: latest.key)), note)
    }

    /// The replay resumed from the engine's state that the latest earlier checkpoint holds at the start of the last tax year
    /// every change since leaves untouched (`reach`: the changes are dated after that year's start by more than a change
    /// reaches back): the history loaded and matched as for a whole replay, the engine run from that year's start only.
    /// Its checkpoint is stored over the earlier one, whose parts of the years before are kept, then read.
    ///
    /// Nil when no state answers: none stored (the UK's pools are not yet), the changes reach back past every stored
    /// state, the engine declines it (`LotEngine.resume`), or the database cannot be written. The caller replays whole.
    func resumedView(_ options: ReplayOptions, key: String, settings: Settings) throws -> ReplayView? {
        guard let latest = try earlierCheckpoints(options).first(where: { $0.key != key }),
              case .through(let last) = try reach(since: latest.state, settings: settings),
              // The earlier checkpoint's disposals lie year by year (every rule but the UK's).
              try !store.hasCheckpointPart(key: latest.key, part: ReplayCheckpoints.allDisposals) else { return nil }
        let stored = try store.checkpointPartNames(key: latest.key).compactMap(ReplayCheckpoints.year(of:))
        guard let year = stored.filter({ $0.kind == "state" && $0.year <= last + 1 }).map(\.year).max(),
              let summaryBytes = try store.checkpointPart(key: latest.key, part: ReplayCheckpoints.summary),
              let earlier = try? ReplaySnapshot.decodeSummary(summaryBytes),
              let stateBytes = try store.checkpointPart(key: latest.key, part: ReplayCheckpoints.state(year)),
              let state = try? ReplaySnapshot.decodeState(stateBytes, policy: settings.effectivePolicy, jurisdiction: settings.jurisdiction),
              var replayed = try replay(options, resuming: state) else { return nil }
        replayed.earlier = earlier
        // The years through `last` are the earlier checkpoint's, unchanged (`reach`): the replay made their rows again from
        // `year` on, but their parts are kept as they are, not encoded and written again.
        replayed.resumedFrom = last + 1
        let snapshot = snapshot(of: replayed)
        guard let prefix = try? checkpointPrefix(), key.hasPrefix(prefix) else { return nil }
        // Kept: the unchanged years' parts, and the states through `year` that are still among the last two.
        let newest = snapshot.states.map(\.year).max() ?? year
        func kept(_ name: String) -> Bool {
            guard let part = ReplayCheckpoints.year(of: name) else { return false }
            return part.kind == "state" ? part.year <= year && part.year >= newest - 1 : part.year <= last
        }
        let names = ReplayCheckpoints.partNames(snapshot)
        do {
            guard try store.advanceCheckpoint(
                from: latest.key, to: key, validPrefix: prefix, keeping: kept, parts: names,
                data: ReplayCheckpoints.encodedInParallel(names, of: snapshot)) else { return nil }
        } catch {
            return nil
        }
        let ledgerState = prefix.split(separator: "|").last.flatMap { SQLiteStore.LedgerState($0) }
        if let ledgerState { try? store.forgetChanges(through: ledgerState.revision) }
        return ReplayView(settings: replayed.settings, summary: snapshot.summary, source: .stored(store, key: key), resumedFrom: year)
    }

    /// The snapshot of a whole replay: the history itself is let go on return, before the snapshot's parts are encoded
    /// (a million transactions take some 300 MB).
    private func wholeReplay(_ options: ReplayOptions) throws -> (ReplaySnapshot, Settings) {
        let replayed = try replay(options)
        return (snapshot(of: replayed), replayed.settings)
    }

    private func snapshot(of replayed: Replayed) -> ReplaySnapshot {
        var snapshot = ReplaySnapshot(
            result: replayed.result, transactions: replayed.transactions, netting: ReplayView.netting(replayed.settings),
            tailDays: Workspace.tailDays(replayed.settings), messages: replayed.messages, prices: replayed.prices,
            earlier: replayed.resumedFrom.flatMap { year in replayed.earlier.map { (summary: $0, before: year) } })
        snapshot.states = replayed.states
        return snapshot
    }

    /// Stores the checkpoint of `replayed` (a whole replay under `options`) unless one is stored already: for the commands
    /// that need the whole replay's values themselves (`gains --format json`, reports), so that the next command is warm.
    func storeCheckpoint(of replayed: Replayed, _ options: ReplayOptions) {
        // Not while derivative events are stored: a checkpoint does not hold the derivative book (`replayView`).
        guard replayed.derivatives == nil, (try? store.derivativeEventCount()) == 0 else { return }
        guard let key = try? checkpointKey(options), options.full || !((try? store.hasCheckpoint(key: key)) ?? false) else { return }
        let snapshot = snapshot(of: replayed)
        // Not written, not fatal: a read-only or busy database still gets its report.
        writeCheckpoint(snapshot, key: key)
    }
}
