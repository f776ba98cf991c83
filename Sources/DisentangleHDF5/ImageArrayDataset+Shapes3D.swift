import DisentangleDatasets
import Foundation

/// Shapes3D, read through libhdf5.
extension ImageArrayDataset {
    /// The factors of Shapes3D, in grid order (the columns of its `labels`).
    public static let shapes3DFactorNames = ["floor_hue", "wall_hue", "object_hue", "scale", "shape", "orientation"]

    /// Loads Shapes3D (`3dshapes.h5`): HDF5 datasets `images` (`N x 64 x 64 x 3` `uint8`) and `labels`
    /// (`N x 6` `float64`) whose rows form the full grid 10 x 10 x 10 x 8 x 4 x 15 (480,000 images).
    ///
    /// The labels are read whole (23 MB); the images stay in the file and are read by hyperslab as they are used
    /// (the file is 5.9 GB uncompressed). The factors are ``shapes3DFactorNames`` with the labels' values. The
    /// dataset is named `"shapes3d"`.
    ///
    /// - Throws: `DatasetError` naming the file and dataset for a file that is not HDF5, a missing `images` or
    ///   `labels`, wrong dtypes or shapes, or labels that do not form a full grid.
    public init(shapes3DAt url: URL) throws {
        let images = try HDF5Dataset(fileAt: url, name: "images")
        let labels = try HDF5Dataset(fileAt: url, name: "labels")
        guard images.shape.count == 4, images.shape[3] == 3, images.elementKind == .unsignedInteger(1) else {
            throw DatasetError(
                "\(url.path): dataset 'images' holds \(images.elementKind) of shape \(images.shape); expected uint8 N x height x width x 3")
        }
        let k = ImageArrayDataset.shapes3DFactorNames.count
        guard labels.shape == [images.shape[0], k] else {
            throw DatasetError("\(url.path): dataset 'labels' has shape \(labels.shape); expected [\(images.shape[0]), \(k)] to label the images")
        }
        guard case .float = labels.elementKind else {
            throw DatasetError("\(url.path): dataset 'labels' holds \(labels.elementKind) elements; expected float64")
        }
        let stored = try StoredImages(source: "\(url.path): dataset 'images'", shape: images.shape, layout: .nhwc, pixels: HDF5Pixels(images))
        try self.init(LabeledImages(
            name: "shapes3d", images: stored, labels: labels.doubles(), factorNames: ImageArrayDataset.shapes3DFactorNames))
    }
}
