import HarvestCore
import HarvestTestSupport
import PropertyBased
import Testing

/// Invariants of decoding over random explorer rows: a few hashes in two wallets, legs of four assets in and out,
/// gas, values or none, in any order.
@Suite("On-chain decoding properties")
struct OnChainDecoderPropertyTests {
    /// One random explorer row: which hash and wallet, in, out or gas, which asset, how much, and its value or none.
    struct Leg: Sendable, CustomStringConvertible {
        var hash: Int, wallet: Int, kind: Int, asset: Int, thousandths: Int, cents: Int
        var description: String { "(h\(hash) w\(wallet) k\(kind) a\(asset) \(thousandths)/1000 $\(cents)/100)" }
    }

    static let assets = ["ETH", "WETH", "DAI", "UNI-V2"]

    static var legs: Generator<[Leg], some SendableSequenceType> {
        zip(
            Gen<Int>.int(in: 0...3), Gen<Int>.int(in: 0...1), Gen<Int>.int(in: 0...2), Gen<Int>.int(in: 0...3),
            Gen<Int>.int(in: 1...5_000), Gen<Int>.int(in: -20...100_000)
        ).map { Leg(hash: $0, wallet: $1, kind: $2, asset: $3, thousandths: $4, cents: $5) }.array(of: 1...14)
    }

    /// The rows of `legs`: kind 0 a withdrawal, 1 a deposit, 2 a gas row; a negative `cents` means no value.
    static func rows(_ legs: [Leg]) -> [Transaction] {
        legs.enumerated().map { index, leg in
            let quantity = Quantity(Fixed(raw: Int128(leg.thousandths) * Fixed.scale / 1000))
            let asset = assets[leg.asset]
            let value = leg.cents < 0 ? nil : Money(Fixed(raw: Int128(leg.cents) * Fixed.scale / 100))
            let kind: TransactionKind = [.withdrawal, .deposit, .fee][leg.kind]
            var tx = Row.make(
                "r\(index)", kind, "2024-03-01", sequence: index, wallet: "w\(leg.wallet)",
                sent: kind == .withdrawal ? amount(quantity, asset) : nil, received: kind == .deposit ? amount(quantity, asset) : nil,
                fee: kind == .fee ? amount(quantity, "ETH") : nil, value: value)
            tx.chainTransaction = "0x\(leg.hash)"
            return tx
        }
    }

    /// Each (wallet, asset)'s net change: received in, sent and fees out (a transfer's received side in its destination).
    static func balances(_ transactions: [Transaction]) -> [String: Fixed] {
        var balances: [String: Fixed] = [:]
        for tx in transactions {
            let paid = tx.kind == .fee ? (tx.fee ?? tx.sent) : tx.fee
            if let paid { balances["\(tx.wallet) \(paid.asset)", default: .zero] -= paid.quantity.fixed }
            if let sent = tx.sent, tx.kind != .fee { balances["\(tx.wallet) \(sent.asset)", default: .zero] -= sent.quantity.fixed }
            if let received = tx.received {
                balances["\(tx.toWallet ?? tx.wallet) \(received.asset)", default: .zero] += received.quantity.fixed
            }
        }
        return balances.filter { !$0.value.isZero }
    }

    @Test("property: decoding keeps every wallet's units of every asset, whatever the order of the rows, and twice is once")
    func conservation() async {
        await propertyCheck(count: 300, input: Self.legs) { legs in
            let rows = Self.rows(legs)
            let decoder = OnChainDecoder()
            let decoded = decoder.decode(rows)
            #expect(Self.balances(decoded.transactions) == Self.balances(rows))
            // Order: the same rows reversed give the same transactions (as a set of descriptions).
            let reversed = decoder.decode(rows.reversed())
            #expect(reversed.briefs.sorted() == decoded.briefs.sorted())
            // Idempotent: what decoding made is decoded to itself.
            #expect(decoder.decode(decoded.transactions).briefs == decoded.briefs)
            // Ids stay unique within a wallet.
            let references = decoded.transactions.map { "\($0.wallet)/\($0.id)" }
            #expect(Set(references).count == references.count)
        }
    }
}
