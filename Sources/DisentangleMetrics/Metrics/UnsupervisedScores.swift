import DisentangleTensor
import Foundation

/// disentanglement_lib's unsupervised scores (`unsupervised_metrics.unsupervised_metrics`), computed from the
/// codes alone on all rows.
///
/// With Σ the covariance of the codes (ddof 1): the Gaussian total correlation
/// `0.5 (sum_i log Σ_ii - log det Σ)`, the Gaussian Wasserstein correlation
/// `2 tr Σ - 2 tr sqrt(diag(Σ) Σ)` and its normalisation by `tr Σ`, and the mean pairwise discrete mutual
/// information between the 20-bin histograms of distinct codes.
public enum UnsupervisedScores {
    /// Options: the histogram that discretises the codes.
    public typealias Options = HistogramOptions

    /// The unsupervised scores.
    public struct Result: Sendable, Equatable, Codable {
        /// Total correlation of a Gaussian with the codes' covariance, in nats (over the non-constant codes).
        public var gaussianTotalCorrelation: Double
        /// Squared 2-Wasserstein distance between that Gaussian and the product of its marginals.
        public var gaussianWassersteinCorrelation: Double
        /// The Wasserstein correlation divided by the total variance `tr Σ`.
        public var gaussianWassersteinCorrelationNorm: Double
        /// The mean discrete mutual information over ordered pairs of distinct codes, in nats.
        public var mutualInfoScore: Double

        enum CodingKeys: String, CodingKey {
            case gaussianTotalCorrelation = "gaussian_total_correlation"
            case gaussianWassersteinCorrelation = "gaussian_wasserstein_correlation"
            case gaussianWassersteinCorrelationNorm = "gaussian_wasserstein_correlation_norm"
            case mutualInfoScore = "mutual_info_score"
        }
    }

    /// Computes the scores on all rows of `codes`.
    ///
    /// Codes with zero variance are independent of everything, so they are left out of the total correlation
    /// (disentanglement_lib returns NaN there).
    ///
    /// - Throws: ``MetricError`` for fewer than two rows or codes, all codes constant, or non-constant codes that
    ///   are exactly collinear (their Gaussian total correlation is infinite).
    public static func evaluate(codes: CodeMatrix, options: Options = Options()) throws -> Result {
        try options.discretizer.validate()
        guard codes.rowCount >= 2 else { throw MetricError.tooFewRows(metric: "unsupervised scores", needed: 2, found: codes.rowCount) }
        let d = codes.columnCount
        guard d >= 2 else {
            throw MetricError.invalidOption("unsupervised scores need at least two code dimensions, got \(d)")
        }
        let columns = codes.columns()
        let means = columns.map(mean)
        var covariance = [Double](repeating: 0, count: d * d)
        for a in 0..<d {
            for b in a..<d {
                var s = 0.0
                for i in 0..<codes.rowCount { s += (columns[a][i] - means[a]) * (columns[b][i] - means[b]) }
                covariance[a * d + b] = s / Double(codes.rowCount - 1)
                covariance[b * d + a] = covariance[a * d + b]
            }
        }
        let trace = (0..<d).reduce(0) { $0 + covariance[$1 * d + $1] }
        guard trace > 0 else { throw MetricError.invalidOption("unsupervised scores are undefined: every code is constant") }

        let varying = (0..<d).filter { covariance[$0 * d + $0] > 0 }
        let m = varying.count
        var sub = [Double](repeating: 0, count: m * m)
        for (p, a) in varying.enumerated() {
            for (q, b) in varying.enumerated() { sub[p * m + q] = covariance[a * d + b] }
        }
        let eigenvalues = try LinearAlgebra.symmetricEigenvalues(LinearAlgebra.Matrix(rows: m, columns: m, scalars: sub))
        // Exactly collinear codes leave a zero eigenvalue, which LAPACK returns as a rounding error of either sign.
        guard eigenvalues[0] > 1e-12 * eigenvalues[m - 1] else {
            throw MetricError.invalidOption("Gaussian total correlation is infinite: the varying codes are linearly dependent")
        }
        let logDiagonal = varying.reduce(0) { $0 + Foundation.log(covariance[$1 * d + $1]) }
        let totalCorrelation = 0.5 * (logDiagonal - eigenvalues.reduce(0) { $0 + Foundation.log($1) })

        // tr sqrt(diag(Σ) Σ) = sum of square roots of the eigenvalues of D^1/2 Σ D^1/2 (a similar matrix).
        var scaled = [Double](repeating: 0, count: d * d)
        for a in 0..<d {
            for b in 0..<d {
                scaled[a * d + b] = covariance[a * d + a].squareRoot() * covariance[a * d + b] * covariance[b * d + b].squareRoot()
            }
        }
        let rootTrace = try LinearAlgebra.symmetricEigenvalues(LinearAlgebra.Matrix(rows: d, columns: d, scalars: scaled))
            .reduce(0) { $0 + max($1, 0).squareRoot() }
        let wasserstein = 2 * trace - 2 * rootTrace

        let bins = options.discretizer.discretizeColumns(codes)
        let mi = DiscreteMutualInformation.matrix(codeBins: bins, factorColumns: bins)
        var offDiagonal = 0.0
        for a in 0..<d {
            for b in 0..<d where a != b { offDiagonal += mi[a][b] }
        }
        return Result(gaussianTotalCorrelation: totalCorrelation, gaussianWassersteinCorrelation: wasserstein,
                      gaussianWassersteinCorrelationNorm: wasserstein / trace,
                      mutualInfoScore: offDiagonal / Double(d * d - d))
    }
}

extension UnsupervisedScores: CodeMetric {
    /// `"unsupervised"`.
    public static let name = "unsupervised"
    /// A line for `--list-metrics`.
    public static let summary = "Gaussian total correlation, Wasserstein correlation and mean pairwise mutual information of the codes (factors unused)"
    /// disentanglement_lib's options.
    public static var defaultOptions: Options { Options() }

    /// UnsupervisedScores on all rows; `trainFraction` is not used.
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double, options: Options) throws -> Result {
        try evaluate(codes: codes, options: options)
    }

    /// `gaussian_total_correlation`, `gaussian_wasserstein_correlation`, `gaussian_wasserstein_correlation_norm` and `mutual_info_score`.
    public static func scalars(of result: Result) -> [String: Double] {
        [
            "gaussian_total_correlation": result.gaussianTotalCorrelation,
            "gaussian_wasserstein_correlation": result.gaussianWassersteinCorrelation,
            "gaussian_wasserstein_correlation_norm": result.gaussianWassersteinCorrelationNorm,
            "mutual_info_score": result.mutualInfoScore,
        ]
    }
}
