import HarvestCore
import HarvestTestSupport
import PropertyBased
import Testing

/// `Disposal.sellingCost`: the part of the disposing transaction's fee that a row's `proceeds` is net of, so that the
/// returns asking for gross proceeds (UK, Canada, Germany, Australia) can show it apart (issue 13, item 3).
struct SellingCostTests {
    /// 3 BTC bought in three lots (b1 10,000, b2 20,000, b3 30,000), all sold for 90,000 with a 100 USD fee. FIFO, one
    /// row per lot: proceeds (90,000 − 100) × 1/3 = 29,966.666666666666666667 on b1 and b2 and the remainder
    /// 29,966.666666666666666666 on b3; the fee 100 × 1/3 = 33.333333333333333333 on b1 and b2 and the remainder
    /// 33.333333333333333334 on b3. Each row's gross proceeds, proceeds + selling cost, is 30,000 (the last one too), and
    /// the rows add up to the fee and to the 90,000 exactly.
    @Test("a sale's fee splits over its lots by units, the last lot taking the remainder")
    func splitsOverLots() throws {
        let result = try LotEngine.run([
            Row.buy("b1", "2024-01-01", 1, "BTC", cost: 10000),
            Row.buy("b2", "2024-01-02", 1, "BTC", cost: 20000),
            Row.buy("b3", "2024-01-03", 1, "BTC", cost: 30000),
            Row.sell("s1", "2024-06-01", 3, "BTC", proceeds: 90000, fee: usd(100)),
        ])
        #expect(result.disposals.map(\.lotTransactionID) == ["b1", "b2", "b3"])
        #expect(result.disposals.map(\.proceeds) == ["29966.666666666666666667", "29966.666666666666666667", "29966.666666666666666666"])
        #expect(result.disposals.map(\.sellingCost) == ["33.333333333333333333", "33.333333333333333333", "33.333333333333333334"])
        #expect(result.disposals.map(\.grossProceeds) == [30000, 30000, 30000])
        #expect(result.disposals.map(\.gain) == ["19966.666666666666666667", "9966.666666666666666667", "-33.333333333333333334"])
    }

    /// A trade of 1 ETH (worth 3,000) for 0.05 BTC with a fee of 0.001 BNB valued 0.60: the ETH row's proceeds are
    /// 3,000 − 0.60 = 2,999.40 and its selling cost 0.60; the BNB disposed of as the fee is a row of its own at its value,
    /// 0.60, with no selling cost of its own.
    @Test("a fee paid in a third token: the selling cost of the trade, and a disposal of its own without one")
    func feeInToken() throws {
        let result = try LotEngine.run([
            Row.buy("e", "2024-01-01", 1, "ETH", cost: 2000),
            Row.buy("n", "2024-01-01", 1, "BNB", cost: 300),
            Row.trade("t", "2024-06-01", sent: amount(1, "ETH"), received: amount("0.05", "BTC"), value: 3000,
                      fee: amount("0.001", "BNB"), feeValue: "0.6"),
        ])
        let trade = try #require(result.disposals.first { $0.kind == .trade })
        let fee = try #require(result.disposals.first { $0.kind == .fee })
        #expect(trade.proceeds == "2999.4" && trade.sellingCost == "0.6" && trade.grossProceeds == 3000)
        #expect(fee.asset == Asset("BNB") && fee.proceeds == "0.6" && fee.sellingCost == .zero && fee.costBasis == "0.3")
    }

    // MARK: - Random histories

    struct Case: Sendable, CustomTestStringConvertible {
        var jurisdiction: Jurisdiction
        var overdraw: Bool
        var testDescription: String { "\(jurisdiction.code)" + (overdraw ? ", sales beyond holdings" : "") }
    }

    /// Every jurisdiction in USD (the generator's currency), with and without sales beyond holdings (`allowMissingBasis`:
    /// the missing units' rows take their share too).
    static let cases: [Case] = [Jurisdiction.us, .unitedKingdom, .canada, .australia, .germany].flatMap { rules in
        var inUSD = rules
        inUSD.baseCurrency = .usd
        return [Case(jurisdiction: inUSD, overdraw: false), Case(jurisdiction: inUSD, overdraw: true)]
    }

    /// Random ledgers (`LedgerGen`) with fees added: trades pay one in USD or in the sent token (carved out of what was
    /// sent, so the holdings do not change), spends and gifts one in USD; sales have theirs already. For each transaction
    /// that disposes of crypto: its rows (the fee units' own rows apart) add up to its fee's value exactly, each row's
    /// gross proceeds are its proceeds + selling cost, and they add up to the transaction's fair value; rows of fee units
    /// have no selling cost.
    @Test("random histories: a transaction's rows carry its fee exactly, and gross = net + selling cost", arguments: cases)
    func distributesExactly(_ c: Case) async {
        await propertyCheck(count: 150, input: LedgerGen.ledger(overdraw: c.overdraw)) { ledger in
            let (transactions, expected) = Self.withFees(ledger.transactions, giftsAreDisposals: c.jurisdiction.giftsAreDisposals)
            let result = try LotEngine.run(transactions, policy: AccountingPolicy(allowMissingBasis: c.overdraw), jurisdiction: c.jurisdiction)
            var sellingCosts: [String: Money] = [:]
            var grossProceeds: [String: Money] = [:]
            for row in result.disposals {
                #expect(row.grossProceeds == row.proceeds + row.sellingCost)
                if row.kind == .fee || row.kind == .transferFee {
                    #expect(row.sellingCost.isZero, "\(row.disposalTransactionID): fee units with a selling cost")
                    continue
                }
                sellingCosts[row.disposalTransactionID, default: .zero] += row.sellingCost
                grossProceeds[row.disposalTransactionID, default: .zero] += row.grossProceeds
            }
            #expect(Set(sellingCosts.keys) == Set(expected.keys))
            for (id, figures) in expected {
                #expect(sellingCosts[id] == figures.fee, "\(id) selling costs")
                #expect(grossProceeds[id] == figures.value, "\(id) gross proceeds")
            }
        }
    }

    /// The history with fees added, and for each transaction that disposes of crypto its fair value and fee value, worked
    /// from the rows themselves: a sale's USD received and its USD fee; a trade's or spend's `value` and its fee (a USD fee
    /// at face value, a fee in the sent token at its share of the value, `value × fee units ÷ units sent`).
    static func withFees(_ transactions: [Transaction], giftsAreDisposals: Bool) -> ([Transaction], [String: (value: Money, fee: Money)]) {
        var expected: [String: (value: Money, fee: Money)] = [:]
        let rows = transactions.enumerated().map { position, row -> Transaction in
            var tx = row
            switch tx.kind {
            case .sell:
                let received = tx.received.map { Money($0.quantity.fixed) } ?? .zero
                expected[tx.id] = (received, tx.fee.map { Money($0.quantity.fixed) } ?? .zero)
            case .trade, .spend, .giftOut, .donation:
                guard let value = tx.value, let sent = tx.sent else { return tx }
                if (tx.kind == .giftOut || tx.kind == .donation) && !giftsAreDisposals { return tx }
                let carved = Quantity(sent.quantity.fixed.scaled(by: 1, over: 100, rounding: .down))
                if tx.kind == .trade && position % 2 == 0 && carved.isPositive {
                    // The fee in the sent token: the same units leave, one part of them as the fee.
                    let units = sent.quantity - carved
                    tx.sent = Amount(units, sent.asset)
                    tx.fee = Amount(carved, sent.asset)
                    expected[tx.id] = (value, value.prorated(carved, of: units))
                } else {
                    let fee = Money(value.fixed.scaled(by: 1, over: 100, rounding: .down))
                    tx.fee = usd(fee)
                    expected[tx.id] = (value, fee)
                }
            default:
                break
            }
            return tx
        }
        return (rows, expected)
    }
}
