import DisentangleRuns
import DisentangleTensor
import Foundation

/// What `RUN/result.json` holds for a run of a study: how the run ended and what its evaluation measured.
public struct StudyRunResult: Codable, Sendable, Equatable {
    /// How a run ended.
    public enum Status: String, Codable, Sendable {
        /// Trained and evaluated.
        case finished
        /// Stopped by an error, recorded in ``StudyRunResult/error``.
        case failed
    }

    /// The run's identifier.
    public var id: String
    /// The run's index in the study when it ran.
    public var index: Int
    /// How the run ended.
    public var status: Status
    /// The error that stopped a failed run.
    public var error: String?
    /// The run's settings as the study gave them.
    public var settings: [String: StudyValue]
    /// The training steps done.
    public var step: Int
    /// The evaluation the values come from.
    public var evaluation: StudyEvaluation
    /// The mean reconstruction NLL of the evaluation's observations, decoding the posterior means, in nats.
    public var reconstruction: Double?
    /// The mean KL divergence of their posteriors from the prior, in nats.
    public var kl: Double?
    /// Every metric's headline values (`mig.score`, ...).
    public var metrics: [String: Double]
    /// Seconds spent training in the process that finished the run.
    public var trainingSeconds: Double
    /// Seconds spent evaluating.
    public var evaluationSeconds: Double
    /// The threads the process used.
    public var threads: Int

    enum CodingKeys: String, CodingKey {
        case id, index, status, error, settings, step, evaluation, reconstruction, kl, metrics, threads
        case trainingSeconds = "training_seconds"
        case evaluationSeconds = "evaluation_seconds"
    }

    /// The measured values only (no timings or thread count), to compare runs for bit-identity.
    public var measurements: [String: Double] {
        var values = metrics
        values["reconstruction"] = reconstruction
        values["kl"] = kl
        return values
    }

    /// Reads a `result.json` file.
    public static func load(from url: URL) throws -> StudyRunResult {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StudyError("\(url.path) cannot be read: \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(StudyRunResult.self, from: data) } catch {
            throw StudyError("\(url.path) is not a study result written by `disentangle study run`: \(error)")
        }
    }

    /// Writes the result atomically as pretty-printed JSON with sorted keys.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }
}
