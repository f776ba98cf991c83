import DisentangleTensor

/// The BetaVAE score (Higgins et al. 2017) as disentanglement_lib computes it (`beta_vae.compute_beta_vae_sklearn`).
///
/// Each training point picks a factor k uniformly, draws two batches of factor vectors, copies factor k from the
/// first batch into the second, and takes the mean over the batch of `|r(x1) - r(x2)|` as features with label k.
/// A ``LogisticRegression`` with scikit-learn's defaults is fitted on the training points and scored by its
/// accuracy on the training points and on fresh evaluation points. The representation maps a batch of factor
/// vectors straight to codes (render the observations and encode them inside it); both batches of a point are
/// passed in one call of `2 * batchSize` rows, the first half being batch 1.
public enum BetaVAEScore {
    /// Options, defaulting to disentanglement_lib's configuration.
    public struct Options: Sendable, Equatable, Codable {
        /// The number of factor vectors per batch (64).
        public var batchSize: Int
        /// The number of training points (10,000).
        public var trainCount: Int
        /// The number of evaluation points (5,000).
        public var evalCount: Int
        /// The classifier (scikit-learn's `LogisticRegression()` defaults).
        public var classifier: LogisticRegression.Options

        /// Creates options.
        public init(batchSize: Int = 64, trainCount: Int = 10_000, evalCount: Int = 5_000,
                    classifier: LogisticRegression.Options = LogisticRegression.Options()) {
            self.batchSize = batchSize
            self.trainCount = trainCount
            self.evalCount = evalCount
            self.classifier = classifier
        }
    }

    /// Training and evaluation accuracy.
    public struct Result: Sendable, Equatable, Codable {
        /// Accuracy on the training points.
        public var trainAccuracy: Double
        /// Accuracy on the evaluation points.
        public var evalAccuracy: Double

        enum CodingKeys: String, CodingKey {
            case trainAccuracy = "train_accuracy"
            case evalAccuracy = "eval_accuracy"
        }
    }

    /// Computes the score for factors of the given sizes.
    ///
    /// - Parameters:
    ///   - factorSizes: the number of values of each factor (factor k takes values `0..<factorSizes[k]`).
    ///   - options: the batch size, the numbers of training and evaluation points and the classifier's settings.
    ///   - generator: the source of every random draw.
    ///   - representation: maps a batch of factor vectors to codes, one row per vector.
    /// - Throws: ``MetricError`` for invalid options or sizes, a representation of the wrong shape, fewer than
    ///   two factors seen among the training labels, or any error the representation throws.
    public static func evaluate(factorSizes: [Int], options: Options = Options(), generator: inout RandomGenerator,
                                representation: ([[Int]]) throws -> CodeMatrix) throws -> Result {
        guard options.batchSize >= 1, options.trainCount >= 2, options.evalCount >= 1 else {
            throw MetricError.invalidOption("BetaVAE score needs batchSize >= 1, trainCount >= 2 and evalCount >= 1")
        }
        var sampler = try FactorSampler(sizes: factorSizes)
        let (trainFeatures, trainLabels) = try points(options.trainCount, options, &sampler, &generator, representation)
        guard Set(trainLabels).count >= 2 else {
            throw MetricError.invalidOption("BetaVAE score needs at least two factors among the training labels")
        }
        let model = try LogisticRegression.fit(features: trainFeatures, labels: trainLabels, options: options.classifier)
        let trainAccuracy = model.accuracy(features: trainFeatures, labels: trainLabels)
        let (evalFeatures, evalLabels) = try points(options.evalCount, options, &sampler, &generator, representation)
        return Result(trainAccuracy: trainAccuracy, evalAccuracy: model.accuracy(features: evalFeatures, labels: evalLabels))
    }

    private static func points(_ count: Int, _ options: Options, _ sampler: inout FactorSampler,
                               _ generator: inout RandomGenerator,
                               _ representation: ([[Int]]) throws -> CodeMatrix) throws -> (CodeMatrix, [Int]) {
        var labels = [Int]()
        var features = [Double]()
        let b = options.batchSize
        for _ in 0..<count {
            let k = generator.nextInt(below: sampler.sizes.count)
            let first = sampler.sample(b, generator: &generator)
            var second = sampler.sample(b, generator: &generator)
            for row in 0..<b { second[row][k] = first[row][k] }
            let codes = try sampler.represent(first + second, representation)
            let d = codes.columnCount
            for j in 0..<d {
                var s = 0.0
                for row in 0..<b { s += abs(codes[row, j] - codes[b + row, j]) }
                features.append(s / Double(b))
            }
            labels.append(k)
        }
        return (CodeMatrix(validated: count, sampler.codeDimension ?? 0, features), labels)
    }
}

extension BetaVAEScore: InterventionMetric {
    /// `"beta_vae"`.
    public static let name = "beta_vae"
    /// A line for `--list-metrics`.
    public static let summary = "BetaVAE score / Z-diff (Higgins et al. 2017): logistic regression on mean code differences"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// `train_accuracy` and `eval_accuracy`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["train_accuracy": result.trainAccuracy, "eval_accuracy": result.evalAccuracy]
    }
}
