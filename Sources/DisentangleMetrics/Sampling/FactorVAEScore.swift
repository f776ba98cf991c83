import DisentangleTensor

/// The FactorVAE score (Kim & Mnih 2018) as disentanglement_lib computes it (`factor_vae.compute_factor_vae`).
///
/// Global variances (ddof 1) of the codes of `varianceEstimateCount` random factor vectors decide which codes are
/// active (standard deviation at least `pruneThreshold`). Each vote picks a factor k uniformly, draws a batch of
/// factor vectors with factor k fixed to the first vector's value, and votes for the active code with the
/// smallest local variance (ddof 1) relative to its global variance. The classifier maps each code to the factor
/// with most training votes (ties to the lower factor); accuracy is the share of votes it gets right, on the
/// training votes and on fresh evaluation votes. With no active code every score is 0.
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
        guard options.batchSize >= 2, options.trainCount >= 1, options.evalCount >= 1, options.varianceEstimateCount >= 2,
              options.pruneThreshold >= 0 else {
            throw MetricError.invalidOption("FactorVAE score needs batchSize >= 2, trainCount >= 1, evalCount >= 1, varianceEstimateCount >= 2 and pruneThreshold >= 0")
        }
        var sampler = try FactorSampler(sizes: factorSizes)
        // Global variances, from representations computed in batches of 64 like the library.
        var rows = [[Double]]()
        var remaining = options.varianceEstimateCount
        while remaining > 0 {
            let count = min(64, remaining)
            let codes = try sampler.represent(sampler.sample(count, generator: &generator), representation)
            for i in 0..<count { rows.append((0..<codes.columnCount).map { codes[i, $0] }) }
            remaining -= count
        }
        let globalVariances = variances(rows)
        let active = globalVariances.indices.filter { globalVariances[$0].squareRoot() >= options.pruneThreshold }
        let k = factorSizes.count, d = globalVariances.count
        guard !active.isEmpty else {
            return Result(trainAccuracy: 0, evalAccuracy: 0, activeDimensions: 0, globalVariances: globalVariances,
                          trainingVotes: [[Int]](repeating: [Int](repeating: 0, count: d), count: k))
        }
        let trainVotes = try votes(options.trainCount, options, active, globalVariances, &sampler, &generator, representation)
        let classifier = (0..<d).map { j in
            (0..<k).reduce(0) { best, factor in trainVotes[factor][j] > trainVotes[best][j] ? factor : best }
        }
        let evalVotes = try votes(options.evalCount, options, active, globalVariances, &sampler, &generator, representation)
        return Result(trainAccuracy: accuracy(trainVotes, classifier), evalAccuracy: accuracy(evalVotes, classifier),
                      activeDimensions: active.count, globalVariances: globalVariances, trainingVotes: trainVotes)
    }

    private static func votes(_ count: Int, _ options: Options, _ active: [Int], _ globalVariances: [Double],
                              _ sampler: inout FactorSampler, _ generator: inout RandomGenerator,
                              _ representation: ([[Int]]) throws -> CodeMatrix) throws -> [[Int]] {
        var result = [[Int]](repeating: [Int](repeating: 0, count: globalVariances.count), count: sampler.sizes.count)
        for _ in 0..<count {
            let k = generator.nextInt(below: sampler.sizes.count)
            var factors = sampler.sample(options.batchSize, generator: &generator)
            for row in 1..<factors.count { factors[row][k] = factors[0][k] }
            let codes = try sampler.represent(factors, representation)
            let local = variances((0..<codes.rowCount).map { i in (0..<codes.columnCount).map { codes[i, $0] } })
            var best = active[0]
            for j in active where local[j] / globalVariances[j] < local[best] / globalVariances[best] { best = j }
            result[k][best] += 1
        }
        return result
    }

    private static func accuracy(_ votes: [[Int]], _ classifier: [Int]) -> Double {
        let total = votes.reduce(0) { $0 + $1.reduce(0, +) }
        let correct = classifier.indices.reduce(0) { $0 + votes[classifier[$1]][$1] }
        return Double(correct) / Double(total)
    }

    /// Column variances (ddof 1) of equally long rows.
    private static func variances(_ rows: [[Double]]) -> [Double] {
        let d = rows[0].count
        let n = Double(rows.count)
        return (0..<d).map { j in
            let m = rows.reduce(0) { $0 + $1[j] } / n
            return rows.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / (n - 1)
        }
    }
}
