/// The interventional robustness score (Suter et al. 2019) as disentanglement_lib computes it
/// (`irs.compute_irs` with `scalable_disentanglement_score`).
///
/// The factors are discretised with the 20-bin histogram (so factors with more than 20 values are merged into
/// bins) and codes with zero variance are dropped. For each factor and each of its values, the
/// `diffQuantile` quantile of `|z - E[z | value]|` over the matching rows is averaged over the values; dividing by
/// each code's largest deviation from its mean and subtracting from 1 gives the IRS matrix. A code's score is its
/// row maximum, and IRS is the mean of those weighted by the codes' largest deviations. Uses all rows.
public enum IRS {
    /// IRS options, defaulting to disentanglement_lib.
    public struct Options: Sendable, Equatable, Codable {
        /// The quantile of within-group deviations (0.99; the paper's version is 1.0).
        public var diffQuantile: Double
        /// The histogram applied to the factors (20 bins).
        public var discretizer: HistogramDiscretizer

        /// Creates options.
        public init(diffQuantile: Double = 0.99, discretizer: HistogramDiscretizer = HistogramDiscretizer(binCount: 20)) {
            self.diffQuantile = diffQuantile
            self.discretizer = discretizer
        }
    }

    /// The IRS score.
    public struct Result: Sendable, Equatable, Codable {
        /// The deviation-weighted mean of the active codes' scores (0 if no code varies).
        public var score: Double
        /// The indices of the codes with non-zero variance.
        public var activeCodes: [Int]
        /// The score of each active code (in `activeCodes` order).
        public var perActiveCode: [Double]
        /// `irsMatrix[a][k]`: 1 - normalised deviation of active code a under interventions on factor k.
        public var irsMatrix: [[Double]]

        enum CodingKeys: String, CodingKey {
            case score
            case activeCodes = "active_codes"
            case perActiveCode = "per_active_code"
            case irsMatrix = "irs_matrix"
        }
    }

    /// Computes IRS on all rows.
    ///
    /// - Throws: ``MetricError`` for mismatched rows or a quantile outside [0, 1].
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, options: Options = Options()) throws -> Result {
        try checkPaired(codes, factors)
        try options.discretizer.validate()
        guard options.diffQuantile >= 0, options.diffQuantile <= 1 else {
            throw MetricError.invalidOption("IRS diffQuantile must be in [0, 1], got \(options.diffQuantile)")
        }
        let n = codes.rowCount
        let columns = codes.columns()
        let means = columns.map(mean)
        let active = (0..<codes.columnCount).filter { j in
            columns[j].reduce(0) { $0 + ($1 - means[j]) * ($1 - means[j]) } / Double(n) > 0
        }
        guard !active.isEmpty else { return Result(score: 0, activeCodes: [], perActiveCode: [], irsMatrix: []) }
        let latents = active.map { columns[$0] }
        let maxDeviations = active.indices.map { a in
            latents[a].reduce(0) { max($0, abs($1 - means[active[a]])) }
        }
        var cumulative = [[Double]](repeating: [Double](repeating: 0, count: factors.columnCount), count: active.count)
        for k in 0..<factors.columnCount {
            let bins = options.discretizer.discretize(factors.column(k).map(Double.init))
            // Rows grouped by bin value, in ascending bin order.
            var groups = [Int: [Int]]()
            for (row, bin) in bins.enumerated() { groups[bin, default: []].append(row) }
            let values = groups.keys.sorted()
            var deviations = [Double]()
            for value in values {
                let match = groups[value]!
                for a in active.indices {
                    let latent = latents[a]
                    var center = 0.0
                    for row in match { center += latent[row] }
                    center /= Double(match.count)
                    deviations.removeAll(keepingCapacity: true)
                    for row in match { deviations.append(abs(latent[row] - center)) }
                    cumulative[a][k] += percentile(deviations, options.diffQuantile)
                }
            }
            for a in active.indices { cumulative[a][k] /= Double(values.count) }
        }
        let matrix = active.indices.map { a in cumulative[a].map { 1 - $0 / maxDeviations[a] } }
        let perCode = matrix.map { $0.max()! }
        let weightSum = maxDeviations.reduce(0, +)
        let score = weightSum > 0
            ? zip(perCode, maxDeviations).reduce(0) { $0 + $1.0 * $1.1 } / weightSum
            : mean(perCode)
        return Result(score: score, activeCodes: active, perActiveCode: perCode, irsMatrix: matrix)
    }

    /// `np.percentile(values, 100 * q)` with linear interpolation.
    static func percentile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let t = position - Double(lower)
        let a = sorted[lower], b = sorted[upper]
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}

extension IRS: CodeMetric {
    /// `"irs"`.
    public static let name = "irs"
    /// A line for `--list-metrics`.
    public static let summary = "interventional robustness score (Suter et al. 2019)"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// IRS on all rows; `trainFraction` is not used.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double, options: Options) throws -> Result {
        try evaluate(codes: codes, factors: factors, options: options)
    }

    /// `score`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["score": result.score]
    }
}
