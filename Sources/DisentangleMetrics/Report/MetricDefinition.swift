/// What every metric declares: its name, its options with their defaults, its result and the headline values of a
/// result.
///
/// A metric is one type conforming to ``CodeMetric`` (computed from codes and factors) or ``InterventionMetric``
/// (computed by sampling factors and encoding their observations), plus one line in ``MetricRegistry``. The suite,
/// the command line (`--metrics`, `--set name.option=value`), bootstrap intervals and the JSON output find it there.
public protocol MetricDefinition: SendableMetatype {
    /// The metric's options; every field has a default (``defaultOptions``).
    associatedtype Options: Sendable, Equatable, Codable
    /// What one evaluation returns.
    associatedtype Result: Sendable, Equatable, Codable

    /// The name on the command line and in JSON, lower case with underscores (`"mig"`, `"beta_vae"`).
    static var name: String { get }
    /// One line: what the metric measures and the reference it follows.
    static var summary: String { get }
    /// The options used when none are given (disentanglement_lib's where it has the metric).
    static var defaultOptions: Options { get }
    /// The headline values of a result, keyed without the metric's name (`"score"`, `"disentanglement"`).
    static func scalars(of result: Result) -> [String: Double]
}
