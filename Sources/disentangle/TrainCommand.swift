import ArgumentParser
import Disentangle
import DisentangleArguments
import Foundation

/// `disentangle train`: trains a VAE on a procedural dataset or the user's files into a run directory.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a VAE on a built-in dataset or on image files.",
        discussion: """
            Writes RUN_DIR/config.json, RUN_DIR/log.jsonl (one JSON object per step) and RUN_DIR/checkpoints/. \
            Interrupted runs continue bit-identically with --resume, which takes every setting from the run's \
            config.json; only --steps (the new final step count) can be changed then. A run stopped before it \
            wrote config.json is started from step 0 by --resume when its settings are given again (any setting \
            other than --steps that differs from the default); without them, --resume says so. SIGTERM or SIGINT stops \
            training at the end of the current step with a checkpoint and exits with status 75; a second process on \
            the same RUN_DIR is refused (RUN_DIR/lock).
            """)

    @OptionGroup(title: "Training")
    var training: TrainingArguments

    @Option(help: "The run directory.")
    var out: String

    @Flag(help: "Continue the run in --out from its latest checkpoint with its stored settings (--steps: the new final step).")
    var resume = false

    func validate() throws {
        if let steps = training.steps, steps <= 0 { throw ValidationError("--steps must be positive, got \(steps)") }
        guard training.latents > 0 else { throw ValidationError("--latents must be positive, got \(training.latents)") }
    }

    func run() throws {
        let run = RunDirectory(path: out)
        if resume {
            // Settings matter only for a run that stopped before writing config.json; they count as given when
            // any of them (other than --steps) differs from its default.
            var given = training.settings
            given.steps = RunSettings().steps
            let settings = run.holdsRun || given == RunSettings() ? nil : try training.settings.configuration()
            try withLockedRun(run) { _ = try RunTraining.resume(run, steps: training.steps, startingWith: settings) }
        } else {
            if run.holdsRun {
                throw ValidationError("\(out) already holds a run; pass --resume to continue it or choose another --out")
            }
            let configuration = try training.settings.configuration()
            if FileManager.default.fileExists(atPath: run.lockFile.path) && run.trainingOutput.isEmpty {
                print("\(out) holds the start of a run that stopped before writing config.json: starting it from step 0")
            }
            try withLockedRun(run) { _ = try RunTraining.start(configuration, in: run) }
        }
    }
}
