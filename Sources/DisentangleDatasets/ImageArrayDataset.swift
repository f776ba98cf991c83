import DisentangleTensor
import Foundation

/// A ground-truth dataset backed by stored images and their factor labels: the real dSprites archive
/// (``init(dSpritesArchiveAt:maximumMemberSize:)``) or any pair of `.npy` arrays
/// (``init(name:images:factors:factorNames:channelsLast:)``).
///
/// The labels must cover a full grid: every combination of the factors' classes must appear exactly once
/// (rows may come in any order). Each factor's classes are its distinct label values in ascending order, and those
/// values become ``Factor/values``. Pixels are stored compactly: `uint8`/`bool` images whose values are all 0 or 1
/// as bits (binary, like dSprites), other `uint8` images as bytes read as `value / 255`, `float32`/`float64`
/// images as `Float`.
public struct ImageArrayDataset: GroundTruthDataset {
    /// The name given when loading.
    public let name: String
    /// The factors derived from the labels.
    public let factors: [Factor]
    /// `[channels, height, width]`.
    public let observationShape: [Int]
    /// `false`: observations are the stored images.
    public let hasNuisanceVariation = false

    private let sizes: [Int]
    private let pixels: PixelStorage
    private let channelsLast: Bool
    /// The stored row of each grid index, or `nil` when rows are already in grid order.
    private let rowOfGridIndex: [Int32]?

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
        let (count, shape) = try ImageArrayDataset.imageShape(images.shape, channelsLast: channelsLast, source: "\(name): images")
        guard [1, 2].contains(factors.shape.count), factors.shape.first == count else {
            throw DatasetError("\(name): factors have shape \(factors.shape); expected [\(count), K] to label \(count) images")
        }
        let k = factors.shape.count == 2 ? factors.shape[1] : 1
        guard k > 0 else { throw DatasetError("\(name): factors have shape \(factors.shape); expected at least one column") }
        let names = factorNames ?? (0..<k).map { "factor\($0)" }
        guard names.count == k else {
            throw DatasetError("\(name): \(names.count) factor names given for \(k) factor columns")
        }
        let labels = factors.doubles()
        var derived: [Factor] = []
        var classes = [Int](repeating: 0, count: count * k)
        for column in 0..<k {
            let values = (0..<count).map { labels[$0 * k + column] }
            let distinct = Array(Set(values)).sorted()
            guard !distinct.contains(where: \.isNaN) else {
                throw DatasetError("\(name): factor '\(names[column])' has NaN labels")
            }
            let lookup = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, $0.offset) })
            for row in 0..<count { classes[row * k + column] = lookup[values[row]]! }
            derived.append(Factor(name: names[column], values: distinct))
        }
        let pixels: PixelStorage
        switch images.dtype {
        case .uint8, .bool:
            var builder = PixelStorageBuilder(count: images.count)
            images.bytes.withUnsafeBytes { builder.append($0) }
            pixels = builder.finish()
        case .float32, .float64:
            pixels = .floats(images.floats())
        default:
            throw DatasetError(
                "\(name): images have dtype '\(images.dtype.descriptor)'; expected uint8, bool, float32 or float64")
        }
        try self.init(name: name, factors: derived, classes: classes, observationShape: shape, channelsLast: channelsLast, pixels: pixels)
    }

    /// Loads images and labels from two `.npy` files (see ``init(name:images:factors:factorNames:channelsLast:)``).
    ///
    /// - Throws: ``DatasetError`` naming the file for unreadable or malformed files, and the problems above.
    public init(name: String, imagesAt images: URL, factorsAt factors: URL, factorNames: [String]? = nil, channelsLast: Bool = false) throws {
        func load(_ url: URL) throws -> NumPyArray {
            do {
                return try NumPyArray(contentsOf: url)
            } catch let error as NumPyArrayError {
                throw DatasetError(error.description)
            }
        }
        try self.init(name: name, images: load(images), factors: load(factors), factorNames: factorNames, channelsLast: channelsLast)
    }

    /// Assembles a dataset from derived factors and row-major classes, checking that they form a full grid.
    init(name: String, factors: [Factor], classes: [Int], observationShape: [Int], channelsLast: Bool, pixels: PixelStorage) throws {
        let k = factors.count
        let count = k == 0 ? 0 : classes.count / k
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
        self.observationShape = observationShape
        self.channelsLast = channelsLast
        self.pixels = pixels
        self.sizes = sizes
        rowOfGridIndex = ordered ? nil : rows
    }

    /// Checks an image array's shape and returns the image count and the CHW observation shape.
    static func imageShape(_ shape: [Int], channelsLast: Bool, source: String) throws -> (count: Int, observation: [Int]) {
        switch shape.count {
        case 3:
            return (shape[0], [1, shape[1], shape[2]])
        case 4:
            return (shape[0], channelsLast ? [shape[3], shape[1], shape[2]] : Array(shape[1...]))
        default:
            throw DatasetError("\(source): shape \(shape) is not N x H x W or N x C x H x W")
        }
    }

    /// Copies the stored image of the grid point `classes` into `output` (CHW).
    public func render(classes: UnsafeBufferPointer<Int>, nuisanceSeed: UInt64, into output: UnsafeMutableBufferPointer<Float>) {
        let index = gridIndex(of: classes, sizes: sizes)
        let row = rowOfGridIndex.map { Int($0[index]) } ?? index
        let size = output.count
        let out = output.baseAddress!
        let channels = observationShape[0]
        if channelsLast && channels > 1 {
            let plane = size / channels
            pixels.copy(start: row * size, count: size, into: out) { ($0 % channels) * plane + $0 / channels }
        } else {
            pixels.copy(start: row * size, count: size, into: out) { $0 }
        }
    }
}
