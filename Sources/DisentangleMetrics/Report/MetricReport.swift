import DisentangleTensor
import Foundation

/// The metrics ``MetricSuite`` can compute from codes and factors alone.
public enum MetricName: String, CaseIterable, Sendable, Codable {
    /// ``MIG``.
    case mig
    /// ``DCI``.
    case dci
    /// ``SAP``.
    case sap
    /// ``Modularity``.
    case modularity
    /// ``Explicitness``.
    case explicitness
    /// ``IRS``.
    case irs
    /// ``UnsupervisedScores``.
    case unsupervised

    /// Parses names such as `["mig", "dci"]`, case-insensitively.
    ///
    /// - Throws: ``MetricError/unknownMetric(_:)`` for a name that is not a metric.
    public static func parse(_ names: [String]) throws -> [MetricName] {
        try names.map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let metric = MetricName(rawValue: trimmed) else { throw MetricError.unknownMetric(name) }
            return metric
        }
    }
}

/// The results of a ``MetricSuite`` run; metrics that were not requested are absent from the JSON.
public struct MetricReport: Sendable, Equatable, Codable {
    /// MIG, computed on all rows.
    public var mig: MIG.Result?
    /// DCI.
    public var dci: DCI.Result?
    /// SAP.
    public var sap: SAP.Result?
    /// Modularity, on the training rows.
    public var modularity: Modularity.Result?
    /// Explicitness.
    public var explicitness: Explicitness.Result?
    /// IRS, on all rows.
    public var irs: IRS.Result?
    /// The unsupervised scores, on all rows.
    public var unsupervised: UnsupervisedScores.Result?
    /// Bootstrap intervals keyed `metric.value` (e.g. `mig.score`, `dci.disentanglement`), when requested.
    public var bootstrap: [String: BootstrapInterval]?

    /// The headline scalar values, keyed `metric.value`.
    public var scalars: [String: Double] {
        var values = [String: Double]()
        if let mig { values["mig.score"] = mig.score }
        if let dci {
            values["dci.disentanglement"] = dci.disentanglement
            values["dci.completeness"] = dci.completeness
            values["dci.informativeness_train"] = dci.informativenessTrain
            values["dci.informativeness_test"] = dci.informativenessTest
        }
        if let sap { values["sap.score"] = sap.score }
        if let modularity { values["modularity.score"] = modularity.score }
        if let explicitness {
            values["explicitness.train"] = explicitness.train
            values["explicitness.test"] = explicitness.test
        }
        if let irs { values["irs.score"] = irs.score }
        if let unsupervised {
            values["unsupervised.gaussian_total_correlation"] = unsupervised.gaussianTotalCorrelation
            values["unsupervised.gaussian_wasserstein_correlation"] = unsupervised.gaussianWassersteinCorrelation
            values["unsupervised.gaussian_wasserstein_correlation_norm"] = unsupervised.gaussianWassersteinCorrelationNorm
            values["unsupervised.mutual_info_score"] = unsupervised.mutualInfoScore
        }
        return values
    }

    /// The report as one JSON object with sorted keys.
    public func jsonString(prettyPrinted: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Options of every metric a ``MetricSuite`` runs, all defaulting to disentanglement_lib.
public struct MetricSuiteOptions: Sendable, Equatable, Codable {
    /// MIG options.
    public var mig: MIG.Options
    /// DCI options.
    public var dci: DCI.Options
    /// SAP options.
    public var sap: SAP.Options
    /// Modularity options.
    public var modularity: Modularity.Options
    /// Explicitness options.
    public var explicitness: Explicitness.Options
    /// IRS options.
    public var irs: IRS.Options
    /// Unsupervised-score options.
    public var unsupervised: UnsupervisedScores.Options
    /// Bootstrap options; `nil` computes no intervals.
    public var bootstrap: Bootstrap.Options?

    /// Creates options.
    public init(mig: MIG.Options = MIG.Options(), dci: DCI.Options = DCI.Options(), sap: SAP.Options = SAP.Options(),
                modularity: Modularity.Options = Modularity.Options(),
                explicitness: Explicitness.Options = Explicitness.Options(), irs: IRS.Options = IRS.Options(),
                unsupervised: UnsupervisedScores.Options = UnsupervisedScores.Options(), bootstrap: Bootstrap.Options? = nil) {
        self.mig = mig
        self.dci = dci
        self.sap = sap
        self.modularity = modularity
        self.explicitness = explicitness
        self.irs = irs
        self.unsupervised = unsupervised
        self.bootstrap = bootstrap
    }
}

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
