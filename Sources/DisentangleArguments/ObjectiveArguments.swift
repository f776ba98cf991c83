import ArgumentParser
import DisentangleModels
import DisentangleRuns

/// The objective and its hyperparameters (`--model`, `--beta`, `--gamma`, …), with `RunSettings`' names and
/// defaults; part of ``TrainingArguments`` and of every example that trains a VAE with a chosen objective.
public struct ObjectiveArguments: ParsableArguments {
    private static let defaults = RunSettings()

    /// `--model`.
    @Option(help: "The objective.")
    public var model = defaults.model

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

    /// Flags with their defaults.
    public init() {}

    /// Sets the objective's fields of `settings` from the flags.
    public func apply(to settings: inout RunSettings) {
        settings.model = model
        settings.beta = beta
        settings.gamma = gamma
        settings.capacity = capacity
        settings.capacitySteps = capacitySteps
        settings.dipLambda = dipLambda
        settings.tcEstimator = tcEstimator
        settings.gaussianVariance = gaussianVariance
    }
}
