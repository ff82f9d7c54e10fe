import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Bitvavo samples from ../shared/data/exports/bitvavo, each expectation read off the file by hand.
@Suite("Bitvavo exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct BitvavoTests {
    let bitvavo = "bitvavo/GhostfolioSidekick_"

    func briefs(_ name: String) throws -> [String] { try ExportSamples.parse(bitvavo + name, base: "EUR").briefs }

    @Test("buys and sells: the EUR paid or received, the fee, times in the row's Timezone")
    func trades() throws {
        let buy = try ExportSamples.parse(bitvavo + "BuyOrders_single_buy.csv", base: "EUR")
        #expect(buy.briefs == ["2023-12-13 buy 25 EUR -> 34.75825253 STORJ fee 0.0623441398262 EUR value 25"])
        // 14:39:02.473 in Europe/Amsterdam (UTC+1 in December) is 13:39:02.473 UTC.
        let expected = try #require(Timestamp.parse("2023-12-13T13:39:02.473Z", zone: .utc))
        #expect(buy.rows[0].transaction.timestamp == expected.instant)
        #expect(buy.rows[0].transaction.id == "16eed6ae-65f9-4a9d-8f19-bd66a75fc745")
        #expect(try briefs("SellOrders_single_sell.csv") == ["2023-12-13 sell 45.802549 ADA -> 25.93 EUR fee 0.04645763986 EUR value 25.93"])
    }

    @Test("crypto deposits and withdrawals are transfer candidates; rewards are income, in EUR or crypto")
    func transfersAndIncome() throws {
        #expect(try briefs("Receive_single_receive.csv") == ["2023-10-13 deposit 15.586311 ATOM in"])
        // A fee of "0" is no fee; the row has no Address field at all.
        #expect(try briefs("Send_single_send.csv") == ["2023-09-07 withdrawal 87.339658 XLM out"])
        #expect(try briefs("Specials_single_affiliate.csv") == ["2023-05-15 income:reward 0.03 EUR in"])
        #expect(try briefs("Specials_single_rebate.csv") == ["2023-04-25 income:reward 0.06 EUR in"])
        #expect(try briefs("Specials_single_campaign.csv") == ["2023-04-21 income:reward 10 EUR in"])
        #expect(try briefs("Specials_single_stakingreward.csv") == ["2023-12-11 income:staking 0.00000272 AXS in"])
        #expect(try briefs("Specials_single_fixedstakingreward.csv") == ["2023-12-11 income:staking 0.00000272 AXS in"])
    }

    @Test("skipped: fiat deposits and withdrawals, pending rows; rejected: an unknown type")
    func skippedAndRejected() throws {
        #expect(try ExportSamples.parse(bitvavo + "CashTransactions_single_deposit.csv").skipped == ["fiat deposits (fiat is not tracked)": 1])
        #expect(try ExportSamples.parse(bitvavo + "CashTransactions_single_withdrawal.csv").skipped == ["fiat withdrawals (fiat is not tracked)": 1])
        let pending = try ExportSamples.parse(bitvavo + "Invalid_single_buy_pending.csv")
        #expect(pending.rows.isEmpty && pending.skipped == ["rows Bitvavo had not completed (pending, canceled or failed)": 1])
        #expect(try ExportSamples.rejection(bitvavo + "Invalid_invalid_type.csv") == [
            "bitvavo/GhostfolioSidekick_Invalid_invalid_type.csv:2: Type: unknown type 'invalid' (known: affiliate, buy, campaign, "
                + "campaign_new_user_incentive, deposit, fixed_staking, rebate, sell, staking, withdrawal)",
        ])
    }

    @Test("the full export: withdrawal fees in the asset withdrawn, staking rewards, EUR deposits skipped")
    func fullExport() throws {
        let parsed = try ExportSamples.parse("bitvavo/bitvavo-export_ExportToGhostfolio.csv", base: "EUR")
        #expect(Array(parsed.briefs.prefix(9)) == [
            // The file gives this withdrawal a fee of 1 ETH; read as written.
            "2023-11-30 withdrawal 0.010713949999999999 ETH out fee 1 ETH",
            "2023-11-30 buy 10 EUR -> 0.0053543 ETH fee 0.02600996 EUR value 10",
            "2023-11-30 buy 4.83 EUR -> 0.00258836 ETH fee 0.00788532 EUR value 4.83",
            "2023-11-30 buy 5.18 EUR -> 0.00277129 ETH fee 0.01708673 EUR value 5.18",
            "2023-11-30 buy 19.03 EUR -> 0.00054923 BTC fee 0.0376266 EUR value 19.03",
            "2023-11-30 buy 5.96 EUR -> 0.00017214 BTC fee 0.01359584 EUR value 5.96",
            "2023-05-19 withdrawal 0.0009999 BTC out fee 0.0002 BTC",
            "2023-05-19 buy 25 EUR -> 0.0009999 BTC fee 0.062494 EUR value 25",
            "2023-02-20 withdrawal 0.00053279 BTC out fee 0.00003 BTC",
        ])
        #expect(parsed.briefs.contains("2023-01-30 sell 286.98 XLM -> 24.63 EUR fee 0.06376806 EUR value 24.63"))
        #expect(parsed.briefs.contains("2023-01-09 withdrawal 32.156874000000003 USDT out fee 5.4 USDT"))
        // Nine staking rewards: ETH, BTC and ADA on three days; an empty fee cell is no fee.
        #expect(parsed.briefs.suffix(9) == [
            "2022-11-14 income:staking 0.00001819 ETH in",
            "2022-11-14 income:staking 0.0000009 BTC in",
            "2022-11-14 income:staking 0.120549 ADA in",
            "2022-11-07 income:staking 0.00001819 ETH in",
            "2022-11-07 income:staking 0.0000009 BTC in",
            "2022-11-07 income:staking 0.120452 ADA in",
            "2022-10-31 income:staking 0.00001727 ETH in",
            "2022-10-31 income:staking 0.00000084 BTC in",
            "2022-10-31 income:staking 0.120356 ADA in",
        ])
        #expect(parsed.rows.count == 27)
        #expect(parsed.skipped == ["fiat deposits (fiat is not tracked)": 6, "fiat withdrawals (fiat is not tracked)": 1])
    }

    @Test("a bad time zone or number names the file, line and column")
    func errors() throws {
        let text = try ExportSamples.edited(bitvavo + "Receive_single_receive.csv", replacing: [
            2: "Europe/Atlantis,2023-10-13,22:38:36,deposit,ATOM,15.58631l,,,,,,,Completed,af86c3d8-ff57-4866-b6ce-7a549db31eda,",
        ])
        #expect(try ExportSamples.rejection(text: text, file: "bitvavo.csv") == [
            "bitvavo.csv:2: Timezone: 'Europe/Atlantis' is not a time zone",
            "bitvavo.csv:2: Amount: '15.58631l' is not a number",
        ])
    }
}
