import ArgumentParser
import Disentangle
import Foundation

/// `disentangle train`: trains a VAE on a procedural dataset or the user's files into a run directory.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a VAE on a built-in dataset or on image files.",
        discussion: """
            Writes RUN_DIR/config.json, RUN_DIR/log.jsonl (one JSON object per step) and RUN_DIR/checkpoints/. \
            Interrupted runs continue bit-identically with --resume, which takes every setting from the run's \
            config.json; only --steps (the new final step count) can be changed then.
            """)

    @Option(help: "The objective: \(VAESpecification.Objective.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: String = "beta-vae"

    @Option(help: "The decoder: \(VAESpecification.DecoderKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var decoder: String = "sbd"

    @Option(help: "The encoder: \(VAESpecification.EncoderKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var encoder: String = "conv"

    @Option(help: "The dataset: a name (see `disentangle datasets list`), a file, or FORMAT:PATH[?KEY=VALUE&...] (see Documentation/Datasets.md).")
    var dataset: String = "circles-32"

    @Option(help: "Training steps (default 1000); with --resume, the new final step (default: the run's own).")
    var steps: Int?

    @Option(help: "Batch size.")
    var batchSize: Int = 64

    @Option(help: "Random seed (initialisation, data order and noise).")
    var seed: UInt64 = 0

    @Option(help: "The run directory.")
    var out: String

    @Option(help: "Latent dimensions.")
    var latents: Int = 10

    @Option(help: "Adam learning rate.")
    var learningRate: Double = 3e-4

    @Option(help: "β of beta-vae and beta-tcvae.")
    var beta: Float = 4

    @Option(help: "γ of factor-vae (TC weight) and annealed-vae (capacity weight).")
    var gamma: Float?

    @Option(help: "annealed-vae: final capacity C_max in nats.")
    var capacity: Float = 25

    @Option(help: "annealed-vae: steps over which the capacity grows from 0 to C_max.")
    var capacitySteps: Int = 100_000

    @Option(help: "dip-vae-i/ii: off-diagonal weight λ_od.")
    var dipLambda: Float = 10

    @Option(help: "beta-tcvae: the estimator, mws or mss.")
    var tcEstimator: String = "mws"

    @Option(help: "Use a Gaussian likelihood with this fixed variance instead of Bernoulli.")
    var gaussianVariance: Float?

    @Option(help: "Checkpoint every N steps (and at the end).")
    var checkpointEvery: Int = 500

    @Option(help: "Print progress every N steps (0: never).")
    var printEvery: Int = 50

    @Flag(help: "Continue the run in --out from its latest checkpoint with its stored settings.")
    var resume = false

    func validate() throws {
        if let steps, steps <= 0 { throw ValidationError("--steps must be positive, got \(steps)") }
        guard latents > 0 else { throw ValidationError("--latents must be positive, got \(latents)") }
    }

    func run() throws {
        let run = RunDirectory(path: out)
        if resume {
            try RunTraining.resume(run, steps: steps)
        } else {
            if run.holdsRun {
                throw ValidationError("\(out) already holds a run; pass --resume to continue it or choose another --out")
            }
            try RunTraining.start(try makeConfiguration(), in: run)
        }
    }

    private func makeConfiguration() throws -> RunConfiguration {
        guard let objective = VAESpecification.Objective(rawValue: model) else {
            throw ValidationError("unknown --model \(model); expected one of \(VAESpecification.Objective.allCases.map(\.rawValue))")
        }
        guard let decoderKind = VAESpecification.DecoderKind(rawValue: decoder) else {
            throw ValidationError("unknown --decoder \(decoder); expected one of \(VAESpecification.DecoderKind.allCases.map(\.rawValue))")
        }
        guard let encoderKind = VAESpecification.EncoderKind(rawValue: encoder) else {
            throw ValidationError("unknown --encoder \(encoder); expected one of \(VAESpecification.EncoderKind.allCases.map(\.rawValue))")
        }
        guard let estimator = BetaTCVAERegularizer.Estimator(rawValue: tcEstimator) else {
            throw ValidationError("unknown --tc-estimator \(tcEstimator); expected mws or mss")
        }
        let datasetSpecification = try DatasetSource.canonical(self.dataset)
        let dataset = try DatasetSource.load(datasetSpecification)
        let specification = VAESpecification(
            observationShape: dataset.observationShape, latentCount: latents, encoder: encoderKind, decoder: decoderKind,
            objective: objective, beta: beta, gamma: gamma ?? (objective == .annealedVAE ? 1000 : 10),
            maximumCapacity: capacity, capacitySteps: capacitySteps, dipOffDiagonalWeight: dipLambda,
            tcEstimator: estimator, gaussianVariance: gaussianVariance)
        var generator = RandomGenerator(seed: seed)
        _ = try specification.makeVAE(using: &generator)  // validates the combination before anything is written
        let training = TrainingOptions(
            batchSize: batchSize, learningRate: learningRate, seed: seed, checkpointEvery: checkpointEvery,
            printEvery: printEvery)
        try training.validate()
        return RunConfiguration(model: specification, dataset: datasetSpecification, training: training, steps: steps ?? 1000)
    }
}
