import ArgumentParser
import Disentangle
import Foundation

/// `disentangle metrics`: disentanglement metrics on a user's codes and factors, as one JSON object.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Compute disentanglement metrics on latent codes and ground-truth factors.",
        discussion: """
            Codes: N x D .npy (float32 or float64). Factors: N x K .npy of any integer type. With --train-fraction f \
            the first ceil(N * f) rows train and the rest test (disentanglement_lib's rule) for the metrics with a \
            split (DCI, SAP, modularity, explicitness); the others use all rows. Every metric's options default to \
            disentanglement_lib's where it has the metric; --list-metrics shows them, --set changes any of them. \
            Prints one JSON object.
            """)

    @Option(help: "Latent codes, N x D .npy.")
    var codes: String?

    @Option(help: "Ground-truth factors, N x K integer .npy.")
    var factors: String?

    @OptionGroup var metricArguments: MetricArguments

    @Option(help: "Fraction of rows used for training by the metrics with a train/test split.")
    var trainFraction: Double = 0.8

    @Option(help: "Seed of the bootstrap resampling.")
    var seed: UInt64 = 0

    @Flag(help: "Pretty-print the JSON.")
    var pretty = false

    func run() throws {
        if metricArguments.listMetrics {
            print(try MetricArguments.listing())
            return
        }
        guard let codes, let factors else { throw ValidationError("--codes and --factors are required") }
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
        let interventions = MetricRegistry.interventionMetrics.map { $0.name }
        if let intervention = metricArguments.names.first(where: { interventions.contains($0.lowercased()) }) {
            throw ValidationError("\(intervention) intervenes on the factors through a model: compute it with `disentangle evaluate --run RUN`")
        }
        let report = try MetricSuite.evaluate(
            codes: codeMatrix, factors: factorMatrix, metrics: MetricRegistry.codeMetrics(named: metricArguments.names),
            trainFraction: trainFraction, options: metricArguments.suiteOptions(seed: seed))
        print(try report.jsonString(prettyPrinted: pretty))
    }
}
