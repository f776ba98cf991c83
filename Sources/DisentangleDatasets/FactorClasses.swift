/// Factor classes of a set of observations: a row-major `count x factorCount` matrix of class indices.
///
/// Row `i` holds one class index per factor of a ``GroundTruthDataset``, in the dataset's factor order. This is the
/// `factors (N x K Int)` layout the metrics take.
public struct FactorClasses: Sendable, Equatable {
    /// The number of rows (observations).
    public let count: Int
    /// The number of columns (factors).
    public let factorCount: Int
    /// The class indices, row-major: entry `(i, k)` is at `i * factorCount + k`.
    public let classes: [Int]

    /// Wraps row-major class indices, checking that there are `count * factorCount` of them.
    public init(count: Int, factorCount: Int, classes: [Int]) throws {
        let (product, overflow) = count.multipliedReportingOverflow(by: factorCount)
        guard count >= 0, factorCount >= 0, !overflow, product == classes.count else {
            throw DatasetError("factor matrix of \(count) x \(factorCount) needs that many classes, got \(classes.count)")
        }
        self.count = count
        self.factorCount = factorCount
        self.classes = classes
    }

    /// Wraps classes whose count is known to be `count * factorCount`.
    init(uncheckedCount count: Int, factorCount: Int, classes: [Int]) {
        self.count = count
        self.factorCount = factorCount
        self.classes = classes
    }

    /// Builds the matrix from rows, which must all have the same length.
    public init(rows: [[Int]]) throws {
        let width = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw DatasetError("factor matrix row \(bad) has \(rows[bad].count) entries; row 0 has \(width)")
        }
        try self.init(count: rows.count, factorCount: width, classes: rows.flatMap { $0 })
    }

    /// The class of factor `factor` in row `row`.
    public subscript(row: Int, factor: Int) -> Int {
        precondition(row >= 0 && row < count && factor >= 0 && factor < factorCount,
                     "index (\(row), \(factor)) is out of range for a \(count) x \(factorCount) factor matrix")
        return classes[row * factorCount + factor]
    }

    /// The classes of one row.
    public func row(_ row: Int) -> [Int] {
        precondition(row >= 0 && row < count, "row \(row) is out of range for \(count) rows")
        return Array(classes[(row * factorCount)..<((row + 1) * factorCount)])
    }

    /// The classes of one factor across all rows.
    public func column(_ factor: Int) -> [Int] {
        precondition(factor >= 0 && factor < factorCount, "factor \(factor) is out of range for \(factorCount) factors")
        return (0..<count).map { classes[$0 * factorCount + factor] }
    }
}
