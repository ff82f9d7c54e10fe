@testable import HarvestCore
import Testing

/// The size of what a replay holds a million of (issue 16: every command on a million transactions under 1 GB). The
/// stored properties are ordered so that the small fields fill the padding the 16-byte-aligned amounts leave; a field
/// added in the wrong place grows every one of them, and this says so.
struct TransactionLayoutTests {
    @Test("a transaction, a disposal and a lot's state take 336, 192 and 112 bytes")
    func sizes() {
        #expect(MemoryLayout<Transaction>.stride == 336)
        #expect(MemoryLayout<Disposal>.stride == 192)
        #expect(MemoryLayout<Replay.LotState>.stride == 112)
    }
}
