import COpenBLAS

extension LinearAlgebra {
    /// The inverse of a square n x n matrix, by LU factorisation with partial pivoting (`dgetrf`, `dgetri`).
    ///
    /// Computed in `Double`, on `A` scaled by a power of two so that tiny or huge entries factorise safely. Prefer
    /// ``solve(_:_:)-(LinearAlgebra.Matrix,_)`` when the inverse is only multiplied by something: it is cheaper and more accurate.
    ///
    /// - Throws: ``TensorError`` if `a` is not square, has a NaN or infinite entry, is singular (naming the zero
    ///   pivot), its reciprocal condition number (`dgecon`) is below `Double.ulpOfOne`, it is too badly scaled to
    ///   factorise, or the inverse overflows.
    public static func inverse(_ a: Matrix) throws -> Matrix {
        try inverse(of: a, factorization: LUFactorization(a, "inverse"), "inverse")
    }

    /// The inverse of `a` from its LU factorisation, with errors naming `operation`.
    static func inverse(of a: Matrix, factorization: LUFactorization, _ operation: String) throws -> Matrix {
        try factorization.requireInvertible(operation)
        let (n, _) = try LAPACK.dimensions(a, operation)
        guard n > 0 else { return a }
        var scaledInverse = factorization.lu
        let info = LAPACKE_dgetri(LAPACK.rowMajor, n, &scaledInverse.scalars, n, factorization.pivots)
        try LAPACK.checkArguments(info, "dgetri", operation)
        let inverse = factorization.unscaled(scaledInverse)
        try requireFinite(inverse, operation, "the inverse")
        return inverse
    }

    /// The inverse of a square `Float` matrix of shape [n, n].
    ///
    /// Computed in `Double` (see ``inverse(_:)-(LinearAlgebra.Matrix)``): the inverse's error grows with the condition number
    /// times the working precision, so `Double` keeps it at `Float` rounding for condition numbers up to about 10⁸.
    /// Not differentiable.
    ///
    /// - Throws: ``TensorError`` if `a` is not a square matrix, has a NaN or infinite entry, is singular or
    ///   singular to working precision, or the inverse is beyond `Float`'s range.
    public static func inverse(_ a: Tensor) throws -> Tensor {
        try floatTensor(inverse(matrix(a, "inverse")), "inverse")
    }
}
