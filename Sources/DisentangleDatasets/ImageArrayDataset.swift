import DisentangleTensor
import Foundation

/// A ground-truth dataset backed by stored images and their factor labels: the real dSprites archive
/// (``init(dSpritesArchiveAt:maximumMemberSize:)``), Shapes3D, MPI3D, SmallNORB, or any labelled image array
/// (``init(_:)``, ``init(name:images:factors:factorNames:channelsLast:)``).
///
/// The labels must cover a full grid: every combination of the factors' classes must appear exactly once
/// (rows may come in any order). Each factor's classes are its distinct label values in ascending order, and those
/// values become ``Factor/values``. Pixels are stored as ``StoredImages`` (compact in memory, or read in place).
public struct ImageArrayDataset: GroundTruthDataset {
    /// The name given when loading.
    public let name: String
    /// The factors derived from the labels.
    public let factors: [Factor]
    /// `[channels, height, width]`.
    public let observationShape: [Int]
    /// `false`: observations are the stored images.
    public let hasNuisanceVariation = false

    /// The stored images, in their stored order.
    public let images: StoredImages
    private let sizes: [Int]
    /// The stored row of each grid index, or `nil` when rows are already in grid order.
    private let rowOfGridIndex: [Int32]?

    /// The grid of labelled images whose labels form a full grid.
    ///
    /// - Throws: ``DatasetError`` if there are no factors, or the labels miss a combination or repeat one.
    public init(_ labeled: LabeledImages) throws {
        guard !labeled.factors.isEmpty else {
            throw DatasetError("\(labeled.name): the images have no factor labels, so they form no factor grid")
        }
        try self.init(name: labeled.name, factors: labeled.factors, classes: labeled.classes, images: labeled.images)
    }

    /// Pairs an image array with a label array.
    ///
    /// - Parameters:
    ///   - name: the dataset's name, also used in error messages.
    ///   - images: `N x H x W` (one channel), or `N x C x H x W` (`N x H x W x C` if `channelsLast`), of dtype
    ///     `uint8`, `bool`, `float32` or `float64`.
    ///   - factors: `N x K` labels of any dtype (or a vector for one factor); row `i` labels image `i`.
    ///   - factorNames: `K` names; `nil` means `factor0`, `factor1`, ...
    ///   - channelsLast: whether four-dimensional images are stored `N x H x W x C` (as NumPy and TensorFlow usually
    ///     store them) instead of `N x C x H x W`.
    /// - Throws: ``DatasetError`` naming the array and the problem if shapes, dtypes or names do not fit, or the
    ///   labels do not form a full grid.
    public init(name: String, images: NumPyArray, factors: NumPyArray, factorNames: [String]? = nil, channelsLast: Bool = false) throws {
        let stored = try StoredImages(images, layout: ImageArrayDataset.layout(rank: images.shape.count, channelsLast: channelsLast), source: "\(name): images")
        try self.init(LabeledImages(name: name, images: stored, labels: factors, factorNames: factorNames))
    }

    /// Loads images and labels from two `.npy` files (see ``init(name:images:factors:factorNames:channelsLast:)``);
    /// the images are read in place as they are needed (see ``StoredImages``).
    ///
    /// - Throws: ``DatasetError`` naming the file for unreadable or malformed files, and the problems above.
    public init(name: String, imagesAt images: URL, factorsAt factors: URL, factorNames: [String]? = nil, channelsLast: Bool = false) throws {
        let header = try StoredImages.npyHeader(of: StoredFile(images))
        let layout = ImageArrayDataset.layout(rank: header.shape.count, channelsLast: channelsLast)
        let labels: NumPyArray
        do {
            labels = try NumPyArray(contentsOf: factors)
        } catch let error as NumPyArrayError {
            throw DatasetError(error.description)
        }
        try self.init(LabeledImages(
            name: name, images: StoredImages(npyAt: images, layout: layout), labels: labels, factorNames: factorNames))
    }

    /// The layout `channelsLast` asks for at `rank`; `nil` (inferred, so a clear error) for ranks other than 3 and 4.
    private static func layout(rank: Int, channelsLast: Bool) -> ImageLayout? {
        switch rank {
        case 3: .nhw
        case 4: channelsLast ? .nhwc : .nchw
        default: nil
        }
    }

    /// Assembles a dataset from factors and row-major classes, checking that they form a full grid.
    init(name: String, factors: [Factor], classes: [Int], images: StoredImages) throws {
        let k = factors.count
        let count = images.count
        guard classes.count == count * k else {
            throw DatasetError("\(name): \(classes.count / max(k, 1)) label rows for \(count) images")
        }
        var gridCount = 1
        for factor in factors {
            let (product, overflow) = gridCount.multipliedReportingOverflow(by: factor.size)
            guard !overflow else { throw DatasetError("\(name): the factor grid is too large") }
            gridCount = product
        }
        guard gridCount == count else {
            throw DatasetError(
                "\(name): \(count) labelled images do not form a full grid: the factors' classes "
                    + "(\(factors.map { "\($0.name) \($0.size)" }.joined(separator: ", "))) make \(gridCount) combinations")
        }
        guard count <= Int(Int32.max) else { throw DatasetError("\(name): \(count) images are more than \(Int32.max)") }
        let sizes = factors.map(\.size)
        var rows = [Int32](repeating: -1, count: count)
        var ordered = true
        try classes.withUnsafeBufferPointer { all in
            for row in 0..<count {
                let index = gridIndex(of: UnsafeBufferPointer(rebasing: all[(row * k)..<((row + 1) * k)]), sizes: sizes)
                guard rows[index] < 0 else {
                    throw DatasetError(
                        "\(name): images \(rows[index]) and \(row) have the same factor classes, so the grid is incomplete")
                }
                rows[index] = Int32(row)
                ordered = ordered && index == row
            }
        }
        self.name = name
        self.factors = factors
        self.observationShape = images.observationShape
        self.images = images
        self.sizes = sizes
        rowOfGridIndex = ordered ? nil : rows
    }

    /// A dataset whose images are stored in grid order (last factor fastest), as Shapes3D and MPI3D are.
    init(name: String, gridOrdered factors: [Factor], images: StoredImages) throws {
        let sizes = factors.map(\.size)
        guard sizes.reduce(1, *) == images.count else {
            throw DatasetError(
                "\(name): \(images.count) images do not fill the factor grid \(sizes) of \(sizes.reduce(1, *)) combinations")
        }
        self.name = name
        self.factors = factors
        self.observationShape = images.observationShape
        self.images = images
        self.sizes = sizes
        rowOfGridIndex = nil
    }

    /// The first failure to read the stored images since they were opened, or `nil` (see
    /// ``StoredImages/readFailure``); every read after it throws it.
    public var readFailure: DatasetError? { images.readFailure }

    /// Copies the stored image of the grid point `classes` into `output` (CHW).
    ///
    /// - Throws: ``DatasetError`` naming the file and the problem if the image cannot be read (see
    ///   ``StoredImages/render(row:into:)``).
    public func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) throws {
        let index = gridIndex(of: classes, sizes: sizes)
        try images.render(row: rowOfGridIndex.map { Int($0[index]) } ?? index, into: output)
    }
}
