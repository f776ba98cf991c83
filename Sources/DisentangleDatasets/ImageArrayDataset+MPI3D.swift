import DisentangleTensor
import Foundation

extension ImageArrayDataset {
    /// The factors of MPI3D, in grid order (the last varies fastest in the archive).
    public static let mpi3DFactorNames = [
        "object_color", "object_shape", "object_size", "camera_height", "background_color", "horizontal_axis", "vertical_axis",
    ]

    /// The factor grid of an MPI3D archive holding `count` images: `[4, 4, 2, 3, 3, 40, 40]` for the toy and
    /// realistic archives (460,800 images), `[6, 6, 2, 3, 3, 40, 40]` for the real one (1,036,800); `nil` otherwise.
    public static func mpi3DFactorSizes(imageCount count: Int) -> [Int]? {
        [[4, 4, 2, 3, 3, 40, 40], [6, 6, 2, 3, 3, 40, 40]].first { $0.reduce(1, *) == count }
    }

    /// Loads an MPI3D archive (`mpi3d_toy.npz`, `mpi3d_realistic.npz`, `mpi3d_real.npz`): member `images`,
    /// `N x 64 x 64 x 3` `uint8` in grid order, without labels; the factors are ``mpi3DFactorNames`` with class
    /// indices as values. The archives are stored (`np.savez`), so the images are read in place from the
    /// file as they are needed (the real archive is 12 GB). The dataset is named `"mpi3d"`.
    ///
    /// - Parameters:
    ///   - url: the archive.
    ///   - factorSizes: the grid; `nil` infers it from the image count (``mpi3DFactorSizes(imageCount:)``).
    /// - Throws: ``DatasetError`` naming the archive and member for a missing `images` member, a wrong dtype or
    ///   shape, or an image count that does not fill the grid, and every malformed-archive case of ``NPZArchive``.
    public init(mpi3DArchiveAt url: URL, factorSizes: [Int]? = nil) throws {
        let archive = try NPZArchive(contentsOf: url)
        let images = try StoredImages(archive: archive, member: "images", layout: .nhwc)
        guard let sizes = factorSizes ?? ImageArrayDataset.mpi3DFactorSizes(imageCount: images.count) else {
            throw DatasetError(
                "\(url.path): member 'images' holds \(images.count) images; an MPI3D archive holds 460800 "
                    + "(grid 4 x 4 x 2 x 3 x 3 x 40 x 40) or 1036800 (6 x 6 x 2 x 3 x 3 x 40 x 40); give the grid explicitly otherwise")
        }
        guard sizes.count == ImageArrayDataset.mpi3DFactorNames.count, sizes.allSatisfy({ $0 > 0 }) else {
            throw DatasetError("\(url.path): the MPI3D grid \(sizes) must have 7 positive sizes (\(ImageArrayDataset.mpi3DFactorNames.joined(separator: ", ")))")
        }
        let factors = zip(ImageArrayDataset.mpi3DFactorNames, sizes).map { Factor(name: $0, size: $1) }
        try self.init(name: "mpi3d", gridOrdered: factors, images: images)
    }
}
