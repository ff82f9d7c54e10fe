import HarvestCore
import HarvestTestSupport
import PropertyBased

/// One random step of a ledger, before it is made consistent: which kind, where, how much.
struct LedgerStep: Sendable, CustomStringConvertible {
    var kind: Int
    var wallet: Int
    var otherWallet: Int
    var asset: Int
    var size: Int
    var priceCents: Int
    var gapDays: Int
    var extra: Int

    var description: String { "(\(kind) w\(wallet)→\(otherWallet) a\(asset) n\(size) p\(priceCents) +\(gapDays)d x\(extra))" }
}

/// A random ledger with the totals its own bookkeeping expects, computed independently of the engine:
/// every unit and dollar of basis that came in, every unit that should be in each wallet at the end.
struct GeneratedLedger: Sendable, CustomStringConvertible {
    struct Place: Hashable, Sendable {
        var asset: Asset
        var wallet: Wallet
    }

    var transactions: [Transaction] = []
    /// Units acquired (buys, income, gifts received, trades' received side), per asset.
    var unitsAcquired: [Asset: Quantity] = [:]
    /// Their basis: cost plus USD fees for buys, fair value otherwise.
    var basisAcquired: [Asset: Money] = [:]
    /// Units disposed of beyond what was held (only when overdrawing is allowed).
    var unitsMissing: [Asset: Quantity] = [:]
    /// Network-fee units of transfers (sent − received).
    var transferFeeUnits: [Asset: Quantity] = [:]
    /// What each wallet actually holds at the end.
    var holdings: [Place: Quantity] = [:]
    /// Net proceeds of each sale, by transaction id.
    var saleProceeds: [String: Money] = [:]
    var lastDate = day("2023-09-01")

    var description: String {
        transactions.map { tx in
            let sent = tx.sent.map { " −\($0)" } ?? "", received = tx.received.map { " +\($0)" } ?? ""
            let fee = tx.fee.map { " fee \($0)" } ?? "", to = tx.toWallet.map { " →\($0)" } ?? ""
            return "\(tx.id) \(tx.date) \(tx.kind.rawValue) \(tx.wallet)\(to)\(sent)\(received)\(fee)"
        }.joined(separator: "\n")
    }
}

enum LedgerGen {
    static let assets = [Asset("BTC"), Asset("ETH")]
    static let wallets = [Wallet("A"), Wallet("B"), Wallet("C")]

    static var step: Generator<LedgerStep, some SendableSequenceType> {
        zip(
            Gen<Int>.int(in: 0...11), Gen<Int>.int(in: 0...2), Gen<Int>.int(in: 1...2), Gen<Int>.int(in: 0...1),
            Gen<Int>.int(in: 1...1_000_000_000), Gen<Int>.int(in: 1...10_000_000), Gen<Int>.int(in: 0...30), Gen<Int>.int(in: 0...999)
        ).map { kind, wallet, other, asset, size, price, gap, extra in
            LedgerStep(kind: kind, wallet: wallet, otherWallet: other, asset: asset, size: size, priceCents: price, gapDays: gap, extra: extra)
        }
    }

    /// Random ledgers of 1...40 rows over three wallets and two assets, spanning 2023 to 2025. A sale
    /// never exceeds the wallet's holding unless `overdraw` is set (for `allowMissingBasis`).
    static func ledger(overdraw: Bool = false) -> Generator<GeneratedLedger, some SendableSequenceType> {
        step.array(of: 1...40).map { steps in build(steps, overdraw: overdraw) }
    }

    /// Replays the steps with their own bookkeeping, turning each into a row the holdings allow.
    static func build(_ steps: [LedgerStep], overdraw: Bool) -> GeneratedLedger {
        var ledger = GeneratedLedger()
        var date = ledger.lastDate
        for (index, step) in steps.enumerated() {
            date = date.adding(days: step.gapDays)
            let id = "t\(index)"
            let asset = assets[step.asset], other = assets[1 - step.asset]
            let wallet = wallets[step.wallet], destination = wallets[(step.wallet + step.otherWallet) % 3]
            let here = GeneratedLedger.Place(asset: asset, wallet: wallet)
            let held = ledger.holdings[here] ?? .zero
            // 1e-8 … 10 units with 8 decimals; $0.01 … $100,000.00 a unit.
            let size = Quantity(Fixed(raw: Int128(step.size) * 10_000_000_000))
            let price = Price(Fixed(raw: Int128(step.priceCents) * 10_000_000_000_000_000))
            // A share of the holding: (extra + 1) / 1000 of it, rounded down to the wei.
            let portion = Quantity(held.fixed.scaled(by: Fixed(step.extra + 1), over: Fixed(1000), rounding: .down))
            let cents = Money(Fixed(raw: Int128(step.extra) * 10_000_000_000_000_000))

            func row(_ kind: TransactionKind, sent: Amount? = nil, received: Amount? = nil, fee: Amount? = nil,
                     value: Money? = nil, feeValue: Money? = nil, to: Wallet? = nil) -> Transaction {
                Transaction(id: id, timestamp: Instant(date: date), date: date, sequence: index, kind: kind,
                            incomeType: kind == .income ? .staking : nil, wallet: wallet, sent: sent, received: received,
                            fee: fee, value: value, feeValue: feeValue, toWallet: to)
            }
            func acquire(_ quantity: Quantity, _ asset: Asset, basis: Money, in wallet: Wallet) {
                ledger.unitsAcquired[asset, default: .zero] += quantity
                ledger.basisAcquired[asset, default: .zero] += basis
                ledger.holdings[GeneratedLedger.Place(asset: asset, wallet: wallet), default: .zero] += quantity
            }
            func release(_ quantity: Quantity) {
                let taken = min(quantity, held)
                if quantity > taken { ledger.unitsMissing[asset, default: .zero] += quantity - taken }
                ledger.holdings[here] = held - taken
            }

            var kind = step.kind
            // Nothing to dispose of here: buy instead (unless overdrawing a sale on purpose).
            if held.isZero || portion.isZero, [3, 4, 5, 7, 8, 9, 10].contains(kind), !(overdraw && (kind == 3 || kind == 4)) {
                kind = 0
            }
            switch kind {
            case 0, 1, 2:  // buy, with a USD fee one time in three
                let cost = price * size
                let fee: Money? = step.extra % 3 == 0 ? cents : nil
                ledger.transactions.append(row(.buy, sent: usd(cost), received: Amount(size, asset), fee: fee.map(usd)))
                acquire(size, asset, basis: cost + (fee ?? .zero), in: wallet)
            case 3, 4:  // sale; when overdrawing, up to 1.5 times the holding, or a fresh amount when none is held
                var quantity = portion
                if overdraw {
                    quantity = Quantity(held.fixed.scaled(by: Fixed(step.extra + 1), over: Fixed(666), rounding: .down))
                    if quantity.isZero { quantity = size }
                }
                let gross = price * quantity
                let fee: Money? = step.extra % 4 == 0 ? cents : nil
                ledger.transactions.append(row(.sell, sent: Amount(quantity, asset), received: usd(gross), fee: fee.map(usd)))
                ledger.saleProceeds[id] = gross - (fee ?? .zero)
                release(quantity)
            case 5:  // transfer, with a network fee of 1/1000 of the units every other time
                let networkFee = step.extra % 2 == 0 ? Quantity(portion.fixed.scaled(by: 1, over: 1000, rounding: .down)) : .zero
                let arrived = portion - networkFee
                ledger.transactions.append(row(.transfer, sent: Amount(portion, asset), received: Amount(arrived, asset),
                                               value: price * portion, to: destination))
                ledger.transferFeeUnits[asset, default: .zero] += networkFee
                release(portion)
                ledger.holdings[GeneratedLedger.Place(asset: asset, wallet: destination), default: .zero] += arrived
            case 6:  // staking income at fair value
                let value = price * size
                ledger.transactions.append(row(.income, received: Amount(size, asset), value: value))
                acquire(size, asset, basis: value, in: wallet)
            case 7:  // trade for the other asset at the fair value of what was sent
                let value = price * portion
                ledger.transactions.append(row(.trade, sent: Amount(portion, asset), received: Amount(size, other), value: value))
                release(portion)
                acquire(size, other, basis: value, in: wallet)
            case 8:  // gift given, donation or loss
                let kind: TransactionKind = [.giftOut, .donation, .lost][step.extra % 3]
                ledger.transactions.append(row(kind, sent: Amount(portion, asset), value: kind == .lost ? nil : price * portion))
                release(portion)
            case 9:  // spent on goods
                ledger.transactions.append(row(.spend, sent: Amount(portion, asset), value: price * portion))
                release(portion)
            case 10:  // a failed transaction's fee: 1/100 of the share
                let burned = Quantity(portion.fixed.scaled(by: 1, over: 100, rounding: .up))
                ledger.transactions.append(row(.fee, fee: Amount(burned, asset), feeValue: price * burned))
                release(burned)
            default:  // a gift received, at the donor's basis
                let basis = price * size
                ledger.transactions.append(row(.giftIn, received: Amount(size, asset), value: basis))
                acquire(size, asset, basis: basis, in: wallet)
            }
        }
        ledger.lastDate = date
        return ledger
    }
}

/// SplitMix64: a tiny seeded generator to shuffle a ledger reproducibly inside a property.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
