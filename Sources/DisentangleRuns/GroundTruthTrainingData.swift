import DisentangleDatasets
import DisentangleModels
import DisentangleTensor

/// Training batches rendered from a `GroundTruthDataset`: factors drawn uniformly and independently for every
/// observation (disentanglement_lib's infinite stream), rendered on the fly.
public struct GroundTruthTrainingData: TrainingData {
    /// The dataset.
    public let dataset: any GroundTruthDataset

    /// Wraps a dataset.
    public init(_ dataset: any GroundTruthDataset) {
        self.dataset = dataset
    }

    /// The dataset's observation shape.
    public var observationShape: [Int] { dataset.observationShape }

    /// The number of factor combinations.
    public var observationCount: Int { dataset.gridCount }

    /// A batch of uniformly sampled observations.
    public func batch(size: Int, using generator: inout RandomGenerator) throws -> Tensor {
        dataset.sample(count: size, using: &generator).observations
    }
}
