import DisentangleTensor

/// Runs a list of code metrics on one set of codes and factors, disentanglement_lib style: the first
/// `ceil(N * trainFraction)` rows train and the rest test for the metrics with a split (DCI, SAP, modularity,
/// explicitness, ...); the others use all rows.
public enum MetricSuite {
    /// Computes `metrics` and, if `options.bootstrap` is set, bootstrap intervals of their headline values.
    ///
    /// - Throws: ``MetricError`` from any metric (mismatched rows, constant factors, invalid options, ...).
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix,
                                metrics: [any CodeMetric.Type] = MetricRegistry.codeMetrics, trainFraction: Double = 0.8,
                                options: MetricSuiteOptions = MetricSuiteOptions()) throws -> MetricReport {
        try checkPaired(codes, factors)
        _ = try TrainTestSplit(rowCount: codes.rowCount, trainFraction: trainFraction)
        var report = try compute(codes, factors, metrics, trainFraction, options)
        if let bootstrapOptions = options.bootstrap {
            report.bootstrap = try Bootstrap.intervals(codes: codes, factors: factors, trainFraction: trainFraction,
                                                       options: bootstrapOptions) { c, f in
                try compute(c, f, metrics, trainFraction, options).scalars
            }
        }
        return report
    }

    /// Computes the metrics named in `metricNames` (e.g. `["mig", "dci"]`, or `["all"]`).
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, metricNames: [String],
                                trainFraction: Double = 0.8,
                                options: MetricSuiteOptions = MetricSuiteOptions()) throws -> MetricReport {
        try evaluate(codes: codes, factors: factors, metrics: MetricRegistry.codeMetrics(named: metricNames),
                     trainFraction: trainFraction, options: options)
    }

    /// Computes `metrics` on codes and factors given as rank-2 tensors ([N, D] and [N, K] with whole numbers).
    public static func evaluate(codes: Tensor, factors: Tensor, metrics: [any CodeMetric.Type] = MetricRegistry.codeMetrics,
                                trainFraction: Double = 0.8,
                                options: MetricSuiteOptions = MetricSuiteOptions()) throws -> MetricReport {
        try evaluate(codes: CodeMatrix(codes), factors: FactorMatrix(factors), metrics: metrics,
                     trainFraction: trainFraction, options: options)
    }

    private static func compute(_ codes: CodeMatrix, _ factors: FactorMatrix, _ metrics: [any CodeMetric.Type],
                                _ trainFraction: Double, _ options: MetricSuiteOptions) throws -> MetricReport {
        var report = MetricReport()
        for metric in metrics { try compute(metric, codes, factors, trainFraction, options, into: &report) }
        return report
    }

    private static func compute<M: CodeMetric>(_ metric: M.Type, _ codes: CodeMatrix, _ factors: FactorMatrix,
                                               _ trainFraction: Double, _ options: MetricSuiteOptions,
                                               into report: inout MetricReport) throws {
        let result = try M.evaluate(codes: codes, factors: factors, trainFraction: trainFraction,
                                    options: options.options(for: M.self))
        try report.record(result, of: M.self)
    }
}
