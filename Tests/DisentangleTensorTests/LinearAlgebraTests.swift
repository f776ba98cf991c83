import DisentangleTensor
import Foundation
import Testing

// Tolerances. Inputs are O(1) unless stated, so absolute and relative errors coincide.
// - `Double` paths: backward-stable LAPACK routines give residuals of a small multiple of n·ε‖A‖ (ε ≈ 2.2e-16);
//   1e-12 leaves a margin of ~100x over n·ε for the sizes here (n ≤ 40).
// - Solutions of ill-conditioned systems: forward error ≤ κ(A)·(small multiple of ε); the bound used is stated
//   per test with κ.
// - `Float` paths: results are computed in `Double` and rounded once, so each entry carries ~6e-8 relative error;
//   reconstructions from rounded factors are checked at 1e-5.
private let doubleTolerance = 1e-12
private let floatTolerance: Float = 1e-5

private typealias Matrix = LinearAlgebra.Matrix

/// A matrix of independent standard normal entries.
private func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var generator = RandomGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns, scalars: (0..<(rows * columns)).map { _ in generator.nextNormal() })
}

/// A random symmetric positive-definite matrix `B Bᵀ + n I`.
private func randomPositiveDefinite(_ n: Int, seed: UInt64) -> Matrix {
    let b = randomMatrix(n, n, seed: seed)
    var a = b * b.transposed()
    for i in 0..<n { a[i, i] += Double(n) }
    return a
}

/// The n x n Hilbert matrix, H[i, j] = 1 / (i + j + 1): symmetric positive definite and badly conditioned
/// (κ₂ ≈ 1.6e4 for n = 4, 1.5e7 for n = 6, 1.5e10 for n = 8, and far beyond 1/ε for n = 14).
private func hilbert(_ n: Int) -> Matrix {
    var h = Matrix(zeros: n, n)
    for i in 0..<n {
        for j in 0..<n { h[i, j] = 1 / Double(i + j + 1) }
    }
    return h
}

/// `B + Bᵀ`: a random symmetric (and generally indefinite) matrix from a random square one.
private func plusTranspose(_ b: Matrix) -> Matrix {
    var result = b
    for i in 0..<b.rows {
        for j in 0..<b.columns { result[i, j] += b[j, i] }
    }
    return result
}

private func diagonal(_ values: [Double]) -> Matrix {
    var d = Matrix(zeros: values.count, values.count)
    for (i, v) in values.enumerated() { d[i, i] = v }
    return d
}

/// The largest absolute entry-wise difference.
private func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.shape == b.shape, "compared shapes \(a.shape) and \(b.shape)")
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}

private func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

private func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.shape == b.shape, "compared shapes \(a.shape) and \(b.shape)")
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}

/// The largest deviation of `QᵀQ` from the identity: how far the columns of `q` are from orthonormal.
private func orthonormalityError(columnsOf q: Matrix) -> Double {
    maxDifference(q.transposed() * q, Matrix.identity(q.columns))
}

private func tensor(_ m: Matrix) -> Tensor { Tensor(m) }

/// Runs `body`, expecting a ``TensorError`` whose message contains every one of `fragments`.
private func expectError(
    _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected a TensorError containing \(fragments)", sourceLocation: sourceLocation)
    } catch let error as TensorError {
        for fragment in fragments {
            #expect(
                error.description.contains(fragment), "message: \(error.description)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected a TensorError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Results written by concurrent workers, one slot each.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[Double]?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ value: [Double]?) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [[Double]?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}

@Suite("LinearAlgebra")
struct LinearAlgebraTests {
    // MARK: Singular value decomposition

    @Test("SVD reconstructs A with orthonormal factors and descending singular values", arguments: [
        (7, 4, false), (4, 7, false), (7, 4, true), (4, 7, true), (5, 5, false),
    ])
    func svdReconstruction(rows: Int, columns: Int, fullMatrices: Bool) throws {
        let a = randomMatrix(rows, columns, seed: 11)
        let (u, s, vt) = try LinearAlgebra.svd(a, fullMatrices: fullMatrices)
        let k = min(rows, columns)
        #expect(u.shape == [rows, fullMatrices ? rows : k])
        #expect(vt.shape == [fullMatrices ? columns : k, columns])
        #expect(s.count == k)
        #expect(zip(s, s.dropFirst()).allSatisfy { $0 >= $1 } && s.allSatisfy { $0 >= 0 })
        // Reconstruct from the first k columns of U and rows of Vt.
        var us = Matrix(zeros: rows, k)
        for i in 0..<rows {
            for j in 0..<k { us[i, j] = u[i, j] * s[j] }
        }
        var vtk = Matrix(zeros: k, columns)
        for i in 0..<k {
            for j in 0..<columns { vtk[i, j] = vt[i, j] }
        }
        #expect(maxDifference(us * vtk, a) < doubleTolerance)
        #expect(orthonormalityError(columnsOf: u) < doubleTolerance)
        #expect(orthonormalityError(columnsOf: vt.transposed()) < doubleTolerance)
    }

    @Test("SVD of analytic matrices: a scaled rotation and a signed diagonal")
    func svdAnalytic() throws {
        // R(θ) diag(3, 1) has singular values exactly 3 and 1.
        let theta = 0.7
        let rotation = Matrix(rows: 2, columns: 2, scalars: [cos(theta), -sin(theta), sin(theta), cos(theta)])
        let s = try LinearAlgebra.singularValues(rotation * diagonal([3, 1]))
        #expect(maxDifference(s, [3, 1]) < doubleTolerance)
        #expect(maxDifference(try LinearAlgebra.singularValues(rotation), [1, 1]) < doubleTolerance)
        // The singular values of a diagonal matrix are its absolute entries, sorted.
        let d = try LinearAlgebra.svd(diagonal([0.5, -2, 3]))
        #expect(maxDifference(d.singularValues, [3, 2, 0.5]) < doubleTolerance)
    }

    @Test("Singular values alone agree with the full SVD")
    func singularValuesOnly() throws {
        let a = randomMatrix(9, 6, seed: 3)
        let full = try LinearAlgebra.svd(a)
        #expect(maxDifference(try LinearAlgebra.singularValues(a), full.singularValues) < doubleTolerance)
    }

    @Test("Float SVD reconstructs a Float matrix to Float rounding")
    func svdFloat() throws {
        var generator = RandomGenerator(seed: 5)
        let a = Tensor.randomNormal([20, 6], using: &generator)
        let (u, s, vt) = try LinearAlgebra.svd(a)
        #expect(u.shape == [20, 6] && s.shape == [6] && vt.shape == [6, 6])
        let product = try Matrix(u) * diagonal(s.scalars.map(Double.init)) * Matrix(vt)
        #expect(maxDifference(Tensor(product), a) < floatTolerance)
        #expect(orthonormalityError(columnsOf: try Matrix(u)) < Double(floatTolerance))
        #expect(maxDifference(try LinearAlgebra.singularValues(a), s) == 0)
    }

    @Test("SVD of empty matrices")
    func svdEmpty() throws {
        let thin = try LinearAlgebra.svd(Matrix(zeros: 0, 3))
        #expect(thin.u.shape == [0, 0] && thin.singularValues.isEmpty && thin.vt.shape == [0, 3])
        let full = try LinearAlgebra.svd(Matrix(zeros: 2, 0), fullMatrices: true)
        #expect(full.u == Matrix.identity(2) && full.vt.shape == [0, 0])
    }

    // MARK: Symmetric eigendecomposition

    @Test("Eigendecomposition satisfies A V = V Λ with orthonormal V and ascending eigenvalues")
    func eigenReconstruction() throws {
        let b = randomMatrix(12, 12, seed: 7)
        let a = plusTranspose(b)
        let (values, vectors) = try LinearAlgebra.symmetricEigendecomposition(a)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(maxDifference(a * vectors, vectors * diagonal(values)) < doubleTolerance)
        #expect(orthonormalityError(columnsOf: vectors) < doubleTolerance)
        #expect(maxDifference(try LinearAlgebra.symmetricEigenvalues(a), values) < doubleTolerance)
    }

    @Test("Eigendecomposition of [[2, 1], [1, 2]] and of a non-symmetric matrix with that symmetric part")
    func eigenAnalytic() throws {
        let a = Matrix(rows: 2, columns: 2, scalars: [2, 1, 1, 2])
        let (values, vectors) = try LinearAlgebra.symmetricEigendecomposition(a)
        #expect(maxDifference(values, [1, 3]) < doubleTolerance)
        let r = 1 / 2.0.squareRoot()
        // Column 0 is ±(1, -1)/√2 and column 1 is ±(1, 1)/√2.
        #expect(abs(abs(vectors[0, 0]) - r) < doubleTolerance && abs(vectors[0, 0] + vectors[1, 0]) < doubleTolerance)
        #expect(abs(abs(vectors[0, 1]) - r) < doubleTolerance && abs(vectors[0, 1] - vectors[1, 1]) < doubleTolerance)
        let skewed = Matrix(rows: 2, columns: 2, scalars: [2, 0, 2, 2])
        #expect(maxDifference(try LinearAlgebra.symmetricEigenvalues(skewed), [1, 3]) < doubleTolerance)
    }

    @Test("Hilbert matrix: eigenvalues match the singular values and the known extremes")
    func eigenHilbert() throws {
        let h = hilbert(5)
        let values = try LinearAlgebra.symmetricEigenvalues(h)
        let s = try LinearAlgebra.singularValues(h)
        #expect(maxDifference(values, s.reversed()) < doubleTolerance)
        // Reference values (MATLAB/NumPy, 15 digits): λmax = 1.56705069109823, λmin = 3.28792877217806e-6.
        #expect(abs(values[4] - 1.56705069109823) < 1e-13)
        #expect(abs(values[0] - 3.28792877217806e-6) / 3.28792877217806e-6 < 1e-9)
    }

    @Test("Float eigendecomposition reconstructs A to Float rounding")
    func eigenFloat() throws {
        let a = Tensor(randomPositiveDefinite(8, seed: 2))
        let (values, vectors) = try LinearAlgebra.symmetricEigendecomposition(a)
        #expect(values.shape == [8] && vectors.shape == [8, 8])
        let v = try Matrix(vectors)
        let rebuilt = v * diagonal(values.scalars.map(Double.init)) * v.transposed()
        let scale = values.scalars.max()!
        #expect(maxDifference(Tensor(rebuilt), a) / scale < floatTolerance)
    }

    // MARK: Cholesky

    @Test("Cholesky factor is lower triangular with a positive diagonal and L Lᵀ = A")
    func choleskyReconstruction() throws {
        let a = randomPositiveDefinite(10, seed: 4)
        let l = try LinearAlgebra.cholesky(a)
        for i in 0..<10 {
            #expect(l[i, i] > 0)
            for j in (i + 1)..<10 { #expect(l[i, j] == 0) }
        }
        #expect(maxDifference(l * l.transposed(), a) / 10 < doubleTolerance)
    }

    @Test("Cholesky of analytic and ill-conditioned matrices")
    func choleskyAnalytic() throws {
        let l = try LinearAlgebra.cholesky(Matrix(rows: 2, columns: 2, scalars: [4, 2, 2, 3]))
        #expect(maxDifference(l, Matrix(rows: 2, columns: 2, scalars: [2, 0, 1, 2.0.squareRoot()])) < doubleTolerance)
        // Hilbert(8), κ ≈ 1.5e10: the factorisation is backward stable, so L Lᵀ still reproduces H to ~ε.
        let h = hilbert(8)
        let lh = try LinearAlgebra.cholesky(h)
        #expect(maxDifference(lh * lh.transposed(), h) < doubleTolerance)
    }

    @Test("Float Cholesky reconstructs A to Float rounding")
    func choleskyFloat() throws {
        let a = Tensor(randomPositiveDefinite(6, seed: 8))
        let l = try Matrix(LinearAlgebra.cholesky(a))
        #expect(maxDifference(Tensor(l * l.transposed()), a) / 6 < floatTolerance)
    }

    // MARK: Solves

    @Test("solve recovers a known solution, for vector and matrix right-hand sides")
    func solveKnown() throws {
        let a = randomMatrix(6, 6, seed: 9)
        let x = randomMatrix(6, 3, seed: 10)
        #expect(maxDifference(try LinearAlgebra.solve(a, a * x), x) < 1e-10)
        let xv = Tensor([1, -2, 0.5, 3])
        let av = Tensor(randomPositiveDefinite(4, seed: 1))
        let bv = Tensor(try Matrix(av) * Matrix(rows: 4, columns: 1, scalars: xv.scalars.map(Double.init)))
            .reshaped([4])
        let solution = try LinearAlgebra.solve(av, bv)
        #expect(solution.shape == [4])
        #expect(maxDifference(solution, xv) < floatTolerance)
    }

    @Test("solve on Hilbert(6): forward error within κ·ε")
    func solveHilbert() throws {
        // κ₁(H6) ≈ 2.9e7, so the forward error bound is about 2.9e7 · 2.2e-16 · n ≈ 4e-8.
        let h = hilbert(6)
        let ones = Matrix(rows: 6, columns: 1, scalars: [Double](repeating: 1, count: 6))
        #expect(maxDifference(try LinearAlgebra.solve(h, h * ones), ones) < 1e-7)
        #expect(maxDifference(try LinearAlgebra.solvePositiveDefinite(h, h * ones), ones) < 1e-7)
    }

    @Test("solvePositiveDefinite agrees with solve")
    func solvePositiveDefinite() throws {
        let a = randomPositiveDefinite(7, seed: 12)
        let b = randomMatrix(7, 2, seed: 13)
        let general = try LinearAlgebra.solve(a, b)
        #expect(maxDifference(try LinearAlgebra.solvePositiveDefinite(a, b), general) < doubleTolerance)
        let x = try LinearAlgebra.solvePositiveDefinite(Tensor(a), Tensor(b))
        #expect(maxDifference(x, Tensor(try LinearAlgebra.solve(a, b))) < floatTolerance)
    }

    @Test("inverse: A A⁻¹ = I, and the integer inverse of Hilbert(4)")
    func inverse() throws {
        let a = randomMatrix(8, 8, seed: 14)
        #expect(maxDifference(a * (try LinearAlgebra.inverse(a)), Matrix.identity(8)) < 1e-10)
        let expected = Matrix(rows: 4, columns: 4, scalars: [
            16, -120, 240, -140,
            -120, 1200, -2700, 1680,
            240, -2700, 6480, -4200,
            -140, 1680, -4200, 2800,
        ])
        // κ(H4) ≈ 1.6e4 and entries up to 6480: relative error ≲ κ·ε ≈ 3.5e-12.
        #expect(maxDifference(try LinearAlgebra.inverse(hilbert(4)), expected) / 6480 < 1e-11)
        let floatInverse = try Matrix(LinearAlgebra.inverse(Tensor(a)))
        #expect(maxDifference(try Matrix(Tensor(a)) * floatInverse, Matrix.identity(8)) < Double(floatTolerance))
    }

    // MARK: Least squares

    @Test("Least squares on a tall full-rank system matches the normal equations")
    func leastSquaresNormalEquations() throws {
        let a = randomMatrix(30, 4, seed: 15)
        let b = randomMatrix(30, 2, seed: 16)
        let (x, rank, s) = try LinearAlgebra.leastSquares(a, b)
        #expect(rank == 4)
        #expect(maxDifference(s, try LinearAlgebra.singularValues(a)) < doubleTolerance)
        let at = a.transposed()
        let normal = try LinearAlgebra.solvePositiveDefinite(at * a, at * b)
        #expect(maxDifference(x, normal) < 1e-10)
        // The residual is orthogonal to the columns of A.
        var residual = b
        let ax = a * x
        for i in 0..<30 {
            for j in 0..<2 { residual[i, j] -= ax[i, j] }
        }
        #expect(maxDifference(at * residual, Matrix(zeros: 4, 2)) < 1e-10)
    }

    @Test("Least squares on a rank-deficient system gives the minimum-norm solution and the rank")
    func leastSquaresRankDeficient() throws {
        // Columns 2 and 3 are equal, so rank 3 of 4; the minimum-norm solution splits their weight equally.
        let base = randomMatrix(10, 3, seed: 17)
        var a = Matrix(zeros: 10, 4)
        for i in 0..<10 {
            for j in 0..<3 { a[i, j] = base[i, j] }
            a[i, 3] = base[i, 2]
        }
        let truth = Matrix(rows: 3, columns: 1, scalars: [1, -1, 2])
        let (x, rank, s) = try LinearAlgebra.leastSquares(a, base * truth)
        #expect(rank == 3)
        #expect(s[3] < 1e-14 * s[0])
        #expect(maxDifference(x, Matrix(rows: 4, columns: 1, scalars: [1, -1, 1, 1])) < 1e-10)
    }

    @Test("Least squares on an underdetermined system solves it with the minimum norm Aᵀ(AAᵀ)⁻¹b")
    func leastSquaresUnderdetermined() throws {
        let a = randomMatrix(2, 5, seed: 18)
        let b = Matrix(rows: 2, columns: 1, scalars: [1, 2])
        let (x, rank, _) = try LinearAlgebra.leastSquares(a, b)
        #expect(rank == 2 && x.shape == [5, 1])
        #expect(maxDifference(a * x, b) < doubleTolerance)
        let minimumNorm = try a.transposed() * LinearAlgebra.solve(a * a.transposed(), b)
        #expect(maxDifference(x, minimumNorm) < doubleTolerance)
    }

    @Test("Float least squares keeps the shape of a vector right-hand side")
    func leastSquaresFloat() throws {
        var generator = RandomGenerator(seed: 19)
        let a = Tensor.randomNormal([25, 3], using: &generator)
        let truth = Tensor([0.5, -1, 2])
        let truthColumn = Matrix(rows: 3, columns: 1, scalars: truth.scalars.map(Double.init))
        let b = Tensor(try Matrix(a) * truthColumn).reshaped([25])
        let (x, rank, s) = try LinearAlgebra.leastSquares(a, b)
        #expect(x.shape == [3] && rank == 3 && s.shape == [3])
        #expect(maxDifference(x, truth) < floatTolerance)
        // A cutoff above σmin/σmax drops the smallest direction.
        let ratio = Double(s.scalars[2] / s.scalars[0])
        #expect(try LinearAlgebra.leastSquares(a, b, relativeCutoff: ratio * 1.01).rank == 2)
    }

    // MARK: Log-determinants

    @Test("logDeterminant equals the sum of log |eigenvalues|, with the sign of their product")
    func logDeterminantEigenvalues() throws {
        let b = randomMatrix(9, 9, seed: 20)
        let a = plusTranspose(b)
        let values = try LinearAlgebra.symmetricEigenvalues(a)
        let (sign, logAbs) = try LinearAlgebra.logDeterminant(a)
        let expectedSign: Double = values.filter { $0 < 0 }.count % 2 == 0 ? 1 : -1
        #expect(sign == expectedSign)
        #expect(abs(logAbs - values.map { log(abs($0)) }.reduce(0, +)) < 1e-11)
    }

    @Test("logDeterminant of a non-symmetric matrix equals the sum of log singular values; signs of known matrices")
    func logDeterminantGeneral() throws {
        let a = randomMatrix(11, 11, seed: 21)
        let s = try LinearAlgebra.singularValues(a)
        #expect(abs(try LinearAlgebra.logDeterminant(a).logAbsoluteValue - s.map(log).reduce(0, +)) < 1e-11)
        // det [[1, 2, 3], [0, 4, 5], [1, 0, 6]] = 22.
        let m = Matrix(rows: 3, columns: 3, scalars: [1, 2, 3, 0, 4, 5, 1, 0, 6])
        let (sign, logAbs) = try LinearAlgebra.logDeterminant(m)
        #expect(sign == 1 && abs(logAbs - log(22.0)) < doubleTolerance)
        // A row swap has determinant -1; a diagonal its product.
        let swap = Matrix(rows: 2, columns: 2, scalars: [0, 1, 1, 0])
        #expect(try LinearAlgebra.logDeterminant(swap) == (-1, 0))
        let d = try LinearAlgebra.logDeterminant(diagonal([2, -3, 0.5]))
        #expect(d.sign == -1 && abs(d.logAbsoluteValue - log(3.0)) < doubleTolerance)
    }

    @Test("logDeterminant where the determinant itself overflows, and of singular and empty matrices")
    func logDeterminantEdges() throws {
        // det(10 I₄₀₀) = 1e400 overflows Double; its logarithm is 400 log 10.
        var big = Matrix.identity(400)
        for i in 0..<400 { big[i, i] = 10 }
        let (sign, logAbs) = try LinearAlgebra.logDeterminant(big)
        #expect(sign == 1 && abs(logAbs - 400 * log(10.0)) < 1e-10)
        #expect(abs(try LinearAlgebra.logDeterminantPositiveDefinite(big) - 400 * log(10.0)) < 1e-10)
        let singular = try LinearAlgebra.logDeterminant(Matrix(rows: 2, columns: 2, scalars: [1, 2, 2, 4]))
        #expect(singular.sign == 0 && singular.logAbsoluteValue == -.infinity)
        #expect(try LinearAlgebra.logDeterminant(Matrix(zeros: 0, 0)) == (1, 0))
    }

    @Test("logDeterminantPositiveDefinite agrees with the LU version and with Float")
    func logDeterminantPositiveDefinite() throws {
        let a = randomPositiveDefinite(15, seed: 22)
        let lu = try LinearAlgebra.logDeterminant(a)
        #expect(lu.sign == 1)
        #expect(abs(try LinearAlgebra.logDeterminantPositiveDefinite(a) - lu.logAbsoluteValue) < 1e-11)
        // Hilbert(8), by the exact formula det Hn = ∏_{k<n} (k!)⁴ / ((2k)! (2k+1)!) in logarithms. Rounding H to
        // Double already moves log det by up to about κ·ε·n ≈ 3e-5 (κ ≈ 1.5e10), hence the tolerance.
        var hilbertLogDet = 0.0
        for k in 1..<8 {
            hilbertLogDet += 4 * lgamma(Double(k + 1)) - lgamma(Double(2 * k + 1)) - lgamma(Double(2 * k + 2))
        }
        #expect(abs(try LinearAlgebra.logDeterminantPositiveDefinite(hilbert(8)) - hilbertLogDet) < 1e-4)
        let t = Tensor(a)
        let floatLU = try LinearAlgebra.logDeterminant(t)
        #expect(floatLU.sign == 1)
        #expect(abs(Double(floatLU.logAbsoluteValue.scalar) - lu.logAbsoluteValue) / abs(lu.logAbsoluteValue) < 1e-6)
        let floatCholesky = try LinearAlgebra.logDeterminantPositiveDefinite(t)
        #expect(abs(floatCholesky.scalar - floatLU.logAbsoluteValue.scalar) < 1e-4)
    }

    // MARK: Log-determinant gradients

    /// Central differences of `f` at `a`, one entry at a time, with step `h`.
    private func centralDifferences(_ a: Matrix, h: Double = 1e-6, _ f: (Matrix) throws -> Double) rethrows -> Matrix {
        var result = Matrix(zeros: a.rows, a.columns)
        for i in 0..<a.rows {
            for j in 0..<a.columns {
                var plus = a
                var minus = a
                plus[i, j] += h
                minus[i, j] -= h
                result[i, j] = try (f(plus) - f(minus)) / (2 * h)
            }
        }
        return result
    }

    // Finite differences run on the `Double` function at the same Float-rounded point, with h = 1e-6: truncation
    // error O(h²) ≈ 1e-12, rounding error ≈ ε/h ≈ 2e-10. The analytic gradient is rounded to Float, so the comparison
    // is relative to the largest entry, at 1e-5.

    @Test("Gradient of logDeterminant is A⁻ᵀ and matches central finite differences")
    func logDeterminantGradient() throws {
        let t = Tensor(randomMatrix(5, 5, seed: 30)).requiringGradient()   // non-symmetric: A⁻ᵀ ≠ A⁻¹
        let (sign, logAbs) = try LinearAlgebra.logDeterminant(t)
        #expect(logAbs.shape == [] && logAbs.requiresGradient)
        let gradient = gradients(of: logAbs * 3, wrt: [t])[0]
        let point = try Matrix(t)
        let expected = try centralDifferences(point) { try 3 * LinearAlgebra.logDeterminant($0).logAbsoluteValue }
        let scale = expected.scalars.map(abs).max()!
        #expect(Double(maxDifference(gradient, Tensor(expected))) / scale < 1e-5)
        #expect(Double(sign) == (try LinearAlgebra.logDeterminant(point)).sign)
    }

    @Test("Gradient of logDeterminantPositiveDefinite is S⁻¹ and matches central finite differences")
    func logDeterminantPositiveDefiniteGradient() throws {
        let t = Tensor(randomPositiveDefinite(6, seed: 31)).requiringGradient()
        let value = try LinearAlgebra.logDeterminantPositiveDefinite(t)
        value.backward()
        let gradient = try #require(t.gradient)
        // Perturbing one entry (i, j) alone moves the symmetric part by h/2 at (i, j) and (j, i).
        let point = try Matrix(t)
        let expected = try centralDifferences(point) { try LinearAlgebra.logDeterminantPositiveDefinite($0) }
        let scale = expected.scalars.map(abs).max()!
        #expect(Double(maxDifference(gradient, Tensor(expected))) / scale < 1e-5)
    }

    @Test("Log-determinants record no gradient unless asked, and refuse one for a singular matrix")
    func logDeterminantGradientEdges() throws {
        let singular = Tensor(shape: [2, 2], scalars: [1, 2, 2, 4])
        #expect(!(try LinearAlgebra.logDeterminant(singular)).logAbsoluteValue.requiresGradient)
        let leaf = singular.requiringGradient()
        expectError("logDeterminant", "singular") { _ = try LinearAlgebra.logDeterminant(leaf) }
        let quiet = try withoutGradients { try LinearAlgebra.logDeterminant(leaf) }
        #expect(quiet.sign == 0 && quiet.logAbsoluteValue.scalar == -.infinity)
        #expect(!quiet.logAbsoluteValue.requiresGradient)
    }

    // MARK: QR

    @Test("QR: Q R = A with orthonormal Q and upper-triangular R", arguments: [(8, 5), (5, 8), (6, 6)])
    func qrReconstruction(rows: Int, columns: Int) throws {
        let a = randomMatrix(rows, columns, seed: 23)
        let (q, r) = try LinearAlgebra.qr(a)
        let k = min(rows, columns)
        #expect(q.shape == [rows, k] && r.shape == [k, columns])
        #expect(maxDifference(q * r, a) < doubleTolerance)
        #expect(orthonormalityError(columnsOf: q) < doubleTolerance)
        for i in 0..<k {
            for j in 0..<i { #expect(r[i, j] == 0) }
        }
        let (qf, rf) = try LinearAlgebra.qr(Tensor(a))
        #expect(maxDifference(Tensor(try Matrix(qf) * Matrix(rf)), Tensor(a)) < floatTolerance)
    }

    // MARK: Concurrency

    @Test("Concurrent calls give the same results as sequential ones")
    func concurrentCalls() throws {
        let inputs = (0..<16).map { randomPositiveDefinite(24, seed: 100 + UInt64($0)) }
        @Sendable func work(_ a: Matrix) throws -> [Double] {
            let (_, s, _) = try LinearAlgebra.svd(a)
            let x = try LinearAlgebra.solvePositiveDefinite(a, Matrix.identity(24))
            return s + x.scalars + [try LinearAlgebra.logDeterminant(a).logAbsoluteValue]
        }
        let sequential = try inputs.map(work)
        let results = ResultBox(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
            results.store(i, try? work(inputs[i]))
        }
        #expect(results.values == sequential.map { Optional($0) })
    }

    // MARK: Conversions

    @Test("Tensor and Matrix convert both ways, and Matrix multiplies and transposes")
    func conversions() throws {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let m = try Matrix(t)
        #expect(m.shape == [2, 3] && m[1, 2] == 6)
        #expect(Tensor(m).scalars == t.scalars && Tensor(m).shape == [2, 3])
        #expect(m.transposed()[2, 1] == 6)
        #expect((m * m.transposed()).scalars == [14, 32, 32, 77])
        expectError("expected a matrix", "[2, 3, 1]") { _ = try Matrix(t.reshaped([2, 3, 1])) }
    }

    // MARK: Errors

    @Test("Non-square inputs are reported with their shape")
    func nonSquareErrors() {
        let a = randomMatrix(2, 3, seed: 24)
        expectError("cholesky", "square", "[2, 3]") { _ = try LinearAlgebra.cholesky(a) }
        expectError("solve", "square") { _ = try LinearAlgebra.solve(a, Matrix(zeros: 2, 1)) }
        expectError("inverse", "square") { _ = try LinearAlgebra.inverse(a) }
        expectError("logDeterminant", "square") { _ = try LinearAlgebra.logDeterminant(a) }
        expectError("symmetricEigendecomposition", "square") { _ = try LinearAlgebra.symmetricEigendecomposition(a) }
        expectError("solvePositiveDefinite", "square") {
            _ = try LinearAlgebra.solvePositiveDefinite(a, Matrix(zeros: 2, 1))
        }
        expectError("svd", "rank-2", "[6]") { _ = try LinearAlgebra.svd(Tensor([1, 2, 3, 4, 5, 6])) }
    }

    @Test("A matrix that is not positive definite is reported with its leading minor")
    func notPositiveDefinite() {
        // [[1, 2], [2, 1]] has eigenvalues 3 and -1: the 1x1 minor is fine, the 2x2 one is not.
        let indefinite = Matrix(rows: 2, columns: 2, scalars: [1, 2, 2, 1])
        expectError("not positive definite", "order 2") { _ = try LinearAlgebra.cholesky(indefinite) }
        let negative = Matrix(rows: 2, columns: 2, scalars: [-1, 0, 0, 1])
        expectError("not positive definite", "order 1") { _ = try LinearAlgebra.cholesky(Tensor(negative)) }
        expectError("logDeterminantPositiveDefinite", "order 2") {
            _ = try LinearAlgebra.logDeterminantPositiveDefinite(indefinite)
        }
        expectError("solvePositiveDefinite", "order 2") {
            _ = try LinearAlgebra.solvePositiveDefinite(indefinite, Matrix(zeros: 2, 1))
        }
    }

    @Test("Singular matrices are reported with the zero pivot; numerically singular ones with κ")
    func singular() {
        let singular = Matrix(rows: 3, columns: 3, scalars: [1, 2, 3, 2, 4, 6, 1, 0, 1])
        expectError("singular", "zero pivot") { _ = try LinearAlgebra.solve(singular, Matrix(zeros: 3, 1)) }
        expectError("inverse", "singular", "zero pivot") { _ = try LinearAlgebra.inverse(Tensor(singular)) }
        // Hilbert(14): κ ≈ 1e18 is beyond Double's precision even though no pivot is exactly zero.
        expectError("singular to working precision", "reciprocal condition number") {
            _ = try LinearAlgebra.solve(hilbert(14), Matrix(zeros: 14, 1))
        }
        expectError("singular to working precision") { _ = try LinearAlgebra.inverse(hilbert(14)) }
    }

    @Test("NaN and infinite entries are reported with their position")
    func nonFinite() {
        var a = Matrix.identity(3)
        a[1, 2] = .nan
        expectError("svd", "non-finite", "(1, 2)") { _ = try LinearAlgebra.svd(a) }
        expectError("cholesky", "non-finite") { _ = try LinearAlgebra.cholesky(a) }
        expectError("logDeterminant", "non-finite") { _ = try LinearAlgebra.logDeterminant(a) }
        expectError("qr", "non-finite") { _ = try LinearAlgebra.qr(a) }
        let infinite = Tensor(shape: [2, 2], scalars: [1, 0, .infinity, 1])
        expectError("symmetricEigenvalues", "non-finite", "inf", "(1, 0)") {
            _ = try LinearAlgebra.symmetricEigenvalues(infinite)
        }
        var b = Matrix(zeros: 3, 1)
        b[2, 0] = -.infinity
        expectError("solve", "right-hand side", "non-finite") { _ = try LinearAlgebra.solve(Matrix.identity(3), b) }
        expectError("leastSquares", "right-hand side", "non-finite") {
            _ = try LinearAlgebra.leastSquares(Matrix.identity(3), b)
        }
    }

    @Test("Uniformly tiny or huge matrices factorise exactly as their scaled copies; badly scaled ones are reported")
    func scaling() throws {
        // 2⁻¹⁰³⁰ (subnormal: the entries keep ~47 of 53 bits) and 2¹⁰⁰⁰ times a well-conditioned matrix: the LU and
        // Cholesky routines scale by powers of two, so their answers are those for the unscaled matrix, scaled back.
        let a = randomPositiveDefinite(4, seed: 32)
        let (sign, logAbs) = try LinearAlgebra.logDeterminant(a)
        let logCholesky = try LinearAlgebra.logDeterminantPositiveDefinite(a)
        let b = randomMatrix(4, 1, seed: 33)
        for exponent in [-1030, 1000] {
            let scaled = Matrix(rows: 4, columns: 4, scalars: a.scalars.map { scalbn($0, exponent) })
            let shift = 4 * Double(exponent) * log(2.0)
            let lu = try LinearAlgebra.logDeterminant(scaled)
            #expect(lu.sign == sign && abs(lu.logAbsoluteValue - (logAbs + shift)) < 1e-9)
            #expect(abs(try LinearAlgebra.logDeterminantPositiveDefinite(scaled) - (logCholesky + shift)) < 1e-9)
            // A X = B for the scaled matrix and right-hand side has the same solution.
            let scaledB = Matrix(rows: 4, columns: 1, scalars: b.scalars.map { scalbn($0, exponent) })
            let x = try LinearAlgebra.solve(a, b)
            #expect(maxDifference(try LinearAlgebra.solve(scaled, scaledB), x) < doubleTolerance)
            #expect(maxDifference(try LinearAlgebra.solvePositiveDefinite(scaled, scaledB), x) < doubleTolerance)
            let l = try LinearAlgebra.cholesky(scaled)
            let expectedL = try LinearAlgebra.cholesky(a)
            let unscaledL = Matrix(rows: 4, columns: 4, scalars: l.scalars.map { scalbn($0, -exponent / 2) })
            #expect(maxDifference(unscaledL, expectedL) < doubleTolerance)
        }
        // Pivots 1 and 2⁻¹⁰³² (subnormal) in one matrix span more than Double's exponent range.
        var mixed = Matrix.identity(3)
        mixed[1, 1] = scalbn(1.0, -1032)
        mixed[0, 1] = 0.5
        expectError("logDeterminant", "too badly scaled") { _ = try LinearAlgebra.logDeterminant(mixed) }
        expectError("solve", "too badly scaled") { _ = try LinearAlgebra.solve(mixed, Matrix(zeros: 3, 1)) }
    }

    @Test("Results that overflow Double, or Float for tensors, are reported")
    func overflow() {
        // Well-conditioned (κ = 1) problems whose answers overflow: 1e300 / 1e-300, and the inverse of a subnormal.
        var tiny = Matrix.identity(2)
        tiny[0, 0] = 1e-300
        tiny[1, 1] = 1e-300
        let huge = Matrix(rows: 2, columns: 1, scalars: [1e300, 1])
        expectError("solve", "the solution", "non-finite", "(0, 0)") { _ = try LinearAlgebra.solve(tiny, huge) }
        expectError("inverse", "the inverse", "non-finite") { _ = try LinearAlgebra.inverse(tiny * diagonal([1e-10, 1e-10])) }
        // Fine in Double, beyond Float's range (about 3.4e38): 1e30 / 1e-30, and the inverse of 2⁻¹³⁰ I.
        let a = Tensor(shape: [2, 2], scalars: [1e-30, 0, 0, 1e-30])
        let b = Tensor([1e30, 1])
        expectError("solve", "beyond Float's range", "at 0") { _ = try LinearAlgebra.solve(a, b) }
        let subnormal = Tensor(shape: [2, 2], scalars: [scalbn(1, -130), 0, 0, scalbn(1, -130)])
        expectError("inverse", "beyond Float's range", "(0, 0)") { _ = try LinearAlgebra.inverse(subnormal) }
        expectError("leastSquares", "beyond Float's range") { _ = try LinearAlgebra.leastSquares(a, b) }
    }

    @Test("Mismatched right-hand sides and bad arguments are reported")
    func argumentErrors() {
        expectError("solve", "[3, 3]", "[2, 1]", "same number of rows") {
            _ = try LinearAlgebra.solve(Matrix.identity(3), Matrix(zeros: 2, 1))
        }
        expectError("leastSquares", "same number of rows") {
            _ = try LinearAlgebra.leastSquares(Tensor.zeros([4, 2]), Tensor.zeros([3]))
        }
        expectError("solve", "vector or a matrix", "[3, 1, 1]") {
            _ = try LinearAlgebra.solve(Tensor.ones([3, 3]), Tensor.zeros([3, 1, 1]))
        }
        expectError("relativeCutoff", "non-negative") {
            _ = try LinearAlgebra.leastSquares(Matrix.identity(2), Matrix(zeros: 2, 1), relativeCutoff: -1)
        }
    }
}
