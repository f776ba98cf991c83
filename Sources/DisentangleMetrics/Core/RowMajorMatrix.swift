/// A non-empty N x M matrix stored row-major in one array: the shape checks, the flattening of rows and the
/// column and row selection that ``CodeMatrix`` and ``FactorMatrix`` share.
protocol RowMajorMatrix {
    /// The type of one entry.
    associatedtype Scalar
    /// What the matrix holds, as error messages name it (`"codes"`, `"factors"`).
    static var inputName: String { get }
    /// The number of rows.
    var rowCount: Int { get }
    /// The number of columns.
    var columnCount: Int { get }
    /// The values, row-major: entry (i, j) is `values[i * columnCount + j]`.
    var values: [Scalar] { get }

    /// Creates a matrix without validation, for values the library computed itself.
    init(validated rowCount: Int, _ columnCount: Int, _ values: [Scalar])
}

extension RowMajorMatrix {
    /// Checks that a `rowCount` x `columnCount` matrix is not empty and that `count` values fill it exactly.
    ///
    /// - Throws: ``MetricError/emptyInput(_:)`` or ``MetricError/wrongElementCount(input:expected:found:)``.
    static func checkShape(rowCount: Int, columnCount: Int, count: Int) throws {
        guard rowCount > 0, columnCount > 0 else { throw MetricError.emptyInput(inputName) }
        guard count == rowCount * columnCount else {
            throw MetricError.wrongElementCount(input: inputName, expected: rowCount * columnCount, found: count)
        }
    }

    /// The rows concatenated into one row-major array, with the row and column counts.
    ///
    /// - Throws: ``MetricError/emptyInput(_:)`` for no rows or an empty first row,
    ///   ``MetricError/raggedRows(input:row:expected:found:)`` for a row of another length than the first.
    static func flatten(_ rows: [[Scalar]]) throws -> (rowCount: Int, columnCount: Int, values: [Scalar]) {
        guard let first = rows.first, !first.isEmpty else { throw MetricError.emptyInput(inputName) }
        var flat = [Scalar]()
        flat.reserveCapacity(rows.count * first.count)
        for (i, row) in rows.enumerated() {
            guard row.count == first.count else {
                throw MetricError.raggedRows(input: inputName, row: i, expected: first.count, found: row.count)
            }
            flat.append(contentsOf: row)
        }
        return (rows.count, first.count, flat)
    }

    /// Column `j` over all rows.
    func columnValues(_ j: Int) -> [Scalar] {
        (0..<rowCount).map { values[$0 * columnCount + j] }
    }

    /// The rows in `range`, as a new matrix (the range must be non-empty and inside `0..<rowCount`).
    func rowSlice(_ range: Range<Int>) -> Self {
        precondition(!range.isEmpty && range.lowerBound >= 0 && range.upperBound <= rowCount, "row range \(range) outside 0..<\(rowCount)")
        return Self(validated: range.count, columnCount,
                    Array(values[(range.lowerBound * columnCount)..<(range.upperBound * columnCount)]))
    }

    /// The rows at `indices` (repeats allowed), in that order, as a new matrix.
    func gatheredRows(_ indices: [Int]) -> Self {
        precondition(!indices.isEmpty, "rows(at:) needs at least one index")
        var flat = [Scalar]()
        flat.reserveCapacity(indices.count * columnCount)
        for i in indices { flat.append(contentsOf: values[(i * columnCount)..<((i + 1) * columnCount)]) }
        return Self(validated: indices.count, columnCount, flat)
    }
}
