import ArgumentParser
import Disentangle
import Foundation

/// `disentangle udr`: unsupervised disentanglement ranking of several trained runs.
struct UDRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udr",
        abstract: "Rank trained runs by unsupervised disentanglement ranking (UDR, Duan et al. 2020).",
        discussion: """
            Every run's model encodes the same --samples observations of their common dataset; each run's UDR is \
            the median of its pairwise scores against the others (disentanglement_lib's udr_sklearn: lasso with \
            alpha 0.1 or Spearman correlation, codes with mean KL at most 0.01 left out). Prints one JSON object.
            """)

    @Option(parsing: .upToNextOption, help: "Two or more run directories trained on the same dataset.")
    var runs: [String]

    @Option(help: "Observations every model encodes (disentanglement_lib: 1000).")
    var samples: Int = 1000

    @Option(help: "Seed of the observations.")
    var seed: UInt64 = 0

    @Option(help: "Association between codes of two models: lasso or spearman.")
    var correlation: String = "lasso"

    @Option(help: "Codes whose mean KL is at most this are left out.")
    var klThreshold: Double = 0.01

    @Option(help: "Also write the JSON to this file.")
    var out: String?

    func run() throws {
        guard let kind = UDR.Correlation(rawValue: correlation) else {
            throw ValidationError("unknown --correlation \(correlation); expected lasso or spearman")
        }
        let options = RunUDR.Options(samples: samples, seed: seed, udr: UDR.Options(correlation: kind, klThreshold: klThreshold))
        let result = try RunUDR.evaluate(runs.map { RunDirectory(path: $0) }, options: options) { print($0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(result)
        if let out { try AtomicFile.write(data, to: URL(fileURLWithPath: out)) }
        print(String(decoding: data, as: UTF8.self))
    }
}
