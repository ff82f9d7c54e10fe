import HarvestCore
import HarvestReports
import HarvestTestSupport
import Testing

/// Australia: the capital proceeds are what was received (ITAA 1997 s.116-20), and the incidental costs of the CGT event,
/// brokerage on the sale included, are element 2 of the cost base (s.110-25(3), s.110-35). Item 18 shows only gains, so
/// the figures change only where proceeds and cost base are shown: the year text.
@Suite("Australian capital proceeds and cost base")
struct AustralianCostBaseTests {
    /// ATO, Personal investors guide to CGT 2016, example 12 (Sonya; ../shared/tax/vectors/au-ato-pig2016-ex12.json):
    /// shares bought for 1,500 with brokerage, sold for 2,350 with 50 brokerage: capital proceeds 2,350, cost base
    /// 1,500 + 50 = 1,550, gain 2,350 − 1,550 = 800 (the guide's figure). The row keeps net proceeds 2,300 and the 50 apart.
    @Test("ATO example 12 (Sonya): capital proceeds 2,350, cost base 1,550 with the sale's brokerage, gain 800")
    func sonya() throws {
        let aud = Local(.australia)
        let books = try Books([
            aud.buy("b", "2015-08-01", 1000, "TULIP", cost: 1500), aud.sell("s", "2016-03-01", 1000, "TULIP", proceeds: 2350, fee: 50),
        ], .australia)
        let sale = try #require(books.disposals.first)
        #expect(sale.grossProceeds == 2350 && sale.sellingCost == 50 && sale.costBasis + sale.sellingCost == 1550 && sale.gain == 800)
        let text = try books.summary(2015).presentation.text(jurisdiction: .australia, filing: .single)
        #expect(lines(text)[1] == "  Capital proceeds 2,350.00, cost base 1,550.00 (incidental costs of disposal 50.00 included)")
    }

    /// A gift is a disposal at market value (s.116-30), and a fee paid to make it is an incidental cost: 1 ETH bought for
    /// 3,000, given away when worth 4,000 with a 20 AUD network fee: capital proceeds 4,000, cost base 3,020, gain 980.
    @Test("a gift at market value: its fee is an incidental cost of the disposal")
    func gift() throws {
        let aud = Local(.australia)
        let books = try Books([
            aud.buy("b", "2024-08-01", 1, "ETH", cost: 3000),
            Row.make("g", .giftOut, "2024-10-01", sent: amount(1, "ETH"), fee: aud.cash(20), value: 4000),
        ], .australia)
        let gift = try #require(books.disposals.first)
        #expect(gift.kind == .gift && gift.grossProceeds == 4000 && gift.sellingCost == 20 && gift.proceeds == 3980 && gift.gain == 980)
        let text = try books.summary(2024).presentation.text(jurisdiction: .australia, filing: .single)
        #expect(lines(text)[1] == "  Capital proceeds 4,000.00, cost base 3,020.00 (incidental costs of disposal 20.00 included)")
    }
}
