import Foundation
import HarvestTestSupport
import Testing

/// OKX's trading history through `harvest import`: its futures and swap rows are derivative events, its spot rows are
/// read and stored as `okx-trading` reads and stores them (README "Derivatives from exchange exports").
@Suite("OKX's trading history with derivatives from the command line")
struct OKXDerivativesCommandTests {
    static let header = "id,Order id,Time,Trade Type,Instrument,Type,Amount,Unit,PL,Fee,Position Change,Position Balance,Balance Change,Balance,Unit"

    @Test("a spot trade imported before as okx-trading is not imported again with the file's derivative rows")
    func spotRowsKeepTheirSource() throws {
        let cli = try CLI()
        // Made up, in the layout of BittyTax's catalog: one spot trade (two rows of one id), then the same file downloaded
        // later with a perpetual's opening and closing fills.
        let spot = Self.header + "\n"
            + "5001,9001,2025-03-01 12:00:00,Spot,BTC-USDT,Buy,0.01,BTC,0,-0.00001,0,0,0.00999,0.00999,BTC\n"
            + "5001,9001,2025-03-01 12:00:00,Spot,BTC-USDT,Sell,600,USDT,0,0,0,0,-600,1400,USDT\n"
        let first = try cli.run("import", "--format", "okx-trading", try cli.file("okx-march.csv", spot))
        #expect(first.status == 0)
        #expect(first.stdout.contains("okx-march.csv: 1 added, 0 duplicate(s) skipped"))

        let whole = spot
            + "6001,9101,2025-03-02 09:00:00,Perpetual,BTC-USDT-SWAP,Open long,10,cont,0,-3,10,10,-3,1397,USDT\n"
            + "6002,9102,2025-03-03 09:00:00,Perpetual,BTC-USDT-SWAP,Close long,10,cont,50,-3.025,-10,0,46.975,1442.775,USDT\n"
        let path = try cli.file("okx-all.csv", whole)
        let again = try cli.run("import", path)
        #expect(again.status == 0)
        #expect(again.stdout.contains("okx-all.csv: 0 added, 1 duplicate(s) skipped"))
        #expect(again.stdout.contains("okx-all.csv: 2 derivative event(s) added, 0 duplicate(s) skipped, 1 instrument(s) added"))
        let third = try cli.run("import", path)
        #expect(third.stdout.contains("okx-all.csv: 0 derivative event(s) added, 2 duplicate(s) skipped, 0 instrument(s) added"))
    }
}
