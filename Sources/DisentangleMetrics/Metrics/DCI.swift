import DisentangleTensor
import Foundation

/// Disentanglement, completeness and informativeness (Eastwood & Williams 2018) as disentanglement_lib computes
/// them (`dci._compute_dci`).
///
/// For every factor an estimator predicts the factor from all codes on the training rows; its feature importances
/// form column k of the D x K importance matrix R. Disentanglement is `sum_i rho_i (1 - H_K(p_i))` with `p_i` row
/// i of `R + 1e-11` normalised, entropy in base K, and `rho_i` the row's share of R's total (all rows equal if R
/// is zero); completeness is the same over columns with base D. Informativeness is the mean accuracy of the
/// estimators on the training and on the test rows (an accuracy, not the paper's error).
public enum DCI {
    /// How importances are estimated.
    public enum ImportanceEstimator: Sendable, Equatable, Codable {
        /// Gradient-boosted trees on the raw codes; importance = impurity-based feature importance
        /// (disentanglement_lib's default, scikit-learn's `GradientBoostingClassifier()`).
        case gradientBoosting(GradientBoostingClassifier.Options)
        /// Lasso regression of the factor value on the z-scored codes; importance = |coefficient|;
        /// informativeness is the coefficient of determination R^2 instead of an accuracy.
        case lasso(Lasso.Options)
        /// Logistic regression on the z-scored codes; importance = mean |coefficient| over the coefficient rows.
        case logisticRegression(LogisticRegression.Options)
        /// A random forest on the raw codes (scikit-learn's `RandomForestClassifier()`); importance = the forest's
        /// impurity-based feature importance. Forests are random: values vary with ``Options/seed`` about as much as
        /// scikit-learn's vary with `random_state`.
        case randomForest(RandomForestClassifier.Options)
    }

    /// DCI options, defaulting to disentanglement_lib.
    public struct Options: Sendable, Equatable, Codable {
        /// The importance estimator (gradient boosting with scikit-learn's defaults).
        public var estimator: ImportanceEstimator
        /// The seed of the generator that breaks ties between equally good tree splits.
        public var seed: UInt64

        /// Creates options.
        public init(estimator: ImportanceEstimator = .gradientBoosting(GradientBoostingClassifier.Options()), seed: UInt64 = 0) {
            self.estimator = estimator
            self.seed = seed
        }
    }

    /// DCI scores and the importance matrix behind them.
    public struct Result: Sendable, Equatable, Codable {
        /// Importance-weighted mean of per-code disentanglement.
        public var disentanglement: Double
        /// Importance-weighted mean of per-factor completeness.
        public var completeness: Double
        /// Mean training accuracy over factors (R^2 for the Lasso estimator).
        public var informativenessTrain: Double
        /// Mean test accuracy over factors (R^2 for the Lasso estimator).
        public var informativenessTest: Double
        /// `importanceMatrix[i][k]`: importance of code i for factor k.
        public var importanceMatrix: [[Double]]
        /// Disentanglement of each code, `1 - H_K(p_i)`.
        public var perCodeDisentanglement: [Double]
        /// Completeness of each factor, `1 - H_D(p_k)`.
        public var perFactorCompleteness: [Double]
        /// Training accuracy (or R^2) of each factor's estimator.
        public var perFactorInformativenessTrain: [Double]
        /// Test accuracy (or R^2) of each factor's estimator.
        public var perFactorInformativenessTest: [Double]

        enum CodingKeys: String, CodingKey {
            case disentanglement, completeness
            case informativenessTrain = "informativeness_train"
            case informativenessTest = "informativeness_test"
            case importanceMatrix = "importance_matrix"
            case perCodeDisentanglement = "per_code_disentanglement"
            case perFactorCompleteness = "per_factor_completeness"
            case perFactorInformativenessTrain = "per_factor_informativeness_train"
            case perFactorInformativenessTest = "per_factor_informativeness_test"
        }
    }

    /// Computes DCI with the first `split.trainCount` rows for training and the rest for testing.
    ///
    /// - Throws: ``MetricError`` for mismatched rows, fewer than two codes or factors, an empty part of the split,
    ///   or a factor that is constant on the training rows.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double = 0.8,
                                options: Options = Options()) throws -> Result {
        try checkPaired(codes, factors)
        let split = try TrainTestSplit(rowCount: codes.rowCount, trainFraction: trainFraction)
        try split.requireBothParts(metric: "DCI")
        guard codes.columnCount >= 2, factors.columnCount >= 2 else {
            throw MetricError.invalidOption("DCI needs at least two codes and two factors (entropies are taken in base D and K), got D = \(codes.columnCount), K = \(factors.columnCount)")
        }
        let trainCodes = codes.rows(split.trainRows), testCodes = codes.rows(split.testRows)
        let trainFactors = factors.rows(split.trainRows), testFactors = factors.rows(split.testRows)
        var generator = RandomGenerator(seed: options.seed)
        let (scaledTrain, scaledTest) = standardize(train: trainCodes, test: testCodes)
        let k = factors.columnCount
        let labels = (0..<k).map { (train: trainFactors.column($0), test: testFactors.column($0)) }
        for j in 0..<k where Set(labels[j].train).count < 2 {
            throw MetricError.constantFactor(metric: "DCI", factor: j)
        }
        let generators = (0..<k).map { _ in generator.split() }
        // Factors are fitted in parallel, the ones with most classes (the slowest) first; each has its own generator,
        // so the results do not depend on the thread count.
        let schedule = (0..<k).sorted { Set(labels[$0].train).count > Set(labels[$1].train).count }
        var fits = [Swift.Result<FactorFit, Error>?](repeating: nil, count: k)
        fits.withUnsafeMutableBufferPointer { out in
            Threading.parallelFor(k) { position in
                let j = schedule[position]
                var factorGenerator = generators[j]
                out[j] = Swift.Result {
                    try fitFactor(estimator: options.estimator, labels: labels[j], codes: (trainCodes, testCodes),
                                  scaled: (scaledTrain, scaledTest), generator: &factorGenerator)
                }
            }
        }
        var importance = [[Double]](repeating: [Double](repeating: 0, count: k), count: codes.columnCount)
        var trainScores = [Double](), testScores = [Double]()
        for j in 0..<k {
            let fit = try fits[j]!.get()
            for i in 0..<codes.columnCount { importance[i][j] = fit.importance[i] }
            trainScores.append(fit.train)
            testScores.append(fit.test)
        }
        let scores = scoresFromImportance(importance)
        return Result(disentanglement: scores.disentanglement, completeness: scores.completeness,
                      informativenessTrain: mean(trainScores), informativenessTest: mean(testScores),
                      importanceMatrix: importance, perCodeDisentanglement: scores.perCode,
                      perFactorCompleteness: scores.perFactor, perFactorInformativenessTrain: trainScores,
                      perFactorInformativenessTest: testScores)
    }

    /// One factor's importances and informativeness.
    private struct FactorFit {
        var importance: [Double]
        var train: Double
        var test: Double
    }

    /// Fits the importance estimator for one factor.
    private static func fitFactor(estimator: ImportanceEstimator, labels: (train: [Int], test: [Int]),
                                  codes: (train: CodeMatrix, test: CodeMatrix), scaled: (train: CodeMatrix, test: CodeMatrix),
                                  generator: inout RandomGenerator) throws -> FactorFit {
        switch estimator {
        case .gradientBoosting(let boosting):
            let model = try GradientBoostingClassifier.fit(features: codes.train, labels: labels.train, options: boosting,
                                                           generator: &generator, parallelTrees: false)
            return FactorFit(importance: model.featureImportances.map(abs), train: model.trainingAccuracy,
                             test: model.accuracy(features: codes.test, labels: labels.test))
        case .lasso(let lassoOptions):
            let model = try Lasso.fit(features: scaled.train, targets: labels.train.map(Double.init), options: lassoOptions)
            return FactorFit(importance: model.coefficients.map(abs),
                             train: rSquared(model.predict(scaled.train), labels.train),
                             test: rSquared(model.predict(scaled.test), labels.test))
        case .randomForest(let forest):
            let model = try RandomForestClassifier.fit(features: codes.train, labels: labels.train, options: forest,
                                                       generator: &generator, parallelTrees: false)
            return FactorFit(importance: model.featureImportances,
                             train: model.accuracy(features: codes.train, labels: labels.train),
                             test: model.accuracy(features: codes.test, labels: labels.test))
        case .logisticRegression(let logistic):
            let model = try LogisticRegression.fit(features: scaled.train, labels: labels.train, options: logistic)
            let importance = (0..<scaled.train.columnCount).map { j in mean(model.coefficients.map { abs($0[j]) }) }
            return FactorFit(importance: importance, train: model.accuracy(features: scaled.train, labels: labels.train),
                             test: model.accuracy(features: scaled.test, labels: labels.test))
        }
    }

    /// Disentanglement and completeness of a D x K importance matrix (D, K >= 2), exactly as disentanglement_lib
    /// derives them.
    public static func scoresFromImportance(_ importance: [[Double]])
        -> (disentanglement: Double, completeness: Double, perCode: [Double], perFactor: [Double]) {
        let d = importance.count, k = importance[0].count
        let perCode = importance.map { 1 - entropy($0.map { $0 + 1e-11 }, base: Double(k)) }
        let perFactor = (0..<k).map { j in 1 - entropy(importance.map { $0[j] + 1e-11 }, base: Double(d)) }
        var total = importance.reduce(0) { $0 + $1.reduce(0, +) }
        var weights = importance
        if total == 0 {
            weights = importance.map { $0.map { _ in 1 } }
            total = Double(d * k)
        }
        let codeWeights = weights.map { $0.reduce(0, +) / total }
        let factorWeights = (0..<k).map { j in weights.reduce(0) { $0 + $1[j] } / total }
        let disentanglement = zip(perCode, codeWeights).reduce(0) { $0 + $1.0 * $1.1 }
        let completeness = zip(perFactor, factorWeights).reduce(0) { $0 + $1.0 * $1.1 }
        return (disentanglement, completeness, perCode, perFactor)
    }

    /// `scipy.stats.entropy(p, base=base)`: the entropy of `p` normalised to sum 1.
    private static func entropy(_ p: [Double], base: Double) -> Double {
        let sum = p.reduce(0, +)
        var h = 0.0
        for v in p {
            let q = v / sum
            if q > 0 { h -= q * Foundation.log(q) }
        }
        return h / Foundation.log(base)
    }

    /// The coefficient of determination of predictions against integer targets.
    private static func rSquared(_ predictions: [Double], _ targets: [Int]) -> Double {
        let y = targets.map(Double.init)
        let m = mean(y)
        var residual = 0.0, total = 0.0
        for i in 0..<y.count {
            residual += (y[i] - predictions[i]) * (y[i] - predictions[i])
            total += (y[i] - m) * (y[i] - m)
        }
        return total > 0 ? 1 - residual / total : 0
    }
}

extension DCI: CodeMetric {
    /// `"dci"`.
    public static let name = "dci"
    /// A line for `--list-metrics`.
    public static let summary = "disentanglement, completeness and informativeness from feature importances (Eastwood & Williams 2018)"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// `disentanglement`, `completeness`, `informativeness_train` and `informativeness_test`.
    public static func scalars(of result: Result) -> [String: Double] {
        [
            "disentanglement": result.disentanglement, "completeness": result.completeness,
            "informativeness_train": result.informativenessTrain, "informativeness_test": result.informativenessTest,
        ]
    }
}
