/// Values found by a short text's UTF-8 bytes without making a string of them: up to 15 bytes are packed, with their
/// count, into one 128-bit key (asset symbols, wallet names, kinds and types are short); longer texts are keyed by their
/// string. For the loops that read a million rows naming the same few dozen assets and wallets.
public struct BytesKeyed<Value> {
    private var short: [UInt128: Value] = [:]
    private var long: [String: Value] = [:]

    public init() {}

    public subscript(bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        if let key = Self.key(bytes) { return short[key] }
        return long[String(decoding: bytes, as: UTF8.self)]
    }

    public mutating func insert(_ value: Value, for bytes: UnsafeBufferPointer<UInt8>) {
        if let key = Self.key(bytes) { short[key] = value } else { long[String(decoding: bytes, as: UTF8.self)] = value }
    }

    public mutating func insert(_ value: Value, for text: String) {
        var text = text
        text.withUTF8 { insert(value, for: $0) }
    }

    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt128? {
        guard bytes.count < 16 else { return nil }
        var key = UInt128(bytes.count) << 120
        for index in bytes.indices { key |= UInt128(bytes[index]) << (8 * index) }
        return key
    }
}

extension BytesKeyed: Sendable where Value: Sendable {}
