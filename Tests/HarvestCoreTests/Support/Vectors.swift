import Foundation
import HarvestCore
import HarvestTestSupport
import Testing

/// The published worked examples in ../shared/tax/vectors (README there), next to the package. Their licences keep
/// them out of the repository: a test that reads one is disabled, with a message, when the file is absent (a checkout
/// without the shared folder), through `present(_:)` or `.enabled(if: Vectors.exists(id))`.
///
/// Two readers: `Vectors.load` gives the JSON object and `Vectors.transactions` the rows of a transaction list (the
/// Australian and German tests); `Vector.load` gives a vector whose figures are read by key path and whose rows carry
/// token fees and times of day (the UK and Canadian tests).
enum Vectors {
    /// `<package>/../shared/tax/vectors`: the one place the path is written.
    static let directory = SharedData.folder("tax/vectors")

    static func url(_ id: String) -> URL { directory.appendingPathComponent(id + ".json") }

    static func exists(_ id: String) -> Bool { FileManager.default.fileExists(atPath: url(id).path) }

    /// Enables a test only when vector `id` is present.
    static func present(_ id: String) -> ConditionTrait {
        .enabled(if: exists(id), "../shared/tax/vectors/\(id).json is absent")
    }

    /// The vector's JSON object, or nil when absent or unreadable.
    static func load(_ id: String) -> [String: Any]? {
        guard let data = try? Data(contentsOf: url(id)) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// A JSON number as an exact decimal: through its shortest decimal text, never through arithmetic on a Double
    /// (the vectors' numbers are short decimals such as 1.5 or 2350).
    static func fixed(_ value: Any?) -> Fixed? {
        guard let number = value as? NSNumber else { return nil }
        let text = number.stringValue
        return Fixed(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    static func money(_ value: Any?) -> Money? { fixed(value).map(Money.init) }

    /// A vector's transactions as engine rows, in the vector's currency: BUY (total or price × quantity is the cost,
    /// fees on top), SELL (fees reduce the proceeds), GIFT_OUT (the total is the market value).
    static func transactions(_ list: Any?, currency: String) -> [Transaction] {
        guard let list = list as? [[String: Any]] else { return [] }
        let cash = Asset(currency)
        return list.enumerated().map { index, row in
            let quantity = Quantity(fixed(row["quantity"])!)
            let consideration = row["price_or_total"] as? [String: Any] ?? [:]
            let total = money(consideration["total"]) ?? Money(fixed(consideration["price"])!.multiplied(by: quantity.fixed, rounding: .halfEven))
            let fee = money(row["fees"]).flatMap { $0.isZero ? nil : Amount(Quantity($0.fixed), cash) }
            let asset = Asset(row["asset"] as! String)
            let id = "v\(index + 1)"
            let date = row["date"] as! String
            let wallet = row["wallet"] as? String ?? "A"
            switch row["kind"] as! String {
            case "BUY":
                return Row.make(id, .buy, date, sequence: index, wallet: wallet, sent: Amount(Quantity(total.fixed), cash),
                                received: Amount(quantity, asset), fee: fee)
            case "SELL":
                return Row.make(id, .sell, date, sequence: index, wallet: wallet, sent: Amount(quantity, asset),
                                received: Amount(Quantity(total.fixed), cash), fee: fee)
            case "GIFT_OUT":
                return Row.make(id, .giftOut, date, sequence: index, wallet: wallet, sent: Amount(quantity, asset), value: total)
            case let kind:
                preconditionFailure("vector kind \(kind) is not supported by this loader")
            }
        }
    }
}

/// One vector read as the engine's transactions with its expected figures by key path (the UK and Canadian tests).
struct Vector {
    let id: String
    let json: [String: Any]
    let currency: Asset

    /// The vector `id`; a test that reads one is enabled by `Vectors.present(id)`, so an absent file is a failure here.
    static func load(_ id: String) throws -> Vector {
        let data = try #require(FileManager.default.contents(atPath: Vectors.url(id).path), "no \(Vectors.url(id).path)")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Vector(id: id, json: json, currency: Asset(try #require(json["currency"] as? String)))
    }

    /// A number at a key path such as `expected.disposals.0.proceeds`.
    func money(_ path: String) throws -> Money {
        var node: Any? = json
        for key in path.split(separator: ".") {
            if let index = Int(key), let array = node as? [Any] { node = array[index] } else { node = (node as? [String: Any])?[String(key)] }
        }
        return Money(try #require(Vectors.fixed(node), "\(id): no number at \(path)"))
    }

    /// `money(path)` for use inside expectations: a missing number is a broken vector, so it traps.
    func at(_ path: String) -> Money {
        guard let value = try? money(path) else { preconditionFailure("\(id): no number at \(path)") }
        return value
    }

    /// The vector's transactions: BUY sends the currency, SELL receives it; a fee in the currency is charged on
    /// top; a fee in tokens carries its market value.
    func transactions(wallet: String = "A") throws -> [Transaction] {
        let rows = try #require(json["transactions"] as? [[String: Any]])
        return try rows.enumerated().map { offset, row in
            let id = "\(self.id)-\(offset + 1)"
            let dateText = try #require(row["date"] as? String)
            let date = String(dateText.prefix(10))
            let hour = dateText.count > 10 ? Int(dateText.dropFirst(11).prefix(2))! : 12
            let asset = try #require(row["asset"] as? String)
            let quantity = Quantity(try #require(Vectors.fixed(row["quantity"])))
            let priced = try #require(row["price_or_total"] as? [String: Any])
            let total = try Vectors.fixed(priced["total"]).map { Money($0) }
                ?? Money(try #require(Vectors.fixed(priced["price"])).multiplied(by: quantity.fixed, rounding: .halfEven))
            var fee: Amount?
            var feeValue: Money?
            if let cash = Vectors.fixed(row["fees"]), !cash.isZero {
                fee = Amount(Quantity(cash), currency)
            } else if let tokens = row["fees"] as? [String: Any] {
                fee = Amount(Quantity(try #require(Vectors.fixed(tokens["quantity"]))), Asset(try #require(tokens["asset"] as? String)))
                feeValue = Money(try #require(Vectors.fixed(tokens["market_value"])))
            }
            let cash = Amount(Quantity(total.fixed), currency)
            switch try #require(row["kind"] as? String) {
            case "BUY":
                return Row.make(id, .buy, date, hour: hour, wallet: wallet, sent: cash, received: Amount(quantity, Asset(asset)), fee: fee, feeValue: feeValue)
            case "SELL":
                return Row.make(id, .sell, date, hour: hour, wallet: wallet, sent: Amount(quantity, Asset(asset)), received: cash, fee: fee, feeValue: feeValue)
            case let other:
                throw VectorError(message: "\(self.id): kind \(other) not supported here")
            }
        }
    }

    struct VectorError: Error { var message: String }
}

/// A fiat amount of `code` (GBP, CAD): what a buy sends or a sale receives.
func fiat(_ money: Money, _ code: String) -> Amount { Amount(Quantity(money.fixed), Asset(code)) }

/// Rows in a jurisdiction's currency.
enum Local {
    static func buy(_ id: String, _ date: String, _ quantity: Quantity, _ asset: String, cost: Money, _ code: String,
                    hour: Int = 12, wallet: String = "A", fee: Amount? = nil, feeValue: Money? = nil) -> Transaction {
        Row.make(id, .buy, date, hour: hour, wallet: wallet, sent: fiat(cost, code), received: amount(quantity, asset), fee: fee, feeValue: feeValue)
    }

    static func sell(_ id: String, _ date: String, _ quantity: Quantity, _ asset: String, proceeds: Money, _ code: String,
                     hour: Int = 12, wallet: String = "A", fee: Amount? = nil, feeValue: Money? = nil) -> Transaction {
        Row.make(id, .sell, date, hour: hour, wallet: wallet, sent: amount(quantity, asset), received: fiat(proceeds, code), fee: fee, feeValue: feeValue)
    }
}

/// The whole-pound tolerance the HMRC vectors state (`tolerance_gbp`): HMRC rounds its figures to pounds.
func withinPound(_ exact: Money, _ hmrc: Money) -> Bool { (exact - hmrc).magnitude < 1 }
