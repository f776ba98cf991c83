/// Dense linear algebra backed by LAPACKE: decompositions, solvers and determinants.
///
/// Every function comes in two forms:
/// - on ``Tensor`` (rank-2 `Float` matrices, right-hand sides of rank 1 or 2), returning `Float` results;
/// - on ``LinearAlgebra/Matrix`` (row-major `Double`), for code such as the metric estimators that works in `Double`.
///
/// **Precision.** Every routine computes in `Double` (LAPACK's `d` routines). `Float` inputs are widened, and
/// results are rounded back to `Float` once at the end, so each returned value is accurate to about `Float`
/// rounding for well-conditioned problems instead of accumulating `Float` error through the factorisation; the
/// widening is O(mn) work against the O(mn·min(m, n)) of the factorisation. Each function's documentation states
/// what that buys it.
///
/// **Layout.** Matrices are row-major; the wrappers pass `LAPACK_ROW_MAJOR` with leading dimensions equal to the
/// column count, and never hand LAPACK a transposed view.
///
/// **Errors.** Inputs are validated before LAPACK sees them: a non-square matrix where a square one is needed,
/// mismatched right-hand sides, NaN or infinite entries and dimensions beyond LAPACK's 32-bit indices throw a
/// ``TensorError`` naming the operation and the shapes. Numerical failures also throw: a matrix that is not positive
/// definite (naming the leading minor), a singular or numerically singular matrix (naming the zero pivot or the
/// reciprocal condition number), an iteration that did not converge, a result that overflows `Double` or, for
/// tensors, `Float`. Nothing here traps on user data.
///
/// **Scaling.** The LU- and Cholesky-based routines divide the matrix by the power of two nearest its largest entry
/// before factorising and undo it afterwards, exactly, so matrices whose entries are all tiny (even subnormal) or all
/// huge factorise as safely as well-scaled ones.
///
/// **Symmetric inputs.** Routines for symmetric matrices (``symmetricEigendecomposition(_:)-(LinearAlgebra.Matrix)``,
/// ``cholesky(_:)-(LinearAlgebra.Matrix)``, ``solvePositiveDefinite(_:_:)-(LinearAlgebra.Matrix,_)``,
/// ``logDeterminantPositiveDefinite(_:)-(LinearAlgebra.Matrix)``) operate on the symmetric part `(A + Aᵀ) / 2`, so rounding
/// asymmetry in a computed covariance matrix is harmless and the result does not depend on which triangle LAPACK
/// would have read.
///
/// **Differentiation.** Only the log-determinants of tensors are differentiable
/// (``logDeterminant(_:)-(Tensor)`` and ``logDeterminantPositiveDefinite(_:)-(Tensor)``, with the analytic gradients
/// `A⁻ᵀ` and `S⁻¹` for the symmetric part `S`). Every other function returns plain tensors that do not record the
/// computation, even when the inputs require gradients: no gradient flows back through them.
///
/// **Threads.** The calls run on the calling thread (OpenBLAS is pinned to one thread, see ``Threading``) and may be
/// made from several threads at once.
public enum LinearAlgebra {}
