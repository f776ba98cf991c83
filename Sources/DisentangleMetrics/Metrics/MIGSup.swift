/// MIG-sup (Li et al. 2020, "Progressive learning and disentanglement of hierarchical representations"), as
/// Carbonneau et al.'s review defines it: the mutual information gap taken per code instead of per factor.
///
/// With `n_jk = I(z_j; v_k) / H(v_k)` (histogram-discretised codes, as in ``MIG``), a code's score is the gap
/// between its largest and second-largest `n_jk` over the factors, and MIG-sup is the mean over all codes: it
/// penalises a code that carries several factors, which MIG does not. ``Options/normalization`` `.codeEntropy` with
/// `discretizer.binCount = 10` gives the value of Carbonneau et al.'s library (`mig_sup.py`), which divides by the
/// code's entropy; the default divides by the factor's, as disentanglement_lib's MIG does.
public enum MIGSup {
    /// MIG's options: the histogram (20 bins) and what each mutual information is divided by (the factor's entropy).
    public typealias Options = MIG.Options

    /// The MIG-sup of a representation.
    public struct Result: Sendable, Equatable, Codable {
        /// The mean gap over codes.
        public var score: Double
        /// The gap of each code.
        public var perCode: [Double]
        /// `mutualInformation[j][k]`: I(z_j; v_k) in nats.
        public var mutualInformation: [[Double]]

        enum CodingKeys: String, CodingKey {
            case score
            case perCode = "per_code"
            case mutualInformation = "mutual_information"
        }
    }

    /// Computes MIG-sup on all rows.
    ///
    /// - Throws: ``MetricError`` for mismatched rows, fewer than two factors, or a constant factor.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, options: Options = Options()) throws -> Result {
        guard factors.columnCount >= 2 else {
            throw MetricError.invalidOption("MIG-sup needs at least two factors to form a gap, got \(factors.columnCount)")
        }
        let table = try InformationTable(codes: codes, factors: factors, discretizer: options.discretizer, metric: "MIG-sup")
        let perCode = table.normalized(options.normalization).map { row in
            let top = InformationTable.topTwo(row)
            return top.first - top.second
        }
        return Result(score: mean(perCode), perCode: perCode, mutualInformation: table.mutualInformation)
    }
}

extension MIGSup: CodeMetric {
    /// `"mig_sup"`.
    public static let name = "mig_sup"
    /// A line for `--list-metrics`.
    public static let summary = "mutual information gap per code (Li et al. 2020; Carbonneau et al. 2022)"
    /// 20 bins, factor-entropy normalisation.
    public static var defaultOptions: Options { Options() }

    /// MIG-sup on all rows; `trainFraction` is not used.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double, options: Options) throws -> Result {
        try evaluate(codes: codes, factors: factors, options: options)
    }

    /// `score`.
    public static func scalars(of result: Result) -> [String: Double] { ["score": result.score] }
}
