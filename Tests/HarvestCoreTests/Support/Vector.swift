import Foundation
import HarvestCore
import Testing

/// The published worked examples in ../shared/tax/vectors (README there), read as the engine's transactions with their
/// expected figures by key path (the UK and Canadian tests; `Vectors` in Vectors.swift is the loader of the Australian and
/// German ones).
/// Tests skip with a message when the folder is not next to the package (e.g. a bare clone).
struct Vector {
    let id: String
    let json: [String: Any]
    let currency: Asset

    /// The folder: `<package>/../shared/tax/vectors`.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/tax/vectors")

    /// The vector `id`, or nil (with a note on stderr) when the folder is absent.
    static func load(_ id: String) throws -> Vector? {
        let url = folder.appendingPathComponent(id + ".json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            FileHandle.standardError.write(Data("skipping \(id): no \(url.path)\n".utf8))
            return nil
        }
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Vector(id: id, json: json, currency: Asset(try #require(json["currency"] as? String)))
    }

    /// A JSON number as an exact decimal, through its shortest text (the vectors hold a few digits at most).
    static func fixed(_ value: Any?) -> Fixed? {
        guard let number = value as? NSNumber else { return nil }
        return Fixed("\(number)")
    }

    /// A number at a key path such as `expected.disposals.0.proceeds`.
    func money(_ path: String) throws -> Money {
        var node: Any? = json
        for key in path.split(separator: ".") {
            if let index = Int(key), let array = node as? [Any] { node = array[index] } else { node = (node as? [String: Any])?[String(key)] }
        }
        return Money(try #require(Vector.fixed(node), "\(id): no number at \(path)"))
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
            let quantity = Quantity(try #require(Vector.fixed(row["quantity"])))
            let priced = try #require(row["price_or_total"] as? [String: Any])
            let total = try Vector.fixed(priced["total"]).map { Money($0) }
                ?? Money(try #require(Vector.fixed(priced["price"])).multiplied(by: quantity.fixed, rounding: .halfEven))
            var fee: Amount?
            var feeValue: Money?
            if let cash = Vector.fixed(row["fees"]), !cash.isZero {
                fee = Amount(Quantity(cash), currency)
            } else if let tokens = row["fees"] as? [String: Any] {
                fee = Amount(Quantity(try #require(Vector.fixed(tokens["quantity"]))), Asset(try #require(tokens["asset"] as? String)))
                feeValue = Money(try #require(Vector.fixed(tokens["market_value"])))
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
