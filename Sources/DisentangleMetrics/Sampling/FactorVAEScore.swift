import DisentangleTensor

/// The FactorVAE score (Kim & Mnih 2018) as disentanglement_lib computes it (`factor_vae.compute_factor_vae`).
///
/// Global variances (ddof 1) of the codes of `varianceEstimateCount` random factor vectors decide which codes are
/// active (standard deviation at least `pruneThreshold`). Each vote picks a factor k uniformly, draws a batch of
/// factor vectors with factor k fixed to the first vector's value, and votes for the active code with the
/// smallest local variance (ddof 1) relative to its global variance. The classifier maps each code to the factor
/// with most training votes (ties to the lower factor); accuracy is the share of votes it gets right, on the
/// training votes and on fresh evaluation votes. With no active code every score is 0. ``ZMaxVariance`` is the
/// same vote with the intervention reversed.
///
/// disentanglement_lib reports `num_active_dims` as the total number of codes and indexes votes within the active
/// subset; here ``Result/activeDimensions`` is the actual count and votes are indexed by code, which gives the
/// same accuracies.
public enum FactorVAEScore {
    /// Options, defaulting to disentanglement_lib's configuration.
    public struct Options: Sendable, Equatable, Codable {
        /// The number of factor vectors per vote (64).
        public var batchSize: Int
        /// The number of training votes (10,000).
        public var trainCount: Int
        /// The number of evaluation votes (5,000).
        public var evalCount: Int
        /// The number of samples for the global variances (10,000).
        public var varianceEstimateCount: Int
        /// Codes whose global standard deviation is below this are pruned (0.05).
        public var pruneThreshold: Double

        /// Creates options.
        public init(batchSize: Int = 64, trainCount: Int = 10_000, evalCount: Int = 5_000,
                    varianceEstimateCount: Int = 10_000, pruneThreshold: Double = 0.05) {
            self.batchSize = batchSize
            self.trainCount = trainCount
            self.evalCount = evalCount
            self.varianceEstimateCount = varianceEstimateCount
            self.pruneThreshold = pruneThreshold
        }
    }

    /// Accuracies and votes.
    public struct Result: Sendable, Equatable, Codable {
        /// Share of training votes the majority-vote classifier gets right.
        public var trainAccuracy: Double
        /// Share of evaluation votes the classifier gets right.
        public var evalAccuracy: Double
        /// The number of active codes.
        public var activeDimensions: Int
        /// The global variance of each code.
        public var globalVariances: [Double]
        /// `trainingVotes[k][j]`: training votes of factor k for code j.
        public var trainingVotes: [[Int]]

        enum CodingKeys: String, CodingKey {
            case trainAccuracy = "train_accuracy"
            case evalAccuracy = "eval_accuracy"
            case activeDimensions = "num_active_dims"
            case globalVariances = "global_variances"
            case trainingVotes = "training_votes"
        }
    }

    /// Computes the score for factors of the given sizes.
    ///
    /// - Parameters:
    ///   - factorSizes: the number of values of each factor (factor k takes values `0..<factorSizes[k]`).
    ///   - options: the vote size, the numbers of training and evaluation votes, the number of samples for the
    ///     global variances and the pruning threshold.
    ///   - generator: the source of every random draw.
    ///   - representation: maps a batch of factor vectors to codes, one row per vector.
    /// - Throws: ``MetricError`` for invalid options or sizes, a representation of the wrong shape, or any error the
    ///   representation throws.
    public static func evaluate(factorSizes: [Int], options: Options = Options(), generator: inout RandomGenerator,
                                representation: ([[Int]]) throws -> CodeMatrix) throws -> Result {
        let votes = VarianceVotes(intervention: .fixOneFactor, batchSize: options.batchSize, trainCount: options.trainCount,
                                  evalCount: options.evalCount, varianceEstimateCount: options.varianceEstimateCount,
                                  pruneThreshold: options.pruneThreshold)
        try votes.validate(metric: "FactorVAE score")
        let outcome = try votes.run(factorSizes: factorSizes, generator: &generator, representation: representation)
        return Result(trainAccuracy: outcome.trainAccuracy, evalAccuracy: outcome.evalAccuracy,
                      activeDimensions: outcome.activeDimensions, globalVariances: outcome.globalVariances,
                      trainingVotes: outcome.trainingVotes)
    }
}

extension FactorVAEScore: InterventionMetric {
    /// `"factor_vae"`.
    public static let name = "factor_vae"
    /// A line for `--list-metrics`.
    public static let summary = "FactorVAE score / Z-min variance (Kim & Mnih 2018): majority vote of the least-varying code"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// `train_accuracy` and `eval_accuracy`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["train_accuracy": result.trainAccuracy, "eval_accuracy": result.evalAccuracy]
    }
}
