import DisentangleDatasets
import DisentangleMetrics
import DisentangleTensor
import Foundation

/// Unsupervised disentanglement ranking (`UDR`, Duan et al. 2020) across trained runs: every run's model encodes
/// the same sampled observations of their common dataset, and the runs are scored against each other.
///
/// Each model's posterior means are its codes and its mean KL divergence per latent (`PosteriorStatistics`) decides
/// which codes count. The observations' factors are drawn uniformly from the dataset's grid with `seed`
/// (disentanglement_lib draws 1,000 observations).
public enum RunUDR {
    /// What to compute and how.
    public struct Options: Sendable, Equatable, Codable {
        /// The number of observations every model encodes (1,000).
        public var samples: Int
        /// The seed of the observations' factors and nuisance variation.
        public var seed: UInt64
        /// The UDR options (lasso, KL threshold 0.01).
        public var udr: UDR.Options
        /// Observations encoded per batch.
        public var batchSize: Int

        /// Creates options; the defaults are disentanglement_lib's.
        public init(samples: Int = 1000, seed: UInt64 = 0, udr: UDR.Options = UDR.Options(), batchSize: Int = 256) {
            self.samples = samples
            self.seed = seed
            self.udr = udr
            self.batchSize = batchSize
        }
    }

    /// The runs' scores.
    public struct Result: Sendable, Equatable, Codable {
        /// The run directories, in the order of the scores.
        public var runs: [String]
        /// Each run's UDR and the pairwise scores.
        public var udr: UDR.Result
        /// Each run's mean KL divergence per latent on the observations.
        public var klDivergences: [[Double]]

        enum CodingKeys: String, CodingKey {
            case runs, udr
            case klDivergences = "kl_divergences"
        }
    }

    /// Scores `runs` (at least two, trained on the same dataset) against each other.
    ///
    /// - Throws: ``RunError`` for unreadable runs, runs on different datasets or too few samples; `MetricError` from
    ///   the UDR computation.
    public static func evaluate(_ runs: [RunDirectory], options: Options = Options(),
                                message: (String) -> Void = { _ in }) throws -> Result {
        guard runs.count >= 2 else { throw RunError("UDR ranks runs against each other: it needs at least two, got \(runs.count)") }
        guard options.samples >= 2 else { throw RunError("UDR needs at least 2 samples, got \(options.samples)") }
        let trained = try runs.map { try $0.trainedModel() }
        let datasetName = trained[0].configuration.dataset
        if let other = trained.first(where: { $0.configuration.dataset != datasetName }) {
            throw RunError("UDR compares runs on one dataset: \(runs[0].url.path) was trained on \(datasetName), \(other.directory.url.path) on \(other.configuration.dataset)")
        }
        let dataset = try trained[0].dataset()
        var generator = RandomGenerator(seed: options.seed)
        let classes = dataset.sampleFactors(count: options.samples, using: &generator)
        let observations = try dataset.observations(for: classes, using: &generator)
        var codes = [CodeMatrix](), kls = [[Double]]()
        for run in trained {
            message("encoding \(options.samples) observations of \(datasetName) with \(run.directory.url.path)")
            let posterior = try run.vae.posteriorParameters(of: observations, batchSize: options.batchSize)
            let means = try CodeMatrix(posterior.mean)
            codes.append(means)
            kls.append(try PosteriorStatistics.evaluate(means: means, logVariances: CodeMatrix(posterior.logVariance)).klPerDimension)
        }
        let udr = try UDR.evaluate(codes: codes, klDivergences: kls, options: options.udr)
        return Result(runs: runs.map { $0.url.path }, udr: udr, klDivergences: kls)
    }
}
