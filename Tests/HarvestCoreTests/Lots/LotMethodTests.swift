import HarvestCore
import HarvestTestSupport
import Testing

/// Which lots a disposal consumes under FIFO, LIFO, HIFO and specific identification.
///
/// The shared history: three 1-BTC lots in wallet A, then 1.5 BTC sold for 60,000 (40,000 per BTC).
///   L1 2024-01-01 basis 10,000
///   L2 2024-02-01 basis 30,000
///   L3 2024-03-01 basis 20,000
/// Rows are listed in acquisition order whatever the consumption order.
struct LotMethodTests {
    static func lots() -> [Transaction] {
        [
            Row.buy("L1", "2024-01-01", 1, "BTC", cost: 10_000),
            Row.buy("L2", "2024-02-01", 1, "BTC", cost: 30_000),
            Row.buy("L3", "2024-03-01", 1, "BTC", cost: 20_000),
        ]
    }

    static func sale(picks: [LotPick] = []) -> Transaction {
        Row.sell("s1", "2024-04-01", "1.5", "BTC", proceeds: 60_000, picks: picks)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var method: LotMethod
        var picks: [LotPick] = []
        var sold: [Sold]
        var held: [Held]
        var testDescription: String { method.rawValue + (picks.isEmpty ? "" : " \(picks)") }
    }

    static let cases: [Case] = [
        // FIFO: all of L1 (10,000) and half of L2 (15,000); proceeds 40,000 and 20,000.
        Case(method: .fifo,
             sold: [Sold("L1", 1, proceeds: 40_000, basis: 10_000, .short), Sold("L2", "0.5", proceeds: 20_000, basis: 15_000, .short)],
             held: [Held("BTC", "A", "L2", "0.5", basis: 15_000), Held("BTC", "A", "L3", 1, basis: 20_000)]),
        // LIFO: all of L3 (20,000), then half of L2 (15,000).
        Case(method: .lifo,
             sold: [Sold("L2", "0.5", proceeds: 20_000, basis: 15_000, .short), Sold("L3", 1, proceeds: 40_000, basis: 20_000, .short)],
             held: [Held("BTC", "A", "L1", 1, basis: 10_000), Held("BTC", "A", "L2", "0.5", basis: 15_000)]),
        // HIFO: all of L2 (30,000 per BTC), then half of L3 (20,000 per BTC → 10,000).
        Case(method: .hifo,
             sold: [Sold("L2", 1, proceeds: 40_000, basis: 30_000, .short), Sold("L3", "0.5", proceeds: 20_000, basis: 10_000, .short)],
             held: [Held("BTC", "A", "L1", 1, basis: 10_000), Held("BTC", "A", "L3", "0.5", basis: 10_000)]),
        // Specific: half of L3 and all that is left of L1, named in that order.
        Case(method: .specific, picks: [LotPick(transactionID: "L3", quantity: "0.5"), LotPick(transactionID: "L1")],
             sold: [Sold("L1", 1, proceeds: 40_000, basis: 10_000, .short), Sold("L3", "0.5", proceeds: 20_000, basis: 10_000, .short)],
             held: [Held("BTC", "A", "L2", 1, basis: 30_000), Held("BTC", "A", "L3", "0.5", basis: 10_000)]),
        // Specific with no lots named falls back to FIFO (IRS FAQ Q41).
        Case(method: .specific,
             sold: [Sold("L1", 1, proceeds: 40_000, basis: 10_000, .short), Sold("L2", "0.5", proceeds: 20_000, basis: 15_000, .short)],
             held: [Held("BTC", "A", "L2", "0.5", basis: 15_000), Held("BTC", "A", "L3", 1, basis: 20_000)]),
    ]

    @Test("consumes lots in the method's order", arguments: cases)
    func consumes(_ c: Case) throws {
        let result = try LotEngine.run(Self.lots() + [Self.sale(picks: c.picks)], policy: AccountingPolicy(method: c.method))
        #expect(result.sold == c.sold)
        #expect(result.held == c.held)
        // The pair check: the rows add back to the sale, and the basis used plus the basis left is 60,000.
        #expect(result.disposals.map(\.proceeds).sum() == 60_000)
        #expect(result.disposals.map(\.costBasis).sum() + result.openLots.map(\.costBasis).sum() == 60_000)
    }

    @Test("HIFO ranks by unit cost, not by lot cost")
    func hifoUnitCost() throws {
        let rows = [
            Row.buy("big", "2024-01-01", 10, "ETH", cost: 20_000),  // 2,000 per ETH
            Row.buy("small", "2024-01-02", 1, "ETH", cost: 3_000),  // 3,000 per ETH
            Row.sell("s1", "2024-03-01", 1, "ETH", proceeds: 2_500),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(method: .hifo))
        #expect(result.sold == [Sold("small", 1, proceeds: 2_500, basis: 3_000, .short)])
    }

    @Test("HIFO breaks a tie in unit cost by acquisition order")
    func hifoTie() throws {
        let rows = [
            Row.buy("first", "2024-01-01", 1, "ETH", cost: 2_000),
            Row.buy("second", "2024-01-02", 2, "ETH", cost: 4_000),
            Row.sell("s1", "2024-03-01", 1, "ETH", proceeds: 2_500),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(method: .hifo))
        #expect(result.disposals.map(\.lotTransactionID) == ["first"])
    }

    @Test("LIFO and FIFO order lots bought the same instant by row sequence")
    func sameInstantLots() throws {
        var first = Row.buy("first", "2024-01-01", 1, "ETH", cost: 1_000)
        var second = Row.buy("second", "2024-01-01", 1, "ETH", cost: 2_000)
        first.sequence = 1
        second.sequence = 2
        let sale = Row.sell("s1", "2024-03-01", 1, "ETH", proceeds: 1_500)
        // Input in reverse: the engine orders by (timestamp, sequence)
        let fifo = try LotEngine.run([sale, second, first], policy: AccountingPolicy(method: .fifo))
        let lifo = try LotEngine.run([sale, second, first], policy: AccountingPolicy(method: .lifo))
        #expect(fifo.disposals.map(\.lotTransactionID) == ["first"])
        #expect(lifo.disposals.map(\.lotTransactionID) == ["second"])
    }

    @Test("a lot named without a quantity gives all that is left of it")
    func pickAllThatIsLeft() throws {
        let rows = Self.lots() + [
            Row.sell("s0", "2024-03-15", "0.25", "BTC", proceeds: 10_000, picks: [LotPick(transactionID: "L2", quantity: "0.25")]),
            // L2 has 0.75 left; named without a quantity it gives 0.75, and L1 the remaining 0.25
            Row.sell("s1", "2024-04-01", 1, "BTC", proceeds: 40_000, picks: [LotPick(transactionID: "L2"), LotPick(transactionID: "L1")]),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(method: .specific))
        // s0: 0.25 of L2 at 30,000 per BTC = 7,500. s1: L1 0.25 (2,500) and L2 0.75 (22,500), proceeds 10,000 / 30,000.
        #expect(result.sold == [
            Sold("L2", "0.25", proceeds: 10_000, basis: 7_500, .short),
            Sold("L1", "0.25", proceeds: 10_000, basis: 2_500, .short),
            Sold("L2", "0.75", proceeds: 30_000, basis: 22_500, .short),
        ])
        #expect(result.held == [Held("BTC", "A", "L1", "0.75", basis: 7_500), Held("BTC", "A", "L3", 1, basis: 20_000)])
    }

    @Test("a specific identification moves the named lot in a transfer")
    func pickOnTransfer() throws {
        let rows = Self.lots() + [
            Row.transfer("t1", "2024-03-10", sent: 1, "BTC", from: "A", to: "B", picks: [LotPick(transactionID: "L3")]),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(method: .specific))
        #expect(result.held.filter { $0.wallet == "B" } == [Held("BTC", "B", "L3", 1, basis: 20_000)])
    }

    @Test("named lots are ignored unless the method is specific identification")
    func picksIgnoredUnderFIFO() throws {
        let rows = Self.lots() + [Self.sale(picks: [LotPick(transactionID: "L3")])]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(method: .fifo))
        #expect(result.disposals.map(\.lotTransactionID) == ["L1", "L2"])
    }

    // MARK: - Specific identification errors

    /// Runs the shared history plus `extra` under specific identification and returns the error.
    func pickError(_ extra: [Transaction]) -> LedgerError? {
        #expect(throws: LedgerError.self) {
            try LotEngine.run(Self.lots() + extra, policy: AccountingPolicy(method: .specific))
        }
    }

    @Test("naming a lot that does not exist is an error naming it")
    func unknownLot() throws {
        let pick = LotPick(transactionID: "L9")
        let error = try #require(pickError([Self.sale(picks: [pick])]))
        guard case let .badLotPick(transaction, named, reason) = error else { Issue.record("\(error)"); return }
        #expect(transaction == "tx s1" && named == pick)
        #expect(reason.contains("no open lot"))
        #expect(error.description.hasPrefix("tx s1: lot L9:"))
    }

    @Test("asking a lot for more than it holds is an error with both numbers")
    func pickTooLarge() throws {
        let pick = LotPick(transactionID: "L1", quantity: "1.5")
        let error = try #require(pickError([Self.sale(picks: [pick])]))
        guard case let .badLotPick(transaction, named, reason) = error else { Issue.record("\(error)"); return }
        #expect(transaction == "tx s1" && named == pick)
        #expect(reason.contains("1.5") && reason.contains("holds 1"))
    }

    @Test("named lots that cover less than the disposal are an error with both numbers")
    func picksTooSmall() throws {
        let pick = LotPick(transactionID: "L1", quantity: "0.5")
        let error = try #require(pickError([Self.sale(picks: [pick])]))
        guard case let .badLotPick(transaction, _, reason) = error else { Issue.record("\(error)"); return }
        #expect(transaction == "tx s1")
        #expect(reason.contains("0.5") && reason.contains("1.5"))
    }

    @Test("a lot already used up cannot be named again")
    func pickConsumedLot() throws {
        let error = try #require(pickError([
            Row.sell("s0", "2024-03-15", 1, "BTC", proceeds: 40_000, picks: [LotPick(transactionID: "L3")]),
            Row.sell("s1", "2024-04-01", "0.5", "BTC", proceeds: 20_000, picks: [LotPick(transactionID: "L3")]),
        ]))
        guard case let .badLotPick(transaction, pick, _) = error else { Issue.record("\(error)"); return }
        #expect(transaction == "tx s1" && pick.transactionID == "L3")
    }

    @Test("a lot held in another wallet cannot be named under wallet scope")
    func pickOtherWallet() throws {
        let error = try #require(pickError([
            Row.buy("B1", "2024-03-02", 1, "BTC", cost: 25_000, wallet: "B"),
            Self.sale(picks: [LotPick(transactionID: "B1")]),
        ]))
        guard case let .badLotPick(_, pick, reason) = error else { Issue.record("\(error)"); return }
        #expect(pick.transactionID == "B1" && reason.contains("no open lot"))
    }
}
