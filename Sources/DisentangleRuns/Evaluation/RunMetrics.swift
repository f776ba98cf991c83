import DisentangleMetrics
import DisentangleModels
import DisentangleTensor
import Foundation

/// What `RUN/metrics.json` holds: the metrics of a trained run on its ground-truth dataset, and how they were
/// computed.
///
/// ``scalars`` is the flat view reports and studies read (`"mig.score"`, `"dci.disentanglement"`,
/// `"beta_vae.eval_accuracy"`, ...); ``report`` holds every metric's full result under its name.
public struct RunMetrics: Sendable, Equatable, Codable {
    /// The training step of the checkpoint that was evaluated.
    public var step: Int
    /// The dataset the observations came from.
    public var dataset: String
    /// The options of the evaluation (metric names, sample counts, seed, split, every metric's options).
    public var options: RunEvaluation.Options
    /// Every computed metric's result, and bootstrap intervals when requested.
    public var report: MetricReport
    /// The model's reconstruction NLL and KL on the sampled observations the metrics on codes score (`nil` in
    /// files written before evaluation measured them).
    public var evaluation: VAEEvaluation?

    /// The headline value of every metric, keyed `metric.value`.
    public var scalars: [String: Double] { report.scalars }

    /// Creates the record of an evaluation.
    public init(step: Int, dataset: String, options: RunEvaluation.Options, report: MetricReport,
                evaluation: VAEEvaluation? = nil) {
        self.step = step
        self.dataset = dataset
        self.options = options
        self.report = report
        self.evaluation = evaluation
    }

    enum CodingKeys: String, CodingKey {
        case step, dataset, options, scalars, report, evaluation
    }

    /// Decodes a metrics file (its `scalars` are recomputed from the report).
    public init(from decoder: any Swift.Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        step = try container.decode(Int.self, forKey: .step)
        dataset = try container.decode(String.self, forKey: .dataset)
        options = try container.decode(RunEvaluation.Options.self, forKey: .options)
        report = try container.decode(MetricReport.self, forKey: .report)
        evaluation = try container.decodeIfPresent(VAEEvaluation.self, forKey: .evaluation)
    }

    /// Encodes the metrics with the flat `scalars` beside the full report.
    public func encode(to encoder: any Swift.Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step, forKey: .step)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(options, forKey: .options)
        try container.encode(scalars, forKey: .scalars)
        try container.encode(report, forKey: .report)
        try container.encodeIfPresent(evaluation, forKey: .evaluation)
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
