import Foundation

extension LinearAlgebra {
    /// The sign and the natural logarithm of the absolute value of the determinant of a square n x n matrix.
    ///
    /// Computed in `Double` from the LU factorisation with partial pivoting (`dgetrf`): the logarithm is the sum of
    /// the logarithms of |U[i, i]|, so it neither overflows nor underflows where the determinant itself would. The
    /// determinant is `sign * exp(logAbsoluteValue)`. The determinant of the 0 x 0 matrix is 1.
    ///
    /// - Returns: `sign` (1, -1, or 0 for an exactly singular matrix) and `logAbsoluteValue` (`-infinity` for an
    ///   exactly singular matrix), as NumPy's `slogdet` does. A numerically singular matrix gives a very negative
    ///   but finite logarithm.
    /// - Throws: ``TensorError`` if `a` is not square or has a NaN or infinite entry.
    public static func logDeterminant(_ a: Matrix) throws -> (sign: Double, logAbsoluteValue: Double) {
        let (lu, pivots, zeroPivot) = try luFactorization(a, "logDeterminant")
        if zeroPivot != nil { return (0, -.infinity) }
        var sign = 1.0
        var logAbsoluteValue = 0.0
        for i in 0..<lu.rows {
            let diagonal = lu.scalars[i * lu.columns + i]
            if diagonal < 0 { sign = -sign }
            if pivots[i] != Int32(i + 1) { sign = -sign }
            logAbsoluteValue += log(abs(diagonal))
        }
        return (sign, logAbsoluteValue)
    }

    /// The natural logarithm of the determinant of a symmetric positive-definite n x n matrix.
    ///
    /// Computed in `Double` from the Cholesky factor of the symmetric part (`dpotrf`) as `2 Σ log L[i, i]`: half the
    /// work of ``logDeterminant(_:)-(Matrix)``, and a matrix that should be a covariance but is not positive
    /// definite is reported rather than given a log-determinant. Typical use: Gaussian total correlation.
    ///
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, or is not positive definite
    ///   (naming the leading minor).
    public static func logDeterminantPositiveDefinite(_ a: Matrix) throws -> Double {
        let factor = try choleskyFactorization(a, "logDeterminantPositiveDefinite")
        var sum = 0.0
        for i in 0..<factor.rows { sum += log(factor.scalars[i * factor.columns + i]) }
        return 2 * sum
    }

    /// The sign and the logarithm of the absolute determinant of a square `Float` matrix of shape [n, n].
    ///
    /// Computed in `Double` (see ``logDeterminant(_:)-(Matrix)``) and rounded to `Float` at the end. When subtracting
    /// log-determinants of similar size (total correlation), use the `Double` version to avoid `Float` cancellation.
    /// Not differentiable.
    ///
    /// - Returns: `sign` (1, -1, or 0 if exactly singular) and `logAbsoluteValue` (`-infinity` if exactly singular).
    /// - Throws: ``TensorError`` if `a` is not a square matrix or has a NaN or infinite entry.
    public static func logDeterminant(_ a: Tensor) throws -> (sign: Float, logAbsoluteValue: Float) {
        let (sign, logAbsoluteValue) = try logDeterminant(matrix(a, "logDeterminant"))
        return (Float(sign), Float(logAbsoluteValue))
    }

    /// The logarithm of the determinant of a symmetric positive-definite `Float` matrix of shape [n, n].
    ///
    /// Computed in `Double` (see ``logDeterminantPositiveDefinite(_:)-(Matrix)``) and rounded to `Float` at the end.
    /// Not differentiable.
    ///
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or is not positive
    ///   definite (naming the leading minor).
    public static func logDeterminantPositiveDefinite(_ a: Tensor) throws -> Float {
        try Float(logDeterminantPositiveDefinite(matrix(a, "logDeterminantPositiveDefinite")))
    }
}
