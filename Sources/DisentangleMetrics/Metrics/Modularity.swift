/// The modularity score (Ridgeway & Mozer 2018) as disentanglement_lib computes it
/// (`modularity_explicitness.modularity`).
///
/// The training codes are discretised with a 20-bin histogram (bins from the training rows) and the mutual
/// information `m_ik` with every factor is computed on the training rows. A code's score is
/// `1 - (sum_k m_ik^2 - max_k m_ik^2) / (max_k m_ik^2 (K - 1))`, or 0 if it carries no information; modularity is
/// the mean over all codes (uninformative codes included).
public enum Modularity {
    /// Options: the histogram that discretises the codes.
    public typealias Options = HistogramOptions

    /// The modularity score.
    public struct Result: Sendable, Equatable, Codable {
        /// The mean over codes.
        public var score: Double
        /// The score of each code.
        public var perCode: [Double]
        /// Mutual information between code i and factor k on the training rows, in nats.
        public var mutualInformation: [[Double]]

        enum CodingKeys: String, CodingKey {
            case score
            case perCode = "per_code"
            case mutualInformation = "mutual_information"
        }
    }

    /// Computes modularity on the first `ceil(N * trainFraction)` rows.
    ///
    /// - Throws: ``MetricError`` for mismatched rows or fewer than two factors.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double = 0.8,
                                options: Options = Options()) throws -> Result {
        try checkPaired(codes, factors)
        try options.discretizer.validate()
        guard factors.columnCount >= 2 else {
            throw MetricError.invalidOption("modularity needs at least two factors, got \(factors.columnCount)")
        }
        let split = try TrainTestSplit(rowCount: codes.rowCount, trainFraction: trainFraction)
        let train = codes.rows(split.trainRows)
        let trainFactors = factors.rows(split.trainRows)
        let bins = options.discretizer.discretizeColumns(train)
        let m = DiscreteMutualInformation.matrix(codeBins: bins,
                                                 factorColumns: (0..<factors.columnCount).map(trainFactors.column))
        let perCode = m.map { row -> Double in
            let squared = row.map { $0 * $0 }
            let maximum = squared.max()!
            guard maximum != 0 else { return 0 }
            return 1 - (squared.reduce(0, +) - maximum) / (maximum * Double(squared.count - 1))
        }
        return Result(score: mean(perCode), perCode: perCode, mutualInformation: m)
    }
}

extension Modularity: CodeMetric {
    /// `"modularity"`.
    public static let name = "modularity"
    /// A line for `--list-metrics`.
    public static let summary = "modularity (Ridgeway & Mozer 2018) from histogram mutual information on the training rows"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// `score`.
    public static func scalars(of result: Result) -> [String: Double] {
        ["score": result.score]
    }
}
