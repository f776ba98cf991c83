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
