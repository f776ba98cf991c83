import DisentangleTensor

/// The Z-max variance score (Kim, Wang, Sahu & Pavlovic 2019, "Relevance factor VAE"), as Carbonneau et al.'s review
/// describes it: the FactorVAE score's vote with the intervention reversed.
///
/// Each vote picks a factor k uniformly and draws a batch of factor vectors in which every factor but k is fixed at
/// the first vector's values while k varies; the active code whose local variance (ddof 1) relative to its global
/// variance is largest votes for k. Active codes, the majority-vote classifier and the accuracies are those of
/// ``FactorVAEScore`` (same options and defaults). ``Result/evalAccuracyScaled`` rescales the accuracy so that a
/// classifier guessing uniformly among K factors scores 0: `(a - 1/K) / (1 - 1/K)`, the value Carbonneau et al.'s
/// library (`z_max_var.py`, `scale=True`) returns. With no active code (every code's standard deviation below the
/// pruning threshold) nothing can vote: the accuracies are 0, as ``FactorVAEScore`` reports them, and the scaled
/// accuracy is 0 (chance), not the negative value the formula would give.
///
/// That library indexes its vote matrix with the position of the winning code among the active codes as if it were
/// the code's own index (`np.argmax(local[active] / global[active])` used as a row of `votes`), so with pruned codes
/// the votes land on the wrong codes. The accuracy is unaffected (the positions relabel the active codes one to
/// one), but the vote matrix is not; here votes are indexed by the code itself.
public enum ZMaxVariance {
    /// Options (those of ``FactorVAEScore``: disentanglement_lib's counts, batches of 64, pruning below 0.05).
    public typealias Options = FactorVAEScore.Options

    /// Accuracies and votes.
    public struct Result: Sendable, Equatable, Codable {
        /// Share of training votes the majority-vote classifier gets right.
        public var trainAccuracy: Double
        /// Share of evaluation votes the classifier gets right.
        public var evalAccuracy: Double
        /// `(evalAccuracy - 1/K) / (1 - 1/K)`; 0 when no code is active.
        public var evalAccuracyScaled: Double
        /// The number of active codes.
        public var activeDimensions: Int
        /// The global variance of each code.
        public var globalVariances: [Double]
        /// `trainingVotes[k][j]`: training votes of factor k for code j.
        public var trainingVotes: [[Int]]

        enum CodingKeys: String, CodingKey {
            case trainAccuracy = "train_accuracy"
            case evalAccuracy = "eval_accuracy"
            case evalAccuracyScaled = "eval_accuracy_scaled"
            case activeDimensions = "num_active_dims"
            case globalVariances = "global_variances"
            case trainingVotes = "training_votes"
        }
    }

    /// Computes the score for factors of the given sizes.
    ///
    /// - Parameters:
    ///   - factorSizes: the number of values of each factor (at least two factors).
    ///   - options: the vote size, the numbers of votes and variance samples and the pruning threshold.
    ///   - generator: the source of every random draw.
    ///   - representation: maps a batch of factor vectors to codes, one row per vector.
    /// - Throws: ``MetricError`` for invalid options or sizes, a representation of the wrong shape, or any error the
    ///   representation throws.
    public static func evaluate(factorSizes: [Int], options: Options = Options(), generator: inout RandomGenerator,
                                representation: ([[Int]]) throws -> CodeMatrix) throws -> Result {
        guard factorSizes.count >= 2 else {
            throw MetricError.invalidOption("Z-max variance needs at least two factors, got \(factorSizes.count)")
        }
        let votes = VarianceVotes(intervention: .varyOneFactor, batchSize: options.batchSize, trainCount: options.trainCount,
                                  evalCount: options.evalCount, varianceEstimateCount: options.varianceEstimateCount,
                                  pruneThreshold: options.pruneThreshold)
        try votes.validate(metric: "Z-max variance")
        let outcome = try votes.run(factorSizes: factorSizes, generator: &generator, representation: representation)
        let chance = 1 / Double(factorSizes.count)
        let scaled = outcome.activeDimensions == 0 ? 0 : (outcome.evalAccuracy - chance) / (1 - chance)
        return Result(trainAccuracy: outcome.trainAccuracy, evalAccuracy: outcome.evalAccuracy,
                      evalAccuracyScaled: scaled,
                      activeDimensions: outcome.activeDimensions, globalVariances: outcome.globalVariances,
                      trainingVotes: outcome.trainingVotes)
    }
}

extension ZMaxVariance: InterventionMetric {
    /// `"z_max"`.
    public static let name = "z_max"
    /// A line for `--list-metrics`.
    public static let summary = "Z-max variance (Kim et al. 2019): majority vote of the most-varying code when one factor varies"
    /// The FactorVAE score's defaults.
    public static var defaultOptions: Options { Options() }

    /// `train_accuracy`, `eval_accuracy` and `eval_accuracy_scaled`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["train_accuracy": result.trainAccuracy, "eval_accuracy": result.evalAccuracy,
         "eval_accuracy_scaled": result.evalAccuracyScaled]
    }
}
