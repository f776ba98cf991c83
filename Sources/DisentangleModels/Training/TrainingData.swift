import DisentangleTensor

/// A source of training batches.
///
/// Batches are drawn with the trainer's data generator, whose state is saved in checkpoints, so a resumed run
/// sees exactly the batches the uninterrupted run would have seen.
public protocol TrainingData {
    /// The shape of one observation, for example `[1, 64, 64]`.
    var observationShape: [Int] { get }

    /// The number of distinct observations (β-TCVAE's estimators use it).
    var observationCount: Int { get }

    /// A batch `[size] + observationShape`.
    func batch(size: Int, using generator: inout RandomGenerator) throws -> Tensor
}
