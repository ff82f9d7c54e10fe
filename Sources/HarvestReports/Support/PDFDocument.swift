/// A PDF written directly (PDF 1.4, ISO 32000-1 §7): pages of text in the standard Helvetica faces and ruled lines,
/// enough to lay out a tax form. No library: there is none in the package mirrors, and a form needs only text, lines
/// and boxes.
///
/// Text is encoded as WinAnsi (the standard fonts' encoding, §D.2): printable ASCII as is, a character outside it
/// as "?". Coordinates are points from the bottom left of a US Letter page (612 × 792). Pure: the document is bytes.
public struct PDFDocument {
    public enum Font: String, Sendable {
        case regular = "F1", bold = "F2"

        var baseFont: String {
            switch self {
            case .regular: "Helvetica"
            case .bold: "Helvetica-Bold"
            }
        }
    }

    /// One page's content stream being drawn.
    public struct Page {
        var content: [UInt8] = []

        mutating func append(_ text: String) { content.append(contentsOf: text.utf8) }

        /// `text` with its baseline starting at (x, y).
        public mutating func text(_ text: String, x: Double, y: Double, size: Double, font: Font = .regular) {
            append("BT /\(font.rawValue) \(number(size)) Tf \(number(x)) \(number(y)) Td ")
            content.append(contentsOf: PDFDocument.literal(text))
            append(" Tj ET\n")
        }

        /// `text` ending at `right` (numbers in a column).
        public mutating func text(_ text: String, right: Double, y: Double, size: Double, font: Font = .regular) {
            self.text(text, x: right - PDFDocument.width(of: text, size: size, font: font), y: y, size: size, font: font)
        }

        /// A line from (x1, y1) to (x2, y2), `width` points wide.
        public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, width: Double = 0.5) {
            append("\(number(width)) w \(number(x1)) \(number(y1)) m \(number(x2)) \(number(y2)) l S\n")
        }

        /// A rectangle's outline, or filled (a checked box, a shaded band) when `filled`.
        public mutating func rectangle(x: Double, y: Double, width: Double, height: Double, filled: Bool = false, gray: Double = 0) {
            if filled {
                append("\(number(gray)) g \(number(x)) \(number(y)) \(number(width)) \(number(height)) re f 0 g\n")
            } else {
                append("0.5 w \(number(x)) \(number(y)) \(number(width)) \(number(height)) re S\n")
            }
        }
    }

    public static let pageWidth = 612.0
    public static let pageHeight = 792.0

    public private(set) var pages: [Page] = []
    /// The document's title (its information dictionary).
    public var title: String

    public init(title: String) { self.title = title }

    /// Draws a new page with `draw`.
    public mutating func addPage(_ draw: (inout Page) -> Void) {
        var page = Page()
        draw(&page)
        pages.append(page)
    }

    /// The file: header, objects, cross-reference table and trailer (§7.5).
    public func bytes() -> [UInt8] {
        var output: [UInt8] = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        func object(_ body: [UInt8]) {
            offsets.append(output.count)
            output.append(contentsOf: "\(offsets.count) 0 obj\n".utf8)
            output.append(contentsOf: body)
            output.append(contentsOf: "\nendobj\n".utf8)
        }
        // 1 catalog, 2 page tree, 3 and 4 fonts, 5 information; then each page and its content stream.
        let firstPage = 6
        let kids = pages.indices.map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        object(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        object(Array("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>".utf8))
        for font in [Font.regular, .bold] {
            object(Array("<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) /Encoding /WinAnsiEncoding >>".utf8))
        }
        object(Array("<< /Title ".utf8) + Self.literal(title) + Array(" /Producer (Harvest) >>".utf8))
        for (index, page) in pages.enumerated() {
            object(Array(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                + "/Contents \(firstPage + 2 * index + 1) 0 R >>").utf8))
            object(Array("<< /Length \(page.content.count) >>\nstream\n".utf8) + page.content + Array("\nendstream".utf8))
        }
        let crossReference = output.count
        var table = "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            table += String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n"
        }
        table += "trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(crossReference)\n%%EOF\n"
        output.append(contentsOf: table.utf8)
        return output
    }

    /// A literal string (§7.3.4.2): parentheses and backslashes escaped, WinAnsi bytes.
    static func literal(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "(")]
        for scalar in text.unicodeScalars {
            switch scalar {
            case "(", ")", "\\":
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(scalar.value))
            case " "..."~":
                bytes.append(UInt8(scalar.value))
            default:
                bytes.append(UInt8(ascii: "?"))
            }
        }
        bytes.append(UInt8(ascii: ")"))
        return bytes
    }

    /// The width of `text` in points: Helvetica's advance widths (Adobe's AFM files, in thousandths of the size) for
    /// the characters of figures and dates; other characters as a digit's width, which errs wide.
    static func width(of text: String, size: Double, font: Font) -> Double {
        var units = 0
        for character in text.unicodeScalars {
            switch character {
            case " ", ".", ",", "/": units += 278
            case "-": units += 333
            case "(", ")": units += 333
            default: units += 556
            }
        }
        return Double(units) * size / 1000
    }
}

/// A coordinate as PDF writes it: at most two decimals, no exponent.
func number(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = hundredths.magnitude
    let whole = magnitude / 100, fraction = magnitude % 100
    if fraction == 0 { return "\(sign)\(whole)" }
    return "\(sign)\(whole)." + (fraction < 10 ? "0" : "") + (fraction % 10 == 0 ? "\(fraction / 10)" : "\(fraction)")
}
