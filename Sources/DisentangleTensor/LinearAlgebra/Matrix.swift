import COpenBLAS
import Foundation

extension LinearAlgebra {
    /// A dense row-major matrix of `Double`, the input and result type of the `Double` linear algebra routines.
    ///
    /// ```swift
    /// let a = LinearAlgebra.Matrix(rows: 2, columns: 2, scalars: [4, 2, 2, 3])
    /// let l = try LinearAlgebra.cholesky(a)   // [[2, 0], [1, 1.414...]]
    /// ```
    public struct Matrix: Equatable, Sendable {
        /// The number of rows.
        public let rows: Int
        /// The number of columns.
        public let columns: Int
        /// The entries in row-major order: entry `(i, j)` is `scalars[i * columns + j]`.
        public internal(set) var scalars: [Double]

        /// Creates a matrix from row-major scalars. Traps if `scalars.count != rows * columns` or a dimension is
        /// negative.
        public init(rows: Int, columns: Int, scalars: [Double]) {
            precondition(rows >= 0 && columns >= 0, "Matrix: negative dimension in [\(rows), \(columns)]")
            precondition(
                scalars.count == rows * columns,
                "Matrix: shape [\(rows), \(columns)] needs \(rows * columns) scalars, got \(scalars.count)")
            self.rows = rows
            self.columns = columns
            self.scalars = scalars
        }

        /// Creates a `rows` x `columns` matrix of zeros.
        public init(zeros rows: Int, _ columns: Int) {
            self.init(rows: rows, columns: columns, scalars: [Double](repeating: 0, count: rows * columns))
        }

        /// The `n` x `n` identity matrix.
        public static func identity(_ n: Int) -> Matrix {
            var result = Matrix(zeros: n, n)
            for i in 0..<n { result[i, i] = 1 }
            return result
        }

        /// The entry in row `row` and column `column`.
        public subscript(row: Int, column: Int) -> Double {
            get {
                precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                             "Matrix: index (\(row), \(column)) is out of range for shape [\(rows), \(columns)]")
                return scalars[row * columns + column]
            }
            set {
                precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                             "Matrix: index (\(row), \(column)) is out of range for shape [\(rows), \(columns)]")
                scalars[row * columns + column] = newValue
            }
        }

        /// The shape as `[rows, columns]`.
        public var shape: [Int] { [rows, columns] }

        /// The transpose.
        public func transposed() -> Matrix {
            var result = Matrix(zeros: columns, rows)
            for i in 0..<rows {
                for j in 0..<columns { result.scalars[j * rows + i] = scalars[i * columns + j] }
            }
            return result
        }

        /// The matrix product `lhs * rhs` (computed with `cblas_dgemm`). Traps if the inner dimensions differ.
        public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
            precondition(lhs.columns == rhs.rows,
                         "Matrix *: shapes \(describe(lhs.shape)) and \(describe(rhs.shape)) do not multiply")
            var result = Matrix(zeros: lhs.rows, rhs.columns)
            guard lhs.rows > 0, rhs.columns > 0, lhs.columns > 0 else { return result }
            cblas_dgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans,
                Int32(lhs.rows), Int32(rhs.columns), Int32(lhs.columns),
                1, lhs.scalars, Int32(lhs.columns), rhs.scalars, Int32(rhs.columns),
                0, &result.scalars, Int32(rhs.columns))
            return result
        }

        /// The symmetric part `(A + Aᵀ) / 2` of a square matrix, exact when `A` is already symmetric.
        func symmetricPart() -> Matrix {
            var result = self
            for i in 0..<rows {
                for j in 0..<i {
                    let mean = 0.5 * scalars[i * columns + j] + 0.5 * scalars[j * columns + i]
                    result.scalars[i * columns + j] = mean
                    result.scalars[j * columns + i] = mean
                }
            }
            return result
        }

        /// The exponent `e` of the largest magnitude `m` among the entries, `2ᵉ ≤ m < 2ᵉ⁺¹`; 0 if all are zero.
        var largestMagnitudeExponent: Int {
            let largest = scalars.lazy.map(abs).max() ?? 0
            return largest > 0 ? Int(largest.exponent) : 0
        }

        /// Every entry multiplied by `2ᵉ`: exact unless a result leaves the normal range.
        func scaled(byPowerOfTwo exponent: Int) -> Matrix {
            guard exponent != 0 else { return self }
            var result = self
            for i in result.scalars.indices { result.scalars[i] = scalbn(result.scalars[i], exponent) }
            return result
        }

        /// The leading `rows` x `columns` block of a row-major buffer whose rows are `stride` scalars apart.
        static func block(of buffer: [Double], stride: Int, rows: Int, columns: Int) -> Matrix {
            var result = Matrix(zeros: rows, columns)
            for i in 0..<rows {
                for j in 0..<columns { result.scalars[i * columns + j] = buffer[i * stride + j] }
            }
            return result
        }
    }
}
