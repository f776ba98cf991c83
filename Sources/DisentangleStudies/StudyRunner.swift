import DisentangleDatasets
import DisentangleMetrics
import DisentangleModels
import DisentangleRuns
import DisentangleTensor
import Foundation

/// Does one run of a study in this process: trains it (or continues it from its checkpoint), evaluates it and
/// writes `RUN/result.json`.
///
/// Idempotent: a run whose `result.json` says it finished with the study's evaluation is skipped; a run with a
/// checkpoint continues from it (bit-identically); a finished training whose evaluation is missing or differs is
/// only evaluated again. An error is recorded in `result.json` as a failed run (and tried again next time).
/// The run directory is locked (`RunLock`) while it runs.
public enum StudyRunner {
    /// What running a study run did.
    public enum Outcome: Sendable {
        /// The run had already finished; nothing was done.
        case skipped(StudyRunResult)
        /// The run was trained as needed and evaluated.
        case finished(StudyRunResult)
        /// The run stopped on an error, recorded in its result.
        case failed(StudyRunResult)

        /// The run's result.
        public var result: StudyRunResult {
            switch self {
            case .skipped(let result), .finished(let result), .failed(let result): return result
            }
        }
    }

    /// Runs `run` of `study` in `directory`.
    ///
    /// - Throws: `RunInterrupted` if SIGTERM or SIGINT stopped training (after its checkpoint), or `RunError` if
    ///   another process holds the run; every other error is recorded as a failed run and returned.
    public static func run(
        _ run: StudyRun, of study: Study, in directory: StudyDirectory, message: (String) -> Void = { print($0) }
    ) throws -> Outcome {
        let runDirectory = directory.run(run)
        let lock = try RunLock(runDirectory)
        defer { withExtendedLifetime(lock) {} }
        if let previous = try? StudyRunResult.load(from: runDirectory.resultFile), previous.status == .finished,
            previous.evaluation == study.evaluation
        {
            message("run \(run.index) (\(run.id)) already finished")
            return .skipped(previous)
        }
        var result = StudyRunResult(
            id: run.id, index: run.index, status: .failed, error: nil, settings: run.settings, step: 0,
            evaluation: study.evaluation, reconstruction: nil, kl: nil, metrics: [:], trainingSeconds: 0,
            evaluationSeconds: 0, threads: Threading.threadCount)
        do {
            let began = Date()
            result.step = try train(run, in: runDirectory, message: message)
            result.trainingSeconds = Date().timeIntervalSince(began)
            let evaluated = Date()
            message("evaluating \(runDirectory.url.path) on \(study.evaluation.samples) samples")
            let measured = try evaluate(runDirectory, study.evaluation)
            result.reconstruction = measured.reconstruction
            result.kl = measured.kl
            result.metrics = measured.metrics
            result.evaluationSeconds = Date().timeIntervalSince(evaluated)
            result.status = .finished
            try result.save(to: runDirectory.resultFile)
            return .finished(result)
        } catch let interrupted as RunInterrupted {
            throw interrupted
        } catch {
            result.error = "\(error)"
            try result.save(to: runDirectory.resultFile)
            message("run \(run.index) (\(run.id)) failed: \(error)")
            return .failed(result)
        }
    }

    /// Trains the run to its step count: starts it, continues it from its checkpoint, or starts it again if an
    /// earlier process died before its first checkpoint. Returns the final step.
    private static func train(_ run: StudyRun, in directory: RunDirectory, message: (String) -> Void) throws -> Int {
        let configuration = try run.resolved.configuration()
        guard directory.holdsRun else { return try RunTraining.start(configuration, in: directory, message: message) }
        let stored = try directory.configuration()
        guard stored == configuration else {
            throw StudyError(
                "\(directory.configurationFile.path) holds a different configuration than run \(run.index) (\(run.id)) "
                    + "of the study; move the directory away to train the study's run there")
        }
        let latest = directory.checkpointDirectory.appendingPathComponent("latest")
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: latest.path)) == nil {
            message("\(directory.url.path) has no checkpoint: starting it again")
            for file in [directory.configurationFile, directory.logFile] where FileManager.default.fileExists(atPath: file.path) {
                try FileManager.default.removeItem(at: file)
            }
            return try RunTraining.start(configuration, in: directory, message: message)
        }
        return try RunTraining.resume(directory, message: message)
    }

    /// The run's evaluation (`RunEvaluation`, written to `RUN/metrics.json` as `disentangle evaluate` writes it):
    /// the reconstruction NLL, KL and metrics of the latest checkpoint on `evaluation.samples` observations; for a
    /// run with a held-out region, also the NLL, KL and metrics on codes of samples of the held-out region and of
    /// the trained region (`held_out.*` and `trained_region.*`).
    private static func evaluate(
        _ directory: RunDirectory, _ evaluation: StudyEvaluation
    ) throws -> (reconstruction: Double, kl: Double, metrics: [String: Double]) {
        let trained = try directory.trainedModel()
        let dataset = try trained.dataset()
        let encoder = try EncodedObservations(dataset: dataset, vae: trained.vae, nuisanceSeed: 0)
        let options = RunEvaluation.Options(metrics: evaluation.metrics, samples: evaluation.samples, seed: evaluation.seed)
        let whole = try RunEvaluation.evaluate(
            encoder: encoder, step: trained.step, datasetName: trained.configuration.dataset, options: options)
        try whole.save(to: directory.metricsFile)
        var metrics = whole.scalars
        if let heldOut = trained.configuration.heldOut {
            let split = dataset.split(holdingOut: try HeldOutRegion.box(specification: heldOut, in: dataset))
            for (name, indices) in [("held_out", split.test), ("trained_region", split.train)] where !indices.isEmpty {
                let region = try RunEvaluation.evaluate(
                    encoder: encoder, step: trained.step, datasetName: trained.configuration.dataset, options: options,
                    region: indices)
                metrics["\(name).reconstruction"] = region.evaluation?.reconstruction
                metrics["\(name).kl"] = region.evaluation?.kl
                for (metric, value) in region.scalars { metrics["\(name).\(metric)"] = value }
            }
        }
        guard let measured = whole.evaluation else { throw StudyError("the evaluation measured no reconstruction") }
        return (measured.reconstruction, measured.kl, metrics)
    }
}
