extension LinearAlgebra {
    /// The Cholesky factor of a symmetric positive-definite n x n matrix: the lower-triangular `L` with a positive
    /// diagonal and `L Lᵀ = A`.
    ///
    /// Computed in `Double` with `dpotrf` on the symmetric part `(A + Aᵀ) / 2`, scaled by an even power of two so
    /// that tiny or huge entries factorise safely; the strict upper triangle of the result is zero.
    ///
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, is not positive definite (the
    ///   message names the order of the first leading minor that is not positive), or is too badly scaled to
    ///   factorise.
    public static func cholesky(_ a: Matrix) throws -> Matrix {
        try CholeskyFactorization(a, "cholesky").lower
    }

    /// The lower-triangular Cholesky factor of a symmetric positive-definite `Float` matrix of shape [n, n].
    ///
    /// Computed in `Double` (see ``cholesky(_:)-(LinearAlgebra.Matrix)``), so a matrix that is positive definite but
    /// ill-conditioned in `Float` terms (a sample covariance of nearly collinear latents) still factorises, and
    /// `L Lᵀ` reproduces `A` to `Float` rounding. Not differentiable.
    ///
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or is not positive
    ///   definite (naming the leading minor).
    public static func cholesky(_ a: Tensor) throws -> Tensor {
        try floatTensor(cholesky(matrix(a, "cholesky")), "cholesky")
    }
}
