import Foundation
import HarvestCore
import HarvestImport
import Testing

/// Gemini's sample from ../shared/data/exports/gemini, read off the file by hand.
@Suite("Gemini exports", .enabled(if: ExportSamples.available, Comment(rawValue: ExportSamples.skipMessage)))
struct GeminiTests {
    @Test("one Amount and Fee column per asset; the totals row at the end is skipped")
    func sample() throws {
        let parsed = try ExportSamples.parse("gemini/gemini_cryptoTax_R_dataset.csv")
        #expect(parsed.briefs == [
            "2021-04-09 deposit 0.165149778913637 LTC in",
            // Sell LTCBTC: LTC -0.246690598397776, BTC +0.000966278355603504, Fee (BTC) -2.30340864977892e-06
            // (its 20th decimal rounded half-even).
            "2021-04-09 trade 0.246690598397776 LTC -> 0.000966278355603504 BTC fee 0.000002303408649779 BTC",
            // Signed as the file writes them (this anonymised "Buy" row has BTC coming in).
            "2021-04-09 trade 0.00164082000032067 LTC -> 0.000006051911506802 BTC fee 0.000000036518099159 BTC",
            "2021-04-09 trade 0.000950730015077889 BTC -> 48.7195195851065 BAT fee 0.000001814241074308 BTC",
            "2021-04-10 deposit 2.18565523097012 LTC in",
            // An Administrative Credit is a credit like a deposit (basis unknown).
            "2021-04-10 deposit 0.000285025577645435 BTC in",
            "2021-04-19 withdrawal 0.00705342636528045 BTC out fee 0.000000265642840415 BTC",
            // Fee (LTC) 0.0 is no fee.
            "2021-04-19 withdrawal 0.550539317213699 LTC out",
            "2021-04-20 withdrawal 69.1402455104664 BAT out",
            "2021-05-08 deposit 2.83393478021026 BAT in",
            "2021-05-16 deposit 3.08528833128217 BAT in",
            "2021-05-16 deposit 5.00748146148167 BAT in",
            "2021-06-18 deposit 6.83432254285731 BAT in",
        ])
        #expect(parsed.rows[1].transaction.id == "21653474936.0")
        #expect(parsed.skipped == ["the totals row at the end (no type)": 1])
    }

    @Test("a bad number in a per-asset column names that column")
    func badNumber() throws {
        var lines = try ExportSamples.text("gemini/gemini_cryptoTax_R_dataset.csv").components(separatedBy: "\n")
        lines[1] = lines[1].replacingOccurrences(of: "0.165149778913637", with: "0.16514977891363?")
        #expect(try ExportSamples.rejection(text: lines.joined(separator: "\n"), file: "gemini.csv") == [
            "gemini.csv:2: LTC Amount LTC: '0.16514977891363?' is not a number",
        ])
    }
}
