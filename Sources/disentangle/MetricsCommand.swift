import ArgumentParser
import Disentangle
import Foundation

/// `disentangle metrics`: disentanglement metrics on a user's codes and factors, as one JSON object.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Compute disentanglement metrics on latent codes and ground-truth factors.",
        discussion: """
            Codes: N x D .npy of any numeric type. Factors: N x K .npy of class labels (any integer type, or floats \
            holding whole numbers). With --train-fraction f \
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
        let codeMatrix = try CodeMatrix(contentsOfNumPyFile: URL(fileURLWithPath: codes))
        let factorMatrix = try FactorMatrix(contentsOfNumPyFile: URL(fileURLWithPath: factors))
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
