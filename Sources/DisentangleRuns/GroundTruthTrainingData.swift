import DisentangleDatasets
import DisentangleModels
import DisentangleTensor

/// Training batches rendered from a `GroundTruthDataset`: factors drawn uniformly and independently for every
/// observation (disentanglement_lib's infinite stream), rendered on the fly; or, with a held-out region, grid
/// points drawn uniformly from the tuples outside it, so that the model never sees the region.
public struct GroundTruthTrainingData: TrainingData {
    /// The dataset.
    public let dataset: any GroundTruthDataset
    /// The grid indices batches are drawn from when a region is held out (ascending), else `nil` (the whole grid).
    public let trainingIndices: [Int]?

    /// Wraps a dataset; batches come from its whole grid.
    public init(_ dataset: any GroundTruthDataset) {
        self.dataset = dataset
        self.trainingIndices = nil
    }

    /// Wraps a dataset whose batches never come from `region`.
    ///
    /// - Throws: `DatasetError` if the region holds the whole grid.
    public init(_ dataset: any GroundTruthDataset, holdingOut region: HeldOutRegion) throws {
        let split = dataset.split(holdingOut: region)
        guard !split.train.isEmpty else {
            throw DatasetError("\(dataset.name): the held-out region \(region.description) covers the whole grid")
        }
        self.dataset = dataset
        self.trainingIndices = split.train
    }

    /// The dataset's observation shape.
    public var observationShape: [Int] { dataset.observationShape }

    /// The number of factor combinations batches are drawn from.
    public var observationCount: Int { trainingIndices?.count ?? dataset.gridCount }

    /// A batch of uniformly sampled observations.
    ///
    /// - Throws: `DatasetError` naming the file and the problem if stored observations cannot be read (the file
    ///   changed after it was opened).
    public func batch(size: Int, using generator: inout RandomGenerator) throws -> Tensor {
        guard let trainingIndices else { return try dataset.sample(count: size, using: &generator).observations }
        let indices = (0..<size).map { _ in trainingIndices[generator.nextInt(below: trainingIndices.count)] }
        return try dataset.observations(for: dataset.factorClasses(at: indices), using: &generator)
    }
}
