import HarvestCore
import HarvestImport

/// A synthetic block-explorer history of about `rows` rows, as `Workspace.history` loads it (time order, each row
/// carrying its hash): 1,000 addresses of the user, one on-chain transaction every 12 seconds, of these kinds:
///
/// - 35 % a swap: ETH out with gas (normal export), a token in with its USD value (token export); one in four of
///   them with unused ETH refunded (internal export);
/// - 10 % a token-for-token swap: two token rows and the gas row;
/// - 20 % a transfer between two of the user's addresses: the same hash in two wallets, ETH out with gas in one, in
///   in the other (matched into a transfer);
/// - 15 % gas only (an approval), 12 % a token received (an airdrop), 8 % liquidity added (ETH and a token out, an
///   LP token in, the gas).
///
/// Deterministic (SplitMix64, seed 17).
func explorerHistory(rows count: Int) -> [Transaction] {
    var random = SplitMix64(seed: 17)
    let wallets = (0..<1000).map { Wallet("0x" + String($0 * 7919 + 1, radix: 16).leftPadded(to: 40)) }
    let tokens = ["USDC", "DAI", "UNI", "LINK", "AAVE", "WBTC", "MKR", "COMP"].map(Asset.init)
    let eth = Asset("ETH")
    let files = ["etherscan.csv", "etherscan-erc20.csv", "etherscan-internal.csv"]
    var transactions: [Transaction] = []
    transactions.reserveCapacity(count + 4)
    var hashNumber: UInt64 = 0
    var time: Int64 = 1_600_000_000_000
    func quantity(_ units: UInt64) -> Quantity { Quantity(Fixed(raw: Int128(units) * 1_000_000_000_000)) }
    func row(_ id: String, _ hash: String, _ kind: TransactionKind, _ wallet: Wallet, file: Int, sent: Amount? = nil,
             received: Amount? = nil, fee: Amount? = nil, value: Money? = nil) {
        let instant = Instant(millisecondsSinceEpoch: time)
        transactions.append(Transaction(
            id: id, timestamp: instant, date: instant.date(), sequence: transactions.count, kind: kind, wallet: wallet, sent: sent,
            received: received, fee: fee, value: value, source: SourceLocation(file: files[file], line: transactions.count + 2),
            chainTransaction: hash))
    }
    while transactions.count < count {
        hashNumber += 1
        time += 12_000
        let hash = "0x" + String(repeating: "0", count: 48) + String(hashNumber, radix: 16).leftPadded(to: 16)
        let wallet = wallets[Int(random.next() % 1000)]
        let gas = Amount(quantity(100 + random.next() % 5000), eth)
        let token = tokens[Int(random.next() % 8)], other = tokens[Int(random.next() % 8)]
        let tokenUnits = Amount(quantity(1_000 + random.next() % 10_000_000), token)
        let ethUnits = Amount(quantity(1_000 + random.next() % 2_000_000), eth)
        switch random.next() % 100 {
        case 0..<35:
            row(hash, hash, .withdrawal, wallet, file: 0, sent: ethUnits, fee: gas)
            row(hash + ":\(token):in", hash, .deposit, wallet, file: 1, received: tokenUnits, value: Money(Fixed(Int(random.next() % 5000))))
            if random.next() % 4 == 0 {
                row(hash + ":refund", hash, .deposit, wallet, file: 2, received: Amount(quantity(1 + random.next() % 500), eth))
            }
        case 35..<45:
            row(hash, hash, .fee, wallet, file: 0, fee: gas)
            row(hash + ":\(token):out", hash, .withdrawal, wallet, file: 1, sent: tokenUnits)
            let bought = Amount(quantity(1 + random.next() % 1_000_000), Asset(other.symbol + "X"))
            row(hash + ":\(other)x:in", hash, .deposit, wallet, file: 1, received: bought)
        case 45..<65:
            let destination = wallets[Int(random.next() % 1000)]
            row(hash, hash, .withdrawal, wallet, file: 0, sent: ethUnits, fee: gas)
            if destination != wallet { row(hash, hash, .deposit, destination, file: 0, received: ethUnits) }
        case 65..<80:
            row(hash, hash, .fee, wallet, file: 0, fee: gas)
        case 80..<92:
            row(hash + ":\(token):in", hash, .deposit, wallet, file: 1, received: tokenUnits)
        default:
            row(hash, hash, .withdrawal, wallet, file: 0, sent: ethUnits, fee: gas)
            row(hash + ":\(token):out", hash, .withdrawal, wallet, file: 1, sent: tokenUnits, value: Money(Fixed(Int(random.next() % 5000))))
            row(hash + ":UNI-V2:in", hash, .deposit, wallet, file: 1, received: Amount(quantity(1 + random.next() % 100_000), Asset("UNI-V2")))
        }
    }
    return transactions
}

/// A copy of `rows` in storage of its own (not shared with `rows`), as a history loaded from the database is.
func ownCopy(_ rows: [Transaction]) -> [Transaction] {
    var copy = rows
    copy.reserveCapacity(rows.count + 1)
    return copy
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
