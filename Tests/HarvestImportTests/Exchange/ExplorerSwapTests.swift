import HarvestCore
import HarvestImport
import Testing

/// The three Etherscan exports of 0x003dc… (../shared/data/exports/etherscan) joined by hash: the swaps in that
/// history become trades, and no transfer is left within the one wallet.
@Suite("Block-explorer swaps", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct ExplorerSwapTests {
    static let prefix = "etherscan/privatefolio_0x003dc_etherscan"

    /// The three files' transactions, as `harvest import` reads them.
    static func history() throws -> [Transaction] {
        try ["", "-erc20", "-internal"].flatMap { try ExportSamples.parse(prefix + $0 + ".csv").rows.map(\.transaction) }
    }

    /// Counted apart from the decoder: each hash's withdrawals minus deposits per asset, and how many hashes are left
    /// with exactly one asset out and one other asset in.
    static func oneForOne(_ history: [Transaction]) -> Set<String> {
        var net: [String: [Asset: Fixed]] = [:]
        for tx in history {
            guard let hash = tx.chainTransaction else { continue }
            if tx.kind == .withdrawal, let sent = tx.sent { net[hash, default: [:]][sent.asset, default: .zero] -= sent.quantity.fixed }
            if tx.kind == .deposit, let received = tx.received { net[hash, default: [:]][received.asset, default: .zero] += received.quantity.fixed }
        }
        return Set(net.filter { _, assets in
            assets.values.filter(\.isNegative).count == 1 && assets.values.filter(\.isPositive).count == 1
        }.keys)
    }

    @Test("every hash that nets to one asset out and another in is one trade: 91 swaps")
    func swaps() throws {
        let history = try Self.history()
        // 482 normal rows, 419 ERC-20 transfers (428 less 9 of zero tokens), 48 internal.
        #expect(history.count == 482 + 419 + 48)
        let expected = Self.oneForOne(history)
        // The issue guessed about 98; counted, 91 hashes net to one asset for another (none of them ETH ↔ WETH, so all
        // are swaps), and 14 more to several assets on a side: 105 disposals that were hidden.
        #expect(expected.count == 91)
        let decoded = OnChainDecoder().decode(history)
        #expect(decoded.count(.swap) == expected.count && decoded.count(.wrap) == 0)
        // Each such hash is exactly one trade, and no withdrawal or deposit of it is left.
        let byHash = Dictionary(grouping: decoded.transactions.filter { $0.chainTransaction != nil }, by: { $0.chainTransaction ?? "" })
        for hash in expected {
            #expect(byHash[hash]?.map(\.kind) == [.trade], "\(hash)")
        }
        // Adding and removing liquidity, Compound's cETH with COMP: 14 more hashes become split trades.
        #expect(decoded.count(.manyForOne) + decoded.count(.oneForMany) + decoded.count(.manyForMany) == 14)
    }

    @Test("2018-11-07: 0.05 ETH for 10.870608209370040482 SAI is a trade with its gas, at the normal transaction's line")
    func saiSwap() throws {
        let decoded = OnChainDecoder().decode(try Self.history()).transactions
        let trade = try #require(decoded.first { $0.chainTransaction == "0x7daa11b17dcbc96a61d074bbb3397a9542c939fc230c686a838536a410c183fe" })
        #expect(brief(trade) == "2018-11-07 trade 0.05 ETH -> 10.870608209370040482 SAI fee 0.0003835134 ETH value 10.89")
        #expect(trade.source == SourceLocation(file: Self.prefix + ".csv", line: 29))
        #expect(trade.id == "0x7daa11b17dcbc96a61d074bbb3397a9542c939fc230c686a838536a410c183fe")
    }

    @Test("matching pairs nothing within the one wallet, before decoding or after")
    func noTransferWithinOneWallet() throws {
        let history = try Self.history()
        // Before this rule, 49 pairs matched here, every one from the wallet to itself.
        #expect(TransferMatcher.resolve(history).matches.isEmpty)
        let decoded = OnChainDecoder().decode(history).transactions
        let resolution = TransferMatcher.resolve(decoded)
        #expect(resolution.matches.allSatisfy { $0.withdrawal.wallet != $0.deposit.wallet })
        #expect(resolution.matches.isEmpty)
    }
}
