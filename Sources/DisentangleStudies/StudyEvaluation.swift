/// What a study computes for every trained run: the metrics (names of `RunEvaluation`), the number of sampled
/// observations they score, and the seed of every draw. The reconstruction NLL and KL of the same observations
/// are always computed.
public struct StudyEvaluation: Sendable, Equatable, Codable {
    /// Metric names, such as `mig` or `dci`.
    public var metrics: [String]
    /// The number of observations (factors drawn uniformly from the dataset's grid) that are encoded and scored.
    public var samples: Int
    /// The seed of the sampled observations and every other random draw of the evaluation.
    public var seed: UInt64

    /// Creates evaluation options; the default scores MIG on 10,000 observations with seed 0.
    public init(metrics: [String] = ["mig"], samples: Int = 10_000, seed: UInt64 = 0) {
        self.metrics = metrics
        self.samples = samples
        self.seed = seed
    }
}
