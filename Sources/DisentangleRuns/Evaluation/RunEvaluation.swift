import DisentangleDatasets
import DisentangleMetrics
import DisentangleTensor
import Foundation

/// Evaluates a trained run: every requested metric on the run's model and its ground-truth dataset, written to
/// `RUN/metrics.json`.
///
/// The metrics on codes (`MetricName`) score the posterior means of `samples` observations whose factors are
/// drawn uniformly from the dataset's grid; the first `ceil(samples * trainFraction)` train and the rest test.
/// The intervention-based scores (`beta_vae`, `factor_vae`) draw their own factor batches and encode their
/// observations through the model. Every random draw comes from `seed`: the codes' sample, each intervention
/// score and the observations' nuisance variation have their own streams split from it, so choosing a subset of
/// metrics does not change the values of the others.
public enum RunEvaluation {
    /// The names of the intervention-based scores evaluation adds to `MetricName`'s metrics on codes.
    public static let interventionMetricNames = ["beta_vae", "factor_vae"]

    /// Every metric name evaluation accepts, in report order.
    public static var metricNames: [String] { MetricName.allCases.map(\.rawValue) + interventionMetricNames }

    /// What to compute and how.
    public struct Options: Sendable, Equatable, Codable {
        /// Metric names: `MetricName` raw values and ``RunEvaluation/interventionMetricNames`` (default: all).
        public var metrics: [String]
        /// The number of sampled observations the metrics on codes score (10,000, disentanglement_lib's `num_train`).
        public var samples: Int
        /// The seed of every random draw.
        public var seed: UInt64
        /// The share of the samples that trains the metrics with a split (DCI, SAP, modularity, explicitness).
        public var trainFraction: Double
        /// The options of the metrics on codes, including bootstrap intervals.
        public var suite: MetricSuiteOptions
        /// The BetaVAE score's options (disentanglement_lib's defaults).
        public var betaVAE: BetaVAEScore.Options
        /// The FactorVAE score's options (disentanglement_lib's defaults).
        public var factorVAE: FactorVAEScore.Options
        /// Observations encoded per batch.
        public var batchSize: Int

        /// Creates options; the defaults are disentanglement_lib's.
        public init(metrics: [String] = RunEvaluation.metricNames, samples: Int = 10_000, seed: UInt64 = 0,
                    trainFraction: Double = 0.8, suite: MetricSuiteOptions = MetricSuiteOptions(),
                    betaVAE: BetaVAEScore.Options = BetaVAEScore.Options(),
                    factorVAE: FactorVAEScore.Options = FactorVAEScore.Options(), batchSize: Int = 256) {
            self.metrics = metrics
            self.samples = samples
            self.seed = seed
            self.trainFraction = trainFraction
            self.suite = suite
            self.betaVAE = betaVAE
            self.factorVAE = factorVAE
            self.batchSize = batchSize
        }

        enum CodingKeys: String, CodingKey {
            case metrics, samples, seed, suite
            case trainFraction = "train_fraction"
            case betaVAE = "beta_vae"
            case factorVAE = "factor_vae"
            case batchSize = "batch_size"
        }
    }

    /// Evaluates the latest checkpoint of `run` on its dataset and writes `run.metricsFile` atomically.
    ///
    /// - Parameters:
    ///   - run: a trained run directory.
    ///   - options: metrics, sample counts, seed and the metrics' own options.
    ///   - message: receives one line per stage (what is being computed).
    /// - Throws: ``RunError`` for an unreadable run, unknown metric names or bad counts; `MetricError` from a
    ///   metric (e.g. a factor that is constant in the sample).
    @discardableResult
    public static func evaluate(_ run: RunDirectory, options: Options = Options(),
                                message: (String) -> Void = { _ in }) throws -> RunMetrics {
        let trained = try run.trainedModel()
        let dataset = try trained.dataset()
        let result = try evaluate(encoder: EncodedObservations(
            dataset: dataset, vae: trained.vae, batchSize: options.batchSize, nuisanceSeed: 0),
                                  step: trained.step, datasetName: trained.configuration.dataset, options: options,
                                  message: message)
        try result.save(to: run.metricsFile)
        return result
    }

    /// Evaluates a model on a dataset (the representation `encoder` gives) without touching any file.
    ///
    /// `encoder`'s nuisance generator is replaced by one split from `options.seed`.
    public static func evaluate(encoder: EncodedObservations, step: Int, datasetName: String, options: Options,
                                message: (String) -> Void = { _ in }) throws -> RunMetrics {
        let requested = try parse(options.metrics)
        guard options.samples >= 2 else { throw RunError("evaluation needs at least 2 samples, got \(options.samples)") }
        var master = RandomGenerator(seed: options.seed)
        var sampleGenerator = master.split()
        var betaGenerator = master.split()
        var factorGenerator = master.split()
        var encoder = encoder
        encoder.nuisance = master.split()
        let dataset = encoder.dataset

        let onCodes = MetricName.allCases.filter { requested.contains($0.rawValue) }
        var report = MetricReport()
        if !onCodes.isEmpty {
            message("encoding \(options.samples) sampled observations of \(datasetName)")
            let classes = dataset.sampleFactors(count: options.samples, using: &sampleGenerator)
            let codes = try encoder.codes(for: classes)
            let factors = try FactorMatrix(rowCount: classes.count, columnCount: classes.factorCount, values: classes.classes)
            message("computing \(onCodes.map(\.rawValue).joined(separator: ", "))")
            report = try MetricSuite.evaluate(codes: codes, factors: factors, metrics: onCodes,
                                              trainFraction: options.trainFraction, options: options.suite)
        }
        var scalars = report.scalars
        var betaVAE: BetaVAEScore.Result?
        if requested.contains("beta_vae") {
            message("computing beta_vae (\(options.betaVAE.trainCount) + \(options.betaVAE.evalCount) points of 2 x \(options.betaVAE.batchSize) observations)")
            let result = try BetaVAEScore.evaluate(factorSizes: dataset.factorSizes, options: options.betaVAE,
                                                   generator: &betaGenerator) { try encoder.codes(for: $0) }
            scalars["beta_vae.train_accuracy"] = result.trainAccuracy
            scalars["beta_vae.eval_accuracy"] = result.evalAccuracy
            betaVAE = result
        }
        var factorVAE: FactorVAEScore.Result?
        if requested.contains("factor_vae") {
            message("computing factor_vae (\(options.factorVAE.trainCount) + \(options.factorVAE.evalCount) votes of \(options.factorVAE.batchSize) observations)")
            let result = try FactorVAEScore.evaluate(factorSizes: dataset.factorSizes, options: options.factorVAE,
                                                     generator: &factorGenerator) { try encoder.codes(for: $0) }
            scalars["factor_vae.train_accuracy"] = result.trainAccuracy
            scalars["factor_vae.eval_accuracy"] = result.evalAccuracy
            factorVAE = result
        }
        return RunMetrics(step: step, dataset: datasetName, options: options, scalars: scalars, report: report,
                          betaVAE: betaVAE, factorVAE: factorVAE)
    }

    /// The requested names, lower-cased, checked against ``metricNames``.
    private static func parse(_ names: [String]) throws -> Set<String> {
        let known = metricNames
        var result = Set<String>()
        for name in names {
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            if trimmed == "all" { result.formUnion(known); continue }
            guard known.contains(trimmed) else {
                throw RunError("unknown metric '\(name)'; known metrics: \(known.joined(separator: ", ")), all")
            }
            result.insert(trimmed)
        }
        guard !result.isEmpty else { throw RunError("no metric requested; known metrics: \(known.joined(separator: ", "))") }
        return result
    }
}
