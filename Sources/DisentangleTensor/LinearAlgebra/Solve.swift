import COpenBLAS

extension LinearAlgebra {
    /// Solves `A X = B` for a square n x n matrix `A`, by LU factorisation with partial pivoting (`dgetrf` and
    /// `dgetrs`, the two halves of `dgesv`).
    ///
    /// Computed in `Double`, on `A` scaled by a power of two so that tiny or huge entries factorise safely. After
    /// factorising, the reciprocal condition number of `A` is estimated (`dgecon`), and a matrix that is singular to
    /// working precision is reported instead of returning a meaningless solution.
    ///
    /// - Parameters:
    ///   - a: the n x n coefficient matrix.
    ///   - b: the n x r right-hand sides, one per column.
    /// - Returns: the n x r solution.
    /// - Throws: ``TensorError`` if `a` is not square, the shapes disagree, an entry is NaN or infinite, `a` is
    ///   singular (naming the zero pivot), its reciprocal condition number is below `Double.ulpOfOne`, it is too
    ///   badly scaled to factorise, or the solution overflows.
    public static func solve(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        let operation = "solve"
        try requireSquareSystem(a, b, operation)
        let factorization = try LUFactorization(a, operation)
        try factorization.requireInvertible(operation)
        let (n, _) = try LAPACK.dimensions(a, operation)
        let (_, r) = try LAPACK.dimensions(b, operation)
        guard n > 0, r > 0 else { return b }
        var y = b
        let info = LAPACKE_dgetrs(
            LAPACK.rowMajor, LAPACK.flag("N"), n, r, factorization.lu.scalars, n, factorization.pivots, &y.scalars, r)
        try LAPACK.checkArguments(info, "dgetrs", operation)
        let x = factorization.unscaled(y)
        try requireFinite(x, operation, "the solution")
        return x
    }

    /// Solves `A x = b` for a square `Float` matrix `A` of shape [n, n], by LU factorisation with partial pivoting.
    ///
    /// Computed in `Double` (see ``solve(_:_:)-(LinearAlgebra.Matrix,_)``): the error of the solution grows with the condition
    /// number of `A` times the working precision, so `Double` keeps it at `Float` rounding for condition numbers up
    /// to about 10⁸. Not differentiable.
    ///
    /// - Parameters:
    ///   - a: the coefficient matrix, shape [n, n].
    ///   - b: the right-hand side, shape [n] or [n, r].
    /// - Returns: the solution, with the shape of `b`.
    /// - Throws: ``TensorError`` as the `Double` version does, and if `a` or `b` has the wrong rank or the solution
    ///   is beyond `Float`'s range.
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let x = try solve(matrix(a, "solve"), rightHandSide(b, "solve"))
        return try solutionTensor(x, shapedLike: b, "solve")
    }
}
