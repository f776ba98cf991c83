import DisentangleTensor

/// Latent codes: an N x D matrix of finite values, one row per data point and one column per code dimension.
///
/// Values are stored row-major in `Double`. Codes given as `Float` are widened exactly, which is what
/// disentanglement_lib does (it casts float32 codes to float64 before computing anything); the tree-based
/// estimators round them back to `Float`, as scikit-learn's trees do.
public struct CodeMatrix: Sendable, Equatable, Codable, RowMajorMatrix {
    /// What error messages call these values.
    static let inputName = "codes"

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
        try Self.checkShape(rowCount: rowCount, columnCount: columnCount, count: values.count)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw MetricError.nonFinite(input: Self.inputName, row: bad / columnCount, column: bad % columnCount)
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
        let (rowCount, columnCount, flat) = try Self.flatten(rows)
        try self.init(rowCount: rowCount, columnCount: columnCount, values: flat)
    }

    /// Creates codes from rows of `Float`s; every row must have the same length.
    @_disfavoredOverload
    public init(_ rows: [[Float]]) throws {
        try self.init(rows.map { $0.map(Double.init) })
    }

    /// Creates codes from a rank-2 tensor of shape [N, D].
    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else { throw MetricError.notAMatrix(input: Self.inputName, shape: tensor.shape) }
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
    public func column(_ j: Int) -> [Double] { columnValues(j) }

    /// All columns, each as an array over the rows.
    public func columns() -> [[Double]] {
        var result = [[Double]](repeating: [Double](repeating: 0, count: rowCount), count: columnCount)
        for i in 0..<rowCount {
            for j in 0..<columnCount { result[j][i] = values[i * columnCount + j] }
        }
        return result
    }

    /// The rows in `range`, as a new matrix (the range must be non-empty and inside `0..<rowCount`).
    public func rows(_ range: Range<Int>) -> CodeMatrix { rowSlice(range) }

    /// The rows at `indices` (repeats allowed), in that order, as a new matrix.
    public func rows(at indices: [Int]) -> CodeMatrix { gatheredRows(indices) }
}
