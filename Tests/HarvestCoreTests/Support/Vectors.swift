import Foundation
import HarvestCore

/// The published worked examples in ../shared/tax/vectors (next to the package), read as JSON. Tests that use one
/// are disabled, with a message, when the file is absent (a checkout without the shared folder).
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/tax/vectors")

    static func exists(_ id: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(id + ".json").path)
    }

    /// The vector's JSON object, or nil when absent or unreadable.
    static func load(_ id: String) -> [String: Any]? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(id + ".json")) else { return nil }
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
