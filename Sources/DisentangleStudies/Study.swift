import DisentangleRuns
import Foundation

/// A sweep of training runs: base settings, axes to vary and the evaluation every run gets.
///
/// The runs are the product of the axes, the first axis varying slowest; an axis sets one setting or several zipped
/// together. Each run's settings are the base's with the axes' values on top, resolved through `RunSettings`
/// (the flags of `disentangle train`). Expansion is deterministic, and a run's ``StudyRun/id`` depends only on its
/// resolved settings, so adding a value to an axis adds runs without renaming the others.
///
/// ```swift
/// let study = try Study(yaml: """
///     base: {dataset: circles-32, steps: 2000}
///     axes:
///       decoder: [sbd, deconv]
///       beta: {logspace: [0.4, 5.4, 6]}
///       seeds: 3
///     """)
/// let runs = try study.runs()   // 36 runs
/// ```
public struct Study: Sendable {
    /// The study's name (the file's `name`, else its base name).
    public var name: String
    /// Settings every run shares, keyed by `disentangle train` flag names without the dashes.
    public var base: [String: StudyValue]
    /// The axes, outermost first.
    public var axes: [StudyAxis]
    /// What is computed for each trained run.
    public var evaluation: StudyEvaluation
    /// Where each base setting was written (line numbers), to name them in errors.
    public var baseLines: [String: Int]
    /// The file the study was read from, to name it in errors.
    public var source: String

    /// Creates a study from its parts.
    public init(
        name: String, base: [String: StudyValue] = [:], axes: [StudyAxis] = [], evaluation: StudyEvaluation = StudyEvaluation(),
        baseLines: [String: Int] = [:], source: String = "study"
    ) {
        self.name = name
        self.base = base
        self.axes = axes
        self.evaluation = evaluation
        self.baseLines = baseLines
        self.source = source
    }

    /// The settings the axes vary, in axis order.
    public var axisKeys: [String] { axes.flatMap(\.keys) }

    /// The most runs a study may have: 100,000 (far more than any machine trains, few enough to list).
    public static let maximumRunCount = 100_000

    /// The number of runs: the product of the axes' lengths, or `nil` if it exceeds ``maximumRunCount``.
    public var runCount: Int? {
        var count = 1
        for axis in axes {
            let (product, overflow) = count.multipliedReportingOverflow(by: axis.points.count)
            guard !overflow, product <= Study.maximumRunCount else { return nil }
            count = product
        }
        return count
    }

    /// Every run of the study, in index order.
    ///
    /// - Throws: ``StudyError`` naming the file, key and line of a setting that `RunSettings` rejects, or the
    ///   axes whose values make two runs identical; or if the axes make more than ``maximumRunCount`` runs (before
    ///   anything is expanded).
    public func runs() throws -> [StudyRun] {
        guard runCount != nil else {
            let lengths = axes.map { "\($0.points.count)" }.joined(separator: " x ")
            throw StudyError("\(source): the axes make \(lengths) runs, more than a study's \(Study.maximumRunCount)")
        }
        var combinations: [[String: StudyValue]] = [[:]]
        for axis in axes {
            combinations = combinations.flatMap { combination in
                axis.points.map { point in
                    var next = combination
                    for (key, value) in zip(axis.keys, point) { next[key] = value }
                    return next
                }
            }
        }
        var runs: [StudyRun] = []
        var seen: [String: Int] = [:]
        for (index, varied) in combinations.enumerated() {
            let settings = base.merging(varied) { _, axisValue in axisValue }
            let resolved = try resolve(settings)
            let run = try StudyRun(index: index, settings: settings, axisValues: varied, resolved: resolved)
            if let earlier = seen[run.id] {
                throw StudyError(
                    "\(source): runs \(earlier) and \(index) resolve to the same settings (\(run.label(keys: axisKeys))); "
                        + "an axis repeats a value or sets a setting to its default twice")
            }
            seen[run.id] = index
            runs.append(run)
        }
        return runs
    }

    /// The `RunSettings` of a map of settings, with errors naming the key and where it was written.
    private func resolve(_ settings: [String: StudyValue]) throws -> RunSettings {
        let data = try JSONEncoder().encode(settings)
        do {
            return try JSONDecoder().decode(RunSettings.self, from: data)
        } catch let error as DecodingError {
            throw StudyError(describe(error))
        }
    }

    /// Where a setting was written: its line in the base or in the axis that sets it.
    func location(of key: String) -> String {
        if let axis = axes.first(where: { $0.keys.contains(key) }), let line = axis.line {
            return "\(source):\(line): axes.\(key)"
        }
        if let line = baseLines[key] { return "\(source):\(line): base.\(key)" }
        return "\(source): \(key)"
    }

    private func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "\(location(of: context.codingPath.last?.stringValue ?? "?")): expected a value of type \(type)"
        case .valueNotFound(let type, let context):
            return "\(location(of: context.codingPath.last?.stringValue ?? "?")): expected a value of type \(type)"
        case .dataCorrupted(let context):
            let key = context.codingPath.last?.stringValue ?? "?"
            return "\(location(of: key)): \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "\(source): missing setting \(key.stringValue)"
        @unknown default:
            return "\(source): \(error)"
        }
    }
}
