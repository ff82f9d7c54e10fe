import Foundation
import Testing
import HarvestTestSupport

/// Long outputs end to end, as a user gets them: a generated history of 4,000 transactions (about 5,000 disposal rows),
/// its gains as JSON (valid, every row), and its table whole in a pipe but cut short on a terminal, with the note.
@Suite("Streamed output, end to end", .serialized)
struct StreamedOutputTests {
    /// A scratch database holding `harvest generate --transactions 4000 --seed 7`.
    static func generated() throws -> CLI {
        let cli = try CLI()
        let generated = try cli.run("generate", "--transactions", "4000", "--seed", "7")
        #expect(generated.status == 0)
        let imported = try cli.run("import", try cli.file("history.csv", generated.stdout))
        #expect(imported.status == 0, "\(imported.stderr)")
        return cli
    }

    @Test("gains --format json is valid JSON with a row for each CSV row; tx list and holdings JSON parse too")
    func json() throws {
        let cli = try Self.generated()
        let csvRows = try cli.run("gains", "--format", "csv").stdout.split(separator: "\n").count - 1
        #expect(csvRows > 2000)
        let gains = try cli.run("gains", "--format", "json")
        #expect(gains.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(gains.stdout.utf8)) as? [String: Any])
        #expect((document["disposals"] as? [[String: Any]])?.count == csvRows)
        #expect((document["years"] as? [[String: Any]])?.isEmpty == false)
        let transactions = try cli.run("tx", "list", "--format", "json")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(transactions.stdout.utf8)) as? [String: Any])
        #expect((listed["transactions"] as? [[String: Any]])?.count == 4000)
        let holdings = try cli.run("holdings", "--as-of", "2030-01-01", "--format", "json")
        let lots = try #require(try JSONSerialization.jsonObject(with: Data(holdings.stdout.utf8)) as? [String: Any])
        #expect((lots["lots"] as? [[String: Any]])?.isEmpty == false)
    }

    /// `script` runs the command on a pseudo-terminal (util-linux), as a user at a terminal would.
    static let script = "/usr/bin/script"

    @Test("the table: every row into a pipe; on a terminal the first 2,000 and a note saying how many more and how to see them",
          .enabled(if: FileManager.default.isExecutableFile(atPath: StreamedOutputTests.script)))
    func table() throws {
        let cli = try Self.generated()
        let csvRows = try cli.run("gains", "--format", "csv").stdout.split(separator: "\n").count - 1
        let piped = try cli.run("gains").stdout
        #expect(!piped.contains("not shown"))
        #expect(Self.rows(piped) == csvRows, "a pipe gets the whole table")

        var environment = ProcessInfo.processInfo.environment
        environment["HARVEST_DB"] = cli.database
        func onTerminal(_ arguments: String) throws -> String {
            let command = "'\(CLI.executable.path)' \(arguments)"
            let output = try cli.run(executable: URL(fileURLWithPath: Self.script), ["-qec", command, "/dev/null"], environment: environment)
            return output.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        }
        let shown = try onTerminal("gains")
        #expect(shown.contains("... \(Self.grouped(csvRows - 2000)) more rows not shown (the first 2,000 of \(Self.grouped(csvRows)) are above). "
            + "`--all` shows every row here"), "\(shown.suffix(2000))")
        #expect(Self.rows(shown) == 2000)
        #expect(shown.contains("Tax year"), "the year summaries follow")
        let all = try onTerminal("gains --all")
        #expect(!all.contains("not shown"))
        #expect(Self.rows(all) == csvRows)
    }

    /// The table's rows: the lines that start with the date sold.
    static func rows(_ table: String) -> Int {
        table.split(separator: "\n").count { line in
            let bytes = Array(line.utf8.prefix(10))
            return bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
                && bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) }
        }
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ number: Int) -> String {
        var text = String(number)
        var index = text.count - 3
        while index > 0 {
            text.insert(",", at: text.index(text.startIndex, offsetBy: index))
            index -= 3
        }
        return text
    }
}
