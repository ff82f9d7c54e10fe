/// The built-in format files, compiled into the binary (Package.swift: `.embedInCode("Formats")`), so that
/// `harvest` needs no resource bundle beside it. Add a line here with each new file in `Formats/`;
/// `FormatFilesTests` checks that every file is listed.
enum EmbeddedFormats {
    static let files: [(name: String, bytes: [UInt8])] = [
        ("coinbase.json", PackageResources.coinbase_json),
        ("kraken.json", PackageResources.kraken_json),
    ]
}
