/// JSON read with its numbers kept as the text they were written in (RFC 8259), so that a price such as
/// `42261.04207137573` or `1.2e-05` becomes an exact decimal, never a binary `Double` (Foundation's JSONSerialization
/// reads numbers as `Double`).
public indirect enum ExactJSON: Sendable, Equatable {
    case object([(key: String, value: ExactJSON)])
    case array([ExactJSON])
    case string(String)
    /// The number in plain decimal notation (an exponent applied: `1.2e-05` is `0.000012`).
    case number(String)
    case bool(Bool)
    case null

    public static func == (lhs: ExactJSON, rhs: ExactJSON) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a), .array(b)): a == b
        case let (.string(a), .string(b)), let (.number(a), .number(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// A member of an object, or nil.
    public subscript(key: String) -> ExactJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var array: [ExactJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// A number's text, or a string's (Kraken writes prices as strings).
    public var numberText: String? {
        switch self {
        case .number(let text), .string(let text): text
        default: nil
        }
    }

    /// What the value is, for messages.
    public var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// The byte offset where reading stopped.
        public var offset: Int
        public var message: String
        public var description: String { "\(message) at byte \(offset)" }
    }

    /// Parses a whole document (surrounding whitespace allowed). Nesting deeper than 512 levels is refused, so a
    /// hostile body cannot exhaust the stack.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> ExactJSON {
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.error("text after the JSON value") }
        return value
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        func error(_ message: String) -> ParseError { ParseError(offset: position, message: message) }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func value(depth: Int) throws(ParseError) -> ExactJSON {
            guard depth < 512 else { throw error("nesting too deep") }
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of the body") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [(key: String, value: ExactJSON)] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .object(members)
                }
                while true {
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name") }
                    let key = try string()
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
                    position += 1
                    members.append((key, try value(depth: depth + 1)))
                    skipWhitespace()
                    guard position < bytes.count else { throw error("unexpected end of the body") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    guard bytes[position] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
                    position += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [ExactJSON] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(items)
                }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipWhitespace()
                    guard position < bytes.count else { throw error("unexpected end of the body") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    guard bytes[position] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
                    position += 1
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default:
                return .number(try number())
            }
        }

        mutating func literal(_ word: String, _ value: ExactJSON) throws(ParseError) -> ExactJSON {
            let end = position + word.utf8.count
            guard end <= bytes.count, bytes[position..<end].elementsEqual(word.utf8) else { throw error("unexpected character") }
            position = end
            return value
        }

        /// A string, its escapes decoded (`\uXXXX` surrogate pairs included).
        mutating func string() throws(ParseError) -> String {
            position += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll(keepingCapacity: true)
            }
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard position < bytes.count else { break }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                           bytes[position + 1] == UInt8(ascii: "u") {
                            position += 2
                            let low = try hex4()
                            code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00)
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: throw error("bad escape in a string")
                    }
                case 0..<0x20:
                    throw error("control character in a string")
                default:
                    run.append(byte)
                }
            }
            throw error("unterminated string")
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw error("short \\u escape") }
            var code: UInt32 = 0
            for byte in bytes[position..<position + 4] {
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw error("bad \\u escape")
                }
                code = code << 4 | digit
            }
            position += 4
            return code
        }

        /// A number as RFC 8259 writes it, returned in plain decimal notation.
        mutating func number() throws(ParseError) -> String {
            let start = position
            func digits() -> Int {
                let from = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                return position - from
            }
            var negative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
            let integerStart = position
            guard digits() > 0 else { throw error("unexpected character") }
            var integer = String(decoding: bytes[integerStart..<position], as: UTF8.self)
            var fraction = ""
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                let fractionStart = position
                guard digits() > 0 else { throw error("a number's fraction has no digits") }
                fraction = String(decoding: bytes[fractionStart..<position], as: UTF8.self)
            }
            var exponent = 0
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                var exponentNegative = false
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                    exponentNegative = bytes[position] == UInt8(ascii: "-")
                    position += 1
                }
                let exponentStart = position
                guard digits() > 0 else { throw error("a number's exponent has no digits") }
                let text = bytes[exponentStart..<position]
                // An exponent past a few hundred cannot be a price: refused rather than expanded into megabytes.
                guard text.count <= 3, let magnitude = Int(String(decoding: text, as: UTF8.self)), magnitude <= 400 else {
                    position = start
                    throw error("a number's exponent is out of range")
                }
                exponent = exponentNegative ? -magnitude : magnitude
            }
            // Move the decimal point by the exponent.
            if exponent > 0 {
                let moved = min(exponent, fraction.count)
                integer += fraction.prefix(moved) + String(repeating: "0", count: exponent - moved)
                fraction = String(fraction.dropFirst(moved))
            } else if exponent < 0 {
                let shift = -exponent
                let padded = String(repeating: "0", count: max(0, shift - integer.count + 1)) + integer
                fraction = String(padded.suffix(shift)) + fraction
                integer = String(padded.dropLast(shift))
            }
            let trimmedInteger = integer.drop { $0 == "0" }
            let plain = (trimmedInteger.isEmpty ? "0" : String(trimmedInteger)) + (fraction.isEmpty ? "" : "." + fraction)
            return (negative ? "-" : "") + plain
        }
    }
}
