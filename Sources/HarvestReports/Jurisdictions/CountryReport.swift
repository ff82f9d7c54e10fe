import HarvestCore

/// A country's return figures for one of its tax years (`harvest report uk-sa`, `schedule3`, `au-cgt`, `de-so`),
/// always computed under that country's rules: each country's folder here has one.
public protocol CountryReport {
    /// The country's own figures the report is made from (`CountryFigures`' payload).
    associatedtype Figures
    /// The rules the report is computed under, whatever the user's settings say.
    static var jurisdiction: Jurisdiction { get }
    /// The report's figures in a summary computed under `jurisdiction`.
    static func figures(of summary: YearSummary) -> Figures?
    /// The report as CSV, written row by row (a year of a million-row history is never one string).
    static func csv(year: Int, disposals: [Disposal], summary: YearSummary, figures: Figures, to writer: TextWriter)
    /// What was written, in one line (`--output`).
    static func written(year: Int, disposals: [Disposal], summary: YearSummary, figures: Figures) -> String
    /// How messages name tax year `year`.
    static func yearName(_ year: Int) -> String
}

extension CountryReport {
    /// The report as one CSV string: for tests and small histories (the CLI streams).
    public static func csv(year: Int, disposals: [Disposal], summary: YearSummary, figures: Figures) -> String {
        TextWriter.text { csv(year: year, disposals: disposals, summary: summary, figures: figures, to: $0) }
    }

    /// How messages name tax year `year`: `2024`, or `the tax year 2024-25` where the year spans two.
    public static func yearName(_ year: Int) -> String { String(year) }
}
