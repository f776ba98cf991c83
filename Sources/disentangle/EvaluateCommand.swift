import ArgumentParser
import Disentangle
import Foundation

/// `disentangle evaluate`: every metric on a trained run's model and its ground-truth dataset, into RUN/metrics.json.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Compute disentanglement metrics of a trained run on its dataset; writes RUN/metrics.json.",
        discussion: """
            The metrics on codes score the posterior means of --samples observations with uniformly drawn factors \
            (the first ceil(samples * train-fraction) train, the rest test). beta_vae (Z-diff) and factor_vae \
            (Z-min variance) sample their own interventions through the dataset and the model, with \
            disentanglement_lib's counts unless --intervention-train/--intervention-eval are given. All draws come \
            from --seed. Prints the headline values.
            """)

    @Option(name: .customLong("run"), help: "A run directory written by `disentangle train`.")
    var runDirectory: String

    @Option(help: "Comma-separated metrics, or all: \(RunEvaluation.metricNames.joined(separator: ",")).")
    var metrics: String = "all"

    @Option(help: "Sampled observations for the metrics on codes.")
    var samples: Int = 10_000

    @Option(help: "Seed of every random draw.")
    var seed: UInt64 = 0

    @Option(help: "Fraction of the samples that trains the metrics with a split.")
    var trainFraction: Double = 0.8

    @Option(help: "Training points (beta_vae) and votes (factor_vae) of the intervention scores (default 10000).")
    var interventionTrain: Int?

    @Option(help: "Evaluation points and votes of the intervention scores (default 5000).")
    var interventionEval: Int?

    @Option(help: "Bootstrap replicates for intervals of the metrics on codes (0: none).")
    var bootstrap: Int = 0

    func run() throws {
        var options = RunEvaluation.Options(
            metrics: metrics.split(separator: ",").map(String.init), samples: samples, seed: seed,
            trainFraction: trainFraction)
        if let interventionTrain {
            options.betaVAE.trainCount = interventionTrain
            options.factorVAE.trainCount = interventionTrain
        }
        if let interventionEval {
            options.betaVAE.evalCount = interventionEval
            options.factorVAE.evalCount = interventionEval
        }
        if bootstrap > 0 { options.suite.bootstrap = Bootstrap.Options(replicates: bootstrap, seed: seed) }
        let run = RunDirectory(path: runDirectory)
        let result = try RunEvaluation.evaluate(run, options: options) { print($0) }
        for (name, value) in result.scalars.sorted(by: { $0.key < $1.key }) {
            print("\(name) \(String(format: "%.6f", value))")
        }
        print("wrote \(run.metricsFile.path)")
    }
}
