import DisentangleTensor
import Foundation

extension LabeledImages {
    /// The member names tried, in order, for the images of an `.npz` archive when none is given.
    public static let imageMemberNames = ["images", "imgs", "x", "X", "data"]
    /// The member names tried, in order, for the labels of an `.npz` archive when none is given.
    public static let factorMemberNames = ["factors", "labels", "latents_classes", "y", "targets"]

    /// Loads a `.npy` image array (memory-mapped) and, optionally, a `.npy` label array (`N` or `N x K`).
    ///
    /// - Parameters:
    ///   - url: the images, `N x H x W`, `N x C x H x W` or `N x H x W x C`; `uint8`, `bool`, `float32` or `float64`.
    ///   - factorsURL: the labels, or `nil` for unlabelled images.
    ///   - factorNames: one name per label column; `nil` means `factor0`, `factor1`, ...
    ///   - layout: the images' axis order; `nil` infers it (``ImageLayout/inferred(from:source:)``).
    /// - Throws: ``DatasetError`` naming the file and field for malformed files or shapes that do not fit.
    public init(npyAt url: URL, factorsAt factorsURL: URL?, factorNames: [String]? = nil, layout: ImageLayout? = nil) throws {
        let images = try StoredImages(npyAt: url, layout: layout)
        let name = url.deletingPathExtension().lastPathComponent
        guard let factorsURL else {
            self.init(name: name, images: images)
            return
        }
        let labels: NumPyArray
        do {
            labels = try NumPyArray(contentsOf: factorsURL)
        } catch let error as NumPyArrayError {
            throw DatasetError(error.description)
        }
        try self.init(name: name, images: images, labels: labels, factorNames: factorNames)
    }

    /// Loads images and, if present, labels from an `.npz` archive.
    ///
    /// - Parameters:
    ///   - url: the archive.
    ///   - imagesMember: the images' member; `nil` takes the first of ``imageMemberNames`` present.
    ///   - factorsMember: the labels' member; `nil` takes the first of ``factorMemberNames`` present, if any.
    ///   - factorNames: one name per label column; `nil` means `factor0`, `factor1`, ...
    ///   - layout: the images' axis order; `nil` infers it.
    /// - Throws: ``DatasetError`` naming the archive and member for missing members, dtypes or shapes that do not
    ///   fit, and every malformed-archive case of ``NPZArchive``.
    public init(
        npzAt url: URL, imagesMember: String? = nil, factorsMember: String? = nil, factorNames: [String]? = nil,
        layout: ImageLayout? = nil
    ) throws {
        let archive = try NPZArchive(contentsOf: url)
        guard let imagesMember = imagesMember ?? LabeledImages.imageMemberNames.first(where: archive.names.contains) else {
            throw DatasetError(
                "\(url.path): no images member (tried \(LabeledImages.imageMemberNames.joined(separator: ", "))); the archive holds "
                    + "\(archive.names.map { "'\($0)'" }.joined(separator: ", ")); name the member explicitly")
        }
        let images = try StoredImages(archive: archive, member: imagesMember, layout: layout)
        let name = url.deletingPathExtension().lastPathComponent
        guard let factorsMember = factorsMember ?? LabeledImages.factorMemberNames.first(where: archive.names.contains) else {
            self.init(name: name, images: images)
            return
        }
        try self.init(name: name, images: images, labels: archive.array(named: factorsMember), factorNames: factorNames)
    }
}
