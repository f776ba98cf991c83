/// The mutual information gap (Chen et al. 2018) as disentanglement_lib computes it (`mig._compute_mig`).
///
/// Each code dimension is discretised with a 20-bin histogram over all rows; for every factor the mutual
/// information with each code is computed in nats, and the factor's score is the gap between the largest and
/// second-largest value divided by the factor's empirical entropy in the sample. MIG is the mean over factors.
/// A perfectly aligned code does not score 1 when a factor has more classes than there are bins.
///
/// ``Options/normalization`` `.codeEntropy` gives the MIG of Carbonneau et al.'s metric library, which divides
/// each `I(z_j; v_k)` by the code's entropy `H(z_j)` before taking the gap (its default of 10 bins is
/// `discretizer.binCount = 10`); the default is disentanglement_lib's division by the factor's entropy.
public enum MIG {
    /// Options of the MIG computation, with disentanglement_lib's defaults.
    public struct Options: Sendable, Equatable, Codable {
        /// The histogram used to discretise each code dimension (20 bins).
        public var discretizer: HistogramDiscretizer
        /// What each mutual information is divided by (the factor's entropy, disentanglement_lib's choice).
        public var normalization: MutualInformationNormalization

        /// Creates options; the default is disentanglement_lib's 20-bin histogram and factor-entropy normalisation.
        public init(discretizer: HistogramDiscretizer = HistogramDiscretizer(binCount: 20),
                    normalization: MutualInformationNormalization = .factorEntropy) {
            self.discretizer = discretizer
            self.normalization = normalization
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
        guard codes.columnCount >= 2 else {
            throw MetricError.invalidOption("MIG needs at least two code dimensions to form a gap, got \(codes.columnCount)")
        }
        let table = try InformationTable(codes: codes, factors: factors, discretizer: options.discretizer, metric: "MIG")
        let m = table.mutualInformation
        // With the factor's entropy, disentanglement_lib's order of operations: the gap in nats, then the division.
        let byFactor = options.normalization == .factorEntropy
        let normalized = byFactor ? m : table.normalized(options.normalization)
        let perFactor = (0..<factors.columnCount).map { k in
            let top = InformationTable.topTwo(normalized.map { $0[k] })
            return (top.first - top.second) / (byFactor ? table.factorEntropies[k] : 1)
        }
        return Result(score: mean(perFactor), perFactor: perFactor, mutualInformation: m,
                      factorEntropies: table.factorEntropies)
    }
}

extension MIG: CodeMetric {
    /// `"mig"`.
    public static let name = "mig"
    /// A line for `--list-metrics`.
    public static let summary = "mutual information gap per factor (Chen et al. 2018; disentanglement_lib's histogram estimate)"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// MIG on all rows; `trainFraction` is not used.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double, options: Options) throws -> Result {
        try evaluate(codes: codes, factors: factors, options: options)
    }

    /// `score`.
    public static func scalars(of result: Result) -> [String: Double] { ["score": result.score] }
}
