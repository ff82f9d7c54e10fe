// swift-tools-version: 6.2
import PackageDescription

// Every target gets the same strictness (see ../shared/STYLE.md, A1).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Harvest",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "HarvestCore", targets: ["HarvestCore"]),
        .library(name: "HarvestImport", targets: ["HarvestImport"]),
        .library(name: "HarvestReports", targets: ["HarvestReports"]),
        .library(name: "HarvestStore", targets: ["HarvestStore"]),
        .executable(name: "harvest", targets: ["harvest"]),
    ],
    dependencies: [
        // The CLI: subcommands, option parsing, exit code 64 for usage errors.
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // SQLite, the embedded default store (DESIGN.md): migrations, transactions, prepared statements.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // XLSX: a spreadsheet is a zip of XML parts; this opens the archive and inflates its entries (zlib).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // `harvest prices fetch`: HTTPS requests to public market-data APIs (async, with deadlines), on SwiftNIO.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // SwiftNIO itself: the byte buffers of async-http-client's bodies, Hummingbird's transport (NIOCore's Channel tells
        // the port bound; tests ask for port 0), and in tests the local HTTP server that serves the providers' recorded
        // responses (no test reaches the internet).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Tests only: property-based tests with shrinking and replayable seeds (Swift Testing).
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // Tests only: an independent arbitrary-precision reference for the fixed-point decimal.
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
        // `harvest serve`: the local dashboard and JSON API (issue 18). Hummingbird 2 is a small HTTP server on SwiftNIO
        // (router, middleware, request decoding) without Vapor's ORM and template stack, which Harvest does not need.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // Hummingbird's logger, quietened for a local tool.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The pure domain: no I/O, no clock, no database, no printing.
        .target(name: "HarvestCore", swiftSettings: settings),
        // Text in, domain values out: the Harvest CSV, exchange and explorer exports, price files, synthetic data.
        // The exchange formats are JSON files compiled into the binary (no resource bundle to ship beside it).
        // ZIPFoundation opens XLSX workbooks (zips of XML parts).
        .target(
            name: "HarvestImport", dependencies: ["HarvestCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.embedInCode("Formats")], swiftSettings: settings),
        // Text out: the gains CSV and JSON, each country's return figures (one folder per country), charts as SVG.
        .target(name: "HarvestReports", dependencies: ["HarvestCore"], swiftSettings: settings),
        // Persistence: SQLite via GRDB.
        .target(
            name: "HarvestStore",
            dependencies: [
                "HarvestCore", .product(name: "GRDB", package: "GRDB.swift"),
                // GRDB's own SQLite module: bulk imports bind and step rows through the C API (FastStatement).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: settings),
        // Daily prices from public market-data APIs (CoinGecko, Coinbase, Kraken): the providers' requests and exact
        // reading of their JSON (pure), retries and rate limits, and the AsyncHTTPClient transport.
        .target(
            name: "HarvestFetch",
            dependencies: [
                "HarvestCore", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings),
        // The commands; a library so that tests can drive them.
        .target(
            name: "HarvestCLI",
            dependencies: [
                "HarvestCore", "HarvestImport", "HarvestReports", "HarvestStore", "HarvestServer", "HarvestFetch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings),
        .executableTarget(name: "harvest", dependencies: ["HarvestCLI"], swiftSettings: settings),
        // The dashboard and JSON API on Hummingbird: routes, HTML pages, the OpenAPI document, the token and CSRF checks.
        // It reads its numbers through `DashboardData`, which the CLI implements with the same Workspace and replay the
        // commands use (one number, one code path); `harvest serve` composes the two.
        .target(
            name: "HarvestServer",
            dependencies: [
                "HarvestCore", "HarvestReports", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),

        // Builders and fixtures every test target shares: rows written like Harvest CSV lines, the shared data folder,
        // temporary directories, a year's country figures, XLSX workbooks written from hand-written XML parts (zipped with ZIPFoundation).
        // And a local HTTP server serving recorded responses (SwiftNIO), for the network clients.
        .target(
            name: "HarvestTestSupport",
            dependencies: [
                "HarvestCore", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/HarvestTestSupport", swiftSettings: settings),

        .testTarget(
            name: "HarvestCoreTests",
            dependencies: [
                "HarvestCore", "HarvestTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "BigInt", package: "BigInt"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "HarvestImportTests",
            dependencies: ["HarvestCore", "HarvestImport", "HarvestTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: settings),
        .testTarget(
            name: "HarvestStoreTests",
            // HarvestReports: the import fuzz test takes what it accepts through to the reports.
            dependencies: ["HarvestCore", "HarvestImport", "HarvestReports", "HarvestStore", "HarvestTestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "HarvestReportsTests",
            dependencies: ["HarvestCore", "HarvestReports", "HarvestTestSupport"],
            swiftSettings: settings),
        // The dashboard served for real on 127.0.0.1 (an ephemeral port): pages, API against the CLI's JSON, token, CSRF,
        // and the journeys in headless Chromium where it is installed.
        .testTarget(
            name: "HarvestServerTests",
            dependencies: [
                "HarvestServer", "HarvestCLI", "harvest", "HarvestCore", "HarvestTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings),
        // The price providers against a local HTTP server on 127.0.0.1 serving recorded responses.
        .testTarget(
            name: "HarvestFetchTests",
            dependencies: [
                "HarvestFetch", "HarvestCore", "HarvestTestSupport",
            ],
            swiftSettings: settings),
        // The commands parsed and run in process, and the built `harvest` binary run as a user would.
        .testTarget(
            name: "HarvestCLITests", dependencies: ["HarvestCLI", "harvest", "HarvestCore", "HarvestImport", "HarvestTestSupport"], swiftSettings: settings),
    ]
)
