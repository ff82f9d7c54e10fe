import HarvestCore
import HarvestImport
import Testing

@Suite("The synthetic history generator")
struct GeneratorTests {
    @Test("the same seed gives the same file; the history parses and replays without overselling", arguments: [UInt64(1), 7, 42])
    func deterministic(_ seed: UInt64) throws {
        func text() -> String {
            var text = ""
            HistoryGenerator(.init(transactions: 3000, seed: seed)).generate { text += $0 }
            return text
        }
        let first = text()
        #expect(first == text())
        let rows = try HarvestCSV.parse(first, file: "g.csv").rows.map(\.transaction)
        #expect(rows.count > 2500)
        // No shortfall under any method or scope: the generator tracks balances per wallet.
        for method in [LotMethod.fifo, .hifo, .lifo] {
            for scope in BasisScope.allCases {
                let result = try LotEngine.run(rows, policy: AccountingPolicy(method: method, scope: scope))
                #expect(result.warnings.isEmpty)
                #expect(!result.disposals.isEmpty && !result.income.isEmpty)
            }
        }
        let kinds = Set(rows.map(\.kind))
        #expect(kinds.isSuperset(of: [.buy, .sell, .trade, .transfer, .income, .spend]))
        #expect(Set(rows.map(\.wallet)).count >= 10 && Set(rows.compactMap { $0.received?.asset }).count >= 5)
    }
}
