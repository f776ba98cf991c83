import ArgumentParser
import DisentangleRuns

/// The optimisation flags (`--batch-size`, `--learning-rate` and the FactorVAE discriminator's Adam settings), with
/// `RunSettings`' names and defaults; part of ``TrainingArguments`` and of the examples that train.
public struct OptimizerArguments: ParsableArguments {
    private static let defaults = RunSettings()

    /// `--batch-size`.
    @Option(help: "Batch size.")
    public var batchSize = defaults.batchSize

    /// `--learning-rate`.
    @Option(help: "Adam learning rate.")
    public var learningRate = defaults.learningRate

    /// `--discriminator-learning-rate`.
    @Option(help: "factor-vae: the discriminator's Adam learning rate.")
    public var discriminatorLearningRate = defaults.discriminatorLearningRate

    /// `--discriminator-beta1`.
    @Option(help: "factor-vae: the discriminator's Adam β₁.")
    public var discriminatorBeta1 = defaults.discriminatorBeta1

    /// `--discriminator-beta2`.
    @Option(help: "factor-vae: the discriminator's Adam β₂.")
    public var discriminatorBeta2 = defaults.discriminatorBeta2

    /// Flags with their defaults.
    public init() {}

    /// Sets the optimiser's fields of `settings` from the flags.
    public func apply(to settings: inout RunSettings) {
        settings.batchSize = batchSize
        settings.learningRate = learningRate
        settings.discriminatorLearningRate = discriminatorLearningRate
        settings.discriminatorBeta1 = discriminatorBeta1
        settings.discriminatorBeta2 = discriminatorBeta2
    }
}
