import HarvestCore
import HarvestImport
import HarvestStore
import Testing

@Suite("Transactions survive a trip through SQLite")
struct TransactionRoundTripTests {
    /// Every field of `Transaction` set at least once, and every optional left nil at least once.
    static let transactions: [Transaction] = {
        let staked = Fixture.instant("2024-01-02T03:04:05Z")
        let moved = Fixture.instant("2024-02-03T04:05:06Z")
        let sold = Fixture.instant("2024-03-04T05:06:07Z")
        let bought = Fixture.instant("2024-04-05T00:00:00Z")
        return [
            Transaction(
                id: "stake-1", timestamp: staked, date: staked.date(), kind: .income, incomeType: .staking, wallet: Wallet("ledger"),
                received: Amount("0.000000000000000001", Asset("ETH")), fee: Amount("0.000000000000000002", Asset("ETH")),
                value: "1000000000000000.123456789012345678", feeValue: "0.000000000000000003",
                source: SourceLocation(file: "staking.csv", line: 7), note: "Rewards, \"epoch\" 12\nsecond line — ünïcode",
                receivedValue: "999999999999999.000000000000000001", donorAcquired: CivilDate(year: 2023, month: 12, day: 31)),
            Transaction(
                id: "move-1", timestamp: moved, date: moved.date(), kind: .transfer, wallet: Wallet("coinbase"),
                sent: Amount("1000000000000000.123456789012345678", Asset("BTC")), received: Amount("999999999999999.5", Asset("BTC")),
                value: "12.5", toWallet: Wallet("cold storage"), source: SourceLocation(file: "moves.csv", line: 2)),
            Transaction(
                id: "sell-1", timestamp: sold, date: sold.date(), kind: .sell, wallet: Wallet("coinbase"),
                sent: Amount("0.5", Asset("USDC@base")), received: Amount("0.49", .usd), fee: Amount("0.01", .usd),
                lotPicks: [LotPick(transactionID: "buy-1"), LotPick(transactionID: "buy-2", quantity: "0.000000000000000001"),
                           LotPick(transactionID: "b64==")],
                source: SourceLocation(file: "moves.csv", line: 3)),
            // Every optional nil, including the source location.
            Transaction(id: "fee-1", timestamp: bought, date: CivilDate(year: 2024, month: 4, day: 4)!, kind: .fee, wallet: Wallet("w")),
        ]
    }()

    @Test("every field of every transaction reads back as it was written")
    func everyField() throws {
        // Given a store and rows that use every field
        let store = try SQLiteStore.inMemory()
        let rows = Self.transactions.map { Fixture.row($0) }

        // When they are imported and loaded
        let summary = try store.importTransactions(
            ParsedImport(source: "harvest", rows: rows, duplicatesInFile: 0), file: "batch.csv", importedAt: "2025-01-01T00:00:00Z",
            progress: nil)
        let loaded = try store.loadTransactions()

        // Then they come back equal, numbered in insertion order (which is also time order here)
        #expect(summary == ImportSummary(added: 4, duplicates: 0, conflicts: []))
        #expect(loaded == Self.transactions.enumerated().map { Fixture.stored($1, sequence: $0 + 1) })
        #expect(try store.transactionCount() == 4)
    }

    @Test("every decimal column reads back the extremes a Harvest CSV may hold, and the values between")
    func extremes() throws {
        // Given rows from a Harvest CSV at the smallest and largest quantities and values `Fixed` parses, and either side
        // of where an INTEGER stops holding the stored form
        let values = ["0.000000000000000001", "170141183460469231731.687303715884105727", "92233720368547757", "92233720368547758",
                      "0.92233720368547757", "99999999999999999.999999999999999999", "0", "1", "12.5"]
        // The importers accept at most 1e15 (README "Supported range"); the store is tested beyond that, on rows made
        // directly, so that whatever a row holds reads back.
        let parsed = ParsedImport(source: "harvest", rows: try values.enumerated().map { index, text in
            let fixed = try Fixed(parsing: text)
            let at = Instant(millisecondsSinceEpoch: Int64(19_723 + index % 9) * 86_400_000 + 36_000_000)
            return Fixture.row(Transaction(
                id: "x\(index)", timestamp: at, date: at.date(), kind: .trade, wallet: Wallet("kraken"),
                sent: Amount(Quantity(fixed), Asset("ETH")), received: Amount(Quantity(fixed), Asset("BTC")),
                fee: Amount(Quantity(fixed), Asset("BNB")), value: Money(fixed), feeValue: Money(fixed), receivedValue: Money(fixed)))
        }, duplicatesInFile: 0)

        // When they are stored and loaded
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(parsed, file: "extremes.csv", importedAt: "now", progress: nil)
        let loaded = try store.loadTransactions()

        // Then every decimal is the one written, as text
        #expect(loaded.map(\.id) == values.indices.map { "x\($0)" })
        for (transaction, text) in zip(loaded, values) {
            let shown = [transaction.sent?.quantity.description, transaction.received?.quantity.description,
                         transaction.fee?.quantity.description, transaction.value?.description, transaction.feeValue?.description,
                         transaction.receivedValue?.description]
            #expect(shown == Array(repeating: text, count: 6), "\(transaction.id)")
        }
        #expect(loaded == parsed.rows.enumerated().map { Fixture.stored($1.transaction, sequence: $0 + 1) })
    }

    @Test("every income type reads back", arguments: IncomeType.allCases)
    func incomeTypes(_ type: IncomeType) throws {
        let store = try SQLiteStore.inMemory()
        let at = Fixture.instant("2024-06-01T00:00:00Z")
        let income = Transaction(
            id: "i", timestamp: at, date: at.date(), kind: .income, incomeType: type, wallet: Wallet("w"),
            received: Amount(1, Asset("SOL")), source: SourceLocation(file: "f.csv", line: 2))

        _ = try store.importTransactions(Fixture.parsed([income]), file: "f.csv", importedAt: "now", progress: nil)

        #expect(try store.loadTransactions() == [Fixture.stored(income, sequence: 1)])
    }

    @Test("every kind reads back", arguments: TransactionKind.allCases)
    func kinds(_ kind: TransactionKind) throws {
        let store = try SQLiteStore.inMemory()
        let at = Fixture.instant("2024-06-01T00:00:00Z")
        let transaction = Transaction(id: "k", timestamp: at, date: at.date(), kind: kind, wallet: Wallet("w"), sent: Amount(2, Asset("ADA")))

        _ = try store.importTransactions(Fixture.parsed([transaction]), file: "f.csv", importedAt: "now", progress: nil)

        #expect(try store.loadTransactions() == [Fixture.stored(transaction, sequence: 1)])
    }

    @Test("rows parsed from a Harvest CSV read back as parsed, with file and line")
    func fromHarvestCSV() throws {
        // Given a parsed Harvest CSV
        let parsed = try Fixture.csv([
            "2024-01-01T10:00:00Z,buy,kraken,100,USD,0.002,BTC,0.5,USD,,,k1,first",
            "2024-01-02,staking,kraken,,,0.1,ETH,,,300,,,",
            "2024-01-03T10:00:00+02:00,transfer,kraken,0.001,BTC,0.0009,BTC,,,,ledger,k3,",
        ])

        // When it is imported and loaded
        let store = try SQLiteStore.inMemory()
        _ = try store.importTransactions(parsed, file: "trades.csv", importedAt: "now", progress: nil)
        let loaded = try store.loadTransactions()

        // Then each transaction is the parsed one, with the store's sequence and the file's lines
        #expect(loaded == parsed.rows.enumerated().map { Fixture.stored($1.transaction, sequence: $0 + 1) })
        #expect(loaded.map { $0.source?.description } == ["trades.csv:2", "trades.csv:3", "trades.csv:4"])
    }

    @Test("progress is reported every 10,000 rows and at the end")
    func progress() throws {
        // Given 25,000 rows
        let store = try SQLiteStore.inMemory()
        let rows = (0..<25_000).map { Fixture.buy("t\($0)", line: $0 + 2) }
        let log = ProgressLog()

        // When they are imported
        let summary = try store.importTransactions(Fixture.parsed(rows), file: "big.csv", importedAt: "now", progress: log.callback)

        // Then progress came three times, the last one complete
        #expect(summary.added == 25_000)
        #expect(log.reports == [[10_000, 25_000], [20_000, 25_000], [25_000, 25_000]])
    }
}

@Suite("Lot picks are stored as text")
struct LotPickTextTests {
    @Test("lot picks read back from their text", arguments: [
        [],
        [LotPick(transactionID: "a")],
        [LotPick(transactionID: "a"), LotPick(transactionID: "b", quantity: "0.5")],
        [LotPick(transactionID: "x=y"), LotPick(transactionID: "pad==", quantity: "1000000000000000.123456789012345678")],
    ])
    func roundTrip(_ picks: [LotPick]) throws {
        // Given a sale naming these lots
        let store = try SQLiteStore.inMemory()
        var sale = Fixture.buy("s")
        sale.kind = .sell
        sale.lotPicks = picks

        // When it is stored and loaded
        _ = try store.importTransactions(Fixture.parsed([sale]), file: "f.csv", importedAt: "now", progress: nil)

        // Then the picks are the same
        #expect(try store.loadTransactions().map(\.lotPicks) == [picks])
    }
}
