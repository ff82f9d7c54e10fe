// swift-tools-version: 6.1
// Benchmarks live in their own package (ordo-one/benchmark's recommended sub-project layout, STYLE.md A4),
// so their dependencies never reach the main package or its tests. Run: `cd Benchmarks && swift package benchmark`.
import PackageDescription

import struct Foundation.URL

/// SwiftPM names a path dependency after its folder, which is whatever the clone was called.
let harvest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "HarvestBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        // Benchmarks with wall-clock, peak-memory and malloc metrics, run as a SwiftPM plugin.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // Writing the XLSX workbook the import benchmark reads (a zip of XML parts).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .executableTarget(
            name: "HarvestBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HarvestCore", package: harvest),
                .product(name: "HarvestImport", package: harvest),
                .product(name: "HarvestStore", package: harvest),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Benchmarks/HarvestBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
