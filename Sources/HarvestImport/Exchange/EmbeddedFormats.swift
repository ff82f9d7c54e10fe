/// The built-in format files, compiled into the binary (Package.swift: `.embedInCode("Formats")`), so that
/// `harvest` needs no resource bundle beside it. Add a line here with each new file in `Formats/`;
/// `FormatFilesTests` checks that every file is listed.
enum EmbeddedFormats {
    static let files: [(name: String, bytes: [UInt8])] = [
        ("bitmex.json", PackageResources.bitmex_json),
        ("bittytax.json", PackageResources.bittytax_json),
        ("coinbase.json", PackageResources.coinbase_json),
        ("coinledger.json", PackageResources.coinledger_json),
        ("coinmama.json", PackageResources.coinmama_json),
        ("cointracker.json", PackageResources.cointracker_json),
        ("cointracking.json", PackageResources.cointracking_json),
        ("etherscan-erc20.json", PackageResources.etherscan_erc20_json),
        ("etherscan-internal.json", PackageResources.etherscan_internal_json),
        ("etherscan.json", PackageResources.etherscan_json),
        ("exodus.json", PackageResources.exodus_json),
        ("koinly.json", PackageResources.koinly_json),
        ("kraken.json", PackageResources.kraken_json),
        ("ledger-live.json", PackageResources.ledger_live_json),
        ("pionex-transfers.json", PackageResources.pionex_transfers_json),
        ("rotki-events.json", PackageResources.rotki_events_json),
        ("rotki-trades.json", PackageResources.rotki_trades_json),
        ("trezor-suite-v2.json", PackageResources.trezor_suite_v2_json),
        ("trezor-suite.json", PackageResources.trezor_suite_json),
    ]
}
