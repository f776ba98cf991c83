import DisentangleTensor
import Foundation

/// Stored images with factor labels that need not form a full grid, such as MNIST's digits: enough to train on and
/// to compute metrics on observed samples (codes of chosen images against their labels).
///
/// Each factor's classes are its distinct label values in ascending order, and those values become
/// ``Factor/values``. When the labels do form a full grid, ``ImageArrayDataset/init(_:)`` makes a
/// ``GroundTruthDataset`` of them. Images without labels have no factors.
public struct LabeledImages: Sendable {
    /// The dataset's name, used in messages.
    public let name: String
    /// The images.
    public let images: StoredImages
    /// The factors derived from the labels (empty for unlabelled images).
    public let factors: [Factor]
    /// The class of every image's factors, row-major: `count x factors.count`.
    public let classes: [Int]

    /// The number of images.
    public var count: Int { images.count }
    /// The shape of one image, `[channels, height, width]`.
    public var observationShape: [Int] { images.observationShape }

    /// Pairs images with labels.
    ///
    /// - Parameters:
    ///   - name: the dataset's name, also used in error messages.
    ///   - images: the images.
    ///   - labels: the label values, row-major `images.count x factorNames.count` (empty for no factors).
    ///   - factorNames: one name per label column.
    /// - Throws: ``DatasetError`` if the label count does not fit, or a label is NaN.
    public init(name: String, images: StoredImages, labels: [Double], factorNames: [String]) throws {
        let k = factorNames.count
        guard labels.count == images.count * k else {
            throw DatasetError(
                "\(name): \(labels.count) label values for \(images.count) images and \(k) factors "
                    + "(\(factorNames.joined(separator: ", "))); expected \(images.count * k)")
        }
        var factors: [Factor] = []
        var classes = [Int](repeating: 0, count: labels.count)
        for column in 0..<k {
            var distinct = Set<Double>()
            for row in 0..<images.count {
                let value = labels[row * k + column]
                guard !value.isNaN else { throw DatasetError("\(name): factor '\(factorNames[column])' has a NaN label in row \(row)") }
                distinct.insert(value)
            }
            let values = distinct.sorted()
            let lookup = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($0.element, $0.offset) })
            for row in 0..<images.count { classes[row * k + column] = lookup[labels[row * k + column]]! }
            factors.append(Factor(name: factorNames[column], values: values))
        }
        self.name = name
        self.images = images
        self.factors = factors
        self.classes = classes
    }

    /// Pairs images with a label array (`N` for one factor or `N x K`) of any dtype.
    ///
    /// - Parameters:
    ///   - name: the dataset's name, also used in error messages.
    ///   - images: the images.
    ///   - labels: `images.count` labels, or `images.count x K`.
    ///   - factorNames: `K` names; `nil` means `factor0`, `factor1`, ...
    /// - Throws: ``DatasetError`` if the label array's shape does not fit the images or the names.
    public init(name: String, images: StoredImages, labels: NumPyArray, factorNames: [String]? = nil) throws {
        guard [1, 2].contains(labels.shape.count), labels.shape.first == images.count else {
            throw DatasetError("\(name): factors have shape \(labels.shape); expected [\(images.count), K] to label \(images.count) images")
        }
        let k = labels.shape.count == 2 ? labels.shape[1] : 1
        guard k > 0 else { throw DatasetError("\(name): factors have shape \(labels.shape); expected at least one column") }
        let names = factorNames ?? (0..<k).map { "factor\($0)" }
        guard names.count == k else {
            throw DatasetError("\(name): \(names.count) factor names given for \(k) factor columns")
        }
        try self.init(name: name, images: images, labels: labels.doubles(), factorNames: names)
    }

    /// Images without labels: trainable, with no factors to evaluate against.
    public init(name: String, images: StoredImages) {
        self.name = name
        self.images = images
        factors = []
        classes = []
    }

    /// Loads an MNIST-style pair of IDX files (plain or `.gz`): images `N x H x W` and labels `N`, the factor
    /// `digit`. The dataset is named `"mnist"`.
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
        let stored = try StoredImages(
            NumPyArray(dtype: .uint8, shape: images.shape, bytes: images.bytes), layout: .nhw, source: imagesURL.path)
        try self.init(name: "mnist", images: stored, labels: labels.bytes.map(Double.init), factorNames: ["digit"])
    }

    /// The classes of the images at `rows`, one row each.
    ///
    /// - Throws: ``DatasetError`` if a row is outside `0..<count`.
    public func factorClasses(rows: [Int]) throws -> FactorClasses {
        if let bad = rows.first(where: { $0 < 0 || $0 >= count }) {
            throw DatasetError("\(name): image \(bad) is outside 0..<\(count)")
        }
        let k = factors.count
        return FactorClasses(uncheckedCount: rows.count, factorCount: k, classes: rows.flatMap { classes[($0 * k)..<(($0 + 1) * k)] })
    }

    /// The images at `rows` as one `[rows.count, channels, height, width]` tensor.
    ///
    /// - Throws: ``DatasetError`` if a row is outside `0..<count`.
    public func observations(rows: [Int]) throws -> Tensor {
        try images.observations(rows: rows)
    }
}
