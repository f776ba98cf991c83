extension LinearAlgebra {
    /// Solves `A X = B` for a symmetric positive-definite n x n matrix `A` through its Cholesky factorisation.
    ///
    /// Computed in `Double` with `dpotrf` and `dpotrs` on the symmetric part of `A` scaled by an even power of two,
    /// about half the work of ``solve(_:_:)-(LinearAlgebra.Matrix,_)``. Typical use: ridge and Gaussian estimators solving `(XᵀX + λI) w = Xᵀy`.
    ///
    /// - Parameters:
    ///   - a: the n x n coefficient matrix.
    ///   - b: the n x r right-hand sides, one per column.
    /// - Returns: the n x r solution.
    /// - Throws: ``TensorError`` if `a` is not square, the shapes disagree, an entry is NaN or infinite, `a` is not
    ///   positive definite (naming the leading minor), singular to working precision (its reciprocal condition
    ///   number, estimated by `dpocon`, is below `Double.ulpOfOne`) or too badly scaled to factorise, or the
    ///   solution overflows.
    public static func solvePositiveDefinite(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        let operation = "solvePositiveDefinite"
        try requireSquareSystem(a, b, operation)
        let factorization = try CholeskyFactorization(a, operation)
        try factorization.requireWellConditioned(operation)
        let x = try factorization.solve(b, operation)
        try requireFinite(x, operation, "the solution")
        return x
    }

    /// Solves `A x = b` for a symmetric positive-definite `Float` matrix `A` of shape [n, n] through its Cholesky
    /// factorisation.
    ///
    /// Computed in `Double` (see ``solvePositiveDefinite(_:_:)-(LinearAlgebra.Matrix,_)``): the error of the solution grows with
    /// the condition number of `A` times the working precision, so `Double` keeps it at `Float` rounding for
    /// condition numbers up to about 10⁸. Not differentiable.
    ///
    /// - Parameters:
    ///   - a: the coefficient matrix, shape [n, n].
    ///   - b: the right-hand side, shape [n] or [n, r].
    /// - Returns: the solution, with the shape of `b`.
    /// - Throws: ``TensorError`` as the `Double` version does, and if `a` or `b` has the wrong rank or the solution
    ///   is beyond `Float`'s range.
    public static func solvePositiveDefinite(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let operation = "solvePositiveDefinite"
        let x = try solvePositiveDefinite(matrix(a, operation), rightHandSide(b, operation))
        return try solutionTensor(x, shapedLike: b, operation)
    }
}
