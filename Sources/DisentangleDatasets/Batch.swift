import DisentangleTensor

/// A batch of observations with the factor classes that generated them.
public struct Batch {
    /// The observations, `[count, channels, height, width]`.
    public let observations: Tensor
    /// The factor classes, one row per observation.
    public let factors: FactorClasses
    /// The grid index of each observation (see ``GroundTruthDataset``).
    public let indices: [Int]

    /// The number of observations.
    public var count: Int { factors.count }

    /// Bundles observations with their factors and grid indices.
    public init(observations: Tensor, factors: FactorClasses, indices: [Int]) {
        precondition(
            observations.shape.first == factors.count && indices.count == factors.count,
            "batch of shape \(observations.shape) has \(factors.count) factor rows and \(indices.count) indices")
        self.observations = observations
        self.factors = factors
        self.indices = indices
    }
}
