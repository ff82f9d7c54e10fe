/// A number of units of some asset (BTC, ETH, shares): exact to 18 fractional digits.
public struct Quantity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var fixed: Fixed
    @inlinable public init(_ fixed: Fixed) { self.fixed = fixed }
    public init(parsing text: some StringProtocol) throws(FixedParseError) { fixed = try Fixed(parsing: text) }

    public static let zero = Quantity(.zero)
    @inlinable public var isZero: Bool { fixed.isZero }
    @inlinable public var isNegative: Bool { fixed.isNegative }
    @inlinable public var isPositive: Bool { fixed.isPositive }
    @inlinable public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.fixed < rhs.fixed }
    @inlinable public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(lhs.fixed + rhs.fixed) }
    @inlinable public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(lhs.fixed - rhs.fixed) }
    @inlinable public static func += (lhs: inout Quantity, rhs: Quantity) { lhs.fixed += rhs.fixed }
    @inlinable public static func -= (lhs: inout Quantity, rhs: Quantity) { lhs.fixed -= rhs.fixed }
    public var description: String { fixed.description }
    public init(from decoder: any Decoder) throws { fixed = try Fixed(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try fixed.encode(to: encoder) }
}

/// An amount in the base currency (USD for the US): exact to 18 fractional digits until a report
/// rounds it, once, at the edge.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var fixed: Fixed
    @inlinable public init(_ fixed: Fixed) { self.fixed = fixed }
    public init(parsing text: some StringProtocol) throws(FixedParseError) { fixed = try Fixed(parsing: text) }

    public static let zero = Money(.zero)
    @inlinable public var isZero: Bool { fixed.isZero }
    @inlinable public var isNegative: Bool { fixed.isNegative }
    @inlinable public var isPositive: Bool { fixed.isPositive }
    @inlinable public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fixed < rhs.fixed }
    @inlinable public static func + (lhs: Money, rhs: Money) -> Money { Money(lhs.fixed + rhs.fixed) }
    @inlinable public static func - (lhs: Money, rhs: Money) -> Money { Money(lhs.fixed - rhs.fixed) }
    @inlinable public static prefix func - (value: Money) -> Money { Money(-value.fixed) }
    @inlinable public static func += (lhs: inout Money, rhs: Money) { lhs.fixed += rhs.fixed }
    @inlinable public static func -= (lhs: inout Money, rhs: Money) { lhs.fixed -= rhs.fixed }

    /// The share `part / whole` of this amount, one rounding at 18 digits (half-even, so that
    /// the errors of many splits do not drift one way). Callers that split an amount in pieces give
    /// the last piece the remainder, so pieces always add back to the whole exactly.
    @inlinable public func prorated(_ part: Quantity, of whole: Quantity) -> Money {
        Money(fixed.scaled(by: part.fixed, over: whole.fixed, rounding: .halfEven))
    }

    /// This amount times a rate or a fraction (`0.35`, a discount factor), rounded at 18 digits with `mode`.
    @inlinable public func multiplied(by rate: Fixed, rounding mode: RoundingMode) -> Money {
        Money(fixed.multiplied(by: rate, rounding: mode))
    }

    /// This amount × `numerator` ÷ `denominator` in one rounding (a rate in basis points: `scaled(by: 30, over: 10_000)`).
    @inlinable public func scaled(by numerator: Fixed, over denominator: Fixed, rounding mode: RoundingMode) -> Money {
        Money(fixed.scaled(by: numerator, over: denominator, rounding: mode))
    }

    /// Rounded to cents (or `scale` digits) with an explicit mode: reports do this once, at the edge.
    public func rounded(scale: Int = 2, _ mode: RoundingMode) -> Money { Money(fixed.rounded(scale: scale, mode)) }
    public func formatted(scale: Int = 2, _ mode: RoundingMode) -> String { fixed.formatted(scale: scale, mode) }
    public var description: String { fixed.description }
    public var magnitude: Money { Money(fixed.magnitude) }
    public init(from decoder: any Decoder) throws { fixed = try Fixed(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try fixed.encode(to: encoder) }
}

/// Base currency per unit of an asset.
public struct Price: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var fixed: Fixed
    @inlinable public init(_ fixed: Fixed) { self.fixed = fixed }
    public init(parsing text: some StringProtocol) throws(FixedParseError) { fixed = try Fixed(parsing: text) }
    @inlinable public static func < (lhs: Price, rhs: Price) -> Bool { lhs.fixed < rhs.fixed }
    public var description: String { fixed.description }

    /// The value of `quantity` units at this price, rounded half-even at 18 digits.
    @inlinable public static func * (price: Price, quantity: Quantity) -> Money {
        Money(price.fixed.multiplied(by: quantity.fixed, rounding: .halfEven))
    }

    /// The value of `quantity` units at this price, or `ArithmeticOverflow` when it does not fit: for prices and
    /// quantities read from data (each within `SupportedRange`, their product may not be).
    public func value(of quantity: Quantity) throws(ArithmeticOverflow) -> Money {
        Money(try fixed.checkedMultiplied(by: quantity.fixed, rounding: .halfEven, "the value of \(quantity) units at \(self)"))
    }

    /// The unit price of `quantity` units that cost `amount`, rounded half-even at 18 digits.
    public static func unit(of amount: Money, per quantity: Quantity) -> Price {
        Price(amount.fixed.divided(by: quantity.fixed, rounding: .halfEven))
    }
    public init(from decoder: any Decoder) throws { fixed = try Fixed(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try fixed.encode(to: encoder) }
}

extension Quantity: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self.init(Fixed(stringLiteral: value)) }
    public init(integerLiteral value: Int) { self.init(Fixed(value)) }
}

extension Money: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self.init(Fixed(stringLiteral: value)) }
    public init(integerLiteral value: Int) { self.init(Fixed(value)) }
}

extension Price: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self.init(Fixed(stringLiteral: value)) }
    public init(integerLiteral value: Int) { self.init(Fixed(value)) }
}

extension Sequence where Element == Money {
    /// The exact sum.
    public func sum() -> Money { reduce(Money.zero, +) }
}
