import HarvestCore

/// The shipped sample portfolio: our own making, a story a new user can follow (not real trades).
///
/// An investor buys BTC, ETH and SOL in early 2022, moves BTC to a Ledger, keeps buying through the
/// 2022 fall, stakes ETH on Kraken, swaps SOL for ETH at a loss, sells some BTC in 2024 (long-term, the
/// holding period carried through the transfer), gives a little BTC away, and sells ETH at a loss in 2025.
enum SamplePortfolio {
    static let trades = """
        timestamp,type,wallet,sent_quantity,sent_asset,received_quantity,received_asset,fee_quantity,fee_asset,value,to_wallet,tx_id,note
        2022-01-10T15:00:00Z,buy,coinbase,20000,USD,0.45,BTC,99.50,USD,,,demo-001,first bitcoin
        2022-01-12T16:30:00Z,buy,coinbase,10000,USD,3,ETH,49.75,USD,,,demo-002,
        2022-02-03T10:00:00Z,buy,kraken,5000,USD,45,SOL,13.00,USD,,,demo-003,
        2022-03-15T12:00:00Z,transfer,coinbase,0.45,BTC,0.4499,BTC,,,18270,ledger,demo-004,to cold storage; 0.0001 BTC network fee
        2022-05-20T09:00:00Z,buy,coinbase,6000,USD,0.2,BTC,30.00,USD,,,demo-005,buying the dip
        2022-06-20T09:00:00Z,buy,kraken,3000,USD,3,ETH,7.80,USD,,,demo-006,
        2022-09-01T00:00:00Z,staking,kraken,,,0.05,ETH,,,79.10,,demo-007,ETH staking reward
        2022-11-25T14:00:00Z,sell,coinbase,1,ETH,1180,USD,5.90,USD,,,demo-008,
        2023-03-01T00:00:00Z,staking,kraken,,,0.06,ETH,,,96.45,,demo-009,ETH staking reward
        2023-04-10T11:00:00Z,trade,kraken,20,SOL,0.19,ETH,,,330,,demo-010,swap SOL for ETH
        2023-07-15T10:00:00Z,buy,coinbase,3050,USD,0.1,BTC,15.25,USD,,,demo-011,
        2023-10-02T13:00:00Z,sell,kraken,2,ETH,3300,USD,8.25,USD,,,demo-012,
        2024-01-05T00:00:00Z,staking,kraken,,,0.05,ETH,,,115.20,,demo-013,ETH staking reward
        2024-03-13T08:00:00Z,transfer,ledger,0.2,BTC,0.19995,BTC,,,14200,coinbase,demo-014,back to the exchange to sell
        2024-03-14T10:00:00Z,sell,coinbase,0.19995,BTC,14396.40,USD,71.98,USD,,,demo-015,
        2024-05-01T18:00:00Z,spend,ledger,0.01,BTC,,,,,615,,demo-016,a laptop
        2024-08-05T16:00:00Z,sell,kraken,25,SOL,3000,USD,7.50,USD,,,demo-017,
        2024-10-01T12:00:00Z,gift_out,ledger,0.01,BTC,,,,,630,,demo-018,birthday gift
        2025-02-10T10:00:00Z,buy,coinbase,2700,USD,1,ETH,13.50,USD,,,demo-019,
        2025-04-07T15:00:00Z,sell,coinbase,0.5,ETH,800,USD,4.00,USD,,,demo-020,
        2025-05-12T09:00:00Z,buy,kraken,4200,USD,28,SOL,10.50,USD,,,demo-021,

        """

    /// A call on ether bought in March 2025 (the Harvest CSV's derivative rows: README "Derivatives in the Harvest CSV"),
    /// under water at the end of June; rolled in July (closed, and a later, higher-strike call bought), which expires
    /// worthless in December. Its mark on 2025-06-30 is a settlement row.
    static let derivatives = """
        timestamp,type,wallet,fee_quantity,fee_asset,tx_id,note,instrument,instrument_kind,underlying,expiry,strike,option_type,multiplier,side,contracts,price
        2025-03-03T12:00:00Z,open,deribit,3.00,USD,demo-d01,a call on ether,ETH-26SEP25-3000-C,option,ETH,2025-09-26,3000,call,1,long,2,250
        2025-06-30T08:00:00Z,settlement,deribit,,,demo-d02,mark,ETH-26SEP25-3000-C,,,,,,,,,120
        2025-07-15T12:00:00Z,close,deribit,3.00,USD,demo-d03,roll: close,ETH-26SEP25-3000-C,,,,,,,,2,130
        2025-07-15T12:00:05Z,open,deribit,3.00,USD,demo-d04,roll: reopen,ETH-26DEC25-3500-C,option,ETH,2025-12-26,3500,call,1,long,2,140
        2025-12-26T08:00:00Z,expire,deribit,,,demo-d05,expired worthless,ETH-26DEC25-3500-C,,,,,,,,,

        """

    /// The last day of the sample prices: the demo values holdings on it.
    static let lastPriceDate = CivilDate(year: 2025, month: 6, day: 30)!

    /// Stylized price curves (our own, not market data): straight lines between anchor days, in USD.
    static let anchors: [(asset: String, points: [(String, Fixed)])] = [
        ("BTC", [("2022-01-01", "47000"), ("2022-06-18", "19000"), ("2022-11-21", "16000"), ("2023-06-30", "30000"),
                 ("2023-12-31", "42000"), ("2024-03-14", "72000"), ("2024-08-05", "53000"), ("2024-12-31", "94000"),
                 ("2025-04-07", "77000"), ("2025-06-30", "105000")]),
        ("ETH", [("2022-01-01", "3700"), ("2022-06-18", "1000"), ("2022-11-21", "1100"), ("2023-06-30", "1900"),
                 ("2023-12-31", "2300"), ("2024-03-12", "4000"), ("2024-08-05", "2300"), ("2024-12-31", "3350"),
                 ("2025-04-07", "1550"), ("2025-06-30", "2450")]),
        ("SOL", [("2022-01-01", "170"), ("2022-06-18", "30"), ("2022-11-21", "11"), ("2023-06-30", "19"),
                 ("2023-12-31", "100"), ("2024-03-18", "200"), ("2024-08-05", "120"), ("2024-12-31", "190"),
                 ("2025-04-07", "105"), ("2025-06-30", "148")]),
    ]

    /// Daily closes interpolated between the anchors, rounded to cents (half-even).
    static func prices() -> [(asset: Asset, points: [PricePoint])] {
        anchors.map { asset, anchors in
            var points: [PricePoint] = []
            for (from, to) in zip(anchors, anchors.dropFirst()) {
                let start = CivilDate(iso: from.0)!, end = CivilDate(iso: to.0)!
                let span = start.days(to: end)
                for offset in 0..<span {
                    let price = from.1 + (to.1 - from.1).scaled(by: Fixed(offset), over: Fixed(span), rounding: .halfEven)
                    points.append(PricePoint(date: start.adding(days: offset), close: Price(price.rounded(scale: 2, .halfEven))))
                }
            }
            let last = anchors.last!
            points.append(PricePoint(date: CivilDate(iso: last.0)!, close: Price(last.1)))
            return (Asset(asset), points)
        }
    }
}
