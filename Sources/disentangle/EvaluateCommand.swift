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
            (the first ceil(samples * train-fraction) train, the rest test). The intervention metrics (beta_vae / \
            Z-diff, factor_vae / Z-min, z_max) sample their own interventions through the dataset and the model, \
            with disentanglement_lib's counts unless --intervention-train/--intervention-eval are given. All draws \
            come from --seed. Prints the headline values.
            """)

    @Option(name: .customLong("run"), help: "A run directory written by `disentangle train`.")
    var runDirectory: String?

    @OptionGroup var metricArguments: MetricArguments

    @Option(help: "Sampled observations for the metrics on codes.")
    var samples: Int = 10_000

    @Option(help: "Seed of every random draw.")
    var seed: UInt64 = 0

    @Option(help: "Fraction of the samples that trains the metrics with a split.")
    var trainFraction: Double = 0.8

    @Option(help: "Training points / votes of every intervention metric (disentanglement_lib: 10000).")
    var interventionTrain: Int?

    @Option(help: "Evaluation points / votes of every intervention metric (disentanglement_lib: 5000).")
    var interventionEval: Int?

    func run() throws {
        if metricArguments.listMetrics {
            print(try MetricArguments.listing())
            return
        }
        guard let runDirectory else { throw ValidationError("--run is required") }
        var suite = try metricArguments.suiteOptions(seed: seed)
        let requested = try MetricRegistry.resolve(metricArguments.names)
        if let interventionTrain { try suite.set("trainCount", to: "\(interventionTrain)", whereverPresentIn: requested) }
        if let interventionEval { try suite.set("evalCount", to: "\(interventionEval)", whereverPresentIn: requested) }
        let options = RunEvaluation.Options(metrics: metricArguments.names, samples: samples, seed: seed,
                                            trainFraction: trainFraction, suite: suite)
        let run = RunDirectory(path: runDirectory)
        let result = try RunEvaluation.evaluate(run, options: options) { print($0) }
        if let measured = result.evaluation {
            print(String(format: "reconstruction %.6f nats, KL %.6f nats", measured.reconstruction, measured.kl))
        }
        for (name, value) in result.scalars.sorted(by: { $0.key < $1.key }) {
            print("\(name) \(String(format: "%.6f", value))")
        }
        print("wrote \(run.metricsFile.path)")
    }
}
