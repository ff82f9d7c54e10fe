/// Decodes one wallet's rows of one on-chain transaction at a time: netted per asset, then rewritten as what they were
/// (the rules are `OnChainDecoder`'s). One value serves every group of a history, its buffers kept between groups.
struct OnChainGroup {
    /// What moved of one asset one way, after netting: the quantity, its value when every row of it gives one, and
    /// the first row (by id) it came from.
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
        var inRow = -1, outRow = -1

        init(_ asset: Asset) { self.asset = asset }

        mutating func add(_ quantity: Quantity, value: Money?, out: Bool, row: Int) {
            if out {
                outQuantity += quantity
                outValue = outValue.flatMap { total in value.map { total + $0 } }
                if outRow < 0 { outRow = row }
            } else {
                inQuantity += quantity
                inValue = inValue.flatMap { total in value.map { total + $0 } }
                if inRow < 0 { inRow = row }
            }
        }
    }

    let transactions: [Transaction]
    let rules: TransferRules
    /// The rules' equivalence classes, looked up once per asset.
    let classes: TransferRules.MatchingClasses
    /// The group's rows, by id (then input order): what every choice below goes by, so the result does not depend on
    /// the order the files were imported in.
    var rows: ArraySlice<Int> = []
    /// The row a rewrite takes its id, source, time and order from: the normal transaction's.
    var primary = 0
    var outs: [Side] = []
    var ins: [Side] = []
    /// The gas, per asset (all rows' fees; a fee row's amount).
    var gas: [Side] = []
    /// Some asset moved both ways (a refund, a token routed through the wallet): netting changed a quantity.
    var crossed = false
    private var tallies: [Tally] = []
    private var fees: [Tally] = []

    init(_ transactions: [Transaction], rules: TransferRules) {
        self.transactions = transactions
        self.rules = rules
        classes = rules.matchingClasses
    }

    /// Takes up a group (two rows or more, by id) and nets its legs.
    mutating func load(_ rows: ArraySlice<Int>) {
        self.rows = rows
        outs.removeAll(keepingCapacity: true)
        ins.removeAll(keepingCapacity: true)
        gas.removeAll(keepingCapacity: true)
        tallies.removeAll(keepingCapacity: true)
        fees.removeAll(keepingCapacity: true)
        crossed = false
        let transactions = self.transactions
        primary = rows.first { transactions[$0].id == transactions[$0].chainTransaction }
            ?? rows.first { transactions[$0].fee != nil || transactions[$0].kind == .fee } ?? rows[rows.startIndex]
        if loadSwap() { return }
        for index in rows {
            let kind = transactions[index].kind
            if kind == .withdrawal, let sent = transactions[index].sent {
                OnChainGroup.add(sent, value: transactions[index].value, out: true, row: index, to: &tallies)
            } else if kind == .deposit, let received = transactions[index].received {
                OnChainGroup.add(received, value: transactions[index].value, out: false, row: index, to: &tallies)
            }
            // A fee row pays its fee, else what it sends (as the engine reads it); its value is the fee's.
            if let paid = kind == .fee ? (transactions[index].fee ?? transactions[index].sent) : transactions[index].fee {
                let value = transactions[index].feeValue ?? (OnChainGroup.isGasOnly(transactions[index]) ? transactions[index].value : nil)
                OnChainGroup.add(paid, value: value, out: false, row: index, to: &fees)
            }
        }
        // Assets in the order of their symbols: the order of the trades a group makes.
        if tallies.count > 1 { tallies.sort { $0.asset < $1.asset } }
        for tally in tallies { net(tally) }
        if fees.count > 1 { fees.sort { $0.asset < $1.asset } }
        for fee in fees where fee.inQuantity.isPositive {
            gas.append(Side(asset: fee.asset, quantity: fee.inQuantity, value: fee.inValue, row: fee.inRow))
        }
    }

    /// The common shape, read without tallies: one withdrawal and one deposit of another asset, and gas in one asset
    /// (on the rows or on gas-only rows); nothing to net. False, with nothing loaded, for any other shape.
    private mutating func loadSwap() -> Bool {
        let transactions = self.transactions
        var out = -1, into = -1
        var gasPaid: Amount?
        var gasValue: Money? = .zero
        var gasRow = -1
        for index in rows {
            switch transactions[index].kind {
            case .withdrawal:
                guard out < 0, let sent = transactions[index].sent, sent.quantity.isPositive else { return false }
                out = index
            case .deposit:
                guard into < 0, let received = transactions[index].received, received.quantity.isPositive else { return false }
                into = index
            default:
                guard OnChainGroup.isGasOnly(transactions[index]) else { return false }
            }
            // A fee row pays its fee, else what it sends, as in the general case.
            let kind = transactions[index].kind
            guard let fee = kind == .fee ? (transactions[index].fee ?? transactions[index].sent) : transactions[index].fee,
                  fee.quantity.isPositive else { continue }
            if let paid = gasPaid {
                guard paid.asset == fee.asset else { return false }
                gasPaid = Amount(paid.quantity + fee.quantity, fee.asset)
            } else {
                gasPaid = fee
                gasRow = index
            }
            let value = transactions[index].feeValue ?? (kind == .fee ? transactions[index].value : nil)
            gasValue = gasValue.flatMap { total in value.map { total + $0 } }
        }
        guard out >= 0, into >= 0, let sent = transactions[out].sent, let received = transactions[into].received,
              sent.asset != received.asset else { return false }
        outs.append(Side(asset: sent.asset, quantity: sent.quantity, value: transactions[out].value, row: out))
        ins.append(Side(asset: received.asset, quantity: received.quantity, value: transactions[into].value, row: into))
        if let gasPaid { gas.append(Side(asset: gasPaid.asset, quantity: gasPaid.quantity, value: gasValue, row: gasRow)) }
        return true
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
            outs.append(Side(asset: tally.asset, quantity: quantity, value: value, row: tally.outRow))
        } else if net.isPositive {
            let value = tally.inValue.map { net == tally.inQuantity ? $0 : $0.prorated(net, of: tally.inQuantity) }
            ins.append(Side(asset: tally.asset, quantity: net, value: value, row: tally.inRow))
        }
    }

    // MARK: - Rewriting

    /// What the group was; its rewrite appended to `output` (when `rewritten`; else its rows stay as they are).
    func decode(into output: inout [Transaction]) -> (pattern: OnChainPattern, rewritten: Bool) {
        let start = output.count
        switch (outs.isEmpty, ins.isEmpty) {
        case (true, true):
            if gas.isEmpty { return (.nothing, true) }
            addGas(to: &output, from: start)
            return (.gasOnly, true)
        case (false, true):
            return (.outgoing, crossed ? netted(into: &output) : foldedGas(into: &output))
        case (true, false):
            return (.incoming, crossed ? netted(into: &output) : false)
        case (false, false):
            if outs.count == 1 && ins.count == 1 { return (oneForOne(outs[0], ins[0], into: &output), true) }
            let pattern: OnChainPattern = outs.count == 1 ? .oneForMany : ins.count == 1 ? .manyForOne : .manyForMany
            splitTrades(pattern, into: &output)
            return (pattern, true)
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

    /// `note` with `addition` after it, in one allocation.
    static func joined(_ note: String, _ addition: String) -> String {
        if note.isEmpty { return addition }
        var text = ""
        text.reserveCapacity(note.utf8.count + 2 + addition.utf8.count)
        text += note
        text += "; "
        text += addition
        return text
    }

    /// One asset out, one in: a swap; or a wrap when they are forms of one asset.
    func oneForOne(_ out: Side, _ into: Side, into output: inout [Transaction]) -> OnChainPattern {
        let wrap = out.asset != into.asset && classes.of(out.asset) == classes.of(into.asset)
        var tx = base(OnChainGroup.tradeKind(out.asset, into.asset), from: primary)
        tx.sent = Amount(out.quantity, out.asset)
        tx.received = Amount(into.quantity, into.asset)
        tx.value = out.value ?? into.value
        tx.lotPicks = transactions[out.row].lotPicks
        if !wrap {
            tx.note = OnChainGroup.joined(tx.note, "on-chain swap: rows of one transaction joined")
        } else if rules.wrapsAreTrades {
            tx.note = OnChainGroup.joined(tx.note, "on-chain wrap, a trade (wrap-as-trade on)")
        } else if into.quantity <= out.quantity {
            // Not taxable: the lots continue as the other form, in the same wallet.
            tx.kind = .transfer
            tx.toWallet = tx.wallet
            tx.note = OnChainGroup.joined(tx.note, "on-chain wrap: the lots continue as the other form")
        } else {
            tx.note = OnChainGroup.joined(
                tx.note, "on-chain: receives more of an equivalent form than it sends, so not a like-for-like wrap but a trade")
        }
        let start = output.count
        output.append(tx)
        addGas(to: &output, from: start)
        return wrap ? .wrap : .swap
    }

    /// buy, sell or trade, as the fiat side shows (on chain, almost always a trade).
    static func tradeKind(_ sent: Asset, _ received: Asset) -> TransactionKind {
        sent.isFiat && !received.isFiat ? .buy : received.isFiat && !sent.isFiat ? .sell : .trade
    }

    /// Several assets out and/or in: a trade per (sent, received) pair, each sent asset split across the received ones
    /// by their values and each received asset across the sent ones by theirs (evenly where values are missing).
    func splitTrades(_ pattern: OnChainPattern, into output: inout [Transaction]) {
        let outWeights = OnChainGroup.weights(outs), inWeights = OnChainGroup.weights(ins)
        let sentShares = outs.map { OnChainGroup.split($0.quantity.fixed, by: inWeights.values) }
        let receivedShares = ins.map { OnChainGroup.split($0.quantity.fixed, by: outWeights.values) }
        let sentValues = outs.map { side in side.value.map { OnChainGroup.split($0.fixed, by: inWeights.values) } }
        let receivedValues = ins.map { side in side.value.map { OnChainGroup.split($0.fixed, by: outWeights.values) } }
        let rule = outWeights.byValue && inWeights.byValue ? "shares by value" : "shares even where values are not all given"
        let start = output.count
        for (i, out) in outs.enumerated() {
            for (j, into) in ins.enumerated() {
                let sent = Quantity(sentShares[i][j]), received = Quantity(receivedShares[j][i])
                if sent.isZero && received.isZero { continue }
                var tx = base(OnChainGroup.tradeKind(out.asset, into.asset), from: primary)
                tx.id += "#\(output.count - start + 1)"
                tx.sent = Amount(sent, out.asset)
                tx.received = Amount(received, into.asset)
                tx.value = sentValues[i].map { Money($0[j]) } ?? receivedValues[j].map { Money($0[i]) }
                let trade = "trade \(i * ins.count + j + 1) of \(outs.count * ins.count)"
                tx.note = OnChainGroup.joined(tx.note, "on-chain \(pattern.rawValue), \(trade) (\(rule))")
                output.append(tx)
            }
        }
        addGas(to: &output, from: start)
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
    /// False (the rows stay) when there is no such pair.
    func foldedGas(into output: inout [Transaction]) -> Bool {
        let transactions = self.transactions
        guard gas.count == 1, rows.count(where: { OnChainGroup.isGasOnly(transactions[$0]) }) == 1,
              let gasRow = rows.first(where: { OnChainGroup.isGasOnly(transactions[$0]) }),
              let target = rows.first(where: { transactions[$0].kind == .withdrawal && transactions[$0].fee == nil }) else { return false }
        for index in rows where index != gasRow {
            var tx = transactions[index]
            if index == target {
                tx.fee = Amount(gas[0].quantity, gas[0].asset)
                tx.feeValue = gas[0].value
                tx.note = OnChainGroup.joined(tx.note, "gas from " + transactions[gasRow].id)
            }
            output.append(tx)
        }
        return true
    }

    /// A row that moves nothing but a fee.
    static func isGasOnly(_ tx: borrowing Transaction) -> Bool { tx.kind == .fee && tx.received == nil && (tx.sent == nil || tx.fee == nil) }

    /// Only out or only in, with units that moved both ways: one withdrawal or deposit per asset at its net quantity.
    func netted(into output: inout [Transaction]) -> Bool {
        let start = output.count
        for side in outs {
            var tx = base(.withdrawal, from: side.row)
            tx.sent = Amount(side.quantity, side.asset)
            tx.value = side.value
            tx.lotPicks = transactions[side.row].lotPicks
            tx.note = OnChainGroup.joined(tx.note, "on-chain: netted within one transaction")
            output.append(tx)
        }
        for side in ins {
            var tx = base(.deposit, from: side.row)
            tx.received = Amount(side.quantity, side.asset)
            tx.value = side.value
            tx.note = OnChainGroup.joined(tx.note, "on-chain: netted within one transaction")
            output.append(tx)
        }
        // One-sided, so the gas goes on the first withdrawal, or stays a row of its own beside deposits (matching keeps
        // only a withdrawal's fee).
        addGas(to: &output, from: start)
        return true
    }

    /// The gas added to the rows `output[start...]`: the first asset's as the fee of the first row when it is not a
    /// deposit, the rest (or all, when there is no such row) as fee rows of their own, named after the primary row.
    func addGas(to output: inout [Transaction], from start: Int) {
        var remaining = gas[...]
        if start < output.count, output[start].kind != .deposit, let paid = remaining.first {
            output[start].fee = Amount(paid.quantity, paid.asset)
            output[start].feeValue = paid.value
            remaining = remaining.dropFirst()
        }
        guard !remaining.isEmpty else { return }
        var used = Set(output[start...].map(\.id))
        for paid in remaining {
            var tx = base(.fee, from: primary)
            var suffix = 1
            while used.contains(tx.id) {
                suffix += 1
                tx.id = transactions[primary].id + "#fee\(suffix)"
            }
            used.insert(tx.id)
            tx.fee = Amount(paid.quantity, paid.asset)
            tx.value = paid.value
            tx.note = OnChainGroup.joined(tx.note, "on-chain: gas")
            output.append(tx)
        }
    }
}
