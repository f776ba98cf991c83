// swift-tools-version:6.1
import PackageDescription

/// swift-disentangle: variational autoencoders and disentanglement metrics on the CPU.
///
/// Dependency direction is one-way: Tensor <- NN <- Models; Datasets, Metrics and Plots depend on Tensor only; HDF5 (Shapes3D
/// through Debian's libhdf5) adds to Datasets, so only its users need libhdf5; Runs (run directories:
/// configuration, training, trained models) reads all of them; Studies (sweeps of runs) reads Runs; the umbrella
/// module, the CLI, the examples and the benchmarks depend on everything.
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
        .library(name: "DisentangleHDF5", targets: ["DisentangleHDF5"]),
        .library(name: "DisentangleRuns", targets: ["DisentangleRuns"]),
        .library(name: "DisentangleStudies", targets: ["DisentangleStudies"]),
        .executable(name: "disentangle", targets: ["disentangle"]),
        .executable(name: "benchmarks", targets: ["benchmarks"]),
        .executable(name: "sbd-vs-deconv", targets: ["SBDvsDeconv"]),
        .executable(name: "beta-vae-dsprites", targets: ["BetaVAEDSprites"]),
        .executable(name: "metrics-on-codes", targets: ["MetricsOnCodes"]),
        .executable(name: "mnist-latent-map", targets: ["MNISTLatentMap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
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
        .systemLibrary(
            name: "CHDF5",
            path: "Sources/CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .target(name: "CDisentangleKernels"),
        .target(name: "DisentangleTensor", dependencies: ["COpenBLAS", "CDisentangleKernels"]),
        .target(name: "DisentangleNN", dependencies: ["DisentangleTensor", "CDisentangleKernels"]),
        .target(name: "DisentangleModels", dependencies: ["DisentangleNN", "DisentangleTensor"]),
        .target(name: "DisentangleDatasets", dependencies: ["DisentangleTensor", "CZlib"]),
        .target(name: "DisentangleHDF5", dependencies: ["DisentangleDatasets", "CHDF5"]),
        .target(name: "DisentangleMetrics", dependencies: ["DisentangleTensor"]),
        .target(name: "DisentanglePlots", dependencies: ["DisentangleTensor", "CZlib"]),
        .target(
            name: "DisentangleRuns",
            dependencies: [
                "DisentangleTensor", "DisentangleNN", "DisentangleModels", "DisentangleDatasets", "DisentangleHDF5",
                "DisentangleMetrics", "DisentanglePlots",
            ]
        ),
        .target(
            name: "DisentangleStudies",
            dependencies: [
                "DisentangleTensor", "DisentangleNN", "DisentangleModels", "DisentangleDatasets", "DisentangleMetrics",
                "DisentanglePlots", "DisentangleRuns", .product(name: "Yams", package: "Yams"),
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
                "DisentangleDatasets", "DisentangleHDF5", "DisentangleMetrics", "DisentanglePlots", "DisentangleRuns",
                "DisentangleStudies",
            ]
        ),
        .executableTarget(
            name: "disentangle",
            dependencies: ["Disentangle", "DisentangleArguments", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "benchmarks", dependencies: ["Disentangle"], path: "Benchmarks/benchmarks"),
        .executableTarget(
            name: "SBDvsDeconv",
            dependencies: ["Disentangle", "DisentangleArguments", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/SBDvsDeconv"
        ),
        .executableTarget(
            name: "BetaVAEDSprites",
            dependencies: ["Disentangle", "DisentangleArguments", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/BetaVAEDSprites"
        ),
        .executableTarget(
            name: "MetricsOnCodes",
            dependencies: ["Disentangle", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/MetricsOnCodes"
        ),
        .executableTarget(
            name: "MNISTLatentMap",
            dependencies: ["Disentangle", "DisentangleArguments", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/MNISTLatentMap"
        ),
        .target(
            name: "DisentangleTestSupport", dependencies: ["DisentangleTensor"], path: "Tests/DisentangleTestSupport",
            resources: [.copy("Fixtures")]),
        .testTarget(name: "DisentangleTensorTests", dependencies: ["DisentangleTensor", "DisentangleTestSupport"]),
        .testTarget(name: "DisentangleNNTests", dependencies: ["DisentangleNN", "DisentangleTestSupport"]),
        .testTarget(
            name: "DisentangleModelsTests", dependencies: ["DisentangleModels", "DisentangleTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DisentangleDatasetsTests", dependencies: ["DisentangleDatasets", "DisentangleTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "DisentangleHDF5Tests", dependencies: ["DisentangleHDF5"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DisentangleMetricsTests", dependencies: ["DisentangleMetrics", "DisentangleTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DisentanglePlotsTests", dependencies: ["DisentanglePlots"], exclude: ["Fixtures"]),
        .testTarget(name: "DisentangleStudiesTests", dependencies: ["DisentangleStudies"]),
        .testTarget(name: "DisentangleRunsTests", dependencies: ["DisentangleRuns", "DisentangleModels"]),
        .testTarget(
            name: "ExamplesTests",
            dependencies: [
                "DisentangleTensor", "DisentangleRuns", "SBDvsDeconv", "BetaVAEDSprites", "MetricsOnCodes", "MNISTLatentMap",
                "disentangle",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
