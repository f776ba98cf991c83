import DisentangleTensor

/// A metric computed by intervening on the factors: it draws factor vectors, has them rendered and encoded by a
/// representation function, and scores the codes, such as ``BetaVAEScore`` or ``FactorVAEScore``.
public protocol InterventionMetric: MetricDefinition {
    /// Computes the metric for factors of the given sizes.
    ///
    /// - Parameters:
    ///   - factorSizes: the number of values of each factor (factor k takes values `0..<factorSizes[k]`).
    ///   - options: the metric's options.
    ///   - generator: the source of every random draw.
    ///   - representation: maps a batch of factor vectors to codes, one row per vector.
    static func evaluate(factorSizes: [Int], options: Options, generator: inout RandomGenerator,
                         representation: ([[Int]]) throws -> CodeMatrix) throws -> Result
}
