import DisentangleTensor
import Foundation

extension ImageArrayDataset {
    /// The latent names of the dSprites archive, in the column order of `latents_classes`.
    public static let dSpritesLatentNames = ["color", "shape", "scale", "orientation", "posX", "posY"]

    /// Loads the real dSprites archive (`dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz`) or any `.npz` with its
    /// layout: `imgs` (`uint8`, N x H x W), `latents_classes` (integers, N x 6) and `latents_values` (floats,
    /// N x 6), columns named as in ``dSpritesLatentNames``; a `metadata` member, if present, is ignored.
    ///
    /// Factors with a single class (the archive's constant `color`) are dropped, as in disentanglement_lib's
    /// `dsprites_full`, leaving `shape, scale, orientation, posX, posY` whose values come from `latents_values`.
    /// The images are decompressed in chunks straight into bit-packed storage (about 377 MB for the full archive).
    /// The dataset is named `"dsprites-archive"`.
    ///
    /// - Throws: ``DatasetError`` naming the archive and member for missing members, wrong dtypes or shapes,
    ///   inconsistent labels, an incomplete grid, and every malformed-archive case of ``NPZArchive``.
    public init(dSpritesArchiveAt url: URL, maximumMemberSize: Int = NPZArchive.defaultMaximumMemberSize) throws {
        let archive = try NPZArchive(contentsOf: url, maximumMemberSize: maximumMemberSize)
        try self.init(dSpritesArchive: archive)
    }

    /// Loads an archive with the dSprites layout from an opened ``NPZArchive``
    /// (see ``init(dSpritesArchiveAt:maximumMemberSize:)``).
    public init(dSpritesArchive archive: NPZArchive) throws {
        let source = archive.source
        let classArray = try archive.array(named: "latents_classes")
        let valueArray = try archive.array(named: "latents_values")
        let latentCount = ImageArrayDataset.dSpritesLatentNames.count
        guard classArray.shape.count == 2, classArray.shape[1] == latentCount, !classArray.dtype.isFloatingPoint else {
            throw DatasetError(
                "\(source): member 'latents_classes' has shape \(classArray.shape) and dtype "
                    + "'\(classArray.dtype.descriptor)'; expected N x \(latentCount) integers")
        }
        guard valueArray.shape == classArray.shape else {
            throw DatasetError(
                "\(source): member 'latents_values' has shape \(valueArray.shape); expected \(classArray.shape) like 'latents_classes'")
        }
        let count = classArray.shape[0]
        let allClasses = try classArray.integers()
        let allValues = valueArray.doubles()

        var kept: [Int] = []
        var factors: [Factor] = []
        for column in 0..<latentCount {
            let name = ImageArrayDataset.dSpritesLatentNames[column]
            var values: [Double?] = []
            for row in 0..<count {
                let c = allClasses[row * latentCount + column]
                guard c >= 0 && c < count else {
                    throw DatasetError("\(source): member 'latents_classes': row \(row), latent '\(name)': class \(c) is out of range")
                }
                if c >= values.count { values += [Double?](repeating: nil, count: c + 1 - values.count) }
                let v = allValues[row * latentCount + column]
                if let known = values[c], known != v {
                    throw DatasetError(
                        "\(source): latent '\(name)' class \(c) has value \(known) in one row and \(v) in row \(row) "
                            + "('latents_values' disagrees with 'latents_classes')")
                }
                values[c] = v
            }
            if let missing = values.firstIndex(where: { $0 == nil }) {
                throw DatasetError("\(source): latent '\(name)' never takes class \(missing), so the grid is incomplete")
            }
            if values.count > 1 {
                kept.append(column)
                factors.append(Factor(name: name, values: values.map { $0! }))
            }
        }
        var classes = [Int]()
        classes.reserveCapacity(count * kept.count)
        for row in 0..<count {
            for column in kept { classes.append(allClasses[row * latentCount + column]) }
        }

        var shape: [Int] = []
        var builder: PixelStorageBuilder?
        try archive.stream("imgs", header: { header in
            guard header.dtype == .uint8 || header.dtype == .bool else {
                throw DatasetError(
                    "\(source): member 'imgs' has dtype '\(header.dtype.descriptor)'; expected uint8 ('|u1') as in dSprites")
            }
            guard header.shape.count == 3, header.shape[0] == count else {
                throw DatasetError(
                    "\(source): member 'imgs' has shape \(header.shape); expected [\(count), height, width] to match the labels")
            }
            shape = header.shape
            builder = PixelStorageBuilder(count: header.elementCount)
            return true
        }, data: { chunk in builder!.append(chunk) })
        let images = try StoredImages(source: "\(source): member 'imgs'", shape: shape, layout: .nhw, pixels: builder!.finish())
        try self.init(name: "dsprites-archive", factors: factors, classes: classes, images: images)
    }
}
