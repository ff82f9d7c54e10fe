/// The built-in format files, compiled into the binary (Package.swift: `.embedInCode("Formats")`), so that
/// `harvest` needs no resource bundle beside it. Add a line here with each new file in `Formats/`;
/// `FormatFilesTests` checks that every file is listed.
enum EmbeddedFormats {
    static let files: [(name: String, bytes: [UInt8])] = [
        ("binance-auto-invest.json", PackageResources.binance_auto_invest_json),
        ("binance-eth-staking.json", PackageResources.binance_eth_staking_json),
        ("binance-withdrawals.json", PackageResources.binance_withdrawals_json),
        ("binance.json", PackageResources.binance_json),
        ("bitstamp.json", PackageResources.bitstamp_json),
        ("bitvavo.json", PackageResources.bitvavo_json),
        ("blockfi-trades.json", PackageResources.blockfi_trades_json),
        ("blockfi.json", PackageResources.blockfi_json),
        ("coinbase-pro.json", PackageResources.coinbase_pro_json),
        ("coinbase.json", PackageResources.coinbase_json),
        ("crypto-com-exchange.json", PackageResources.crypto_com_exchange_json),
        ("crypto-com.json", PackageResources.crypto_com_json),
        ("gemini.json", PackageResources.gemini_json),
        ("kraken.json", PackageResources.kraken_json),
        ("kucoin-2019.json", PackageResources.kucoin_2019_json),
        ("kucoin.json", PackageResources.kucoin_json),
        ("nexo-2021.json", PackageResources.nexo_2021_json),
        ("nexo.json", PackageResources.nexo_json),
        ("uphold.json", PackageResources.uphold_json),
    ]
}
