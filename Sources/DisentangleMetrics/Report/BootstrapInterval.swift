/// A bootstrap percentile confidence interval for one scalar metric value.
public struct BootstrapInterval: Sendable, Equatable, Codable {
    /// The value on the original rows.
    public var estimate: Double
    /// The lower percentile bound.
    public var lower: Double
    /// The upper percentile bound.
    public var upper: Double
    /// The standard deviation (ddof 1) of the replicate values.
    public var standardError: Double
    /// The nominal coverage, e.g. 0.95.
    public var confidence: Double
    /// The number of replicates that were scored.
    public var replicates: Int

    enum CodingKeys: String, CodingKey {
        case estimate, lower, upper, confidence, replicates
        case standardError = "standard_error"
    }
}
