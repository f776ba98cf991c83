import DisentangleTensor

/// A linear support vector classifier with the squared hinge loss and L2 penalty, as scikit-learn's `LinearSVC`
/// solves it through LIBLINEAR.
///
/// Two solvers are available: LIBLINEAR's dual coordinate descent (`solve_l2r_l1l2_svc` with shrinking, what
/// `LinearSVC(dual=True)` runs and what scikit-learn used before 1.5), and LIBLINEAR's trust-region Newton method on
/// the primal problem (TRON, what scikit-learn >= 1.5 runs by default when there are more rows than features),
/// stopped by LIBLINEAR's rule `||g|| <= tolerance * max(min(positives, negatives), 1) / n * ||g(0)||`. The two
/// stop at slightly different points near the optimum; with SAP's tiny weights (C = 0.01) that can move a few
/// test predictions, so the primal solver is the default to match current scikit-learn.
///
/// The intercept is an extra feature of constant value ``Options/interceptScaling`` and is regularised like the
/// other weights. More than two classes are handled one-vs-rest: class `k`'s problem weighs its positive rows by
/// `C * classWeight[k]` and every negative row by plain `C`, as LIBLINEAR does. With two classes one problem is
/// solved with the smaller label positive at `C * classWeight[0]` and the larger negative at
/// `C * classWeight[1]`; the stored coefficients score the larger label, as scikit-learn reports them.
/// Coordinates are visited in a random order drawn from the generator on every pass.
public struct LinearSVC: Sendable, Equatable, Codable, DecisionFunctionClassifier {
    /// How classes are weighted.
    public enum ClassWeighting: String, Sendable, Codable {
        /// Every class has weight 1.
        case uniform
        /// Class `k` has weight `n / (classCount * n_k)` (scikit-learn's "balanced").
        case balanced
    }

    /// The optimisation method.
    public enum Solver: String, Sendable, Codable {
        /// LIBLINEAR's trust-region Newton method on the primal (scikit-learn >= 1.5's choice for more rows than
        /// features).
        case primalTrustRegion = "primal_trust_region"
        /// LIBLINEAR's dual coordinate descent (scikit-learn's `dual=True`).
        case dualCoordinateDescent = "dual_coordinate_descent"
    }

    /// Fitting settings; the defaults are those disentanglement_lib's SAP score uses.
    public struct Options: Sendable, Equatable, Codable {
        /// The solver (primal trust region, as current scikit-learn runs SAP's one-feature problems).
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
        public init(solver: Solver = .primalTrustRegion, c: Double = 0.01, classWeighting: ClassWeighting = .balanced,
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
    package let classes: [Int]
    /// Coefficients: one row (scoring `classes[1]`) with two classes, else one row per class.
    package let coefficients: [[Double]]
    /// The intercept of each row (already multiplied by the intercept scaling).
    package let intercepts: [Double]

    /// The linear scores of every row: one column with two classes, else one per class.
    package func decisionFunction(_ features: CodeMatrix) -> [[Double]] {
        (0..<features.rowCount).map { i in
            coefficients.indices.map { k in
                var s = 0.0
                for j in 0..<features.columnCount { s += features[i, j] * coefficients[k][j] }
                return s + intercepts[k]
            }
        }
    }

    /// The predicted class of every row (the first class with the largest score; two classes: score > 0).
    package func predict(_ features: CodeMatrix) -> [Int] { predictedClasses(features) }

    /// The fraction of rows whose predicted class equals the label.
    package func accuracy(features: CodeMatrix, labels: [Int]) -> Double {
        predictionAccuracy(features: features, labels: labels)
    }

    /// Fits the classifier to `labels` (one per row of `features`, at least two distinct values).
    ///
    /// - Throws: ``MetricError`` for mismatched lengths, a single class, or invalid options.
    package static func fit(features: CodeMatrix, labels: [Int], options: Options = Options(),
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
        case .primalTrustRegion:
            return solvePrimal(x: x, n: n, width: width, signs: signs, positiveC: positiveC, negativeC: negativeC,
                               options: options)
        case .dualCoordinateDescent:
            return solveDual(x: x, n: n, width: width, signs: signs, positiveC: positiveC, negativeC: negativeC,
                             options: options, generator: &generator)
        }
    }

    /// LIBLINEAR's trust-region Newton method (TRON with conjugate-gradient inner steps) on the primal
    /// `0.5 ||w||^2 + sum_i C_i max(0, 1 - y_i w.x_i)^2`, started at 0 and stopped when
    /// `||g|| <= eps ||g(0)||` with LIBLINEAR's `eps = tolerance * max(min(positives, negatives), 1) / n`.
    private static func solvePrimal(x: [Double], n: Int, width: Int, signs: [Double], positiveC: Double,
                                    negativeC: Double, options: Options) -> [Double] {
        let problem = SquaredHingeObjective(x: x, n: n, width: width, signs: signs,
                                            cost: signs.map { $0 > 0 ? positiveC : negativeC })
        let positives = signs.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let eps = options.tolerance * Double(max(min(positives, n - positives), 1)) / Double(n)
        let (eta0, eta1, eta2) = (1e-4, 0.25, 0.75)
        let (sigma1, sigma2, sigma3) = (0.25, 0.5, 4.0)
        var w = [Double](repeating: 0, count: width)
        var f = problem.value(w)
        var g = problem.gradient(w)
        var delta = norm(g)
        let initialNorm = delta
        var iteration = 1
        var search = norm(g) > eps * initialNorm
        while iteration <= options.maxIterations && search {
            let (s, r) = problem.truncatedConjugateGradient(delta: delta, gradient: g)
            let candidate = zip(w, s).map { $0 + $1 }
            let gs = dot(g, s)
            let predicted = -0.5 * (gs - dot(s, r))
            let fNew = problem.value(candidate)
            let actual = f - fNew
            let stepNorm = norm(s)
            if iteration == 1 { delta = min(delta, stepNorm) }
            let alpha = fNew - f - gs <= 0 ? sigma3 : max(sigma1, -0.5 * (gs / (fNew - f - gs)))
            if actual < eta0 * predicted {
                delta = min(max(alpha, sigma1) * stepNorm, sigma2 * delta)
            } else if actual < eta1 * predicted {
                delta = max(sigma1 * delta, min(alpha * stepNorm, sigma2 * delta))
            } else if actual < eta2 * predicted {
                delta = max(sigma1 * delta, min(alpha * stepNorm, sigma3 * delta))
            } else {
                delta = max(delta, min(alpha * stepNorm, sigma3 * delta))
            }
            if actual > eta0 * predicted {
                iteration += 1
                w = candidate
                f = fNew
                g = problem.gradient(w)
                if norm(g) <= eps * initialNorm { search = false }
            }
            if abs(actual) <= 0 && predicted <= 0 { break }
            if abs(actual) <= 1e-12 * abs(f) && abs(predicted) <= 1e-12 * abs(f) { break }
        }
        return w
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    private static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

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
