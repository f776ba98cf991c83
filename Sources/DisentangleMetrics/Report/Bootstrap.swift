import DisentangleTensor

/// Bootstrap confidence intervals for metrics on fixed codes and factors.
///
/// Each replicate resamples rows with replacement and recomputes the metrics. With a train fraction, the
/// training rows are resampled among themselves and the test rows among themselves, so every replicate keeps
/// the split sizes and never moves a row across the split. Each ``BootstrapInterval`` holds the percentile interval of
/// the replicate values (`(1 - confidence) / 2` and `(1 + confidence) / 2` quantiles, linear interpolation), the
/// basic interval, which corrects a bias that resampling reproduces, and that bias.
public enum Bootstrap {
    /// Options.
    public struct Options: Sendable, Equatable, Codable {
        /// The number of replicates (at least 2).
        public var replicates: Int
        /// The nominal coverage in (0, 1) (0.95).
        public var confidence: Double
        /// The seed of the resampling generator.
        public var seed: UInt64

        /// Creates options.
        public init(replicates: Int = 200, confidence: Double = 0.95, seed: UInt64 = 0) {
            self.replicates = replicates
            self.confidence = confidence
            self.seed = seed
        }
    }

    /// Intervals for every named value `statistic` returns.
    ///
    /// - Parameters:
    ///   - codes: the latent codes, one row per observation.
    ///   - factors: the ground-truth factors, one row per observation, paired with the rows of `codes`.
    ///   - trainFraction: resample the first `ceil(N * trainFraction)` rows and the rest separately; `nil`
    ///     resamples all rows together.
    ///   - options: the number of replicates, the confidence level and the seed of the resampling.
    ///   - statistic: computes named scalar values from (resampled) codes and factors.
    /// - Throws: ``MetricError`` for invalid options, or the first error `statistic` throws.
    public static func intervals(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double?,
                                 options: Options = Options(),
                                 statistic: (CodeMatrix, FactorMatrix) throws -> [String: Double]) throws -> [String: BootstrapInterval] {
        try checkPaired(codes, factors)
        guard options.replicates >= 2, options.confidence > 0, options.confidence < 1 else {
            throw MetricError.invalidOption("bootstrap needs at least 2 replicates and a confidence in (0, 1)")
        }
        let blocks: [Range<Int>]
        if let trainFraction {
            let split = try TrainTestSplit(rowCount: codes.rowCount, trainFraction: trainFraction)
            blocks = [split.trainRows, split.testRows].filter { !$0.isEmpty }
        } else {
            blocks = [0..<codes.rowCount]
        }
        let estimates = try statistic(codes, factors)
        var generator = RandomGenerator(seed: options.seed)
        var samples = [String: [Double]]()
        for _ in 0..<options.replicates {
            var indices = [Int]()
            indices.reserveCapacity(codes.rowCount)
            for block in blocks {
                for _ in block { indices.append(block.lowerBound + generator.nextInt(below: block.count)) }
            }
            let values = try statistic(codes.rows(at: indices), factors.rows(at: indices))
            for (name, value) in values { samples[name, default: []].append(value) }
        }
        var result = [String: BootstrapInterval]()
        let alpha = (1 - options.confidence) / 2
        for (name, estimate) in estimates {
            let values = samples[name] ?? []
            guard values.count >= 2 else { continue }
            let m = mean(values)
            let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
            let lower = IRS.percentile(values, alpha)
            let upper = IRS.percentile(values, 1 - alpha)
            result[name] = BootstrapInterval(estimate: estimate, lower: lower, upper: upper,
                                             basicLower: 2 * estimate - upper, basicUpper: 2 * estimate - lower,
                                             bias: m - estimate, standardError: variance.squareRoot(),
                                             confidence: options.confidence, replicates: values.count)
        }
        return result
    }

    /// An interval for a single scalar statistic.
    public static func interval(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double?,
                                options: Options = Options(),
                                statistic: (CodeMatrix, FactorMatrix) throws -> Double) throws -> BootstrapInterval {
        let result = try intervals(codes: codes, factors: factors, trainFraction: trainFraction, options: options) {
            ["value": try statistic($0, $1)]
        }
        return result["value"]!
    }
}
