import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Binance samples from ../shared/data/exports/binance, each expectation read off the file by hand.
@Suite("Binance exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct BinanceTests {
    @Test("the statement's deliberately broken rows reject it, each named by line and column")
    func historyRejected() throws {
        let errors = try ExportSamples.rejection("binance/binance_history.csv")
        let futures = "cannot be imported: futures (funding fees, realized profit and loss) are not supported yet"
        #expect(errors.count == 5)
        #expect(errors.first == "binance/binance_history.csv:5: UTC_Time: missing time")
        // "ABC" is no Binance operation: refused, with the format's rule for operations it does not know.
        #expect(errors.dropFirst().first?.hasPrefix("binance/binance_history.csv:42: Operation: unknown type 'ABC': Harvest does not read") == true)
        #expect(Array(errors.dropFirst(2)) == [
            "binance/binance_history.csv:80: Operation: 'Funding Fee' \(futures)",
            "binance/binance_history.csv:81: Operation: 'Realized Profit and Loss' \(futures)",
            "binance/binance_history.csv:82: Operation: 'Realized Profit and Loss' \(futures)",
        ])
    }

    @Test("the statement without its broken rows: the rows of one trade share a time and become one trade")
    func history() throws {
        // Without line 5 (no time), 42 (operation ABC) and 80-82 (futures).
        let text = try ExportSamples.edited("binance/binance_history.csv", dropping: [5, 42, 80, 81, 82])
        let parsed = try ExportSamples.parse(text: text, file: "binance_history.csv")
        #expect(Array(parsed.briefs.prefix(15)) == [
            // 22:03:03: Transaction Related BNB +0.576474665 and EUR -245.25; the EUR deposit beside them is fiat.
            "2020-10-28 buy 245.25 EUR -> 0.576474665 BNB",
            "2020-10-30 buy 150 EUR -> 1.19592356 AXS",
            // Fee ETH -3.605E-05 is a fee, not part of the net ETH bought.
            "2020-10-30 buy 134.4719075 EUR -> 0.03605 ETH fee 0.00003605 ETH",
            // BETH is Binance's staked ETH: counted as ETH.
            "2020-11-01 income:staking 0.000004615 ETH in",
            "2020-11-01 income:reward 0.115147055 DAR in",
            // Two fills at 21:12:59: EUR 333.209174 + 59.089888, ETH 0.0148 + 0.08345; fees in BNB and in ETH: the BNB
            // fee is the trade's, the ETH fee comes off the ETH received (0.09825 - 0.00008345), so both count.
            "2020-11-03 buy 392.299062 EUR -> 0.09816655 ETH fee 0.00009009 BNB",
            "2020-11-04 income:staking 0.000092675 BNB in",
            "2020-11-12 trade 67.5 IOTA -> 0.001366875 BTC fee 0.0001057 BNB",
            // Dust to BNB, grouped by second: 20:22:20 (two SOL rows, two BNB rows) and 20:22:21.
            "2020-11-20 trade 0.002200335 SOL -> 0.000965195 BNB",
            "2020-11-20 trade 0.000009895 BTC -> 0.000969265 BNB",
            "2020-11-20 trade 336.5 DAR -> 1157.56 USDT fee 1.15756 USDT",
            "2020-11-20 trade 1146.3354 USDT -> 882 IOTA fee 0.882 IOTA",
            // "Withdraw fee is included": -0.16 is all that left.
            "2020-12-01 withdrawal 0.16 KNC out",
            // The float noise Binance wrote (0.9049715199999999) is kept exactly.
            "2020-12-01 trade 1.9156222799999999 ETH -> 0.20244869304439999 BTC fee 0.087689537396799996 BNB",
            "2020-12-02 trade 1146.3354 USDT -> 882 IOTA",
        ])
        #expect(Array(parsed.briefs.dropFirst(15)) == [
            // Lines 57 and 60 are the same reward twice; both are kept (nothing tells them apart from two payouts).
            "2023-01-13 income:staking 0.00001605 MATIC in",
            "2023-01-13 income:interest 0.00003634 BUSD in",
            "2023-01-13 income:staking 0.00001605 MATIC in",
            "2023-01-13 income:interest 0.00003634 BUSD in",
            "2023-06-05 trade 125.626918 BUSD -> 140.1195285 MATIC",
            "2023-06-10 income:reward 0.0080696 SUI in",
            // "Buy Crypto" by card: only the crypto is in the statement, so it arrives as a deposit (basis unknown).
            "2023-06-12 deposit 479.6780028 BUSD in",
            "2023-06-15 income:reward 0.35628294 BUSD in",
            "2023-06-15 income:reward 4.87068 BUSD in",
            "2023-07-25 trade 2641 USDC -> 2641.2641 USDT",
            "2023-07-28 trade 1.07 SOL -> 26.8249 USDT fee 0.00008316 BNB",
            "2023-09-29 trade 28.46106 USDT -> 0.017 ETH fee 0.00009883 BNB",
            "2024-01-01 buy 134.4719075 EUR -> 0.03605 ETH fee 0.00003605 ETH",
            // 26 fills of one order at 12:57:55.
            "2024-05-16 trade 0.14999997 BTC -> 2011.678 HIGH fee 2.011678 HIGH",
            "2024-09-12 trade 0.54321 ETH -> 1234 USDT",
            "2024-09-12 trade 0.54321 ETH -> 1234 USDT",
            // EUR against ETH and BTC at the same second: the statement cannot tell which euros bought which,
            // so the EUR (16.7170236) is split evenly and the transactions say so in their note.
            "2025-10-29 buy 8.3585118 EUR -> 0.003 ETH fee 0.00001334 BNB",
            "2025-10-29 buy 8.3585118 EUR -> 0.00007 BTC",
            "2025-11-10 trade 0.0627012 ETH -> 60 ZRX fee 0.06 ZRX",
            "2025-11-20 trade 25656 ZRX -> 35.45074574 ETH fee 0.03545075 ETH",
        ])
        #expect(parsed.rows[parsed.rows.count - 3].transaction.note.contains("split evenly from a 2-way conversion"))
        #expect(parsed.skipped == [
            "moves between Binance's spot, funding and futures accounts": 8,
            "moves between Binance's spot, savings and staking accounts": 7,
            "ETH staked as BETH (Binance's staked ETH, counted as ETH)": 2,
            "fiat deposits (fiat is not tracked)": 2,
            "'Deposit' rows that move nothing (zero or empty quantities)": 1,
        ])
    }

    @Test("the quoted layout: Buy, Sell and Fee rows of one second are one trade; Distribution is an airdrop")
    func privatefolio() throws {
        #expect(try ExportSamples.parse("binance/binance_privatefolio.csv").briefs == [
            "2017-12-04 deposit 0.000043 ETH in",
            "2017-12-04 deposit 1 ETH in",
            "2017-12-04 trade 0.4960368 ETH -> 80 IOTA fee 0.08 IOTA",
            "2017-12-04 trade 0.5040056 ETH -> 80 IOTA fee 0.08 IOTA",
            "2017-12-17 income:airdrop 0.0000006 ETF in",
            // 10:14:30: two IOTA sells (90 + 10) for 0.0553596 + 0.4982364 ETH, fees 0.00049824 + 0.00005536 ETH.
            "2017-12-27 trade 100 IOTA -> 0.553596 ETH fee 0.0005536 ETH",
            "2017-12-27 trade 9 IOTA -> 0.04982364 ETH fee 0.00004982 ETH",
            "2017-12-27 trade 0.029002 ETH -> 100 XLM fee 0.1 XLM",
            "2017-12-27 trade 0.127002 ETH -> 2 QTUM fee 0.002 QTUM",
            "2017-12-27 trade 0.010954 ETH -> 100 MANA fee 0.1 MANA",
        ])
    }

    @Test("the uabean statement: earn moves are internal, rewards income, Binance Pay a spend")
    func uabean() throws {
        let parsed = try ExportSamples.parse("binance/binance_uabean.csv")
        #expect(Array(parsed.briefs.prefix(9)) == [
            "2000-01-02 buy 1026.69615134 USD -> 1023.05320737 BUSD",
            "2000-01-03 trade 931.42075454 BUSD -> 0.02034238 BTC",
            "2000-01-04 income:reward 0.18598274 USDT in",
            "2000-01-04 buy 26485.06725145 UAH -> 1041.21706373 USDT fee 0.97265207 USDT",
            // Dust: UAH and BUSD into 0.0138304 BNB, split evenly (the rows do not say which bought how much).
            "2000-01-05 buy 0.86769501 UAH -> 0.0069152 BNB",
            "2000-01-05 trade 5.95185739 BUSD -> 0.0069152 BNB",
            "2000-01-06 trade 548.58043205 USDT -> 388.38298596 MATIC fee 0.00103959 BNB",
            "2000-01-06 income:reward 0.00020007 BNB in",
            "2000-01-07 trade 421.34313399 MATIC -> 747.2864421 USDT",
        ])
        #expect(Array(parsed.briefs.dropFirst(13)) == [
            "2000-01-11 income:interest 0.15907286 BUSD in",
            "2000-01-15 withdrawal 500.29 USDT out",
            "2000-01-16 income:airdrop 0.29976 ETHW in",
            // P2P: the fiat side is not in the statement; USDT leaving is a withdrawal.
            "2000-01-18 withdrawal 491.63 USDT out",
            "2000-01-19 trade 0.76854321 BUSD -> 0.001178626666666667 BNB",
            "2000-01-19 trade 0.08712345 TRX -> 0.001178626666666667 BNB",
            "2000-01-19 trade 0.000058 ETH -> 0.001178626666666666 BNB",
            "2000-01-20 trade 98.5 USDT -> 0.98 SOL fee 0.00022 BNB",
            "2000-01-20 income:reward 0.000045 BNB in",
            "2000-01-21 trade 0.95 SOL -> 175.5 USDT fee 0.0002 BNB",
            "2000-01-21 income:reward 0.00004 BNB in",
            "2000-01-22 withdrawal 700 USDT out",
            // MATIC to POL: Binance takes MATIC one day and distributes POL the next.
            "2000-01-23 withdrawal 500 MATIC out",
            "2000-01-24 deposit 500 POL in",
            "2000-01-25 spend 650 USDT out",
            "2000-01-26 withdrawal 1300 USDC out",
            "2000-01-27 trade 350 POL -> 80 FDUSD",
        ])
        #expect(parsed.skipped == [
            "moves between Binance's spot, savings and staking accounts": 6,
            "moves between Binance's spot, funding and futures accounts": 2,
            "fiat deposits (fiat is not tracked)": 1,
        ])
    }

    @Test("withdrawal history, auto-invest and ETH staking files")
    func otherFiles() throws {
        #expect(try ExportSamples.parse("binance/binance_withdrawals_cryptoTax_R_dataset.csv").briefs == [
            "2021-04-28 withdrawal 0.7129831 ETH out fee 0.000071 ETH",
            "2021-04-28 withdrawal 2.412512 LTC out fee 0.001 LTC",
            "2021-05-06 withdrawal 0.002224 ETH out fee 0.000062 ETH",
        ])
        // "5/1/2022 14:00" is read month first; the trading fee is counted on top of the amount per period.
        #expect(try ExportSamples.parse("binance/test_binance_autoinvest.csv").briefs == [
            "2022-05-01 trade 10 USDT -> 0.01 ETH fee 0.0025 USDT",
            "2022-05-01 trade 20 USDT -> 0.002 BTC fee 0.005 USDT",
        ])
        let staking = try ExportSamples.parse("binance/test_binance_betheth.csv")
        #expect(staking.rows.isEmpty && staking.skipped == ["ETH staked as BETH (Binance's staked ETH, counted as ETH)": 1])
    }

    @Test("a bad number names the file, line and column")
    func badNumber() throws {
        let text = try ExportSamples.edited("binance/binance_privatefolio.csv", replacing: [
            4: #""11680152","2017-12-04 20:51:10","Spot","Sell","ETH","-0.4960368O","""#,
        ])
        #expect(try ExportSamples.rejection(text: text, file: "binance.csv") == ["binance.csv:4: Change: '-0.4960368O' is not a number"])
    }
}
