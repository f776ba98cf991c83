import DisentangleTensor

/// Latent codes: an N x D matrix of finite values, one row per data point and one column per code dimension.
///
/// Values are stored row-major in `Double`. Codes given as `Float` are widened exactly, which is what
/// disentanglement_lib does (it casts float32 codes to float64 before computing anything); the tree-based
/// estimators round them back to `Float`, as scikit-learn's trees do.
public struct CodeMatrix: Sendable, Equatable, Codable {
    /// The number of rows (data points), N.
    public let rowCount: Int
    /// The number of columns (code dimensions), D.
    public let columnCount: Int
    /// The values, row-major: entry (i, j) is `values[i * columnCount + j]`.
    public let values: [Double]

    /// Creates codes from a row-major buffer of `Double`s.
    ///
    /// - Throws: ``MetricError`` if the matrix is empty, the count is not `rowCount * columnCount`, or a value is
    ///   not finite.
    public init(rowCount: Int, columnCount: Int, values: [Double]) throws {
        guard rowCount > 0, columnCount > 0 else { throw MetricError.emptyInput("codes") }
        guard values.count == rowCount * columnCount else {
            throw MetricError.wrongElementCount(input: "codes", expected: rowCount * columnCount, found: values.count)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw MetricError.nonFinite(input: "codes", row: bad / columnCount, column: bad % columnCount)
        }
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// Creates codes from a row-major buffer of `Float`s (widened exactly to `Double`).
    @_disfavoredOverload
    public init(rowCount: Int, columnCount: Int, values: [Float]) throws {
        try self.init(rowCount: rowCount, columnCount: columnCount, values: values.map(Double.init))
    }

    /// Creates codes from rows of `Double`s; every row must have the same length.
    public init(_ rows: [[Double]]) throws {
        guard let first = rows.first, !first.isEmpty else { throw MetricError.emptyInput("codes") }
        var flat = [Double]()
        flat.reserveCapacity(rows.count * first.count)
        for (i, row) in rows.enumerated() {
            guard row.count == first.count else {
                throw MetricError.raggedRows(input: "codes", row: i, expected: first.count, found: row.count)
            }
            flat.append(contentsOf: row)
        }
        try self.init(rowCount: rows.count, columnCount: first.count, values: flat)
    }

    /// Creates codes from rows of `Float`s; every row must have the same length.
    @_disfavoredOverload
    public init(_ rows: [[Float]]) throws {
        try self.init(rows.map { $0.map(Double.init) })
    }

    /// Creates codes from a rank-2 tensor of shape [N, D].
    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else { throw MetricError.notAMatrix(input: "codes", shape: tensor.shape) }
        try self.init(rowCount: tensor.shape[0], columnCount: tensor.shape[1], values: tensor.scalars)
    }

    /// Creates a matrix without validation, for values the library computed itself.
    init(validated rowCount: Int, _ columnCount: Int, _ values: [Double]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// The entry at (`row`, `column`).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        values[row * columnCount + column]
    }

    /// Column `j`: one code dimension over all rows.
    public func column(_ j: Int) -> [Double] {
        (0..<rowCount).map { values[$0 * columnCount + j] }
    }

    /// All columns, each as an array over the rows.
    public func columns() -> [[Double]] {
        var result = [[Double]](repeating: [Double](repeating: 0, count: rowCount), count: columnCount)
        for i in 0..<rowCount {
            for j in 0..<columnCount { result[j][i] = values[i * columnCount + j] }
        }
        return result
    }

    /// The rows in `range`, as a new matrix (the range must be non-empty and inside `0..<rowCount`).
    public func rows(_ range: Range<Int>) -> CodeMatrix {
        precondition(!range.isEmpty && range.lowerBound >= 0 && range.upperBound <= rowCount, "row range \(range) outside 0..<\(rowCount)")
        return CodeMatrix(validated: range.count, columnCount,
                          Array(values[(range.lowerBound * columnCount)..<(range.upperBound * columnCount)]))
    }

    /// The rows at `indices` (repeats allowed), in that order, as a new matrix.
    public func rows(at indices: [Int]) -> CodeMatrix {
        precondition(!indices.isEmpty, "rows(at:) needs at least one index")
        var flat = [Double]()
        flat.reserveCapacity(indices.count * columnCount)
        for i in indices { flat.append(contentsOf: values[(i * columnCount)..<((i + 1) * columnCount)]) }
        return CodeMatrix(validated: indices.count, columnCount, flat)
    }
}
