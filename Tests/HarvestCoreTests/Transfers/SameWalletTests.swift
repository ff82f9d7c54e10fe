import HarvestCore
import HarvestTestSupport
import Testing

/// A transfer is between two different wallets: a wallet's own withdrawal and deposit are never paired, by the
/// rules or by the user.
@Suite("Transfer matching: never within one wallet")
struct SameWalletTests {
    @Test("a deposit never takes a withdrawal of its own wallet, even the closest one; it takes another wallet's")
    func automatic() {
        // 0xme sends 5.4 ETH at 12:00 and receives 5.4 ETH (a swap's proceeds) at 13:00; coldwallet receives 5.39 ETH at 14:00.
        let sent = Row.make("w1", .withdrawal, "2024-03-01", wallet: "0xme", sent: amount("5.4", "ETH"))
        let sameWallet = Row.make("d1", .deposit, "2024-03-01", hour: 13, wallet: "0xme", received: amount("5.4", "ETH"))
        #expect(TransferMatcher.resolve([sent, sameWallet]).matches.isEmpty)
        #expect(TransferMatcher.resolve([sent, sameWallet]).unmatched.map(\.id) == ["w1", "d1"])
        // The closer quantity (5.4 in 0xme) is passed over for 5.39 in coldwallet (0.01 kept by the network, 0.19 %).
        let other = Row.make("d2", .deposit, "2024-03-01", hour: 14, wallet: "coldwallet", received: amount("5.39", "ETH"))
        let resolution = TransferMatcher.resolve([sent, sameWallet, other])
        #expect(resolution.matches.map { "\($0.withdrawal) -> \($0.deposit)" } == ["0xme/w1 -> coldwallet/d2"])
        #expect(resolution.unmatched.map(\.id) == ["d1"])
    }

    @Test("a decision to match two rows of one wallet is ignored, with a message saying why")
    func manual() {
        let sent = Row.make("w1", .withdrawal, "2024-03-01", wallet: "0xme", sent: amount("1", "ETH"))
        let arrived = Row.make("d1", .deposit, "2024-03-01", hour: 13, wallet: "0xme", received: amount("1", "ETH"))
        let link = TransferLink(TransactionReference(sent), .match(deposit: TransactionReference(arrived)))
        let resolution = TransferMatcher.resolve([sent, arrived], links: [link])
        #expect(resolution.matches.isEmpty)
        #expect(resolution.staleLinks == ["match 0xme/w1 0xme/d1: both are in wallet 0xme, and a transfer is between two different wallets"])
    }
}
