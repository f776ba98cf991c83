/// A metric computed from latent codes and ground-truth factors, such as ``MIG`` or ``DCI``.
public protocol CodeMetric: MetricDefinition {
    /// Computes the metric; metrics with a train/test split train on the first `ceil(N * trainFraction)` rows
    /// (disentanglement_lib's rule), the others ignore `trainFraction`.
    static func evaluate(codes: CodeMatrix, factors: FactorMatrix, trainFraction: Double, options: Options) throws -> Result
}
