import Foundation
import HarvestTestSupport
import Testing

/// A new user's first hour, as issue 12 tells it: a Coinbase export, a Kraken ledger and the three Etherscan exports of one
/// MetaMask address, imported as they are; then `harvest problems`, and its commands, until the report is complete.
@Suite(
    "A real history in: exports imported, problems listed and resolved by commands, a complete report",
    .enabled(if: SharedData.exists("data/exports") && SharedData.exists("data/prices"),
             "../shared/data/exports or ../shared/data/prices is absent: the journey is not run"))
struct JourneyTests {
    static let address = "0x003dc32fe920a4aaeed12dc87e145f030aa753f3"

    static func shared(_ path: String) -> String { SharedData.folder(path).path }

    /// Seconds since 1970 of `YYYY-MM-DD` (UTC midnight), and back.
    static func day(_ text: String) -> TimeInterval? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    static func iso(_ seconds: TimeInterval) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    @Test("every swap is a trade, no transfer stays within one wallet, and after the problems' commands the year reports")
    func journey() throws {
        let cli = try CLI()
        let exports = [
            "data/exports/coinbase/GhostfolioSidekick_BuyOrders_single_buy.csv", "data/exports/kraken/ledgers_uabean.csv",
            "data/exports/etherscan/privatefolio_0x003dc_etherscan.csv", "data/exports/etherscan/privatefolio_0x003dc_etherscan-erc20.csv",
            "data/exports/etherscan/privatefolio_0x003dc_etherscan-internal.csv",
        ].map(Self.shared)
        // Each file on its own, as a user downloads them one by one.
        for file in exports { #expect(try cli.run("import", file).status == 0, "\(file)") }

        // The swap of 2018-11-07 (0.05 ETH for 10.87... SAI, gas 0.0003835134 ETH) is one trade.
        let swap = try cli.run("tx", "list", "--kind", "trade", "--from", "2018-11-07", "--to", "2018-11-07", "--format", "csv")
        #expect(swap.stdout.contains(",trade,,\(Self.address),0.05,ETH,10.870608209370040482,SAI,0.0003835134,ETH,"))
        // No withdrawal and deposit of one on-chain transaction is left as a transfer candidate pair: every hash whose
        // legs are one asset out and another in is a trade.
        let trades = try cli.run("tx", "list", "--kind", "trade", "--wallet", Self.address, "--format", "csv").stdout
        #expect(trades.split(separator: "\n").count - 1 >= 98)

        // No transfer is matched within one wallet (before decoding and the rule, 49 such pairs were).
        let transfers = try cli.run("transfers", "--format", "csv").stdout.split(separator: "\n").dropFirst()
        for row in transfers where row.hasPrefix("matched") {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            let from = cells[2].split(separator: "/").first, to = cells[3].split(separator: "/").first
            #expect(from != to, "\(row)")
        }

        // Prices for what they hold and trade: ETH and USDC (the shared price history).
        #expect(try cli.run("prices", "import", Self.shared("data/prices/ETH-USD.csv"), Self.shared("data/prices/USDC-USD.csv")).status == 0)

        // What is left, as the user sees it: ranked, with commands; csv for the test to act on.
        let problems = try cli.run("problems", "--as-of", "2025-02-11", "--format", "csv")
        #expect(problems.status == 0)
        let listed: [[String]] = problems.stdout.split(separator: "\n").dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let kinds = Set(listed.map { $0[0] })
        #expect(kinds.isSubset(of: ["missing-price", "unknown-asset", "unmatched-deposit", "unmatched-withdrawal", "stale-price"]))
        #expect(kinds.contains("unmatched-deposit") && kinds.contains("unmatched-withdrawal"))
        let table = try cli.run("problems", "--as-of", "2025-02-11")
        let tableLines: [Substring] = table.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(tableLines.prefix { !$0.isEmpty }.allSatisfy { $0.count <= 80 })

        // Resolve them by commands, as the list says:
        for problem in listed {
            let refs = (problem.last ?? "").split(separator: ";").map(String.init)
            switch problem[0] {
            case "missing-price", "unknown-asset":
                // Assets the shared price history lacks (LP tokens, airdrops, and USDC in 2000 in Kraken's sample): the
                // user finds their closes and imports them, as the list says (`harvest prices import ASSET-USD.csv`).
                // Here every day from the first row to the last closes at 1.00.
                let (asset, first, last) = (problem[1], problem[5], problem[6])
                #expect(problem[10].hasPrefix("harvest prices import \(asset)-USD.csv"))
                var closes = "date,close\n"
                var day = try #require(Self.day(first))
                while let end = Self.day(last), day <= end {
                    closes += "\(Self.iso(day)),1.00\n"
                    day += 86_400
                }
                #expect(try cli.run("prices", "import", try cli.file("\(asset)-USD.csv", closes)).status == 0, "\(asset)")
                #expect(!refs.isEmpty)
                // A trade decoded from a transaction of several assets is named `hash#N`: not a stored row, and said so.
                for ref in refs where ref.contains("#") {
                    let shown = try cli.run("tx", "show", ref)
                    #expect(shown.status == 65 && shown.stderr.contains("decoded from the on-chain transaction of row #"), "\(ref)")
                }
                // One row of Kraken's is also given its value by hand, which every report then marks as edited.
                if refs.contains("kraken/TX-ID8") {
                    #expect(try cli.run("tx", "edit", "kraken/TX-ID8", "--value", "1.12", "--note", "the day's USDC rate").status == 0)
                }
            case "unmatched-deposit", "unmatched-withdrawal":
                // One decision covers a wallet's rows of one asset: they came from, or went to, wallets not tracked here.
                let side = problem[0] == "unmatched-deposit" ? "deposit" : "withdrawal"
                let result = try cli.run(
                    "transfers", "mark-external", "--all", "--wallet", problem[2], "--asset", problem[1], "--kind", side,
                    "--as", "untracked")
                #expect(result.status == 0, "\(problem)")
            default: break
            }
        }
        let after = try cli.run("problems", "--as-of", "2025-02-11", "--format", "csv")
        #expect(after.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("stale-price") }, "\(after.stdout)")

        // The report: no --allow-missing-basis, and not even the default's zero basis: the first gap would stop it.
        #expect(try cli.run("settings", "set", "missing-basis", "error").status == 0)
        for year in ["2019", "2020", "2021"] {
            let gains = try cli.run("gains", "--year", year)
            #expect(gains.status == 0, "\(year): \(gains.stderr)")
        }
        // Kraken's staking reward valued by hand: the year's summary says its figures rest on an edit.
        #expect(try cli.run("gains", "--year", "2000").stdout.contains("rest on transactions you edited"))
        // The edits survive a re-import of the same files.
        for file in exports { #expect(try cli.run("import", file).stdout.contains(" 0 added"), "\(file)") }
        #expect(try cli.run("gains", "--year", "2020").status == 0)
    }
}
