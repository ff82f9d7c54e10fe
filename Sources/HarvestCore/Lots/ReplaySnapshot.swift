/// What a whole replay produced, in the parts the commands read apart (issue 16: incremental replay): the open lots, the
/// disposals and the income year by year, the transactions of the last days (what a wash-sale check or a plan looks back
/// over), and what the year summaries carry from one year to the next. Stored as a checkpoint at the end of the data, it
/// answers `holdings`, `plan`, `wash-check` and `gains` without loading or replaying the history.
///
/// Pure: made from a replay's values, encoded to bytes and decoded from them exactly (amounts as their 128-bit integers).
public struct ReplaySnapshot: Sendable {
    /// Bumped whenever the encoding or what a snapshot holds changes: a checkpoint of another format is never read.
    public static let formatVersion: UInt64 = 4

    /// What is small and always read: the years, the carried losses, the messages.
    public struct Summary: Sendable, Hashable {
        /// The tax year of the first transaction (nil: no transactions).
        public var firstYear: Int?
        /// The day of the last transaction: the snapshot answers questions as of this day or later.
        public var lastDate: CivilDate?
        /// The loss carried into each year from `firstYear` on, exactly as the year summaries carry it (the first one the
        /// settings' carryforward rounded to cents, as `YearSummaries.compute` begins), through the year after the last
        /// year with disposals or income.
        public var carriedIn: [Carryforward]
        /// The years with disposals or income, ascending.
        public var activityYears: [Int]
        /// The lines the replay wrote to standard error (warnings), in order: written again when the snapshot answers.
        public var messages: [String]
        /// `LedgerResult.warnings`.
        public var warnings: [String]
        /// The first day of `tail`.
        public var tailStart: CivilDate?
        /// What any disposal has (the optional columns of the gains CSV, known before its rows are read).
        public var traits: DisposalTraits = []
        /// What each tax year's disposals have (`traits` is their union): a resumed replay keeps the earlier years'.
        public var traitsOfYear: [Int: DisposalTraits] = [:]

        public init(firstYear: Int?, lastDate: CivilDate?, carriedIn: [Carryforward], activityYears: [Int], messages: [String],
                    warnings: [String], tailStart: CivilDate?) {
            self.firstYear = firstYear
            self.lastDate = lastDate
            self.carriedIn = carriedIn
            self.activityYears = activityYears
            self.messages = messages
            self.warnings = warnings
            self.tailStart = tailStart
        }
    }

    public var summary: Summary
    public var openLots: [Lot]
    /// The engine's state at the start of some tax years (`ReplayState`), stored with the checkpoint for a later replay.
    public var states: [ReplayState] = []
    /// The tax year a resumed replay started at: the snapshot holds the disposals and income of that year and later, and
    /// its summary the earlier years as the earlier checkpoint had them.
    public private(set) var resumedFrom: Int?
    /// The replayed transactions dated `summary.tailStart` or later, in the replay's order.
    public var tail: [Transaction]
    /// Every disposal, in the replay's order (`LedgerResult.disposals`, shared, not copied).
    public var allDisposals: [Disposal]
    public var allIncome: [IncomeRecord]
    /// The positions in `allDisposals` and `allIncome` of each tax year's rows.
    private var disposalsOfYear: [Int: [Int32]] = [:]
    private var incomeOfYear: [Int: [Int32]] = [:]

    /// The disposals of tax year `year`, in the replay's order.
    public func disposals(year: Int) -> [Disposal] { disposalsOfYear[year]?.map { allDisposals[Int($0)] } ?? [] }

    public func income(year: Int) -> [IncomeRecord] { incomeOfYear[year]?.map { allIncome[Int($0)] } ?? [] }

    /// The part of tax year `year`'s disposals, encoded from where they lie (not copied first).
    public func encodedDisposals(year: Int) -> [UInt8] {
        ReplaySnapshot.encode((disposalsOfYear[year] ?? []).lazy.map { allDisposals[Int($0)] })
    }

    public func encodedIncome(year: Int) -> [UInt8] {
        ReplaySnapshot.encode((incomeOfYear[year] ?? []).lazy.map { allIncome[Int($0)] })
    }

    /// Each tax year's disposals' provenance (`DisposalProvenance`), encoded when the snapshot is made: what it needs
    /// (the history, the prices) is not kept. In the order of `disposals(year:)`.
    private var encodedProvenanceOfYear: [Int: [UInt8]] = [:]
    /// Every disposal's, in the replay's order: made only when that order is not the years' (`disposalsInYearOrder`).
    public private(set) var encodedAllProvenance: [UInt8]?

    /// The part of tax year `year`'s disposals' provenance, in the order of `disposals(year:)`.
    public func encodedProvenance(year: Int) -> [UInt8] { encodedProvenanceOfYear[year] ?? ReplaySnapshot.encode([DisposalProvenance]()) }

    /// Whether the replay's order of disposals is also the order of their tax years (then the years' lists, one after
    /// the other, are the whole list). Under the UK rules a disposal waiting for 30-day matches may come after a later
    /// year's.
    public var disposalsInYearOrder: Bool { ReplaySnapshot.inYearOrder(allDisposals) }

    public static func inYearOrder(_ disposals: [Disposal]) -> Bool {
        zip(disposals, disposals.dropFirst()).allSatisfy { $0.taxYear <= $1.taxYear }
    }

    /// How the year summaries are figured (from the settings): what carries a loss from year to year depends on them.
    public struct Netting: Sendable {
        public var jurisdiction: Jurisdiction
        public var filing: FilingStatus
        public var carryforward: Carryforward
        public var band: RateBand
        public var taxableIncomeByYear: [Int: Money]

        public init(jurisdiction: Jurisdiction, filing: FilingStatus, carryforward: Carryforward, band: RateBand,
                    taxableIncomeByYear: [Int: Money]) {
            self.jurisdiction = jurisdiction
            self.filing = filing
            self.carryforward = carryforward
            self.band = band
            self.taxableIncomeByYear = taxableIncomeByYear
        }

        /// One year's summary, with the loss carried in as given (not rounded again).
        public func summarize(year: Int, disposals: [Disposal], income: [IncomeRecord], carriedIn: Carryforward) -> YearSummary {
            YearSummaries.summarize(
                year: year, disposals: disposals, income: income, jurisdiction: jurisdiction, filing: filing, carriedIn: carriedIn,
                band: band, taxableIncome: taxableIncomeByYear[year])
        }
    }

    /// The snapshot of a whole replay.
    /// - Parameters:
    ///   - transactions: the replayed history, in the replay's order (`LedgerResult.transactions` after transfer matching).
    ///   - tailDays: how many days before the last transaction `tail` reaches back (the longest look-back of any check).
    ///   - messages: what the replay wrote to standard error.
    ///   - prices: the prices the replay valued with (each disposal's provenance names the close it used).
    ///   - earlier: for a replay resumed at the start of tax year `before` (`LotEngine.resume`), the summary of the
    ///     checkpoint its state came from: the years before `before` are that summary's (their activity, traits and
    ///     carried losses), and only the result's rows of `before` and later are taken.
    public init(
        result: LedgerResult, transactions: [Transaction], netting: Netting, tailDays: Int, messages: [String], prices: PriceBook = PriceBook(),
        earlier: (summary: Summary, before: Int)? = nil
    ) {
        let taxYear = netting.jurisdiction.taxYear
        var firstYear: Int?
        var lastDate: CivilDate?
        for transaction in transactions {
            let year = taxYear.year(of: transaction.date)
            if firstYear.map({ year < $0 }) ?? true { firstYear = year }
            if lastDate.map({ transaction.date > $0 }) ?? true { lastDate = transaction.date }
        }
        // A replay of the rows from a state's cut has none of the earlier years: the earlier checkpoint's first year stands.
        if let earlierFirst = earlier?.summary.firstYear { firstYear = min(firstYear ?? earlierFirst, earlierFirst) }
        let from = earlier?.before ?? Int.min
        resumedFrom = earlier?.before
        for (position, disposal) in result.disposals.enumerated() where disposal.taxYear >= from {
            disposalsOfYear[disposal.taxYear, default: []].append(Int32(position))
        }
        for (position, record) in result.income.enumerated() where record.taxYear >= from {
            incomeOfYear[record.taxYear, default: []].append(Int32(position))
        }
        allDisposals = result.disposals
        allIncome = result.income
        let base = netting.jurisdiction.baseCurrency
        for (year, positions) in disposalsOfYear {
            encodedProvenanceOfYear[year] = ReplaySnapshot.encode(
                positions.lazy.map { result.provenance(of: result.disposals[Int($0)], base: base, prices: prices) })
        }
        if !ReplaySnapshot.inYearOrder(result.disposals) {
            encodedAllProvenance = ReplaySnapshot.encode(result.disposals.lazy.map { result.provenance(of: $0, base: base, prices: prices) })
        }
        let activityYears = Set(disposalsOfYear.keys).union(incomeOfYear.keys)
            .union(earlier?.summary.activityYears.filter { $0 < from } ?? []).sorted()
        let tailStart = lastDate?.adding(days: -tailDays)
        self.summary = Summary(
            firstYear: firstYear, lastDate: lastDate, carriedIn: [], activityYears: activityYears, messages: messages,
            warnings: result.warnings, tailStart: tailStart)
        summary.traitsOfYear = earlier?.summary.traitsOfYear.filter { $0.key < from } ?? [:]
        for (year, positions) in disposalsOfYear { summary.traitsOfYear[year] = DisposalTraits(positions.lazy.map { result.disposals[Int($0)] }) }
        summary.traits = summary.traitsOfYear.values.reduce(into: DisposalTraits()) { $0.formUnion($1) }
        self.openLots = result.openLots
        // The history is in time order: the tail is a suffix, found as the checks find their windows (by bisection).
        self.tail = tailStart.map { start in Array(transactions[transactions.partitioningIndex { $0.date >= start }...]) } ?? []
        // The chain of carried losses, as `YearSummaries.compute` runs it from the first year through the last active one.
        if let firstYear {
            var carried = netting.carryforward.printed
            summary.carriedIn.append(carried)
            var start = firstYear
            if let earlier, earlier.before > firstYear {
                // Carried into each year through `before`, as the earlier replay's summary has it (those years are its).
                summary.carriedIn = (firstYear...earlier.before).map {
                    ReplaySnapshot.carriedIn($0, earlier.summary, netting: netting) ?? netting.carryforward.printed
                }
                carried = summary.carriedIn[summary.carriedIn.count - 1]
                start = earlier.before
            }
            let lastYear = max(activityYears.last ?? firstYear, firstYear)
            for year in start...max(start, lastYear) where year <= lastYear {
                carried = netting.summarize(year: year, disposals: disposals(year: year), income: income(year: year), carriedIn: carried)
                    .carryforwardOut
                summary.carriedIn.append(carried)
            }
        }
    }

    /// The summary of `year`, from its disposals and income and the loss carried in (years after the last active one are
    /// carried on through empty years, as `YearSummaries.compute` does). Nil before the first year of the data.
    public static func summary(
        of year: Int, _ summary: Summary, disposals: [Disposal], income: [IncomeRecord], netting: Netting
    ) -> YearSummary? {
        guard let carried = carriedIn(year, summary, netting: netting) else { return nil }
        return netting.summarize(year: year, disposals: disposals, income: income, carriedIn: carried)
    }

    /// The loss carried into `year` (nil before the first year of the data).
    public static func carriedIn(_ year: Int, _ summary: Summary, netting: Netting) -> Carryforward? {
        guard let firstYear = summary.firstYear, year >= firstYear, var carried = summary.carriedIn.last else { return nil }
        let offset = year - firstYear
        if offset < summary.carriedIn.count { return summary.carriedIn[offset] }
        // Past the last stored year nothing happens: each empty year still nets the carried loss (the US deduction).
        for empty in (firstYear + summary.carriedIn.count - 1)..<year {
            carried = netting.summarize(year: empty, disposals: [], income: [], carriedIn: carried).carryforwardOut
        }
        return carried
    }
}

// MARK: - Encoding

extension ReplaySnapshot {
    static let magic: [UInt8] = Array("HRCK".utf8)

    static func begin(capacity: Int = 256) -> SnapshotWriter {
        var writer = SnapshotWriter(capacity: capacity)
        for byte in magic { writer.unsigned(UInt64(byte)) }
        writer.unsigned(formatVersion)
        return writer
    }

    static func reader(_ bytes: [UInt8]) throws(SnapshotError) -> SnapshotReader {
        var reader = SnapshotReader(bytes)
        for byte in magic where try reader.unsigned() != UInt64(byte) { throw .malformed("not a checkpoint") }
        let version = try reader.unsigned()
        guard version == formatVersion else { throw .version(found: version, expected: formatVersion) }
        return reader
    }

    static func finish(_ reader: SnapshotReader) throws(SnapshotError) {
        guard reader.isAtEnd else { throw .malformed("bytes after the end") }
    }

    public static func encode(_ summary: Summary) -> [UInt8] {
        var writer = begin()
        writer.optional(summary.firstYear) { $0.int($1) }
        writer.optional(summary.lastDate) { $0.date($1) }
        writer.unsigned(UInt64(summary.carriedIn.count))
        for carried in summary.carriedIn {
            writer.money(carried.shortTerm)
            writer.money(carried.longTerm)
        }
        writer.unsigned(UInt64(summary.activityYears.count))
        for year in summary.activityYears { writer.int(year) }
        for list in [summary.messages, summary.warnings] {
            writer.unsigned(UInt64(list.count))
            for line in list { writer.text(line) }
        }
        writer.optional(summary.tailStart) { $0.date($1) }
        writer.unsigned(UInt64(summary.traits.rawValue))
        writer.unsigned(UInt64(summary.traitsOfYear.count))
        for (year, traits) in summary.traitsOfYear.sorted(by: { $0.key < $1.key }) {
            writer.int(year)
            writer.unsigned(UInt64(traits.rawValue))
        }
        return writer.bytes
    }

    public static func decodeSummary(_ bytes: [UInt8]) throws(SnapshotError) -> Summary {
        var reader = try reader(bytes)
        let firstYear = try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.int() }
        let lastDate = try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.date() }
        var carriedIn: [Carryforward] = []
        for _ in 0..<(try reader.count()) {
            carriedIn.append(Carryforward(shortTerm: try reader.money(), longTerm: try reader.money()))
        }
        var activityYears: [Int] = []
        for _ in 0..<(try reader.count()) { activityYears.append(try reader.int()) }
        var lists: [[String]] = []
        for _ in 0..<2 {
            var list: [String] = []
            for _ in 0..<(try reader.count()) { list.append(try reader.text()) }
            lists.append(list)
        }
        let tailStart = try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.date() }
        let traits = try reader.unsigned()
        guard traits <= UInt64(DisposalTraits.all.rawValue) else { throw .malformed("disposal traits \(traits)") }
        var traitsOfYear: [Int: DisposalTraits] = [:]
        for _ in 0..<(try reader.count()) {
            let year = try reader.int(), raw = try reader.unsigned()
            guard raw <= UInt64(DisposalTraits.all.rawValue) else { throw .malformed("disposal traits \(raw)") }
            traitsOfYear[year] = DisposalTraits(rawValue: UInt8(raw))
        }
        try finish(reader)
        var summary = Summary(firstYear: firstYear, lastDate: lastDate, carriedIn: carriedIn, activityYears: activityYears,
                              messages: lists[0], warnings: lists[1], tailStart: tailStart)
        summary.traits = DisposalTraits(rawValue: UInt8(traits))
        summary.traitsOfYear = traitsOfYear
        return summary
    }

    public static func encode(_ lots: [Lot]) -> [UInt8] {
        var writer = begin(capacity: 96 * lots.count + 64)
        writer.unsigned(UInt64(lots.count))
        for lot in lots {
            writer.text(lot.asset.symbol)
            writer.text(lot.wallet.name)
            writer.quantity(lot.quantity)
            writer.money(lot.costBasis)
            writer.instant(lot.acquiredAt)
            writer.date(lot.dateAcquired)
            writer.date(lot.holdingStart)
            writer.text(lot.transactionID)
            writer.optional(lot.source) { $0.source($1) }
            writer.bool(lot.missingBasis)
            writer.bool(lot.edited)
            writer.optional(lot.lossBasis) { $0.money($1) }
        }
        return writer.bytes
    }

    public static func decodeLots(_ bytes: [UInt8]) throws(SnapshotError) -> [Lot] {
        var reader = try reader(bytes)
        let count = try reader.count()
        var lots: [Lot] = []
        lots.reserveCapacity(count)
        for _ in 0..<count {
            var lot = Lot(
                asset: try reader.asset(), wallet: Wallet(try reader.text()), quantity: try reader.quantity(), costBasis: try reader.money(),
                acquiredAt: try reader.instant(), dateAcquired: try reader.date(), holdingStart: try reader.date(),
                transactionID: try reader.text(),
                source: try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.source() },
                missingBasis: try reader.bool(), edited: try reader.bool())
            lot.lossBasis = try reader.optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.money() }
            lots.append(lot)
        }
        try finish(reader)
        return lots
    }

    public static func encode(_ disposals: some Collection<Disposal>) -> [UInt8] {
        var writer = begin(capacity: 96 * disposals.count + 64)
        writer.unsigned(UInt64(disposals.count))
        for disposal in disposals {
            writer.quantity(disposal.quantity)
            writer.money(disposal.proceeds)
            writer.money(disposal.costBasis)
            writer.money(disposal.adjustment)
            writer.money(disposal.sellingCost)
            writer.instant(disposal.disposedAt)
            writer.int(disposal.taxYear)
            writer.text(disposal.wallet.name)
            writer.text(disposal.lotTransactionID)
            writer.text(disposal.disposalTransactionID)
            writer.choice(disposal.adjustmentCode)
            writer.text(disposal.asset.symbol)
            writer.date(disposal.dateAcquired)
            writer.date(disposal.dateDisposed)
            writer.signed(Int64(disposal.lotPosition))
            writer.signed(Int64(disposal.disposalPosition))
            writer.choice(disposal.term)
            writer.choice(disposal.kind)
            writer.bool(disposal.missingBasis)
            writer.choice(disposal.matching)
            writer.bool(disposal.edited)
        }
        return writer.bytes
    }

    public static func decodeDisposals(_ bytes: [UInt8]) throws(SnapshotError) -> [Disposal] {
        var reader = try reader(bytes)
        let count = try reader.count()
        var disposals: [Disposal] = []
        disposals.reserveCapacity(count)
        for _ in 0..<count {
            let quantity = try reader.quantity(), proceeds = try reader.money(), costBasis = try reader.money()
            let adjustment = try reader.money(), sellingCost = try reader.money(), disposedAt = try reader.instant()
            let taxYear = try reader.int(), wallet = Wallet(try reader.text()), lotID = try reader.text(), disposalID = try reader.text()
            let code: AdjustmentCode = try reader.choice()
            let asset = try reader.asset(), dateAcquired = try reader.date(), dateDisposed = try reader.date()
            let lotPosition = try reader.int32(), disposalPosition = try reader.int32()
            let term: Term = try reader.choice()
            let kind: DisposalKind = try reader.choice()
            let missingBasis = try reader.bool()
            let matching: Matching = try reader.choice()
            let edited = try reader.bool()
            // `Disposal.init`'s preconditions, checked here: a damaged checkpoint is an error, never a trap.
            guard quantity.isPositive, !costBasis.isNegative, !adjustment.isNegative, adjustment.isPositive == (code != .none),
                  dateAcquired <= dateDisposed || matching == .thirtyDay, sellingCost.isZero || (kind != .fee && kind != .transferFee)
            else { throw .malformed("disposal in \(disposalID)") }
            disposals.append(Disposal(
                quantity: quantity, proceeds: proceeds, costBasis: costBasis, adjustment: adjustment, sellingCost: sellingCost,
                disposedAt: disposedAt, taxYear: taxYear, wallet: wallet, lotTransactionID: lotID, disposalTransactionID: disposalID,
                adjustmentCode: code, asset: asset, dateAcquired: dateAcquired, dateDisposed: dateDisposed, lotPosition: lotPosition,
                disposalPosition: disposalPosition, term: term, kind: kind, missingBasis: missingBasis, matching: matching, edited: edited))
        }
        try finish(reader)
        return disposals
    }

    public static func encode(_ provenance: some Collection<DisposalProvenance>) -> [UInt8] {
        var writer = begin(capacity: 16 * provenance.count + 64)
        writer.unsigned(UInt64(provenance.count))
        for row in provenance {
            writer.optional(row.lotSource) { $0.source($1) }
            writer.optional(row.disposalSource) { $0.source($1) }
            writer.valuation(row.lotValuation)
            writer.valuation(row.disposalValuation)
        }
        return writer.bytes
    }

    public static func decodeProvenance(_ bytes: [UInt8]) throws(SnapshotError) -> [DisposalProvenance] {
        var reader = try reader(bytes)
        let count = try reader.count()
        var rows: [DisposalProvenance] = []
        rows.reserveCapacity(count)
        let source = { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.source() }
        for _ in 0..<count {
            rows.append(DisposalProvenance(
                lotSource: try reader.optional(source), disposalSource: try reader.optional(source),
                lotValuation: try reader.valuation(), disposalValuation: try reader.valuation()))
        }
        try finish(reader)
        return rows
    }

    public static func encode(_ income: some Collection<IncomeRecord>) -> [UInt8] {
        var writer = begin(capacity: 64 * income.count + 64)
        writer.unsigned(UInt64(income.count))
        for record in income {
            writer.date(record.date)
            writer.int(record.taxYear)
            writer.choice(record.type)
            writer.text(record.asset.symbol)
            writer.quantity(record.quantity)
            writer.money(record.value)
            writer.text(record.wallet.name)
            writer.text(record.transactionID)
            writer.bool(record.edited)
        }
        return writer.bytes
    }

    public static func decodeIncome(_ bytes: [UInt8]) throws(SnapshotError) -> [IncomeRecord] {
        var reader = try reader(bytes)
        let count = try reader.count()
        var income: [IncomeRecord] = []
        income.reserveCapacity(count)
        for _ in 0..<count {
            income.append(IncomeRecord(
                date: try reader.date(), taxYear: try reader.int(), type: try reader.choice(), asset: try reader.asset(),
                quantity: try reader.quantity(), value: try reader.money(), wallet: Wallet(try reader.text()),
                transactionID: try reader.text(), edited: try reader.bool()))
        }
        try finish(reader)
        return income
    }

    public static func encode(_ transactions: [Transaction]) -> [UInt8] {
        var writer = begin()
        writer.unsigned(UInt64(transactions.count))
        for tx in transactions { writer.transaction(tx) }
        return writer.bytes
    }

    public static func decodeTransactions(_ bytes: [UInt8]) throws(SnapshotError) -> [Transaction] {
        var reader = try reader(bytes)
        let count = try reader.count()
        var transactions: [Transaction] = []
        transactions.reserveCapacity(count)
        for _ in 0..<count { transactions.append(try reader.transaction()) }
        try finish(reader)
        return transactions
    }
}

extension SnapshotWriter {
    /// Every field of a transaction (`SnapshotReader.transaction()` reads it).
    mutating func transaction(_ tx: Transaction) {
        text(tx.id)
        instant(tx.timestamp)
        date(tx.date)
        int(tx.sequence)
        choice(tx.kind)
        optional(tx.incomeType) { $0.choice($1) }
        text(tx.wallet.name)
        for amount in [tx.sent, tx.received, tx.fee] { optional(amount) { $0.amount($1) } }
        for money in [tx.value, tx.feeValue, tx.receivedValue] { optional(money) { $0.money($1) } }
        optional(tx.donorAcquired) { $0.date($1) }
        optional(tx.toWallet) { $0.text($1.name) }
        unsigned(UInt64(tx.lotPicks.count))
        for pick in tx.lotPicks {
            text(pick.transactionID)
            optional(pick.quantity) { $0.quantity($1) }
        }
        optional(tx.source) { $0.source($1) }
        text(tx.note)
        optional(tx.chainTransaction) { $0.text($1) }
        bool(tx.edited)
    }
}

extension SnapshotReader {
    mutating func transaction() throws(SnapshotError) -> Transaction {
        typealias Read<Value> = (inout SnapshotReader) throws(SnapshotError) -> Value
        let amount: Read<Amount> = { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.amount() }
        let money: Read<Money> = { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.money() }
        let id = try text(), timestamp = try instant(), day = try self.date(), sequence = try int()
        let kind: TransactionKind = try choice()
        let incomeType = try optional { (reader: inout SnapshotReader) throws(SnapshotError) -> IncomeType in try reader.choice() }
        let wallet = Wallet(try text())
        let sent = try optional(amount), received = try optional(amount), fee = try optional(amount)
        let value = try optional(money), feeValue = try optional(money), receivedValue = try optional(money)
        let donorAcquired = try optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.date() }
        let toWallet = try optional { (reader: inout SnapshotReader) throws(SnapshotError) in Wallet(try reader.text()) }
        var picks: [LotPick] = []
        for _ in 0..<(try count()) {
            picks.append(LotPick(
                transactionID: try text(),
                quantity: try optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.quantity() }))
        }
        let source = try optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.source() }
        let note = try text()
        let chain = try optional { (reader: inout SnapshotReader) throws(SnapshotError) in try reader.text() }
        let edited = try bool()
        return Transaction(
            id: id, timestamp: timestamp, date: day, sequence: sequence, kind: kind, incomeType: incomeType, wallet: wallet, sent: sent,
            received: received, fee: fee, value: value, feeValue: feeValue, toWallet: toWallet, lotPicks: picks, source: source,
            note: note, chainTransaction: chain, edited: edited, receivedValue: receivedValue, donorAcquired: donorAcquired)
    }
}

extension SnapshotWriter {
    mutating func choice<Choice: CaseIterable & Equatable>(_ value: Choice) {
        unsigned(UInt64(Choice.allCases.firstIndex(of: value).map { Choice.allCases.distance(from: Choice.allCases.startIndex, to: $0) } ?? 0))
    }

    mutating func source(_ source: SourceLocation) {
        text(source.file)
        int(source.line)
    }

    mutating func amount(_ amount: Amount) {
        quantity(amount.quantity)
        text(amount.asset.symbol)
    }

    /// 0 none, 1 the base-currency side, 2 the row's value, 3 a close (its asset and day follow).
    mutating func valuation(_ valuation: ValuationSource?) {
        switch valuation {
        case nil: unsigned(0)
        case .baseCurrencySide?: unsigned(1)
        case .row?: unsigned(2)
        case .close(let asset, let date)?:
            unsigned(3)
            text(asset.symbol)
            self.date(date)
        }
    }
}

extension SnapshotReader {
    mutating func choice<Choice: CaseIterable>() throws(SnapshotError) -> Choice {
        let number = try unsigned()
        let cases = Choice.allCases
        guard number < UInt64(cases.count) else { throw .malformed("choice \(number) of \(Choice.self)") }
        return cases[cases.index(cases.startIndex, offsetBy: Int(number))]
    }

    mutating func source() throws(SnapshotError) -> SourceLocation {
        SourceLocation(file: try text(), line: try int())
    }

    mutating func amount() throws(SnapshotError) -> Amount {
        let quantity = try quantity()
        return Amount(quantity, try asset())
    }

    mutating func valuation() throws(SnapshotError) -> ValuationSource? {
        switch try unsigned() {
        case 0: return nil
        case 1: return .baseCurrencySide
        case 2: return .row
        case 3:
            let asset = try asset()
            return .close(asset, try date())
        case let other: throw .malformed("valuation \(other)")
        }
    }
}
