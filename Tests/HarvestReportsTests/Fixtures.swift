import HarvestCore
import HarvestTestSupport
import Testing

// Inputs for the report tests: histories written row by row, run through the real engine and the real netting, so a
// report is only ever given what the engine makes.

/// Rows in a jurisdiction's own currency (GBP, CAD, AUD, EUR): a buy sends it, a sale receives it, a fee in it adds to
/// the cost of a buy and comes off the proceeds of a sale.
struct Local {
    let currency: Asset

    init(_ jurisdiction: Jurisdiction) { currency = jurisdiction.baseCurrency }

    func cash(_ money: Money) -> Amount { Amount(Quantity(money.fixed), currency) }

    func buy(_ id: String, _ date: String, _ quantity: Quantity, _ asset: String, cost: Money, fee: Money? = nil, hour: Int = 12) -> Transaction {
        Row.make(id, .buy, date, hour: hour, sent: cash(cost), received: amount(quantity, asset), fee: fee.map(cash))
    }

    func sell(_ id: String, _ date: String, _ quantity: Quantity, _ asset: String, proceeds: Money, fee: Money? = nil, hour: Int = 12)
        -> Transaction
    {
        Row.make(id, .sell, date, hour: hour, sent: amount(quantity, asset), received: cash(proceeds), fee: fee.map(cash))
    }
}

/// One history as the engine books it: its disposal rows and its year summaries.
struct Books {
    let result: LedgerResult
    let summaries: [YearSummary]

    init(
        _ rows: [Transaction], _ jurisdiction: Jurisdiction, policy: AccountingPolicy = AccountingPolicy(), carryforward: Carryforward = .none,
        filing: FilingStatus = .single, band: RateBand = .upper, from: Int? = nil, through: Int? = nil
    ) throws {
        result = try LotEngine.run(rows, policy: policy, jurisdiction: jurisdiction)
        summaries = YearSummaries.compute(
            disposals: result.disposals, income: result.income, jurisdiction: jurisdiction, filing: filing, carryforward: carryforward,
            from: from, through: through, band: band)
    }

    var disposals: [Disposal] { result.disposals }

    /// The summary of tax year `year` (named by the year it starts in).
    func summary(_ year: Int) throws -> YearSummary { try #require(summaries.first { $0.year == year }, "no summary for \(year)") }
}

/// The US wash-sale rule on an exchange-traded fund (a security): IRC §1091 as the engine applies it.
let washSalePolicy = AccountingPolicy(washSale: WashSaleRule.unitedStates, assetClasses: AssetClasses([Asset("IBIT"): .security]))

/// The fields of one CSV line (RFC 4180: a quoted field may hold commas and doubled quotes).
func csvFields(_ line: some StringProtocol) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(line)[...]
    while let character = characters.popFirst() {
        if quoted {
            if character == "\"" {
                if characters.first == "\"" {
                    field.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.append(character)
            }
        } else if character == "\"" {
            quoted = true
        } else if character == "," {
            fields.append(field)
            field = ""
        } else {
            field.append(character)
        }
    }
    fields.append(field)
    return fields
}

/// A text's lines, without the newline that ends the last.
func lines(_ text: String) -> [String] {
    var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if all.last == "" { all.removeLast() }
    return all
}
