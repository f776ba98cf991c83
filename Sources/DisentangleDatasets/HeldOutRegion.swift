import Foundation

/// A region of factor space excluded from training and kept as a test split, to measure how a model generalises
/// to factor combinations it never saw (as in the Spatial Broadcast Decoder paper's held-out experiments).
///
/// A region is a predicate over a tuple of classes. ``box(_:in:)`` builds the common case, a product of class
/// ranges; ``GroundTruthDataset/split(holdingOut:)`` turns a region into train and test grid indices.
///
/// ```swift
/// let circles = Circles()
/// // Hold out the top-left quarter of positions.
/// let region = try HeldOutRegion.box(["x": 0...19, "y": 0...19], in: circles)
/// let split = circles.split(holdingOut: region)        // 1200 train, 400 test indices
/// ```
public struct HeldOutRegion: Sendable {
    /// A human-readable description, e.g. `x in 0...19 and y in 0...19`.
    public let description: String
    private let predicate: @Sendable ([Int]) -> Bool

    /// A region containing exactly the tuples of classes for which `contains` returns `true`.
    public init(_ description: String, contains: @escaping @Sendable (_ classes: [Int]) -> Bool) {
        self.description = description
        predicate = contains
    }

    /// Whether a tuple of classes (one per factor, in the dataset's order) lies in the region.
    public func contains(_ classes: [Int]) -> Bool {
        predicate(classes)
    }

    /// The tuples whose class of every named factor lies in its range (factors not named are unconstrained).
    ///
    /// - Throws: ``DatasetError`` if a name is not a factor of `dataset` or a range is outside the factor's classes.
    public static func box(_ bounds: [String: ClosedRange<Int>], in dataset: some GroundTruthDataset) throws -> HeldOutRegion {
        var constraints: [(factor: Int, range: ClosedRange<Int>)] = []
        for (name, range) in bounds.sorted(by: { $0.key < $1.key }) {
            guard let k = dataset.factorNames.firstIndex(of: name) else {
                throw DatasetError(
                    "\(dataset.name): no factor named '\(name)'; factors are \(dataset.factorNames.joined(separator: ", "))")
            }
            guard range.lowerBound >= 0 && range.upperBound < dataset.factors[k].size else {
                throw DatasetError(
                    "\(dataset.name): held-out range \(range) of factor '\(name)' is outside 0..<\(dataset.factors[k].size)")
            }
            constraints.append((k, range))
        }
        let description = constraints.map { "\(dataset.factors[$0.factor].name) in \($0.range)" }.joined(separator: " and ")
        let fixed = constraints
        return HeldOutRegion(description.isEmpty ? "everything" : description) { classes in
            fixed.allSatisfy { $0.range.contains(classes[$0.factor]) }
        }
    }
}

extension HeldOutRegion {
    /// The box a specification such as `x=0...19,y=0...19` describes: comma-separated `FACTOR=LOW...HIGH`
    /// ranges of class indices (both included), as ``box(_:in:)`` takes them; `FACTOR=K` is `K...K`.
    ///
    /// - Throws: ``DatasetError`` naming the part that is not `FACTOR=LOW...HIGH`, and the errors of ``box(_:in:)``.
    public static func box(specification: String, in dataset: some GroundTruthDataset) throws -> HeldOutRegion {
        var bounds: [String: ClosedRange<Int>] = [:]
        for part in specification.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let ends = pieces.count == 2 ? pieces[1].components(separatedBy: "...") : []
            guard pieces.count == 2, !pieces[0].isEmpty, (1...2).contains(ends.count),
                let low = Int(ends[0]), let high = Int(ends.last!), low <= high
            else {
                throw DatasetError(
                    "\(dataset.name): held-out region '\(specification)': '\(part)' is not FACTOR=LOW...HIGH (class indices)")
            }
            guard bounds[pieces[0]] == nil else {
                throw DatasetError("\(dataset.name): held-out region '\(specification)' names factor '\(pieces[0])' twice")
            }
            bounds[pieces[0]] = low...high
        }
        guard !bounds.isEmpty else {
            throw DatasetError("\(dataset.name): held-out region '\(specification)' is empty; expected FACTOR=LOW...HIGH,...")
        }
        return try box(bounds, in: dataset)
    }
}

extension GroundTruthDataset {
    /// Divides the full grid into the tuples outside `region` (train) and inside it (test).
    public func split(holdingOut region: HeldOutRegion) -> DatasetSplit {
        var train: [Int] = []
        var test: [Int] = []
        let sizes = factorSizes
        var classes = [Int](repeating: 0, count: sizes.count)
        for index in 0..<gridCount {
            classes.withUnsafeMutableBufferPointer { writeClasses(of: index, sizes: sizes, into: $0) }
            if region.contains(classes) { test.append(index) } else { train.append(index) }
        }
        return DatasetSplit(train: train, test: test)
    }
}
