import ArgumentParser
import DisentangleModels
import DisentangleRuns
import Foundation

/// The training flags of `disentangle train`, one per `RunSettings` field, under the same names and with the
/// same defaults; include them in a command with `@OptionGroup var training: TrainingArguments`. The objective's
/// and the optimiser's flags are the groups ``ObjectiveArguments`` and ``OptimizerArguments``, which examples that
/// vary the rest themselves (such as `sbd-vs-deconv`, which trains both decoders) include on their own.
public struct TrainingArguments: ParsableArguments {
    private static let defaults = RunSettings()

    /// The objective and its hyperparameters.
    @OptionGroup public var objective: ObjectiveArguments

    /// Batch size and learning rates.
    @OptionGroup public var optimizer: OptimizerArguments

    /// `--decoder`.
    @Option(help: "The decoder.")
    public var decoder = defaults.decoder

    /// `--encoder`.
    @Option(help: "The encoder.")
    public var encoder = defaults.encoder

    /// `--dataset`.
    @Option(help: "The dataset: a name (see `disentangle datasets list`), a file, or 'FORMAT:PATH?KEY=VALUE&...' (see Documentation/Datasets.md).")
    public var dataset = defaults.dataset

    /// `--steps`; `nil` when not given.
    @Option(help: "Training steps (default \(defaults.steps)).")
    public var steps: Int?

    /// `--seed`.
    @Option(help: "Random seed (initialisation, data order and noise).")
    public var seed = defaults.seed

    /// `--latents`.
    @Option(help: "Latent dimensions.")
    public var latents = defaults.latents

    /// `--checkpoint-every`.
    @Option(help: "Checkpoint every N steps (and at the end).")
    public var checkpointEvery = defaults.checkpointEvery

    /// `--keep-checkpoints`.
    @Option(help: "How many checkpoints to keep (resuming falls back to an older one if the newest is damaged).")
    public var keepCheckpoints = defaults.keepCheckpoints

    /// `--print-every`.
    @Option(help: "Print progress every N steps (0: never).")
    public var printEvery = defaults.printEvery

    /// `--held-out`; `nil` when not given.
    @Option(help: "Never train on this region of factor space: FACTOR=LOW...HIGH,... in class indices (e.g. x=0...19,y=0...19).")
    public var heldOut: String?

    /// Flags with their defaults.
    public init() {}

    /// The settings the flags give.
    public var settings: RunSettings {
        var settings = RunSettings()
        objective.apply(to: &settings)
        optimizer.apply(to: &settings)
        settings.decoder = decoder
        settings.encoder = encoder
        settings.dataset = dataset
        settings.steps = steps ?? settings.steps
        settings.seed = seed
        settings.latents = latents
        settings.checkpointEvery = checkpointEvery
        settings.keepCheckpoints = keepCheckpoints
        settings.printEvery = printEvery
        settings.heldOut = heldOut
        return settings
    }
}

extension TrainingArguments {
    /// The `disentangle train` flags that give `settings`: `--name value` for every setting that differs from its
    /// default, in the order of the setting names, so a printed command line reproduces a run.
    public static func flags(for settings: RunSettings) throws -> [String] {
        let values = try flattened(settings)
        let defaults = try flattened(RunSettings())
        return values.keys.sorted().flatMap { key -> [String] in
            guard let value = values[key], value != defaults[key] else { return [] }
            return ["--\(key)", value]
        }
    }

    /// Each setting's JSON value as text (the same text a flag takes).
    private static func flattened(_ settings: RunSettings) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as? [String: Any] ?? [:]
        return object.mapValues { "\($0)" }
    }
}
