import Benchmark
import HarvestCore

/// A synthetic derivatives history of `count` events (issue 17: "1,000,000 derivative events, fills and funding"):
/// 100 perpetuals on 10 underlyings in 10 wallets, each cycling open 2 contracts, funding, close 1, funding, close 1;
/// one event every 150 seconds (about 4.8 years for a million).
func derivativeHistory(_ count: Int) -> (instruments: [Instrument], events: [DerivativeEvent]) {
    let instruments = (0..<100).map { index in
        // Valid by construction: a perpetual with a positive multiplier and no expiry.
        try! Instrument(symbol: "PERP\(index)", kind: .perpetual, underlying: Asset("COIN\(index % 10)"), multiplier: 1, settlementAsset: .usd)
    }
    let start = Instant(date: CivilDate(year: 2020, month: 1, day: 1)!).millisecondsSinceEpoch
    var events: [DerivativeEvent] = []
    events.reserveCapacity(count)
    for index in 0..<count {
        let instrument = index % 100, step = (index / 100) % 5
        let timestamp = Instant(millisecondsSinceEpoch: start + Int64(index) * 150_000)
        let price = Price(Fixed(1_000 + (index % 997)))
        let kind: DerivativeEventKind = step == 0 ? .open : (step == 1 || step == 3) ? .funding : .close
        events.append(DerivativeEvent(
            id: "e\(index)", timestamp: timestamp, date: timestamp.date(), sequence: index, wallet: Wallet("W\(instrument % 10)"),
            instrument: "PERP\(instrument)", kind: kind, side: kind == .open ? .long : nil, contracts: kind == .open ? 2 : kind == .close ? 1 : nil,
            price: kind == .funding ? nil : price, fee: kind == .funding ? .zero : Money(Fixed(1)),
            amount: kind == .funding ? Money(Fixed(step == 1 ? -3 : 2)) : nil))
    }
    return (instruments, events)
}

func derivativeBenchmarks() {
    Benchmark("derivatives book 1000k events (fills and funding)") { benchmark, history in
        benchmark.startMeasurement()
        let result = try DerivativeBook.run(instruments: history.instruments, events: history.events,
                                            asOf: CivilDate(year: 2026, month: 1, day: 1)!)
        blackHole(result.gains.count + result.income.count)
    } setup: {
        derivativeHistory(1_000_000)
    }
}
