import DisentangleDatasets
import DisentangleModels
import DisentangleTensor

/// Training batches drawn from stored images (`LabeledImages`, such as MNIST or a user's `.npy` array):
/// images chosen uniformly with replacement (disentanglement_lib's infinite-stream convention), labels unused.
public struct LabeledImagesTrainingData: TrainingData {
    /// The images.
    public let images: LabeledImages

    /// Wraps images; throws `TrainingError` if there are none.
    public init(_ images: LabeledImages) throws {
        guard images.count > 0 else { throw TrainingError("\(images.name): no images to train on") }
        self.images = images
    }

    /// The images' shape.
    public var observationShape: [Int] { images.observationShape }

    /// The number of images.
    public var observationCount: Int { images.count }

    /// `size` images drawn uniformly with replacement.
    public func batch(size: Int, using generator: inout RandomGenerator) throws -> Tensor {
        try images.observations(rows: (0..<size).map { _ in generator.nextInt(below: images.count) })
    }
}
