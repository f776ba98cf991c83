/// The explicitness score (Ridgeway & Mozer 2018) as disentanglement_lib computes it
/// (`modularity_explicitness.explicitness_per_factor`).
///
/// Codes are z-scored with the training mean and standard deviation; per factor a ``LogisticRegression`` with
/// scikit-learn's defaults is fitted on the training rows and scored by the macro-averaged one-vs-rest ROC-AUC of
/// its class probabilities, on the training rows and on the test rows; explicitness is the mean over factors.
///
/// Two cases disentanglement_lib cannot handle get defined values: a constant code is z-scored with standard
/// deviation 1 (the library divides by 0), and classes absent from the scored rows are left out of the macro
/// average (the library crashes on the shape mismatch).
public enum Explicitness {
    /// Explicitness options, defaulting to disentanglement_lib.
    public struct Options: Sendable, Equatable, Codable {
        /// The classifier (scikit-learn's `LogisticRegression()` defaults).
        public var classifier: LogisticRegression.Options

        /// Creates options.
        public init(classifier: LogisticRegression.Options = LogisticRegression.Options()) {
            self.classifier = classifier
        }
    }

    /// Explicitness on training and test rows.
    public struct Result: Sendable, Equatable, Codable {
        /// Mean training ROC-AUC over factors.
        public var train: Double
        /// Mean test ROC-AUC over factors.
        public var test: Double
        /// Training ROC-AUC of each factor.
        public var perFactorTrain: [Double]
        /// Test ROC-AUC of each factor.
        public var perFactorTest: [Double]

        enum CodingKeys: String, CodingKey {
            case train, test
            case perFactorTrain = "per_factor_train"
            case perFactorTest = "per_factor_test"
        }
    }

    /// Computes explicitness with the first `ceil(N * trainFraction)` rows for training and the rest for testing.
    ///
    /// - Throws: ``MetricError`` for mismatched rows, an empty part of the split, or a factor that is constant
    ///   on the training or on the test rows.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double = 0.8,
                                options: Options = Options()) throws -> Result {
        try checkPaired(codes, factors)
        let split = try TrainTestSplit(rowCount: codes.rowCount, trainFraction: trainFraction)
        try split.requireBothParts(metric: "explicitness")
        let (train, test) = standardize(train: codes.rows(split.trainRows), test: codes.rows(split.testRows))
        let trainFactors = factors.rows(split.trainRows), testFactors = factors.rows(split.testRows)
        var trainScores = [Double](), testScores = [Double]()
        for k in 0..<factors.columnCount {
            let yTrain = trainFactors.column(k), yTest = testFactors.column(k)
            guard Set(yTrain).count >= 2 else { throw MetricError.constantFactor(metric: "explicitness", factor: k) }
            let model = try LogisticRegression.fit(features: train, labels: yTrain, options: options.classifier)
            guard let trainAUC = ROCAUC.macroOneVsRest(labels: yTrain, classes: model.classes,
                                                       probabilities: model.predictProbabilities(train)),
                  let testAUC = ROCAUC.macroOneVsRest(labels: yTest, classes: model.classes,
                                                      probabilities: model.predictProbabilities(test))
            else { throw MetricError.constantFactor(metric: "explicitness (test rows)", factor: k) }
            trainScores.append(trainAUC)
            testScores.append(testAUC)
        }
        return Result(train: mean(trainScores), test: mean(testScores), perFactorTrain: trainScores,
                      perFactorTest: testScores)
    }
}

extension Explicitness: CodeMetric {
    /// `"explicitness"`.
    public static let name = "explicitness"
    /// A line for `--list-metrics`.
    public static let summary = "explicitness (Ridgeway & Mozer 2018): ROC-AUC of logistic regression per factor"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// `train` and `test`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["train": result.train, "test": result.test]
    }
}
