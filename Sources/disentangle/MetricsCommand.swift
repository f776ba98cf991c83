import ArgumentParser
import Disentangle
import Foundation

/// `disentangle metrics`: every standard disentanglement metric on a user's codes and factors, as one JSON object.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Compute disentanglement metrics on latent codes and ground-truth factors.",
        discussion: """
            Codes: N x D .npy (float32 or float64). Factors: N x K .npy of any integer type. With --train-fraction f \
            the first ceil(N * f) rows train and the rest test (disentanglement_lib's rule) for DCI, SAP, modularity \
            and explicitness; MIG, IRS and the unsupervised scores use all rows. Prints one JSON object.
            """)

    @Option(help: "Latent codes, N x D .npy.")
    var codes: String

    @Option(help: "Ground-truth factors, N x K integer .npy.")
    var factors: String

    @Option(help: "Comma-separated metrics: \(MetricName.allCases.map(\.rawValue).joined(separator: ",")).")
    var metrics: String = MetricName.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Fraction of rows used for training by the metrics with a train/test split.")
    var trainFraction: Double = 0.8

    @Option(help: "Bootstrap replicates for confidence intervals (0: none).")
    var bootstrap: Int = 0

    @Option(help: "Seed of the bootstrap resampling.")
    var seed: UInt64 = 0

    @Flag(help: "Pretty-print the JSON.")
    var pretty = false

    func run() throws {
        let codeArray = try NumPyArray(contentsOf: URL(fileURLWithPath: codes))
        let factorArray = try NumPyArray(contentsOf: URL(fileURLWithPath: factors))
        guard codeArray.dtype.isFloatingPoint, codeArray.shape.count == 2 else {
            throw ValidationError("\(codes) must hold an N x D float32 or float64 array, got \(codeArray.dtype.rawValue) \(codeArray.shape)")
        }
        guard !factorArray.dtype.isFloatingPoint, factorArray.shape.count == 2 else {
            throw ValidationError("\(factors) must hold an N x K integer array, got \(factorArray.dtype.rawValue) \(factorArray.shape)")
        }
        guard codeArray.shape[0] == factorArray.shape[0] else {
            throw ValidationError("\(codes) has \(codeArray.shape[0]) rows but \(factors) has \(factorArray.shape[0])")
        }
        let codeMatrix = try CodeMatrix(rowCount: codeArray.shape[0], columnCount: codeArray.shape[1], values: codeArray.doubles())
        let factorMatrix = try FactorMatrix(
            rowCount: factorArray.shape[0], columnCount: factorArray.shape[1], values: try factorArray.integers())
        let names = metrics.split(separator: ",").map(String.init)
        var options = MetricSuiteOptions()
        if bootstrap > 0 { options.bootstrap = Bootstrap.Options(replicates: bootstrap, seed: seed) }
        let report = try MetricSuite.evaluate(
            codes: codeMatrix, factors: factorMatrix, metricNames: names, trainFraction: trainFraction, options: options)
        print(try report.jsonString(prettyPrinted: pretty))
    }
}
