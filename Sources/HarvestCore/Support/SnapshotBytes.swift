/// A compact, exact binary form for the replay's checkpoints (`ReplaySnapshot`): integers as LEB128 varints (signed ones
/// zig-zagged, so that small magnitudes take few bytes), a `Fixed` as its 128-bit raw value the same way (exact: no
/// Double anywhere), and texts through a table, each distinct text written once and then named by its number (a million
/// disposals repeat a few dozen assets and wallets, and each transaction id two or three times).
public struct SnapshotWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var texts: [String: UInt64] = [:]

    public init() {}

    /// A writer whose buffer holds `capacity` bytes before it grows (a part's size is about known: no copies on the way).
    public init(capacity: Int) { bytes.reserveCapacity(capacity) }

    public mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    public mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func int(_ value: Int) { signed(Int64(value)) }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func fixed(_ value: Fixed) {
        var zigzag = UInt128(bitPattern: (value.raw << 1) ^ (value.raw >> 127))
        while zigzag >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: zigzag) | 0x80)
            zigzag >>= 7
        }
        bytes.append(UInt8(zigzag))
    }

    public mutating func money(_ value: Money) { fixed(value.fixed) }
    public mutating func quantity(_ value: Quantity) { fixed(value.fixed) }
    public mutating func date(_ value: CivilDate) { signed(Int64(value.daysSinceEpoch)) }
    public mutating func instant(_ value: Instant) { signed(value.millisecondsSinceEpoch) }

    /// A text: 0 and its bytes the first time, then its number plus one.
    public mutating func text(_ value: String) {
        if let number = texts[value] {
            unsigned(number + 1)
            return
        }
        texts[value] = UInt64(texts.count)
        unsigned(0)
        unsigned(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Nil as 0, a value as 1 followed by it.
    public mutating func optional<Value>(_ value: Value?, _ write: (inout SnapshotWriter, Value) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }
}

/// Reads what `SnapshotWriter` wrote; any malformed or truncated input is an error, never a trap.
public struct SnapshotReader {
    private let bytes: [UInt8]
    private var position = 0
    private var texts: [String] = []
    private var assets: [Int: Asset] = [:]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { position == bytes.count }

    public mutating func byte() throws(SnapshotError) -> UInt8 {
        guard position < bytes.count else { throw .truncated }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func unsigned() throws(SnapshotError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64, shift < 63 || next & 0x7F <= 1 else { throw .malformed("integer too long") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    public mutating func signed() throws(SnapshotError) -> Int64 {
        let zigzag = try unsigned()
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    public mutating func int() throws(SnapshotError) -> Int { Int(try signed()) }

    public mutating func int32() throws(SnapshotError) -> Int32 {
        let value = try signed()
        guard let narrow = Int32(exactly: value) else { throw .malformed("\(value) out of range") }
        return narrow
    }

    public mutating func count() throws(SnapshotError) -> Int {
        let value = try unsigned()
        // Every element takes at least one byte: a count above what is left is corrupt (and would reserve too much).
        guard value <= UInt64(bytes.count - position) else { throw .malformed("count \(value) beyond the data") }
        return Int(value)
    }

    public mutating func bool() throws(SnapshotError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw .malformed("flag \(other)")
        }
    }

    public mutating func fixed() throws(SnapshotError) -> Fixed {
        var value: UInt128 = 0
        var shift: UInt128 = 0
        while true {
            let next = try byte()
            guard shift < 128, shift < 126 || next & 0x7F <= 3 else { throw .malformed("amount too long") }
            value |= UInt128(next & 0x7F) << shift
            if next & 0x80 == 0 { break }
            shift += 7
        }
        return Fixed(raw: Int128(bitPattern: value >> 1) ^ -Int128(bitPattern: value & 1))
    }

    public mutating func money() throws(SnapshotError) -> Money { Money(try fixed()) }
    public mutating func quantity() throws(SnapshotError) -> Quantity { Quantity(try fixed()) }
    public mutating func date() throws(SnapshotError) -> CivilDate { CivilDate(daysSinceEpoch: try int32()) }
    public mutating func instant() throws(SnapshotError) -> Instant { Instant(millisecondsSinceEpoch: try signed()) }

    public mutating func text() throws(SnapshotError) -> String {
        try texts[textNumber()]
    }

    private mutating func textNumber() throws(SnapshotError) -> Int {
        let tag = try unsigned()
        if tag > 0 {
            guard tag <= UInt64(texts.count) else { throw .malformed("text \(tag) not yet defined") }
            return Int(tag - 1)
        }
        let length = try count()
        let text = String(decoding: bytes[position..<position + length], as: UTF8.self)
        position += length
        texts.append(text)
        return texts.count - 1
    }

    /// An asset, made once per distinct symbol (`Asset.init` normalizes and looks up the fiat list).
    public mutating func asset() throws(SnapshotError) -> Asset {
        let number = try textNumber()
        if let asset = assets[number] { return asset }
        let asset = Asset(texts[number])
        assets[number] = asset
        return asset
    }

    public mutating func optional<Value>(_ read: (inout SnapshotReader) throws(SnapshotError) -> Value) throws(SnapshotError) -> Value? {
        try bool() ? read(&self) : nil
    }
}

/// A checkpoint that cannot be read back: the caller replays in full instead.
public enum SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated
    case malformed(String)
    case version(found: UInt64, expected: UInt64)

    public var description: String {
        switch self {
        case .truncated: "checkpoint truncated"
        case .malformed(let what): "checkpoint malformed: \(what)"
        case .version(let found, let expected): "checkpoint format \(found), expected \(expected)"
        }
    }
}
