import Foundation

/// The curves of a run's `log.jsonl`: every number the trainer logged, per step, whatever the objective.
///
/// Top-level numbers (`loss`, `reconstruction`, `kl`, `images_per_second`, ...) become one curve each; arrays of
/// numbers (`kl_per_dimension`) one curve per element; objects of numbers (`diagnostics`: total correlation,
/// discriminator accuracy, capacity, ...) one curve per key. Keys the trainer adds later appear without changes
/// here. `step` is the x axis and `elapsed_seconds` is left out.
public struct TrainingLog: Sendable {
    /// One logged quantity.
    public struct Curve: Sendable, Equatable {
        /// The key: `kl`, `diagnostics.total_correlation`, or `kl_per_dimension` for a group.
        public var key: String
        /// Per series (one, or one per element of an array such as `kl_per_dimension`): a name (empty for a single
        /// series, `[i]` for element `i`) and the values, aligned with ``steps`` (NaN where a step did not log it).
        public var series: [(name: String, values: [Double])]

        public static func == (a: Curve, b: Curve) -> Bool {
            a.key == b.key && a.series.count == b.series.count
                && zip(a.series, b.series).allSatisfy { $0.name == $1.name && $0.values.elementsEqual($1.values) { $0 == $1 || ($0.isNaN && $1.isNaN) } }
        }
    }

    /// The logged steps, in file order.
    public let steps: [Double]
    /// The curves, in the order their keys first appear (diagnostics sorted by name).
    public let curves: [Curve]

    /// Reads `url`. A truncated last line (a run killed while writing) is skipped; any other line that is not a
    /// JSON object with a numeric `step` throws ``RunError`` naming the file and line.
    public init(contentsOf url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RunError("\(url.path) cannot be read: has the run trained yet?")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        var steps: [Double] = []
        var order: [String] = []
        var columns: [String: [Double]] = [:]
        var groups: [String: [String]] = [:]
        for (number, line) in lines.enumerated() {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let object, let step = (object["step"] as? NSNumber)?.doubleValue else {
                if number == lines.count - 1 && !text.hasSuffix("\n") { break }
                throw RunError("\(url.path) line \(number + 1) is not a JSON object with a numeric \"step\"")
            }
            let row = steps.count
            steps.append(step)
            func record(_ key: String, _ value: Double, group: String) {
                if columns[key] == nil {
                    columns[key] = Array(repeating: .nan, count: row)
                    if groups[group] == nil { order.append(group) }
                    groups[group, default: []].append(key)
                }
                columns[key]!.append(value)
            }
            for key in object.keys.sorted() where key != "step" && key != "elapsed_seconds" {
                switch object[key] {
                case let number as NSNumber:
                    record(key, number.doubleValue, group: key)
                case let array as [Any]:
                    for (index, element) in array.enumerated() {
                        if let number = element as? NSNumber { record("\(key)[\(index)]", number.doubleValue, group: key) }
                    }
                case let dictionary as [String: Any]:
                    for (name, element) in dictionary.sorted(by: { $0.key < $1.key }) {
                        if let number = element as? NSNumber { record("\(key).\(name)", number.doubleValue, group: "\(key).\(name)") }
                    }
                default:
                    continue
                }
            }
            for key in columns.keys where columns[key]!.count == row { columns[key]!.append(.nan) }
        }
        self.steps = steps
        curves = Self.preferredOrder(order).map { group in
            let keys = groups[group]!
            return Curve(key: group, series: keys.map { key in
                (name: keys.count == 1 ? "" : String(key.dropFirst(group.count)), values: columns[key]!)
            })
        }
    }

    /// The total loss, reconstruction and KL first, then the rest in order of appearance.
    private static func preferredOrder(_ keys: [String]) -> [String] {
        let first = ["loss", "reconstruction", "kl", "kl_per_dimension"].filter(keys.contains)
        return first + keys.filter { !first.contains($0) }
    }

    /// Means over about `windows` equal windows of consecutive steps, for plotting long runs: the window's mean
    /// step and, per series, the mean of its finite values (NaN if none).
    public func smoothed(_ curve: Curve, windows: Int = 200) -> (steps: [Double], series: [(name: String, values: [Double])]) {
        let size = max(1, (steps.count + windows - 1) / max(windows, 1))
        let starts = Array(stride(from: 0, to: steps.count, by: size))
        func mean(_ values: ArraySlice<Double>) -> Double {
            let finite = values.filter(\.isFinite)
            return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        }
        return (starts.map { mean(steps[$0..<min($0 + size, steps.count)]) },
                curve.series.map { series in
                    (series.name, starts.map { mean(series.values[$0..<min($0 + size, steps.count)]) })
                })
    }
}
