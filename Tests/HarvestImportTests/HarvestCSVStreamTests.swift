import Foundation
import HarvestCore
import HarvestImport
import Testing

/// `HarvestCSV.stream`: the rows of a large file handed over in chunks, for a writer on another thread.
@Suite("Harvest CSV read in chunks")
struct HarvestCSVStreamTests {
    /// Seven buys on consecutive days, ids t1...t7; the fifth repeats the second exactly (a duplicate of the file).
    static let text = """
        \(header)
        2024-01-01T10:00:00Z,buy,kraken,100,USD,0.01,BTC,,,,,t1,
        2024-01-02T10:00:00Z,buy,kraken,200,USD,0.02,BTC,,,,,t2,
        2024-01-03T10:00:00Z,buy,kraken,300,USD,0.03,BTC,,,,,t3,
        2024-01-04T10:00:00Z,buy,kraken,400,USD,0.04,BTC,,,,,t4,
        2024-01-02T10:00:00Z,buy,kraken,200,USD,0.02,BTC,,,,,t2,
        2024-01-06T10:00:00Z,buy,kraken,600,USD,0.06,BTC,,,,,t6,
        2024-01-07T10:00:00Z,buy,kraken,700,USD,0.07,BTC,,,,,t7,

        """

    @Test("chunks of 2 rows hold, in order, exactly the rows parse reads; the duplicate is counted, not handed over")
    func sameAsParse() throws {
        var chunks: [[ImportedRow]] = []
        let duplicates = try HarvestCSV.stream(Self.text, file: "f.csv", chunkRows: 2) { chunks.append($0) }

        #expect(chunks.map(\.count) == [2, 2, 2])
        #expect(chunks.flatMap { $0 } == (try HarvestCSV.parse(Self.text, file: "f.csv")).rows)
        #expect(chunks.flatMap { $0 }.map(\.transaction.id) == ["t1", "t2", "t3", "t4", "t6", "t7"])
        #expect(duplicates == 1)
    }

    @Test("after a bad row nothing more is handed over, and every error of the file is thrown at the end")
    func errors() {
        // Line 4 (t3) has a bad quantity; line 8 (t7) an unknown type.
        let text = Self.text.replacingOccurrences(of: "300,USD", with: "3x0,USD").replacingOccurrences(of: "buy,kraken,700", with: "bye,kraken,700")
        var handed: [String] = []
        #expect {
            _ = try HarvestCSV.stream(text, file: "f.csv", chunkRows: 2) { handed += $0.map(\.transaction.id) }
        } throws: { error in
            guard let failure = error as? ImportFailure else { return false }
            return failure.errors.map(\.line) == [4, 8]
        }
        // Only the chunk completed before line 4 was handed over: the writer rolls it back when this throws.
        #expect(handed == ["t1", "t2"])
    }
}
