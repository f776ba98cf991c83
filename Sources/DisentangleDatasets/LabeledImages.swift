import DisentangleTensor
import Foundation

/// Images with one class label each, such as MNIST: data without a full factor grid, so not a
/// ``GroundTruthDataset``.
public struct LabeledImages: Sendable {
    /// The images, `[N, 1, H, W]`, with 8-bit intensities scaled to [0, 1].
    public let images: Tensor
    /// The label of each image.
    public let labels: [Int]

    /// Loads an MNIST-style pair of IDX files (plain or `.gz`): images `N x H x W` and labels `N`.
    ///
    /// - Throws: ``DatasetError`` naming the file for malformed files (see ``IDXArray``), images that are not
    ///   three-dimensional, labels that are not one-dimensional, or counts that disagree.
    public init(mnistImagesAt imagesURL: URL, labelsAt labelsURL: URL, maximumSize: Int = IDXArray.defaultMaximumSize) throws {
        let images = try IDXArray(contentsOf: imagesURL, maximumSize: maximumSize)
        let labels = try IDXArray(contentsOf: labelsURL, maximumSize: maximumSize)
        guard images.shape.count == 3 else {
            throw DatasetError("\(imagesURL.path): images have dimensions \(images.shape); expected N x height x width")
        }
        guard labels.shape.count == 1 else {
            throw DatasetError("\(labelsURL.path): labels have dimensions \(labels.shape); expected a vector")
        }
        guard labels.shape[0] == images.shape[0] else {
            throw DatasetError(
                "\(labelsURL.path): \(labels.shape[0]) labels for the \(images.shape[0]) images of \(imagesURL.path)")
        }
        self.images = Tensor(shape: [images.shape[0], 1, images.shape[1], images.shape[2]]) { out in
            images.bytes.withUnsafeBufferPointer { bytes in
                for i in 0..<bytes.count { out[i] = Float(bytes[i]) / 255 }
            }
        }
        self.labels = labels.bytes.map(Int.init)
    }
}
