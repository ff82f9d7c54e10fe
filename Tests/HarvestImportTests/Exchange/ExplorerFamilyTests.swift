import HarvestCore
import HarvestImport
import Testing

/// The Etherscan family: the same three layouts (normal, token, internal) from BscScan, Polygonscan, Arbiscan, Basescan
/// and Optimistic Etherscan, written here by hand. Where the columns name the native asset (`Value_IN(BNB)`) the file is
/// recognized by its header; where they are Etherscan's own, the user names the chain with `--format`. Each chain's
/// wallet is the address with the chain after it (`0xme@bsc`), Ethereum's the bare address; every row carries its hash.
@Suite("Etherscan-family explorer exports")
struct ExplorerFamilyTests {
    struct Family: Sendable, CustomTestStringConvertible {
        /// The normal layout's format; the internal one's is this with `-internal`.
        var normal: String
        var token: String
        var native: String
        var chain: String?
        /// The columns name the native asset (`Value_IN(BNB)`), so `--format auto` recognizes the normal and internal
        /// files; otherwise they are Etherscan's, and only `--format` tells the chain.
        var ownColumns: Bool

        init(_ normal: String, token: String, native: String, chain: String?, ownColumns: Bool) {
            self.normal = normal
            self.token = token
            self.native = native
            self.chain = chain
            self.ownColumns = ownColumns
        }

        var formats: (normal: String, token: String, internal: String) { (normal, token, normal + "-internal") }
        var wallet: String { "0xme" + (chain.map { "@" + $0 } ?? "") }
        /// What `--format auto` picks for each file (token transfers always have Etherscan's ERC-20 columns).
        var detected: (normal: String, token: String, internal: String) {
            ownColumns ? (normal, "etherscan-erc20", normal + "-internal") : ("etherscan", "etherscan-erc20", "etherscan-internal")
        }
        var testDescription: String { normal }
    }

    static let families = [
        Family("etherscan", token: "etherscan-erc20", native: "ETH", chain: nil, ownColumns: true),
        Family("bscscan", token: "bscscan-bep20", native: "BNB", chain: "bsc", ownColumns: true),
        Family("polygonscan", token: "polygonscan-erc20", native: "MATIC", chain: "polygon", ownColumns: true),
        Family("polygonscan-pol", token: "polygonscan-erc20", native: "POL", chain: "polygon", ownColumns: true),
        Family("arbiscan", token: "arbiscan-erc20", native: "ETH", chain: "arbitrum", ownColumns: false),
        Family("basescan", token: "basescan-erc20", native: "ETH", chain: "base", ownColumns: false),
        Family("optimism", token: "optimism-erc20", native: "ETH", chain: "optimism", ownColumns: false),
    ]

    /// A swap on 2023-11-14 22:13:20 UTC (unix 1700000000): 0.5 of the native asset out with 0.0012 gas (normal file),
    /// 120.5 CAKE worth $241.00 in (token file); then 0.3 of the native asset from a contract (internal file).
    static func files(native: String) -> (normal: String, token: String, internal: String) {
        let normal = """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","ContractAddress","Value_IN(\(native))","Value_OUT(\(native))","CurrentValue @ $600/\(native)","TxnFee(\(native))","TxnFee(USD)","Historical $Price/\(native)","Status","ErrCode","Method"
            "0xb1","1","1700000000","2023-11-14 22:13:20","0xme","0xrouter","","0","0.5","300","0.0012","0.7","240","","","Swap Exact ETH For Tokens"

            """
        let token = """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","TokenValue","USDValueDayOfTx","ContractAddress","TokenName","TokenSymbol"
            "0xb1","1","1700000000","2023-11-14 22:13:20","0xrouter","0xme","120.5","$241.00","0xcake","PancakeSwap Token","Cake"

            """
        let internalTransfers = """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","ParentTxFrom","ParentTxTo","ParentTxETH_Value","From","TxTo","ContractAddress","Value_IN(\(native))","Value_OUT(\(native))","CurrentValue @ $600/\(native)","Historical $Price/\(native)","Status","ErrCode","Type"
            "0xb2","2","1700000100","2023-11-14 22:15:00","0xme","0xrouter","0","0xrouter","0xme","","0.3","0","180","240","0","","call"

            """
        return (normal, token, internalTransfers)
    }

    static func parse(_ text: String, _ name: String) throws -> [Transaction] {
        let format = try #require(ExchangeFormats.named(name))
        return try ExchangeImporter.parse(text, file: "\(name).csv", format: format, options: .init(address: "0xME")).rows.map(\.transaction)
    }

    static func detected(_ text: String) -> String? {
        if case .found(let format, _) = ExchangeFormats.detect(text) { return format.name }
        return nil
    }

    @Test("each layout reads the native asset and its gas, names the wallet by chain, and keeps the hash", arguments: families)
    func layouts(_ family: Family) throws {
        let files = Self.files(native: family.native)
        let normal = try Self.parse(files.normal, family.formats.normal)
        let token = try Self.parse(files.token, family.formats.token)
        let internalTransfers = try Self.parse(files.internal, family.formats.internal)
        #expect((normal + token + internalTransfers).map(brief) == [
            "2023-11-14 withdrawal 0.5 \(family.native) out fee 0.0012 \(family.native)",
            "2023-11-14 deposit 120.5 CAKE in value 241",
            "2023-11-14 deposit 0.3 \(family.native) in",
        ])
        #expect((normal + token + internalTransfers).allSatisfy { $0.wallet == Wallet(family.wallet) })
        // The ids are Etherscan's (a re-import into an existing database is a no-op); the hash is recorded beside them.
        #expect((normal + token + internalTransfers).map(\.id) == ["0xb1", "0xb1:0xcake:0xrouter:0xme:120.5", "0xb2:0xrouter:0xme:0.3:0"])
        #expect((normal + token + internalTransfers).map(\.chainTransaction) == ["0xb1", "0xb1", "0xb2"])
        #expect(Self.detected(files.normal) == family.detected.normal)
        #expect(Self.detected(files.token) == family.detected.token)
        #expect(Self.detected(files.internal) == family.detected.internal)

        // Joined: the swap is one trade in the chain's wallet, valued at the token row's $241.
        let decoded = OnChainDecoder().decode(normal + token + internalTransfers).transactions
        #expect(decoded.map(brief) == [
            "2023-11-14 trade 0.5 \(family.native) -> 120.5 CAKE fee 0.0012 \(family.native) value 241",
            "2023-11-14 deposit 0.3 \(family.native) in",
        ])
        #expect(decoded[0].wallet == Wallet(family.wallet) && decoded[0].id == "0xb1" && decoded[0].source?.file == "\(family.formats.normal).csv")
    }

    @Test("one address on two chains is two wallets, and --wallet still names the wallet")
    func walletNames() throws {
        let files = Self.files(native: "ETH")
        #expect(try Self.parse(files.normal, "etherscan")[0].wallet != Self.parse(files.normal, "arbiscan")[0].wallet)
        let format = try #require(ExchangeFormats.named("basescan"))
        let named = try ExchangeImporter.parse(files.normal, file: "b.csv", format: format, options: .init(wallet: "base-main", address: "0xme"))
        #expect(named.rows.map(\.transaction.wallet) == [Wallet("base-main")])
    }
}
