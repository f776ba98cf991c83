import Foundation

/// Every metric the library computes, by name: the one place a new metric is registered.
public enum MetricRegistry {
    /// The metrics computed from codes and factors, in report order.
    public static let codeMetrics: [any CodeMetric.Type] = [
        MIG.self, DCI.self, SAP.self, Modularity.self, Explicitness.self, IRS.self, UnsupervisedScores.self,
        MIGSup.self, JEMMIG.self, DCIMIG.self, InfoMEC.self, DCIES.self,
    ]

    /// The metrics computed by intervening on the factors through a representation function, in report order.
    public static let interventionMetrics: [any InterventionMetric.Type] = [BetaVAEScore.self, FactorVAEScore.self, ZMaxVariance.self]

    /// Every metric, code metrics first.
    public static var all: [any MetricDefinition.Type] {
        codeMetrics.map { $0 as any MetricDefinition.Type } + interventionMetrics.map { $0 as any MetricDefinition.Type }
    }

    /// Every metric's name, in report order.
    public static var names: [String] { all.map { $0.name } }

    /// The metric with the given name, if there is one.
    public static func metric(named name: String) -> (any MetricDefinition.Type)? {
        all.first { $0.name == name }
    }

    /// The names in `names` (case-insensitive, `all` standing for every metric in `universe`), checked against
    /// `universe` and without repeats, in the order given.
    ///
    /// - Throws: ``MetricError/unknownMetric(_:known:)`` for a name that is not in `universe`.
    public static func resolve(_ names: [String], among universe: [any MetricDefinition.Type] = all) throws -> [String] {
        let known = universe.map { $0.name }
        var result = [String]()
        for name in names {
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            let expanded = trimmed == "all" ? known : [trimmed]
            for candidate in expanded {
                guard known.contains(candidate) else { throw MetricError.unknownMetric(name, known: known) }
                if !result.contains(candidate) { result.append(candidate) }
            }
        }
        return result
    }

    /// The code metrics named in `names` (see ``resolve(_:among:)``), in the order given.
    public static func codeMetrics(named names: [String]) throws -> [any CodeMetric.Type] {
        let resolved = try resolve(names, among: codeMetrics.map { $0 as any MetricDefinition.Type })
        return resolved.map { name in codeMetrics.first { $0.name == name }! }
    }
}
