import Foundation

/// How one exchange's or wallet's export maps to transactions: a small JSON file per format in
/// `Sources/HarvestImport/Formats/` (or a user's own file, `harvest import --mapping FILE`).
/// The interpreter (`ExchangeImporter`) is the one mechanism; a format is data, not a code branch.
///
/// A row becomes an *event*: a time, an action (from the `type` table), and legs (quantities of assets
/// that come in or go out, and fees). Rows of one trade can be combined (`group`); the legs of an event
/// then decide the transaction: fiat out and crypto in is a buy, crypto for crypto a trade, one crypto
/// leg in alone a deposit, and so on.
///
/// Column names are compared normalized: lower-cased with everything but letters and digits removed, so
/// `Timestamp (UTC)`, `Timestamp..UTC.` and `timestamp_utc` are the same column.
public struct FormatSpec: Sendable, Decodable {
    /// The `--format` name and the dedupe source: `coinbase`, `kraken`, ...
    public var name: String
    /// What it is, for listings: "Coinbase transaction history (2023 layout)".
    public var title: String
    /// Columns that must all be present: what recognizes the file. A file may have lines before its header
    /// (Coinbase's preamble); the first line holding all of these is the header. `A|B` is either name (Binance's `UTC_Time`
    /// and, in its current layout, `Time`).
    public var header: [String]
    /// Columns whose presence rules this format out (tells apart layouts that share columns).
    public var absent: [String]?
    /// A format recognized only to be refused, with the reason (e.g. derivatives ledgers).
    public var unsupported: String?
    /// The field separator: `,` by default.
    public var separator: String?
    /// `,` for exports that write decimal commas; `.` by default (a `,` is then a thousands separator); `either` for exports
    /// that write no thousands separators and the decimal sign the user chose (Eternl), so that `1,5` and `1.5` are both 1.5.
    public var decimal: String?
    /// Columns whose values, joined, identify a row (the exchange's transaction id). Rows without one are
    /// identified by a hash of their content.
    public var id: [String]?
    public var time: TimeSpec
    public var type: TypeSpec
    public var status: StatusSpec?
    /// Further status columns, each checked as `status` is: a row is imported only when every one accepts it (Bittrex's
    /// withdrawals mark a cancelled, an unpaid and a failed withdrawal in three columns).
    public var statuses: [StatusSpec]?
    public var legs: [LegSpec]
    /// The fiat value the exchange gives a row, used when its currency is the base currency.
    public var value: ValueSpec?
    /// Rows whose action says `combine`, with equal values in these columns, form one event.
    public var group: [String]?
    /// For exports that give the rows of one trade no shared id, only times a few milliseconds apart
    /// (CoinSmart's ledger): rows to combine join the last event of their `group` key only when within this
    /// many seconds of its first row, else they start a new event. Such events are identified by content.
    public var groupWindow: Double?
    /// For exports whose rows of one trade may be written a moment apart although grouped by time (Binance's statement
    /// writes what a trade spent at 10:00:00 and what it bought at 10:00:01): an event of combining rows that moves only
    /// one side (out alone, or in alone) joins the earliest following one that moves only the other side, within this
    /// many seconds.
    public var pairWithin: Double?
    /// The symbols the exchange uses for assets, mapped to ours: `XXBT` → `BTC`, `EURX` → `EUR`.
    public var aliases: [String: String]?
    /// Quote assets that split a trading pair written without a separator (Kraken's `XXBTZEUR`, Binance's
    /// `BTCUSDT`), for legs with `pair`: the longest one that ends the pair and leaves a base before it.
    public var pairQuotes: [String]?
    /// Suffixes that mark the same asset in another account of the exchange (`ETH.S`, `USDC.M`): stripped.
    public var stripSuffixes: [String]?
    /// For address exports (block explorers): the columns naming sender and receiver. The wallet's own
    /// address is `--address`, else the one address present in every row.
    public var owner: OwnerSpec?
    /// For block explorers: the column holding the on-chain transaction's hash (`Txhash`). Rows of one hash across an
    /// address's exports are one event, joined when the history is replayed (`OnChainDecoder`).
    public var chainTx: String?
    /// For block explorers of chains other than Ethereum mainnet: the chain's name, which the wallet's name carries
    /// after the address (`0xabc…@arbitrum`), so that one address on two chains is two wallets. Absent: the bare
    /// address (Etherscan's exports, as imported before).
    public var chain: String?
    /// `false` for a layout whose header is another format's (Arbiscan's files have Etherscan's columns): used only
    /// when named with `--format`, never picked by its header.
    public var detect: Bool?
    /// For legs whose asset is `file` (only the file's name says which coin): the coins such files are of, each with the
    /// beginnings of its addresses, and the column holding each row's addresses. The name's last word that is one of
    /// these coins is the asset, and every address in the file must be one of that coin's; otherwise the file is refused
    /// (a name like `my-trezor-export.csv` names no coin, and would otherwise read as the asset `MY`).
    public var fileAsset: FileAssetSpec?

    public struct FileAssetSpec: Sendable, Decodable {
        /// The column of each row's addresses (several separated by commas or spaces).
        public var column: String
        /// Coin → how its addresses begin (`"BTC": ["1", "3", "bc1"]`); a beginning of more than one character is compared
        /// ignoring case (bech32 addresses may be written in capitals).
        public var coins: [String: [String]]
    }

    /// Rows whose first cell begins with this text are comments, not rows: passed over without a word (Sparrow ends its
    /// export with `# Historical USD values are taken from daily rates...`).
    public var comment: String?

    /// Columns copied into the transaction's note.
    public var note: [String]?
    /// The wallet name when the user gives none: the format's name by default, `address` for owner formats.
    public var wallet: String?
    /// A column naming each row's wallet (the universal formats' `Wallet`, `Exchange`, `Account Name`): used
    /// when the user gives no wallet and the cell is not empty.
    public var walletColumn: String?
    /// Cell values that mean an empty cell, compared ignoring case: `N/A` where an explorer has no price.
    public var empty: [String]?
    /// Currency signs written before amounts, with the asset each stands for (`{"€": "EUR", "$": "USD"}`):
    /// with `asset: "cell"` (and a value whose currency is `cell`), `€10.00` then names its asset as
    /// `10.00 EUR` does (Revolut writes both). A sign not listed names nothing.
    public var currencySigns: [String: String]?

    public struct TimeSpec: Sendable, Decodable {
        /// The column(s) holding the time; several are joined with a space (a date and a time column).
        public var columns: [String]
        /// Patterns tried in order (see `TimePattern`), or `iso`, `unix` (seconds, a fraction allowed: `1522889881.138`), `unix-ms`.
        public var formats: [String]
        /// The zone of times written without an offset: `UTC` unless given; `header` for the offset the time column's
        /// name states (KuCoin's `Filled Time(UTC+08:00)`, Binance's `Date(UTC+0)`; UTC when it states none).
        public var zone: String?
        /// For `zone: header`: the zone (an IANA name or an offset) of times whose column's name states none, where the
        /// exchange's other layouts of the same export state it (KuCoin's `Filled Time` without `(UTC+08:00)` is Singapore
        /// time, as BittyTax reads it); UTC when absent. A name that says `UTC` without an offset is UTC either way.
        public var unstatedZone: String?
        /// A column holding each row's IANA zone (Bitvavo's `Timezone`).
        public var zoneColumn: String?
        /// Zone abbreviations, each with the zone (an offset or an IANA name) it stands for (`"EST": "-05:00"`): a time that
        /// ends with one (Cash App's `2020-02-16 21:59:29 EST`) is read without it, in its zone; a `zoneColumn` cell that is
        /// one (PayPal's `TimeZone` column, `PST`) names its zone. Keys in capitals; the file's text is compared ignoring case.
        public var zoneNames: [String: String]?
    }

    public struct TypeSpec: Sendable, Decodable {
        /// The column(s) whose non-empty values, joined with `/`, are looked up in `map` (`trade/tradespot`),
        /// then the first column's value alone (`trade`). None: every row is `default`.
        public var columns: [String]?
        /// What each value means. Lookup ignores case and surrounding spaces. A key ending in `*` matches any
        /// value beginning with the text before it (`Sell *`: Bisq's `Sell DASH`, `Sell XMR`), when no key
        /// matches exactly; the longest such key wins.
        public var map: [String: Action]?
        /// The action for a value missing from `map`; without it an unknown value is an error.
        public var `default`: Action?
        /// Without `default`: why a value missing from `map` rejects the file, said once per value with its rows
        /// (Binance's statement: an operation's tax meaning cannot be read from its balance change alone).
        public var unknown: String?
    }

    /// What rows of one type are.
    /// A class: a million rows refer to a few of these, and a reference costs one count where a copy costs one per field.
    public final class Action: Sendable, Decodable {
        /// `buy`, `sell`, `trade` (buy, sell or trade as the legs show), `auto` (anything, as the legs show),
        /// `deposit`, `withdrawal` (transfer candidates), `income`, `spend`, `gift_in`, `gift_out`, `gift`
        /// (`gift_in` or `gift_out` as the legs show: Koinly's one `gift` label), `donation`, `lost`, `fee`,
        /// `internal` (a move inside the account: skipped), `ignore` (skipped), `reject` (an error with `reason`).
        public let kind: String
        /// The income type for `income`: staking, mining, airdrop, interest, reward, other.
        public let income: String?
        /// The direction of `primary` legs (`in` or `out`); `counter` legs go the other way.
        public let side: String?
        /// The legs (by name) this type uses; all unnamed and listed legs when absent.
        public let legs: [String]?
        /// Rows of this type combine with others of the same group key into one event.
        public let combine: Bool?
        /// Why rows of this type are skipped or rejected: shown to the user.
        public let reason: String?
        /// Further events read from the same row, each with its own kind and legs, after this one (Uphold's
        /// `out` row converts and sends in one step: a `trade`, then a `withdrawal` of what the trade
        /// received). Events of such a row whose legs cancel out are dropped without being counted.
        public let then: [Action]?
        /// The action to read the row with instead when a leg of this one read from text (`text` and `pattern`) finds
        /// nothing there (Coinbase's current export leaves `Notes` empty: an Advanced Trade is then read from its subtotal,
        /// a Convert from its two rows).
        public let otherwise: Action?
    }

    public struct StatusSpec: Sendable, Decodable {
        public var column: String
        /// Values of completed rows; `*` accepts any non-empty value not skipped; `prefix*` any value that begins with the
        /// text before the `*`.
        public var accept: [String]
        /// Values of rows to skip (pending, failed, canceled; `""` for an empty cell; `prefix*` any value that begins so):
        /// counted and reported. A value both skipped and accepted by a `*` or a prefix is skipped (Sparrow writes
        /// `Unconfirmed` in its date column: `accept: ["*"], skip: ["Unconfirmed"]`).
        public var skip: [String]?
        /// How skipped rows are described to the user.
        public var reason: String?
        /// When set, rows with any other value are refused with this reason (Kraken's trades: a `margin` other than
        /// zero is a margin trade), instead of being reported as an unknown status.
        public var refuse: String?
        /// When set, the status is the cell's text before the first occurrence of this separator, trimmed
        /// (Nexo writes `approved / Exchange EURX to USD Coin` in its Details column: `" / "`).
        public var before: String?
    }

    /// One quantity of one asset that a row moves.
    /// A class: a million rows refer to a few of these, and a reference costs one count where a copy costs one per field.
    public final class LegSpec: Sendable, Decodable {
        /// Lets type entries choose legs (`Action.legs`).
        public let name: String?
        /// The quantity's column. `{asset}` in the name makes one leg per matching column (Gemini's
        /// `BTC Amount BTC`), the asset taken from the name.
        public let quantity: String?
        /// The asset's column; `=ETH` for a fixed asset; `cell` when the quantity cell ends with the asset
        /// (`1.5 ETH`); `file` when only the file's name says it: the last word of 2 to 5 letters in the name
        /// without its extension, words split at `_`, `-`, `.` and spaces (Trezor Suite's `..._btc.csv`); with the format's
    /// `fileAsset`, the last word that is one of its coins, checked against the row's addresses.
        public let asset: String?
        /// A column giving the asset when the asset cell is not a usable symbol (it has spaces or commas, as
        /// token names like `oETH $500 Call 11/20/20` do): the token's contract address.
        public let assetFallback: String?
        /// The quantity includes the row's fee legs in the same asset (Ledger Live's `OUT` amounts): they
        /// are taken off it.
        public let lessFees: Bool?
        /// The quantity is the net change of the balance, fees in the same asset already applied (Bittrex's and
        /// bitcoin.tax's `Total`: a buy's cost with its fee, a sale's proceeds after it; ShapeShift's output
        /// after the miner fee): an outgoing leg is taken down by the row's fee legs in its asset, an incoming
        /// one taken up by them, so that the leg is the gross quantity and the fee stays a fee.
        public let net: Bool?
        /// The quantity is a total with the row's fees paid within it (Coinbase's notes give an Advanced Trade's total,
        /// `Total (inclusive of fees and/or spread)`): a fee leg in its asset is taken out of it as with `net` (the leg is
        /// then the gross quantity, the fee stays a fee); a fee leg in another asset is the same fee valued in another
        /// currency (Coinbase's fee column is in the price currency, USD, when the trade paid USDC or BTC) and is
        /// dropped, as it is already paid within the total.
        public let feesIncluded: Bool?
        /// `signed` (negative goes out), `opposite` (the other way from its sign: Bitfinex's quote side of a signed
        /// `AMOUNT`), `in`, `out`, `primary`/`counter` (from the action's `side`), or
        /// `owner` (out when the sender is the wallet's address, in when the receiver is).
        public let direction: String
        /// `main` (default) or `fee`.
        public let role: String?
        /// `base` or `quote`: the asset column holds a trading pair (`ETH_CRO`, `XTZ-USDT`, `KCS/BTC`, split
        /// at its `_`, `-` or `/`), and the leg's asset is its first (`base`) or second (`quote`) part.
        public let pair: String?
        /// A column of free text and a pattern reading a quantity and an asset from it:
        /// `Converted * * to {quantity} {asset}` (`*` skips a word).
        public let text: String?
        public let pattern: String?
        /// A column to multiply the quantity by (a price), for exports that give a quantity and a price but no total
        /// (Bitfinex's trades): the product is rounded half-even at 18 decimals.
        public let times: String?
        /// The quantity is a whole number of the asset's smallest unit (Solscan's raw `Amount`: lamports, a token's base
        /// units), 10^-N of the asset: N is this column's value (`Decimals`, 0 to 30), or `=N`. The division is exact.
        public let decimals: String?
        /// With `decimals`: only a quantity written as a whole number (no decimal sign) is in the smallest unit; one written
        /// with a decimal sign is in whole units already (Sparrow writes sats as `15612` and BTC as `0.00015612`, always with
        /// eight decimals, as its display unit is set).
        public let decimalsIfWhole: Bool?
        /// For `owner` formats: the leg counts only when the wallet's address sent the transaction (gas).
        public let onlyIfOwnerSends: Bool?
    }

    public struct ValueSpec: Sendable, Decodable {
        public var amount: String
        /// The currency's column, or `=USD`.
        public var currency: String
    }

    public struct OwnerSpec: Sendable, Decodable {
        public var from: String
        public var to: String
    }

    /// Decodes a format file; the message names what is wrong.
    public static func decode(_ data: Data, file: String) throws(ImportFailure) -> FormatSpec {
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(FormatSpec.self, from: data)
        } catch {
            throw ImportFailure([ImportError(file: file, line: 0, column: "", message: "not a valid format file: \(error)")])
        }
    }
}

/// A column name as compared: lower-cased letters and digits only.
public func normalizedColumnName(_ name: some StringProtocol) -> String { normalizedColumn(name) }

func normalizedColumn(_ name: some StringProtocol) -> String {
    String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
}
