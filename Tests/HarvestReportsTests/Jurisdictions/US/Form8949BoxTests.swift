import HarvestCore
import HarvestReports
import Testing

@Suite("Form 8949 boxes")
struct Form8949BoxTests {
    /// ../shared/tax/rules.md §1.2: digital assets without a 1099 go in box C (short) and F (long) through 2024, and in
    /// the 2025 form's digital-asset boxes I and L from 2025.
    @Test("box C/F through 2024, I/L from 2025", arguments: [
        (Term.short, 2024, "C"), (.long, 2024, "F"), (.short, 2025, "I"), (.long, 2025, "L"), (.short, 2019, "C"), (.long, 2030, "L"),
    ])
    func box(_ term: Term, _ year: Int, _ expected: String) {
        #expect(Form8949.box(term: term, taxYear: year) == expected)
    }
}
