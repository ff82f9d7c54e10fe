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
}
