import Foundation

/// The results of a suite of metrics: each metric's full result under its name, its headline values, and
/// bootstrap intervals when requested.
///
/// In JSON every metric's result is a top-level member named after the metric (`"mig"`, `"dci"`, ...), beside
/// `"bootstrap"`; metrics that were not computed are absent. Decoding checks each result against its metric.
public struct MetricReport: Sendable, Equatable, Codable {
    /// Each computed metric's result, as JSON, by metric name.
    public private(set) var results: [String: JSONValue]
    /// The headline values of every computed metric, keyed `metric.value` (e.g. `mig.score`, `dci.disentanglement`).
    public private(set) var scalars: [String: Double]
    /// Bootstrap intervals keyed like ``scalars``, when requested.
    public var bootstrap: [String: BootstrapInterval]?

    /// An empty report.
    public init() {
        results = [:]
        scalars = [:]
    }

    /// The names of the metrics the report holds, sorted.
    public var metricNames: [String] { results.keys.sorted() }

    /// Adds (or replaces) `metric`'s result.
    ///
    /// - Throws: `EncodingError` if the result holds values JSON cannot represent (NaN, infinities).
    public mutating func record<M: MetricDefinition>(_ result: M.Result, of metric: M.Type) throws {
        results[M.name] = try JSONValue(encoding: result)
        for (key, value) in M.scalars(of: result) { scalars["\(M.name).\(key)"] = value }
    }

    /// `metric`'s result, or `nil` if it was not computed.
    public func result<M: MetricDefinition>(_ metric: M.Type) throws -> M.Result? {
        try results[M.name].map { try $0.decoded(as: M.Result.self) }
    }

    /// The report as one JSON object with sorted keys.
    public func jsonString(prettyPrinted: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes every result under its metric's name, and `bootstrap`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, result) in results { try container.encode(result, forKey: Key(name)) }
        try container.encodeIfPresent(bootstrap, forKey: Key("bootstrap"))
    }

    /// Decodes a report, checking every member against the registered metric of that name.
    public init(from decoder: Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "bootstrap" {
                bootstrap = try container.decode([String: BootstrapInterval].self, forKey: key)
                continue
            }
            guard let metric = MetricRegistry.metric(named: key.stringValue) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                       debugDescription: "'\(key.stringValue)' is not a known metric")
            }
            try record(json: container.decode(JSONValue.self, forKey: key), of: metric)
        }
    }

    private mutating func record<M: MetricDefinition>(json: JSONValue, of metric: M.Type) throws {
        try record(json.decoded(as: M.Result.self), of: metric)
    }
}
