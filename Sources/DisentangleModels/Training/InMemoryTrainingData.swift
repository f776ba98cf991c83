import DisentangleTensor

/// Training data held in memory as one tensor `[count] + observationShape`; batches are drawn uniformly with
/// replacement (the infinite-stream convention of disentanglement_lib).
public struct InMemoryTrainingData: TrainingData {
    /// All observations.
    public let observations: Tensor

    /// Wraps observations; throws if there are none, they are not at least rank 2, or they are not finite.
    public init(observations: Tensor) throws {
        guard observations.rank >= 2, observations.shape[0] > 0 else {
            throw TrainingError("training observations must have shape [count, ...] with count > 0, got \(observations.shape)")
        }
        guard observations.isFinite else { throw TrainingError("the training observations contain NaN or infinite values") }
        self.observations = observations
    }

    /// The shape of one observation.
    public var observationShape: [Int] { Array(observations.shape.dropFirst()) }

    /// The number of observations.
    public var observationCount: Int { observations.shape[0] }

    /// `size` observations drawn uniformly with replacement.
    public func batch(size: Int, using generator: inout RandomGenerator) throws -> Tensor {
        let indices = (0..<size).map { _ in generator.nextInt(below: observationCount) }
        return observations.indexSelected(alongAxis: 0, indices: indices)
    }
}
