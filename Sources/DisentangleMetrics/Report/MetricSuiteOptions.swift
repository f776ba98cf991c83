/// The options of every metric a suite runs, by metric name, and the bootstrap settings.
///
/// A metric without stored options uses its ``MetricDefinition/defaultOptions`` (disentanglement_lib's where it
/// has the metric). Options are set typed (``setOptions(_:for:)``) or from text (``set(_:)``, the command line's
/// `--set mig.discretizer.binCount=30`), and checked against the metric's options type when set.
public struct MetricSuiteOptions: Sendable, Equatable, Codable {
    /// The options set so far, as JSON, by metric name.
    public private(set) var metricOptions: [String: JSONValue]
    /// Bootstrap options; `nil` computes no intervals.
    public var bootstrap: Bootstrap.Options?

    /// Default options for every metric.
    public init(bootstrap: Bootstrap.Options? = nil) {
        self.metricOptions = [:]
        self.bootstrap = bootstrap
    }

    /// The options `metric` runs with.
    ///
    /// - Throws: ``MetricError/invalidOption(_:)`` if stored options (e.g. decoded from a file) do not fit the
    ///   metric's options type.
    public func options<M: MetricDefinition>(for metric: M.Type) throws -> M.Options {
        guard let stored = metricOptions[M.name] else { return M.defaultOptions }
        do {
            return try stored.decoded(as: M.Options.self)
        } catch {
            throw MetricError.invalidOption("\(M.name) options \(stored.jsonText) do not fit the metric: \(error)")
        }
    }

    /// Sets the options `metric` runs with.
    public mutating func setOptions<M: MetricDefinition>(_ options: M.Options, for metric: M.Type) throws {
        metricOptions[M.name] = try JSONValue(encoding: options)
    }

    /// The options of the metric called `name` as JSON: the stored ones or the defaults.
    ///
    /// - Throws: ``MetricError/unknownMetric(_:known:)`` if no metric has that name.
    public func optionsJSON(forMetricNamed name: String) throws -> JSONValue {
        guard let metric = MetricRegistry.metric(named: name) else {
            throw MetricError.unknownMetric(name, known: MetricRegistry.names)
        }
        return try metricOptions[name] ?? Self.defaultJSON(metric)
    }

    /// Applies one `metric.path.to.option=value` assignment, e.g. `mig.discretizer.binCount=30` or
    /// `dci.estimator={"randomForest":{}}`; the value is read as JSON if it parses, else as a string.
    ///
    /// - Throws: ``MetricError`` for an unknown metric or option, or a value the option's type cannot hold.
    public mutating func set(_ assignment: String) throws {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw MetricError.invalidOption("'\(assignment)' is not metric.option=value")
        }
        let path = assignment[..<equals].split(separator: ".").map(String.init)
        guard path.count >= 2, let metric = MetricRegistry.metric(named: path[0]) else {
            throw MetricError.invalidOption("'\(assignment)': the path must start with a metric name (\(MetricRegistry.names.joined(separator: ", "))) and name an option")
        }
        let value = JSONValue(parsing: String(assignment[assignment.index(after: equals)...]))
        let updated = try optionsJSON(forMetricNamed: path[0]).replacing(path.dropFirst(), with: value, describing: assignment)
        try Self.check(updated, fits: metric, assignment: assignment)
        metricOptions[path[0]] = updated
    }

    /// Sets `optionPath=value` (e.g. `discretizer.binCount`, `30`) for every metric in `names` whose options have
    /// that path, and returns those metrics' names.
    ///
    /// - Throws: ``MetricError`` for an unknown metric or a value an option's type cannot hold.
    @discardableResult
    public mutating func set(_ optionPath: String, to value: String, whereverPresentIn names: [String]) throws -> [String] {
        let path = optionPath.split(separator: ".").map(String.init)
        var applied = [String]()
        for name in names {
            let current = try optionsJSON(forMetricNamed: name)
            guard (try? current.replacing(path[...], with: .null, describing: optionPath)) != nil else { continue }
            try set("\(name).\(optionPath)=\(value)")
            applied.append(name)
        }
        return applied
    }

    private static func defaultJSON<M: MetricDefinition>(_ metric: M.Type) throws -> JSONValue {
        try JSONValue(encoding: M.defaultOptions)
    }

    private static func check<M: MetricDefinition>(_ json: JSONValue, fits metric: M.Type, assignment: String) throws {
        do {
            _ = try json.decoded(as: M.Options.self)
        } catch {
            throw MetricError.invalidOption("'\(assignment)' does not give \(M.name) valid options: \(error)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case metricOptions = "metrics"
        case bootstrap
    }
}
