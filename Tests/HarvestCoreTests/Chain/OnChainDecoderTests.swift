import HarvestCore
import HarvestTestSupport
import Testing

/// A block explorer's rows of one on-chain transaction joined into what happened: swaps, wraps, liquidity, refunds,
/// one-sided moves and gas. Every number is worked by hand in the comments.
@Suite("On-chain decoding")
struct OnChainDecoderTests {
    let decoder = OnChainDecoder()

    @Test("a swap with gas is one trade: ETH 0.05 → 10.87 SAI, the gas its fee, valued at the SAI row's USD value")
    func swapWithGas() throws {
        // 2018-11-07 (0x003dc…): bought 1 ETH for 200 before; sent 0.05 ETH to Uniswap (normal row, line 29, gas
        // 0.0003835134 ETH) and received 10.870608209370040482 SAI worth $10.89 (ERC-20 row).
        let history = [
            Row.buy("b1", "2018-01-01", "1", "ETH", cost: "200", wallet: "0xme"),
            Explorer.normal("0xa", sends: "0.05", gas: "0.0003835134", date: "2018-11-07", line: 29),
            Explorer.token("0xa", .in, "10.870608209370040482", "SAI", value: "10.89", date: "2018-11-07", line: 15),
        ]
        let decoded = decoder.decode(history)
        #expect(decoded.briefs == [
            "b1 buy 200 USD -> 1 ETH",
            "0xa trade 0.05 ETH -> 10.870608209370040482 SAI fee 0.0003835134 ETH value 10.89",
        ])
        #expect(decoded.count(.swap) == 1 && decoded.patterns.count == 1)
        // The trade points at the normal transaction's file and line.
        #expect(decoded.transactions[1].source == SourceLocation(file: "etherscan.csv", line: 29))
        #expect(decoded.transactions[1].chainTransaction == "0xa")

        // The disposal is back. Fee: 10.89 × 0.0003835134 / 0.05 = 0.08352921852; proceeds 10.89 − 0.08352921852 =
        // 10.80647078148 against a basis of 200 × 0.05 = 10. The gas units: proceeds 0.08352921852, basis
        // 200 × 0.0003835134 = 0.07670268. SAI arrives with basis 10.89.
        let result = try LotEngine.run(decoded.transactions, prices: PriceBook())
        #expect(result.sold == [
            Sold("b1", "0.05", proceeds: "10.80647078148", basis: "10", .short),
            Sold("b1", "0.0003835134", proceeds: "0.08352921852", basis: "0.07670268", .short),
        ])
        // Left: 1 − 0.05 − 0.0003835134 = 0.9496164866 ETH, basis 200 − 10 − 0.07670268 = 189.92329732.
        #expect(result.held.sorted { $0.asset < $1.asset } == [
            Held("ETH", "0xme", "b1", "0.9496164866", basis: "189.92329732"),
            Held("SAI", "0xme", "0xa", "10.870608209370040482", basis: "10.89"),
        ])
    }

    @Test("rows of one hash imported at different times, with other rows between, are still joined, in any order")
    func interleaved() {
        // The ERC-20 file was imported months after the normal one: its row comes last, after unrelated rows. The same
        // hash in another wallet (the other side of a transfer) is not part of it.
        let normal = Explorer.normal("0xa", sends: "0.05", gas: "0.0003835134", line: 29)
        let token = Explorer.token("0xa", .in, "10.87", "SAI", value: "10.89", line: 15)
        let others = [
            Explorer.normal("0xb", receives: "1", line: 30),
            Explorer.token("0xc", .in, "5", "UNI", line: 16),
            Explorer.normal("0xa", receives: "0.05", wallet: "0xother", line: 3),
        ]
        // The trade takes the place of the group's last row.
        let expected = [
            "0xb deposit 1 ETH in", "0xc:UNI:in deposit 5 UNI in", "0xa deposit 0.05 ETH in",
            "0xa trade 0.05 ETH -> 10.87 SAI fee 0.0003835134 ETH value 10.89",
        ]
        #expect(decoder.decode([normal] + others + [token]).briefs == expected)
        // Token row first: still the normal row's id and line.
        let reversed = decoder.decode([token] + others + [normal])
        #expect(reversed.briefs == expected)
        #expect(reversed.transactions[3].source?.line == 29)
    }

    @Test("a wrap is not taxable by default: ETH 1 → WETH 1 continues the 2023 lot, which a later WETH sale disposes of")
    func wrap() throws {
        // Bought 2 ETH for 3,000 (1,500 each) on 2023-01-10; wrapped 1 ETH on 2024-03-01 (gas 0.001 ETH, ETH at 3,500);
        // sold 1 WETH for 2,500 on 2024-06-01.
        let history = [
            Row.buy("b1", "2023-01-10", "2", "ETH", cost: "3000", wallet: "0xme"),
            Explorer.normal("0xw", sends: "1", gas: "0.001"),
            Explorer.token("0xw", .in, "1", "WETH"),
            Row.sell("s1", "2024-06-01", "1", "WETH", proceeds: "2500", wallet: "0xme"),
        ]
        let decoded = decoder.decode(history)
        #expect(decoded.briefs[1] == "0xw transfer 1 ETH -> 1 WETH fee 0.001 ETH to 0xme")
        #expect(decoded.count(.wrap) == 1)
        var prices = PriceBook()
        prices.set(Asset("ETH"), PriceSeries([(day("2024-03-01"), Price("3500"))]))
        let result = try LotEngine.run(decoded.transactions, prices: prices)
        // The gas: 0.001 ETH at 3,500 = 3.5, basis 1.5. The sale: 1 WETH carrying the 2023 lot's basis 1,500 and its
        // date, so long-term: 2,500 − 1,500.
        #expect(result.sold == [
            Sold("b1", "0.001", proceeds: "3.5", basis: "1.5", .long),
            Sold("b1", "1", proceeds: "2500", basis: "1500", .long),
        ])
        #expect(result.held == [Held("ETH", "0xme", "b1", "0.999", basis: "1498.5")])

        // With wrap-as-trade on, the same rows are a trade.
        let asTrade = OnChainDecoder(equivalents: TransferRules.defaultEquivalents, wrapsAreTrades: true).decode(history)
        #expect(asTrade.briefs[1] == "0xw trade 1 ETH -> 1 WETH fee 0.001 ETH")
        #expect(asTrade.count(.wrap) == 1)
    }

    @Test("an unwrap joins three files: WETH out (ERC-20), ETH in (internal), the gas (normal)")
    func unwrap() {
        let decoded = decoder.decode([
            Explorer.token("0xu", .out, "1", "WETH"), Explorer.internalTransfer("0xu", receives: "1"), Explorer.normal("0xu", gas: "0.002"),
        ])
        #expect(decoded.briefs == ["0xu transfer 1 WETH -> 1 ETH fee 0.002 ETH to 0xme"])
        // An equivalent form that gives back more than it took is no like-for-like wrap: 100 USDC → 100.5 USDC.E. (No
        // normal row, no gas: the trade takes the smallest id of its rows.)
        let more = decoder.decode([Explorer.token("0xv", .out, "100", "USDC"), Explorer.token("0xv", .in, "100.5", "USDC.E")])
        #expect(more.briefs == ["0xv:USDC.E:in trade 100 USDC -> 100.5 USDC.E"])
        #expect(more.count(.wrap) == 1)
    }

    @Test("adding liquidity: each asset sent buys a share of the LP tokens in proportion to its value, exactly")
    func addLiquidity() {
        // 1,000 DAI worth 1,000 and 1 ETH worth 2,000 for 10 UNI-V2 (trades in the order of the symbols): shares
        // 1,000 : 2,000. 10 × 1/3 rounded down at 18 digits = 3.333333333333333333; the last share is the rest,
        // 6.666666666666666667 (together exactly 10). The gas goes on the first trade.
        let decoded = decoder.decode([
            Explorer.normal("0xl", sends: "1", gas: "0.01", value: "2000"),
            Explorer.token("0xl", .out, "1000", "DAI", value: "1000"),
            Explorer.token("0xl", .in, "10", "UNI-V2"),
        ])
        #expect(decoded.briefs == [
            "0xl#1 trade 1000 DAI -> 3.333333333333333333 UNI-V2 fee 0.01 ETH value 1000",
            "0xl#2 trade 1 ETH -> 6.666666666666666667 UNI-V2 value 2000",
        ])
        #expect(decoded.count(.manyForOne) == 1)
        #expect(decoded.transactions.allSatisfy { $0.note.contains("many-for-one") && $0.note.contains("shares by value") })
    }

    @Test("removing liquidity: without every value the LP tokens split evenly across what came back")
    func removeLiquidity() {
        // 3 UNI-V2 out; 1.1 ETH (internal, no value) and 1,050 DAI ($1,050) in. Not every value is given: 1.5 UNI-V2 each.
        let decoded = decoder.decode([
            Explorer.normal("0xr", gas: "0.01"),
            Explorer.token("0xr", .out, "3", "UNI-V2"),
            Explorer.internalTransfer("0xr", receives: "1.1"),
            Explorer.token("0xr", .in, "1050", "DAI", value: "1050"),
        ])
        #expect(decoded.briefs == [
            "0xr#1 trade 1.5 UNI-V2 -> 1050 DAI fee 0.01 ETH value 1050",
            "0xr#2 trade 1.5 UNI-V2 -> 1.1 ETH",
        ])
        #expect(decoded.count(.oneForMany) == 1)
        #expect(decoded.transactions[0].note.contains("shares even where values are not all given"))
    }

    @Test("several out and several in: one trade per pair, each side split by the other side's values")
    func manyForMany() {
        // Out: 10 AAA ($100), 20 BBB ($300). In: 4 CCC ($250), 6 DDD ($150).
        // Sent split by the received values 250 : 150 (5/8, 3/8): AAA 6.25 + 3.75, BBB 12.5 + 7.5; values 62.5 + 37.5,
        // 187.5 + 112.5. Received split by the sent values 100 : 300 (1/4, 3/4): CCC 1 + 3, DDD 1.5 + 4.5.
        let decoded = decoder.decode([
            Explorer.normal("0xq", gas: "0.01"),
            Explorer.token("0xq", .out, "10", "AAA", value: "100"), Explorer.token("0xq", .out, "20", "BBB", value: "300"),
            Explorer.token("0xq", .in, "4", "CCC", value: "250"), Explorer.token("0xq", .in, "6", "DDD", value: "150"),
        ])
        #expect(decoded.briefs == [
            "0xq#1 trade 6.25 AAA -> 1 CCC fee 0.01 ETH value 62.5",
            "0xq#2 trade 3.75 AAA -> 1.5 DDD value 37.5",
            "0xq#3 trade 12.5 BBB -> 3 CCC value 187.5",
            "0xq#4 trade 7.5 BBB -> 4.5 DDD value 112.5",
        ])
        #expect(decoded.count(.manyForMany) == 1)
    }

    @Test("a multi-hop route through the wallet nets out: ETH → WETH → USDC is one swap of ETH for USDC")
    func multiHop() {
        let decoded = decoder.decode([
            Explorer.normal("0xm", sends: "1", gas: "0.01"),
            Explorer.token("0xm", .in, "1", "WETH"), Explorer.token("0xm", .out, "1", "WETH"),
            Explorer.token("0xm", .in, "3000", "USDC", value: "3000"),
        ])
        #expect(decoded.briefs == ["0xm trade 1 ETH -> 3000 USDC fee 0.01 ETH value 3000"])
        #expect(decoded.count(.swap) == 1)
    }

    @Test("a refund of unused ETH comes off what was sent, in a swap and alone")
    func refunds() {
        // 1 ETH sent, 0.2 ETH refunded by the router: 0.8 ETH bought 2,000 DAI.
        let swap = decoder.decode([
            Explorer.normal("0xf", sends: "1", gas: "0.01"), Explorer.internalTransfer("0xf", receives: "0.2"),
            Explorer.token("0xf", .in, "2000", "DAI"),
        ])
        #expect(swap.briefs == ["0xf trade 0.8 ETH -> 2000 DAI fee 0.01 ETH"])
        // 1 ETH sent, 0.25 back, nothing else: a withdrawal of 0.75 with the gas.
        let alone = decoder.decode([Explorer.normal("0xg", sends: "1", gas: "0.01"), Explorer.internalTransfer("0xg", receives: "0.25")])
        #expect(alone.briefs == ["0xg withdrawal 0.75 ETH out fee 0.01 ETH"])
        #expect(alone.count(.outgoing) == 1)
        // 100 USDC ($100) out, 40 ($40) back: 60 USDC out, its value 100 × 60/100 = 60.
        let valued = decoder.decode([Explorer.token("0xh", .out, "100", "USDC", value: "100"), Explorer.token("0xh", .in, "40", "USDC", value: "40")])
        #expect(valued.briefs == ["0xh:USDC:out withdrawal 60 USDC out value 60"])
    }

    @Test("only out: the withdrawal keeps the gas as its fee and stays a transfer candidate, matched to another wallet")
    func onlyOut() {
        // 100 USDC sent from 0xme (ERC-20 row; the gas 0.002 ETH on the normal row), 100 USDC credited at coinbase an
        // hour later.
        let history = [
            Explorer.normal("0xd", gas: "0.002"), Explorer.token("0xd", .out, "100", "USDC"),
            Row.make("c1", .deposit, "2024-03-01", hour: 13, wallet: "coinbase", received: amount("100", "USDC")),
        ]
        let decoded = decoder.decode(history)
        #expect(decoded.briefs == ["0xd:USDC:out withdrawal 100 USDC out fee 0.002 ETH", "c1 deposit 100 USDC in"])
        #expect(decoded.count(.outgoing) == 1)
        let matches = TransferMatcher.resolve(decoded.transactions).matches.map { "\($0.withdrawal) -> \($0.deposit)" }
        #expect(matches == ["0xme/0xd:USDC:out -> coinbase/c1"])
    }

    @Test("only in: the deposits and the gas row stay as they are")
    func onlyIn() {
        let rows = [Explorer.normal("0xi", gas: "0.003"), Explorer.token("0xi", .in, "50", "AAA"), Explorer.token("0xi", .in, "7", "BBB")]
        let decoded = decoder.decode(rows)
        #expect(decoded.transactions == rows)
        #expect(decoded.count(.incoming) == 1)
    }

    @Test("gas only: a call whose tokens came back is a fee row; legs that cancel without gas leave nothing; a lone approval is kept")
    func gasOnly() {
        let cancelled = decoder.decode([
            Explorer.normal("0xz", gas: "0.004"), Explorer.token("0xz", .out, "5", "XYZ"), Explorer.token("0xz", .in, "5", "XYZ"),
        ])
        #expect(cancelled.briefs == ["0xz fee fee 0.004 ETH"])
        #expect(cancelled.count(.gasOnly) == 1)
        let nothing = decoder.decode([Explorer.token("0xn", .out, "5", "XYZ"), Explorer.token("0xn", .in, "5", "XYZ")])
        #expect(nothing.transactions.isEmpty && nothing.count(.nothing) == 1)
        let approval = [Explorer.normal("0xp", gas: "0.001")]
        #expect(decoder.decode(approval).transactions == approval && decoder.decode(approval).patterns.isEmpty)
    }

    @Test("rows the user made another kind, and rows without a hash, take no part")
    func otherKindsKept() {
        var airdrop = Explorer.token("0xe", .in, "100", "AIR")
        airdrop.kind = .income
        airdrop.incomeType = .airdrop
        var untagged = Explorer.token("0xe", .in, "3", "BBB")
        untagged.chainTransaction = nil
        let rows = [Explorer.normal("0xe", sends: "1", gas: "0.01"), airdrop, untagged]
        #expect(decoder.decode(rows).transactions == rows)
    }

    @Test("one hash in two of the user's wallets is not joined: matching makes it a transfer between them")
    func twoWallets() {
        let rows = [Explorer.normal("0xt", sends: "1", gas: "0.001"), Explorer.normal("0xt", receives: "1", wallet: "0xcold")]
        let decoded = decoder.decode(rows)
        #expect(decoded.transactions == rows)
        let matches = TransferMatcher.resolve(decoded.transactions).matches.map { "\($0.withdrawal) -> \($0.deposit)" }
        #expect(matches == ["0xme/0xt -> 0xcold/0xt"])
    }
}
