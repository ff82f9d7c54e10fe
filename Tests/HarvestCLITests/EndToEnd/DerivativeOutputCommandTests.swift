import Foundation
import HarvestImport
import Testing
import HarvestTestSupport

/// Derivatives in the machine outputs (issue 17): `gains --format json` and `plan --format json|csv`.
@Suite("Derivatives in the machine outputs")
struct DerivativeOutputCommandTests {
    @Test("gains --format json: the derivative rows with their exact amounts after the spot document's keys")
    func gainsJSON() throws {
        // DerivativeCommandTests.file, hand-worked there: 2025 has MBTH25 closed (29,392.50 − 28,050 = 1,342.50) and METF26
        // marked at the year end (1,295 − 1,500 = −205), both §1256.
        let cli = try DerivativeCommandTests.prepared()
        let run = try cli.run("gains", "--format", "json", "--year", "2025")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix(#"{"disposals":[],"years":["#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["derivatives"] as? [[String: Any]]).map { $0.compactMapValues { $0 as? String } }
        #expect(rows.map { $0["instrument"] } == ["MBTH25", "METF26"])
        #expect(rows.map { $0["gain"].flatMap { Decimal(string: $0) } } == [Decimal(string: "1342.5"), Decimal(-205)])
        #expect(rows.map { $0["cost_basis"].flatMap { Decimal(string: $0) } } == [Decimal(28_050), Decimal(1_500)])
        #expect(rows.map { $0["term"] } == ["1256", "1256"] && rows.map { $0["kind"] } == ["close", "year_end_mark"])
        #expect(rows.map { $0["event_id"] } == ["f2", "METF26@2025-12-31"])
    }

    /// 2 ETH calls bought 2025-03-03 at 250, fee 3: carried 503; marked 120 on 2025-06-30: value 240, unrealized −263.
    /// Default profile (35% short, 5% discount over 5 years) and costs (10 + 20 bps a leg), nothing else realized:
    /// saved now 263 × 0.35 = 92.05; a roll's deferred tax 92.05 / 1.05^5 = 72.12; one leg 240 × 0.003 = 0.72, a roll
    /// two: 1.44; roll net 92.05 − 72.1236 − 1.44 = 18.49; close net 92.05 − 0.72 = 91.33 (DerivativeHarvestTests).
    static let call = HarvestCSV.columns.joined(separator: ",") + "," + HarvestDerivativesCSV.columns.joined(separator: ",") + """

        2025-03-03T12:00:00Z,open,deribit,,,,,3,USD,,,o1,,ETH-26SEP25-3000-C,option,ETH,2025-09-26,3000,call,1,USD,no,long,2,250,
        2025-06-30T12:00:00Z,settlement,deribit,,,,,,,,,m1,,ETH-26SEP25-3000-C,,,,,,,,,,,120,

        """

    @Test("plan --format json and csv: the roll proposal of a call at a loss, the same figures as the table")
    func planRoll() throws {
        let cli = try CLI()
        let imported = try cli.run("import", try cli.file("calls.csv", Self.call))
        #expect(imported.status == 0)
        let json = try cli.run("plan", "--as-of", "2025-06-30", "--format", "json")
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let proposals = try #require(object["derivatives"] as? [[String: Any]])
        let roll = try #require(proposals.first)
        #expect(proposals.count == 1 && roll["decision"] as? String == "harvest" && roll["instrument"] as? String == "ETH-26SEP25-3000-C")
        func amount(_ key: String) -> Decimal? { (roll[key] as? String).flatMap { Decimal(string: $0) } }
        #expect(amount("loss") == 263 && amount("tax_saved_now") == Decimal(string: "92.05") && amount("carried") == 503)
        #expect(amount("roll_cost") == Decimal(string: "1.44") && amount("close_cost") == Decimal(string: "0.72"))
        #expect(amount("close_net_benefit") == Decimal(string: "91.33"))
        #expect((roll["deferred_tax"] as? String)?.hasPrefix("72.12") == true)
        #expect(roll["mark"] as? String == "120" && roll["term"] as? String == "short")
        // No rule reaches ETH (crypto is property under the US rules by default): no hedge.
        #expect((object["hedges"] as? [Any])?.isEmpty == true)

        let csv = try cli.run("plan", "--as-of", "2025-06-30", "--format", "csv")
        #expect(csv.status == 0)
        #expect(csv.stdout.contains("\nderivative_decision,instrument,wallet,side,contracts,date_opened,term,mark_date,mark,carried,loss,"))
        #expect(csv.stdout.contains("\nharvest,ETH-26SEP25-3000-C,deribit,long,2,2025-03-03,short,2025-06-30,120,503.00,263.00,92.05,72.12,"
            + "1.44,18.49,0.72,91.33,o1,"))
        // The table's section has the same figures.
        let table = try cli.run("plan", "--as-of", "2025-06-30")
        #expect(table.stdout.contains("saves 92.05 now, deferred tax 72.12, costs 1.44: net 18.49"))
    }
}
