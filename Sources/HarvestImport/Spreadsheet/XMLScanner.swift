import Foundation

/// A small pull scanner over XML bytes, for the parts of an XLSX workbook: start and end tags (names without their
/// namespace prefix), attributes read on demand, and text. It reads as much of a buffer as holds complete
/// constructs and says how far it got, so a part can be fed in chunks as it is inflated: a million-row sheet is
/// never held whole. Not a validating parser: DTDs are skipped and namespaces are not resolved, which the parts of a
/// workbook do not need.
///
/// Hand-written rather than XMLCoder's decoding (which builds a tree of the whole document): a million-row sheet is
/// about 400 MB of XML, and this reads it in one pass with no allocation per tag.
struct XMLScanner {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// What the scanner found that is not XML.
    struct Malformed: Error {
        var message: String
    }

    /// The attributes of one start tag, as written (between the name and the closing `>`).
    struct Attributes {
        let bytes: Bytes

        /// The raw value of the attribute whose local name (after any `prefix:`) is `name`; nil when absent.
        func raw(_ name: StaticString) -> Bytes? {
            let wanted = Bytes(start: name.utf8Start, count: name.utf8CodeUnitCount)
            var index = 0
            let count = bytes.count
            while index < count {
                while index < count, XMLScanner.isSpace(bytes[index]) { index += 1 }
                let nameStart = index
                while index < count, bytes[index] != UInt8(ascii: "="), !XMLScanner.isSpace(bytes[index]) { index += 1 }
                let nameEnd = index
                while index < count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
                guard index < count else { return nil }
                let quote = bytes[index]
                index += 1
                let valueStart = index
                while index < count, bytes[index] != quote { index += 1 }
                let valueEnd = index
                index += 1
                var localStart = nameStart
                for position in nameStart..<nameEnd where bytes[position] == UInt8(ascii: ":") { localStart = position + 1 }
                if nameEnd - localStart == wanted.count, XMLScanner.equal(bytes, localStart, wanted) {
                    return Bytes(rebasing: bytes[valueStart..<min(valueEnd, count)])
                }
            }
            return nil
        }

        /// Each attribute's local name and raw value, in order: one pass for a tag whose several attributes are read.
        func forEach(_ body: (_ name: Bytes, _ value: Bytes) -> Void) {
            var index = 0
            let count = bytes.count
            while index < count {
                while index < count, XMLScanner.isSpace(bytes[index]) { index += 1 }
                var localStart = index
                while index < count, bytes[index] != UInt8(ascii: "="), !XMLScanner.isSpace(bytes[index]) {
                    if bytes[index] == UInt8(ascii: ":") { localStart = index + 1 }
                    index += 1
                }
                let nameEnd = index
                while index < count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
                guard index < count else { return }
                let quote = bytes[index]
                index += 1
                let valueStart = index
                while index < count, bytes[index] != quote { index += 1 }
                body(Bytes(rebasing: bytes[localStart..<nameEnd]), Bytes(rebasing: bytes[valueStart..<min(index, count)]))
                index += 1
            }
        }

        /// The value of an attribute as text, entities decoded.
        func string(_ name: StaticString) -> String? {
            raw(name).map { value in
                var decoded: [UInt8] = []
                XMLScanner.appendDecoded(value, to: &decoded)
                return String(decoding: decoded, as: UTF8.self)
            }
        }

        /// The value of an attribute as a non-negative integer; nil when absent or not one.
        func integer(_ name: StaticString) -> Int? {
            guard let value = raw(name), !value.isEmpty, value.count <= 18 else { return nil }
            var result = 0
            for byte in value {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                result = result * 10 + Int(byte - 0x30)
            }
            return result
        }
    }

    /// What a part's reader does with what the scanner finds.
    protocol Handler {
        /// Whether text is wanted now (text outside the elements a reader keeps is skipped unread).
        var wantsText: Bool { get }
        mutating func start(_ name: Bytes, _ attributes: Attributes, selfClosing: Bool) throws(Malformed)
        mutating func end(_ name: Bytes) throws(Malformed)
        /// Text as written (entities not yet decoded), or the content of a CDATA section (`raw`).
        mutating func text(_ bytes: Bytes, raw: Bool)
    }

    /// Reads the complete constructs at the start of `bytes`, calling `handler`; returns how many bytes were read.
    /// With `final`, everything must be read: an unfinished tag is an error.
    static func scan<H: Handler>(_ bytes: Bytes, _ handler: inout H, final: Bool) throws(Malformed) -> Int {
        let count = bytes.count
        var position = 0
        while position < count {
            // Text up to the next tag.
            var open = count
            if position < count, let found = memchr(bytes.baseAddress! + position, Int32(UInt8(ascii: "<")), count - position) {
                open = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if open == count {
                // Text may go on in the next chunk.
                if final {
                    if handler.wantsText { handler.text(Bytes(rebasing: bytes[position..<count]), raw: false) }
                    return count
                }
                return position
            }
            if open > position, handler.wantsText { handler.text(Bytes(rebasing: bytes[position..<open]), raw: false) }
            guard open + 1 < count else {
                if final { throw Malformed(message: "the XML ends inside a tag") }
                return open
            }
            let next = bytes[open + 1]
            if next == UInt8(ascii: "?") {
                guard let close = find(bytes, from: open + 2, "?>") else { return try unfinished(open, final) }
                position = close + 2
                continue
            }
            if next == UInt8(ascii: "!") {
                if starts(bytes, at: open, "<!--") {
                    guard let close = find(bytes, from: open + 4, "-->") else { return try unfinished(open, final) }
                    position = close + 3
                } else if starts(bytes, at: open, "<![CDATA[") {
                    guard let close = find(bytes, from: open + 9, "]]>") else { return try unfinished(open, final) }
                    if handler.wantsText { handler.text(Bytes(rebasing: bytes[(open + 9)..<close]), raw: true) }
                    position = close + 3
                } else {
                    // A declaration (`<!DOCTYPE ...>`): skipped, with any internal subset in brackets.
                    var depth = 0, index = open + 2
                    while index < count {
                        if bytes[index] == UInt8(ascii: "[") { depth += 1 }
                        if bytes[index] == UInt8(ascii: "]") { depth -= 1 }
                        if bytes[index] == UInt8(ascii: ">") && depth <= 0 { break }
                        index += 1
                    }
                    guard index < count else { return try unfinished(open, final) }
                    position = index + 1
                }
                continue
            }
            // A start or end tag: to its `>`, outside quoted attribute values.
            var close = open + 1
            var quote: UInt8 = 0
            while close < count {
                let byte = bytes[close]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                close += 1
            }
            guard close < count else { return try unfinished(open, final) }
            position = close + 1
            if next == UInt8(ascii: "/") {
                var nameEnd = open + 2
                while nameEnd < close, !isSpace(bytes[nameEnd]) { nameEnd += 1 }
                try handler.end(localName(bytes, open + 2, nameEnd))
                continue
            }
            let selfClosing = bytes[close - 1] == UInt8(ascii: "/") && close - 1 > open
            let tagEnd = selfClosing ? close - 1 : close
            var nameEnd = open + 1
            while nameEnd < tagEnd, !isSpace(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd > open + 1 else { throw Malformed(message: "a tag without a name") }
            let name = localName(bytes, open + 1, nameEnd)
            try handler.start(name, Attributes(bytes: Bytes(rebasing: bytes[nameEnd..<tagEnd])), selfClosing: selfClosing)
            if selfClosing { try handler.end(name) }
        }
        return position
    }

    /// `scan` over an array's bytes.
    static func scanArray<H: Handler>(_ bytes: [UInt8], _ handler: inout H, final: Bool = false) throws(Malformed) -> Int {
        var result: Result<Int, Malformed> = .success(0)
        bytes.withUnsafeBufferPointer { buffer in
            do throws(Malformed) {
                result = .success(try scan(buffer, &handler, final: final))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    private static func unfinished(_ open: Int, _ final: Bool) throws(Malformed) -> Int {
        if final { throw Malformed(message: "the XML ends inside a tag, comment or CDATA section") }
        return open
    }

    /// The name after any `prefix:`.
    private static func localName(_ bytes: Bytes, _ start: Int, _ end: Int) -> Bytes {
        var localStart = start
        for index in start..<end where bytes[index] == UInt8(ascii: ":") { localStart = index + 1 }
        return Bytes(rebasing: bytes[localStart..<end])
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    @inline(__always)
    static func equal(_ bytes: Bytes, _ start: Int, _ other: Bytes) -> Bool {
        for index in 0..<other.count where bytes[start + index] != other[index] { return false }
        return true
    }

    /// Whether `name` is `literal`.
    @inline(__always)
    static func named(_ name: Bytes, _ literal: StaticString) -> Bool {
        name.count == literal.utf8CodeUnitCount && equal(name, 0, Bytes(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static func starts(_ bytes: Bytes, at index: Int, _ literal: StaticString) -> Bool {
        index + literal.utf8CodeUnitCount <= bytes.count
            && equal(bytes, index, Bytes(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static func find(_ bytes: Bytes, from start: Int, _ literal: StaticString) -> Int? {
        let first = literal.utf8Start.pointee
        var index = start
        while index + literal.utf8CodeUnitCount <= bytes.count {
            if bytes[index] == first && starts(bytes, at: index, literal) { return index }
            index += 1
        }
        return nil
    }

    /// Appends text with its entities decoded (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#NN;`, `&#xHH;`); an
    /// entity that is none of these is kept as written.
    static func appendDecoded(_ bytes: Bytes, to output: inout [UInt8]) {
        guard let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: "&")), bytes.count) != nil else {
            output.append(contentsOf: bytes)
            return
        }
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < count, end - index <= 10, bytes[end] != UInt8(ascii: ";") { end += 1 }
            guard end < count, bytes[end] == UInt8(ascii: ";") else {
                output.append(byte)
                index += 1
                continue
            }
            let entity = Bytes(rebasing: bytes[(index + 1)..<end])
            if let scalar = entityScalar(entity) {
                output.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                output.append(contentsOf: bytes[index...end])
            }
            index = end + 1
        }
    }

    private static func entityScalar(_ entity: Bytes) -> Unicode.Scalar? {
        if named(entity, "amp") { return "&" }
        if named(entity, "lt") { return "<" }
        if named(entity, "gt") { return ">" }
        if named(entity, "quot") { return "\"" }
        if named(entity, "apos") { return "'" }
        guard entity.count >= 2, entity[0] == UInt8(ascii: "#") else { return nil }
        var value: UInt32 = 0
        let hex = entity[1] == UInt8(ascii: "x") || entity[1] == UInt8(ascii: "X")
        let digits = Bytes(rebasing: entity[(hex ? 2 : 1)...])
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        for byte in digits {
            guard let digit = hexDigit(byte), hex || digit < 10 else { return nil }
            value = value * (hex ? 16 : 10) + UInt32(digit)
        }
        return Unicode.Scalar(value)
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
