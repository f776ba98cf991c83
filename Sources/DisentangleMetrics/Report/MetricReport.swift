import Foundation

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

    /// An empty report.
    public init() {}

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
