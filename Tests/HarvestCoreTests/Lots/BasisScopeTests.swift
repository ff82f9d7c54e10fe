import HarvestCore
import HarvestTestSupport
import Testing

/// Wallet-by-wallet versus universal (pooled) basis, and method and scope changing by tax year
/// (Treas. Reg. §1.1012-1(j) from 2025; Rev. Proc. 2024-28 for the move; rules.md §1.1).
struct BasisScopeTests {
    /// 1 BTC bought in wallet A, then 1 BTC sold from wallet B.
    static let crossWalletSale = [
        Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10_000, wallet: "A"),
        Row.sell("s1", "2024-02-01", 1, "BTC", proceeds: 12_000, wallet: "B"),
    ]

    @Test("wallet scope: a sale in B cannot use lots held in A")
    func walletScopeIsolates() {
        let error = #expect(throws: LedgerError.self) {
            try LotEngine.run(Self.crossWalletSale, policy: AccountingPolicy(scope: .wallet))
        }
        #expect(error == .insufficientLots(transaction: "tx s1", asset: Asset("BTC"), wallet: Wallet("B"), requested: 1, available: 0))
    }

    @Test("universal scope: a sale in B uses the pooled lot bought in A")
    func universalScopePools() throws {
        let result = try LotEngine.run(Self.crossWalletSale, policy: AccountingPolicy(scope: .universal))
        // proceeds 12,000, basis 10,000, the row in the selling wallet
        #expect(result.sold == [Sold("b1", 1, proceeds: 12_000, basis: 10_000, .short)])
        #expect(result.disposals.map(\.wallet) == [Wallet("B")])
        #expect(result.held.isEmpty)
    }

    @Test("universal scope: FIFO runs across all wallets")
    func universalFIFO() throws {
        let rows = [
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10_000, wallet: "A"),
            Row.buy("b2", "2024-01-02", 1, "BTC", cost: 20_000, wallet: "B"),
            // Sold from B, but the oldest lot anywhere is A's b1
            Row.sell("s1", "2024-03-01", 1, "BTC", proceeds: 15_000, wallet: "B"),
        ]
        let universal = try LotEngine.run(rows, policy: AccountingPolicy(scope: .universal))
        let wallet = try LotEngine.run(rows, policy: AccountingPolicy(scope: .wallet))
        #expect(universal.sold == [Sold("b1", 1, proceeds: 15_000, basis: 10_000, .short)])
        #expect(wallet.sold == [Sold("b2", 1, proceeds: 15_000, basis: 20_000, .short)])
    }

    @Test("a wallet is not overdrawn by a sale while another wallet holds the asset")
    func walletTransferThenSale() {
        let rows = [
            Row.buy("b1", "2023-03-01", 1, "BTC", cost: 20_000),
            Row.transfer("t1", "2024-01-15", sent: 1, "BTC", from: "A", to: "B"),
            Row.sell("s1", "2024-03-05", 1, "BTC", proceeds: 50_000, wallet: "A"),
        ]
        let error = #expect(throws: LedgerError.self) { try LotEngine.run(rows) }
        #expect(error == .insufficientLots(transaction: "tx s1", asset: Asset("BTC"), wallet: Wallet("A"), requested: 1, available: 0))
    }

    @Test("the method can change by year")
    func methodByYear() throws {
        let rows = [
            Row.buy("L1", "2024-01-01", 1, "BTC", cost: 10_000),
            Row.buy("L2", "2024-02-01", 1, "BTC", cost: 30_000),
            Row.buy("L3", "2024-03-01", 1, "BTC", cost: 20_000),
            Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 40_000),
            Row.sell("s2", "2025-06-01", 1, "BTC", proceeds: 40_000),
        ]
        // FIFO by default, HIFO in 2025: 2024 takes L1 (10,000); 2025 takes L2, the dearer of L2 and L3.
        let hifoLater = try LotEngine.run(rows, policy: AccountingPolicy(method: .fifo, methodByYear: [2025: .hifo]))
        #expect(hifoLater.sold == [
            Sold("L1", 1, proceeds: 40_000, basis: 10_000, .short),
            Sold("L2", 1, proceeds: 40_000, basis: 30_000, .long),
        ])
        // LIFO in 2024 only: 2024 takes L3; 2025 reverts to FIFO and takes L1.
        let lifoFirst = try LotEngine.run(rows, policy: AccountingPolicy(method: .fifo, methodByYear: [2024: .lifo]))
        #expect(lifoFirst.disposals.map(\.lotTransactionID) == ["L3", "L1"])
        #expect(lifoFirst.held == [Held("BTC", "A", "L2", 1, basis: 30_000)])
    }

    @Test("universal in 2024, wallet by wallet in 2025: the pool is allocated to wallets by their actual balances")
    func universalThenWallet() throws {
        // Given, in 2024 under universal FIFO:
        let rows = [
            Row.buy("b1", "2024-01-10", 1, "BTC", cost: 10_000, wallet: "A"),
            Row.buy("b2", "2024-02-10", 1, "BTC", cost: 20_000, wallet: "B"),
            Row.buy("b3", "2024-03-10", 1, "BTC", cost: 30_000, wallet: "B"),
            // a sale from B that the pool fills with A's b1. Actual balances after it: A 1, B 1.
            // Lots left: b2 and b3, both recorded in B.
            Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 50_000, wallet: "B"),
            // When 2025 starts (any 2025 row triggers the move)
            Row.income("i1", "2025-01-02", 1, "SOL", value: 100, wallet: "C"),
        ]
        let policy = AccountingPolicy(scope: .universal, scopeByYear: [2025: .wallet])
        let result = try LotEngine.run(rows, policy: policy)
        #expect(result.sold == [Sold("b1", 1, proceeds: 50_000, basis: 10_000, .short)])
        // Then B keeps b2 (its oldest recorded lot, up to its balance of 1) and A, short by 1, gets b3
        #expect(result.held.filter { $0.asset == "BTC" } == [
            Held("BTC", "A", "b3", 1, basis: 30_000),
            Held("BTC", "B", "b2", 1, basis: 20_000),
        ])
        // And from then on a wallet can sell only what it holds
        let overdraw = rows + [Row.sell("s2", "2025-02-01", 2, "BTC", proceeds: 120_000, wallet: "A")]
        let error = #expect(throws: LedgerError.self) { try LotEngine.run(overdraw, policy: policy) }
        #expect(error == .insufficientLots(transaction: "tx s2", asset: Asset("BTC"), wallet: Wallet("A"), requested: 2, available: 1))
        // While a sale of what A does hold uses the lot allocated to it: 60,000 − 30,000, short-term
        let sale = try LotEngine.run(rows + [Row.sell("s2", "2025-02-01", 1, "BTC", proceeds: 60_000, wallet: "A")], policy: policy)
        #expect(sale.sold.last == Sold("b3", 1, proceeds: 60_000, basis: 30_000, .short))
    }

    @Test("the move to wallet scope splits a lot between wallets when one needs only part of it")
    func universalThenWalletSplits() throws {
        // Given, in 2024 under universal FIFO:
        let rows = [
            Row.buy("b1", "2024-01-10", 2, "BTC", cost: 20_000, wallet: "A"),
            Row.buy("b2", "2024-02-10", 2, "BTC", cost: 60_000, wallet: "B"),
            // 1 BTC sold from B, filled from A's b1 (basis 10,000). Balances: A 2, B 1.
            // Lots left: b1 1 BTC (recorded in A, basis 10,000) and b2 2 BTC (recorded in B, 60,000).
            Row.sell("s1", "2024-06-01", 1, "BTC", proceeds: 45_000, wallet: "B"),
            // When 2025 starts, A sells both its units
            Row.sell("s2", "2025-03-01", 2, "BTC", proceeds: 100_000, wallet: "A"),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(scope: .universal, scopeByYear: [2025: .wallet]))
        // Then A held b1's 1 BTC and 1 BTC split off b2 (basis 60,000 / 2 = 30,000): both long-term on
        // 2025-03-01, proceeds 50,000 each; B keeps the other half of b2
        #expect(result.sold == [
            Sold("b1", 1, proceeds: 45_000, basis: 10_000, .short),
            Sold("b1", 1, proceeds: 50_000, basis: 10_000, .long),
            Sold("b2", 1, proceeds: 50_000, basis: 30_000, .long),
        ])
        #expect(result.held == [Held("BTC", "B", "b2", 1, basis: 30_000)])
    }

    @Test("the move to wallet scope keeps a lot in its own wallet, as far as the balance allows, before filling others")
    func allocationPrefersHomeWallet() throws {
        // Given, in 2024 under universal HIFO:
        let rows = [
            Row.buy("w", "2024-01-10", 1, "BTC", cost: 10_000, wallet: "D"),  // 10,000 a unit
            Row.buy("x", "2024-02-10", 2, "BTC", cost: 40_000, wallet: "C"),  // 20,000 a unit
            Row.buy("v", "2024-03-10", 2, "BTC", cost: 100_000, wallet: "Z"),  // 50,000 a unit
            // HIFO fills both sales from v, so w and x stay whole where they were recorded.
            // Balances after them: C 1, D 0, Z 2; lots: w (1, recorded in D), x (2, recorded in C).
            Row.sell("s1", "2024-04-01", 1, "BTC", proceeds: 60_000, wallet: "D"),
            Row.sell("s2", "2024-05-01", 1, "BTC", proceeds: 60_000, wallet: "C"),
            // When 2025 starts
            Row.income("i1", "2025-01-02", 1, "SOL", value: 100, wallet: "C"),
        ]
        let policy = AccountingPolicy(method: .hifo, scope: .universal, scopeByYear: [2025: .wallet])
        let result = try LotEngine.run(rows, policy: policy)
        #expect(result.disposals.map(\.lotTransactionID) == ["v", "v"])
        // Then C keeps 1 unit of its own x (its balance); D holds nothing; Z, short by 2, gets the
        // leftovers oldest first: w, then the other unit of x (20,000)
        #expect(result.held.filter { $0.asset == "BTC" } == [
            Held("BTC", "C", "x", 1, basis: 20_000),
            Held("BTC", "Z", "w", 1, basis: 10_000),
            Held("BTC", "Z", "x", 1, basis: 20_000),
        ])
    }

    @Test("a transfer under universal scope is tracked, so the move to wallets follows the units")
    func universalTransferThenWallet() throws {
        let rows = [
            Row.buy("b1", "2024-01-10", 1, "BTC", cost: 10_000, wallet: "A"),
            Row.buy("b2", "2024-02-10", 1, "BTC", cost: 20_000, wallet: "A"),
            // Universal FIFO moves b1 to B. Balances: A 1, B 1.
            Row.transfer("t1", "2024-05-01", sent: 1, "BTC", from: "A", to: "B"),
            Row.sell("s1", "2025-03-01", 1, "BTC", proceeds: 30_000, wallet: "B"),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(scope: .universal, scopeByYear: [2025: .wallet]))
        // B holds b1 (moved), A holds b2; B's 2025 sale uses b1, long-term (2024-01-10 → 2025-03-01)
        #expect(result.sold == [Sold("b1", 1, proceeds: 30_000, basis: 10_000, .long)])
        #expect(result.held == [Held("BTC", "A", "b2", 1, basis: 20_000)])
    }

    @Test("wallet scope in 2024, universal in 2025: wallets pool from the new year")
    func walletThenUniversal() throws {
        let rows = [
            Row.buy("b1", "2024-01-10", 1, "BTC", cost: 10_000, wallet: "A"),
            Row.sell("s1", "2025-02-01", 1, "BTC", proceeds: 12_000, wallet: "B"),
        ]
        let result = try LotEngine.run(rows, policy: AccountingPolicy(scope: .wallet, scopeByYear: [2025: .universal]))
        #expect(result.sold == [Sold("b1", 1, proceeds: 12_000, basis: 10_000, .long)])
    }
}
