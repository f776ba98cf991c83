import DisentangleTensor
import Foundation

/// Per-dimension statistics of a diagonal Gaussian posterior `q(z | x) = N(mu, exp(logvar))` over a data set:
/// the diagnostics used to spot collapsed (inactive) latent dimensions.
public enum PosteriorStatistics {
    /// Options.
    public struct Options: Sendable, Equatable, Codable {
        /// A dimension is active when the variance of its posterior means over the data exceeds this (0.01, the
        /// active-units criterion of Burda et al. 2016).
        public var activeVarianceThreshold: Double

        /// Creates options.
        public init(activeVarianceThreshold: Double = 0.01) {
            self.activeVarianceThreshold = activeVarianceThreshold
        }
    }

    /// The statistics.
    public struct Result: Sendable, Equatable, Codable {
        /// The mean posterior variance `mean_x exp(logvar_d)` of each dimension.
        public var meanVariance: [Double]
        /// The variance over the data of each dimension's posterior mean (ddof 0).
        public var varianceOfMeans: [Double]
        /// The mean KL divergence to N(0, 1) of each dimension, `mean_x 0.5 (mu^2 + e^logvar - logvar - 1)`.
        public var klPerDimension: [Double]
        /// The sum of `klPerDimension`.
        public var totalKL: Double
        /// The dimensions whose `varianceOfMeans` exceeds the threshold.
        public var activeDimensions: [Int]
        /// The number of active dimensions.
        public var activeUnits: Int

        enum CodingKeys: String, CodingKey {
            case meanVariance = "mean_variance"
            case varianceOfMeans = "variance_of_means"
            case klPerDimension = "kl_per_dimension"
            case totalKL = "total_kl"
            case activeDimensions = "active_dimensions"
            case activeUnits = "active_units"
        }
    }

    /// Computes the statistics from posterior means and log-variances of the same shape.
    ///
    /// - Throws: ``MetricError`` if the shapes differ.
    public static func evaluate(means: CodeMatrix, logVariances: CodeMatrix, options: Options = Options()) throws -> Result {
        guard means.rowCount == logVariances.rowCount else {
            throw MetricError.rowCountMismatch(codes: means.rowCount, factors: logVariances.rowCount)
        }
        guard means.columnCount == logVariances.columnCount else {
            throw MetricError.invalidOption("means have \(means.columnCount) columns but log-variances have \(logVariances.columnCount)")
        }
        let n = Double(means.rowCount)
        let d = means.columnCount
        var meanVariance = [Double](repeating: 0, count: d)
        var kl = [Double](repeating: 0, count: d)
        var meanOfMeans = [Double](repeating: 0, count: d)
        for i in 0..<means.rowCount {
            for j in 0..<d {
                let mu = means[i, j], logVariance = logVariances[i, j]
                let variance = Foundation.exp(logVariance)
                meanVariance[j] += variance
                kl[j] += 0.5 * (mu * mu + variance - logVariance - 1)
                meanOfMeans[j] += mu
            }
        }
        meanVariance = meanVariance.map { $0 / n }
        kl = kl.map { $0 / n }
        meanOfMeans = meanOfMeans.map { $0 / n }
        var varianceOfMeans = [Double](repeating: 0, count: d)
        for i in 0..<means.rowCount {
            for j in 0..<d { varianceOfMeans[j] += (means[i, j] - meanOfMeans[j]) * (means[i, j] - meanOfMeans[j]) }
        }
        varianceOfMeans = varianceOfMeans.map { $0 / n }
        let active = (0..<d).filter { varianceOfMeans[$0] > options.activeVarianceThreshold }
        return Result(meanVariance: meanVariance, varianceOfMeans: varianceOfMeans, klPerDimension: kl,
                      totalKL: kl.reduce(0, +), activeDimensions: active, activeUnits: active.count)
    }

    /// Computes the statistics from rank-2 tensors of posterior means and log-variances ([N, D] each).
    public static func evaluate(means: Tensor, logVariances: Tensor, options: Options = Options()) throws -> Result {
        try evaluate(means: CodeMatrix(means), logVariances: CodeMatrix(logVariances), options: options)
    }
}
