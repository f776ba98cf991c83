import DisentangleDatasets
import DisentangleMetrics
import DisentangleModels
import DisentangleTensor
import Foundation

/// Evaluates a trained run: every requested metric on the run's model and its ground-truth dataset, written to
/// `RUN/metrics.json`.
///
/// The metrics on codes (`MetricRegistry.codeMetrics`) score the posterior means of `samples` observations whose
/// factors are drawn uniformly from the dataset's grid (or from a region of it); the first
/// `ceil(samples * trainFraction)` train and the rest test. The model's reconstruction NLL and KL are measured on
/// the same observations. The intervention metrics (`MetricRegistry.interventionMetrics`: BetaVAE / Z-diff, FactorVAE / Z-min,
/// Z-max) draw their own factor batches and encode their observations through the model. Every random draw comes
/// from `seed`: the codes' sample, each intervention metric and the observations' nuisance variation have their
/// own streams split from it in registry order, so choosing a subset of metrics does not change the values of the
/// others.
public enum RunEvaluation {
    /// Every metric name evaluation accepts, in report order.
    public static var metricNames: [String] { MetricRegistry.names }

    /// What to compute and how.
    public struct Options: Sendable, Equatable, Codable {
        /// Metric names from `MetricRegistry`, or `all` (the default).
        public var metrics: [String]
        /// The number of sampled observations the metrics on codes score (10,000, disentanglement_lib's `num_train`).
        public var samples: Int
        /// The seed of every random draw.
        public var seed: UInt64
        /// The share of the samples that trains the metrics with a split (DCI, SAP, modularity, explicitness).
        public var trainFraction: Double
        /// Every metric's options (defaults: disentanglement_lib's) and bootstrap intervals for the metrics on codes.
        public var suite: MetricSuiteOptions
        /// Observations encoded per batch.
        public var batchSize: Int

        /// Creates options; the defaults are disentanglement_lib's.
        public init(metrics: [String] = ["all"], samples: Int = 10_000, seed: UInt64 = 0, trainFraction: Double = 0.8,
                    suite: MetricSuiteOptions = MetricSuiteOptions(), batchSize: Int = 256) {
            self.metrics = metrics
            self.samples = samples
            self.seed = seed
            self.trainFraction = trainFraction
            self.suite = suite
            self.batchSize = batchSize
        }

        enum CodingKeys: String, CodingKey {
            case metrics, samples, seed, suite
            case trainFraction = "train_fraction"
            case batchSize = "batch_size"
        }
    }

    /// Evaluates the latest checkpoint of `run` on its dataset and writes `run.metricsFile` atomically.
    ///
    /// - Parameters:
    ///   - run: a trained run directory.
    ///   - options: metrics, sample counts, seed and the metrics' own options.
    ///   - message: receives one line per stage (what is being computed).
    /// - Throws: ``RunError`` for an unreadable run or bad counts; `MetricError` for unknown metric names or from a
    ///   metric (e.g. a factor that is constant in the sample).
    @discardableResult
    public static func evaluate(_ run: RunDirectory, options: Options = Options(),
                                message: (String) -> Void = { _ in }) throws -> RunMetrics {
        let trained = try run.trainedModel()
        let result: RunMetrics
        switch try trained.loadedDataset() {
        case .grid(let dataset):
            let encoder = try EncodedObservations(dataset: dataset, vae: trained.vae, batchSize: options.batchSize,
                                                  nuisanceSeed: 0)
            result = try evaluate(encoder: encoder, step: trained.step, datasetName: trained.configuration.dataset,
                                  options: options, message: message)
        case .labeled(let images):
            result = try evaluate(labeled: images, vae: trained.vae, step: trained.step,
                                  datasetName: trained.configuration.dataset, options: options, message: message)
        }
        try result.save(to: run.metricsFile)
        return result
    }

    /// Evaluates a model on labelled images whose labels do not form a full factor grid (MNIST digits, an array
    /// with partial labels): the metrics on codes score the posterior means of `samples` stored images drawn
    /// uniformly with replacement, against their labels. The intervention metrics need a grid to vary factors over:
    /// asking for one by name throws; `all` leaves them out (saying so).
    ///
    /// - Throws: ``RunError`` for images without labels or a requested intervention metric, and the errors of
    ///   reading the images and of the metrics.
    public static func evaluate(labeled images: LabeledImages, vae: VAE, step: Int, datasetName: String, options: Options,
                                message: (String) -> Void = { _ in }) throws -> RunMetrics {
        let requested = try MetricRegistry.resolve(options.metrics)
        guard options.samples >= 2 else { throw RunError("evaluation needs at least 2 samples, got \(options.samples)") }
        guard !images.factors.isEmpty else {
            throw RunError("dataset \(datasetName) has no labels: the metrics need factors (an unsupervised score such as `disentangle udr` does not)")
        }
        guard images.count > 0 else { throw RunError("dataset \(datasetName) holds no image") }
        let interventions = MetricRegistry.interventionMetrics.map { $0.name }.filter { requested.contains($0) }
        if !interventions.isEmpty {
            if options.metrics.contains("all") {
                message("leaving out \(interventions.joined(separator: ", ")): \(datasetName)'s labels are not a full factor grid to intervene on")
            } else {
                throw RunError("\(interventions.joined(separator: ", ")) vary factors over a full grid, which the labels of \(datasetName) do not form; choose metrics on codes")
            }
        }
        var master = RandomGenerator(seed: options.seed)
        var sampleGenerator = master.split()
        let rows = (0..<options.samples).map { _ in sampleGenerator.nextInt(below: images.count) }
        message("encoding \(options.samples) stored images of \(datasetName) drawn with replacement")
        let observations = try images.observations(rows: rows)
        let posterior = try vae.posteriorParameters(of: observations, batchSize: options.batchSize)
        let evaluation = try vae.evaluation(of: observations, posterior: posterior, batchSize: options.batchSize)
        let report = try scoreCodes(try CodeMatrix(posterior.mean), of: try images.factorClasses(rows: rows),
                                    requested: requested, options: options, message: message)
        return RunMetrics(step: step, dataset: datasetName, options: options, report: report, evaluation: evaluation)
    }

    /// Evaluates a model on a dataset (the representation `encoder` gives) without touching any file.
    ///
    /// `encoder`'s nuisance generator is replaced by one split from `options.seed`. With `region` (grid indices of
    /// the dataset, such as one side of a `DatasetSplit`), the sampled observations are drawn uniformly from those
    /// grid points only, and the intervention metrics, which vary factors over the whole grid, are not computed.
    public static func evaluate(encoder: EncodedObservations, step: Int, datasetName: String, options: Options,
                                region: [Int]? = nil, message: (String) -> Void = { _ in }) throws -> RunMetrics {
        let requested = try MetricRegistry.resolve(options.metrics)
        guard options.samples >= 2 else { throw RunError("evaluation needs at least 2 samples, got \(options.samples)") }
        if let region {
            guard !region.isEmpty else { throw RunError("the region to evaluate on holds no grid point") }
            guard region.allSatisfy({ (0..<encoder.dataset.gridCount).contains($0) }) else {
                throw RunError("the region to evaluate on has grid indices outside 0..<\(encoder.dataset.gridCount)")
            }
        }
        var master = RandomGenerator(seed: options.seed)
        var sampleGenerator = master.split()
        var encoder = encoder
        encoder.nuisance = master.split()
        let dataset = encoder.dataset

        message("encoding \(options.samples) sampled observations of \(datasetName)\(region == nil ? "" : " (a region of \(region!.count) grid points)")")
        let classes = try region.map { indices in
            try dataset.factorClasses(at: (0..<options.samples).map { _ in indices[sampleGenerator.nextInt(below: indices.count)] })
        } ?? dataset.sampleFactors(count: options.samples, using: &sampleGenerator)
        let (codes, evaluation) = try encoder.codesAndEvaluation(for: classes)
        var report = try scoreCodes(codes, of: classes, requested: requested, options: options, message: message)
        for metric in MetricRegistry.interventionMetrics where region == nil {
            var generator = master.split()
            guard requested.contains(metric.name) else { continue }
            message("computing \(metric.name)")
            try intervene(metric, factorSizes: dataset.factorSizes, options: options.suite, generator: &generator,
                          encoder: &encoder, into: &report)
        }
        return RunMetrics(step: step, dataset: datasetName, options: options, report: report, evaluation: evaluation)
    }

    /// The requested metrics on codes of `codes` against the factor classes of the same rows (an empty report if
    /// none is requested).
    private static func scoreCodes(_ codes: CodeMatrix, of classes: FactorClasses, requested: [String], options: Options,
                                   message: (String) -> Void) throws -> MetricReport {
        let onCodes = MetricRegistry.codeMetrics.filter { requested.contains($0.name) }
        guard !onCodes.isEmpty else { return MetricReport() }
        let factors = try FactorMatrix(rowCount: classes.count, columnCount: classes.factorCount, values: classes.classes)
        message("computing \(onCodes.map { $0.name }.joined(separator: ", "))")
        return try MetricSuite.evaluate(codes: codes, factors: factors, metrics: onCodes,
                                        trainFraction: options.trainFraction, options: options.suite)
    }

    private static func intervene<M: InterventionMetric>(_ metric: M.Type, factorSizes: [Int], options: MetricSuiteOptions,
                                                         generator: inout RandomGenerator, encoder: inout EncodedObservations,
                                                         into report: inout MetricReport) throws {
        let result = try M.evaluate(factorSizes: factorSizes, options: options.options(for: M.self),
                                    generator: &generator) { try encoder.codes(for: $0) }
        try report.record(result, of: M.self)
    }
}
