import DisentangleTensor

/// A linear support vector classifier with the squared hinge loss and L2 penalty, as scikit-learn's `LinearSVC`
/// solves it through LIBLINEAR.
///
/// Two solvers are available: LIBLINEAR's dual coordinate descent (`solve_l2r_l1l2_svc` with shrinking, what
/// `LinearSVC(dual=True)` runs and what scikit-learn used before 1.5), and a Newton method on the primal problem
/// (the optimum LIBLINEAR's primal trust-region solver approaches, what scikit-learn >= 1.5 runs by default when
/// there are more rows than features), stopped by LIBLINEAR's primal rule
/// `||g|| <= tolerance * max(min(positives, negatives), 1) / n * ||g(0)||`.
///
/// The intercept is an extra feature of constant value ``Options/interceptScaling`` and is regularised like the
/// other weights. More than two classes are handled one-vs-rest: class `k`'s problem weighs its positive rows by
/// `C * classWeight[k]` and every negative row by plain `C`, as LIBLINEAR does. With two classes one problem is
/// solved with the smaller label positive at `C * classWeight[0]` and the larger negative at
/// `C * classWeight[1]`; the stored coefficients score the larger label, as scikit-learn reports them.
/// Coordinates are visited in a random order drawn from the generator on every pass.
public struct LinearSVC: Sendable, Equatable, Codable {
    /// How classes are weighted.
    public enum ClassWeighting: String, Sendable, Codable {
        /// Every class has weight 1.
        case uniform
        /// Class `k` has weight `n / (classCount * n_k)` (scikit-learn's "balanced").
        case balanced
    }

    /// The optimisation method.
    public enum Solver: String, Sendable, Codable {
        /// Newton's method on the primal (scikit-learn >= 1.5's choice for more rows than features).
        case primalNewton = "primal_newton"
        private static func solve(x: [Double], n: Int, width: Int, signs: [Double], positiveC: Double, negativeC: Double,
                              options: Options, generator: inout RandomGenerator) -> [Double] {
        switch options.solver {
        case .primalNewton:
            return solvePrimal(x: x, n: n, width: width, signs: signs, positiveC: positiveC, negativeC: negativeC,
                               options: options)
        case .dualCoordinateDescent:
            return solveDual(x: x, n: n, width: width, signs: signs, positiveC: positiveC, negativeC: negativeC,
                             options: options, generator: &generator)
        }
    }

    /// Newton's method with Armijo backtracking on `0.5 ||w||^2 + sum_i C_i max(0, 1 - y_i w.x_i)^2`, whose
    /// generalised Hessian is `I + 2 sum_{active i} C_i x_i x_i'`.
    private static func solvePrimal(x: [Double], n: Int, width: Int, signs: [Double], positiveC: Double,
                                    negativeC: Double, options: Options) -> [Double] {
        let cost = signs.map { $0 > 0 ? positiveC : negativeC }
        let positives = signs.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let tolerance = options.tolerance * Double(max(min(positives, n - positives), 1)) / Double(n)
        func objective(_ w: [Double]) -> Double {
            var f = 0.5 * w.reduce(0) { $0 + $1 * $1 }
            for i in 0..<n {
                var z = 0.0
                for j in 0..<width { z += w[j] * x[i * width + j] }
                let margin = 1 - signs[i] * z
                if margin > 0 { f += cost[i] * margin * margin }
            }
            return f
        }
        var w = [Double](repeating: 0, count: width)
        var initialNorm = -1.0
        for _ in 0..<options.maxIterations {
            var gradient = w
            var hessian = [Double](repeating: 0, count: width * width)
            for j in 0..<width { hessian[j * width + j] = 1 }
            for i in 0..<n {
                var z = 0.0
                for j in 0..<width { z += w[j] * x[i * width + j] }
                let margin = 1 - signs[i] * z
                guard margin > 0 else { continue }
                let scale = -2 * cost[i] * margin * signs[i]
                for a in 0..<width {
                    let xa = x[i * width + a]
                    gradient[a] += scale * xa
                    for b in 0..<width { hessian[a * width + b] += 2 * cost[i] * xa * x[i * width + b] }
                }
            }
            let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if initialNorm < 0 { initialNorm = norm }
            if norm <= tolerance * initialNorm { break }
            let step = choleskySolve(hessian, gradient.map { -$0 }, size: width)
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            let current = objective(w)
            var t = 1.0
            var candidate = w
            while t > 1e-12 {
                for j in 0..<width { candidate[j] = w[j] + t * step[j] }
                if objective(candidate) <= current + 1e-4 * t * slope { break }
                t /= 2
            }
            if candidate == w { break }
            w = candidate
        }
        return w
    }

    /// Solves `a x = b` for a symmetric positive-definite `size x size` matrix.
    private static func choleskySolve(_ a: [Double], _ b: [Double], size n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = i == j ? s.squareRoot() : s / l[j * n + j]
            }
        }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }

    /// LIBLINEAR's dual coordinate descent (`dual=True`).
        case dualCoordinateDescent = "dual_coordinate_descent"
    }

    /// Fitting settings; the defaults are those disentanglement_lib's SAP score uses.
    public struct Options: Sendable, Equatable, Codable {
        /// The solver (primal Newton, as current scikit-learn runs SAP's one-feature problems).
        public var solver: Solver
        /// The penalty parameter C (0.01 in SAP; scikit-learn's own default is 1).
        public var c: Double
        /// The class weighting ("balanced" in SAP).
        public var classWeighting: ClassWeighting
        /// The stopping tolerance on the projected-gradient spread (scikit-learn's 1e-4).
        public var tolerance: Double
        /// The maximum number of passes (dual) or Newton iterations (primal) (1,000).
        public var maxIterations: Int
        /// The value of the constant intercept feature (1).
        public var interceptScaling: Double

        /// Creates settings.
        public init(solver: Solver = .primalNewton, c: Double = 0.01, classWeighting: ClassWeighting = .balanced,
                    tolerance: Double = 1e-4, maxIterations: Int = 1000, interceptScaling: Double = 1) {
            self.solver = solver
            self.c = c
            self.classWeighting = classWeighting
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.interceptScaling = interceptScaling
        }
    }

    /// The class labels, ascending.
    public let classes: [Int]
    /// Coefficients: one row (scoring `classes[1]`) with two classes, else one row per class.
    public let coefficients: [[Double]]
    /// The intercept of each row (already multiplied by the intercept scaling).
    public let intercepts: [Double]

    /// The linear scores of every row: one column with two classes, else one per class.
    public func decisionFunction(_ features: CodeMatrix) -> [[Double]] {
        (0..<features.rowCount).map { i in
            coefficients.indices.map { k in
                var s = 0.0
                for j in 0..<features.columnCount { s += features[i, j] * coefficients[k][j] }
                return s + intercepts[k]
            }
        }
    }

    /// The predicted class of every row (the first class with the largest score; two classes: score > 0).
    public func predict(_ features: CodeMatrix) -> [Int] {
        decisionFunction(features).map { raw in
            if raw.count == 1 { return raw[0] > 0 ? classes[1] : classes[0] }
            var best = 0
            for k in 1..<raw.count where raw[k] > raw[best] { best = k }
            return classes[best]
        }
    }

    /// The fraction of rows whose predicted class equals the label.
    public func accuracy(features: CodeMatrix, labels: [Int]) -> Double {
        let correct = zip(predict(features), labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(labels.count)
    }

    /// Fits the classifier to `labels` (one per row of `features`, at least two distinct values).
    ///
    /// - Throws: ``MetricError`` for mismatched lengths, a single class, or invalid options.
    public static func fit(features: CodeMatrix, labels: [Int], options: Options = Options(),
                           generator: inout RandomGenerator) throws -> LinearSVC {
        guard labels.count == features.rowCount else {
            throw MetricError.rowCountMismatch(codes: features.rowCount, factors: labels.count)
        }
        guard options.c > 0, options.tolerance > 0, options.maxIterations >= 1, options.interceptScaling > 0 else {
            throw MetricError.invalidOption("LinearSVC needs C > 0, tolerance > 0, maxIterations >= 1, interceptScaling > 0")
        }
        let (y, classCount) = DiscreteMutualInformation.encode(labels)
        guard classCount >= 2 else { throw MetricError.constantFactor(metric: "LinearSVC", factor: 0) }
        let classes = Array(Set(labels)).sorted()
        let n = features.rowCount
        let d = features.columnCount
        var counts = [Int](repeating: 0, count: classCount)
        for c in y { counts[c] += 1 }
        let weights = counts.map { options.classWeighting == .balanced ? Double(n) / Double(classCount * $0) : 1 }
        // Augmented rows: the features followed by the constant intercept feature.
        var x = [Double](repeating: 0, count: n * (d + 1))
        for i in 0..<n {
            for j in 0..<d { x[i * (d + 1) + j] = features[i, j] }
            x[i * (d + 1) + d] = options.interceptScaling
        }
        if classCount == 2 {
            let signs = y.map { $0 == 0 ? 1.0 : -1.0 }
            let w = solve(x: x, n: n, width: d + 1, signs: signs, positiveC: options.c * weights[0],
                          negativeC: options.c * weights[1], options: options, generator: &generator)
            // The solved problem scores the smaller label; negate to score the larger one.
            return LinearSVC(classes: classes, coefficients: [w[0..<d].map { -$0 }],
                             intercepts: [-w[d] * options.interceptScaling])
        }
        var coefficients = [[Double]]()
        var intercepts = [Double]()
        for k in 0..<classCount {
            let signs = y.map { $0 == k ? 1.0 : -1.0 }
            let w = solve(x: x, n: n, width: d + 1, signs: signs, positiveC: options.c * weights[k],
                          negativeC: options.c, options: options, generator: &generator)
            coefficients.append(Array(w[0..<d]))
            intercepts.append(w[d] * options.interceptScaling)
        }
        return LinearSVC(classes: classes, coefficients: coefficients, intercepts: intercepts)
    }

    private static func solve(x: [Double], n: Int, width: Int, signs: [Double], positiveC: Double, negativeC: Double,
                              options: Options, generator: inout RandomGenerator) -> [Double] {
        switch options.solver {
        case .primalNewton:
            return solvePrimal(x: x, n: n, width: width, signs: signs, positiveC: positiveC, negativeC: negativeC,
                               options: options)
        case .dualCoordinateDescent:
            return solveDual(x: x, n: n, width: width, signs: signs, positiveC: positiveC, negativeC: negativeC,
                             options: options, generator: &generator)
        }
    }

    /// Newton's method with Armijo backtracking on `0.5 ||w||^2 + sum_i C_i max(0, 1 - y_i w.x_i)^2`, whose
    /// generalised Hessian is `I + 2 sum_{active i} C_i x_i x_i'`.
    private static func solvePrimal(x: [Double], n: Int, width: Int, signs: [Double], positiveC: Double,
                                    negativeC: Double, options: Options) -> [Double] {
        let cost = signs.map { $0 > 0 ? positiveC : negativeC }
        let positives = signs.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let tolerance = options.tolerance * Double(max(min(positives, n - positives), 1)) / Double(n)
        func objective(_ w: [Double]) -> Double {
            var f = 0.5 * w.reduce(0) { $0 + $1 * $1 }
            for i in 0..<n {
                var z = 0.0
                for j in 0..<width { z += w[j] * x[i * width + j] }
                let margin = 1 - signs[i] * z
                if margin > 0 { f += cost[i] * margin * margin }
            }
            return f
        }
        var w = [Double](repeating: 0, count: width)
        var initialNorm = -1.0
        for _ in 0..<options.maxIterations {
            var gradient = w
            var hessian = [Double](repeating: 0, count: width * width)
            for j in 0..<width { hessian[j * width + j] = 1 }
            for i in 0..<n {
                var z = 0.0
                for j in 0..<width { z += w[j] * x[i * width + j] }
                let margin = 1 - signs[i] * z
                guard margin > 0 else { continue }
                let scale = -2 * cost[i] * margin * signs[i]
                for a in 0..<width {
                    let xa = x[i * width + a]
                    gradient[a] += scale * xa
                    for b in 0..<width { hessian[a * width + b] += 2 * cost[i] * xa * x[i * width + b] }
                }
            }
            let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if initialNorm < 0 { initialNorm = norm }
            if norm <= tolerance * initialNorm { break }
            let step = choleskySolve(hessian, gradient.map { -$0 }, size: width)
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            let current = objective(w)
            var t = 1.0
            var candidate = w
            while t > 1e-12 {
                for j in 0..<width { candidate[j] = w[j] + t * step[j] }
                if objective(candidate) <= current + 1e-4 * t * slope { break }
                t /= 2
            }
            if candidate == w { break }
            w = candidate
        }
        return w
    }

    /// Solves `a x = b` for a symmetric positive-definite `size x size` matrix.
    private static func choleskySolve(_ a: [Double], _ b: [Double], size n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = i == j ? s.squareRoot() : s / l[j * n + j]
            }
        }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }

    /// LIBLINEAR's dual coordinate descent for the L2-regularised squared-hinge SVM; returns w.
    private static func solveDual(x: [Double], n: Int, width: Int, signs: [Double], positiveC: Double,
                                  negativeC: Double, options: Options, generator: inout RandomGenerator) -> [Double] {
        var w = [Double](repeating: 0, count: width)
        var alpha = [Double](repeating: 0, count: n)
        var diagonal = [Double](repeating: 0, count: n)
        var qd = [Double](repeating: 0, count: n)
        for i in 0..<n {
            diagonal[i] = 0.5 / (signs[i] > 0 ? positiveC : negativeC)
            var norm = 0.0
            for j in 0..<width { norm += x[i * width + j] * x[i * width + j] }
            qd[i] = diagonal[i] + norm
        }
        var index = Array(0..<n)
        var activeSize = n
        var projectedMaxOld = Double.infinity
        var iteration = 0
        while iteration < options.maxIterations {
            var projectedMaxNew = -Double.infinity
            var projectedMinNew = Double.infinity
            for i in 0..<activeSize {
                let j = i + generator.nextInt(below: activeSize - i)
                index.swapAt(i, j)
            }
            var s = 0
            while s < activeSize {
                let i = index[s]
                let yi = signs[i]
                var g = 0.0
                for j in 0..<width { g += w[j] * x[i * width + j] }
                g = yi * g - 1 + alpha[i] * diagonal[i]
                var projected = 0.0
                if alpha[i] == 0 {
                    if g > projectedMaxOld {
                        activeSize -= 1
                        index.swapAt(s, activeSize)
                        continue
                    } else if g < 0 {
                        projected = g
                    }
                } else {
                    projected = g
                }
                projectedMaxNew = max(projectedMaxNew, projected)
                projectedMinNew = min(projectedMinNew, projected)
                if abs(projected) > 1e-12 {
                    let old = alpha[i]
                    alpha[i] = max(alpha[i] - g / qd[i], 0)
                    let delta = (alpha[i] - old) * yi
                    for j in 0..<width { w[j] += delta * x[i * width + j] }
                }
                s += 1
            }
            iteration += 1
            if projectedMaxNew - projectedMinNew <= options.tolerance {
                if activeSize == n { break }
                activeSize = n
                projectedMaxOld = .infinity
                continue
            }
            projectedMaxOld = projectedMaxNew <= 0 ? .infinity : projectedMaxNew
        }
        return w
    }
}
