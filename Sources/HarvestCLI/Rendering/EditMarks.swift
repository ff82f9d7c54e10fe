/// The marks a table puts after an asset whose figures are not plain imported data: `*` for units assumed at zero basis
/// (`--allow-missing-basis`), `e` for a row resting on a transaction the user edited (`harvest tx edit`); and the
/// legend printed under the table for the marks it used.
enum EditMarks {
    static func suffix(missingBasis: Bool, edited: Bool) -> String {
        let marks = (missingBasis ? "*" : "") + (edited ? "e" : "")
        return marks.isEmpty ? "" : " " + marks
    }

    static func legend(missingBasis: Bool, edited: Bool) -> String {
        (missingBasis ? "* zero basis assumed: acquisitions are missing (`harvest problems` lists them)\n" : "")
            + (edited ? "e rests on a transaction you edited (`harvest tx list --edited`, `harvest tx show REF`)\n" : "")
    }
}
