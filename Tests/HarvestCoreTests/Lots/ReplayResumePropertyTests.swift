import HarvestCore
import HarvestTestSupport
import PropertyBased
import Testing

/// A replay resumed from its state at the start of a tax year gives what the whole replay gives (issue 16), on random
/// ledgers under every jurisdiction and the policies that change state at a year's start (a method or scope of its own),
/// with wash sales that defer losses into replacements bought after the boundary, the UK's 30-day matches still open at
/// it, and Canada's superficial losses. The independent reference is the whole replay itself, which the engine's other
/// property tests check against the ledgers' own bookkeeping.
struct ReplayResumePropertyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var policy: AccountingPolicy
        var jurisdiction: Jurisdiction = .us
        var overdraw = false
        var testDescription: String { name }
    }

    static func inUSD(_ jurisdiction: Jurisdiction) -> Jurisdiction {
        var rules = jurisdiction
        rules.baseCurrency = .usd
        return rules
    }

    static let cases: [Case] = [
        Case(name: "US FIFO, wallet", policy: AccountingPolicy(method: .fifo, scope: .wallet)),
        Case(name: "US HIFO, universal", policy: AccountingPolicy(method: .hifo, scope: .universal)),
        Case(name: "US universal FIFO, HIFO in 2024, wallet scope from 2025",
             policy: AccountingPolicy(method: .fifo, methodByYear: [2024: .hifo], scope: .universal, scopeByYear: [2025: .wallet])),
        Case(name: "US universal LIFO, wallet FIFO from 2025, fee added to basis",
             policy: AccountingPolicy(method: .lifo, methodByYear: [2025: .fifo], scope: .universal, scopeByYear: [2025: .wallet],
                                      transferFee: .addToBasis)),
        Case(name: "US FIFO, sales beyond holdings with allowMissingBasis",
             policy: AccountingPolicy(method: .fifo, scope: .wallet, allowMissingBasis: true), overdraw: true),
        Case(name: "US FIFO, wash sales deferred (crypto included)",
             policy: AccountingPolicy(method: .fifo, scope: .wallet, washSale: WashSaleRule.unitedStates.includingCrypto)),
        Case(name: "US HIFO universal, wallet from 2025, wash sales deferred",
             policy: AccountingPolicy(method: .hifo, scope: .universal, scopeByYear: [2025: .wallet],
                                      washSale: WashSaleRule.unitedStates.includingCrypto)),
        Case(name: "UK share identification", policy: AccountingPolicy(), jurisdiction: inUSD(.unitedKingdom)),
        Case(name: "UK, transfer fee added to basis", policy: AccountingPolicy(transferFee: .addToBasis), jurisdiction: inUSD(.unitedKingdom)),
        Case(name: "Canada, superficial losses", policy: AccountingPolicy(), jurisdiction: inUSD(.canada)),
        Case(name: "Australia (1 July year)", policy: AccountingPolicy(), jurisdiction: inUSD(.australia)),
        Case(name: "Germany", policy: AccountingPolicy(), jurisdiction: inUSD(.germany)),
    ]

    static let everyYear = Set(2020...2030)

    /// The rows of a resumed replay are the whole replay's rows after the state's counts; the open lots and warnings
    /// are the whole replay's. Under the UK's rules the rows are put in disposal order at the end, and a disposal still
    /// open to 30-day matches at the state makes its rows after it: there the rows of the state's year and later are
    /// the whole replay's rows of those years.
    static func expectSuffix(_ resumed: LedgerResult, of whole: LedgerResult, after state: ReplayState, _ note: String) {
        let fromYear = { (rows: [Disposal]) in rows.filter { $0.taxYear >= state.year } }
        #expect(fromYear(resumed.disposals) == fromYear(whole.disposals), "disposals of \(state.year) on \(note)")
        if state.jurisdiction.matching != .ukShareIdentification {
            #expect(resumed.disposals[...] == whole.disposals[state.disposalCount...], "disposals \(note)")
        }
        #expect(resumed.removals[...] == whole.removals[state.removalCount...], "removals \(note)")
        #expect(resumed.income[...] == whole.income[state.incomeCount...], "income \(note)")
        #expect(resumed.unpriced[...] == whole.unpriced[state.unpricedCount...], "unpriced \(note)")
        #expect(resumed.shortfalls[...] == whole.shortfalls[state.shortfallCount...], "shortfalls \(note)")
        #expect(resumed.openLots == whole.openLots, "open lots \(note)")
        #expect(resumed.warnings == whole.warnings, "warnings \(note)")
    }

    @Test("resumed at each year's start on the same history, the replay gives the whole replay's rows", arguments: cases)
    func sameHistory(_ c: Case) async {
        await propertyCheck(count: 200, input: LedgerGen.ledger(overdraw: c.overdraw)) { ledger in
            let (whole, states) = try LotEngine.run(
                ledger.transactions, policy: c.policy, jurisdiction: c.jurisdiction, capturingYears: Self.everyYear)
            let plain = try LotEngine.run(ledger.transactions, policy: c.policy, jurisdiction: c.jurisdiction)
            #expect(whole.disposals == plain.disposals && whole.openLots == plain.openLots, "taking states changes nothing")
            let years = Set(ledger.transactions.map { c.jurisdiction.taxYear.year(of: $0.date) })
            #expect(states.count == years.count - 1, "one state per year after the first")
            for state in states {
                guard let resumed = try LotEngine.resume(from: state, ledger.transactions, policy: c.policy, jurisdiction: c.jurisdiction) else {
                    Issue.record("the state of \(state.year) did not fit its own history")
                    continue
                }
                Self.expectSuffix(resumed, of: whole, after: state, "from \(state.year)")
                // Stored and read back (a checkpoint's part), the state resumes to the same rows.
                let bytes = try #require(ReplaySnapshot.encode(state), "every state is encoded")
                let decoded = try ReplaySnapshot.decodeState(bytes, policy: c.policy, jurisdiction: c.jurisdiction)
                #expect(ReplaySnapshot.encode(decoded) == bytes, "decoded and encoded again, the same bytes")
                for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 8)) {
                    #expect(throws: SnapshotError.self, "cut at \(cut) of \(bytes.count) bytes") {
                        try ReplaySnapshot.decodeState(Array(bytes[..<cut]), policy: c.policy, jurisdiction: c.jurisdiction)
                    }
                }
                let read = try #require(try LotEngine.resume(from: decoded, ledger.transactions, policy: c.policy, jurisdiction: c.jurisdiction))
                Self.expectSuffix(read, of: whole, after: decoded, "from \(state.year), read back")
                try Self.expectFromCut(decoded, ledger.transactions, whole: whole, laterStates: states.filter { $0.year >= state.year }, c)
            }
        }
    }

    /// Resumed on the rows from the state's cut alone, the replay gives what it gives on the whole history: the same rows,
    /// each disposal's lot and disposal named by the same rows (`LedgerResult.transaction(at:)`), and the later years'
    /// states the same bytes as the whole replay's.
    static func expectFromCut(
        _ state: ReplayState, _ history: [Transaction], whole: LedgerResult, laterStates: [ReplayState], _ c: Case
    ) throws {
        let rows = history.filter { $0.date >= state.cutDate }
        #expect(rows.count < history.count || state.cutPosition == 0, "rows before the cut of \(state.year) are left out")
        guard let (resumed, states) = try LotEngine.resume(
            from: state, rows, policy: c.policy, jurisdiction: c.jurisdiction, capturingYears: everyYear, fromCut: true) else {
            Issue.record("the state of \(state.year) did not fit the history from its cut (\(state.cutDate))")
            return
        }
        expectSuffix(resumed, of: whole, after: state, "from \(state.year), from the cut")
        if c.jurisdiction.matching != .ukShareIdentification {
            for (offset, disposal) in resumed.disposals.enumerated() {
                let same = whole.disposals[state.disposalCount + offset]
                // A pool's row (Canada) has no lot's row (`lotPosition` -1).
                #expect((disposal.lotPosition < 0 || resumed.transaction(at: disposal.lotPosition).id == whole.transaction(at: same.lotPosition).id)
                    && resumed.transaction(at: disposal.disposalPosition).source == whole.transaction(at: same.disposalPosition).source,
                    "disposal \(offset) from the cut of \(state.year) names the same rows")
            }
        }
        #expect(states.map(\.year) == laterStates.map(\.year), "the later years' states")
        for (mine, theirs) in zip(states, laterStates) {
            #expect(ReplaySnapshot.encode(mine) == ReplaySnapshot.encode(theirs), "the state of \(mine.year), from the cut of \(state.year)")
        }
    }

    /// The history changes after the start of the state's tax year by more than any rule looks forward from a sale (30
    /// days, and the day): sales and other outflows dropped, purchases added (some before the year's first row when it
    /// came late). The resumed replay of the new history equals its whole replay.
    @Test("resumed on a history changed more than 31 days after the state, the replay equals the whole replay", arguments: cases)
    func changedHistory(_ c: Case) async {
        await propertyCheck(count: 200, input: LedgerGen.ledger(overdraw: c.overdraw), Gen<UInt64>.uint64()) { ledger, seed in
            let (_, states) = try LotEngine.run(
                ledger.transactions, policy: c.policy, jurisdiction: c.jurisdiction, capturingYears: Self.everyYear)
            for state in states {
                var generator = SplitMix64(state: seed &+ UInt64(state.year))
                let cutoff = c.jurisdiction.taxYear.start(of: state.year).adding(days: 31)
                let outflows: Set<TransactionKind> = [.sell, .spend, .giftOut, .donation, .lost]
                var changed = ledger.transactions.filter { tx in
                    tx.date < cutoff || !outflows.contains(tx.kind) || generator.next() % 2 == 0
                }
                let last = ledger.transactions.map(\.date).max() ?? cutoff
                for number in 0..<Int(generator.next() % 4) {
                    let date = cutoff.adding(days: Int(generator.next() % UInt64(max(1, cutoff.days(to: last) + 30))))
                    let asset = LedgerGen.assets[Int(generator.next() % 2)], wallet = LedgerGen.wallets[Int(generator.next() % 3)]
                    let units = Quantity(Fixed(raw: Int128(1 + generator.next() % 1_000_000_000) * 10_000_000_000))
                    let cost = Money(Fixed(raw: Int128(1 + generator.next() % 10_000_000) * 10_000_000_000_000_000))
                    changed.append(Transaction(
                        id: "added\(number)", timestamp: Instant(date: date), date: date, sequence: 10_000 + number, kind: .buy,
                        wallet: wallet, sent: usd(cost), received: Amount(units, asset)))
                }
                let whole = try LotEngine.run(changed, policy: c.policy, jurisdiction: c.jurisdiction, capturingYears: [state.year])
                guard let resumed = try LotEngine.resume(from: state, changed, policy: c.policy, jurisdiction: c.jurisdiction) else {
                    Issue.record("the state of \(state.year) did not fit the changed history")
                    continue
                }
                guard let own = whole.states.first else {
                    Issue.record("the changed history has no state for \(state.year)")
                    continue
                }
                #expect(own.disposalCount == state.disposalCount && own.position == state.position, "the history before the state is the same")
                Self.expectSuffix(resumed, of: whole.result, after: state, "from \(state.year), changed")
                // The same from the state stored and read back.
                let decoded = try ReplaySnapshot.decodeState(
                    try #require(ReplaySnapshot.encode(state)), policy: c.policy, jurisdiction: c.jurisdiction)
                let read = try #require(try LotEngine.resume(from: decoded, changed, policy: c.policy, jurisdiction: c.jurisdiction))
                Self.expectSuffix(read, of: whole.result, after: state, "from \(state.year), changed, read back")
                let changedStates = try LotEngine.run(changed, policy: c.policy, jurisdiction: c.jurisdiction, capturingYears: Self.everyYear).states
                try Self.expectFromCut(decoded, changed, whole: whole.result, laterStates: changedStates.filter { $0.year >= state.year }, c)
            }
        }
    }

    @Test("a state is declined by another policy or jurisdiction, or a history that does not reach its year")
    func declined() throws {
        // Bytes that are not a state are an error, not a trap.
        for bytes in [[UInt8](), [1, 2, 3], Array("HRCK".utf8)] {
            #expect(throws: SnapshotError.self) { try ReplaySnapshot.decodeState(bytes, policy: AccountingPolicy(), jurisdiction: .us) }
        }
        let history = [
            Row.buy("b1", "2024-03-01", 2, "BTC", cost: 60_000),
            Row.sell("s1", "2025-02-01", 1, "BTC", proceeds: 40_000),
        ]
        let (_, states) = try LotEngine.run(history, capturingYears: [2025])
        let state = try #require(states.first)
        #expect(state.position == 1 && state.year == 2025 && state.disposalCount == 0 && state.openLotCount == 1)
        #expect(try LotEngine.resume(from: state, history) != nil)
        #expect(try LotEngine.resume(from: state, history, policy: AccountingPolicy(method: .hifo)) == nil)
        #expect(try LotEngine.resume(from: state, history, jurisdiction: .germany) == nil)
        #expect(try LotEngine.resume(from: state, Array(history.prefix(1))) == nil)
        // Another row before the boundary.
        #expect(try LotEngine.resume(from: state, [Row.buy("b2", "2024-03-01", 2, "BTC", cost: 60_000), history[1]]) == nil)

        // No row between the cut (25 November) and the state: resumed on the rows from the cut alone, the state taken again
        // is the same.
        let alone = try #require(try LotEngine.resume(from: state, Array(history.dropFirst()), capturingYears: [2025], fromCut: true))
        #expect(state.cutPosition == 1 && alone.states.map { ReplaySnapshot.encode($0) } == [ReplaySnapshot.encode(state)])

        // The cut of 2025 is 37 days before 1 January (the 30 days of the longest look-back, and a week): a row of
        // December lies after it. The same row with another amount, or another row, is declined; so is a history given
        // from the cut that is not the rows from the cut.
        let december = [Row.buy("b1", "2024-03-01", 2, "BTC", cost: 60_000), Row.buy("b2", "2024-12-20", 1, "BTC", cost: 90_000), history[1]]
        let decemberState = try #require(try LotEngine.run(december, capturingYears: [2025]).states.first)
        #expect(decemberState.cutDate == CivilDate(year: 2024, month: 11, day: 25) && decemberState.cutPosition == 1)
        #expect(try LotEngine.resume(from: decemberState, december) != nil)
        var changed = december
        changed[1] = Row.buy("b2", "2024-12-20", 1, "BTC", cost: 91_000)
        #expect(try LotEngine.resume(from: decemberState, changed) == nil, "a row after the cut changed")
        #expect(try LotEngine.resume(from: decemberState, Array(december.dropFirst()), capturingYears: [], fromCut: true) != nil)
        #expect(try LotEngine.resume(from: decemberState, december, capturingYears: [], fromCut: true) == nil, "a row before the cut given")
        #expect(try LotEngine.resume(from: decemberState, Array(changed.dropFirst()), capturingYears: [], fromCut: true) == nil)
    }

    /// The counts a state carries (rows made, disposals with missing units) are numbers, not lengths of what follows:
    /// 300 sales of units never acquired, each a zero-basis row, read back from a state with few bytes after them.
    @Test("a state's counts larger than its bytes are read back")
    func largeCounts() throws {
        let policy = AccountingPolicy(method: .fifo, scope: .wallet, allowMissingBasis: true)
        let sales = (0..<300).map { Row.sell("s\($0)", "2024-03-01", 1, "BTC", proceeds: 100, hour: $0 % 24) }
        let history = sales + [Row.buy("b1", "2025-01-10", 1, "BTC", cost: 100), Row.sell("s-last", "2025-02-10", 1, "BTC", proceeds: 90)]
        let (whole, states) = try LotEngine.run(history, policy: policy, capturingYears: [2025])
        let state = try #require(states.first)
        #expect(state.disposalCount == 300 && state.shortfallCount == 300)
        let bytes = try #require(ReplaySnapshot.encode(state))
        let decoded = try ReplaySnapshot.decodeState(bytes, policy: policy, jurisdiction: .us)
        let resumed = try #require(try LotEngine.resume(from: decoded, history, policy: policy))
        // The warning counts the 300 rows before the state: as the whole replay's.
        #expect(resumed.warnings == whole.warnings)
        #expect(resumed.warnings.first?.hasPrefix("300 disposal(s)") == true)
        // The last sale takes the lot bought in 2025: a loss of $10.
        #expect(resumed.disposals.map { $0.proceeds - $0.costBasis } == [-10])
    }

    /// Hand-computed: a loss sold on 20 December 2024 and replaced on 5 January 2025 (US §1091, crypto included). The
    /// state at 2025's start holds the deferral waiting for the January purchase; the resumed replay adds the disallowed
    /// loss to the new lot's basis as the whole replay does.
    @Test("a wash sale across the year boundary: the deferral waits in the state for the January replacement")
    func washSaleAcrossTheBoundary() throws {
        let policy = AccountingPolicy(method: .fifo, scope: .wallet, washSale: WashSaleRule.unitedStates.includingCrypto)
        let history = [
            Row.buy("b1", "2024-03-01", 1, "BTC", cost: 60_000),
            Row.sell("s1", "2024-12-20", 1, "BTC", proceeds: 50_000),
            Row.buy("b2", "2025-01-05", 1, "BTC", cost: 52_000),
        ]
        let (whole, states) = try LotEngine.run(history, policy: policy, capturingYears: [2025])
        let state = try #require(states.first)
        #expect(state.disposalCount == 1 && state.openLotCount == 0)
        // The $10,000 loss is disallowed (adjustment W) and added to the replacement: $52,000 + $10,000.
        #expect(whole.disposals.first?.adjustment == 10_000)
        let resumed = try #require(try LotEngine.resume(from: state, history, policy: policy))
        #expect(resumed.disposals.isEmpty)
        #expect(resumed.openLots.map(\.costBasis) == [62_000])
        #expect(resumed.openLots == whole.openLots)
    }
}
