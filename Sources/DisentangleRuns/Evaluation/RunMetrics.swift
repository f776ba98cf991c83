import DisentangleMetrics
import DisentangleTensor
import Foundation

/// What `RUN/metrics.json` holds: the metrics of a trained run on its ground-truth dataset, and how they were
/// computed.
///
/// ``scalars`` is the flat view reports and studies read (`"mig.score"`, `"dci.disentanglement"`,
/// `"beta_vae.eval_accuracy"`, ...); ``report`` and the intervention results hold every detail.
public struct RunMetrics: Sendable, Equatable, Codable {
    /// The training step of the checkpoint that was evaluated.
    public var step: Int
    /// The dataset the observations came from.
    public var dataset: String
    /// The options of the evaluation (metric names, sample counts, seed, split).
    public var options: RunEvaluation.Options
    /// The headline value of every metric, keyed `metric.value`.
    public var scalars: [String: Double]
    /// The metrics computed on the codes of `options.samples` sampled observations.
    public var report: MetricReport
    /// The BetaVAE (Z-diff) score, when requested.
    public var betaVAE: BetaVAEScore.Result?
    /// The FactorVAE (Z-min variance) score, when requested.
    public var factorVAE: FactorVAEScore.Result?

    enum CodingKeys: String, CodingKey {
        case step, dataset, options, scalars, report
        case betaVAE = "beta_vae"
        case factorVAE = "factor_vae"
    }

    /// Reads a `metrics.json` file.
    ///
    /// - Throws: ``RunError`` naming the file if it cannot be read or is not a metrics file.
    public static func load(from url: URL) throws -> RunMetrics {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw RunError("\(url.path) cannot be read: has the run been evaluated (`disentangle evaluate --run`)?")
        }
        do { return try JSONDecoder().decode(RunMetrics.self, from: data) } catch {
            throw RunError("\(url.path) is not a metrics file written by `disentangle evaluate`: \(error)")
        }
    }

    /// Writes the metrics to `url` atomically, as pretty-printed JSON with sorted keys.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }
}
