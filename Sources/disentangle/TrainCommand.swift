import ArgumentParser
import Disentangle
import DisentangleArguments
import Foundation

/// `disentangle train`: trains a VAE on a procedural dataset into a run directory.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a VAE on a built-in dataset.",
        discussion: """
            Writes RUN_DIR/config.json, RUN_DIR/log.jsonl (one JSON object per step) and RUN_DIR/checkpoints/. \
            Interrupted runs continue bit-identically with --resume, which takes every setting from the run's \
            config.json; only --steps (the new final step count) can be changed then.
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
            try RunTraining.resume(run, steps: training.steps)
        } else {
            if run.holdsRun {
                throw ValidationError("\(out) already holds a run; pass --resume to continue it or choose another --out")
            }
            try RunTraining.start(try training.settings.configuration(), in: run)
        }
    }
}
