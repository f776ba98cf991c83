import Foundation

/// Eigenvalues of a small symmetric matrix by the cyclic Jacobi method (accurate to a few ulps of the largest
/// eigenvalue; used for covariance matrices of code dimensions).
enum SymmetricEigen {
    /// The eigenvalues of the symmetric `size x size` row-major matrix `a`, ascending.
    static func eigenvalues(_ a: [Double], size n: Int) -> [Double] {
        var m = a
        let scale = a.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n {
                for q in (p + 1)..<n { off += m[p * n + q] * m[p * n + q] }
            }
            if off <= 1e-34 * scale { break }
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let apq = m[p * n + q]
                    if apq == 0 { continue }
                    let app = m[p * n + p], aqq = m[q * n + q]
                    let theta = (aqq - app) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = m[k * n + p], akq = m[k * n + q]
                        m[k * n + p] = c * akp - s * akq
                        m[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = m[p * n + k], aqk = m[q * n + k]
                        m[p * n + k] = c * apk - s * aqk
                        m[q * n + k] = s * apk + c * aqk
                    }
                    m[p * n + q] = 0
                    m[q * n + p] = 0
                }
            }
        }
        return (0..<n).map { m[$0 * n + $0] }.sorted()
    }
}
