import ArgumentParser
import Disentangle
import Foundation

/// `metrics-on-codes`: every codes-and-factors disentanglement metric on a user's own `.npy` files.
@main
struct MetricsOnCodes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics-on-codes",
        abstract: "Compute disentanglement metrics on codes.npy (N x D) and factors.npy (N x K) and print one JSON object.",
        discussion: """
            Codes may be any float or integer dtype; factors must hold whole numbers (class labels, one column per \
            ground-truth factor). Row i of the codes must belong to row i of the factors. Metrics with a train/test \
            split (DCI, SAP, modularity, explicitness) train on the first ceil(N * train-fraction) rows, as \
            disentanglement_lib does, so shuffle the rows beforehand if they are ordered. The scores that sample \
            from a dataset (BetaVAE, FactorVAE) need a model and a dataset, not fixed codes, and are not computed here.
            """)

    @Argument(help: "The codes: a .npy array of shape N x D.")
    var codes: String

    @Argument(help: "The ground-truth factors: a .npy array of shape N x K.")
    var factors: String

    @Option(help: "Comma-separated metrics (\(MetricRegistry.codeMetrics.map { $0.name }.joined(separator: ", "))); default: all.")
    var metrics: String?

    @Option(help: "The fraction of rows the split metrics train on.")
    var trainFraction = 0.8

    @Option(help: "Bootstrap replicates for confidence intervals of the headline values (0: none).")
    var bootstrap = 0

    @Flag(help: "Indent the JSON.")
    var pretty = false

    func validate() throws {
        guard trainFraction > 0, trainFraction < 1 else {
            throw ValidationError("--train-fraction must lie strictly between 0 and 1, got \(trainFraction)")
        }
        guard bootstrap == 0 || bootstrap >= 2 else { throw ValidationError("--bootstrap needs 0 or at least 2 replicates") }
    }

    func run() throws {
        let names = try MetricRegistry.codeMetrics(named: metrics.map { $0.split(separator: ",").map(String.init) } ?? ["all"])
        let codeMatrix = try CodeMatrix(contentsOfNumPyFile: URL(fileURLWithPath: codes))
        let factorMatrix = try FactorMatrix(contentsOfNumPyFile: URL(fileURLWithPath: factors))
        let options = MetricSuiteOptions(bootstrap: bootstrap > 0 ? Bootstrap.Options(replicates: bootstrap) : nil)
        let report = try MetricSuite.evaluate(
            codes: codeMatrix, factors: factorMatrix, metrics: names, trainFraction: trainFraction, options: options)
        print(try report.jsonString(prettyPrinted: pretty))
    }
}
