/// A ticker plus an optional chain or contract: `ETH`, `USDC@base`. Fiat currencies are assets too.
public struct Asset: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let symbol: String
    /// Fiat money is not tracked in lots: spending it is not a disposal of property (foreign-currency
    /// gains of personal transactions are out of scope; IRC §988(e) exempts the small ones).
    /// Decided once here: the engine asks for every amount it touches.
    public let isFiat: Bool

    /// `symbol` as given, upper-cased before any `@chain` suffix: `usdc@base` → `USDC@base`.
    public init(_ symbol: String) {
        let normalized: String
        if let at = symbol.utf8.firstIndex(of: UInt8(ascii: "@")) {
            normalized = symbol[..<at].uppercased() + symbol[at...]
        } else if symbol.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") || $0 >= 0x80 }) {
            normalized = symbol.uppercased()
        } else {
            normalized = symbol
        }
        self.symbol = normalized
        self.isFiat = Asset.fiatTickers.contains(String(Asset.ticker(of: normalized)))
    }

    /// The ticker without the chain: `USDC` for `USDC@base`.
    public var ticker: Substring { Asset.ticker(of: symbol) }

    private static func ticker(of symbol: String) -> Substring {
        guard let at = symbol.utf8.firstIndex(of: UInt8(ascii: "@")) else { return Substring(symbol) }
        return symbol[..<at]
    }

    public static func == (lhs: Asset, rhs: Asset) -> Bool { lhs.symbol == rhs.symbol }
    public func hash(into hasher: inout Hasher) { hasher.combine(symbol) }

    public static func < (lhs: Asset, rhs: Asset) -> Bool { lhs.symbol < rhs.symbol }
    public var description: String { symbol }

    public static let usd = Asset("USD")

    /// ISO 4217 codes of the currencies exchanges quote in.
    static let fiatTickers: Set<String> = [
        "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "JPY", "CHF", "CNY", "HKD", "SGD", "KRW", "INR", "BRL", "MXN",
        "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "TRY", "ZAR", "RUB", "UAH", "ARS", "CLP", "COP", "IDR", "PHP",
        "THB", "MYR", "VND", "NGN", "AED", "SAR", "ILS", "TWD",
    ]

    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(symbol)
    }
}

/// An exchange account or a self-custody address or label.
public struct Wallet: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public static func < (lhs: Wallet, rhs: Wallet) -> Bool { lhs.name < rhs.name }
    public var description: String { name }
    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// A quantity of one asset.
public struct Amount: Sendable, Hashable, Codable, CustomStringConvertible {
    public var quantity: Quantity
    public var asset: Asset
    public init(_ quantity: Quantity, _ asset: Asset) {
        self.quantity = quantity
        self.asset = asset
    }
    public var description: String { "\(quantity) \(asset)" }
}
