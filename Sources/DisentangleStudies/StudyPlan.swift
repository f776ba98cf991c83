import DisentangleModels
import DisentangleRuns
import DisentangleTensor
import Foundation

/// A study's runs with their status, and its training cost: total steps and images, and, when measured, the
/// time of a few training steps of each distinct model extrapolated to every unfinished run.
public struct StudyPlan {
    /// The study.
    public let study: Study
    /// Its runs.
    public let runs: [StudyRun]
    /// Each run's status.
    public let statuses: [StudyRunStatus]
    /// Measured seconds per training step of each run, at this process's thread count (empty if not measured).
    public let secondsPerStep: [String: Double]

    /// The plan of `runs` in `directory`; with `measuringSteps > 0`, times that many steps (after one warm-up
    /// step) of each distinct model, dataset and batch size, in memory.
    public init(study: Study, runs: [StudyRun], directory: StudyDirectory, measuringSteps: Int = 0) throws {
        self.study = study
        self.runs = runs
        statuses = runs.map { StudyRunStatus(of: $0, in: directory) }
        var measured: [String: Double] = [:]
        var byModel: [String: Double] = [:]
        if measuringSteps > 0 {
            for (run, status) in zip(runs, statuses) where status != .finished {
                let key = Self.costKey(run.resolved)
                if byModel[key] == nil {
                    byModel[key] = (try? Self.measure(run.resolved, steps: measuringSteps)) ?? .nan
                }
                measured[run.id] = byModel[key]
            }
        }
        secondsPerStep = measured
    }

    /// The settings that change the cost of a step (not the seed or the loss weights).
    private static func costKey(_ settings: RunSettings) -> String {
        "\(settings.model.rawValue) \(settings.encoder.rawValue) \(settings.decoder.rawValue) \(settings.dataset) "
            + "\(settings.batchSize) \(settings.latents)"
    }

    /// Seconds per step of `steps` timed steps after one warm-up step.
    private static func measure(_ settings: RunSettings, steps: Int) throws -> Double {
        let configuration = try settings.configuration()
        var generator = RandomGenerator(seed: settings.seed)
        let vae = try configuration.model.makeVAE(using: &generator)
        var options = configuration.training
        options.printEvery = 0
        let trainer = try Trainer(
            vae: vae, data: GroundTruthTrainingData(try DatasetSource.dataset(configuration.dataset)), options: options,
            configuration: configuration)
        try trainer.trainStep()
        let began = Date()
        for _ in 0..<steps { try trainer.trainStep() }
        return Date().timeIntervalSince(began) / Double(steps)
    }

    /// The plan as text: one line per run (index, id, axis values, status), then the counts and the cost.
    public func text() -> String {
        let keys = study.axisKeys
        var lines = ["index\tid\t\(keys.joined(separator: " "))\tstatus"]
        for (run, status) in zip(runs, statuses) {
            lines.append("\(run.index)\t\(run.id)\t\(run.label(keys: keys))\t\(status)")
        }
        let unfinished = zip(runs, statuses).filter { $0.1 != .finished }.map(\.0)
        let steps = unfinished.map(\.resolved.steps).reduce(0, +)
        let images = unfinished.map { $0.resolved.steps * $0.resolved.batchSize }.reduce(0, +)
        let axes = study.axes.map { "\($0.keys.joined(separator: "+")) (\($0.points.count))" }.joined(separator: " x ")
        lines.append("\(runs.count) runs (\(axes.isEmpty ? "no axes" : axes)); \(unfinished.count) not finished: \(steps) steps, \(images) images")
        if !secondsPerStep.isEmpty {
            let seconds = unfinished.compactMap { run in secondsPerStep[run.id].map { $0 * Double(run.resolved.steps) } }
            let total = seconds.reduce(0, +)
            if total.isFinite {
                lines.append(String(
                    format: "estimated training time: %.2f core-hours at %d thread(s) per run (%@ on 1 process); "
                        + "evaluation not included", total * Double(Threading.threadCount) / 3600, Threading.threadCount,
                    LocalPool.duration(total)))
            } else {
                lines.append("estimated training time: unknown (a model could not be built; `study run` will record why)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
