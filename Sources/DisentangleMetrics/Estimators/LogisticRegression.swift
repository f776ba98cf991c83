import DisentangleTensor
import Foundation

/// L2-regularised logistic regression fitted with L-BFGS, matching scikit-learn's `LogisticRegression()`
/// defaults (solver "lbfgs", C = 1, 100 iterations, tolerance 1e-4, unpenalised intercept), optionally unpenalised
/// (`C = np.inf`) and with balanced class weights (`class_weight="balanced"`).
///
/// Two classes use the binomial model with one coefficient vector (for the larger label); more classes use the
/// multinomial (softmax) model with one vector per class. The objective is scikit-learn's:
/// `sum_i s_i loss_i / S + ||W||^2 / (2 C S)` with row weights `s_i` (1, or `n / (K n_c)` for a row of class c with
/// balanced weights) summing to S, minimised by ``LBFGSMinimizer`` from zero with the parameters laid out
/// as scikit-learn lays them out.
public struct LogisticRegression: Sendable, Equatable, Codable, DecisionFunctionClassifier {
    /// Fitting settings, with scikit-learn's defaults.
    public struct Options: Sendable, Equatable, Codable {
        /// The inverse regularisation strength C (1).
        public var inverseRegularization: Double
        /// Whether to fit an (unpenalised) intercept (true).
        public var fitIntercept: Bool
        /// The L-BFGS settings (100 iterations, gradient tolerance 1e-4).
        public var solver: LBFGSMinimizer.Options
        /// Whether the coefficients are penalised (true); false is scikit-learn's `C=np.inf` (`penalty=None`).
        public var penalized: Bool
        /// Whether rows are weighted by `n / (K n_c)`, scikit-learn's `class_weight="balanced"` (false).
        public var balancedClassWeights: Bool

        /// Creates settings.
        public init(inverseRegularization: Double = 1, fitIntercept: Bool = true,
                    solver: LBFGSMinimizer.Options = LBFGSMinimizer.Options(), penalized: Bool = true,
                    balancedClassWeights: Bool = false) {
            self.inverseRegularization = inverseRegularization
            self.fitIntercept = fitIntercept
            self.solver = solver
            self.penalized = penalized
            self.balancedClassWeights = balancedClassWeights
        }
    }

    /// The class labels, ascending.
    package let classes: [Int]
    /// Coefficients: one row (for `classes[1]`) with two classes, else one row per class; D columns each.
    package let coefficients: [[Double]]
    /// The intercept of each coefficient row.
    package let intercepts: [Double]
    /// The number of L-BFGS iterations the fit took.
    package let solverIterations: Int
    /// Whether the solver met a tolerance before its iteration limit.
    package let converged: Bool

    /// The linear scores `X w + b`: one column with two classes, else one per class.
    package func decisionFunction(_ features: CodeMatrix) -> [[Double]] {
        (0..<features.rowCount).map { i in
            coefficients.indices.map { k in
                var s = intercepts[k]
                for j in 0..<features.columnCount { s += features[i, j] * coefficients[k][j] }
                return s
            }
        }
    }

    /// Class probabilities, one column per class in ``classes`` order.
    package func predictProbabilities(_ features: CodeMatrix) -> [[Double]] {
        decisionFunction(features).map { raw in
            if raw.count == 1 {
                let p = 1 / (1 + Foundation.exp(-raw[0]))
                return [1 - p, p]
            }
            let maximum = raw.max()!
            let e = raw.map { Foundation.exp($0 - maximum) }
            let sum = e.reduce(0, +)
            return e.map { $0 / sum }
        }
    }

    /// The predicted class of every row.
    package func predict(_ features: CodeMatrix) -> [Int] { predictedClasses(features) }

    /// The fraction of rows whose predicted class equals the label.
    package func accuracy(features: CodeMatrix, labels: [Int]) -> Double {
        predictionAccuracy(features: features, labels: labels)
    }

    /// Fits the model to `labels` (one per row of `features`, at least two distinct values).
    ///
    /// - Throws: ``MetricError`` for mismatched lengths, a single class, or invalid options.
    package static func fit(features: CodeMatrix, labels: [Int], options: Options = Options()) throws -> LogisticRegression {
        guard labels.count == features.rowCount else {
            throw MetricError.rowCountMismatch(codes: features.rowCount, factors: labels.count)
        }
        guard options.inverseRegularization > 0, options.inverseRegularization.isFinite else {
            throw MetricError.invalidOption("logistic regression needs C > 0, got \(options.inverseRegularization)")
        }
        let (y, classCount) = DiscreteMutualInformation.encode(labels)
        guard classCount >= 2 else { throw MetricError.constantFactor(metric: "logistic regression", factor: 0) }
        let classes = Array(Set(labels)).sorted()
        let n = features.rowCount
        let d = features.columnCount
        var weights = [Double](repeating: 1, count: n)
        var weightSum = Double(n)
        if options.balancedClassWeights {
            var counts = [Int](repeating: 0, count: classCount)
            for c in y { counts[c] += 1 }
            for i in 0..<n { weights[i] = Double(n) / (Double(classCount) * Double(counts[y[i]])) }
            weightSum = weights.reduce(0, +)
        }
        let l2 = options.penalized ? 1 / (options.inverseRegularization * weightSum) : 0
        let dof = d + (options.fitIntercept ? 1 : 0)
        let x = features.values
        if classCount == 2 {
            let result = LBFGSMinimizer.minimize(initial: [Double](repeating: 0, count: dof), options: options.solver) { w in
                binomialLossGradient(w, x: x, y: y, weights: weights, weightSum: weightSum, n: n, d: d, l2: l2,
                                 fitIntercept: options.fitIntercept)
            }
            return LogisticRegression(classes: classes, coefficients: [Array(result.x[0..<d])],
                                      intercepts: [options.fitIntercept ? result.x[d] : 0],
                                      solverIterations: result.iterations, converged: result.converged)
        }
        let k = classCount
        let result = LBFGSMinimizer.minimize(initial: [Double](repeating: 0, count: k * dof), options: options.solver) { w in
            multinomialLossGradient(w, x: x, y: y, weights: weights, weightSum: weightSum, n: n, d: d, k: k, l2: l2,
                                    fitIntercept: options.fitIntercept)
        }
        // Parameters are laid out as scikit-learn's Fortran-ordered (classes x dof) array: index j * k + c.
        let coefficients = (0..<k).map { c in (0..<d).map { j in result.x[j * k + c] } }
        let intercepts = (0..<k).map { c in options.fitIntercept ? result.x[d * k + c] : 0 }
        return LogisticRegression(classes: classes, coefficients: coefficients, intercepts: intercepts,
                                  solverIterations: result.iterations, converged: result.converged)
    }

    /// Sums per-row losses and gradients over row chunks in parallel (``Threading``), adding the chunks in order.
    private static func accumulate(rows n: Int, parameters: Int,
                                   _ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Double) -> (Double, [Double]) {
        let chunks = max(1, min(Threading.threadCount, n / 512))
        var losses = [Double](repeating: 0, count: chunks)
        var gradients = [Double](repeating: 0, count: chunks * parameters)
        losses.withUnsafeMutableBufferPointer { lossBuffer in
            gradients.withUnsafeMutableBufferPointer { gradientBuffer in
                Threading.parallelFor(chunks) { c in
                    let range = (n * c / chunks)..<(n * (c + 1) / chunks)
                    lossBuffer[c] = body(range, gradientBuffer.baseAddress! + c * parameters)
                }
            }
        }
        var gradient = Array(gradients[0..<parameters])
        for c in 1..<max(chunks, 1) {
            for j in 0..<parameters { gradient[j] += gradients[c * parameters + j] }
        }
        return (losses.reduce(0, +), gradient)
    }

    private static func binomialLossGradient(_ w: [Double], x: [Double], y: [Int], weights: [Double], weightSum: Double,
                                             n: Int, d: Int, l2: Double,
                                             fitIntercept: Bool) -> (value: Double, gradient: [Double]) {
        let b = fitIntercept ? w[d] : 0
        var (loss, gradient) = x.withUnsafeBufferPointer { xs in
            accumulate(rows: n, parameters: w.count) { range, g in
                var loss = 0.0
                for i in range {
                    var raw = b
                    for j in 0..<d { raw += xs[i * d + j] * w[j] }
                    let target = Double(y[i])
                    // log(1 + exp(raw)) - y * raw, computed stably.
                    loss += weights[i] * (max(raw, 0) + Foundation.log1p(Foundation.exp(-abs(raw))) - target * raw)
                    let residual = (1 / (1 + Foundation.exp(-raw)) - target) * weights[i] / weightSum
                    for j in 0..<d { g[j] += residual * xs[i * d + j] }
                    if fitIntercept { g[d] += residual }
                }
                return loss
            }
        }
        var penalty = 0.0
        for j in 0..<d {
            penalty += w[j] * w[j]
            gradient[j] += l2 * w[j]
        }
        loss = loss / weightSum + 0.5 * l2 * penalty
        return (loss, gradient)
    }

    private static func multinomialLossGradient(_ w: [Double], x: [Double], y: [Int], weights: [Double], weightSum: Double,
                                                n: Int, d: Int, k: Int, l2: Double,
                                                fitIntercept: Bool) -> (value: Double, gradient: [Double]) {
        var (loss, gradient) = x.withUnsafeBufferPointer { xs in
            w.withUnsafeBufferPointer { ws in
                accumulate(rows: n, parameters: w.count) { range, g in
                    var loss = 0.0
                    let raw = UnsafeMutablePointer<Double>.allocate(capacity: k)
                    defer { raw.deallocate() }
                    for i in range {
                        for c in 0..<k { raw[c] = fitIntercept ? ws[d * k + c] : 0 }
                        for j in 0..<d {
                            let v = xs[i * d + j]
                            for c in 0..<k { raw[c] += v * ws[j * k + c] }
                        }
                        let targetScore = raw[y[i]]
                        var maximum = raw[0]
                        for c in 1..<k { maximum = max(maximum, raw[c]) }
                        var sum = 0.0
                        for c in 0..<k {
                            raw[c] = Foundation.exp(raw[c] - maximum)
                            sum += raw[c]
                        }
                        loss += weights[i] * (Foundation.log(sum) + maximum - targetScore)
                        for c in 0..<k { raw[c] = (raw[c] / sum - (y[i] == c ? 1 : 0)) * weights[i] / weightSum }
                        for j in 0..<d {
                            let v = xs[i * d + j]
                            for c in 0..<k { g[j * k + c] += raw[c] * v }
                        }
                        if fitIntercept {
                            for c in 0..<k { g[d * k + c] += raw[c] }
                        }
                    }
                    return loss
                }
            }
        }
        var penalty = 0.0
        for j in 0..<d {
            for c in 0..<k {
                penalty += w[j * k + c] * w[j * k + c]
                gradient[j * k + c] += l2 * w[j * k + c]
            }
        }
        loss = loss / weightSum + 0.5 * l2 * penalty
        return (loss, gradient)
    }
}
