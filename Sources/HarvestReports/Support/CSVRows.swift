import HarvestCore

extension Array where Element == String {
    /// These fields as one CSV line (`CSV.spreadsheetRow`: a cell that would start a formula is neutralised).
    public var csvRow: String { CSV.spreadsheetRow(self) }
}
