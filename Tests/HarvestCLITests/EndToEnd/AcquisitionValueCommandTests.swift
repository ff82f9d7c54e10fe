import Foundation
import Testing
import HarvestTestSupport

/// `received_value` and `donor_acquired` from the file to the figures: imported, listed, edited, added by hand.
@Suite("Two values on one row, from the command line")
struct AcquisitionValueCommandTests {
    /// HMRC's swap (CRYPTO22257): 5,000 token H worth £1,700 for 600 token G worth £1,920; the H cost £1,000, the G are
    /// sold for £2,000. UK: H 1,920 − 1,000 = 920; G 2,000 − 1,700 = 300. US: G 2,000 − 1,920 = 80.
    static let swap = """
        \(header),received_value
        2024-05-01T09:00:00Z,buy,w,1000,GBP,5000,H,,,,,b1,,
        2024-05-10T09:00:00Z,trade,w,5000,H,600,G,,,1700,,t1,,1920
        2024-06-10T09:00:00Z,sell,w,600,G,2000,GBP,,,,,s1,,

        """

    @Test("uk: proceeds are the value received and the new lot costs the value given; an edit of received_value counts")
    func swapInTheUK() throws {
        let cli = try CLI()
        #expect(try cli.run("settings", "set", "jurisdiction", "uk").status == 0)
        #expect(try cli.run("import", try cli.file("swap.csv", Self.swap)).status == 0)
        let csv = try cli.run("gains", "--format", "csv").stdout
        #expect(csv.contains("H,w,5000,2024-05-01,2024-05-10,1920.00,1000.00,0.00,920.00,"))
        #expect(csv.contains("G,w,600,2024-05-10,2024-06-10,2000.00,1700.00,0.00,300.00,"))
        // The value is listed, and an edit of it is checked and applied: G received worth 1,800 → H gains 800.
        #expect(try cli.run("tx", "list", "--format", "csv").stdout.contains(",1920,"))
        #expect(try cli.run("tx", "edit", "w/t1", "--set", "received_value=1800").status == 0)
        #expect(try cli.run("gains", "--format", "csv").stdout.contains("H,w,5000,2024-05-01,2024-05-10,1800.00,1000.00,0.00,800.00,"))
        let refused = try cli.run("tx", "edit", "w/b1", "--set", "received_value=5")
        #expect(refused.status == 65 && refused.stderr.contains("received_value: only a trade"))
    }

    @Test("us: a gift added by hand with the donor's basis, fair value and day: Pub 551's loss from the fair value")
    func giftInTheUS() throws {
        let cli = try CLI()
        #expect(try cli.run("settings", "set", "jurisdiction", "us").status == 0)
        let added = try cli.run("tx", "add", "--timestamp", "2024-03-01", "--type", "gift_in", "--wallet", "w", "--received", "1 BTC",
                                "--value", "10000", "--received-value", "8000", "--donor-acquired", "2020-02-01", "--tx-id", "g1")
        #expect(added.status == 0)
        #expect(try cli.run("tx", "add", "--timestamp", "2024-06-03", "--type", "sell", "--wallet", "w", "--sent", "1 BTC",
                            "--received", "7000 USD", "--tx-id", "s1").status == 0)
        // Sold for 7,000: a loss from the fair value, 7,000 − 8,000 = −1,000, short-term (held from the gift).
        let csv = try cli.run("gains", "--format", "csv").stdout
        #expect(csv.contains("BTC,w,1,2024-03-01,2024-06-03,7000.00,8000.00,0.00,-1000.00,short,g1,s1"))
        let late = try cli.run("tx", "add", "--timestamp", "2024-03-01", "--type", "gift_in", "--wallet", "w", "--received", "1 BTC",
                               "--value", "100", "--donor-acquired", "2024-04-01")
        #expect(late.status == 65 && late.stderr.contains("--donor-acquired: '2024-04-01' is after the gift itself"))
    }
}
