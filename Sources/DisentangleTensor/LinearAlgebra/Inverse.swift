import COpenBLAS

extension LinearAlgebra {
    /// The inverse of a square n x n matrix, by LU factorisation with partial pivoting (`dgetrf`, `dgetri`).
    ///
    /// Computed in `Double`. Prefer ``solve(_:_:)-(Matrix,_)`` when the inverse is only multiplied by something:
    /// it is cheaper and more accurate.
    ///
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, is singular (naming the zero
    ///   pivot), or its reciprocal condition number (`dgecon`) is below `Double.ulpOfOne`.
    public static func inverse(_ a: Matrix) throws -> Matrix {
        try inverse(a, "inverse")
    }

    /// The inverse of `a`, with errors naming `operation`.
    static func inverse(_ a: Matrix, _ operation: String) throws -> Matrix {
        try inverse(of: a, factorization: luFactorization(a, operation), operation)
    }

    /// The inverse of `a` from its LU factorisation (``luFactorization(_:_:)``), with errors naming `operation`.
    static func inverse(of a: Matrix, factorization: LUFactorization, _ operation: String) throws -> Matrix {
        if let zeroPivot = factorization.zeroPivot {
            throw singularMatrixError(shape: a.shape, zeroPivot: zeroPivot, operation)
        }
        let (n, _) = try LAPACK.dimensions(a, operation)
        guard n > 0 else { return a }
        try requireWellConditioned(lu: factorization.lu, norm: oneNorm(a), shape: a.shape, operation)
        var inverse = factorization.lu
        let info = LAPACKE_dgetri(LAPACK.rowMajor, n, &inverse.scalars, n, factorization.pivots)
        try LAPACK.checkArguments(info, "dgetri", operation)
        return inverse
    }

    /// The inverse of a square `Float` matrix of shape [n, n].
    ///
    /// Computed in `Double` (see ``inverse(_:)-(Matrix)``): the inverse's error grows with the condition number
    /// times the working precision, so `Double` keeps it at `Float` rounding for condition numbers up to about 10⁸.
    /// Not differentiable.
    ///
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, or is singular or
    ///   singular to working precision.
    public static func inverse(_ a: Tensor) throws -> Tensor {
        try Tensor(inverse(matrix(a, "inverse")))
    }
}
