import HarvestCore
import PropertyBased
import Testing

/// Invariants of the engine on random ledgers (three wallets, two assets, every kind of row, 2023–2025):
/// nothing is created or lost, in units or in basis, exactly; every wallet ends holding what its own
/// rows say; and the input order does not matter.
struct LedgerConservationPropertyTests {
    struct PolicyCase: Sendable, CustomTestStringConvertible {
        var name: String
        var policy: AccountingPolicy
        var overdraw = false
        var testDescription: String { name }
    }

    static let policies: [PolicyCase] = [
        PolicyCase(name: "FIFO, wallet", policy: AccountingPolicy(method: .fifo, scope: .wallet)),
        PolicyCase(name: "LIFO, wallet", policy: AccountingPolicy(method: .lifo, scope: .wallet)),
        PolicyCase(name: "HIFO, universal", policy: AccountingPolicy(method: .hifo, scope: .universal)),
        PolicyCase(name: "specific (no lots named), wallet, fee added to basis",
                   policy: AccountingPolicy(method: .specific, scope: .wallet, transferFee: .addToBasis)),
        PolicyCase(name: "universal FIFO, HIFO in 2024, wallet scope from 2025",
                   policy: AccountingPolicy(method: .fifo, methodByYear: [2024: .hifo], scope: .universal, scopeByYear: [2025: .wallet])),
        PolicyCase(name: "universal LIFO, wallet FIFO from 2025, fee added to basis",
                   policy: AccountingPolicy(method: .lifo, methodByYear: [2025: .fifo], scope: .universal, scopeByYear: [2025: .wallet],
                                            transferFee: .addToBasis)),
        PolicyCase(name: "FIFO, wallet, sales beyond holdings with allowMissingBasis",
                   policy: AccountingPolicy(method: .fifo, scope: .wallet, allowMissingBasis: true), overdraw: true),
    ]

    @Test("units and basis are conserved exactly, per asset and per wallet", arguments: policies)
    func conservation(_ c: PolicyCase) async {
        await propertyCheck(count: 300, input: LedgerGen.ledger(overdraw: c.overdraw)) { ledger in
            let result = try LotEngine.run(ledger.transactions, policy: c.policy)
            for asset in LedgerGen.assets {
                let disposals = result.disposals.filter { $0.asset == asset }
                let removals = result.removals.filter { $0.asset == asset }
                let open = result.openLots.filter { $0.asset == asset }
                // Units: in + assumed missing = out + still held (+ transfer fees that vanish into basis)
                let vanished = c.policy.transferFee == .addToBasis ? ledger.transferFeeUnits[asset] ?? .zero : .zero
                let unitsIn = (ledger.unitsAcquired[asset] ?? .zero) + (ledger.unitsMissing[asset] ?? .zero)
                let unitsOut = disposals.map(\.quantity).reduce(.zero, +) + removals.map(\.quantity).reduce(.zero, +)
                    + open.map(\.quantity).reduce(.zero, +) + vanished
                #expect(unitsIn == unitsOut, "\(asset) units")
                // Basis: every dollar paid (fees included) is disposed of, removed, or still held
                let basisOut = disposals.map(\.costBasis).sum() + removals.map(\.costBasis).sum() + open.map(\.costBasis).sum()
                #expect(ledger.basisAcquired[asset] ?? .zero == basisOut, "\(asset) basis")
                // Assumed units are exactly the flagged rows
                let flagged = disposals.filter(\.missingBasis).map(\.quantity).reduce(.zero, +)
                #expect(flagged == ledger.unitsMissing[asset] ?? .zero, "\(asset) missing units")
            }
            // Nothing is negative or empty
            #expect(result.openLots.allSatisfy { $0.quantity.isPositive && !$0.costBasis.isNegative })
            #expect(result.disposals.allSatisfy { $0.quantity.isPositive && !$0.costBasis.isNegative })
            // Each sale's rows add up to its net proceeds exactly
            for (id, proceeds) in ledger.saleProceeds {
                #expect(result.disposals.filter { $0.disposalTransactionID == id && $0.kind == .sale }.map(\.proceeds).sum() == proceeds, "\(id)")
            }
            // Rows are in disposal order
            #expect(result.disposals.map(\.disposedAt) == result.disposals.map(\.disposedAt).sorted())
            // When lots are kept wallet by wallet at the end, each wallet holds exactly its own balance
            let finalYear = Jurisdiction.us.taxYear.year(of: ledger.lastDate)
            if c.policy.scope(for: finalYear) == .wallet {
                var held: [GeneratedLedger.Place: Quantity] = [:]
                for lot in result.openLots { held[GeneratedLedger.Place(asset: lot.asset, wallet: lot.wallet), default: .zero] += lot.quantity }
                #expect(held == ledger.holdings.filter { $0.value.isPositive })
            }
            // Ordinary income: one record per income row, at the row's value
            #expect(result.income.count == ledger.transactions.filter { $0.kind == .income }.count)
        }
    }

    @Test("results do not depend on the order of the input rows", arguments: policies)
    func orderIndependence(_ c: PolicyCase) async {
        await propertyCheck(count: 200, input: LedgerGen.ledger(overdraw: c.overdraw), Gen<UInt64>.uint64()) { ledger, seed in
            var generator = SplitMix64(state: seed)
            let shuffled = ledger.transactions.shuffled(using: &generator)
            let expected = try LotEngine.run(ledger.transactions, policy: c.policy)
            let actual = try LotEngine.run(shuffled, policy: c.policy)
            #expect(actual.disposals == expected.disposals)
            #expect(actual.openLots == expected.openLots)
            #expect(actual.removals == expected.removals)
            #expect(actual.income == expected.income)
            #expect(actual.warnings == expected.warnings)
        }
    }

    @Test("without allowMissingBasis, a sale beyond holdings fails instead of inventing units")
    func overdrawFails() async {
        await propertyCheck(count: 100, input: LedgerGen.ledger(overdraw: true)) { ledger in
            let strict = AccountingPolicy(method: .fifo, scope: .wallet)
            let overdrawn = ledger.unitsMissing.values.contains { $0.isPositive }
            do throws(LedgerError) {
                _ = try LotEngine.run(ledger.transactions, policy: strict)
                #expect(!overdrawn)
            } catch {
                guard case .insufficientLots = error else { Issue.record("\(error)"); return }
                #expect(overdrawn)
            }
        }
    }
}
