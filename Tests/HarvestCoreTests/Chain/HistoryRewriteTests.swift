@testable import HarvestCore
import HarvestTestSupport
import Testing

/// A history rewritten in place (rows moved, not copied) gives the same rows as one built anew, whether the history
/// was handed over or is still held elsewhere, and whether the result fits in place or not.
@Suite("History rewrite")
struct HistoryRewriteTests {
    static func rows(_ count: Int) -> [Transaction] {
        (0..<count).map { Row.make("r\($0)", .deposit, "2024-03-01", sequence: $0, received: amount(Quantity(Fixed($0 + 1)), "ETH")) }
    }

    static func replacement(_ id: String) -> Transaction { Row.make(id, .fee, "2024-03-01", fee: amount("0.01", "ETH")) }

    @Test("rows kept, dropped and replaced by runs, in place and anew alike")
    func inPlaceAndCopied() {
        // r0 kept, r1 dropped, r2 replaced by a and b (two rows where one was read, after one was dropped: fits),
        // r3 kept, r4 replaced by nothing.
        var rewrite = HistoryRewrite(count: 5)
        rewrite.drop(1)
        rewrite.runs += [Self.replacement("a"), Self.replacement("b")]
        rewrite.replace(2)
        rewrite.replace(4)
        #expect(rewrite.fitsInPlace())
        let expected = ["r0", "a", "b", "r3"]
        // Handed over: rewritten in its own storage.
        #expect(rewrite.apply(to: Self.rows(5)).map(\.id) == expected)
        // Still held here: the history is left as it was.
        let held = Self.rows(5)
        #expect(rewrite.apply(to: held).map(\.id) == expected)
        #expect(held.map(\.id) == ["r0", "r1", "r2", "r3", "r4"])
    }

    @Test("a run that would overwrite rows not yet read is built anew, with the same result")
    func doesNotFit() {
        // r0 replaced by three rows: they would overwrite r1 and r2 before they are read.
        var rewrite = HistoryRewrite(count: 3)
        rewrite.runs += [Self.replacement("a"), Self.replacement("b"), Self.replacement("c")]
        rewrite.replace(0)
        #expect(!rewrite.fitsInPlace())
        #expect(rewrite.apply(to: Self.rows(3)).map(\.id) == ["a", "b", "c", "r1", "r2"])
    }
}
