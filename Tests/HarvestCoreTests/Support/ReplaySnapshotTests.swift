import HarvestCore
import Testing

/// `ReplaySnapshot`'s encoding (the replay checkpoints of issue 16): exact, compact, and an error, never a trap, on bytes
/// that are not a checkpoint.
struct ReplaySnapshotTests {
    /// The extremes of `Fixed` (its 128-bit raw value), zero, a value of 18 decimals and a negative one come back exactly.
    @Test("amounts come back exactly, to the 128-bit extremes")
    func amountsExact() throws {
        let values: [Fixed] = [
            Fixed(raw: .max), Fixed(raw: .min), Fixed(raw: 0), Fixed(raw: 1), Fixed(raw: -1),
            try Fixed(parsing: "0.123456789012345678"), try Fixed(parsing: "-4302737.78"), try Fixed(parsing: "1000000000000000"),
        ]
        var writer = SnapshotWriter()
        for value in values { writer.fixed(value) }
        var reader = SnapshotReader(writer.bytes)
        for value in values { #expect(try reader.fixed() == value) }
        #expect(reader.isAtEnd)
        // Zig-zag LEB128: 1 raw unit is 1 byte (zig-zag 2), and a whole unit (10^18 raw, 60 bits, 61 zig-zagged) 9 bytes.
        var small = SnapshotWriter()
        small.fixed(Fixed(raw: 1))
        small.fixed(Fixed(1))
        #expect(small.bytes.count == 1 + 9)
    }

    @Test("a text is written once, then named by its number")
    func textsOnce() throws {
        var writer = SnapshotWriter()
        for text in ["kraken", "BTC", "kraken", "Zürich wallet", "BTC"] { writer.text(text) }
        // 0, length 6, "kraken"; 0, 3, "BTC"; 1; 0, 14, "Zürich wallet" (ü is two bytes); 2
        #expect(writer.bytes.count == (2 + 6) + (2 + 3) + 1 + (2 + 14) + 1)
        var reader = SnapshotReader(writer.bytes)
        #expect(try [reader.text(), reader.text(), reader.text(), reader.text(), reader.text()] == ["kraken", "BTC", "kraken", "Zürich wallet", "BTC"])
    }

    /// Many texts (ids a byte apart, the empty text, texts of 15, 16 and more bytes, texts past ASCII), repeated in a
    /// scrambled order: the writer's table grows many times over and must name each text exactly as a dictionary of
    /// first appearances does. The expected bytes are made here from that dictionary, independently of the writer.
    @Test("texts numbered by their first appearance, across the table's growth")
    func manyTexts() throws {
        var texts = ["", "é", String(repeating: "x", count: 15), String(repeating: "x", count: 16), String(repeating: "y", count: 40)]
        for index in 0..<30_000 { texts.append("g7-\(index)") }
        for index in 0..<2_000 { texts.append("wallet-\(index)-with-a-long-name") }
        // Each text twice or three times, in an order that mixes first and later appearances.
        var order: [String] = []
        for (index, text) in texts.enumerated() {
            order.append(text)
            order.append(texts[(index * 7919) % texts.count])
            if index % 3 == 0 { order.append(texts[(index * 104_729) % texts.count]) }
        }
        var writer = SnapshotWriter()
        var expected: [UInt8] = []
        var numbers: [String: Int] = [:]
        func varint(_ value: Int) {
            var value = value
            while value >= 0x80 {
                expected.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            expected.append(UInt8(value))
        }
        for text in order {
            writer.text(text)
            if let number = numbers[text] {
                varint(number + 1)
            } else {
                numbers[text] = numbers.count
                varint(0)
                varint(text.utf8.count)
                expected += Array(text.utf8)
            }
        }
        #expect(writer.bytes == expected)
        var reader = SnapshotReader(writer.bytes)
        for text in order { #expect(try reader.text() == text) }
        #expect(reader.isAtEnd)
    }

    /// A disposal of each kind and matching, a lot with a loss basis and a source, a transaction with every optional field:
    /// each part decodes to what was encoded.
    @Test("disposals, lots, income and transactions round-trip")
    func roundTrip() throws {
        let day = CivilDate(year: 2024, month: 3, day: 1)!
        let disposal = Disposal(
            quantity: try Quantity(parsing: "0.000000000000000001"), proceeds: try Money(parsing: "12.5"), costBasis: try Money(parsing: "20"),
            adjustment: try Money(parsing: "7.5"), disposedAt: Instant(date: day), taxYear: 2024, wallet: Wallet("kraken"),
            lotTransactionID: "b1", disposalTransactionID: "s1", adjustmentCode: .washSale, asset: Asset("usdc@base"),
            dateAcquired: day.adding(days: 3), dateDisposed: day, lotPosition: -1, disposalPosition: 7, term: .long, kind: .gift,
            missingBasis: true, matching: .thirtyDay, edited: true)
        let plain = Disposal(
            quantity: Quantity(Fixed(2)), proceeds: Money(Fixed(-3)), costBasis: .zero, sellingCost: Money(Fixed(1)),
            disposedAt: Instant(date: day), taxYear: 2023, wallet: Wallet("ledger"), lotTransactionID: "b2", disposalTransactionID: "s2",
            asset: Asset("BTC"), dateAcquired: day, dateDisposed: day, lotPosition: 0, disposalPosition: 1, term: .short, kind: .sale)
        #expect(try ReplaySnapshot.decodeDisposals(ReplaySnapshot.encode([disposal, plain])) == [disposal, plain])

        var lot = Lot(asset: Asset("ETH"), wallet: Wallet("cold"), quantity: Quantity(Fixed(5)), costBasis: Money(Fixed(9000)),
                      acquiredAt: Instant(date: day), dateAcquired: day, holdingStart: day.adding(days: -400), transactionID: "g1",
                      source: SourceLocation(file: "gifts.csv", line: 12), missingBasis: false, edited: true)
        lot.lossBasis = Money(Fixed(7000))
        #expect(try ReplaySnapshot.decodeLots(ReplaySnapshot.encode([lot])) == [lot])

        // Income as the engine records it: 1 SOL of staking valued at 150.
        let staking = Transaction(id: "i1", timestamp: Instant(date: day), date: day, kind: .income, incomeType: .staking,
                                  wallet: Wallet("kraken"), received: Amount(Quantity(Fixed(1)), Asset("SOL")), value: Money(Fixed(150)))
        let income = try LotEngine.run([staking]).income
        #expect(income.count == 1 && income.first?.value == Money(Fixed(150)))
        #expect(try ReplaySnapshot.decodeIncome(ReplaySnapshot.encode(income)) == income)

        let full = Transaction(
            id: "t1", timestamp: Instant(date: day), date: day, sequence: 42, kind: .giftIn, incomeType: .airdrop, wallet: Wallet("a"),
            sent: Amount(Quantity(Fixed(1)), Asset("BTC")), received: Amount(Quantity(Fixed(2)), Asset("ETH")),
            fee: Amount(Quantity(Fixed(3)), Asset("USD")), value: Money(Fixed(4)), feeValue: Money(Fixed(5)), toWallet: Wallet("b"),
            lotPicks: [LotPick(transactionID: "b1", quantity: Quantity(Fixed(1))), LotPick(transactionID: "b2")],
            source: SourceLocation(file: "f.csv", line: 3), note: "a note", chainTransaction: "0xabc", edited: true,
            receivedValue: Money(Fixed(6)), donorAcquired: day.adding(days: -10))
        let bare = Transaction(id: "t2", timestamp: Instant(date: day), date: day, kind: .buy, wallet: Wallet("a"))
        #expect(try ReplaySnapshot.decodeTransactions(ReplaySnapshot.encode([full, bare])) == [full, bare])
    }

    @Test("each disposal's provenance (source rows, valuations) is kept year by year and reads back as the replay names it")
    func provenance() throws {
        // Given 1 BTC bought for 30,000 USD in 2023 (a.csv line 2), then 0.5 BTC traded for 10 ETH on 2024-03-01 with no
        // value in the row (b.csv line 7): the valuation rule takes the base-currency side of the buy, and BTC's close
        // of that day (60,000) for the trade.
        let buyDay = CivilDate(year: 2023, month: 5, day: 1)!, tradeDay = CivilDate(year: 2024, month: 3, day: 1)!
        let buy = Transaction(
            id: "b1", timestamp: Instant(date: buyDay), date: buyDay, kind: .buy, wallet: Wallet("kraken"),
            sent: Amount(Quantity(Fixed(30_000)), Asset("USD")), received: Amount(Quantity(Fixed(1)), Asset("BTC")),
            source: SourceLocation(file: "a.csv", line: 2))
        let trade = Transaction(
            id: "t1", timestamp: Instant(date: tradeDay), date: tradeDay, kind: .trade, wallet: Wallet("kraken"),
            sent: Amount(try Quantity(parsing: "0.5"), Asset("BTC")), received: Amount(Quantity(Fixed(10)), Asset("ETH")),
            source: SourceLocation(file: "b.csv", line: 7))
        var prices = PriceBook()
        prices.set(Asset("BTC"), PriceSeries([(tradeDay, 60_000)]))
        let result = try LotEngine.run([buy, trade], prices: prices)
        #expect(result.disposals.map(\.proceeds) == [Money(Fixed(30_000))])
        let netting = ReplaySnapshot.Netting(jurisdiction: .us, filing: .single, carryforward: .none, band: .upper, taxableIncomeByYear: [:])
        let snapshot = ReplaySnapshot(result: result, transactions: result.transactions, netting: netting, tailDays: 0, messages: [], prices: prices)
        // Then 2024's part names both rows and both valuations, and 2023 (no disposal) has none
        let expected = DisposalProvenance(
            lotSource: SourceLocation(file: "a.csv", line: 2), disposalSource: SourceLocation(file: "b.csv", line: 7),
            lotValuation: .baseCurrencySide, disposalValuation: .close(Asset("BTC"), tradeDay))
        #expect(try ReplaySnapshot.decodeProvenance(snapshot.encodedProvenance(year: 2024)) == [expected])
        #expect(try ReplaySnapshot.decodeProvenance(snapshot.encodedProvenance(year: 2023)) == [])
        #expect(result.provenance(of: result.disposals[0], base: Asset("USD"), prices: prices) == expected)
        // A pool row (no lot) and a row valued by its own value round-trip too
        let pool = DisposalProvenance(lotSource: nil, disposalSource: SourceLocation(file: "c.csv", line: 1), lotValuation: nil, disposalValuation: .row)
        #expect(try ReplaySnapshot.decodeProvenance(ReplaySnapshot.encode([pool, expected, pool])) == [pool, expected, pool])
        #expect(throws: SnapshotError.self) { try ReplaySnapshot.decodeProvenance(Array(ReplaySnapshot.encode([expected]).dropLast())) }
    }

    @Test("bytes that are not a whole checkpoint are an error, not a trap")
    func damaged() throws {
        let day = CivilDate(year: 2024, month: 3, day: 1)!
        let disposal = Disposal(
            quantity: Quantity(Fixed(1)), proceeds: Money(Fixed(1)), costBasis: Money(Fixed(1)), disposedAt: Instant(date: day),
            taxYear: 2024, wallet: Wallet("w"), lotTransactionID: "b", disposalTransactionID: "s", asset: Asset("BTC"),
            dateAcquired: day, dateDisposed: day, lotPosition: 0, disposalPosition: 1, term: .short, kind: .sale)
        let bytes = ReplaySnapshot.encode([disposal])
        // Every truncation, and the text "not a checkpoint".
        for length in 0..<bytes.count {
            #expect(throws: SnapshotError.self) { try ReplaySnapshot.decodeDisposals(Array(bytes.prefix(length))) }
        }
        #expect(throws: SnapshotError.self) { try ReplaySnapshot.decodeLots(Array("not a checkpoint".utf8)) }
        // A count far beyond the bytes left is refused before anything is reserved.
        var writer = SnapshotWriter()
        for byte in Array("HRCK".utf8) { writer.unsigned(UInt64(byte)) }
        writer.unsigned(ReplaySnapshot.formatVersion)
        writer.unsigned(UInt64.max)
        #expect(throws: SnapshotError.self) { try ReplaySnapshot.decodeDisposals(writer.bytes) }
    }
}
