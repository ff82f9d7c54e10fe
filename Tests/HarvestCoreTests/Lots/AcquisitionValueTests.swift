import HarvestCore
import HarvestTestSupport
import Testing

/// What an acquisition costs where the row carries more than one value: a swap whose two sides are valued apart
/// (`received_value`), a gift received (the donor's basis, the fair value at the gift, the donor's acquisition day), and
/// a fee paid to receive income. Every expected figure is worked by hand in the test, from the authority named.
struct AcquisitionValueTests {
    /// A row in the jurisdiction's base currency: `quantity` of `asset` bought for `cost`.
    static func buy(_ id: String, _ date: String, _ quantity: Quantity, _ asset: String, cost: Money, base: String, hour: Int = 9) -> Transaction {
        Row.make(id, .buy, date, hour: hour, sent: amount(Quantity(cost.fixed), base), received: amount(quantity, asset))
    }

    static func sell(_ id: String, _ date: String, _ quantity: Quantity, _ asset: String, proceeds: Money, base: String) -> Transaction {
        Row.make(id, .sell, date, hour: 15, sent: amount(quantity, asset), received: amount(Quantity(proceeds.fixed), base))
    }

    /// HMRC's swap (CRYPTO22257 and the pages around it): 5,000 token H, worth £1,700, for 600 token G, worth £1,920.
    static func swap(value: Money? = 1_700, receivedValue: Money? = 1_920, fee: Amount? = nil) -> Transaction {
        var row = Row.make("swap", .trade, "2024-05-01", sent: amount(5_000, "H"), received: amount(600, "G"), fee: fee, value: value)
        row.receivedValue = receivedValue
        return row
    }

    /// The H were bought for 1,000; the G are sold later for 2,000.
    static func history(base: String) -> [Transaction] {
        [Self.buy("h", "2024-01-10", 5_000, "H", cost: 1_000, base: base), Self.swap(),
         Self.sell("g", "2024-06-10", 600, "G", proceeds: 2_000, base: base)]
    }

    static func disposal(_ result: LedgerResult, _ id: String) throws -> Disposal {
        try #require(result.disposals.first { $0.disposalTransactionID == id })
    }

    // MARK: - A swap valued on both sides

    @Test("UK, Canada, Australia, Germany: proceeds are the value received (1,920), the new lot costs the value given (1,700)",
          arguments: [(Jurisdiction.unitedKingdom, "GBP"), (.canada, "CAD"), (.australia, "AUD"), (.germany, "EUR")])
    func swapValuedApartUsesTheValueGivenAsCost(_ jurisdiction: Jurisdiction, _ base: String) throws {
        let result = try LotEngine.run(Self.history(base: base), jurisdiction: jurisdiction)
        // H: 1,920 − 1,000 = 920. G: 2,000 − 1,700 = 300.
        let swapped = try Self.disposal(result, "swap")
        #expect(swapped.proceeds == 1_920 && swapped.costBasis == 1_000 && swapped.gain == 920)
        let sold = try Self.disposal(result, "g")
        #expect(sold.costBasis == 1_700 && sold.gain == 300)
    }

    @Test("US: proceeds are the value received, and so is the new lot's basis (IRS virtual currency FAQs 17–18)")
    func swapValuedApartUsesTheValueReceivedAsBasisInTheUS() throws {
        let result = try LotEngine.run(Self.history(base: "USD"), jurisdiction: .us)
        // H: 1,920 − 1,000 = 920. G: 2,000 − 1,920 = 80. Together 1,000, the economic gain.
        #expect(try Self.disposal(result, "swap").gain == 920)
        let sold = try Self.disposal(result, "g")
        #expect(sold.costBasis == 1_920 && sold.gain == 80)
    }

    @Test("a fee comes off the proceeds of the value received; a row with one value uses it for both sides, as before")
    func swapFeeAndSingleValue() throws {
        // A £20 fee: proceeds 1,920 − 20 = 1,900; the G still cost 1,700 (a fee on a disposal is not added to the new lot).
        let withFee = try LotEngine.run(
            [Self.buy("h", "2024-01-10", 5_000, "H", cost: 1_000, base: "GBP"), Self.swap(fee: amount(20, "GBP"))],
            jurisdiction: .unitedKingdom)
        #expect(try Self.disposal(withFee, "swap").proceeds == 1_900)
        #expect(withFee.openLots.first { $0.asset == Asset("G") }?.costBasis == 1_700)
        // One value only (no received_value): 1,700 is the proceeds and the cost.
        let single = try LotEngine.run(
            [Self.buy("h", "2024-01-10", 5_000, "H", cost: 1_000, base: "GBP"), Self.swap(receivedValue: nil)], jurisdiction: .unitedKingdom)
        #expect(try Self.disposal(single, "swap").proceeds == 1_700)
        #expect(single.openLots.first { $0.asset == Asset("G") }?.costBasis == 1_700)
        // Only the received side valued, and no price for H: both sides are taken at 1,920.
        let receivedOnly = try LotEngine.run(
            [Self.buy("h", "2024-01-10", 5_000, "H", cost: 1_000, base: "GBP"), Self.swap(value: nil)], jurisdiction: .unitedKingdom)
        #expect(try Self.disposal(receivedOnly, "swap").proceeds == 1_920)
        #expect(receivedOnly.openLots.first { $0.asset == Asset("G") }?.costBasis == 1_920)
    }

    @Test("a sale for the base currency ignores a received_value: the currency received is the value")
    func baseCurrencySideWins() throws {
        var sale = Self.sell("s", "2024-05-01", 5_000, "H", proceeds: 1_500, base: "USD")
        sale.receivedValue = 9_999
        let result = try LotEngine.run([Self.buy("h", "2024-01-10", 5_000, "H", cost: 1_000, base: "USD"), sale])
        #expect(try Self.disposal(result, "s").proceeds == 1_500)
    }

    // MARK: - Gifts received (US)

    /// IRS Pub 551, "Property Received as a Gift", FMV less than the donor's adjusted basis: the donor's adjusted basis
    /// was $10,000, the FMV at the gift $8,000. Sold for $12,000: a $2,000 gain (the donor's basis); sold for $7,000: a
    /// $1,000 loss (the FMV); sold between $8,000 and $10,000: neither gain nor loss.
    static func gift(donorBasis: Money? = 10_000, fairValue: Money? = 8_000, donorAcquired: String? = "2020-02-01") -> Transaction {
        var row = Row.make("gift", .giftIn, "2024-03-01", received: amount(1, "BTC"), value: donorBasis)
        row.receivedValue = fairValue
        row.donorAcquired = donorAcquired.map(day)
        return row
    }

    @Test("Pub 551: the dual basis of a gift worth less than the donor's basis", arguments: [
        (Money(12_000), Money(10_000), Money(2_000), Term.long),
        (7_000, 8_000, -1_000, .short),
        (9_000, 9_000, 0, .long),
        (8_000, 8_000, 0, .long),
        (10_000, 10_000, 0, .long),
    ])
    func dualBasis(_ proceeds: Money, _ basis: Money, _ gain: Money, _ term: Term) throws {
        let result = try LotEngine.run([Self.gift(), Self.sell("s", "2024-06-03", 1, "BTC", proceeds: proceeds, base: "USD")])
        let sale = try Self.disposal(result, "s")
        #expect(sale.costBasis == basis && sale.gain == gain)
        // The donor's holding period (from 2020) counts where the donor's basis does (IRC §1223(2)); a loss figured from
        // the fair value is held from the gift (Pub 544), three months here.
        #expect(sale.term == term)
    }

    @Test("a gift worth at least the donor's basis keeps the donor's basis for a loss too, and the donor's holding period")
    func giftAboveTheDonorsBasis() throws {
        // Donor's basis 5,000, FMV 8,000: the basis is 5,000 for gain and loss. Sold for 4,000: a 1,000 long-term loss.
        let result = try LotEngine.run([
            Self.gift(donorBasis: 5_000, fairValue: 8_000), Self.sell("s", "2024-06-03", 1, "BTC", proceeds: 4_000, base: "USD"),
        ])
        let sale = try Self.disposal(result, "s")
        #expect(sale.costBasis == 5_000 && sale.gain == -1_000 && sale.term == .long)
    }

    @Test("dual basis per unit: half the gift sold at a loss takes half the fair value; the rest keeps the donor's basis")
    func partialSaleOfADualBasisGift() throws {
        var gift = Self.gift()
        gift.received = amount(2, "BTC")
        // 2 BTC: donor's basis 10,000 (5,000 each), FMV 8,000 (4,000 each).
        let result = try LotEngine.run([
            gift, Self.sell("s1", "2024-06-03", 1, "BTC", proceeds: 3_000, base: "USD"),
            Self.sell("s2", "2024-07-01", 1, "BTC", proceeds: 6_500, base: "USD"),
        ])
        // s1: 3,000 − 4,000 = −1,000 (short: from the gift). s2: 6,500 − 5,000 = 1,500 (long: the donor's period).
        let first = try Self.disposal(result, "s1"), second = try Self.disposal(result, "s2")
        #expect(first.costBasis == 4_000 && first.gain == -1_000 && first.term == .short)
        #expect(second.costBasis == 5_000 && second.gain == 1_500 && second.term == .long)
    }

    @Test("without the donor's basis the gift is acquired at its fair value, held from the day of the gift")
    func giftWithoutTheDonorsBasis() throws {
        let result = try LotEngine.run([
            Self.gift(donorBasis: nil, fairValue: 8_000), Self.sell("s", "2024-06-03", 1, "BTC", proceeds: 9_000, base: "USD"),
        ])
        let sale = try Self.disposal(result, "s")
        #expect(sale.costBasis == 8_000 && sale.gain == 1_000 && sale.term == .short)
    }

    @Test("Germany: the donor's acquisition day and cost carry over (§23(1) sentence 3 EStG), so the one-year period can be over")
    func germanGiftCarriesTheDonorsAcquisition() throws {
        // Donor bought on 2023-01-10 for 10,000; gift on 2024-03-01; sold 2024-06-03 for 7,000: held over a year in all,
        // so the loss is outside §23 (long); without the donor's day it would be a short-term loss from the gift.
        let sold = Self.sell("s", "2024-06-03", 1, "BTC", proceeds: 7_000, base: "EUR")
        let carried = try Self.disposal(try LotEngine.run([Self.gift(donorAcquired: "2023-01-10"), sold], jurisdiction: .germany), "s")
        #expect(carried.costBasis == 10_000 && carried.term == .long)
        let fresh = try Self.disposal(try LotEngine.run([Self.gift(donorAcquired: nil), sold], jurisdiction: .germany), "s")
        #expect(fresh.costBasis == 10_000 && fresh.term == .short)
    }

    @Test("UK, Canada, Australia: a gift is acquired at its market value on the day (TCGA s.17(1); ITA s.69(1)(c); ITAA 1997 s.112-20)",
          arguments: [(Jurisdiction.unitedKingdom, "GBP"), (.canada, "CAD"), (.australia, "AUD")])
    func giftAtMarketValue(_ jurisdiction: Jurisdiction, _ base: String) throws {
        let result = try LotEngine.run([Self.gift(), Self.sell("s", "2024-06-03", 1, "BTC", proceeds: 9_000, base: base)],
                                       jurisdiction: jurisdiction)
        let sale = try Self.disposal(result, "s")
        // 9,000 − 8,000 (the market value at the gift, not the donor's 10,000).
        #expect(sale.costBasis == 8_000 && sale.gain == 1_000)
    }

    // MARK: - A fee on an income row

    @Test("a fee paid to receive income adds to the units' basis; the income stays the fair value received")
    func incomeFee() throws {
        // 1 ETH of staking income worth 2,000, a 10 USD fee: income 2,000; the lot's basis 2,010; sold for 2,100: gain 90.
        var reward = Row.income("r", "2024-02-01", 1, "ETH", value: 2_000)
        reward.fee = usd(10)
        let result = try LotEngine.run([reward, Self.sell("s", "2024-03-01", 1, "ETH", proceeds: 2_100, base: "USD")])
        #expect(result.income.map(\.value) == [2_000])
        let sale = try Self.disposal(result, "s")
        #expect(sale.costBasis == 2_010 && sale.gain == 90)
    }

    @Test("a fee paid in the received asset: its units are disposed of at their value, and that value is the new lot's cost too")
    func incomeFeeInTheReceivedAsset() throws {
        // 1 ETH worth 2,000 received, 0.01 ETH fee (worth 2,000 × 0.01 = 20). The lot: 1 ETH at 2,020. The fee units come
        // out of it (the only lot): basis 0.01 × 2,020 = 20.20, proceeds 20: a 0.20 loss. 0.99 ETH left at 1,999.80.
        var reward = Row.income("r", "2024-02-01", 1, "ETH", value: 2_000)
        reward.fee = amount("0.01", "ETH")
        let result = try LotEngine.run([reward])
        #expect(result.income.map(\.value) == [2_000])
        let fee = try #require(result.disposals.first)
        #expect(fee.kind == .fee && fee.proceeds == 20 && fee.costBasis == Money("20.20") && fee.gain == Money("-0.20"))
        #expect(result.openLots.map(\.costBasis) == [Money("1999.80")] && result.openLots.map(\.quantity) == ["0.99"])
    }
}
