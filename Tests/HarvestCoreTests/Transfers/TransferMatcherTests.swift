import HarvestCore
import HarvestTestSupport
import PropertyBased
import Testing

/// Withdrawals and deposits joined into transfers: window, tolerance, equivalents, the user's decisions,
/// and what the engine makes of the result. Every number is worked by hand in the comments.
@Suite("Transfer matching")
struct TransferMatcherTests {
    static func withdrawal(_ id: String, _ date: String, hour: Int = 12, wallet: String, _ quantity: Quantity, _ asset: String, fee: Quantity? = nil) -> Transaction {
        Row.make(id, .withdrawal, date, hour: hour, wallet: wallet, sent: amount(quantity, asset), fee: fee.map { amount($0, asset) })
    }

    static func deposit(_ id: String, _ date: String, hour: Int = 12, wallet: String, _ quantity: Quantity, _ asset: String) -> Transaction {
        Row.make(id, .deposit, date, hour: hour, wallet: wallet, received: amount(quantity, asset))
    }

    @Test("a withdrawal and a deposit within the window become one transfer carrying basis and holding period")
    func matchCarriesLots() throws {
        // Bought 1 BTC for 30,000 on kraken in 2023; 0.5 BTC withdrawn with a 0.0005 BTC fee on 2024-03-01 12:00,
        // 0.5 BTC credited at coinbase 14:00 (2 hours later); sold there on 2024-04-01 for 35,000.
        let history = [
            Row.buy("b1", "2023-01-10", "1", "BTC", cost: "30000", wallet: "kraken"),
            Self.withdrawal("w1", "2024-03-01", wallet: "kraken", "0.5", "BTC", fee: "0.0005"),
            Self.deposit("d1", "2024-03-01", hour: 14, wallet: "coinbase", "0.5", "BTC"),
            Row.sell("s1", "2024-04-01", "0.5", "BTC", proceeds: "35000", wallet: "coinbase"),
        ]
        let resolution = TransferMatcher.resolve(history)
        #expect(resolution.unmatched.isEmpty)
        #expect(resolution.matches.map { "\($0.withdrawal) \($0.deposit) \($0.sent) \($0.received)" } == ["kraken/w1 coinbase/d1 0.5 0.5"])
        #expect(resolution.transactions.count == 3 && resolution.transactions[1].kind == .transfer)
        #expect(resolution.transactions[1].toWallet == Wallet("coinbase"))

        var prices = PriceBook()
        prices.set(Asset("BTC"), PriceSeries([(day("2024-03-01"), Price("62000"))]))
        let result = try LotEngine.run(resolution.transactions, prices: prices)
        // The fee: 0.0005 BTC of the 2023 lot (basis 30,000 × 0.0005 = 15) disposed at 0.0005 × 62,000 = 31.
        // The sale: 0.5 BTC moved with basis 15,000 and the 2023 acquisition date: long-term, 35,000 − 15,000 = 20,000.
        let rows = result.disposals.map { "\($0.kind) \($0.quantity) \($0.proceeds) \($0.costBasis) \($0.term) \($0.dateAcquired)" }
        #expect(rows == ["transferFee 0.0005 31 15 long 2023-01-10", "sale 0.5 35000 15000 long 2023-01-10"])
        #expect(result.openLots.map { "\($0.wallet) \($0.quantity) \($0.costBasis)" } == ["kraken 0.4995 14985"])
    }

    @Test("the window: 72 hours after the withdrawal matches, a minute more does not; 2 hours of clock skew before")
    func window() {
        let sent = Self.withdrawal("w", "2024-03-01", hour: 0, wallet: "A", "1", "ETH")
        let atLimit = Self.deposit("d", "2024-03-04", hour: 0, wallet: "B", "1", "ETH")
        #expect(TransferMatcher.resolve([sent, atLimit]).matches.count == 1)
        var late = atLimit
        late.timestamp = Instant(millisecondsSinceEpoch: atLimit.timestamp.millisecondsSinceEpoch + 60_000)
        #expect(TransferMatcher.resolve([sent, late]).matches.isEmpty)
        #expect(TransferMatcher.resolve([sent, late]).unmatched.map(\.id) == ["w", "d"])
        // Stamped 2 hours before the withdrawal (another exchange's clock) still matches; 3 hours does not.
        let early = Self.deposit("d", "2024-02-29", hour: 22, wallet: "B", "1", "ETH")
        #expect(TransferMatcher.resolve([sent, early]).matches.count == 1)
        let tooEarly = Self.deposit("d", "2024-02-29", hour: 21, wallet: "B", "1", "ETH")
        #expect(TransferMatcher.resolve([sent, tooEarly]).matches.isEmpty)
    }

    @Test("the tolerance: the network may keep up to 2 % of what left; nothing can arrive that was not sent")
    func tolerance() {
        let sent = Self.withdrawal("w", "2024-03-01", wallet: "A", "1", "ETH")
        // 1 − 0.98 = 0.02 = 2 % of 1: matched. 0.9799 loses 2.01 %: not. 1.0001 is more than was sent: not.
        #expect(TransferMatcher.resolve([sent, Self.deposit("d", "2024-03-01", hour: 13, wallet: "B", "0.98", "ETH")]).matches.count == 1)
        #expect(TransferMatcher.resolve([sent, Self.deposit("d", "2024-03-01", hour: 13, wallet: "B", "0.9799", "ETH")]).matches.isEmpty)
        #expect(TransferMatcher.resolve([sent, Self.deposit("d", "2024-03-01", hour: 13, wallet: "B", "1.0001", "ETH")]).matches.isEmpty)
        // A fee charged on top of the amount counts as part of what left: 1 + 0.01 sent, 1 arrives.
        let withFee = Self.withdrawal("w", "2024-03-01", wallet: "A", "1", "ETH", fee: "0.01")
        #expect(TransferMatcher.resolve([withFee, Self.deposit("d", "2024-03-01", hour: 13, wallet: "B", "1", "ETH")]).matches.count == 1)
    }

    @Test("of two candidates, the deposit takes the closest quantity, then the closest time")
    func closestCandidate() {
        let history = [
            Self.withdrawal("w1", "2024-03-01", hour: 10, wallet: "A", "2", "SOL"),
            Self.withdrawal("w2", "2024-03-01", hour: 11, wallet: "C", "1.001", "SOL"),
            Self.deposit("d1", "2024-03-01", hour: 12, wallet: "B", "1", "SOL"),
            Self.deposit("d2", "2024-03-01", hour: 13, wallet: "B", "1.99", "SOL"),
        ]
        let matches = TransferMatcher.resolve(history).matches.map { "\($0.withdrawal.id)->\($0.deposit.id)" }
        #expect(matches == ["w1->d2", "w2->d1"])
    }

    @Test("ETH out, WETH in: one asset for transfers, not taxable; with wrap-as-trade it is a trade")
    func equivalentAssets() throws {
        let history = [
            Row.buy("b", "2024-01-02", "1", "ETH", cost: "2000", wallet: "ledger"),
            Self.withdrawal("w", "2024-03-01", wallet: "ledger", "1", "ETH"),
            Self.deposit("d", "2024-03-01", hour: 13, wallet: "metamask", "1", "WETH"),
        ]
        let resolution = TransferMatcher.resolve(history)
        #expect(resolution.matches.count == 1)
        let result = try LotEngine.run(resolution.transactions)
        // No disposal; the lot continues as WETH in metamask with its basis and date.
        #expect(result.disposals.isEmpty)
        #expect(result.openLots.map { "\($0.asset) \($0.wallet) \($0.quantity) \($0.costBasis) \($0.dateAcquired)" } == ["WETH metamask 1 2000 2024-01-02"])

        var prices = PriceBook()
        prices.set(Asset("ETH"), PriceSeries([(day("2024-03-01"), Price("3500"))]))
        let asTrade = TransferMatcher.resolve(history, rules: TransferRules(wrapsAreTrades: true))
        let traded = try LotEngine.run(asTrade.transactions, prices: prices)
        // Moved as ETH, then 1 ETH exchanged for 1 WETH at 3,500: a gain of 1,500.
        #expect(traded.disposals.map { "\($0.asset) \($0.proceeds) \($0.costBasis)" } == ["ETH 3500 2000"])
        #expect(traded.openLots.map { "\($0.asset) \($0.wallet) \($0.costBasis)" } == ["WETH metamask 3500"])
        // USDC on another chain (`USDC@base`) meets USDC by its ticker.
        let bridged = [Self.withdrawal("w", "2024-03-01", wallet: "A", "100", "USDC"), Self.deposit("d", "2024-03-01", hour: 13, wallet: "B", "99.9", "USDC@base")]
        #expect(TransferMatcher.resolve(bridged).matches.count == 1)
        // ETH does not meet BTC.
        #expect(TransferMatcher.resolve([history[1], Self.deposit("d", "2024-03-01", hour: 13, wallet: "B", "1", "BTC")]).matches.isEmpty)
    }

    @Test("the user's decisions come first: a match outside the rules, external marks, stale links reported")
    func links() throws {
        let sent = Self.withdrawal("w", "2024-03-01", wallet: "A", "1", "ETH")
        let weekLater = Self.deposit("d", "2024-03-08", wallet: "B", "0.9", "ETH")
        let manual = TransferMatcher.resolve([sent, weekLater], links: [TransferLink(TransactionReference(sent), .match(deposit: TransactionReference(weekLater)))])
        #expect(manual.matches.map(\.manual) == [true] && manual.unmatched.isEmpty)

        let external = TransferMatcher.resolve([sent, weekLater], links: [
            TransferLink(TransactionReference(sent), .external(kind: .spend, basis: nil)),
            TransferLink(TransactionReference(weekLater), .external(kind: .deposit, basis: "1800")),
            TransferLink(TransactionReference(wallet: Wallet("A"), id: "gone"), .external(kind: .withdrawal, basis: nil)),
        ])
        #expect(external.unmatched.isEmpty && external.matches.isEmpty)
        #expect(external.transactions.map(\.kind) == [.spend, .giftIn])
        #expect(external.transactions[1].value == Money("1800"))
        #expect(external.staleLinks == ["A/gone is not a deposit or a withdrawal in the history"])
    }

    @Test("unmatched: a withdrawal leaves without gain or loss; a deposit arrives with zero basis, flagged")
    func unmatchedInTheEngine() throws {
        let history = [
            Row.buy("b", "2024-01-02", "2", "ETH", cost: "4000", wallet: "A"),
            Self.withdrawal("w", "2024-03-01", wallet: "A", "1", "ETH"),
            Self.deposit("d", "2024-05-01", wallet: "B", "3", "SOL"),
            Row.sell("s", "2024-06-01", "3", "SOL", proceeds: "450", wallet: "B"),
        ]
        let resolution = TransferMatcher.resolve(history)
        #expect(resolution.unmatched.map(\.id) == ["w", "d"])
        let result = try LotEngine.run(resolution.transactions)
        #expect(result.removals.map { "\($0.kind) \($0.quantity) \($0.costBasis)" } == ["withdrawal 1 2000"])
        // 3 SOL of unknown basis sold for 450: a 450 gain, flagged.
        #expect(result.disposals.map { "\($0.proceeds) \($0.costBasis) \($0.missingBasis)" } == ["450 0 true"])
        #expect(result.openLots.map { "\($0.asset) \($0.quantity) \($0.costBasis)" } == ["ETH 1 2000"])
    }

    @Test("property: matching never changes the units held in total, per asset class")
    func conservation() async {
        await propertyCheck(input: Gen.int(in: 1...40).array(of: 1...30)) { hours in
            // Pairs of a withdrawal and a deposit of the same size at random gaps, and their sum.
            var history: [Transaction] = []
            for (index, gap) in hours.enumerated() {
                let quantity = Quantity(Fixed(index + 1))
                history.append(Self.withdrawal("w\(index)", "2024-03-01", hour: index % 24, wallet: "A", quantity, "ETH"))
                var deposit = Self.deposit("d\(index)", "2024-03-01", hour: index % 24, wallet: "B", quantity, "ETH")
                deposit.timestamp = Instant(millisecondsSinceEpoch: deposit.timestamp.millisecondsSinceEpoch + Int64(gap) * 3_600_000)
                history.append(deposit)
            }
            let resolution = TransferMatcher.resolve(history)
            func net(_ transactions: [Transaction]) -> Fixed {
                transactions.reduce(Fixed.zero) { total, tx in
                    switch tx.kind {
                    case .deposit: total + tx.received!.quantity.fixed
                    case .withdrawal: total - tx.sent!.quantity.fixed
                    default: total
                    }
                }
            }
            // Every pair is within 72 hours, so all match, and what remains nets to what remained before: zero.
            #expect(resolution.matches.count == hours.count)
            #expect(net(resolution.transactions) == .zero && net(history) == .zero)
            #expect(resolution.transactions.count == hours.count)
        }
    }
}
