import COpenBLAS
import Foundation

extension LinearAlgebra {
    /// The Cholesky factorisation, by `dpotrf`, of the symmetric part `S = (A + Aᵀ) / 2` of a finite square matrix,
    /// scaled by an even power of two: `2⁻ᵉ S = L̂ L̂ᵀ`.
    ///
    /// The scaling brings the largest magnitude into [1, 4). It is exact, keeps the factorisation of a matrix whose
    /// entries are all tiny or all huge out of the subnormal and overflow ranges (where the condition estimate and
    /// the factors break down), and, `e` being even, unscales exactly: `L = 2^(e/2) L̂`, `S⁻¹ = 2⁻ᵉ (2⁻ᵉ S)⁻¹`.
    struct CholeskyFactorization {
        /// The matrix that was factorised, `2⁻ᵉ S`.
        let scaled: Matrix
        /// `L̂` on and below the diagonal; the strict upper triangle holds the entries of `scaled`.
        let factor: Matrix
        /// The even exponent `e` of the scaling.
        let exponent: Int

        /// Factorises the symmetric part of `a`, throwing if `a` is not square, not finite, not positive definite
        /// (naming the leading minor), or too badly scaled to factorise.
        init(_ a: Matrix, _ operation: String) throws {
            try requireFiniteSquare(a, operation)
            let (n, _) = try LAPACK.dimensions(a, operation)
            let symmetric = a.symmetricPart()
            exponent = symmetric.largestMagnitudeExponent & ~1
            scaled = symmetric.scaled(byPowerOfTwo: -exponent)
            var factor = scaled
            let info = n > 0 ? LAPACKE_dpotrf(LAPACK.rowMajor, LAPACK.flag("L"), n, &factor.scalars, n) : 0
            try LAPACK.checkArguments(info, "dpotrf", operation)
            guard info == 0 else {
                throw TensorError(
                    "\(operation): the matrix (shape \(describe(a.shape))) is not positive definite: its leading "
                        + "minor of order \(info) is not positive")
            }
            guard factor.scalars.allSatisfy(\.isFinite) else {
                throw TensorError(
                    "\(operation): the matrix (shape \(describe(a.shape))) is too badly scaled to factorise: its "
                        + "Cholesky factor left Double's range")
            }
            self.factor = factor
        }

        /// The lower-triangular factor `L = 2^(e/2) L̂` of `S`, with a zero strict upper triangle.
        var lower: Matrix {
            var l = factor.scaled(byPowerOfTwo: exponent / 2)
            let n = l.columns
            for i in 0..<n {
                for j in (i + 1)..<n { l.scalars[i * n + j] = 0 }
            }
            return l
        }

        /// `log det S = 2 Σ log L̂[i, i] + n e log 2`.
        var logDeterminant: Double {
            let n = factor.columns
            var sum = 0.0
            for i in 0..<n { sum += log(factor.scalars[i * n + i]) }
            return 2 * sum + Double(n * exponent) * log(2.0)
        }

        /// Throws if `S` is singular to working precision: its reciprocal condition number in the 1-norm, estimated
        /// by `dpocon`, is below `Double.ulpOfOne`.
        func requireWellConditioned(_ operation: String) throws {
            let (n, _) = try LAPACK.dimensions(factor, operation)
            guard n > 0 else { return }
            let norm = LAPACKE_dlansy(LAPACK.rowMajor, LAPACK.flag("1"), LAPACK.flag("L"), n, scaled.scalars, n)
            var reciprocalCondition = 0.0
            let info = LAPACKE_dpocon(
                LAPACK.rowMajor, LAPACK.flag("L"), n, factor.scalars, n, norm, &reciprocalCondition)
            try LAPACK.checkArguments(info, "dpocon", operation)
            try LAPACK.requireWellConditioned(reciprocalCondition, operation, shape: factor.shape)
        }

        /// Solves `S X = B` (`dpotrs`); the result may overflow, and callers check it.
        func solve(_ b: Matrix, _ operation: String) throws -> Matrix {
            let (n, _) = try LAPACK.dimensions(factor, operation)
            let (_, r) = try LAPACK.dimensions(b, operation)
            guard n > 0, r > 0 else { return b }
            var y = b
            let info = LAPACKE_dpotrs(LAPACK.rowMajor, LAPACK.flag("L"), n, r, factor.scalars, n, &y.scalars, r)
            try LAPACK.checkArguments(info, "dpotrs", operation)
            return y.scaled(byPowerOfTwo: -exponent)
        }

        /// The symmetric inverse `S⁻¹` (`dpotri`); it may overflow, and callers check it.
        func inverse(_ operation: String) throws -> Matrix {
            let (n, _) = try LAPACK.dimensions(factor, operation)
            var inverse = factor
            guard n > 0 else { return inverse }
            let info = LAPACKE_dpotri(LAPACK.rowMajor, LAPACK.flag("L"), n, &inverse.scalars, n)
            try LAPACK.checkArguments(info, "dpotri", operation)
            guard info == 0 else {
                throw TensorError("\(operation): dpotri found the Cholesky factor's diagonal entry \(info) to be zero")
            }
            let size = inverse.columns
            for i in 0..<size {
                for j in (i + 1)..<size { inverse.scalars[i * size + j] = inverse.scalars[j * size + i] }
            }
            return inverse.scaled(byPowerOfTwo: -exponent)
        }
    }
}
