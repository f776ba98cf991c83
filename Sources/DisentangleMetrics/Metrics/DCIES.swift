import DisentangleTensor

/// DCI-ES: disentanglement, completeness and informativeness with explicitness (E) and size (S) (Eastwood,
/// Nicolicioiu, von Kügelgen, Kekić, Träuble, Dittadi & Schölkopf 2023, "DCI-ES: an extended disentanglement
/// framework with connections to identifiability"), with random-forest probes as in the authors' code
/// (andreinicolicioiu/DCI-ES: `train_model_random_forest.py`, `metrics/explitcitness.py`, `simple_gather.py`).
///
/// For each factor k a ``RandomForestClassifier`` (100 trees) is fitted on the training rows at every probe
/// capacity c (the trees' maximum depth, 1 to 32 by default); its test loss is `1 - accuracy`. The loss-capacity
/// curve is made non-increasing (each loss replaced by the smallest loss at or below its capacity) and
/// `E_k = 1 - 2 A_k / ((c_max - c_min) l_k)`, with `A_k` the trapezoidal area between the curve and its minimum and
/// `l_k = 1 - 1/n_k` the loss of guessing among the factor's `n_k` classes (the authors' baseline for discrete
/// factors); E is the mean over factors. E is 1 for any flat curve, even one that stays at the baseline (the area
/// is measured above the curve's own minimum), and falls towards -1 for a curve that stays at the baseline until
/// the largest capacity and only there reaches a loss of 0: read E with the informativeness I, as the paper does
/// (E says how *easily* the information that is there can be read, I how much is there). D, C and I are those of
/// ``DCI`` with the forests' importances, at the capacity whose mean test accuracy is highest (the authors'
/// choice).
///
/// Size is `S = K / D`, the number of factors over the number of codes (1 for a representation no larger than the
/// factors it must hold); the authors' code does not compute it, so this follows the paper's definition as this
/// library reads it.
public enum DCIES {
    /// Options, defaulting to the authors' random-forest probes.
    public struct Options: Sendable, Equatable, Codable {
        /// The probe capacities: maximum tree depths (the authors' 1, 2, 3, 4, 8, 10, ..., 20, 32).
        public var depths: [Int]
        /// Trees per forest (100).
        public var treeCount: Int
        /// The seed of the forests.
        public var seed: UInt64

        /// Creates options.
        public init(depths: [Int] = [1, 2, 3, 4, 8, 10, 12, 14, 16, 18, 20, 32], treeCount: Int = 100, seed: UInt64 = 0) {
            self.depths = depths
            self.treeCount = treeCount
            self.seed = seed
        }
    }

    /// The scores and the loss-capacity curves behind them.
    public struct Result: Sendable, Equatable, Codable {
        /// Mean explicitness over factors.
        public var explicitness: Double
        /// `K / D`.
        public var size: Double
        /// Disentanglement at the most informative capacity.
        public var disentanglement: Double
        /// Completeness at the most informative capacity.
        public var completeness: Double
        /// Mean test accuracy at the most informative capacity.
        public var informativeness: Double
        /// The most informative capacity (depth).
        public var bestDepth: Int
        /// Explicitness of each factor.
        public var perFactorExplicitness: [Double]
        /// `testLoss[k][c]`: the test loss of factor k's probe at capacity `depths[c]`.
        public var testLoss: [[Double]]

        enum CodingKeys: String, CodingKey {
            case explicitness, size, disentanglement, completeness, informativeness
            case bestDepth = "best_depth"
            case perFactorExplicitness = "per_factor_explicitness"
            case testLoss = "test_loss"
        }
    }

    /// Computes DCI-ES with the first `ceil(N * trainFraction)` rows for training and the rest for testing.
    ///
    /// - Throws: ``MetricError`` for mismatched rows, fewer than two codes or factors, an empty part of the split,
    ///   a factor constant on the training rows, or fewer than two increasing positive depths.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double = 0.8,
                                options: Options = Options()) throws -> Result {
        try checkPaired(codes, factors)
        let depths = options.depths
        guard depths.count >= 2, depths.first! >= 1, zip(depths, depths.dropFirst()).allSatisfy({ $0 < $1 }), options.treeCount >= 1 else {
            throw MetricError.invalidOption("DCI-ES needs at least two increasing depths >= 1 and treeCount >= 1, got \(depths), \(options.treeCount)")
        }
        let split = try TrainTestSplit(rowCount: codes.rowCount, trainFraction: trainFraction)
        try split.requireBothParts(metric: "DCI-ES")
        guard codes.columnCount >= 2, factors.columnCount >= 2 else {
            throw MetricError.invalidOption("DCI-ES needs at least two codes and two factors, got D = \(codes.columnCount), K = \(factors.columnCount)")
        }
        let k = factors.columnCount, d = codes.columnCount
        let trainCodes = codes.rows(split.trainRows), testCodes = codes.rows(split.testRows)
        let train = (0..<k).map { factors.rows(split.trainRows).column($0) }
        let test = (0..<k).map { factors.rows(split.testRows).column($0) }
        for j in 0..<k where Set(train[j]).count < 2 { throw MetricError.constantFactor(metric: "DCI-ES", factor: j) }
        var generator = RandomGenerator(seed: options.seed)
        let generators = (0..<k).map { _ in (0..<depths.count).map { _ in generator.split() } }
        // fits[j][c]: factor j's importances and test accuracy at capacity c; factors run in parallel.
        var fits = [Swift.Result<[(importance: [Double], accuracy: Double)], Error>?](repeating: nil, count: k)
        fits.withUnsafeMutableBufferPointer { out in
            Threading.parallelFor(k) { j in
                out[j] = Swift.Result {
                    try depths.indices.map { c in
                        var forestGenerator = generators[j][c]
                        let forest = try RandomForestClassifier.fit(
                            features: trainCodes, labels: train[j],
                            options: RandomForestClassifier.Options(treeCount: options.treeCount,
                                                                    tree: ClassificationTree.Options(maxDepth: depths[c])),
                            generator: &forestGenerator, parallelTrees: false)
                        return (forest.featureImportances, forest.accuracy(features: testCodes, labels: test[j]))
                    }
                }
            }
        }
        let results = try fits.map { try $0!.get() }
        let losses = results.map { $0.map { 1 - $0.accuracy } }
        let span = Double(depths.last! - depths.first!)
        let perFactor = (0..<k).map { j -> Double in
            var curve = losses[j]
            for c in 1..<curve.count { curve[c] = min(curve[c], curve[c - 1]) }
            let floor = curve.min()!
            var area = 0.0
            for c in 1..<curve.count {
                area += (0.5 * (curve[c - 1] - floor) + 0.5 * (curve[c] - floor)) * Double(depths[c] - depths[c - 1])
            }
            let baseline = 1 - 1 / Double(Set(train[j] + test[j]).count)
            return 1 - 2 * area / (span * baseline)
        }
        let meanAccuracy = depths.indices.map { c in mean(results.map { $0[c].accuracy }) }
        let best = meanAccuracy.indices.max { meanAccuracy[$0] < meanAccuracy[$1] || (meanAccuracy[$0] == meanAccuracy[$1] && $0 > $1) }!
        var importance = [[Double]](repeating: [Double](repeating: 0, count: k), count: d)
        for j in 0..<k { for i in 0..<d { importance[i][j] = results[j][best].importance[i] } }
        let scores = DCI.scoresFromImportance(importance)
        return Result(explicitness: mean(perFactor), size: Double(k) / Double(d), disentanglement: scores.disentanglement,
                      completeness: scores.completeness, informativeness: meanAccuracy[best], bestDepth: depths[best],
                      perFactorExplicitness: perFactor, testLoss: losses)
    }
}

extension DCIES: CodeMetric {
    /// `"dci_es"`.
    public static let name = "dci_es"
    /// A line for `--list-metrics`.
    public static let summary = "DCI-ES: explicitness from loss-capacity curves of random-forest probes, and size (Eastwood et al. 2023)"
    /// The authors' probe capacities.
    public static var defaultOptions: Options { Options() }

    /// `explicitness`, `size`, `disentanglement`, `completeness` and `informativeness`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["explicitness": result.explicitness, "size": result.size, "disentanglement": result.disentanglement,
         "completeness": result.completeness, "informativeness": result.informativeness]
    }
}
