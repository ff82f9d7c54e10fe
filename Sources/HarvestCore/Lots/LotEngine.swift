/// What the engine makes of a history: the taxable disposals, the lots still open, the units that
/// left without a taxable event, and the ordinary income received.
public struct LedgerResult: Sendable {
    /// One row per lot portion consumed, in disposal order, then acquisition order.
    public var disposals: [Disposal]
    public var openLots: [Lot]
    public var removals: [Removal]
    public var income: [IncomeRecord]
    /// Things the user should know that are not errors (e.g. zero-basis units assumed).
    public var warnings: [String]
    /// The replayed history, as given (shared, not copied): what the disposals' positions point into.
    public var transactions: [Transaction]
    /// Amounts the price book could not value, valued at zero instead (only with `AccountingPolicy.unpricedAtZero`).
    public var unpriced: [UnpricedAmount] = []
    /// Rows that took more than was held (only with `AccountingPolicy.allowMissingBasis`): the missing units were taken
    /// as zero-basis units acquired that day.
    public var shortfalls: [Shortfall] = []

    /// Input indices in time order, empty when the input was in time order already.
    var order: [Int32] = []
    /// The position in time order of the first of `transactions`: 0, unless the replay resumed on the history from a
    /// state's cut on (`LotEngine.resume(from:fromCut:…)`), whose rows before it that open lots came from are `earlier`.
    var first = 0
    var earlier: [Int32: Transaction] = [:]

    /// The transaction at `position` in time order (a disposal's `lotPosition` or `disposalPosition`).
    public func transaction(at position: Int32) -> Transaction {
        if Int(position) < first, let row = earlier[position] { return row }
        let local = max(0, Int(position) - first)
        return transactions[order.isEmpty ? local : Int(order[local])]
    }

    /// Where the lot a disposal consumed was acquired: its source row (none for a pool row).
    public func lotSource(of disposal: Disposal) -> SourceLocation? {
        disposal.lotPosition < 0 ? nil : transaction(at: disposal.lotPosition).source
    }

    /// The source row of the disposing transaction.
    public func disposalSource(of disposal: Disposal) -> SourceLocation? { transaction(at: disposal.disposalPosition).source }

    /// Where a disposal's lot and its disposal came from and how each was valued (`gains --format json`).
    public func provenance(of disposal: Disposal, base: Asset, prices: PriceBook) -> DisposalProvenance {
        let disposing = transaction(at: disposal.disposalPosition)
        // A pool row (UK, Canada) has no single acquisition behind it: nothing to name.
        let lot = disposal.lotPosition < 0 ? nil : transaction(at: disposal.lotPosition)
        return DisposalProvenance(
            lotSource: lot?.source, disposalSource: disposing.source,
            lotValuation: lot.flatMap { Valuation.source(of: $0, base: base, prices: prices) },
            disposalValuation: Valuation.source(of: disposing, base: base, prices: prices))
    }
}

/// What any of a list of disposals has: the optional columns the gains CSV adds for them.
public struct DisposalTraits: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A row rests on assumed zero-basis units.
    public static let missingBasis = DisposalTraits(rawValue: 1)
    /// A row rests on a transaction the user edited.
    public static let edited = DisposalTraits(rawValue: 2)
    /// A row was matched otherwise than to a lot (a pool, the UK's same-day or 30-day rule).
    public static let notLotMatched = DisposalTraits(rawValue: 4)
    /// A row has a selling cost.
    public static let sellingCost = DisposalTraits(rawValue: 8)
    public static let all: DisposalTraits = [.missingBasis, .edited, .notLotMatched, .sellingCost]

    public init(_ disposals: some Sequence<Disposal>) {
        var traits: DisposalTraits = []
        for disposal in disposals {
            if disposal.missingBasis { traits.insert(.missingBasis) }
            if disposal.edited { traits.insert(.edited) }
            if disposal.matching != .lot { traits.insert(.notLotMatched) }
            if !disposal.sellingCost.isZero { traits.insert(.sellingCost) }
        }
        self = traits
    }
}

/// Where a disposal's two transactions came from (their source rows) and how each was valued: what
/// `gains --format json` writes beside each row. Kept in a replay's checkpoint, year by year like the disposals.
public struct DisposalProvenance: Sendable, Hashable {
    public var lotSource: SourceLocation?
    public var disposalSource: SourceLocation?
    public var lotValuation: ValuationSource?
    public var disposalValuation: ValuationSource?

    public init(lotSource: SourceLocation?, disposalSource: SourceLocation?, lotValuation: ValuationSource?, disposalValuation: ValuationSource?) {
        self.lotSource = lotSource
        self.disposalSource = disposalSource
        self.lotValuation = lotValuation
        self.disposalValuation = disposalValuation
    }
}

/// The tax-lot engine: replays a history in time order, keeping every lot with its basis and holding
/// period, and turns each disposal into the lot portions it consumes.
///
/// Pure: prices, the policy and the jurisdiction come in as values; nothing is read or printed.
public enum LotEngine {
    /// Replays `transactions` (in any order: they are sorted by time, then by `sequence`).
    /// - Throws: `LedgerError` for the first row the history cannot support (a shortfall, a missing
    ///   price, a malformed row, a bad lot identification), naming that row.
    public static func run(
        _ transactions: [Transaction], prices: PriceBook = PriceBook(), policy: AccountingPolicy = AccountingPolicy(),
        jurisdiction: Jurisdiction = .us
    ) throws(LedgerError) -> LedgerResult {
        // Every sum the replay makes is of these: bounded here, none of them can overflow (README "Supported range").
        try SupportedRange.checkLedgerTotals(transactions)
        var replay = Replay(transactions: transactions, prices: prices, policy: policy, jurisdiction: jurisdiction)
        replay.audit = ReplayAudit(checked: policy.checkedArithmetic)
        try replay.run()
        let result = replay.result()
        try replay.verifyConservation(result)
        return result
    }
}

/// An amount a replay needed a fair value for and found none: valued at zero under `AccountingPolicy.unpricedAtZero`.
public struct UnpricedAmount: Sendable, Hashable {
    /// The transaction, as the user names it (`wallet/id`).
    public var transaction: TransactionReference
    public var asset: Asset
    public var quantity: Quantity
    public var date: CivilDate
}

/// A row that took more units than were held where it looked (`wallet` nil: all wallets pooled).
public struct Shortfall: Sendable, Hashable {
    public var transaction: TransactionReference
    public var asset: Asset
    public var wallet: Wallet?
    public var missing: Quantity
    public var date: CivilDate
}

/// Where a replay notes the gaps it computed through: shared by the replay's copies (valuation is not mutating).
final class ReplayLog: @unchecked Sendable {
    var unpriced: [UnpricedAmount] = []
    var shortfalls: [Shortfall] = []
}

extension LedgerResult {
    static func warnings(missingBasisCount: Int) -> [String] {
        var warnings: [String] = []
        if missingBasisCount > 0 {
            warnings.append("\(missingBasisCount) disposal(s) had no acquisitions to match: the missing units were taken as "
                + "zero-basis, acquired on the disposal date, and are flagged (missing_basis)")
        }

        return warnings
    }
}

/// The state of one replay.
struct Replay {
    /// A lot, or a fragment of one moved by a transfer, with what remains of it.
    struct LotState {
        // Stored with the 16-byte-aligned figures first and the small fields in the padding after `asset`: 112 bytes, not
        // 144 (one per lot and fragment, a million and more held while a history replays).
        var quantity: Quantity
        var basis: Money
        /// Basis per unit at acquisition: the HIFO key.
        let unitCost: Int128
        var asset: Asset
        let missingBasis: Bool
        /// These units already replaced a sold unit in a wash sale (their basis carries its loss): they are disregarded
        /// as replacements for any other loss (Treas. Reg. §1.1091-1(e)).
        var replacementUsed = false
        let dateAcquired: CivilDate
        var wallet: Wallet
        let acquiredAt: Instant
        var holdingStart: CivilDate
        /// Index of the acquiring transaction in `ordered`.
        let origin: Int32
        /// Creation order of this state (a fragment gets a new one).
        let serial: Int32

        init(
            asset: Asset, wallet: Wallet, quantity: Quantity, basis: Money, acquiredAt: Instant, dateAcquired: CivilDate,
            holdingStart: CivilDate, origin: Int32, serial: Int32, unitCost: Int128, missingBasis: Bool, replacementUsed: Bool = false
        ) {
            self.quantity = quantity
            self.basis = basis
            self.unitCost = unitCost
            self.asset = asset
            self.missingBasis = missingBasis
            self.replacementUsed = replacementUsed
            self.dateAcquired = dateAcquired
            self.wallet = wallet
            self.acquiredAt = acquiredAt
            self.holdingStart = holdingStart
            self.origin = origin
            self.serial = serial
        }
    }

    struct BucketKey: Hashable {
        var asset: Asset
        /// Nil when lots are pooled across wallets (universal scope).
        var wallet: Wallet?
    }

    struct Bucket {
        var heap = LotHeap()
        var total = Quantity.zero
    }

    /// A piece taken from a lot.
    struct Piece {
        var lot: Int32
        var quantity: Quantity
        var basis: Money
    }

    /// The input, in the caller's order.
    /// The history (`LotBook` appends to it, one transaction at a time).
    var input: [Transaction]
    /// Input indices in time order; empty when the input is already in time order (the store's order),
    /// so that the history is neither copied nor sorted.
    let order: [Int32]
    var years: PositionYears
    /// The position in time order of the first of `input`: 0 for a whole history; a state's cut position for the history
    /// from its cut on (`LotEngine.resume(from:fromCut:…)`), whose rows before the cut that open lots came from are
    /// `earlierRows`.
    let first: Int
    let earlierRows: [Int32: Transaction]
    /// Units of each asset held before `first` (Canada's superficial-loss window counts from them).
    var unitsBeforeFirst: [Asset: Quantity] = [:]
    /// The magnitudes of the rows before `first`, added up (`SupportedRange.checkLedgerTotals`).
    var totalBeforeFirst = Fixed.zero
    /// The rows of each list made before the state a replay resumed from (its states count them in).
    var rowsBefore = (disposals: 0, removals: 0, income: 0, unpriced: 0, shortfalls: 0)
    /// The row before `first`, when a replay of the rows from a cut has none between the cut and its state.
    var previousBeforeFirst: TransactionReference?
    let prices: PriceBook
    let policy: AccountingPolicy
    let jurisdiction: Jurisdiction
    let base: Asset
    let log = ReplayLog()

    var lots: [LotState] = []
    /// Lots dropped from `lots` when a `ReplayState` was taken (those emptied before it): a new lot's `serial` counts them,
    /// so that lots keep their creation order across a resume.
    var serialOffset: Int32 = 0
    /// The creation order of the next lot made.
    var nextSerial: Int32 { Int32(lots.count) + serialOffset }
    /// The tax years at whose start the replay takes its state (`LotEngine.run(_:prices:policy:jurisdiction:capturingYears:)`),
    /// and the states taken.
    var captureYears: Set<Int> = []
    var captured: [ReplayState] = []
    var bucketIndex: [BucketKey: Int] = [:]
    var buckets: [Bucket] = []
    var bucketKeys: [BucketKey] = []
    var method: LotMethod
    var scope: BasisScope
    /// The tax year of the transaction being applied.
    var currentYear = 0
    /// Units actually in each wallet, kept while lots are pooled (universal scope) so that the move
    /// to wallet-by-wallet tracking can allocate the pool to the wallets (Rev. Proc. 2024-28).
    var walletBalances: [BucketKey: Quantity] = [:]

    /// The wash-sale bookkeeping, when a rule that defers losses applies (WashSale/WashSaleMatching.swift).
    var wash: WashState?
    /// The pools, under a jurisdiction that matches from pools instead of lots (Lots/Pooling.swift).
    var pools: PoolBook
    /// `pools` is in use, and matches by the UK's identification rules (kept apart: cheap to test per row).
    let pooled: Bool
    let identifying: Bool

    var disposals: [Disposal] = []
    /// Spare storage for `take`'s pieces.
    var pieceBuffer: [Piece] = []
    var removals: [Removal] = []
    var income: [IncomeRecord] = []
    /// Gifts received whose fair value was below the donor's basis (US dual basis, `GiftBasis.carryOverWithLossLimit`),
    /// by the position of the gift: how much lower the basis for a loss is, for all the units the gift brought.
    var dualBasis: [Int32: DualBasis] = [:]

    struct DualBasis {
        /// The donor's basis minus the fair value at the time of the gift, for `quantity` units.
        var gap: Money
        var quantity: Quantity
    }
    var missingBasisCount = 0
    /// Units and basis into and out of lots, for the conservation check at the end (`ReplayAudit`).
    var audit = ReplayAudit(checked: false)

    /// The time order of a history and the tax year of each position.
    struct Timeline: Sendable {
        var order: [Int32]
        var years: [Int]
    }

    /// The tax year of each position in time order, from `first` on.
    struct PositionYears {
        var storage: [Int]
        let first: Int
        subscript(position: Int) -> Int { storage[position - first] }
        var firstYear: Int? { storage.first }
        mutating func append(_ year: Int) { storage.append(year) }
    }

    init(
        transactions: [Transaction], prices: PriceBook, policy: AccountingPolicy, jurisdiction: Jurisdiction, first: Int = 0,
        earlierRows: [Int32: Transaction] = [:]
    ) {
        let timeline = Replay.timeline(transactions, jurisdiction: jurisdiction)
        self.input = transactions
        self.order = timeline.order
        self.years = PositionYears(storage: timeline.years, first: first)
        self.first = first
        self.earlierRows = earlierRows
        self.prices = prices
        self.policy = policy
        self.jurisdiction = jurisdiction
        self.base = jurisdiction.baseCurrency
        self.pools = PoolBook(matching: jurisdiction.matching)
        self.pooled = jurisdiction.matching != .lots
        self.identifying = jurisdiction.matching == .ukShareIdentification
        let firstYear = years.firstYear ?? 0
        self.method = policy.method(for: firstYear)
        self.scope = policy.scope(for: firstYear)
    }

    static func timeline(_ transactions: [Transaction], jurisdiction: Jurisdiction) -> Timeline {
        func before(_ a: Transaction, _ b: Transaction) -> Bool { (a.timestamp, a.sequence) < (b.timestamp, b.sequence) }
        let inOrder = zip(transactions, transactions.dropFirst()).allSatisfy { !before($1, $0) }
        // Ties at the same timestamp and sequence keep the input order (STYLE.md §11: every ordering has a tie-break).
        let order = inOrder ? [] : transactions.indices.sorted {
            let a = transactions[$0], b = transactions[$1]
            return before(a, b) || (!before(b, a) && $0 < $1)
        }.map { Int32($0) }
        // The tax year of each transaction in time order; consecutive rows mostly share a day.
        var years: [Int] = []
        years.reserveCapacity(transactions.count)
        var lastDate: CivilDate?
        var lastYear = 0
        for position in transactions.indices {
            let date = transactions[inOrder ? position : Int(order[position])].date
            if date != lastDate {
                lastDate = date
                lastYear = jurisdiction.taxYear.year(of: date)
            }
            years.append(lastYear)
        }
        return Timeline(order: order, years: years)
    }

    /// The transaction at `position` in time order (`first` or later).
    @inline(__always) func ordered(_ position: Int) -> Transaction { input[inputIndex(position)] }

    /// The input index of the transaction at `position` in time order (`first` or later): read fields through it
    /// (`input[i].id`) rather than copying a whole transaction.
    @inline(__always) func inputIndex(_ position: Int) -> Int { order.isEmpty ? position - first : Int(order[position - first]) }

    /// The position after the last row.
    var count: Int { first + input.count }

    /// The id of the transaction that acquired a lot (its `origin`), which may lie before `first`.
    @inline(__always) func originID(_ origin: Int32) -> String {
        Int(origin) >= first ? input[inputIndex(Int(origin))].id : earlierRows[origin]?.id ?? ""
    }

    /// Whether the user edited the transaction at `origin`.
    @inline(__always) func originEdited(_ origin: Int32) -> Bool {
        Int(origin) >= first ? input[inputIndex(Int(origin))].edited : earlierRows[origin]?.edited ?? false
    }

    /// The transaction at `origin`, which may lie before `first` (the resume checks that every open lot's is known).
    func originRow(_ origin: Int32) -> Transaction? { Int(origin) >= first ? ordered(Int(origin)) : earlierRows[origin] }

    mutating func run() throws(LedgerError) {
        wash = WashState(self)
        preparePools()
        // Room reserved, not touched: pages are taken as the lots are made. Transfers split lots into fragments, so the lots
        // outnumber the rows (1.1 to 1.3 times on generated histories); growing by doubling past a million would copy some
        // 150 MB into a buffer twice that size, both held at once: the replay's peak memory.
        lots.reserveCapacity(count * 2)
        disposals.reserveCapacity(count + count / 2)
        currentYear = years.firstYear ?? 0
        try apply(from: 0)
        finishPools()
    }

    /// Applies the rows from `start` on, in time order, entering each new tax year as it comes (and taking the state of
    /// the replay at the start of each year in `captureYears`: `ReplayState`).
    mutating func apply(from start: Int) throws(LedgerError) {
        for index in start..<count {
            if years[index] != currentYear {
                if !captureYears.isEmpty, captureYears.contains(years[index]) { captured.append(capture(at: index)) }
                currentYear = years[index]
                enterYear(currentYear)
            }
            try apply(Int32(index))
        }
    }

    // MARK: - Transactions

    mutating func apply(_ index: Int32) throws(LedgerError) {
        let tx = ordered(Int(index))
        if identifying { poolEnterDay(tx.date) }
        switch tx.kind {
        case .buy, .sell, .trade, .spend:
            try exchange(index, tx)
        case .income, .giftIn:
            try acquireOnly(index, tx)
        case .transfer:
            try transfer(index, tx)
        case .giftOut, .donation, .lost:
            try remove(index, tx)
        case .withdrawal:
            // Not matched to a deposit (TransferMatcher turns matched pairs into transfers): the units leave.
            try remove(index, tx)
        case .deposit:
            try depositFromUnknown(index, tx)
        case .fee:
            guard let paid = tx.fee ?? tx.sent, paid.quantity.isPositive else {
                throw .malformed(transaction: tx.reference, reason: .feeRowWithoutFee)
            }
            let cost = try feeCost(tx, paid: paid, transactionValue: tx.value)
            try payFee(index, tx, paid: paid, cost: cost, kind: .fee)
        }
    }

    /// buy, sell, trade, spend: a disposal of what was sent (unless fiat) at fair value, net of the fee;
    /// an acquisition of what was received (unless fiat) at the same fair value, plus the fee when
    /// nothing was disposed of. A fee paid in crypto is also a disposal of the fee units.
    ///
    /// A swap whose row values its received side apart (`receivedValue`, neither side the base currency) has proceeds of
    /// that value, and its new lot costs what the jurisdiction says (`swapCost`): the value received or the value given.
    mutating func exchange(_ index: Int32, _ tx: Transaction) throws(LedgerError) {
        let sent = tx.sent.flatMap { $0.quantity.isZero ? nil : $0 }
        let received = tx.received.flatMap { $0.quantity.isZero ? nil : $0 }
        guard sent != nil || received != nil else {
            throw .malformed(transaction: tx.reference, reason: .nothingMoved(tx.kind))
        }
        let value = try fairValue(tx, sent: sent, received: received)
        var receivedValue = value
        if let separate = tx.receivedValue, sent != nil, received != nil, sent?.asset != base, received?.asset != base {
            receivedValue = separate
        }
        // Not `tx.fee.map { … }`: a closure would capture (copy) the whole replay.
        var cost = Money.zero
        if let fee = tx.fee { cost = try feeCost(tx, paid: fee, transactionValue: value) }
        let disposesCrypto = sent.map { !$0.asset.isFiat } ?? false
        if let sent, disposesCrypto {
            let kind: DisposalKind = switch tx.kind {
            case .sell: .sale
            case .spend: .spend
            default: .trade
            }
            try dispose(index, tx, sent, proceeds: receivedValue - cost, sellingCost: cost, kind: kind)
        }
        if let received, !received.asset.isFiat {
            let price = jurisdiction.swapCost == .valueReceived ? receivedValue : value
            acquire(index, tx, received, basis: disposesCrypto ? price : price + cost)
        }
        if let fee = tx.fee, fee.quantity.isPositive, !fee.asset.isFiat {
            try disposeFeeUnits(index, tx, fee, proceeds: cost, kind: .fee)
        }
    }

    /// income, gift_in: a new lot at fair value, or for a gift as the jurisdiction's `giftBasis` says.
    ///
    /// A fee paid to receive income or a gift is a cost of acquiring the units: it is added to their basis, and the income
    /// stays the fair value received (US: Treas. Reg. §1.263(a)-2(f), costs that facilitate an acquisition are capitalized,
    /// and the income is the fair value received, Rev. Rul. 2023-14; UK: TCGA s.38(1)(a) and (2), incidental costs of
    /// acquisition, CRYPTO22150). A fee paid in crypto is also a disposal of the fee units, as on every other row.
    mutating func acquireOnly(_ index: Int32, _ tx: Transaction) throws(LedgerError) {
        guard let received = tx.received, received.quantity.isPositive else {
            throw .malformed(transaction: tx.reference, reason: .nothingReceived(tx.kind))
        }
        let value = try fairValue(tx, sent: nil, received: received)
        if tx.kind == .income {
            income.append(IncomeRecord(
                date: tx.date, taxYear: years[Int(index)], type: tx.incomeType ?? .other, asset: received.asset,
                quantity: received.quantity, value: value, wallet: tx.wallet, transactionID: tx.id, edited: tx.edited))
        }
        // Not `tx.fee.map { … }`: a closure would capture (copy) the whole replay.
        var cost = Money.zero
        if let fee = tx.fee { cost = try feeCost(tx, paid: fee, transactionValue: value) }
        if !received.asset.isFiat {
            if tx.kind == .giftIn {
                acquireGift(index, tx, received, value: value, cost: cost)
            } else {
                acquire(index, tx, received, basis: value + cost)
            }
        }
        if let fee = tx.fee, fee.quantity.isPositive, !fee.asset.isFiat {
            try disposeFeeUnits(index, tx, fee, proceeds: cost, kind: .fee)
        }
    }

    /// A gift received, by the jurisdiction's `giftBasis`. `value` is the row's fair value as the valuation rule finds it:
    /// the row's `value` (the donor's basis) when given, else its `received_value` (the fair value at the gift), else the
    /// day's close.
    mutating func acquireGift(_ index: Int32, _ tx: Transaction, _ received: Amount, value: Money, cost: Money) {
        let donorBasisKnown = tx.value != nil
        switch jurisdiction.giftBasis {
        case .marketValue:
            acquire(index, tx, received, basis: (tx.receivedValue ?? value) + cost)
        case .carryOver:
            acquire(index, tx, received, basis: value + cost, holdingStart: tx.donorAcquired)
        case .carryOverWithLossLimit:
            // §1223(2): the donor's holding period counts only where the basis is the donor's.
            acquire(index, tx, received, basis: value + cost, holdingStart: donorBasisKnown ? tx.donorAcquired : nil)
            if donorBasisKnown, !pooled, let fair = tx.receivedValue, fair < value {
                dualBasis[index] = DualBasis(gap: value - fair, quantity: received.quantity)
            }
        }
    }

    /// A move between the user's own wallets: not taxable. The moved units keep their basis and
    /// holding period. The network fee (sent − received, plus any fee in the moved asset) is disposed of
    /// at fair value, or with `addToBasis` leaves untaxed and adds its basis to the moved units.
    mutating func transfer(_ index: Int32, _ tx: Transaction) throws(LedgerError) {
        guard let sent = tx.sent, sent.quantity.isPositive, !sent.asset.isFiat else {
            throw .malformed(transaction: tx.reference, reason: .transferWithoutCrypto)
        }
        guard let destination = tx.toWallet else {
            throw .malformed(transaction: tx.reference, reason: .transferWithoutDestination)
        }
        // A wrapped or bridged form (ETH arriving as WETH, matched by TransferMatcher) continues the same lots.
        let arrivingAsset = tx.received?.asset ?? sent.asset
        if arrivingAsset != sent.asset && policy.transferRules.matchingClass(arrivingAsset) != policy.transferRules.matchingClass(sent.asset) {
            throw .malformed(transaction: tx.reference, reason: .transferArrivesAsOtherAsset(sent: sent.asset, received: arrivingAsset))
        }
        let arrived = tx.received?.quantity ?? sent.quantity
        guard arrived <= sent.quantity, !arrived.isNegative else {
            throw .malformed(transaction: tx.reference, reason: .transferReceivesMore(received: arrived, sent: sent.quantity))
        }
        if pooled {
            return try poolTransfer(index, tx, sent: sent, arrived: arrived, arrivingAsset: arrivingAsset, destination: destination)
        }
        var feeUnits = sent.quantity - arrived
        var otherFee: Amount?
        if let fee = tx.fee, fee.quantity.isPositive {
            if fee.asset == sent.asset { feeUnits += fee.quantity } else { otherFee = fee }
        }
        let source = BucketKey(asset: sent.asset, wallet: scope == .wallet ? tx.wallet : nil)
        let target = BucketKey(asset: arrivingAsset, wallet: scope == .wallet ? destination : nil)

        var feeBasis = Money.zero
        if feeUnits.isPositive {
            let feeAmount = Amount(feeUnits, sent.asset)
            switch policy.transferFee {
            case .dispose:
                let proceeds = try transferFeeValue(tx, sent: sent, units: feeUnits)
                try disposeFeeUnits(index, tx, feeAmount, proceeds: proceeds, kind: .transferFee)
            case .addToBasis:
                let pieces = try take(index, tx, from: source, wallet: tx.wallet, quantity: feeUnits, picks: [])
                feeBasis = pieces.reduce(Money.zero) { $0 + $1.basis }
                audit.left(sent.asset, units: feeUnits, basis: feeBasis)
            }
        }
        if let otherFee {
            let cost = try feeCost(tx, paid: otherFee, transactionValue: nil)
            if otherFee.asset.isFiat {
                if policy.transferFee == .addToBasis { feeBasis += cost }
            } else if policy.transferFee == .addToBasis {
                let pieces = try take(index, tx, from: BucketKey(asset: otherFee.asset, wallet: scope == .wallet ? tx.wallet : nil),
                                      wallet: tx.wallet, quantity: otherFee.quantity, picks: [])
                let otherBasis = pieces.reduce(Money.zero) { $0 + $1.basis }
                feeBasis += otherBasis
                audit.left(otherFee.asset, units: otherFee.quantity, basis: otherBasis)
            } else {
                try disposeFeeUnits(index, tx, otherFee, proceeds: cost, kind: .fee)
            }
        }
        guard arrived.isPositive else { return }
        let picks = method == .specific ? tx.lotPicks : []
        let pieces = try take(index, tx, from: source, wallet: tx.wallet, quantity: arrived, picks: picks)
        var feeLeft = feeBasis
        for (offset, piece) in pieces.enumerated() {
            let share = offset == pieces.count - 1 ? feeLeft : feeBasis.prorated(piece.quantity, of: arrived)
            feeLeft -= share
            let moved = lots[Int(piece.lot)]
            let fragment = LotState(
                asset: arrivingAsset, wallet: destination, quantity: piece.quantity, basis: piece.basis + share,
                acquiredAt: moved.acquiredAt, dateAcquired: moved.dateAcquired, holdingStart: moved.holdingStart,
                origin: moved.origin, serial: nextSerial, unitCost: moved.unitCost, missingBasis: moved.missingBasis,
                replacementUsed: moved.replacementUsed)
            insert(fragment, into: target)
            audit.left(sent.asset, units: piece.quantity, basis: piece.basis)
            audit.came(arrivingAsset, units: piece.quantity, basis: fragment.basis)
        }
        if scope == .universal {
            walletBalances[BucketKey(asset: arrivingAsset, wallet: destination), default: .zero] += arrived
        }
    }

    /// A deposit not matched to a withdrawal: where the units were bought is unknown, so they arrive with a
    /// zero basis, flagged `missingBasis` (over-stating a later gain rather than inventing a cost).
    mutating func depositFromUnknown(_ index: Int32, _ tx: Transaction) throws(LedgerError) {
        guard let received = tx.received, received.quantity.isPositive, !received.asset.isFiat else {
            throw .malformed(transaction: tx.reference, reason: .depositWithoutCrypto)
        }
        acquire(index, tx, received, basis: .zero, missingBasis: true)
        if let fee = tx.fee, fee.quantity.isPositive, !fee.asset.isFiat {
            let cost = try feeCost(tx, paid: fee, transactionValue: nil)
            try disposeFeeUnits(index, tx, fee, proceeds: cost, kind: .fee)
        }
    }

    /// gift_out, donation, lost, an unmatched withdrawal: the units leave with no gain or loss; or, where the
    /// jurisdiction says gifts are disposals (Australia), a gift or donation is a disposal at fair value.
    mutating func remove(_ index: Int32, _ tx: Transaction) throws(LedgerError) {
        if pooled { return try poolRemove(index, tx) }
        guard let sent = tx.sent, sent.quantity.isPositive, !sent.asset.isFiat else {
            throw .malformed(transaction: tx.reference, reason: .noCryptoSent(tx.kind))
        }
        if jurisdiction.giftsAreDisposals, tx.kind == .giftOut || tx.kind == .donation {
            // Market value substitution (ITAA 1997 s.116-30): the proceeds are the units' market value.
            let value = try fairValue(tx, sent: sent, received: nil)
            // Not `tx.fee.map { … }`: a closure would capture (copy) the whole replay.
            var cost = Money.zero
            if let fee = tx.fee { cost = try feeCost(tx, paid: fee, transactionValue: value) }
            try dispose(index, tx, sent, proceeds: value - cost, sellingCost: cost, kind: .gift)
            if let fee = tx.fee, fee.quantity.isPositive, !fee.asset.isFiat {
                try disposeFeeUnits(index, tx, fee, proceeds: cost, kind: .fee)
            }
            return
        }
        let value = try? fairValue(tx, sent: sent, received: nil)
        let picks = method == .specific ? tx.lotPicks : []
        let pieces = try take(index, tx, from: key(sent.asset, tx.wallet), wallet: tx.wallet, quantity: sent.quantity, picks: picks)
        var valueLeft = value
        for (offset, piece) in sortedByAcquisition(pieces).enumerated() {
            let lot = lots[Int(piece.lot)]
            let share = value.map { offset == pieces.count - 1 ? valueLeft! : $0.prorated(piece.quantity, of: sent.quantity) }
            if let share { valueLeft! -= share }
            removals.append(Removal(
                asset: sent.asset, wallet: tx.wallet, quantity: piece.quantity, costBasis: piece.basis,
                dateAcquired: lot.dateAcquired, date: tx.date, kind: tx.kind, fairValue: share,
                lotTransactionID: originID(lot.origin), transactionID: tx.id))
        }
        if let fee = tx.fee, fee.quantity.isPositive, !fee.asset.isFiat {
            let cost = try feeCost(tx, paid: fee, transactionValue: value)
            try disposeFeeUnits(index, tx, fee, proceeds: cost, kind: .fee)
        }
    }

    // MARK: - Valuation

    /// The fair value of the transaction in the base currency: the fiat side when one side is the base
    /// currency, else the row's `value`, else the day's close of what was sent, else of what was received.
    func fairValue(_ tx: Transaction, sent: Amount?, received: Amount?) throws(LedgerError) -> Money {
        let valued: (value: Money, source: ValuationSource)?
        do { valued = try Valuation.fairValue(tx, sent: sent, received: received, base: base, prices: prices) } catch {
            throw .outOfRange(transaction: tx.reference, overflow: error)
        }
        if let valued { return valued.value }
        let amount = sent ?? received
        return try unpriced(tx, amount?.asset ?? base, amount?.quantity ?? .zero)
    }

    /// `body`'s result, or its overflow as a `LedgerError` naming the row.
    func checked<Result>(_ tx: Transaction, _ body: () throws(ArithmeticOverflow) -> Result) throws(LedgerError) -> Result {
        do { return try body() } catch { throw .outOfRange(transaction: tx.reference, overflow: error) }
    }

    /// Zero, noted, under `unpricedAtZero`; else the missing price is an error naming the row.
    func unpriced(_ tx: Transaction, _ asset: Asset, _ quantity: Quantity) throws(LedgerError) -> Money {
        guard policy.unpricedAtZero else { throw .missingPrice(transaction: tx.reference, asset: asset, date: tx.date) }
        log.unpriced.append(UnpricedAmount(transaction: TransactionReference(tx), asset: asset, quantity: quantity, date: tx.date))
        return .zero
    }

    /// The fair value of a fee: its own amount in the base currency; else the row's `fee_value`; else its
    /// share of the transaction's value when paid in the sent or received asset; else the day's close.
    func feeCost(_ tx: Transaction, paid fee: Amount, transactionValue: Money?) throws(LedgerError) -> Money {
        if fee.quantity.isZero { return .zero }
        if fee.asset == base { return Money(fee.quantity.fixed) }
        if let feeValue = tx.feeValue { return feeValue }
        if let transactionValue {
            // A fee-only row that sends and receives nothing: its value is the fee's.
            if tx.kind == .fee, tx.sent == nil, tx.received == nil { return transactionValue }
            if let sent = tx.sent, sent.asset == fee.asset, sent.quantity.isPositive, sent.asset != base {
                return transactionValue.prorated(fee.quantity, of: sent.quantity)
            }
            if let received = tx.received, received.asset == fee.asset, received.quantity.isPositive {
                return transactionValue.prorated(fee.quantity, of: received.quantity)
            }
        }
        if let price = prices.close(fee.asset, on: tx.date) { return try checked(tx) { () throws(ArithmeticOverflow) in try price.value(of: fee.quantity) } }
        return try unpriced(tx, fee.asset, fee.quantity)
    }

    /// The fair value of a transfer's fee units: their share of the row's `value` (the value of all that
    /// was sent), else the day's close.
    func transferFeeValue(_ tx: Transaction, sent: Amount, units: Quantity) throws(LedgerError) -> Money {
        if let fee = tx.fee, fee.asset == sent.asset, let feeValue = tx.feeValue, units == fee.quantity { return feeValue }
        if let value = tx.value { return value.prorated(units, of: sent.quantity) }
        if let price = prices.close(sent.asset, on: tx.date) { return try checked(tx) { () throws(ArithmeticOverflow) in try price.value(of: units) } }
        return try unpriced(tx, sent.asset, units)
    }

    // MARK: - Disposals

    /// A disposal of `sent` for `proceeds`, net of `sellingCost` (the transaction's fee, kept apart for the returns that
    /// ask for gross proceeds).
    mutating func dispose(
        _ index: Int32, _ tx: Transaction, _ sent: Amount, proceeds: Money, sellingCost: Money, kind: DisposalKind
    ) throws(LedgerError) {
        if pooled { return try poolDispose(index, tx, sent, proceeds: proceeds, sellingCost: sellingCost, kind: kind) }
        let picks = method == .specific ? tx.lotPicks : []
        let pieces = try take(index, tx, from: key(sent.asset, tx.wallet), wallet: tx.wallet, quantity: sent.quantity, picks: picks)
        record(index, tx, sent, pieces, proceeds: proceeds, sellingCost: sellingCost, kind: kind)
    }

    mutating func disposeFeeUnits(_ index: Int32, _ tx: Transaction, _ fee: Amount, proceeds: Money, kind: DisposalKind) throws(LedgerError) {
        if pooled { return try poolDispose(index, tx, fee, proceeds: proceeds, kind: kind) }
        let pieces = try take(index, tx, from: key(fee.asset, tx.wallet), wallet: tx.wallet, quantity: fee.quantity, picks: [])
        record(index, tx, fee, pieces, proceeds: proceeds, kind: kind)
    }

    mutating func payFee(_ index: Int32, _ tx: Transaction, paid: Amount, cost: Money, kind: DisposalKind) throws(LedgerError) {
        guard !paid.asset.isFiat else { return }
        try disposeFeeUnits(index, tx, paid, proceeds: cost, kind: kind)
    }

    /// One disposal row per piece; proceeds and selling cost are split pro rata by quantity, the last piece taking
    /// the remainders so the rows add up to the proceeds and to the selling cost exactly.
    mutating func record(
        _ index: Int32, _ tx: Transaction, _ amount: Amount, _ pieces: [Piece], proceeds: Money, sellingCost: Money = .zero,
        kind: DisposalKind
    ) {
        let year = years[Int(index)]
        var proceedsLeft = proceeds
        var sellingCostLeft = sellingCost
        let sorted = sortedByAcquisition(pieces)
        for (offset, piece) in sorted.enumerated() {
            let last = offset == sorted.count - 1
            let share = last ? proceedsLeft : proceeds.prorated(piece.quantity, of: amount.quantity)
            proceedsLeft -= share
            let costShare = last ? sellingCostLeft : sellingCost.prorated(piece.quantity, of: amount.quantity)
            sellingCostLeft -= costShare
            let lot = Int(piece.lot)
            let origin = lots[lot].origin
            var basis = piece.basis
            var holdingStart = lots[lot].holdingStart
            if !dualBasis.isEmpty, let dual = dualBasis[lots[lot].origin] {
                // IRC §1015(a): the donor's basis for a gain; the lower fair value at the gift for a loss, with the holding
                // period from the gift (Pub 544); between the two, neither gain nor loss.
                let lossBasis = piece.basis - dual.gap.prorated(piece.quantity, of: dual.quantity)
                if share < lossBasis {
                    basis = lossBasis
                    holdingStart = lots[lot].dateAcquired
                } else if share < piece.basis {
                    basis = share
                }
                audit.came(amount.asset, units: .zero, basis: basis - piece.basis)
            }
            var adjustment = Money.zero
            if wash != nil, share < basis {
                adjustment = washSale(
                    at: index, date: tx.date, asset: amount.asset, quantity: piece.quantity, loss: basis - share,
                    soldHoldingStart: holdingStart, soldOrigin: lots[lot].origin)
            }
            disposals.append(Disposal(
                quantity: piece.quantity, proceeds: share, costBasis: basis, adjustment: adjustment, sellingCost: costShare,
                disposedAt: tx.timestamp,
                taxYear: year, wallet: tx.wallet, lotTransactionID: originID(origin), disposalTransactionID: tx.id,
                adjustmentCode: adjustment.isPositive ? .washSale : .none, asset: amount.asset, dateAcquired: lots[lot].dateAcquired, dateDisposed: tx.date,
                lotPosition: lots[lot].origin, disposalPosition: index,
                term: jurisdiction.holdingPeriod.term(held: holdingStart, disposed: tx.date), kind: kind,
                missingBasis: lots[lot].missingBasis, edited: tx.edited || originEdited(origin)))
        }
        recycle(pieces)
    }

    // MARK: - Result

    /// The conservation invariants (`ReplayAudit`), checked at the end of every replay in debug builds and in the
    /// checked-arithmetic mode: a broken one is a programmer error (an assertion in debug builds; `LedgerError.invariant`
    /// in the checked mode, which also turns an overflowing total into `LedgerError.outOfRange`).
    func verifyConservation(_ result: LedgerResult) throws(LedgerError) {
        guard audit.enabled, !pooled else { return }
        let broken: String?
        do { broken = try audit.verify(result) } catch {
            if audit.checked { throw .outOfRange(transaction: "the replay", overflow: error) }
            return  // unchecked debug run: the totals only overflow for ledgers the checked mode refuses
        }
        guard let broken else { return }
        if audit.checked { throw .invariant("conservation: \(broken)") }
        assertionFailure("replay conservation broken: \(broken)")
    }

    func result() -> LedgerResult {
        if pooled {
            var warnings = LedgerResult.warnings(missingBasisCount: missingBasisCount)
            if pools.ignoredPicks > 0 {
                warnings.append("\(pools.ignoredPicks) row(s) name lots (lot_ids), but under the \(jurisdiction.name) rules units come out "
                    + "of a pool per asset by law: the named lots were ignored")
            }
            return LedgerResult(
                disposals: disposals, openLots: poolOpenLots(), removals: removals, income: income, warnings: warnings,
                transactions: input, unpriced: log.unpriced, shortfalls: log.shortfalls,
                order: order, first: first, earlier: earlierRows)
        }
        let open = lots.indices.filter { lots[$0].quantity.isPositive }.sorted { a, b in
            if lots[a].asset != lots[b].asset { return lots[a].asset < lots[b].asset }
            if lots[a].wallet != lots[b].wallet { return lots[a].wallet < lots[b].wallet }
            return (lots[a].acquiredAt, lots[a].origin, lots[a].serial) < (lots[b].acquiredAt, lots[b].origin, lots[b].serial)
        }.map { index -> Lot in
            let lot = lots[index]
            let origin = originRow(lot.origin)
            var open = Lot(
                asset: lot.asset, wallet: lot.wallet, quantity: lot.quantity, costBasis: lot.basis, acquiredAt: lot.acquiredAt,
                dateAcquired: lot.dateAcquired, holdingStart: lot.holdingStart, transactionID: origin?.id ?? "",
                source: origin?.source, missingBasis: lot.missingBasis, edited: origin?.edited ?? false)
            if !dualBasis.isEmpty, let dual = dualBasis[lot.origin] {
                open.lossBasis = lot.basis - dual.gap.prorated(lot.quantity, of: dual.quantity)
            }
            return open
        }
        return LedgerResult(
            disposals: disposals, openLots: open, removals: removals, income: income,
            warnings: LedgerResult.warnings(missingBasisCount: missingBasisCount), transactions: input, unpriced: log.unpriced,
            shortfalls: log.shortfalls, order: order, first: first, earlier: earlierRows)
    }
}
