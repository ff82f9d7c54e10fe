import HarvestCore
import HarvestTestSupport

/// Rows as a block explorer's three exports import them, each carrying its on-chain hash: the normal transaction (its
/// id is the hash; the gas its fee; ETH out a withdrawal, ETH in a deposit, neither a fee row), a token transfer and an
/// internal transaction (ids that begin with the hash), in the wallet `0xme` unless told.
enum Explorer {
    enum Direction: String { case `in`, out }

    static func normal(
        _ hash: String, sends: Quantity? = nil, receives: Quantity? = nil, gas: Quantity? = nil, value: Money? = nil,
        wallet: String = "0xme", date: String = "2024-03-01", line: Int = 2
    ) -> Transaction {
        let kind: TransactionKind = sends != nil ? .withdrawal : receives != nil ? .deposit : .fee
        var tx = Row.make(
            hash, kind, date, sequence: line, wallet: wallet, sent: sends.map { amount($0, "ETH") }, received: receives.map { amount($0, "ETH") },
            fee: gas.map { amount($0, "ETH") }, value: value, source: SourceLocation(file: "etherscan.csv", line: line))
        tx.chainTransaction = hash
        return tx
    }

    static func token(
        _ hash: String, _ direction: Direction, _ quantity: Quantity, _ asset: String, value: Money? = nil, wallet: String = "0xme",
        date: String = "2024-03-01", line: Int = 2
    ) -> Transaction {
        var tx = Row.make(
            "\(hash):\(asset):\(direction.rawValue)", direction == .in ? .deposit : .withdrawal, date, sequence: 1000 + line, wallet: wallet,
            sent: direction == .out ? amount(quantity, asset) : nil, received: direction == .in ? amount(quantity, asset) : nil, value: value,
            source: SourceLocation(file: "etherscan-erc20.csv", line: line))
        tx.chainTransaction = hash
        return tx
    }

    static func internalTransfer(
        _ hash: String, receives quantity: Quantity, wallet: String = "0xme", date: String = "2024-03-01", line: Int = 2
    ) -> Transaction {
        var tx = Row.make(
            "\(hash):internal", .deposit, date, sequence: 2000 + line, wallet: wallet, received: amount(quantity, "ETH"),
            source: SourceLocation(file: "etherscan-internal.csv", line: line))
        tx.chainTransaction = hash
        return tx
    }

    /// `0xa trade 0.05 ETH -> 10.87 SAI fee 0.0003 ETH value 10.89`.
    static func brief(_ tx: Transaction) -> String {
        var text = "\(tx.id) \(tx.kind.rawValue)"
        switch (tx.sent, tx.received) {
        case let (sent?, received?): text += " \(sent) -> \(received)"
        case let (sent?, nil): text += " \(sent) out"
        case let (nil, received?): text += " \(received) in"
        case (nil, nil): break
        }
        if let fee = tx.fee { text += " fee \(fee)" }
        if let value = tx.value { text += " value \(value)" }
        if let toWallet = tx.toWallet { text += " to \(toWallet)" }
        return text
    }
}

extension OnChainDecoding {
    var briefs: [String] { transactions.map(Explorer.brief) }
}
