// swift-tools-version:6.1
import PackageDescription

/// libFuzzer harnesses for every parser of user files in swift-disentangle. Kept out of the main package so the
/// library never builds with sanitizer flags; build and run with `Fuzz/run.sh` (see Fuzz/README.md).
let package = Package(
    name: "DisentangleFuzz",
    dependencies: [.package(name: "swift-disentangle", path: "..")],
    targets: [
        .executableTarget(
            name: "DisentangleFuzz",
            dependencies: [
                .product(name: "DisentangleTensor", package: "swift-disentangle"),
                .product(name: "DisentangleNN", package: "swift-disentangle"),
                .product(name: "DisentangleDatasets", package: "swift-disentangle"),
                .product(name: "DisentangleRuns", package: "swift-disentangle"),
                .product(name: "DisentangleHDF5", package: "swift-disentangle"),
                .product(name: "DisentangleStudies", package: "swift-disentangle"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ],
    swiftLanguageModes: [.v6]
)
