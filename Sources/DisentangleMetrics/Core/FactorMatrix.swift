import DisentangleTensor

/// Ground-truth factors of variation: an N x K matrix of integer labels, one row per data point.
///
/// Factor values are class labels: any integers (they need not start at 0 or be contiguous).
public struct FactorMatrix: Sendable, Equatable, Codable, RowMajorMatrix {
    /// What error messages call these values.
    static let inputName = "factors"

    /// The number of rows (data points), N.
    public let rowCount: Int
    /// The number of columns (factors), K.
    public let columnCount: Int
    /// The values, row-major: entry (i, k) is `values[i * columnCount + k]`.
    public let values: [Int]

    /// Creates factors from a row-major buffer.
    ///
    /// - Throws: ``MetricError`` if the matrix is empty or the count is not `rowCount * columnCount`.
    public init(rowCount: Int, columnCount: Int, values: [Int]) throws {
        try Self.checkShape(rowCount: rowCount, columnCount: columnCount, count: values.count)
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// Creates factors from rows; every row must have the same length.
    public init(_ rows: [[Int]]) throws {
        let (rowCount, columnCount, flat) = try Self.flatten(rows)
        try self.init(rowCount: rowCount, columnCount: columnCount, values: flat)
    }

    /// Creates factors from a rank-2 tensor of shape [N, K] whose values are whole numbers.
    ///
    /// - Throws: ``MetricError/nonFinite(input:row:column:)`` for a value that is not a finite whole number.
    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else { throw MetricError.notAMatrix(input: Self.inputName, shape: tensor.shape) }
        let columns = tensor.shape[1]
        let scalars = tensor.scalars
        var flat = [Int]()
        flat.reserveCapacity(scalars.count)
        for (index, value) in scalars.enumerated() {
            guard value.isFinite, value.rounded() == value, abs(value) < 0x1p53 else {
                throw MetricError.nonFinite(input: Self.inputName, row: index / max(columns, 1), column: index % max(columns, 1))
            }
            flat.append(Int(value))
        }
        try self.init(rowCount: tensor.shape[0], columnCount: columns, values: flat)
    }

    /// Creates a matrix without validation, for values the library computed itself.
    init(validated rowCount: Int, _ columnCount: Int, _ values: [Int]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// The entry at (`row`, `column`).
    @inlinable
    public subscript(row: Int, column: Int) -> Int {
        values[row * columnCount + column]
    }

    /// Column `k`: one factor over all rows.
    public func column(_ k: Int) -> [Int] { columnValues(k) }

    /// The rows in `range`, as a new matrix (the range must be non-empty and inside `0..<rowCount`).
    public func rows(_ range: Range<Int>) -> FactorMatrix { rowSlice(range) }

    /// The rows at `indices` (repeats allowed), in that order, as a new matrix.
    public func rows(at indices: [Int]) -> FactorMatrix { gatheredRows(indices) }
}
