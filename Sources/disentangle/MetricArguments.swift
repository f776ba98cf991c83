import ArgumentParser
import Disentangle

/// The metric options `disentangle metrics` and `disentangle evaluate` share: which metrics, and any of their
/// options.
struct MetricArguments: ParsableArguments {
    @Option(help: "Comma-separated metrics, or all (see --list-metrics).")
    var metrics: String = "all"

    @Option(help: "Histogram bins of every requested metric that discretises codes (disentanglement_lib: 20).")
    var bins: Int?

    @Option(help: "DCI's importance estimator: gradient-boosting (disentanglement_lib's), random-forest, lasso, logistic.")
    var dciEstimator: String?

    @Option(help: ArgumentHelp(
        "Set any metric option: metric.path.to.option=value (JSON or a plain string), e.g. mig.normalization=code_entropy; repeatable.",
        valueName: "assignment"))
    var set: [String] = []

    @Option(help: "Bootstrap replicates for intervals of the metrics on codes (0: none).")
    var bootstrap: Int = 0

    @Flag(help: "List every metric with its summary and default options, then exit.")
    var listMetrics = false

    /// The requested metric names.
    var names: [String] { metrics.split(separator: ",").map(String.init) }

    /// Suite options with --bins, --dci-estimator, --set and --bootstrap applied for the metrics in `names`.
    func suiteOptions(seed: UInt64) throws -> MetricSuiteOptions {
        var options = MetricSuiteOptions()
        let requested = try MetricRegistry.resolve(names)
        if let bins {
            guard bins >= 1 else { throw ValidationError("--bins must be at least 1, got \(bins)") }
            try options.set("discretizer.binCount", to: "\(bins)", whereverPresentIn: requested)
        }
        if let dciEstimator {
            var dci = try options.options(for: DCI.self)
            switch dciEstimator {
            case "gradient-boosting": dci.estimator = .gradientBoosting(GradientBoostingClassifier.Options())
            case "random-forest": dci.estimator = .randomForest(RandomForestClassifier.Options())
            case "lasso": dci.estimator = .lasso(Lasso.Options(alpha: 0.01))
            case "logistic": dci.estimator = .logisticRegression(LogisticRegression.Options())
            default:
                throw ValidationError("unknown --dci-estimator \(dciEstimator); expected gradient-boosting, random-forest, lasso or logistic")
            }
            try options.setOptions(dci, for: DCI.self)
        }
        for assignment in set { try options.set(assignment) }
        if bootstrap < 0 { throw ValidationError("--bootstrap must not be negative") }
        if bootstrap > 0 { options.bootstrap = Bootstrap.Options(replicates: bootstrap, seed: seed) }
        return options
    }

    /// One line per metric: name, kind, summary and default options as JSON.
    static func listing() throws -> String {
        let defaults = MetricSuiteOptions()
        var lines = [String]()
        for metric in MetricRegistry.all {
            let kind = MetricRegistry.codeMetrics.contains { $0.name == metric.name } ? "codes" : "interventions (evaluate only)"
            lines.append("\(metric.name) [\(kind)]: \(metric.summary)")
            lines.append("    defaults: \(try defaults.optionsJSON(forMetricNamed: metric.name).jsonText)")
        }
        return lines.joined(separator: "\n")
    }
}
