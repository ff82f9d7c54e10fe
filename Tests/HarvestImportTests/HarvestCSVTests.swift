import Foundation
import HarvestCore
import HarvestImport
import PropertyBased
import Testing

let header = HarvestCSV.columns.joined(separator: ",")

@Suite("Harvest CSV import")
struct HarvestCSVTests {
    @Test("every column maps to the transaction, types and income kinds included")
    func fields() throws {
        let text = """
            \(header),fee_value,lot_ids
            2024-01-02T10:00:00Z,trade,binance,2,ETH,0.1,BTC,0.01,BNB,4500.5,,t1,swap,3.1,b1;b2=0.5
            2024-01-03,staking,kraken,,,0.05,eth,,,120,,t2,,,
            2024-01-04T00:00:00Z,transfer,kraken,1,SOL,0.99,SOL,,,100,ledger,t3,,,

            """
        let parsed = try HarvestCSV.parse(text, file: "f.csv")
        let rows = parsed.rows.map(\.transaction)
        #expect(rows.count == 3)
        #expect(rows[0].kind == .trade && rows[0].sent == Amount("2", Asset("ETH")) && rows[0].received == Amount("0.1", Asset("BTC")))
        #expect(rows[0].fee == Amount("0.01", Asset("BNB")) && rows[0].value == Money("4500.5") && rows[0].feeValue == Money("3.1"))
        #expect(rows[0].lotPicks == [LotPick(transactionID: "b1"), LotPick(transactionID: "b2", quantity: "0.5")])
        #expect(rows[0].source == SourceLocation(file: "f.csv", line: 2) && rows[0].note == "swap" && rows[0].id == "t1")
        #expect(rows[1].kind == .income && rows[1].incomeType == .staking && rows[1].received?.asset == Asset("ETH"))
        #expect(parsed.rows[1].dateOnly && rows[1].date == CivilDate(year: 2024, month: 1, day: 3))
        #expect(rows[2].toWallet == Wallet("ledger") && rows[2].received?.quantity == "0.99")
    }

    @Test("received_value and donor_acquired: read on the rows they belong to, refused elsewhere with the line and column")
    func twoValues() throws {
        let text = """
            \(header),received_value,donor_acquired
            2024-05-01T10:00:00Z,trade,w,5000,H,600,G,,,1700,,t1,,1920,
            2024-03-01,gift_in,w,,,1,BTC,,,10000,,g1,,8000,2020-02-01

            """
        let rows = try HarvestCSV.parse(text, file: "f.csv").rows.map(\.transaction)
        #expect(rows[0].value == 1_700 && rows[0].receivedValue == 1_920 && rows[0].donorAcquired == nil)
        #expect(rows[1].value == 10_000 && rows[1].receivedValue == 8_000 && rows[1].donorAcquired == CivilDate(year: 2020, month: 2, day: 1))
        // A file written before these columns existed gives the same ids: the new cells enter a row's hash only when filled.
        let old = "\(header)\n2024-05-01T10:00:00Z,trade,w,5000,H,600,G,,,1700,,,\n"
        let new = "\(header),received_value,donor_acquired\n2024-05-01T10:00:00Z,trade,w,5000,H,600,G,,,1700,,,,,\n"
        #expect(try HarvestCSV.parse(old, file: "a").rows.map(\.transaction.id) == HarvestCSV.parse(new, file: "b").rows.map(\.transaction.id))

        let bad = """
            \(header),received_value,donor_acquired
            2024-05-01T10:00:00Z,buy,w,100,USD,1,BTC,,,,,b1,,120,
            2024-05-02T10:00:00Z,trade,w,1,BTC,10,ETH,,,100,,b2,,,2020-01-01
            2024-03-01,gift_in,w,,,1,BTC,,,10000,,b3,,,2024-03-02
            2024-03-01,gift_in,w,,,1,BTC,,,10000,,b4,,,1 Feb 2020

            """
        #expect(throws: ImportFailure.self) { try HarvestCSV.parse(bad, file: "e.csv") }
        do {
            _ = try HarvestCSV.parse(bad, file: "e.csv")
        } catch {
            #expect(error.errors.map(\.description) == [
                "e.csv:2: received_value: only a trade (the value of what was received) or a gift_in (the fair value at the gift) "
                    + "has a received_value, not a buy",
                "e.csv:3: donor_acquired: only a gift_in has a donor_acquired date, not a trade",
                "e.csv:4: donor_acquired: '2024-03-02' is after the gift itself",
                "e.csv:5: donor_acquired: '1 Feb 2020' is not a date (YYYY-MM-DD)",
            ])
        }
    }

    @Test("all errors of a file at once, each naming line and column")
    func errors() {
        let text = """
            \(header)
            2024-01-02T10:00:00Z,buy,coinbase,100,USD,,,,,,,a,missing received
            2024-01-03T10:00:00Z,sell,coinbase,-1,BTC,100,USD,,,,,b,negative
            2024-01-04T10:00:00Z,transfer,coinbase,1,BTC,1.5,BTC,,,,,c,no to_wallet and too much received
            2024-01-05T10:00:00Z,buy,,100,USD,1,BTC,,,,,d,no wallet
            2024-01-06T10:00:00Z,trade,coinbase,1,BTC,100,USD,,,,,e,receives fiat
            2024-01-07T10:00:00Z,buy,coinbase,100,USD,0.0000000000000000001,BTC,,,,,f,19 digits

            """
        #expect(throws: ImportFailure.self) { try HarvestCSV.parse(text, file: "e.csv") }
        do {
            _ = try HarvestCSV.parse(text, file: "e.csv")
        } catch {
            #expect(error.errors.map(\.description) == [
                "e.csv:2: received_quantity: a buy needs received_quantity",
                "e.csv:3: sent_quantity: '-1' is negative: quantities and values are written as positive amounts",
                "e.csv:4: to_wallet: a transfer needs to_wallet",
                "e.csv:4: received_quantity: 1.5 arrives but only 1 was sent",
                "e.csv:5: wallet: missing wallet (fill it in, or import with --wallet NAME)",
                "e.csv:6: received_asset: a trade receives crypto, not USD",
                "e.csv:7: received_quantity: '0.0000000000000000001' has more than 18 fractional digits",
            ])
        }
    }

    @Test("a row's identity does not depend on the tax time zone, unless its timestamp has an offset")
    func identityAcrossZones() throws {
        // Re-importing after `harvest settings set timezone ...` must match the rows already stored.
        let text = "\(header)\n2024-02-28,buy,kraken,100,USD,1,BTC,,,,,,\n2024-02-28T10:00:00,buy,kraken,100,USD,1,BTC,,,,,,\n"
        let utc = try HarvestCSV.parse(text, file: "z.csv", zone: .utc)
        let newYork = try HarvestCSV.parse(text, file: "z.csv", zone: #require(TaxTimeZone("America/New_York")))
        #expect(utc.rows.map(\.transaction.id) == newYork.rows.map(\.transaction.id))
        #expect(utc.rows.map(\.contentHash) == newYork.rows.map(\.contentHash))
        // The instants do move: midnight in New York is 05:00 UTC in February.
        #expect(newYork.rows[0].transaction.timestamp.millisecondsSinceEpoch - utc.rows[0].transaction.timestamp.millisecondsSinceEpoch
                == 5 * 3_600_000)
        let withOffset = "\(header)\n2024-02-28T10:00:00Z,buy,kraken,100,USD,1,BTC,,,,,,\n"
        #expect(try HarvestCSV.parse(withOffset, file: "z.csv", zone: .utc).rows[0].contentHash
                == HarvestCSV.parse(withOffset, file: "z.csv", zone: #require(TaxTimeZone("Asia/Tokyo"))).rows[0].contentHash)
    }

    @Test("--wallet fills empty wallet cells")
    func defaultWallet() throws {
        let parsed = try HarvestCSV.parse("\(header)\n2024-01-05T10:00:00Z,buy,,100,USD,1,BTC,,,,,d,\n", file: "w.csv", defaultWallet: "kraken")
        #expect(parsed.rows[0].transaction.wallet == Wallet("kraken"))
    }

    @Test("identity: identical rows without tx_id stay distinct; a repeated tx_id row is a duplicate; a reused tx_id is an error")
    func identity() throws {
        let row = "2024-01-05T10:00:00Z,buy,kraken,100,USD,1,BTC,,,,,,"
        let twice = try HarvestCSV.parse("\(header)\n\(row)\n\(row)\n", file: "h.csv")
        #expect(twice.rows.count == 2 && twice.duplicatesInFile == 0)
        #expect(twice.rows[0].transaction.id != twice.rows[1].transaction.id)
        #expect(twice.rows[0].transaction.id.hasPrefix("h:"))
        // The same file parsed again gives the same ids (stable across runs), so a re-import matches them.
        let again = try HarvestCSV.parse("\(header)\n\(row)\n\(row)\n", file: "other-name.csv")
        #expect(again.rows.map(\.transaction.id) == twice.rows.map(\.transaction.id))

        let withID = "2024-01-05T10:00:00Z,buy,kraken,100,USD,1,BTC,,,,,x1,"
        let repeated = try HarvestCSV.parse("\(header)\n\(withID)\n\(withID)\n", file: "d.csv")
        #expect(repeated.rows.count == 1 && repeated.duplicatesInFile == 1)
        // The same id in another wallet is another transaction.
        let otherWallet = try HarvestCSV.parse("\(header)\n\(withID)\n\(withID.replacingOccurrences(of: "kraken", with: "ledger"))\n", file: "d.csv")
        #expect(otherWallet.rows.count == 2)
        #expect(throws: ImportFailure.self) {
            try HarvestCSV.parse("\(header)\n\(withID)\n\(withID.replacingOccurrences(of: ",1,BTC", with: ",2,BTC"))\n", file: "c.csv")
        }
    }

    @Test("write then parse gives back the same transactions (property)")
    func roundTrip() async {
        let assets = ["BTC", "ETH", "USDC@base", "SOL"].map(Asset.init)
        let amount = zip(Gen.int(in: 1...1_000_000_000), Gen.int(in: 0...18), Gen.int(in: 0...3)).map { digits, scale, asset in
            Amount(Quantity(Fixed(raw: Int128(digits) * Fixed.powerOfTenForTests(18 - scale))), assets[asset])
        }
        let transaction = zip(
            Gen.int(in: 0...2_000_000_000), Gen.int(in: 0...(TransactionKind.allCases.count - 1)), amount, amount,
            Gen.bool, Gen.int(in: 0...99_999_999), Gen.letterOrNumber.string(of: 0...12)
        ).map { seconds, kindIndex, sent, received, hasFee, value, note -> Transaction in
            let kind = TransactionKind.allCases[kindIndex]
            let instant = Instant(millisecondsSinceEpoch: Int64(seconds) * 1000 + 123)
            return Transaction(
                id: "id-\(seconds)-\(kindIndex)", timestamp: instant, date: instant.date(), kind: kind,
                incomeType: kind == .income ? .mining : nil, wallet: Wallet("w, \"quoted\""), sent: sent,
                received: kind == .transfer ? Amount(sent.quantity, sent.asset) : received,
                fee: hasFee ? Amount("0.5", Asset("BNB")) : nil, value: Money(Fixed(raw: Int128(value) * 10_000_000_000_000_000)),
                toWallet: kind == .transfer ? Wallet("ledger") : nil, note: note)
        }
        await propertyCheck(count: 200, input: transaction.array(of: 1...8)) { transactions in
            let text = HarvestCSV.write(transactions)
            do {
                let parsed = try HarvestCSV.parse(text, file: "rt.csv").rows.map(\.transaction)
                #expect(parsed.count == transactions.count)
                for (original, back) in zip(transactions, parsed) {
                    var expected = original
                    expected.sequence = back.sequence
                    expected.source = back.source
                    #expect(back == expected)
                }
            } catch {
                Issue.record("round trip failed: \(error)\n\(text)")
            }
        }
    }
}

extension Fixed {
    static func powerOfTenForTests(_ exponent: Int) -> Int128 {
        var value: Int128 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
