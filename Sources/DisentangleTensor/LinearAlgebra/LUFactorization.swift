import COpenBLAS

extension LinearAlgebra {
    /// The LU factorisation with partial pivoting, by `dgetrf`, of a finite square matrix scaled by a power of two:
    /// `P (2⁻ᵉ A) = L U`.
    ///
    /// The scaling brings the largest magnitude into [1, 2). It is exact, and it keeps the pivots of a matrix whose
    /// entries are all tiny out of the subnormal range, where OpenBLAS's `dgetrf` multiplies by an infinite
    /// reciprocal and fills the factors with NaN. Users of the factors undo the scaling: `det A = 2ⁿᵉ det(2⁻ᵉ A)`,
    /// `A⁻¹ = 2⁻ᵉ (2⁻ᵉ A)⁻¹`.
    struct LUFactorization {
        /// The matrix that was factorised, `2⁻ᵉ A`.
        let scaled: Matrix
        /// `L` (unit diagonal, implicit) below the diagonal and `U` on and above it.
        let lu: Matrix
        /// LAPACK's 1-based row interchanges: row `i` was swapped with row `pivots[i] - 1`.
        let pivots: [Int32]
        /// The 0-based index of the first exactly zero diagonal entry of `U`, if any (the factorisation completes
        /// regardless).
        let zeroPivot: Int?
        /// The exponent `e` of the scaling.
        let exponent: Int

        /// Factorises `a`, throwing if it is not square, not finite, or too badly scaled to factorise.
        init(_ a: Matrix, _ operation: String) throws {
            try requireFiniteSquare(a, operation)
            let (n, _) = try LAPACK.dimensions(a, operation)
            exponent = a.largestMagnitudeExponent
            scaled = a.scaled(byPowerOfTwo: -exponent)
            var lu = scaled
            var pivots = [Int32](repeating: 0, count: a.rows)
            let info = n > 0 ? LAPACKE_dgetrf(LAPACK.rowMajor, n, n, &lu.scalars, n, &pivots) : 0
            try LAPACK.checkArguments(info, "dgetrf", operation)
            guard lu.scalars.allSatisfy(\.isFinite) else {
                throw TensorError(
                    "\(operation): the matrix (shape \(describe(a.shape))) is too badly scaled to factorise: a pivot "
                        + "of its LU factorisation fell below Double's normal range relative to its largest entry")
            }
            self.lu = lu
            self.pivots = pivots
            zeroPivot = info > 0 ? Int(info) - 1 : nil
        }

        /// Throws if the matrix is singular (an exactly zero pivot) or singular to working precision (its reciprocal
        /// condition number in the 1-norm, estimated by `dgecon`, is below `Double.ulpOfOne`).
        func requireInvertible(_ operation: String) throws {
            if let zeroPivot {
                throw TensorError(
                    "\(operation): the matrix (shape \(describe(lu.shape))) is singular: the LU factorisation with "
                        + "partial pivoting has an exactly zero pivot U[\(zeroPivot), \(zeroPivot)] (0-based)")
            }
            let (n, _) = try LAPACK.dimensions(lu, operation)
            guard n > 0 else { return }
            let norm = LAPACKE_dlange(LAPACK.rowMajor, LAPACK.flag("1"), n, n, scaled.scalars, n)
            var reciprocalCondition = 0.0
            let info = LAPACKE_dgecon(LAPACK.rowMajor, LAPACK.flag("1"), n, lu.scalars, n, norm, &reciprocalCondition)
            try LAPACK.checkArguments(info, "dgecon", operation)
            try LAPACK.requireWellConditioned(reciprocalCondition, operation, shape: lu.shape)
        }

        /// `x` multiplied by `2⁻ᵉ`, undoing the scaling for a solution or an inverse.
        func unscaled(_ x: Matrix) -> Matrix {
            x.scaled(byPowerOfTwo: -exponent)
        }
    }
}
