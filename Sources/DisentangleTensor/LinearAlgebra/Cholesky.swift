import COpenBLAS

extension LinearAlgebra {
    /// The Cholesky factor of a symmetric positive-definite n x n matrix: the lower-triangular `L` with a positive
    /// diagonal and `L Lᵀ = A`.
    ///
    /// Computed in `Double` with `dpotrf` on the symmetric part `(A + Aᵀ) / 2`; the strict upper triangle of the
    /// result is zero.
    ///
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, or is not positive definite (the
    ///   message names the order of the first leading minor that is not positive).
    public static func cholesky(_ a: Matrix) throws -> Matrix {
        var l = try choleskyFactorization(a, "cholesky")
        for i in 0..<l.rows {
            for j in (i + 1)..<l.columns { l.scalars[i * l.columns + j] = 0 }
        }
        return l
    }

    /// The lower-triangular Cholesky factor of a symmetric positive-definite `Float` matrix of shape [n, n].
    ///
    /// Computed in `Double` (see ``cholesky(_:)-(Matrix)``), so a matrix that is positive definite but
    /// ill-conditioned in `Float` terms (a sample covariance of nearly collinear latents) still factorises, and
    /// `L Lᵀ` reproduces `A` to `Float` rounding. Not differentiable.
    ///
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or is not positive
    ///   definite (naming the leading minor).
    public static func cholesky(_ a: Tensor) throws -> Tensor {
        try Tensor(cholesky(matrix(a, "cholesky")))
    }

    /// Factorises the symmetric part of `a` with `dpotrf`: `L` in the lower triangle, the strict upper triangle
    /// left holding the symmetric part's entries.
    static func choleskyFactorization(_ a: Matrix, _ operation: String) throws -> Matrix {
        try requireFiniteSquare(a, operation)
        let (n, _) = try LAPACK.dimensions(a, operation)
        var factor = a.symmetricPart()
        guard n > 0 else { return factor }
        let info = LAPACKE_dpotrf(LAPACK.rowMajor, LAPACK.flag("L"), n, &factor.scalars, n)
        try LAPACK.checkArguments(info, "dpotrf", operation)
        guard info == 0 else {
            throw TensorError(
                "\(operation): the matrix (shape \(describe(a.shape))) is not positive definite: its leading minor "
                    + "of order \(info) is not positive")
        }
        return factor
    }
}
