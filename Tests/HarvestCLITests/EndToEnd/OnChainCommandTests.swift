import Foundation
import Testing
import HarvestTestSupport

/// An address's Etherscan exports imported one at a time, as a user would over months: the swap's rows are joined when
/// the history is replayed, and no transfer is ever made within the one wallet.
@Suite("harvest on explorer exports: swaps joined at replay, no transfer within a wallet")
struct OnChainCommandTests {
    static let normal = """
        "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)","CurrentValue @ $3000/Eth","TxnFee(ETH)","TxnFee(USD)","Historical $Price/Eth","Status","ErrCode","Method"
        "0xd1","1","1709200000","2024-02-29 09:46:40","0xother","0xme","","2","0","6000","0.0004","1.2","3000","","","Transfer"
        "0xs1","2","1709290000","2024-03-01 10:46:40","0xme","0xrouter","","0","0.5","1500","0.001","3","3000","","","Swap Exact ETH For Tokens"
        "0xw1","3","1709380000","2024-03-02 11:46:40","0xme","0xfriend","","0","0.2","600","0.0004","1.2","3000","","","Transfer"

        """
    static let tokens = """
        "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","TokenValue","USDValueDayOfTx","ContractAddress","TokenName","TokenSymbol"
        "0xs1","2","1709290000","2024-03-01 10:46:40","0xrouter","0xme","1000","$1,000.00","0xdai","Dai Stablecoin","DAI"

        """

    @Test("files imported apart: the swap is a trade in gains, and only the real deposit and withdrawal are left to match")
    func swapJoinedAtReplay() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("etherscan.csv", Self.normal)).status == 0)
        #expect(try cli.run("import", "--address", "0xme", try cli.file("etherscan-erc20.csv", Self.tokens)).status == 0)
        let transfers = try cli.run("transfers", "--format", "csv")
        #expect(transfers.stdout == """
            status,date,from,to,asset,sent,received
            unmatched deposit,2024-02-29,?,0xme/0xd1,ETH,,2
            unmatched withdrawal,2024-03-02,0xme/0xw1,?,ETH,0.2,

            """)
        // The gas of the later withdrawal is valued at the day's close.
        #expect(try cli.run("prices", "import", try cli.file("ETH-USD.csv", "date,open,high,low,close,volume\n2024-03-02,,,,3000,\n")).status == 0)
        let gains = try cli.run("gains", "--format", "csv", "--allow-missing-basis")
        #expect(gains.status == 0)
        // The trade: 0.5 ETH for 1,000 DAI ($1,000); the gas 0.001 ETH costs 1,000 × 0.001 / 0.5 = 2, so the proceeds are
        // 998, against the unknown (zero) basis of the deposited ETH.
        #expect(gains.stdout.contains("ETH,0xme,0.5,2024-02-29,2024-03-01,998.00,0.00,0.00,998.00,short,0xd1,0xs1"))
    }

    @Test("transfers match of two rows of one wallet is refused, exit 65, and nothing is stored")
    func sameWalletRefused() throws {
        let cli = try CLI()
        #expect(try cli.run("import", try cli.file("etherscan.csv", Self.normal)).status == 0)
        let refused = try cli.run("transfers", "match", "0xw1", "0xd1")
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("error: 0xw1 and 0xd1 are both in wallet 0xme: a transfer is between two different wallets"))
        #expect(try cli.run("transfers", "--format", "csv").stdout.contains("unmatched withdrawal,2024-03-02,0xme/0xw1"))
    }
}
