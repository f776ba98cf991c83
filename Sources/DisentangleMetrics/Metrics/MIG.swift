/// The mutual information gap (Chen et al. 2018) as disentanglement_lib computes it (`mig._compute_mig`).
///
/// Each code dimension is discretised with a 20-bin histogram over all rows; for every factor the mutual
/// information with each code is computed in nats, and the factor's score is the gap between the largest and
/// second-largest value divided by the factor's empirical entropy in the sample. MIG is the mean over factors.
/// A perfectly aligned code does not score 1 when a factor has more classes than there are bins.
public enum MIG {
    /// Options of the MIG computation, with disentanglement_lib's defaults.
    public struct Options: Sendable, Equatable, Codable {
        /// The histogram used to discretise each code dimension (20 bins).
        public var discretizer: HistogramDiscretizer

        /// Creates options; the default is disentanglement_lib's 20-bin histogram.
        public init(discretizer: HistogramDiscretizer = HistogramDiscretizer(binCount: 20)) {
            self.discretizer = discretizer
        }
    }

    /// The MIG of a representation.
    public struct Result: Sendable, Equatable, Codable {
        /// The mean gap over factors.
        public var score: Double
        /// The normalised gap of each factor.
        public var perFactor: [Double]
        /// Mutual information between code `i` and factor `k`, `mutualInformation[i][k]`, in nats.
        public var mutualInformation: [[Double]]
        /// The empirical entropy of each factor in nats.
        public var factorEntropies: [Double]

        enum CodingKeys: String, CodingKey {
            case score
            case perFactor = "per_factor"
            case mutualInformation = "mutual_information"
            case factorEntropies = "factor_entropies"
        }
    }

    /// Computes MIG on all rows of `codes` and `factors`.
    ///
    /// - Throws: ``MetricError`` for mismatched rows, fewer than two codes, or a constant factor (whose entropy is
    ///   0; disentanglement_lib returns NaN there).
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, options: Options = Options()) throws -> Result {
        try checkPaired(codes, factors)
        try options.discretizer.validate()
        guard codes.columnCount >= 2 else {
            throw MetricError.invalidOption("MIG needs at least two code dimensions to form a gap, got \(codes.columnCount)")
        }
        let factorColumns = (0..<factors.columnCount).map(factors.column)
        let entropies = factorColumns.map(DiscreteMutualInformation.entropy)
        if let constant = entropies.firstIndex(where: { $0 == 0 }) {
            throw MetricError.constantFactor(metric: "MIG", factor: constant)
        }
        let bins = options.discretizer.discretizeColumns(codes)
        let m = DiscreteMutualInformation.matrix(codeBins: bins, factorColumns: factorColumns)
        var perFactor = [Double]()
        for k in 0..<factors.columnCount {
            let sorted = m.map { $0[k] }.sorted(by: >)
            perFactor.append((sorted[0] - sorted[1]) / entropies[k])
        }
        return Result(score: mean(perFactor), perFactor: perFactor, mutualInformation: m, factorEntropies: entropies)
    }
}
