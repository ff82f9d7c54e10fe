/// One wallet's rows of one on-chain transaction, netted per asset, and what they are rewritten as
/// (the rules are `OnChainDecoder`'s).
struct OnChainGroup {
    /// What moved of one asset one way, after netting: the quantity, its value when every row of it gives one, and
    /// the first row it came from.
    struct Side {
        var asset: Asset
        var quantity: Quantity
        var value: Money?
        var row: Int
    }

    /// One asset's legs before netting: what came in and what went out, with their values (nil once a row gives none).
    struct Tally {
        var asset: Asset
        var inQuantity = Quantity.zero, outQuantity = Quantity.zero
        var inValue: Money? = .zero, outValue: Money? = .zero
        var inRow: Int?, outRow: Int?

        init(_ asset: Asset) { self.asset = asset }

        mutating func add(_ quantity: Quantity, value: Money?, out: Bool, row: Int) {
            if out {
                outQuantity += quantity
                outValue = outValue.flatMap { total in value.map { total + $0 } }
                if outRow == nil { outRow = row }
            } else {
                inQuantity += quantity
                inValue = inValue.flatMap { total in value.map { total + $0 } }
                if inRow == nil { inRow = row }
            }
        }
    }

    /// The group's rows, in input order.
    let rows: [Int]
    /// The same rows by id (then input order): what every choice below goes by, so the result does not depend on the
    /// order the files were imported in.
    let ordered: [Int]
    let transactions: [Transaction]
    let rules: TransferRules
    /// The row a rewrite takes its id, source, time and order from: the normal transaction's.
    let primary: Int
    var outs: [Side] = []
    var ins: [Side] = []
    /// The gas, per asset (all rows' fees; a fee row's amount).
    var gas: [Side] = []
    /// Some asset moved both ways (a refund, a token routed through the wallet): netting changed a quantity.
    var crossed = false

    init(rows: [Int], in transactions: [Transaction], rules: TransferRules) {
        self.rows = rows
        self.transactions = transactions
        self.rules = rules
        let ordered = rows.sorted { transactions[$0].id != transactions[$1].id ? transactions[$0].id < transactions[$1].id : $0 < $1 }
        self.ordered = ordered
        primary = ordered.first { transactions[$0].id == transactions[$0].chainTransaction }
            ?? ordered.first { transactions[$0].fee != nil || transactions[$0].kind == .fee } ?? ordered[0]
        var tallies: [Tally] = []
        var fees: [Tally] = []
        for index in ordered {
            let tx = transactions[index]
            if tx.kind == .withdrawal, let sent = tx.sent {
                OnChainGroup.add(sent, value: tx.value, out: true, row: index, to: &tallies)
            } else if tx.kind == .deposit, let received = tx.received {
                OnChainGroup.add(received, value: tx.value, out: false, row: index, to: &tallies)
            }
            // A fee row pays its fee, else what it sends (as the engine reads it); its value is the fee's.
            if let paid = tx.kind == .fee ? (tx.fee ?? tx.sent) : tx.fee {
                let value = tx.feeValue ?? (OnChainGroup.isGasOnly(tx) ? tx.value : nil)
                OnChainGroup.add(paid, value: value, out: false, row: index, to: &fees)
            }
        }
        // Assets in the order of their symbols: the order of the trades a group makes.
        for tally in tallies.sorted(by: { $0.asset < $1.asset }) { net(tally) }
        gas = fees.sorted(by: { $0.asset < $1.asset }).compactMap { fee in
            fee.inQuantity.isPositive ? Side(asset: fee.asset, quantity: fee.inQuantity, value: fee.inValue, row: fee.inRow ?? rows[0]) : nil
        }
    }

    static func add(_ amount: Amount, value: Money?, out: Bool, row: Int, to tallies: inout [Tally]) {
        guard amount.quantity.isPositive else { return }
        if let index = tallies.firstIndex(where: { $0.asset == amount.asset }) {
            tallies[index].add(amount.quantity, value: value, out: out, row: row)
        } else {
            var tally = Tally(amount.asset)
            tally.add(amount.quantity, value: value, out: out, row: row)
            tallies.append(tally)
        }
    }

    /// One asset's net movement, as a side; its value is the gross value's share when some of it came back.
    mutating func net(_ tally: Tally) {
        if tally.inQuantity.isPositive && tally.outQuantity.isPositive { crossed = true }
        let net = tally.inQuantity - tally.outQuantity
        if net.isNegative {
            let quantity = Quantity.zero - net
            let value = tally.outValue.map { quantity == tally.outQuantity ? $0 : $0.prorated(quantity, of: tally.outQuantity) }
            outs.append(Side(asset: tally.asset, quantity: quantity, value: value, row: tally.outRow ?? rows[0]))
        } else if net.isPositive {
            let value = tally.inValue.map { net == tally.inQuantity ? $0 : $0.prorated(net, of: tally.inQuantity) }
            ins.append(Side(asset: tally.asset, quantity: net, value: value, row: tally.inRow ?? rows[0]))
        }
    }

    // MARK: - Rewriting

    /// What the group was, and the rows it becomes (nil: its rows stay as they are).
    func decode() -> (pattern: OnChainPattern, rewrite: [Transaction]?) {
        switch (outs.isEmpty, ins.isEmpty) {
        case (true, true):
            return gas.isEmpty ? (.nothing, []) : (.gasOnly, withGas([], usedIDs: []))
        case (false, true):
            return (.outgoing, crossed ? netted() : foldedGas())
        case (true, false):
            return (.incoming, crossed ? netted() : nil)
        case (false, false):
            if outs.count == 1 && ins.count == 1 { return oneForOne(outs[0], ins[0]) }
            let pattern: OnChainPattern = outs.count == 1 ? .oneForMany : ins.count == 1 ? .manyForOne : .manyForMany
            return (pattern, splitTrades(pattern))
        }
    }

    /// A row of the group's own, emptied, to be filled in as `kind`.
    func base(_ kind: TransactionKind, from row: Int) -> Transaction {
        var tx = transactions[row]
        tx.kind = kind
        tx.incomeType = nil
        tx.sent = nil
        tx.received = nil
        tx.fee = nil
        tx.value = nil
        tx.feeValue = nil
        tx.toWallet = nil
        tx.lotPicks = []
        return tx
    }

    /// `note` with `addition` after it.
    static func joined(_ note: String, _ addition: String) -> String { note.isEmpty ? addition : note + "; " + addition }

    /// One asset out, one in: a swap; or a wrap when they are forms of one asset.
    func oneForOne(_ out: Side, _ into: Side) -> (pattern: OnChainPattern, rewrite: [Transaction]?) {
        let wrap = out.asset != into.asset && rules.matchingClass(out.asset) == rules.matchingClass(into.asset)
        var tx = base(OnChainGroup.tradeKind(out.asset, into.asset), from: primary)
        tx.sent = Amount(out.quantity, out.asset)
        tx.received = Amount(into.quantity, into.asset)
        tx.value = out.value ?? into.value
        tx.lotPicks = transactions[out.row].lotPicks
        let joinedRows = "\(rows.count) rows of one on-chain transaction joined"
        if !wrap {
            tx.note = OnChainGroup.joined(tx.note, "swap: \(joinedRows)")
        } else if rules.wrapsAreTrades {
            tx.note = OnChainGroup.joined(tx.note, "wrap, a trade (wrap-as-trade on): \(joinedRows)")
        } else if into.quantity <= out.quantity {
            // Not taxable: the lots continue as the other form, in the same wallet.
            tx.kind = .transfer
            tx.toWallet = tx.wallet
            tx.note = OnChainGroup.joined(tx.note, "wrap, the lots continue as \(into.asset): \(joinedRows)")
        } else {
            tx.note = OnChainGroup.joined(tx.note, "receives more \(into.asset) than the \(out.asset) it sends, so not a like-for-like wrap: a trade")
        }
        return (wrap ? .wrap : .swap, withGas([tx], usedIDs: [tx.id]))
    }

    /// buy, sell or trade, as the fiat side shows (on chain, almost always a trade).
    static func tradeKind(_ sent: Asset, _ received: Asset) -> TransactionKind {
        sent.isFiat && !received.isFiat ? .buy : received.isFiat && !sent.isFiat ? .sell : .trade
    }

    /// Several assets out and/or in: a trade per (sent, received) pair, each sent asset split across the received ones
    /// by their values and each received asset across the sent ones by theirs (evenly where values are missing).
    func splitTrades(_ pattern: OnChainPattern) -> [Transaction] {
        let outWeights = OnChainGroup.weights(outs), inWeights = OnChainGroup.weights(ins)
        let sentShares = outs.map { OnChainGroup.split($0.quantity.fixed, by: inWeights.values) }
        let receivedShares = ins.map { OnChainGroup.split($0.quantity.fixed, by: outWeights.values) }
        let sentValues = outs.map { side in side.value.map { OnChainGroup.split($0.fixed, by: inWeights.values) } }
        let receivedValues = ins.map { side in side.value.map { OnChainGroup.split($0.fixed, by: outWeights.values) } }
        let rule = outWeights.byValue && inWeights.byValue ? "shares by value" : "shares even where values are not all given"
        var result: [Transaction] = []
        let count = outs.count * ins.count
        for (i, out) in outs.enumerated() {
            for (j, into) in ins.enumerated() {
                let sent = Quantity(sentShares[i][j]), received = Quantity(receivedShares[j][i])
                if sent.isZero && received.isZero { continue }
                var tx = base(OnChainGroup.tradeKind(out.asset, into.asset), from: primary)
                tx.id += "#\(result.count + 1)"
                tx.sent = Amount(sent, out.asset)
                tx.received = Amount(received, into.asset)
                tx.value = sentValues[i].map { Money($0[j]) } ?? receivedValues[j].map { Money($0[i]) }
                tx.note = OnChainGroup.joined(
                    tx.note, "\(pattern.rawValue), trade \(i * ins.count + j + 1) of \(count) (\(rule)): \(rows.count) rows of one on-chain transaction")
                result.append(tx)
            }
        }
        return withGas(result, usedIDs: Set(result.map(\.id)))
    }

    /// The weights a side's assets split by: their values when every one is given and positive, else equal.
    static func weights(_ sides: [Side]) -> (values: [Fixed], byValue: Bool) {
        let values = sides.compactMap { $0.value.flatMap { $0.isPositive ? $0.fixed : nil } }
        if values.count == sides.count && sides.count > 1 { return (values, true) }
        return (sides.map { _ in Fixed.one }, sides.count == 1)
    }

    /// `total` split in proportion to `weights` (positive): each share rounded down at 18 digits, the last taking
    /// what is left, so the shares add up to `total` exactly and none is negative.
    static func split(_ total: Fixed, by weights: [Fixed]) -> [Fixed] {
        let sum = weights.reduce(Fixed.zero, +)
        var left = total
        var shares: [Fixed] = []
        shares.reserveCapacity(weights.count)
        for (offset, weight) in weights.enumerated() {
            let share = offset == weights.count - 1 ? left : total.scaled(by: weight, over: sum, rounding: .down)
            shares.append(share)
            left -= share
        }
        return shares
    }

    /// Only out, nothing netted: the rows as they are, a gas-only row folded into the first withdrawal without a fee.
    func foldedGas() -> [Transaction]? {
        let gasRows = rows.filter { OnChainGroup.isGasOnly(transactions[$0]) }
        guard gasRows.count == 1, gas.count == 1, let gasRow = gasRows.first,
              let target = ordered.first(where: { transactions[$0].kind == .withdrawal && transactions[$0].fee == nil }) else { return nil }
        var result: [Transaction] = []
        for index in rows where index != gasRow {
            var tx = transactions[index]
            if index == target {
                tx.fee = Amount(gas[0].quantity, gas[0].asset)
                tx.feeValue = gas[0].value
                tx.note = OnChainGroup.joined(tx.note, "gas from \(transactions[gasRow].id)")
            }
            result.append(tx)
        }
        return result
    }

    /// A row that moves nothing but a fee.
    static func isGasOnly(_ tx: Transaction) -> Bool { tx.kind == .fee && tx.received == nil && (tx.sent == nil || tx.fee == nil) }

    /// Only out or only in, with units that moved both ways: one withdrawal or deposit per asset at its net quantity.
    func netted() -> [Transaction] {
        var result: [Transaction] = []
        for (kind, sides) in [(TransactionKind.withdrawal, outs), (.deposit, ins)] {
            for side in sides {
                var tx = base(kind, from: side.row)
                if kind == .withdrawal { tx.sent = Amount(side.quantity, side.asset) } else { tx.received = Amount(side.quantity, side.asset) }
                tx.value = side.value
                tx.lotPicks = kind == .withdrawal ? transactions[side.row].lotPicks : []
                tx.note = OnChainGroup.joined(tx.note, "netted: \(rows.count) rows of one on-chain transaction joined")
                result.append(tx)
            }
        }
        // One-sided, so the gas goes on the first withdrawal, or stays a row of its own beside deposits (matching keeps
        // only a withdrawal's fee).
        return withGas(result, usedIDs: Set(result.map(\.id)))
    }

    /// `transactions` with the gas: the first asset's as the fee of the first row when it is not a deposit, the rest
    /// (or all, when there is no such row) as fee rows of their own, named after the primary row.
    func withGas(_ transactions: [Transaction], usedIDs: Set<String>) -> [Transaction] {
        var result = transactions
        var remaining = gas[...]
        if let first = result.first, first.kind != .deposit, let paid = remaining.first {
            result[0].fee = Amount(paid.quantity, paid.asset)
            result[0].feeValue = paid.value
            remaining = remaining.dropFirst()
        }
        var used = usedIDs
        for paid in remaining {
            var tx = base(.fee, from: primary)
            var suffix = 1
            while used.contains(tx.id) {
                suffix += 1
                tx.id = self.transactions[primary].id + "#fee\(suffix)"
            }
            used.insert(tx.id)
            tx.fee = Amount(paid.quantity, paid.asset)
            tx.value = paid.value
            tx.note = OnChainGroup.joined(tx.note, "gas: \(rows.count) rows of one on-chain transaction joined")
            result.append(tx)
        }
        return result
    }
}
