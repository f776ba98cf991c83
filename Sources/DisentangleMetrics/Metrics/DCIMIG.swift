/// DCIMIG (Sepliarskaia et al. 2019, "Evaluating disentangled representations"), as Carbonneau et al.'s review and
/// library (`dcimig.py`) compute it.
///
/// Each code j keeps only the gap `I(z_j; v_(1)) - I(z_j; v_(2))` between the two factors it informs most about,
/// credited to the first of them (the lower index on ties); each factor's score `D_k` is the largest gap credited to
/// it (0 if none), and DCIMIG is `sum_k D_k / sum_k H(v_k)`. Mutual information is unnormalised, in nats, from
/// histogram-discretised codes (default 20 bins; the library's 10 is `discretizer.binCount = 10`).
public enum DCIMIG {
    /// Options: the histogram that discretises the codes.
    public typealias Options = HistogramOptions

    /// DCIMIG of a representation.
    public struct Result: Sendable, Equatable, Codable {
        /// `sum_k D_k / sum_k H(v_k)`.
        public var score: Double
        /// `D_k`: the largest gap credited to each factor, in nats.
        public var perFactorGap: [Double]
        /// The factor each code's gap is credited to.
        public var codeFactor: [Int]
        /// `mutualInformation[j][k]`: I(z_j; v_k) in nats.
        public var mutualInformation: [[Double]]

        enum CodingKeys: String, CodingKey {
            case score
            case perFactorGap = "per_factor_gap"
            case codeFactor = "code_factor"
            case mutualInformation = "mutual_information"
        }
    }

    /// Computes DCIMIG on all rows.
    ///
    /// - Throws: ``MetricError`` for mismatched rows, fewer than two factors, or a constant factor.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, options: Options = Options()) throws -> Result {
        guard factors.columnCount >= 2 else {
            throw MetricError.invalidOption("DCIMIG needs at least two factors to form a gap, got \(factors.columnCount)")
        }
        let table = try InformationTable(codes: codes, factors: factors, discretizer: options.discretizer, metric: "DCIMIG")
        var perFactor = [Double](repeating: 0, count: factors.columnCount)
        var codeFactor = [Int]()
        for row in table.mutualInformation {
            let top = InformationTable.topTwo(row)
            perFactor[top.index] = max(perFactor[top.index], top.first - top.second)
            codeFactor.append(top.index)
        }
        let score = perFactor.reduce(0, +) / table.factorEntropies.reduce(0, +)
        return Result(score: score, perFactorGap: perFactor, codeFactor: codeFactor, mutualInformation: table.mutualInformation)
    }
}

extension DCIMIG: CodeMetric {
    /// `"dcimig"`.
    public static let name = "dcimig"
    /// A line for `--list-metrics`.
    public static let summary = "per-code information gaps credited to factors (Sepliarskaia et al. 2019; Carbonneau et al. 2022)"
    /// 20 bins.
    public static var defaultOptions: Options { Options() }

    /// DCIMIG on all rows; `trainFraction` is not used.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double, options: Options) throws -> Result {
        try evaluate(codes: codes, factors: factors, options: options)
    }

    /// `score`.
    public static func scalars(of result: Result) -> [String: Double] { ["score": result.score] }
}
