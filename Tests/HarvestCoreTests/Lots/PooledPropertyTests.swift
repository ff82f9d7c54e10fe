import HarvestCore
import PropertyBased
import Testing

/// The pooled jurisdictions on random ledgers (in USD, so the jurisdictions are taken with USD as their base
/// currency): units and cost are conserved exactly, rows stay in disposal order, the input order does not matter,
/// and one transaction at a time gives what all at once gives.
struct PooledPropertyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var jurisdiction: Jurisdiction
        var policy: AccountingPolicy
        var testDescription: String { "\(jurisdiction.code), transfer fee \(policy.transferFee.rawValue)" }
    }

    static let cases: [Case] = [Jurisdiction.unitedKingdom, .canada].flatMap { rules in
        var inUSD = rules
        inUSD.baseCurrency = .usd
        return [Case(jurisdiction: inUSD, policy: AccountingPolicy()), Case(jurisdiction: inUSD, policy: AccountingPolicy(transferFee: .addToBasis))]
    }

    @Test("units and cost are conserved exactly; Canada's denied losses are added to the pool", arguments: cases)
    func conservation(_ c: Case) async {
        await propertyCheck(count: 200, input: LedgerGen.ledger(overdraw: false)) { ledger in
            let result = try LotEngine.run(ledger.transactions, policy: c.policy, jurisdiction: c.jurisdiction)
            for asset in LedgerGen.assets {
                let disposals = result.disposals.filter { $0.asset == asset }
                let removals = result.removals.filter { $0.asset == asset }
                let open = result.openLots.filter { $0.asset == asset }
                let vanished = c.policy.transferFee == .addToBasis ? ledger.transferFeeUnits[asset] ?? .zero : .zero
                let unitsOut = disposals.map(\.quantity).reduce(.zero, +) + removals.map(\.quantity).reduce(.zero, +)
                    + open.map(\.quantity).reduce(.zero, +) + vanished
                #expect(ledger.unitsAcquired[asset] ?? .zero == unitsOut, "\(asset) units")
                let basisOut = disposals.map(\.costBasis).sum() + removals.map(\.costBasis).sum() + open.map(\.costBasis).sum()
                let denied = disposals.map(\.adjustment).sum()
                #expect((ledger.basisAcquired[asset] ?? .zero) + denied == basisOut, "\(asset) basis")
                if c.jurisdiction.matching == .ukShareIdentification { #expect(denied.isZero) }
            }
            #expect(result.disposals.allSatisfy { $0.quantity.isPositive && !$0.costBasis.isNegative && $0.term == .long })
            #expect(result.disposals.map(\.disposedAt) == result.disposals.map(\.disposedAt).sorted())
            for (id, proceeds) in ledger.saleProceeds {
                #expect(result.disposals.filter { $0.disposalTransactionID == id && $0.kind == .sale }.map(\.proceeds).sum() == proceeds, "\(id)")
            }
            // Every wallet holds what its own rows say.
            var held: [GeneratedLedger.Place: Quantity] = [:]
            for lot in result.openLots { held[GeneratedLedger.Place(asset: lot.asset, wallet: lot.wallet), default: .zero] += lot.quantity }
            #expect(held == ledger.holdings.filter { $0.value.isPositive })
        }
    }

    @Test("the input order does not matter; a LotBook gives the same rows", arguments: cases)
    func orderAndBook(_ c: Case) async {
        await propertyCheck(count: 100, input: LedgerGen.ledger(overdraw: false), Gen<UInt64>.uint64()) { ledger, seed in
            var generator = SplitMix64(state: seed)
            let expected = try LotEngine.run(ledger.transactions, policy: c.policy, jurisdiction: c.jurisdiction)
            let shuffled = try LotEngine.run(ledger.transactions.shuffled(using: &generator), policy: c.policy, jurisdiction: c.jurisdiction)
            #expect(shuffled.disposals == expected.disposals && shuffled.openLots == expected.openLots)
            guard c.jurisdiction.matching == .ukShareIdentification else { return }  // Canada's rule needs the future
            let history = ledger.transactions.sorted { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
            var book = LotBook(policy: c.policy, jurisdiction: c.jurisdiction)
            for transaction in history { try book.apply(transaction) }
            #expect(book.result.disposals == expected.disposals && book.result.openLots == expected.openLots)
        }
    }
}
