/// The diagnostics of one training step: one line of a run's `log.jsonl`.
public struct TrainingRecord: Codable, Sendable, Equatable {
    /// The step just completed (1 for the first update).
    public var step: Int
    /// The loss that was minimised.
    public var loss: Double
    /// The batch-mean reconstruction negative log-likelihood, in nats.
    public var reconstruction: Double
    /// The batch-mean total KL divergence, in nats.
    public var kl: Double
    /// The batch-mean KL divergence per latent dimension, in nats.
    public var klPerDimension: [Double]
    /// The regularizer's and its auxiliary update's diagnostics.
    public var diagnostics: [String: Double]
    /// Training throughput over this step, in images per second.
    public var imagesPerSecond: Double
    /// Seconds since the current `Trainer.train(until:)` call began (since the trainer was created when
    /// `Trainer.trainStep()` is called directly).
    public var elapsedSeconds: Double

    enum CodingKeys: String, CodingKey {
        case step, loss, reconstruction, kl, diagnostics
        case klPerDimension = "kl_per_dimension"
        case imagesPerSecond = "images_per_second"
        case elapsedSeconds = "elapsed_seconds"
    }
}
