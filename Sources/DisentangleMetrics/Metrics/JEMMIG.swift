import Foundation

/// JEMMIG, the joint-entropy-minus-mutual-information gap (Do & Tran 2020, "Theory and evaluation metrics for
/// learning disentangled representations"), as Carbonneau et al.'s review and library (`jemmig.py`) compute it.
///
/// For factor k let `j*` be the code with the largest `I(z_j; v_k)` and `I_(2)` the second-largest value (codes
/// histogram-discretised into B bins). The unnormalised gap is `H(v_k, z_j*) - I(z_j*; v_k) + I_(2)`, which is 0
/// for a code that is a deterministic, exclusive copy of the factor; it is divided by its upper bound
/// `H(v_k) + log B` and JEMMIG is the mean over factors of 1 minus that ratio. Entropies are plug-in estimates in
/// nats (the library's bits give the same ratio). Default 20 bins (the library's default is 10:
/// `discretizer.binCount = 10`).
public enum JEMMIG {
    /// Options: the histogram that discretises the codes.
    public typealias Options = HistogramOptions

    /// JEMMIG of a representation.
    public struct Result: Sendable, Equatable, Codable {
        /// The mean over factors of `1 - gap / (H(v_k) + log B)`.
        public var score: Double
        /// `1 - gap / (H(v_k) + log B)` for each factor.
        public var perFactor: [Double]
        /// The unnormalised gap `H(v_k, z_j*) - I(z_j*; v_k) + I_(2)` of each factor, in nats.
        public var unnormalizedGap: [Double]
        /// `mutualInformation[j][k]`: I(z_j; v_k) in nats.
        public var mutualInformation: [[Double]]

        enum CodingKeys: String, CodingKey {
            case score
            case perFactor = "per_factor"
            case unnormalizedGap = "unnormalized_gap"
            case mutualInformation = "mutual_information"
        }
    }

    /// Computes JEMMIG on all rows.
    ///
    /// - Throws: ``MetricError`` for mismatched rows, fewer than two codes, or a constant factor.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, options: Options = Options()) throws -> Result {
        guard codes.columnCount >= 2 else {
            throw MetricError.invalidOption("JEMMIG needs at least two code dimensions to form a gap, got \(codes.columnCount)")
        }
        let table = try InformationTable(codes: codes, factors: factors, discretizer: options.discretizer, metric: "JEMMIG")
        let logBins = log(Double(options.discretizer.binCount))
        var gaps = [Double](), perFactor = [Double]()
        for k in 0..<factors.columnCount {
            let top = InformationTable.topTwo(table.mutualInformation.map { $0[k] })
            let joint = DiscreteMutualInformation.jointEntropy(table.factorColumns[k], table.codeBins[top.index])
            let gap = joint - top.first + top.second
            gaps.append(gap)
            perFactor.append(1 - gap / (table.factorEntropies[k] + logBins))
        }
        return Result(score: mean(perFactor), perFactor: perFactor, unnormalizedGap: gaps,
                      mutualInformation: table.mutualInformation)
    }
}

extension JEMMIG: CodeMetric {
    /// `"jemmig"`.
    public static let name = "jemmig"
    /// A line for `--list-metrics`.
    public static let summary = "joint entropy minus mutual information gap (Do & Tran 2020; Carbonneau et al. 2022)"
    /// 20 bins.
    public static var defaultOptions: Options { Options() }

    /// JEMMIG on all rows; `trainFraction` is not used.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double, options: Options) throws -> Result {
        try evaluate(codes: codes, factors: factors, options: options)
    }

    /// `score`.
    public static func scalars(of result: Result) -> [String: Double] { ["score": result.score] }
}
