/// LIBLINEAR's `l2r_l2_svc_fun`: the primal objective of the L2-regularised squared-hinge SVM,
/// `0.5 ||w||^2 + sum_i C_i max(0, 1 - y_i w.x_i)^2`, with its gradient and generalised Hessian products (the
/// Hessian uses the rows with a positive margin loss at the point of the last gradient).
final class SquaredHingeObjective {
    private let x: [Double]
    private let n: Int
    private let width: Int
    private let signs: [Double]
    private let cost: [Double]
    /// The rows with `y_i w.x_i < 1` at the last gradient evaluation.
    private var active = [Int]()

    init(x: [Double], n: Int, width: Int, signs: [Double], cost: [Double]) {
        self.x = x
        self.n = n
        self.width = width
        self.signs = signs
        self.cost = cost
    }

    private func margin(_ w: [Double], _ i: Int) -> Double {
        var z = 0.0
        for j in 0..<width { z += w[j] * x[i * width + j] }
        return signs[i] * z
    }

    func value(_ w: [Double]) -> Double {
        var f = 0.0
        for j in 0..<width { f += w[j] * w[j] }
        f /= 2
        for i in 0..<n {
            let d = 1 - margin(w, i)
            if d > 0 { f += cost[i] * d * d }
        }
        return f
    }

    func gradient(_ w: [Double]) -> [Double] {
        active.removeAll(keepingCapacity: true)
        var g = [Double](repeating: 0, count: width)
        for i in 0..<n {
            let z = margin(w, i)
            guard z < 1 else { continue }
            active.append(i)
            let scale = cost[i] * signs[i] * (z - 1)
            for j in 0..<width { g[j] += scale * x[i * width + j] }
        }
        return (0..<width).map { w[$0] + 2 * g[$0] }
    }

    func hessianProduct(_ s: [Double]) -> [Double] {
        var h = [Double](repeating: 0, count: width)
        for i in active {
            var xs = 0.0
            for j in 0..<width { xs += x[i * width + j] * s[j] }
            let scale = cost[i] * xs
            for j in 0..<width { h[j] += scale * x[i * width + j] }
        }
        return (0..<width).map { s[$0] + 2 * h[$0] }
    }

    /// TRON's inner solver: conjugate gradient on `H s = -g` inside the trust region `||s|| <= delta`, stopped at
    /// residual `0.1 ||g||`; returns the step and the final residual.
    func truncatedConjugateGradient(delta: Double, gradient g: [Double]) -> (step: [Double], residual: [Double]) {
        var s = [Double](repeating: 0, count: width)
        var r = g.map { -$0 }
        var d = r
        let tolerance = 0.1 * norm(g)
        var rr = dot(r, r)
        while norm(r) > tolerance {
            let hd = hessianProduct(d)
            var alpha = rr / dot(d, hd)
            for j in 0..<width { s[j] += alpha * d[j] }
            if norm(s) > delta {
                // Step back and move to the trust-region boundary along d.
                for j in 0..<width { s[j] -= alpha * d[j] }
                let sd = dot(s, d), ss = dot(s, s), dd = dot(d, d)
                let squared = delta * delta
                let root = (sd * sd + dd * (squared - ss)).squareRoot()
                alpha = sd >= 0 ? (squared - ss) / (sd + root) : (root - sd) / dd
                for j in 0..<width {
                    s[j] += alpha * d[j]
                    r[j] -= alpha * hd[j]
                }
                break
            }
            for j in 0..<width { r[j] -= alpha * hd[j] }
            let rrNew = dot(r, r)
            let beta = rrNew / rr
            for j in 0..<width { d[j] = beta * d[j] + r[j] }
            rr = rrNew
        }
        return (s, r)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
