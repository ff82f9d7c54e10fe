import HarvestCore

/// `harvest wash-check` for people.
enum WashCheckText {
    static func render(_ check: WashSaleCheck, asOf: CivilDate, rule: WashSaleRule, jurisdiction: Jurisdiction) -> String {
        guard !check.entries.isEmpty else {
            return "Wash-sale check for \(asOf): no acquisitions in the \(rule.daysBefore) days before and no loss sales in the "
                + "\(rule.daysAfter) days before: a sale or a purchase today triggers nothing.\n"
        }
        var out = "Wash-sale check for \(asOf) (\(jurisdiction.name): \(rule.daysBefore) days before, \(rule.daysAfter) after)\n"
        for entry in check.entries {
            let reach = entry.applies ? "the rule applies" : "the rule does not reach it (advice only)"
            out += "\n\(entry.identity): \(reach)\n"
            if !entry.acquisitions.isEmpty {
                let units = entry.acquisitions.reduce(Quantity.zero) { $0 + ($1.received?.quantity ?? .zero) }
                out += "  A loss sale today would meet \(units) unit(s) acquired in the window:\n"
                for tx in entry.acquisitions {
                    guard let received = tx.received else { continue }
                    out += "    \(tx.date) \(tx.kind.rawValue) \(received.quantity) \(received.asset) in \(tx.wallet) (tx \(tx.id))\n"
                }
                if let last = entry.acquisitions.last {
                    out += "  A loss sale is clear of them from \(last.date.adding(days: rule.daysBefore + 1)).\n"
                }
            }
            if !entry.lossSales.isEmpty {
                out += "  A purchase today would replace these loss sales:\n"
                for (tx, loss) in entry.lossSales {
                    guard let sent = tx.sent else { continue }
                    out += "    \(tx.date) \(tx.kind.rawValue) \(sent.quantity) \(sent.asset) from \(tx.wallet), loss \(TextTable.money(loss)) (tx \(tx.id))\n"
                }
                if let date = entry.buyBackFrom { out += "  Do not buy back before \(date).\n" }
            }
        }
        return out
    }
}
