/// What a crypto-for-crypto swap's received units cost, when the row values its two sides differently (the Harvest CSV's
/// `value` for what was sent, `received_value` for what was received). Everywhere the proceeds of what was sent are the
/// value of what was received; the countries differ on the cost of what was received.
public enum SwapCost: String, Sendable, Hashable, Codable {
    /// The value of what was received (US: "your basis in that property is its fair market value at the time of the
    /// exchange", IRS virtual currency FAQs 17–18; Treas. Reg. §1.1001-1(a) for the amount realized).
    case valueReceived
    /// The value of what was given for it (UK: TCGA s.38(1)(a), HMRC CRYPTO22257's swap of token H worth £1,700 for token
    /// G worth £1,920; Australia: ITAA 1997 s.110-25(2), the market value of property given; Germany: §6(6) EStG, the
    /// gemeiner Wert of what was given in a Tausch; Canada: the cost is the consideration given).
    case valueGiven
}

/// How the units of a gift received (`gift_in`) get their basis and holding period.
public enum GiftBasis: String, Sendable, Hashable, Codable {
    /// The donor's basis (the row's `value`) and holding period (`donor_acquired`) carry over (IRC §1015(a), §1223(2));
    /// when the fair value at the time of the gift (`received_value`) is below the donor's basis, it is the basis for a
    /// loss, and a sale between the two gives neither gain nor loss (§1015(a); IRS Pub 551, "Property Received as a Gift").
    /// A loss figured from the fair value has its holding period start at the gift (Pub 544, "Holding Period").
    case carryOverWithLossLimit
    /// The donor's cost and acquisition date carry over, without a limit on losses (Germany: §23(1) sentence 3 EStG,
    /// the gift's recipient is treated as having acquired when the donor did, at the donor's cost).
    case carryOver
    /// Acquired at market value on the day of the gift (UK: TCGA s.17(1)(a); Canada: ITA s.69(1)(c); Australia: ITAA
    /// 1997 s.112-20, the market value substitution rule): `received_value`, else the row's `value`, else the day's close.
    case marketValue
}
