import DisentangleTensor

/// Runs a list of metrics on one set of codes and factors, disentanglement_lib style: the first
/// `ceil(N * trainFraction)` rows train and the rest test for the metrics with a split (DCI, SAP, modularity,
/// explicitness); MIG, IRS and the unsupervised scores use all rows.
public enum MetricSuite {
    /// Computes `metrics` and, if `options.bootstrap` is set, bootstrap intervals of their headline values.
    ///
    /// - Throws: ``MetricError`` from any metric (mismatched rows, constant factors, invalid options, ...).
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix,
                                metrics: [MetricName] = MetricName.allCases, trainFraction: Double = 0.8,
                                options: MetricSuiteOptions = MetricSuiteOptions()) throws -> MetricReport {
        try checkPaired(codes, factors)
        _ = try TrainTestSplit(rowCount: codes.rowCount, trainFraction: trainFraction)
        var report = try compute(codes, factors, Set(metrics), trainFraction, options)
        if let bootstrapOptions = options.bootstrap {
            report.bootstrap = try Bootstrap.intervals(codes: codes, factors: factors, trainFraction: trainFraction,
                                                       options: bootstrapOptions) { c, f in
                try compute(c, f, Set(metrics), trainFraction, options).scalars
            }
        }
        return report
    }

    /// Computes the metrics named in `metricNames` (e.g. `["mig", "dci"]`).
    public static func evaluate(codes: CodeMatrix, factors: FactorMatrix, metricNames: [String],
                                trainFraction: Double = 0.8,
                                options: MetricSuiteOptions = MetricSuiteOptions()) throws -> MetricReport {
        try evaluate(codes: codes, factors: factors, metrics: MetricName.parse(metricNames),
                     trainFraction: trainFraction, options: options)
    }

    /// Computes `metrics` on codes and factors given as rank-2 tensors ([N, D] and [N, K] with whole numbers).
    public static func evaluate(codes: Tensor, factors: Tensor, metrics: [MetricName] = MetricName.allCases,
                                trainFraction: Double = 0.8,
                                options: MetricSuiteOptions = MetricSuiteOptions()) throws -> MetricReport {
        try evaluate(codes: CodeMatrix(codes), factors: FactorMatrix(factors), metrics: metrics,
                     trainFraction: trainFraction, options: options)
    }

    private static func compute(_ codes: CodeMatrix, _ factors: FactorMatrix, _ metrics: Set<MetricName>,
                                _ trainFraction: Double, _ options: MetricSuiteOptions) throws -> MetricReport {
        var report = MetricReport()
        if metrics.contains(.mig) { report.mig = try MIG.evaluate(codes: codes, factors: factors, options: options.mig) }
        if metrics.contains(.dci) {
            report.dci = try DCI.evaluate(codes: codes, factors: factors, trainFraction: trainFraction, options: options.dci)
        }
        if metrics.contains(.sap) {
            report.sap = try SAP.evaluate(codes: codes, factors: factors, trainFraction: trainFraction, options: options.sap)
        }
        if metrics.contains(.modularity) {
            report.modularity = try Modularity.evaluate(codes: codes, factors: factors, trainFraction: trainFraction,
                                                        options: options.modularity)
        }
        if metrics.contains(.explicitness) {
            report.explicitness = try Explicitness.evaluate(codes: codes, factors: factors, trainFraction: trainFraction,
                                                            options: options.explicitness)
        }
        if metrics.contains(.irs) { report.irs = try IRS.evaluate(codes: codes, factors: factors, options: options.irs) }
        if metrics.contains(.unsupervised) {
            report.unsupervised = try UnsupervisedScores.evaluate(codes: codes, options: options.unsupervised)
        }
        return report
    }
}
