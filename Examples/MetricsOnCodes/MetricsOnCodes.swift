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
        let codeArray = try matrix(codes, role: "codes")
        let factorArray = try matrix(factors, role: "factors")
        guard codeArray.shape[0] == factorArray.shape[0] else {
            throw InputError("\(codes) has \(codeArray.shape[0]) rows of codes but \(factors) has \(factorArray.shape[0]) "
                + "rows of factors; row i of both must describe the same observation")
        }
        let codeMatrix = try CodeMatrix(rowCount: codeArray.shape[0], columnCount: codeArray.shape[1], values: codeArray.doubles())
        let factorValues: [Int]
        if !factorArray.dtype.isFloatingPoint {
            factorValues = try factorArray.integers()
        } else {
            factorValues = try factorArray.doubles().enumerated().map { index, value in
                guard value.isFinite, value.rounded() == value, abs(value) < 0x1p53 else {
                    throw InputError(
                        "\(factors): factors must be whole numbers (class labels); row \(index / factorArray.shape[1]), "
                            + "column \(index % factorArray.shape[1]) holds \(value)")
                }
                return Int(value)
            }
        }
        let factorMatrix = try FactorMatrix(rowCount: factorArray.shape[0], columnCount: factorArray.shape[1], values: factorValues)
        let options = MetricSuiteOptions(bootstrap: bootstrap > 0 ? Bootstrap.Options(replicates: bootstrap) : nil)
        let report = try MetricSuite.evaluate(
            codes: codeMatrix, factors: factorMatrix, metrics: names, trainFraction: trainFraction, options: options)
        print(try report.jsonString(prettyPrinted: pretty))
    }

    /// Reads a rank-2 `.npy` array, with errors naming the file and its role.
    private func matrix(_ path: String, role: String) throws -> NumPyArray {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError("\(role) file \(path) does not exist") }
        let array = try NumPyArray(contentsOf: URL(fileURLWithPath: path))
        guard array.shape.count == 2, array.shape[0] > 0, array.shape[1] > 0 else {
            throw InputError("\(path): \(role) must be a non-empty 2-D array (rows x columns), got shape \(array.shape)")
        }
        return array
    }
}

/// A problem with the input files, reported without the usage text.
struct InputError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
