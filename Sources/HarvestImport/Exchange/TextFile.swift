import Foundation

/// The text of an export file as exchanges write them.
public enum TextFile {
    /// UTF-8, or Windows-1252 (spreadsheets on Windows save CSV so: Coinbase's "€" as byte 0x80); nil for
    /// bytes that are not text.
    public static func decode(_ data: Data) -> String? {
        if let text = String(validating: data, as: UTF8.self) { return text }
        if !data.contains(0), let text = String(data: data, encoding: .windowsCP1252) { return text }
        return nil
    }
}
