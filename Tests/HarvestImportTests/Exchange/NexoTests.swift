import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Nexo samples from ../shared/data/exports/nexo, each expectation read off the file by hand.
@Suite("Nexo exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct NexoTests {
    let nexo = "nexo/GhostfolioSidekick_"

    func briefs(_ name: String, base: String = "USD") throws -> [String] { try ExportSamples.parse(nexo + name, base: base).briefs }

    @Test("exchanges: EURX, GBPX and USDX are Nexo's fiat tokens, so EURX for USDC is a buy")
    func exchanges() throws {
        // The USD Equivalent ($161.9) is kept as the value when the base currency is USD.
        #expect(try briefs("BuyOrders_single_buy.csv") == ["2023-08-25 buy 150 EUR -> 161.90485771 USDC value 161.9"])
        #expect(try briefs("BuyOrders_single_buy.csv", base: "EUR") == ["2023-08-25 buy 150 EUR -> 161.90485771 USDC"])
        #expect(try briefs("BuyOrders_single_convert.csv") == ["2023-10-08 trade 200 USDC -> 0.00716057 BTC value 199.76"])
        #expect(try briefs("SellOrders_single_sell.csv") == ["2023-08-25 sell 161.90485771 USDC -> 150 EUR value 161.9"])
        // The Fee column's "-" is no fee.
        #expect(try briefs("Specials_single_exchange.csv") == ["2024-02-10 trade 0.00707603 BTC -> 339.64944 USDT value 339.7"])
        // Dual Investment writes what it takes as a positive Input Amount.
        #expect(try briefs("Specials_single_dual_investment_exchange.csv") == ["2026-02-27 trade 901.07 USDC -> 0.01 BTC value 901.04"])
    }

    @Test("interest, cashback and referral bonuses are income; deposits and withdrawals transfer candidates")
    func incomeAndTransfers() throws {
        #expect(try briefs("CashTransactions_single_interest.csv") == ["2024-01-06 income:interest 0.00140202 EUR in value 0"])
        #expect(try briefs("CashTransactions_single_interest_fixed_term.csv") == ["2024-01-06 income:interest 0.00140202 EUR in value 0"])
        #expect(try briefs("Interest_single_interest_crypto.csv") == ["2023-09-21 income:interest 0.001843 USDC in value 0.00184294"])
        #expect(try briefs("Specials_single_interest_crypto.csv") == ["2024-01-10 income:interest 0.00000083 BTC in value 0.03"])
        #expect(try briefs("Specials_single_cashback_crypto.csv") == ["2023-10-12 income:reward 0.0000004 BTC in value 0.01072444"])
        #expect(try briefs("Specials_single_cashback_fiat.csv") == ["2023-10-08 income:reward 0.06548358 EUR in value 0.069416"])
        #expect(try briefs("Specials_single_referralbonus_approved.csv") == ["2023-08-25 income:reward 0.00096332 BTC in value 24.99994125"])
        #expect(try briefs("ReceiveSend_single_receive.csv") == ["2023-12-07 deposit 9.3283582 OP in value 19.35"])
        // The Input Amount (0.03876226) is what left; the Output (0.03872433) arrived after the 0.00003792 fee.
        #expect(try briefs("ReceiveSend_single_withdrawal.csv") == ["2025-11-27 withdrawal 0.03876226 ETH out value 117.55"])
        let dual = try ExportSamples.parse(nexo + "Specials_single_dual_invest.csv")
        #expect(dual.briefs == ["2025-04-03 income:interest 0.000016 BTC in value 1.34"])
        #expect(dual.skipped == ["moves between Nexo's savings, term, credit line and dual investment wallets": 2])
    }

    @Test("skipped: fiat in and out, term deposits, pending rows; rejected: an unknown type, fiat for the same fiat")
    func skippedAndRejected() throws {
        let fiat = "fiat moving in and out of Nexo, and to and from its fiat tokens (fiat is not tracked)"
        #expect(try ExportSamples.parse(nexo + "CashTransactions_single_deposit.csv").skipped == [fiat: 2])
        #expect(try ExportSamples.parse(nexo + "CashTransactions_single_withdrawal.csv").skipped == [fiat: 2])
        let wallets = "moves between Nexo's savings, term, credit line and dual investment wallets"
        #expect(try ExportSamples.parse(nexo + "Specials_single_lock_fix_term.csv").skipped == [wallets: 1])
        #expect(try ExportSamples.parse(nexo + "Specials_single_unlock_fix_term.csv").skipped == [wallets: 1])
        // The status leads the Details column: "pending / Referral bonus".
        let pending = try ExportSamples.parse(nexo + "Specials_single_referralbonus_pending.csv")
        #expect(pending.rows.isEmpty && pending.skipped == ["rows Nexo had not approved (pending or rejected)": 1])

        let unknown = try ExportSamples.rejection(nexo + "Invalid_invalid_action.csv")
        #expect(unknown.count == 1 && unknown[0].hasPrefix("nexo/GhostfolioSidekick_Invalid_invalid_action.csv:2: Type: unknown type 'Unknown' (known: "))
        // EURX -200 for EURX 0.00716057: both sides are euros, so nothing was bought.
        #expect(try ExportSamples.rejection(nexo + "Invalid_fiat_to_fiat.csv") == [
            "nexo/GhostfolioSidekick_Invalid_fiat_to_fiat.csv:2: Type: 'Exchange' is a trade but only one side is in the file: it moves 199.99283943 EUR out",
        ])
    }

    @Test("nexo.csv: a transaction id reused by different rows rejects it; the rest imports")
    func nexoCSV() throws {
        #expect(try ExportSamples.rejection("nexo/nexo.csv") == ["nexo/nexo.csv:11: Transaction: id 'NXTabcdefghij' is already used by a different row on line 7"])
        let parsed = try ExportSamples.parse(text: try ExportSamples.edited("nexo/nexo.csv", dropping: [11]), file: "nexo.csv")
        #expect(parsed.briefs == [
            "2022-02-01 income:interest 127.5520683 GBP in value 166.15914566",
            "2022-03-22 deposit 3050 MATIC in value 4639.42515",
            "2022-03-22 deposit 5 MATIC in value 7.6345",
            "2022-03-01 income:reward 0.10000001 NEXO in value 0.40174998",
            "2022-04-13 deposit 595.92 USDC in value 595.62204",
            "2022-04-17 buy 54 GBP -> 0.0017316 BTC value 69.85",
            "2022-04-20 income:interest 1.09246793 USDC in value 1.09",
            "2022-07-14 income:interest 0.00178799 ETH in value 1.98",
            // Lines 22 and 23 are the same withdrawal twice: imported once.
            "2022-04-17 withdrawal 0.0017316 BTC out value 69.86150519",
            "2024-12-28 income:interest 5.37250072 NEXO in value 7.19",
            "2024-12-28 income:interest 0.121798 USDC in value 0.12",
            "2024-12-23 income:reward 1.285392 USDC in value 1.29",
            "2024-09-24 deposit 703.853838 USDC in value 704.32",
            // Referral bonuses with an empty Output: the Input is what was received.
            "2024-08-23 income:reward 0.00001953 BTC in value 1.18",
            "2024-06-24 income:reward 0.00007929 BTC in value 5",
            "2024-12-23 buy 500 EUR -> 514.156795 USDC value 514.17",
            "2023-06-07 deposit 2.73209017 LUNA2 in value 2.09",
            // USDC sold to repay a loan.
            "2022-07-01 spend 0.169629 USDC out value 0.17",
        ])
        #expect(parsed.duplicatesInFile == 1)
        #expect(parsed.skipped == [
            "loan repayments in fiat (fiat is not tracked)": 2,
            "fiat moving in and out of Nexo, and to and from its fiat tokens (fiat is not tracked)": 6,
            "rows Nexo had not approved (pending or rejected)": 2,
            // Card payments: USD for GBP and USD for EUR.
            "fiat-to-fiat conversions (fiat is not tracked)": 2,
            "'Liquidation' rows whose legs cancel out (e.g. fiat bought with the same fiat)": 1,
            "moves between Nexo's savings, term, credit line and dual investment wallets": 5,
            // Loan interest charged in USD, with an empty Output.
            "'Interest' rows that move nothing (zero or empty quantities)": 1,
        ])
    }

    @Test("the uabean layout (Outstanding Loan column, Date / Time header) and the pre-2022 layout")
    func otherLayouts() throws {
        #expect(try ExportSamples.parse("nexo/nexo_uabean.csv").briefs == [
            "2022-11-05 withdrawal 10050.2 USDT out value 10054.5",
            "2022-10-25 income:interest 10.5 USDC in value 10.5",
            "2022-10-12 trade 2050.1 BUSD -> 2042.5 USDC value 2042.5",
            "2022-10-11 deposit 2050.1 BUSD in value 2050.1",
        ])
        #expect(try ExportSamples.rejection("nexo/corrupt_nexo.csv") == [
            "nexo/corrupt_nexo.csv:1: Nexo transactions export, the layout before 2022 (one Currency and Amount column): this older layout has one "
                + "Currency and Amount per row, so an exchange shows only one of its sides; download the transactions again from Nexo "
                + "(the current export has Input and Output columns)",
        ])
    }

    @Test("a bad number names the file, line and column")
    func badNumber() throws {
        let text = try ExportSamples.edited(nexo + "Specials_single_interest_crypto.csv", replacing: [
            2: #"NXT4t20tunYP8Bjy5diZEOCk7,Interest,BTC,0.00000083,BTC,0.0000008x,$0.03,"approved / BTC Interest Earned",2024-01-10 06:00:00"#,
        ])
        #expect(try ExportSamples.rejection(text: text, file: "nexo.csv") == ["nexo.csv:2: Output Amount: '0.0000008x' is not a number"])
    }
}
