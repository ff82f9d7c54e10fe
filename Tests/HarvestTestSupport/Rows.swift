import HarvestCore

// Builders for tests of every target: each row reads like the line of a Harvest CSV it stands for, so a test's
// hand arithmetic can be checked against its inputs at a glance.

/// A day by its ISO text; traps on a typo so a bad literal fails loudly instead of testing nothing.
public func day(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso: iso) else { preconditionFailure("bad test date \(iso)") }
    return date
}

public func amount(_ quantity: Quantity, _ asset: String) -> Amount { Amount(quantity, Asset(asset)) }

public func usd(_ money: Money) -> Amount { Amount(Quantity(money.fixed), .usd) }

/// One transaction per call; `hour` orders rows within a day.
public enum Row {
    public static func make(
        _ id: String, _ kind: TransactionKind, _ date: String, hour: Int = 12, sequence: Int = 0, wallet: String = "A",
        sent: Amount? = nil, received: Amount? = nil, fee: Amount? = nil, value: Money? = nil, feeValue: Money? = nil,
        to: String? = nil, picks: [LotPick] = [], incomeType: IncomeType? = nil, source: SourceLocation? = nil
    ) -> Transaction {
        let civil = day(date)
        let timestamp = Instant(millisecondsSinceEpoch: Instant(date: civil).millisecondsSinceEpoch + Int64(hour) * 3_600_000)
        return Transaction(
            id: id, timestamp: timestamp, date: civil, sequence: sequence, kind: kind, incomeType: incomeType,
            wallet: Wallet(wallet), sent: sent, received: received, fee: fee, value: value, feeValue: feeValue,
            toWallet: to.map(Wallet.init), lotPicks: picks, source: source)
    }

    /// USD `cost` sent, `quantity` of `asset` received.
    public static func buy(
        _ id: String, _ date: String, _ quantity: Quantity, _ asset: String, cost: Money, fee: Amount? = nil,
        feeValue: Money? = nil, wallet: String = "A", hour: Int = 12
    ) -> Transaction {
        make(id, .buy, date, hour: hour, wallet: wallet, sent: usd(cost), received: amount(quantity, asset), fee: fee, feeValue: feeValue)
    }

    /// `quantity` of `asset` sent, USD `proceeds` received.
    public static func sell(
        _ id: String, _ date: String, _ quantity: Quantity, _ asset: String, proceeds: Money, fee: Amount? = nil,
        feeValue: Money? = nil, wallet: String = "A", picks: [LotPick] = [], hour: Int = 12, source: SourceLocation? = nil
    ) -> Transaction {
        make(id, .sell, date, hour: hour, wallet: wallet, sent: amount(quantity, asset), received: usd(proceeds), fee: fee,
             feeValue: feeValue, picks: picks, source: source)
    }

    public static func trade(
        _ id: String, _ date: String, sent: Amount, received: Amount, value: Money?, fee: Amount? = nil,
        feeValue: Money? = nil, wallet: String = "A", hour: Int = 12
    ) -> Transaction {
        make(id, .trade, date, hour: hour, wallet: wallet, sent: sent, received: received, fee: fee, value: value, feeValue: feeValue)
    }

    public static func income(
        _ id: String, _ date: String, _ quantity: Quantity, _ asset: String, value: Money?, type: IncomeType = .staking,
        wallet: String = "A", hour: Int = 12
    ) -> Transaction {
        make(id, .income, date, hour: hour, wallet: wallet, received: amount(quantity, asset), value: value, incomeType: type)
    }

    public static func spend(_ id: String, _ date: String, _ quantity: Quantity, _ asset: String, value: Money?, wallet: String = "A") -> Transaction {
        make(id, .spend, date, wallet: wallet, sent: amount(quantity, asset), value: value)
    }

    public static func giftIn(_ id: String, _ date: String, _ quantity: Quantity, _ asset: String, value: Money, wallet: String = "A") -> Transaction {
        make(id, .giftIn, date, wallet: wallet, received: amount(quantity, asset), value: value)
    }

    /// gift_out, donation or lost.
    public static func removal(
        _ kind: TransactionKind, _ id: String, _ date: String, _ quantity: Quantity, _ asset: String, value: Money?,
        wallet: String = "A"
    ) -> Transaction {
        make(id, kind, date, wallet: wallet, sent: amount(quantity, asset), value: value)
    }

    public static func transfer(
        _ id: String, _ date: String, sent: Quantity, received: Quantity? = nil, _ asset: String, from: String, to: String,
        value: Money? = nil, fee: Amount? = nil, feeValue: Money? = nil, picks: [LotPick] = [], hour: Int = 12
    ) -> Transaction {
        make(id, .transfer, date, hour: hour, wallet: from, sent: amount(sent, asset), received: received.map { amount($0, asset) },
             fee: fee, value: value, feeValue: feeValue, to: to, picks: picks)
    }
}

// MARK: - Compact views of results, compared as whole arrays

/// A disposal row reduced to what a hand calculation states.
public struct Sold: Equatable, Sendable, CustomStringConvertible {
    public var lot: String
    public var quantity: Quantity
    public var proceeds: Money
    public var basis: Money
    public var term: Term

    public init(_ lot: String, _ quantity: Quantity, proceeds: Money, basis: Money, _ term: Term) {
        self.lot = lot
        self.quantity = quantity
        self.proceeds = proceeds
        self.basis = basis
        self.term = term
    }

    public init(_ disposal: Disposal) {
        self.init(disposal.lotTransactionID, disposal.quantity, proceeds: disposal.proceeds, basis: disposal.costBasis, disposal.term)
    }

    public var description: String { "\(lot): \(quantity) proceeds \(proceeds) basis \(basis) \(term)" }
}

/// An open lot reduced to what a hand calculation states.
public struct Held: Equatable, Sendable, CustomStringConvertible {
    public var asset: String
    public var wallet: String
    public var lot: String
    public var quantity: Quantity
    public var basis: Money

    public init(_ asset: String, _ wallet: String, _ lot: String, _ quantity: Quantity, basis: Money) {
        self.asset = asset
        self.wallet = wallet
        self.lot = lot
        self.quantity = quantity
        self.basis = basis
    }

    public init(_ lot: Lot) {
        self.init(lot.asset.symbol, lot.wallet.name, lot.transactionID, lot.quantity, basis: lot.costBasis)
    }

    public var description: String { "\(quantity) \(asset) in \(wallet) from \(lot), basis \(basis)" }
}

extension LedgerResult {
    public var sold: [Sold] { disposals.map(Sold.init) }
    public var held: [Held] { openLots.map(Held.init) }
}
