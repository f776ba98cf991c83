import ArgumentParser
import DisentangleModels
import DisentangleRuns

/// The training flags of `disentangle train`, one per `RunSettings` field, under the same names and with the
/// same defaults; include them in a command with `@OptionGroup var training: TrainingArguments`.
public struct TrainingArguments: ParsableArguments {
    private static let defaults = RunSettings()

    /// `--model`.
    @Option(help: "The objective.")
    public var model = defaults.model

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

    /// `--batch-size`.
    @Option(help: "Batch size.")
    public var batchSize = defaults.batchSize

    /// `--seed`.
    @Option(help: "Random seed (initialisation, data order and noise).")
    public var seed = defaults.seed

    /// `--latents`.
    @Option(help: "Latent dimensions.")
    public var latents = defaults.latents

    /// `--learning-rate`.
    @Option(help: "Adam learning rate.")
    public var learningRate = defaults.learningRate

    /// `--beta`.
    @Option(help: "β of beta-vae and beta-tcvae.")
    public var beta = defaults.beta

    /// `--gamma`; `nil` when not given.
    @Option(help: """
        γ of factor-vae (TC weight, default \(VAESpecification.Objective.factorVAE.defaultGamma)) and annealed-vae \
        (capacity weight, default \(VAESpecification.Objective.annealedVAE.defaultGamma)).
        """)
    public var gamma: Float?

    /// `--capacity`.
    @Option(help: "annealed-vae: final capacity C_max in nats.")
    public var capacity = defaults.capacity

    /// `--capacity-steps`.
    @Option(help: "annealed-vae: steps over which the capacity grows from 0 to C_max.")
    public var capacitySteps = defaults.capacitySteps

    /// `--dip-lambda`.
    @Option(help: "dip-vae-i/ii: off-diagonal weight λ_od.")
    public var dipLambda = defaults.dipLambda

    /// `--tc-estimator`.
    @Option(help: "beta-tcvae: the estimator of the aggregate posterior.")
    public var tcEstimator = defaults.tcEstimator

    /// `--gaussian-variance`; `nil` when not given.
    @Option(help: "Use a Gaussian likelihood with this fixed variance instead of Bernoulli.")
    public var gaussianVariance: Float?

    /// `--checkpoint-every`.
    @Option(help: "Checkpoint every N steps (and at the end).")
    public var checkpointEvery = defaults.checkpointEvery

    /// `--keep-checkpoints`.
    @Option(help: "How many checkpoints to keep (resuming falls back to an older one if the newest is damaged).")
    public var keepCheckpoints = defaults.keepCheckpoints

    /// `--print-every`.
    @Option(help: "Print progress every N steps (0: never).")
    public var printEvery = defaults.printEvery

    /// `--discriminator-learning-rate`.
    @Option(help: "factor-vae: the discriminator's Adam learning rate.")
    public var discriminatorLearningRate = defaults.discriminatorLearningRate

    /// `--discriminator-beta1`.
    @Option(help: "factor-vae: the discriminator's Adam β₁.")
    public var discriminatorBeta1 = defaults.discriminatorBeta1

    /// `--discriminator-beta2`.
    @Option(help: "factor-vae: the discriminator's Adam β₂.")
    public var discriminatorBeta2 = defaults.discriminatorBeta2
    /// `--held-out`; `nil` when not given.
    @Option(help: "Never train on this region of factor space: FACTOR=LOW...HIGH,... in class indices (e.g. x=0...19,y=0...19).")
    public var heldOut: String?

    /// Flags with their defaults.
    public init() {}

    /// The settings the flags give.
    public var settings: RunSettings {
        var settings = RunSettings()
        settings.model = model
        settings.decoder = decoder
        settings.encoder = encoder
        settings.dataset = dataset
        settings.steps = steps ?? settings.steps
        settings.batchSize = batchSize
        settings.seed = seed
        settings.latents = latents
        settings.learningRate = learningRate
        settings.beta = beta
        settings.gamma = gamma
        settings.capacity = capacity
        settings.capacitySteps = capacitySteps
        settings.dipLambda = dipLambda
        settings.tcEstimator = tcEstimator
        settings.gaussianVariance = gaussianVariance
        settings.checkpointEvery = checkpointEvery
        settings.keepCheckpoints = keepCheckpoints
        settings.printEvery = printEvery
        settings.discriminatorLearningRate = discriminatorLearningRate
        settings.discriminatorBeta1 = discriminatorBeta1
        settings.discriminatorBeta2 = discriminatorBeta2
        settings.heldOut = heldOut
        return settings
    }
}
