import ArgumentParser
import HarvestCore
import HarvestImport
import HarvestStore
import Testing

@testable import HarvestCLI

/// Incremental replay (issue 16) against the whole replay: after every step of a random sequence of imports, edits,
/// setting changes and undos, what the commands read from a checkpoint (the one a command stores, then read back by the
/// next) must equal what a whole replay gives, under every jurisdiction: each year's disposals and summary (what `gains`
/// and every country's report print), the open lots (`holdings`, `plan`), the last days' transactions (`wash-check`,
/// `plan`) and the warnings. The reference is computed as before checkpoints existed (`Workspace.replay`,
/// `Workspace.summaries`), not from a snapshot.
@Suite("Incremental replay equals the whole replay")
struct IncrementalReplayTests {
    /// SplitMix64: reproducible sequences from a seed printed on failure.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let header = "timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,to_wallet,tx_id,note"

    /// A few Harvest CSV rows over 2021–2024 (two assets, two wallets): buys, sells, trades, staking, transfers.
    static func rows(_ random: inout Random, batch: Int) -> [String] {
        // Each batch opens with holdings of both assets in both wallets, dated before the rest, so that few sales find
        // nothing to sell (each such sale is a warning, and warnings are compared too, but a few are enough).
        let opening = ["kraken", "ledger"].flatMap { wallet in
            ["BTC", "ETH"].map { asset in
                "2020-12-0\(1 + random.below(9))T12:00:00Z,buy,\(wallet),\(500 + random.below(500)),USD,1,\(asset),,,,,b\(batch)-\(wallet)-\(asset),"
            }
        }
        return opening + (0..<(3 + random.below(8))).map { number in
            let day = CivilDate(daysSinceEpoch: Int32(18_628 + random.below(4 * 365)))  // 2021-01-01 on
            let time = "\(day)T\(10 + random.below(10)):00:00Z"
            let asset = random.pick(["BTC", "ETH"]), wallet = random.pick(["kraken", "ledger"])
            let units = "\(1 + random.below(9)).\(random.below(100))"
            let usd = "\(100 + random.below(5000)).\(random.below(100))"
            // What a few hundredths of a unit fetch: about what they cost, so that gains and losses both occur.
            let proceeds = "\(1 + random.below(400)).\(random.below(100))"
            let id = "b\(batch)-\(number)"
            switch random.below(6) {
            case 0, 1: return "\(time),buy,\(wallet),\(usd),USD,\(units),\(asset),,,,,\(id),"
            case 2: return "\(time),sell,\(wallet),0.0\(1 + random.below(9)),\(asset),\(proceeds),USD,1,USD,,,\(id),"
            case 3: return "\(time),trade,\(wallet),0.0\(1 + random.below(9)),\(asset),\(units),\(asset == "BTC" ? "ETH" : "BTC"),,,\(proceeds),,\(id),"
            case 4: return "\(time),staking,\(wallet),,,0.0\(1 + random.below(9)),\(asset),,,\(random.below(50) + 1),,\(id),"
            default:
                return "\(time),transfer,\(wallet),0.0\(1 + random.below(9)),\(asset),,,,,,\(wallet == "kraken" ? "ledger" : "kraken"),\(id),"
            }
        }
    }

    /// Rows dated after the rest (2025-03-01 to 2025-12-31), none of them an opening buy: the common import of newer rows,
    /// which leaves the years before 2025 as they were.
    static func newerRows(_ random: inout Random, batch: Int) -> [String] {
        (0..<(2 + random.below(5))).map { number in
            let day = CivilDate(daysSinceEpoch: Int32(20_148 + random.below(305)))  // 2025-03-01 on
            let time = "\(day)T\(10 + random.below(10)):00:00Z"
            let asset = random.pick(["BTC", "ETH"]), wallet = random.pick(["kraken", "ledger"])
            let id = "n\(batch)-\(number)"
            switch random.below(4) {
            case 0: return "\(time),buy,\(wallet),\(100 + random.below(5000)),USD,0.\(1 + random.below(9)),\(asset),,,,,\(id),"
            case 1: return "\(time),sell,\(wallet),0.0\(1 + random.below(9)),\(asset),\(1 + random.below(400)),USD,,,,,\(id),"
            case 2: return "\(time),staking,\(wallet),,,0.0\(1 + random.below(9)),\(asset),,,\(random.below(50) + 1),,\(id),"
            default:
                return "\(time),transfer,\(wallet),0.0\(1 + random.below(9)),\(asset),,,,,,\(wallet == "kraken" ? "ledger" : "kraken"),\(id),"
            }
        }
    }

    /// One step of the sequence: what a user may do between two commands. Every third step imports newer rows.
    static func step(_ random: inout Random, store: SQLiteStore, batch: Int) throws {
        switch batch % 3 == 2 ? 10 : random.below(13) {
        case 0...3:
            let text = ([header] + rows(&random, batch: batch)).joined(separator: "\n") + "\n"
            _ = try store.importTransactions(try HarvestCSV.parse(text, file: "b\(batch).csv"), file: "b\(batch).csv",
                                             importedAt: "t", progress: nil)
        case 4:
            // An edit of a stored row: its value, its quantity, its day (moving it in time), or ignoring it.
            guard let row = try store.storedRows(matching: "b", limit: 50).randomElement(using: &random) else { return }
            let key = row.key
            let changes: [String: String] = switch random.below(4) {
            case 0: ["value": "\(random.below(9000) + 1)"]
            case 1: ["timestamp": "202\(1 + random.below(4))-0\(1 + random.below(9))-1\(random.below(9))T12:00:00Z"]
            case 2: ["note": "checked"]
            default: [:]
            }
            try store.saveTransactionEdit(TransactionEdit(key: key, changes: changes, ignored: changes.isEmpty, createdAt: "t"))
        case 5:
            guard let batch = try store.importBatches().randomElement(using: &random) else { return }
            _ = try store.undoImport(batch.id)
        case 6:
            try store.setSetting("method", random.pick(["fifo", "lifo", "hifo", nil]))
            try store.setSetting("method.2023", random.pick(["hifo", nil]))
        case 7:
            try store.setSetting("carryforward-short", random.pick(["2500", "40000", nil]))
            try store.setSetting("filing", random.pick(["mfs", "single"]))
        case 8:
            try store.setSetting("wash-sale-crypto", random.pick(["on", "off"]))
            try store.setSetting("taxable-income.2022", random.pick(["-2000", nil]))
        case 9:
            try store.setSetting("transfer-fee", random.pick(["add-to-basis", "dispose"]))
            try store.setSetting("timezone", random.pick(["UTC", "-08:00", "+09:00"]))
        case 10, 11:
            let text = ([header] + newerRows(&random, batch: batch)).joined(separator: "\n") + "\n"
            _ = try store.importTransactions(try HarvestCSV.parse(text, file: "n\(batch).csv"), file: "n\(batch).csv",
                                             importedAt: "t", progress: nil)
        default:
            // A setting no replay reads.
            try store.setSetting("stale-price-days", random.pick(["5", "10", nil]))
        }
    }

    @Test("after random imports, edits, setting changes and undos, checkpoints give the whole replay's results in every jurisdiction",
          arguments: 0..<12)
    func incrementalEqualsFull(seed: UInt64) throws {
        var random = Random(state: seed &* 7919 &+ 11)
        let store = try SQLiteStore.inMemory()
        // The generated history is in dollars under every country's rules (as the README's UK and Canadian runs are).
        try store.setSetting("base-currency", "USD")
        var yearsAnswered = 0
        for batch in 0..<10 {
            try Self.step(&random, store: store, batch: batch)
            let workspace = Workspace(store: store, settings: try Settings(store.settings()), path: ":memory:")
            // Four checkpoints are kept: the country that starts the round has its checkpoint dropped by the fifth one, so
            // the start rotates for each country's earlier checkpoint to be read in some step.
            let codes = ["us", "uk", "ca", "au", "de"], start = batch % codes.count
            let options = try (codes[start...] + codes[..<start]).map { code in
                // Germany allows FIFO only: a method setting other than FIFO is refused, checkpoint or not.
                (code, try ReplayOptions.parse(["--jurisdiction", code] + (code == "de" ? ["--method", "fifo"] : [])))
            }
            // First what the checkpoints stored before this step still answer, year by year (nothing is written yet)
            for (code, options) in options {
                yearsAnswered += try Self.compareEarlier(workspace, options, context: "seed \(seed), step \(batch), \(code)")
            }
            for (code, options) in options {
                try Self.compare(workspace, options, context: "seed \(seed), step \(batch), \(code)")
            }
        }
        // Every third step imports newer rows only: the years before them are read from the earlier checkpoints, and (when
        // the history spans two tax years or more) the next whole view resumes from the engine's state stored at a year's
        // start (every country but the UK): `compare` checks it as any other view.
        #expect(yearsAnswered > 0, "seed \(seed): no year was read from an earlier checkpoint")
    }

    /// Each year that a checkpoint stored before the latest changes still answers (`gains --year`): its disposals and
    /// summary against a whole replay's. Returns how many years it answered.
    static func compareEarlier(_ workspace: Workspace, _ options: ReplayOptions, context: String) throws -> Int {
        var settings = workspace.settings
        options.apply(to: &settings)
        let key = try workspace.checkpointKey(options)
        guard try !workspace.store.hasCheckpoint(key: key), let reference = try? workspace.replay(options) else { return 0 }
        let years = Set(reference.transactions.map { reference.settings.jurisdiction.taxYear.year(of: $0.date) })
        var answered = 0
        for year in ((years.min() ?? 2021) - 1)...((years.max() ?? 2025) + 1) {
            guard let view = try workspace.earlierCheckpoint(options, key: key, settings: settings, year: year)?.view else { continue }
            answered += 1
            let expected = workspace.summaries(reference, through: year).first { $0.year == year }
            #expect(try view.summary(of: year) == expected, "\(context), \(year) from an earlier checkpoint")
            #expect(try view.disposals(year: year) == reference.result.disposals.filter { $0.taxYear == year },
                    "\(context), \(year) from an earlier checkpoint")
        }
        return answered
    }

    @Test("a back-dated row or edit leaves good only the checkpoint's years before it; newer rows leave every earlier year")
    func backDatingInvalidatesLaterYearsOnly() throws {
        // Given a history over 2021–2024 (in dollars under every country's rules) and the checkpoint a command stored from it
        let store = try SQLiteStore.inMemory()
        try store.setSetting("base-currency", "USD")
        let rows = (2021...2024).flatMap { year in
            ["\(year)-02-01T10:00:00Z,buy,kraken,100,USD,1,BTC,,,,,b\(year),", "\(year)-09-01T10:00:00Z,sell,kraken,0.5,BTC,80,USD,,,,,s\(year),"]
        }
        _ = try store.importTransactions(try HarvestCSV.parse(([Self.header] + rows).joined(separator: "\n"), file: "a.csv"), file: "a.csv",
                                         importedAt: "t", progress: nil)
        func workspace() throws -> Workspace { Workspace(store: store, settings: try Settings(store.settings()), path: ":memory:") }
        let us = try ReplayOptions.parse([]), au = try ReplayOptions.parse(["--jurisdiction", "au"])
        for options in [us, au] { _ = try #require(try workspace().replayView(options)) }
        let stored = try #require(try workspace().earlierCheckpoints(us).first?.state)
        let storedAU = try #require(try workspace().earlierCheckpoints(au).first?.state)
        func reach(_ state: SQLiteStore.LedgerState, _ options: ReplayOptions) throws -> Workspace.Reach {
            var settings = try workspace().settings
            options.apply(to: &settings)
            return try workspace().reach(since: state, settings: settings)
        }
        #expect(try reach(stored, us) == .all)
        // A change reaches back 14 days under the US default settings: 3 (time zone) + 2 × 5 (the transfer window of 72
        // hours and 2 of skew, 3 + 0 + 2 days) + 0 (the wash-sale rule reaches securities alone, and all is crypto) + 1;
        // 44 where a rule looks 30 days past a sale: the UK, Canada, the US rule extended to crypto.
        #expect(Workspace.reachBackDays(try workspace().settings) == 14)
        for (key, value, expected) in [("jurisdiction", "uk", 44), ("jurisdiction", "ca", 44), ("wash-sale-crypto", "on", 44)] {
            var settings = try workspace().settings
            try settings.apply(key, value)
            #expect(Workspace.reachBackDays(settings) == expected, "\(key) \(value)")
        }

        // When a row dated 2023-06-15 is imported
        let one = [Self.header, "2023-06-15T10:00:00Z,buy,kraken,100,USD,1,ETH,,,,,late,"].joined(separator: "\n")
        _ = try store.importTransactions(try HarvestCSV.parse(one, file: "b.csv"), file: "b.csv", importedAt: "t", progress: nil)
        // Then 2023-06-15 − 14 days = 2023-06-01, in tax year 2023: the checkpoint holds through 2022 only
        #expect(try reach(stored, us) == .through(2022))
        // and under the Australian income year (1 July to 30 June), 2023-06-01 is in 2022-23: through 2021-22
        #expect(try reach(storedAU, au) == .through(2021))
        let view = try #require(try workspace().earlierCheckpoint(us, key: try workspace().checkpointKey(us), settings: try workspace().settings,
                                                                   year: 2022)?.view)
        let reference = try workspace().replay(us)
        #expect(try view.disposals(year: 2022) == reference.result.disposals.filter { $0.taxYear == 2022 })
        #expect(try workspace().earlierCheckpoint(us, key: try workspace().checkpointKey(us), settings: try workspace().settings, year: 2023)?.view == nil)

        // When a command replays (a new checkpoint) and an edit then moves 2024's sale to 2021-08-01
        _ = try #require(try workspace().replayView(us))
        let afterImport = try #require(try workspace().earlierCheckpoints(us).first?.state)
        try store.saveTransactionEdit(TransactionEdit(key: RowKey(source: "harvest", wallet: "kraken", externalID: "s2024"),
                                                      changes: ["timestamp": "2021-08-01T10:00:00Z"], createdAt: "t"))
        // Then the edit's new day reaches back to 2021-07-18, in 2021: through 2020 (none of the data's years)
        #expect(try reach(afterImport, us) == .through(2020))

        // When only rows of 2025-03-01 on are imported after a new checkpoint
        _ = try #require(try workspace().replayView(us))
        let afterEdit = try #require(try workspace().earlierCheckpoints(us).first?.state)
        let newer = [Self.header, "2025-03-01T10:00:00Z,sell,kraken,0.1,BTC,20,USD,,,,,n1,"].joined(separator: "\n")
        _ = try store.importTransactions(try HarvestCSV.parse(newer, file: "c.csv"), file: "c.csv", importedAt: "t", progress: nil)
        // Then 2025-03-01 − 14 days = 2025-02-15: every year through 2024 holds
        #expect(try reach(afterEdit, us) == .through(2024))
        // When an edit is stored for a row not imported yet (it changes nothing), then the row is imported, dated 2025-04-01
        try store.saveTransactionEdit(TransactionEdit(key: RowKey(source: "harvest", wallet: "kraken", externalID: "n2"),
                                                      changes: ["timestamp": "2022-03-01T10:00:00Z"], createdAt: "t"))
        #expect(try reach(afterEdit, us) == .through(2024))
        let edited = [Self.header, "2025-04-01T10:00:00Z,buy,kraken,10,USD,0.1,BTC,,,,,n2,"].joined(separator: "\n")
        _ = try store.importTransactions(try HarvestCSV.parse(edited, file: "d.csv"), file: "d.csv", importedAt: "t", progress: nil)
        // Then the edit moves it to 2022-03-01, which reaches back to 2022-02-15: through 2021
        #expect(try reach(afterEdit, us) == .through(2021))
        // and a setting no replay reads changes nothing more, while one the replay reads leaves nothing
        try store.setSetting("stale-price-days", "9")
        #expect(try reach(afterEdit, us) == .through(2021))
        try store.setSetting("method", "hifo")
        #expect(try reach(afterEdit, us) == .nothing)
    }

    @Test("a setting no replay reads files the checkpoint under the new key: the next command reads it")
    func settingOutsideReplayKeepsCheckpoint() throws {
        let store = try SQLiteStore.inMemory()
        let text = [Self.header, "2024-01-01T10:00:00Z,buy,kraken,100,USD,1,BTC,,,,,k1,", "2024-02-01T10:00:00Z,sell,kraken,1,BTC,150,USD,,,,,k2,"]
            .joined(separator: "\n")
        _ = try store.importTransactions(try HarvestCSV.parse(text, file: "a.csv"), file: "a.csv", importedAt: "t", progress: nil)
        let options = try ReplayOptions.parse([])
        _ = try #require(try Workspace(store: store, settings: try Settings(store.settings()), path: ":memory:").replayView(options))
        try store.setSetting("stale-price-days", "9")
        let workspace = Workspace(store: store, settings: try Settings(store.settings()), path: ":memory:")
        let view = try #require(try workspace.replayView(options))
        guard case .stored(_, let key) = view.source else {
            Issue.record("replayed after a setting no replay reads")
            return
        }
        #expect(key == (try workspace.checkpointKey(options)))
        // 1 BTC bought for 100 and sold for 150: a gain of 50, as a whole replay says
        #expect(try view.allDisposals() == (try workspace.replay(options)).result.disposals)
        #expect(try view.allDisposals().map { $0.proceeds - $0.costBasis } == [Money(50)])
        // and a command `--as-of` a day after the data (`holdings`) reads it too, after another such change
        try store.setSetting("stale-price-days", "4")
        let later = Workspace(store: store, settings: try Settings(store.settings()), path: ":memory:")
        let asOf = try #require(CivilDate(year: 2026, month: 1, day: 1))
        guard case .stored = try #require(try later.replayView(options, asOf: asOf)).source else {
            Issue.record("replayed --as-of after a setting no replay reads")
            return
        }
    }

    @Test("newer rows imported: the next command resumes from the engine's state at the start of the last year the import leaves")
    func newerRowsResumeFromAYearStart() throws {
        // Given 2023–2024 (US, FIFO): 2 BTC bought in 2023 at $20,000 each, 1 sold in 2024 for $50,000, and the checkpoint
        // a command stored (with the engine's state at the start of 2023 and 2024)
        let store = try SQLiteStore.inMemory()
        func load(_ rows: [String], _ file: String) throws {
            let text = ([Self.header] + rows).joined(separator: "\n")
            _ = try store.importTransactions(try HarvestCSV.parse(text, file: file), file: file, importedAt: "t", progress: nil)
        }
        try load(["2022-06-01T10:00:00Z,buy,kraken,100,USD,1,ETH,,,,,e1,",
                  "2023-03-01T10:00:00Z,buy,kraken,40000,USD,2,BTC,,,,,k1,",
                  "2024-05-01T10:00:00Z,sell,kraken,1,BTC,50000,USD,,,,,k2,"], "a.csv")
        let options = try ReplayOptions.parse([])
        func workspace() throws -> Workspace { Workspace(store: store, settings: try Settings(store.settings()), path: ":memory:") }
        let first = try #require(try workspace().replayView(options))
        #expect(first.resumedFrom == nil)
        let parts = try store.checkpointPartNames(key: try workspace().checkpointKey(options))
        #expect(Set(parts.filter { $0.hasPrefix("state/") }) == ["state/2023", "state/2024"])
        // When rows of 2025 are imported: the other BTC sold in March for $15,000 (a loss of $5,000), 1 ETH bought
        try load(["2025-03-10T10:00:00Z,sell,kraken,1,BTC,15000,USD,,,,,k3,",
                  "2025-04-01T10:00:00Z,buy,kraken,3000,USD,1,ETH,,,,,e2,"], "b.csv")
        // Then the next command resumes at the start of 2024 (the last year whose start the import leaves, with the
        // history's state then) and stores its checkpoint over the earlier one, whose 2022 and 2023 parts it keeps
        let later = try workspace()
        let view = try #require(try later.replayView(options))
        #expect(view.resumedFrom == 2024)
        guard case .stored = view.source else {
            Issue.record("the resumed view does not read its stored checkpoint")
            return
        }
        let whole = try later.replay(options)
        #expect(try view.allDisposals() == whole.result.disposals)
        #expect(try view.openLots() == whole.result.openLots)
        #expect(try view.summaries() == later.summaries(whole))
        // 2024: a gain of $30,000 on the BTC sold; 2025: a loss of $5,000; open: 2 ETH
        #expect(try view.disposals(year: 2024).map { $0.proceeds - $0.costBasis } == [Money(30_000)])
        #expect(try view.disposals(year: 2025).map { $0.proceeds - $0.costBasis } == [Money(-5_000)])
        #expect(try view.openLots().map(\.quantity) == [Quantity(1), Quantity(1)])
        // The checkpoint keeps the state it resumed from, and the new one of 2025
        let stored = try store.checkpointPartNames(key: try later.checkpointKey(options))
        #expect(Set(stored.filter { $0.hasPrefix("state/") }) == ["state/2024", "state/2025"])
        // and the next command reads it
        let again = try #require(try later.replayView(options))
        #expect(again.resumedFrom == nil)
        #expect(try again.allDisposals() == whole.result.disposals)
        // A row of February 2024 is after the start of 2024 by more than the 14 days a change reaches back: resumed there
        try load(["2024-02-01T10:00:00Z,buy,kraken,100,USD,0.1,ETH,,,,,e3,"], "c.csv")
        let february = try workspace()
        let resumedAgain = try #require(try february.replayView(options))
        #expect(resumedAgain.resumedFrom == 2024)
        #expect(try resumedAgain.openLots() == (try february.replay(options)).result.openLots)
        // A row of 2023 reaches back past every stored state (2023's is no longer kept): the replay is whole
        try load(["2023-06-01T10:00:00Z,buy,kraken,100,USD,0.1,ETH,,,,,e4,"], "d.csv")
        let backDated = try workspace()
        let replayed = try #require(try backDated.replayView(options))
        #expect(replayed.resumedFrom == nil)
        #expect(try replayed.allDisposals() == (try backDated.replay(options)).result.disposals)
    }

    /// The view a command gets (twice: the first stores the checkpoint, the second reads it) against a whole replay.
    /// Returns whether the first command's view was resumed from a stored state (`Workspace.resumedView`): it reads the
    /// checkpoint it stored over the earlier one.
    @discardableResult
    static func compare(_ workspace: Workspace, _ options: ReplayOptions, context: String) throws -> Bool {
        let reference: Workspace.Replayed
        do {
            reference = try workspace.replay(options)
        } catch {
            // A history the replay refuses is refused from a checkpoint too (none is ever stored for it).
            #expect(throws: (any Error).self, "\(context)") { try workspace.replayView(options) }
            return false
        }
        let summaries = workspace.summaries(reference)
        let years = Set(reference.transactions.map { reference.settings.jurisdiction.taxYear.year(of: $0.date) })
        let written = try #require(try workspace.replayView(options), "\(context)")
        let read = try #require(try workspace.replayView(options), "\(context)")
        guard case .stored = read.source else {
            Issue.record("\(context): the second command did not read the stored checkpoint")
            return false
        }
        let resumed = written.resumedFrom != nil
        // Each row's provenance (`gains --format json`: source rows and valuations), as a whole replay names it.
        let base = reference.settings.jurisdiction.baseCurrency
        func provenance(_ disposals: [Disposal]) -> [DisposalProvenance] {
            disposals.map { reference.result.provenance(of: $0, base: base, prices: reference.prices) }
        }
        for view in [written, read] {
            var passed: [Disposal] = [], passedProvenance: [DisposalProvenance] = []
            let passedSummaries = try view.forEachYear(nil) { disposals, provenance in
                passed += disposals
                passedProvenance += disposals.indices.map(provenance)
            }
            #expect(passed == reference.result.disposals, "\(context)")
            #expect(passedProvenance == provenance(reference.result.disposals), "\(context)")
            #expect(passedSummaries == summaries, "\(context)")
            // The gains CSV's optional columns, known before its rows are read; its rows a year at a time
            #expect(view.traits == DisposalTraits(reference.result.disposals), "\(context)")
            var csvRows: [Disposal] = []
            #expect(try view.forEachYear(nil) { csvRows += $0 } == summaries, "\(context)")
            #expect(csvRows == reference.result.disposals, "\(context)")
            #expect(try view.allDisposals() == reference.result.disposals, "\(context)")
            #expect(try view.openLots() == reference.result.openLots, "\(context)")
            #expect(try view.summaries() == summaries, "\(context)")
            #expect(view.summary.messages == reference.messages, "\(context)")
            #expect(view.summary.warnings == reference.result.warnings, "\(context)")
            // Each year alone, as `gains --year` and the reports ask, from a year before the data to two after it.
            for year in ((years.min() ?? 2021) - 1)...((years.max() ?? 2024) + 2) {
                let expected = workspace.summaries(reference, through: year).first { $0.year == year }
                #expect(try view.summary(of: year) == expected, "\(context), \(year)")
                let ofYear = reference.result.disposals.filter { $0.taxYear == year }
                #expect(try view.disposals(year: year) == ofYear, "\(context), \(year)")
                var yearProvenance: [DisposalProvenance] = []
                let yearSummaries = try view.forEachYear(year) { disposals, provenance in yearProvenance += disposals.indices.map(provenance) }
                #expect(yearProvenance == provenance(ofYear), "\(context), \(year)")
                #expect(yearSummaries == (expected.map { [$0] } ?? []), "\(context), \(year)")
            }
            if let tailStart = view.summary.tailStart {
                #expect(try view.tail() == reference.transactions.filter { $0.date >= tailStart }, "\(context)")
            }
        }
        return resumed
    }

    @Test("a change to the ledger, an edit, a setting or a transfer decision makes a new checkpoint; nothing else does")
    func keyFollowsEveryInput() throws {
        // Given a stored history
        let store = try SQLiteStore.inMemory()
        let text = [Self.header, "2024-01-01T10:00:00Z,buy,kraken,100,USD,1,BTC,,,,,k1,", "2024-02-01T10:00:00Z,sell,kraken,1,BTC,150,USD,,,,,k2,"]
            .joined(separator: "\n")
        _ = try store.importTransactions(try HarvestCSV.parse(text, file: "a.csv"), file: "a.csv", importedAt: "t", progress: nil)
        let workspace = Workspace(store: store, settings: try Settings(store.settings()), path: ":memory:")
        var keys = [try workspace.checkpointKey(try ReplayOptions.parse([]))]
        // When nothing changes, the key stays; when anything the replay reads changes, it moves
        #expect(try workspace.checkpointKey(try ReplayOptions.parse([])) == keys[0])
        keys.append(try workspace.checkpointKey(ReplayOptions.parse(["--method", "hifo"])))
        try store.setSetting("filing", "mfs")
        keys.append(try workspace.checkpointKey(try ReplayOptions.parse([])))
        try store.saveTransactionEdit(TransactionEdit(key: RowKey(source: "harvest", wallet: "kraken", externalID: "k2"),
                                                      changes: ["value": "120"], createdAt: "t"))
        keys.append(try workspace.checkpointKey(try ReplayOptions.parse([])))
        try store.setTransferLink(TransferLink(TransactionReference(wallet: Wallet("kraken"), id: "k2"), .external(kind: .giftOut, basis: nil)),
                                  createdAt: "t")
        keys.append(try workspace.checkpointKey(try ReplayOptions.parse([])))
        let more = [Self.header, "2024-03-01T10:00:00Z,buy,kraken,100,USD,1,ETH,,,,,k3,"].joined(separator: "\n")
        _ = try store.importTransactions(try HarvestCSV.parse(more, file: "b.csv"), file: "b.csv", importedAt: "t", progress: nil)
        keys.append(try workspace.checkpointKey(try ReplayOptions.parse([])))
        let batch = try #require(try store.importBatches().last)
        _ = try store.undoImport(batch.id)
        keys.append(try workspace.checkpointKey(try ReplayOptions.parse([])))
        // Then every key differs (the undo too: the same rows as before the import, but the rowids may be taken again)
        #expect(Set(keys).count == keys.count, "\(keys)")
    }
}

extension Array {
    func randomElement(using random: inout IncrementalReplayTests.Random) -> Element? {
        isEmpty ? nil : self[random.below(count)]
    }
}
