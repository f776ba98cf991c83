import DisentangleDatasets
import DisentangleModels
import DisentangleTensor
import Foundation

/// Trains a run directory: starts a new run or continues one from its latest checkpoint, bit-identically.
///
/// Callers hold the directory's ``RunLock``. After ``Interruption/install()``, SIGTERM or SIGINT stops training
/// at the end of the current step, with a checkpoint, and the functions throw ``RunInterrupted``.
public enum RunTraining {
    /// Starts a new run in `directory` with `configuration` and trains it to `configuration.steps`.
    ///
    /// Throws if the directory already holds a run, or holds training output without a configuration (see
    /// ``RunDirectory/trainingOutput``); a directory holding only what a run killed before writing `config.json`
    /// leaves (its `lock`, an empty `config.json`) is used, and nothing in it is deleted. `message` receives
    /// one-line summaries (start, end). Returns the final step.
    @discardableResult
    public static func start(
        _ configuration: RunConfiguration, in directory: RunDirectory, message: (String) -> Void = { print($0) }
    ) throws -> Int {
        try directory.checkFreeForNewRun()
        let trainer = try makeTrainer(configuration, in: directory)
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        return try train(trainer, configuration, in: directory, message: message)
    }

    /// Continues the run in `directory` from its latest checkpoint with its stored settings, up to `steps`
    /// (default: the run's own step count). Returns the final step.
    ///
    /// A run stopped before its first checkpoint starts over from step 0 (identically, since everything derives
    /// from its seed); a damaged latest checkpoint is set aside for the newest readable one (see `Trainer.resume()`).
    ///
    /// A run stopped before it wrote `config.json` (or a directory that does not exist yet) has no stored
    /// settings: it is started from step 0 with `configuration` if one is given (the settings of the command that
    /// created it, as a requeued job passes them again), saying so; otherwise ``RunError`` says what to do.
    @discardableResult
    public static func resume(
        _ directory: RunDirectory, steps: Int? = nil, startingWith configuration: RunConfiguration? = nil,
        message: (String) -> Void = { print($0) }
    ) throws -> Int {
        guard directory.holdsRun else {
            try directory.checkFreeForNewRun()
            guard var configuration else {
                throw RunError(
                    "\(directory.url.path) has no run configuration (config.json): the run stopped before writing it, or "
                        + "never started, so its settings are unknown; give them again (`disentangle train --out "
                        + "\(directory.url.path) --resume` with the settings it was started with) to start it from step 0")
            }
            if let steps { configuration.steps = steps }
            message("\(directory.url.path) has no run configuration yet (stopped before writing config.json): "
                + "starting it from step 0 with the settings given")
            return try start(configuration, in: directory, message: message)
        }
        var configuration = try directory.configuration()
        if let steps { configuration.steps = steps }
        let trainer = try makeTrainer(configuration, in: directory)
        let step = try trainer.resume()
        guard step < configuration.steps else {
            message("\(directory.url.path) is at step \(step) of \(configuration.steps): nothing to train")
            return step
        }
        message(step == 0
            ? "\(directory.url.path) has no checkpoint yet (stopped before its first): starting it from step 0"
            : "resumed \(directory.url.path) at step \(step)")
        return try train(trainer, configuration, in: directory, message: message)
    }

    private static func makeTrainer(_ configuration: RunConfiguration, in directory: RunDirectory) throws -> Trainer<RunCheckpointConfiguration> {
        let data = try configuration.trainingData()
        guard data.observationShape == configuration.model.observationShape else {
            throw RunError(
                "dataset '\(configuration.dataset)' has observations of shape \(data.observationShape) but the run's model "
                    + "takes \(configuration.model.observationShape)")
        }
        var generator = RandomGenerator(seed: configuration.training.seed)
        let vae = try configuration.model.makeVAE(using: &generator)
        return try Trainer(
            vae: vae, data: data, options: configuration.training,
            configuration: RunCheckpointConfiguration(), runDirectory: directory.url)
    }

    private static func train(
        _ trainer: Trainer<RunCheckpointConfiguration>, _ configuration: RunConfiguration, in directory: RunDirectory,
        message: (String) -> Void
    ) throws -> Int {
        try configuration.save(to: directory.configurationFile)
        message("training \(configuration.model.objective.rawValue) with a \(configuration.model.decoder.rawValue) decoder on "
            + "\(configuration.dataset) for \(configuration.steps) steps (\(Threading.threadCount) threads) into \(directory.url.path)")
        trainer.shouldStop = { Interruption.requested != nil }
        try trainer.train(until: configuration.steps)
        if trainer.step < configuration.steps, let signal = Interruption.requested {
            throw RunInterrupted(directory: directory, step: trainer.step, signal: signal)
        }
        message("done: \(directory.logFile.path), checkpoint at step \(trainer.step)")
        return trainer.step
    }
}
