import Foundation

/// Limited-memory BFGS for smooth unconstrained problems, following SciPy's L-BFGS-B driver as scikit-learn
/// calls it (`minimize(method="L-BFGS-B", options={"maxiter": 100, "maxls": 50, "gtol": 1e-4,
/// "ftol": 64 * eps})`).
///
/// The search direction is the two-loop product of the inverse BFGS approximation built from the last
/// ``Options/memory`` pairs (initial scaling `s'y / y'y`), which is what L-BFGS-B's subspace minimisation yields
/// without bounds. The first step has length 1 along the normalised steepest-descent direction, later steps start
/// at 1; the Moré–Thuente line search enforces the strong Wolfe conditions (ftol 1e-3, gtol 0.9, xtol 0.1).
/// It stops when the largest gradient component is at most ``Options/gradientTolerance``, when the relative
/// decrease of the objective is at most ``Options/relativeReductionTolerance``, or after
/// ``Options/maxIterations`` iterations. Curvature pairs with `s'y <= eps * (-g's)` are skipped; a failed line
/// search restarts from the last iterate with an empty memory.
public enum LBFGSMinimizer {
    /// Settings, defaulting to scikit-learn's logistic-regression call.
    public struct Options: Sendable, Equatable, Codable {
        /// The number of correction pairs kept (10, SciPy's `maxcor`).
        public var memory: Int
        /// The maximum number of iterations (100).
        public var maxIterations: Int
        /// Stop when `max |g_i| <=` this (1e-4).
        public var gradientTolerance: Double
        /// Stop when `(f_old - f) / max(|f_old|, |f|, 1) <=` this (64 machine epsilons).
        public var relativeReductionTolerance: Double
        /// The maximum number of evaluations in one line search (50).
        public var maxLineSearchSteps: Int
        /// The maximum number of function evaluations overall (15,000).
        public var maxEvaluations: Int

        /// Creates settings.
        public init(memory: Int = 10, maxIterations: Int = 100, gradientTolerance: Double = 1e-4,
                    relativeReductionTolerance: Double = 64 * Double.ulpOfOne, maxLineSearchSteps: Int = 50,
                    maxEvaluations: Int = 15_000) {
            self.memory = memory
            self.maxIterations = maxIterations
            self.gradientTolerance = gradientTolerance
            self.relativeReductionTolerance = relativeReductionTolerance
            self.maxLineSearchSteps = maxLineSearchSteps
            self.maxEvaluations = maxEvaluations
        }
    }

    /// Why the minimiser stopped.
    package enum StopReason: String, Sendable, Codable {
        /// The gradient tolerance was met.
        case gradientTolerance = "gradient_tolerance"
        /// The relative reduction tolerance was met.
        case relativeReduction = "relative_reduction"
        /// The iteration limit was reached.
        case maxIterations = "max_iterations"
        /// The evaluation limit was reached.
        case maxEvaluations = "max_evaluations"
        /// The line search failed with an empty memory.
        case lineSearchFailed = "line_search_failed"
    }

    /// The minimiser's result.
    package struct Result: Sendable, Equatable, Codable {
        /// The final point.
        package var x: [Double]
        /// The objective at `x`.
        package var value: Double
        /// The gradient at `x`.
        package var gradient: [Double]
        /// The number of completed iterations.
        package var iterations: Int
        /// The number of objective evaluations.
        package var evaluations: Int
        /// Why it stopped.
        package var stopReason: StopReason

        /// Whether a tolerance (rather than a limit or a failure) stopped it.
        package var converged: Bool { stopReason == .gradientTolerance || stopReason == .relativeReduction }
    }

    /// Minimises `objective`, which returns the value and gradient at a point, starting from `initial`.
    package static func minimize(initial: [Double], options: Options = Options(),
                                objective: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
        let n = initial.count
        var x = initial
        var (f, g) = objective(x)
        var evaluations = 1
        var iterations = 0
        if maxAbs(g) <= options.gradientTolerance {
            return Result(x: x, value: f, gradient: g, iterations: 0, evaluations: 1, stopReason: .gradientTolerance)
        }
        var sList = [[Double]](), yList = [[Double]](), rhoList = [Double]()
        var alphas = [Double](repeating: 0, count: options.memory)
        while true {
            // Direction d = -H g by the two-loop recursion.
            var d = g.map { -$0 }
            if !sList.isEmpty {
                let m = sList.count
                for j in stride(from: m - 1, through: 0, by: -1) {
                    let a = rhoList[j] * dot(sList[j], d)
                    alphas[j] = a
                    for i in 0..<n { d[i] -= a * yList[j][i] }
                }
                let last = m - 1
                let gamma = dot(sList[last], yList[last]) / dot(yList[last], yList[last])
                for i in 0..<n { d[i] *= gamma }
                for j in 0..<m {
                    let b = rhoList[j] * dot(yList[j], d)
                    for i in 0..<n { d[i] += sList[j][i] * (alphas[j] - b) }
                }
            }
            let x0 = x, f0 = f, g0 = g
            let gd0 = dot(g, d)
            let dnorm = dot(d, d).squareRoot()
            let stepMax = 1e10
            var search = MoreThuenteLineSearch(step: iterations == 0 ? min(1 / dnorm, stepMax) : 1, stepMax: stepMax)
            var failed = gd0 >= 0
            var gd = gd0
            var status = failed ? .warning : search.next(value: f, derivative: gd0)
            var backtracks = 0
            while !failed && status == .evaluate {
                if backtracks >= options.maxLineSearchSteps || evaluations >= options.maxEvaluations {
                    failed = backtracks >= options.maxLineSearchSteps
                    if !failed {
                        return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                                      stopReason: .maxEvaluations)
                    }
                    break
                }
                let step = search.step
                for i in 0..<n { x[i] = x0[i] + step * d[i] }
                (f, g) = objective(x)
                evaluations += 1
                backtracks += 1
                gd = dot(g, d)
                status = search.next(value: f, derivative: gd)
            }
            if failed || !f.isFinite {
                x = x0
                f = f0
                g = g0
                if sList.isEmpty {
                    return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                                  stopReason: .lineSearchFailed)
                }
                sList.removeAll()
                yList.removeAll()
                rhoList.removeAll()
                continue
            }
            iterations += 1
            if iterations >= options.maxIterations {
                return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                              stopReason: .maxIterations)
            }
            if maxAbs(g) <= options.gradientTolerance {
                return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                              stopReason: .gradientTolerance)
            }
            if f0 - f <= options.relativeReductionTolerance * max(abs(f0), abs(f), 1) {
                return Result(x: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations,
                              stopReason: .relativeReduction)
            }
            let step = search.step
            let s = d.map { $0 * step }
            let y = (0..<n).map { g[$0] - g0[$0] }
            let sy = (gd - gd0) * step
            if sy > Double.ulpOfOne * (-gd0 * step) {
                if sList.count == options.memory {
                    sList.removeFirst()
                    yList.removeFirst()
                    rhoList.removeFirst()
                }
                sList.append(s)
                yList.append(y)
                rhoList.append(1 / dot(y, s))
            }
        }
    }

    @inline(__always)
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<a.count { sum += a[i] * b[i] }
        return sum
    }

    @inline(__always)
    static func maxAbs(_ a: [Double]) -> Double {
        a.reduce(0) { max($0, abs($1)) }
    }
}
