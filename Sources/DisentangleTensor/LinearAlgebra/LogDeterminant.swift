import Foundation

extension LinearAlgebra {
    /// The sign and the natural logarithm of the absolute value of the determinant of a square n x n matrix.
    ///
    /// Computed in `Double` from the LU factorisation with partial pivoting (`dgetrf`) of `A` scaled by a power of
    /// two: the logarithm is the sum of the logarithms of |U[i, i]| plus that of the scaling, so it neither overflows
    /// nor underflows where the determinant itself would. The determinant is `sign * exp(logAbsoluteValue)`. The
    /// determinant of the 0 x 0 matrix is 1.
    ///
    /// - Returns: `sign` (1, -1, or 0 for an exactly singular matrix) and `logAbsoluteValue` (`-infinity` for an
    ///   exactly singular matrix), as NumPy's `slogdet` does. A numerically singular matrix gives a very negative
    ///   but finite logarithm.
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, or is too badly scaled to
    ///   factorise (pivots spanning more than Double's exponent range).
    public static func logDeterminant(_ a: Matrix) throws -> (sign: Double, logAbsoluteValue: Double) {
        logDeterminant(of: try LUFactorization(a, "logDeterminant"))
    }

    /// The natural logarithm of the determinant of a symmetric positive-definite n x n matrix.
    ///
    /// Computed in `Double` from the Cholesky factor of the symmetric part (`dpotrf`) as `2 Σ log L[i, i]`: half the
    /// work of ``logDeterminant(_:)-(LinearAlgebra.Matrix)``, and a matrix that should be a covariance but is not positive
    /// definite is reported rather than given a log-determinant. Typical use: Gaussian total correlation.
    ///
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, or is not positive definite
    ///   (naming the leading minor).
    public static func logDeterminantPositiveDefinite(_ a: Matrix) throws -> Double {
        try CholeskyFactorization(a, "logDeterminantPositiveDefinite").logDeterminant
    }

    /// The sign and the logarithm of the absolute determinant of a square `Float` matrix of shape [n, n];
    /// differentiable in the logarithm.
    ///
    /// Computed in `Double` (see ``logDeterminant(_:)-(LinearAlgebra.Matrix)``) and rounded to `Float` at the end. When subtracting
    /// log-determinants of similar size (total correlation), use the `Double` version to avoid `Float` cancellation.
    ///
    /// **Gradient.** `logAbsoluteValue` records the computation when `a` requires a gradient: the gradient of
    /// `log |det A|` is `A⁻ᵀ`, computed in `Double` by ``inverse(_:)-(LinearAlgebra.Matrix)`` during this call (an extra O(n³)
    /// only when a gradient is being recorded). `sign` is piecewise constant and has no gradient.
    ///
    /// - Returns: `sign` (1, -1, or 0 if exactly singular) and `logAbsoluteValue`, a rank-0 tensor (`-infinity` if
    ///   exactly singular).
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or is too badly scaled to
    ///   factorise; and, when a gradient is being recorded, if `a` is singular or singular to working precision,
    ///   since `A⁻ᵀ` then does not exist.
    public static func logDeterminant(_ a: Tensor) throws -> (sign: Float, logAbsoluteValue: Tensor) {
        let operation = "logDeterminant"
        let m = try matrix(a, operation)
        let factorization = try LUFactorization(m, operation)
        let (sign, logAbsoluteValue) = logDeterminant(of: factorization)
        var gradient: Tensor?
        if recordsGradient(a) {
            let inverse = try inverse(of: m, factorization: factorization, "\(operation) (recording its gradient)")
            gradient = try floatTensor(inverse.transposed(), operation)
        }
        return (Float(sign), differentiableScalar(logAbsoluteValue, of: a, gradient: gradient))
    }

    /// The logarithm of the determinant of a symmetric positive-definite `Float` matrix of shape [n, n];
    /// differentiable.
    ///
    /// Computed in `Double` (see ``logDeterminantPositiveDefinite(_:)-(LinearAlgebra.Matrix)``) and rounded to `Float` at the end.
    ///
    /// **Gradient.** The result records the computation when `a` requires a gradient. The value depends on `A`
    /// through its symmetric part `S = (A + Aᵀ) / 2`, and the gradient is `S⁻¹`, computed in `Double` from the
    /// Cholesky factor (`dpotri`) during this call (an extra O(n³) only when a gradient is being recorded).
    ///
    /// - Returns: a rank-0 tensor.
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or is not positive
    ///   definite (naming the leading minor).
    public static func logDeterminantPositiveDefinite(_ a: Tensor) throws -> Tensor {
        let operation = "logDeterminantPositiveDefinite"
        let m = try matrix(a, operation)
        let factorization = try CholeskyFactorization(m, operation)
        var gradient: Tensor?
        if recordsGradient(a) {
            let inverse = try factorization.inverse(operation)
            try requireFinite(inverse, "\(operation) (recording its gradient)", "the inverse")
            gradient = try floatTensor(inverse, operation)
        }
        return differentiableScalar(factorization.logDeterminant, of: a, gradient: gradient)
    }

    /// The sign and log-absolute determinant from an LU factorisation: the signs and logarithms of `U`'s diagonal,
    /// one sign flip per row interchange, and `n e log 2` for the scaling by `2⁻ᵉ`.
    private static func logDeterminant(of factorization: LUFactorization) -> (sign: Double, logAbsoluteValue: Double) {
        if factorization.zeroPivot != nil { return (0, -.infinity) }
        let lu = factorization.lu
        var sign = 1.0
        var logAbsoluteValue = Double(lu.rows * factorization.exponent) * log(2.0)
        for i in 0..<lu.rows {
            let diagonal = lu.scalars[i * lu.columns + i]
            if diagonal < 0 { sign = -sign }
            if factorization.pivots[i] != Int32(i + 1) { sign = -sign }
            logAbsoluteValue += log(abs(diagonal))
        }
        return (sign, logAbsoluteValue)
    }

    /// Whether an operation on `a` is being recorded for differentiation.
    private static func recordsGradient(_ a: Tensor) -> Bool {
        GradientMode.isEnabled && a.requiresGradient
    }

    /// A rank-0 tensor holding `value`, whose gradient with respect to `a` is `gradient` times the upstream scalar.
    private static func differentiableScalar(_ value: Double, of a: Tensor, gradient: Tensor?) -> Tensor {
        let buffer = TensorBuffer(repeating: Float(value), count: 1)
        guard let gradient else { return Tensor(shape: [], buffer: buffer) }
        return Tensor.makeResult(shape: [], buffer: buffer, inputs: [a]) { upstream, needs in
            [needs[0] ? gradient * upstream : nil]
        }
    }
}
