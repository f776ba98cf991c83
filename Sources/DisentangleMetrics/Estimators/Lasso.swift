/// L1-regularised least squares, `(1 / (2n)) ||y - X w - b||^2 + alpha ||w||_1`, solved by cyclic coordinate
/// descent with scikit-learn's `Lasso` stopping rule (a duality-gap check whenever the largest coordinate update
/// is small relative to the largest weight).
///
/// The intercept is fitted by centring X and y (scikit-learn's `fit_intercept=True`); nothing is rescaled.
public struct Lasso: Sendable, Equatable, Codable {
    /// Fitting settings, with scikit-learn's defaults except `alpha`.
    public struct Options: Sendable, Equatable, Codable {
        /// The L1 penalty strength.
        public var alpha: Double
        /// The maximum number of passes over the coordinates (1,000).
        public var maxIterations: Int
        /// The tolerance, relative to `||y - mean(y)||^2`, on the duality gap (1e-4).
        public var tolerance: Double

        /// Creates settings.
        public init(alpha: Double, maxIterations: Int = 1000, tolerance: Double = 1e-4) {
            self.alpha = alpha
            self.maxIterations = maxIterations
            self.tolerance = tolerance
        }
    }

    /// The weights, one per feature.
    package let coefficients: [Double]
    /// The intercept.
    package let intercept: Double
    /// The number of coordinate-descent passes run.
    package let iterations: Int

    /// The model's prediction for every row.
    package func predict(_ features: CodeMatrix) -> [Double] {
        (0..<features.rowCount).map { i in
            var s = intercept
            for j in 0..<features.columnCount { s += features[i, j] * coefficients[j] }
            return s
        }
    }

    /// Fits the model to `targets` (one per row of `features`).
    ///
    /// - Throws: ``MetricError`` for mismatched lengths, non-finite targets or invalid options.
    package static func fit(features: CodeMatrix, targets: [Double], options: Options) throws -> Lasso {
        guard targets.count == features.rowCount else {
            throw MetricError.rowCountMismatch(codes: features.rowCount, factors: targets.count)
        }
        if let bad = targets.firstIndex(where: { !$0.isFinite }) {
            throw MetricError.nonFinite(input: "targets", row: bad, column: 0)
        }
        guard options.alpha >= 0, options.alpha.isFinite, options.maxIterations >= 1, options.tolerance >= 0 else {
            throw MetricError.invalidOption("Lasso needs alpha >= 0, maxIterations >= 1 and tolerance >= 0")
        }
        let n = features.rowCount
        let d = features.columnCount
        let columns = features.columns()
        let xMean = columns.map(mean)
        let yMean = mean(targets)
        let x = (0..<d).map { j in columns[j].map { $0 - xMean[j] } }
        let y = targets.map { $0 - yMean }
        let alpha = options.alpha * Double(n)
        let columnNorms = x.map { dot($0, $0) }
        var w = [Double](repeating: 0, count: d)
        var residual = y
        let tolerance = options.tolerance * dot(y, y)
        var iterations = 0
        for pass in 0..<options.maxIterations {
            iterations = pass + 1
            var largestWeight = 0.0
            var largestChange = 0.0
            for j in 0..<d where columnNorms[j] != 0 {
                let old = w[j]
                if old != 0 {
                    for i in 0..<n { residual[i] += old * x[j][i] }
                }
                let t = dot(x[j], residual)
                let shrunk = max(abs(t) - alpha, 0)
                w[j] = (t < 0 ? -shrunk : shrunk) / columnNorms[j]
                if w[j] != 0 {
                    for i in 0..<n { residual[i] -= w[j] * x[j][i] }
                }
                largestChange = max(largestChange, abs(w[j] - old))
                largestWeight = max(largestWeight, abs(w[j]))
            }
            if largestWeight == 0 || largestChange / largestWeight <= options.tolerance || pass == options.maxIterations - 1 {
                // Duality gap of the (unscaled) problem 0.5 ||r||^2 + alpha ||w||_1.
                let correlation = x.map { dot($0, residual) }
                let dualNorm = correlation.reduce(0) { max($0, abs($1)) }
                let residualNorm = dot(residual, residual)
                var gap: Double
                let scale: Double
                if dualNorm > alpha {
                    scale = alpha / dualNorm
                    gap = 0.5 * (residualNorm + residualNorm * scale * scale)
                } else {
                    scale = 1
                    gap = residualNorm
                }
                gap += alpha * w.reduce(0) { $0 + abs($1) } - scale * dot(residual, y)
                if gap <= tolerance { break }  // as scikit-learn: an all-zero target (gap and tolerance 0) stops at once
            }
        }
        var intercept = yMean
        for j in 0..<d { intercept -= xMean[j] * w[j] }
        return Lasso(coefficients: w, intercept: intercept, iterations: iterations)
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }
}
