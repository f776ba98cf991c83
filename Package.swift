// swift-tools-version:6.1
import PackageDescription

/// swift-disentangle: variational autoencoders and disentanglement metrics on the CPU.
///
/// Dependency direction is one-way: Tensor <- NN <- Models; Datasets, Metrics and Plots depend on Tensor only; Runs
/// (run directories: configuration, training on datasets, trained models) reads all of them; the umbrella module, the CLI, the examples and the benchmarks depend on everything.
let package = Package(
    name: "swift-disentangle",
    products: [
        .library(name: "Disentangle", targets: ["Disentangle"]),
        .library(name: "DisentangleTensor", targets: ["DisentangleTensor"]),
        .library(name: "DisentangleNN", targets: ["DisentangleNN"]),
        .library(name: "DisentangleModels", targets: ["DisentangleModels"]),
        .library(name: "DisentangleDatasets", targets: ["DisentangleDatasets"]),
        .library(name: "DisentangleMetrics", targets: ["DisentangleMetrics"]),
        .library(name: "DisentanglePlots", targets: ["DisentanglePlots"]),
        .library(name: "DisentangleRuns", targets: ["DisentangleRuns"]),
        .executable(name: "disentangle", targets: ["disentangle"]),
        .executable(name: "benchmarks", targets: ["benchmarks"]),
        .executable(name: "sbd-vs-deconv", targets: ["SBDvsDeconv"]),
        .executable(name: "beta-vae-dsprites", targets: ["BetaVAEDSprites"]),
        .executable(name: "metrics-on-codes", targets: ["MetricsOnCodes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            path: "Sources/COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "DisentangleTensor", dependencies: ["COpenBLAS"]),
        .target(name: "DisentangleNN", dependencies: ["DisentangleTensor"]),
        .target(name: "DisentangleModels", dependencies: ["DisentangleNN", "DisentangleTensor"]),
        .target(name: "DisentangleDatasets", dependencies: ["DisentangleTensor", "CZlib"]),
        .target(name: "DisentangleMetrics", dependencies: ["DisentangleTensor"]),
        .target(name: "DisentanglePlots", dependencies: ["DisentangleTensor", "CZlib"]),
        .target(
            name: "DisentangleRuns",
            dependencies: [
                "DisentangleTensor", "DisentangleNN", "DisentangleModels", "DisentangleDatasets", "DisentangleMetrics",
                "DisentanglePlots",
            ]
        ),
        .target(
            name: "DisentangleArguments",
            dependencies: ["DisentangleModels", "DisentangleRuns", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(
            name: "Disentangle",
            dependencies: [
                "DisentangleTensor", "DisentangleNN", "DisentangleModels",
                "DisentangleDatasets", "DisentangleMetrics", "DisentanglePlots", "DisentangleRuns",
            ]
        ),
        .executableTarget(
            name: "disentangle",
            dependencies: ["Disentangle", "DisentangleArguments", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "benchmarks", dependencies: ["Disentangle"], path: "Benchmarks/benchmarks"),
        .executableTarget(
            name: "SBDvsDeconv",
            dependencies: ["Disentangle", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/SBDvsDeconv"
        ),
        .executableTarget(
            name: "BetaVAEDSprites",
            dependencies: ["Disentangle", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/BetaVAEDSprites"
        ),
        .executableTarget(
            name: "MetricsOnCodes",
            dependencies: ["Disentangle", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/MetricsOnCodes"
        ),
        .target(
            name: "DisentangleTestSupport", dependencies: ["DisentangleTensor"], path: "Tests/DisentangleTestSupport",
            resources: [.copy("Fixtures")]),
        .testTarget(name: "DisentangleTensorTests", dependencies: ["DisentangleTensor", "DisentangleTestSupport"]),
        .testTarget(name: "DisentangleNNTests", dependencies: ["DisentangleNN", "DisentangleTestSupport"]),
        .testTarget(
            name: "DisentangleModelsTests", dependencies: ["DisentangleModels", "DisentangleTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DisentangleDatasetsTests", dependencies: ["DisentangleDatasets", "DisentangleTestSupport"]),
        .testTarget(name: "DisentangleMetricsTests", dependencies: ["DisentangleMetrics"], exclude: ["Fixtures"]),
        .testTarget(name: "DisentanglePlotsTests", dependencies: ["DisentanglePlots"]),
        .testTarget(name: "DisentangleRunsTests", dependencies: ["DisentangleRuns", "DisentangleModels"]),
        .testTarget(
            name: "ExamplesTests",
            dependencies: ["DisentangleTensor", "DisentangleRuns", "SBDvsDeconv", "BetaVAEDSprites", "MetricsOnCodes", "disentangle"]),
    ],
    swiftLanguageModes: [.v6]
)
