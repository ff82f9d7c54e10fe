import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Etherscan's three CSVs of one address (normal, ERC-20, internal), from ../shared/data/exports/etherscan,
/// each expectation read off the file by hand. A swap shows as a withdrawal in one file and a deposit in
/// another under the same hash: pairing those legs is left to a later step.
@Suite("Block-explorer exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct ExplorerExportTests {
    let small = "etherscan/privatefolio_0xf98_etherscan"
    let large = "etherscan/privatefolio_0x003dc_etherscan"
    let address = "0xf98c96b5d10faafc2324847c82305bd5fd7e5ad3"

    @Test("each Etherscan file is recognized as its own format, odd price columns notwithstanding")
    func detection() throws {
        for prefix in [small, large] {
            #expect(try ExportSamples.detected(prefix + ".csv") == "etherscan")
            #expect(try ExportSamples.detected(prefix + "-erc20.csv") == "etherscan-erc20")
            #expect(try ExportSamples.detected(prefix + "-internal.csv") == "etherscan-internal")
        }
    }

    @Test("normal transactions: ETH in is a deposit, ETH out a withdrawal with its gas; the wallet is the address")
    func normal() throws {
        let parsed = try ExportSamples.parse(small + ".csv")
        // The address in every row is inferred; gas counts only on the rows it sent (not on the 0.09 ETH received,
        // whose TxnFee 0.0011781 the sender paid).
        #expect(Array(parsed.briefs.prefix(4)) == [
            "2017-09-09 deposit 0.09 ETH in",
            "2017-09-09 deposit 5.061643 ETH in",
            "2017-09-09 withdrawal 0.1 ETH out fee 0.00042102 ETH",
            "2017-09-09 withdrawal 0.25 ETH out fee 0.00042 ETH",
        ])
        #expect(parsed.rows.count == 9)
        #expect(parsed.rows.allSatisfy { $0.transaction.wallet == Wallet(address) })
        #expect(parsed.rows[0].transaction.id == "0xbed75f8508fff302e3d6bd6ecb006f33c27d4d17013d9d93f129cb14896df07c")
        // `--address` gives the same; `--wallet` names the wallet.
        let named = try ExportSamples.parse(small + ".csv", wallet: "ledger", address: address.uppercased())
        #expect(named.briefs == parsed.briefs && named.rows[0].transaction.wallet == Wallet("ledger"))
    }

    @Test("normal transactions: contract calls and failed transactions pay gas only")
    func failedAndContractCalls() throws {
        let parsed = try ExportSamples.parse(large + ".csv")
        #expect(parsed.rows.count == 482 && parsed.skipped.isEmpty)
        #expect(parsed.briefs(lines: [2, 3, 5, 27, 49, 247]) == [
            // Received 0.5 ETH from 0xf98c… (the small sample's address).
            "2017-10-07 deposit 0.5 ETH in",
            // A call with no value ("Request"): the gas is a fee.
            "2017-10-07 fee fee 0.000536361 ETH",
            "2017-10-07 withdrawal 0.007 ETH out fee 0.000489321 ETH",
            // Status Error(0), "Out of gas": the 4.56 ETH never left, the gas did.
            "2018-10-29 fee fee 0.000147 ETH",
            // Error(0), "Reverted" vote.
            "2019-04-03 fee fee 0.00220924 ETH",
            // A swap (4 ETH for DAI): the ETH side here, the DAI side in the ERC-20 file (line 182).
            "2020-02-25 withdrawal 4 ETH out fee 0.0006615224 ETH",
        ])
        #expect(parsed.rows.first { $0.transaction.source?.line == 27 }?.transaction.note == "Transfer; Out of gas")
    }

    @Test("ERC-20 transfers: in or out by From and To; USD values kept; N/A and zero transfers handled")
    func erc20() throws {
        let parsed = try ExportSamples.parse(small + "-erc20.csv")
        // Airdrops to the address: deposits (transfer candidates); "$0.02" is the value, "N/A" none.
        #expect(Array(parsed.briefs.prefix(2)) == [
            "2017-10-27 deposit 319.22562200498686051 XNN in",
            "2017-11-04 deposit 0.21165476692904842 XDATA in value 0.02",
        ])
        let large = try ExportSamples.parse(self.large + "-erc20.csv")
        #expect(large.briefs(lines: [5, 116, 117, 182, 308]) == [
            // "3,067.671" MANA worth "$709.50".
            "2018-01-07 deposit 3067.671 MANA in value 709.5",
            // SAI out and DAI in under one hash (the SAI→DAI migration): two legs for the later pairing.
            "2019-11-21 withdrawal 2520.991104865915373718 SAI out value 2531.79",
            "2019-11-21 deposit 2520.991104865915373718 DAI in value 2498.56",
            "2020-02-25 deposit 1050.384881203353890093 DAI in value 1052.14",
            // The symbol "oETH $500 Call 11/20/20" is no symbol: the contract address stands for the token.
            "2020-11-06 deposit 5000 0XAEE2B2097ED86354ABFD4E2361761794C6DDC07B in",
        ])
        // Nine transfers of 0 tokens (aDAI mints, CHI burns) move nothing.
        #expect(large.skipped == ["rows that move nothing (zero or empty quantities)": 9])
        // One hash, several transfers: each keeps its own id.
        let ids = large.rows.filter { $0.transaction.id.hasPrefix("0x7859bffe00") }.map(\.transaction.id)
        #expect(ids.count == 2 && Set(ids).count == 2)
    }

    @Test("internal transactions: ETH a contract sent the address; the empty file imports nothing")
    func internalTransactions() throws {
        let parsed = try ExportSamples.parse(large + "-internal.csv")
        #expect(parsed.rows.count == 48)
        #expect(Array(parsed.briefs.prefix(2)) == [
            "2018-09-26 deposit 2.079696004929649789 ETH in",
            "2018-09-30 deposit 2.010353319595918983 ETH in",
        ])
        #expect(try ExportSamples.parse(small + "-internal.csv").rows.isEmpty)
    }

    @Test("a failed internal transaction moves nothing; a file of several addresses needs --address")
    func failedInternalAndNoAddress() throws {
        let format = try #require(ExchangeFormats.named("etherscan-internal"))
        let text = """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","ParentTxFrom","ParentTxTo","ParentTxETH_Value","From","TxTo","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)","CurrentValue @ $2000/Eth","Historical $Price/Eth","Status","ErrCode","Type"
            "0xa1","1","1600000000","2020-09-13 12:26:40","0xme","0xc","0","0xc","0xme","","1.5","0","3000","400","0","","call"
            "0xa2","2","1600000100","2020-09-13 12:28:20","0xme","0xc","0","0xc","0xme","","2","0","4000","400","1","Reverted","call"

            """
        // The contract 0xc is in every row too: the address must be given.
        let parsed = try ExchangeImporter.parse(text, file: "i.csv", format: format, options: .init(address: "0xME"))
        #expect(parsed.briefs == ["2020-09-13 deposit 1.5 ETH in"])
        #expect(parsed.skipped == ["failed internal transactions (they move nothing; the gas is in the normal transactions)": 1])
        let mixed = """
            "Txhash","Blockno","UnixTimestamp","DateTime (UTC)","ParentTxFrom","ParentTxTo","ParentTxETH_Value","From","TxTo","ContractAddress","Value_IN(ETH)","Value_OUT(ETH)","Status","ErrCode","Type"
            "0xa1","1","1600000000","","","","0","0xc","0xa","","1.5","0","0","","call"
            "0xa2","2","1600000100","","","","0","0xd","0xb","","2","0","0","","call"

            """
        #expect(throws: ImportFailure.self) { try ExchangeImporter.parse(mixed, file: "i.csv", format: format, options: .init()) }
        #expect(try ExchangeImporter.parse(mixed, file: "i.csv", format: format, options: .init(address: "0xA")).rows.count == 2)
    }
}
