import HarvestCore

extension Array where Element == String {
    /// These fields as one CSV line (`CSV.row`).
    public var csvRow: String { CSV.row(self) }
}
