import DisentangleModels
import DisentangleNN
import DisentangleTensor
import Foundation

/// A run: a directory holding `config.json`, `log.jsonl`, `checkpoints/` and, once evaluated or reported,
/// `metrics.json`, `result.json` and `report/`.
///
/// Everything above a run (evaluation, reports, studies) reads only these files, so a run trained by hand, by a
/// study's local pool or by a Slurm task is the same thing.
public struct RunDirectory: Sendable, Hashable {
    /// The directory.
    public let url: URL

    /// A run at `url` (which need not exist yet).
    public init(_ url: URL) {
        self.url = url
    }

    /// A run at a file-system path (which need not exist yet).
    public init(path: String) {
        self.url = URL(fileURLWithPath: path)
    }

    /// `config.json`: the ``RunConfiguration``.
    public var configurationFile: URL { url.appendingPathComponent("config.json") }
    /// `log.jsonl`: one `TrainingRecord` per step.
    public var logFile: URL { url.appendingPathComponent("log.jsonl") }
    /// `checkpoints/`: safetensors checkpoints with JSON sidecars.
    public var checkpointDirectory: URL { url.appendingPathComponent("checkpoints") }
    /// `metrics.json`: the metrics computed by evaluation.
    public var metricsFile: URL { url.appendingPathComponent("metrics.json") }
    /// `result.json`: a finished study run's summary.
    public var resultFile: URL { url.appendingPathComponent("result.json") }
    /// `report/`: the HTML report and its pictures.
    public var reportDirectory: URL { url.appendingPathComponent("report") }

    /// `lock`: the ``RunLock`` file.
    public var lockFile: URL { url.appendingPathComponent("lock") }

    /// Whether the directory holds a run configuration: a non-empty `config.json`.
    ///
    /// An empty `config.json` (what a crash while it was first written can leave on a file system that loses
    /// unflushed data) holds no settings and does not count; starting a run there replaces it.
    public var holdsRun: Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: configurationFile.path)[.size]) as? NSNumber
        return (size?.intValue ?? 0) > 0
    }

    /// The run's configuration.
    public func configuration() throws -> RunConfiguration {
        try RunConfiguration.load(from: configurationFile)
    }

    /// The model of the run's newest readable checkpoint, with its trained parameters.
    ///
    /// Reads through `Checkpoint.recoverNewest(from:)`, as resuming does: if the latest checkpoint does not read
    /// back, it is set aside (renamed `unreadable-step-*`) and the newest older one that does is used, with a
    /// warning on standard error naming what was set aside.
    ///
    /// - Throws: ``RunError`` if the run has no checkpoint or none reads back.
    public func trainedModel() throws -> TrainedRun {
        let configuration = try configuration()
        var generator = RandomGenerator(seed: configuration.training.seed)
        let vae = try configuration.model.makeVAE(using: &generator)
        let recovered: (checkpoint: RunCheckpoint, directory: URL, skipped: [String])?
        do {
            recovered = try RunCheckpoint.recoverNewest(from: checkpointDirectory)
        } catch {
            throw RunError("\(url.path) has no readable checkpoint (\(error))")
        }
        guard let recovered else {
            throw RunError("\(url.path) has no checkpoint in \(checkpointDirectory.path): has the run trained yet?")
        }
        for failure in recovered.skipped {
            FileHandle.standardError.write(Data(
                "warning: set aside a checkpoint that does not read back (\(failure)); using \(recovered.directory.path)\n".utf8))
        }
        try recovered.checkpoint.restore(model: vae)
        return TrainedRun(directory: self, configuration: configuration, vae: vae, step: recovered.checkpoint.step)
    }
}
