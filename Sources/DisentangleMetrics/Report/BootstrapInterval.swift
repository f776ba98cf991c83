/// A bootstrap confidence interval for one scalar metric value, in two readings of the same replicates.
///
/// With `q(p)` the `p`-quantile of the replicate values, `θ̂` the ``estimate`` and `α = (1 - confidence) / 2`:
/// - ``lower`` and ``upper`` are Efron's percentile interval `[q(α), q(1 - α)]`. It stays inside the statistic's
///   range but inherits the bootstrap's bias: plug-in estimators such as the histogram mutual information behind
///   MIG shift when resampling duplicates rows, and the interval can then exclude the estimate itself.
/// - ``basicLower`` and ``basicUpper`` are the basic (reverse-percentile) interval `[2θ̂ - q(1 - α), 2θ̂ - q(α)]`,
///   which reflects the replicates around the estimate and so corrects a bias that resampling reproduces; it can
///   extend past the statistic's range (e.g. above 1 for a normalised score).
///
/// When ``bias`` is comparable to ``standardError`` the two intervals disagree; report the basic interval or the
/// bias along with the percentile interval.
public struct BootstrapInterval: Sendable, Equatable, Codable {
    /// The value on the original rows.
    public var estimate: Double
    /// The lower bound of the percentile interval.
    public var lower: Double
    /// The upper bound of the percentile interval.
    public var upper: Double
    /// The lower bound of the basic interval, `2 estimate - upper`.
    public var basicLower: Double
    /// The upper bound of the basic interval, `2 estimate - lower`.
    public var basicUpper: Double
    /// The mean of the replicate values minus ``estimate``: the bootstrap's estimate of the statistic's bias.
    public var bias: Double
    /// The standard deviation (ddof 1) of the replicate values.
    public var standardError: Double
    /// The nominal coverage, e.g. 0.95.
    public var confidence: Double
    /// The number of replicates that were scored.
    public var replicates: Int

    enum CodingKeys: String, CodingKey {
        case estimate, lower, upper, bias, confidence, replicates
        case basicLower = "basic_lower"
        case basicUpper = "basic_upper"
        case standardError = "standard_error"
    }
}
