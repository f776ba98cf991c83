import Foundation

/// Tick values for a logarithmic axis: powers of ten when the interval spans at least one decade, otherwise
/// 1-2-5 multiples of powers of ten, otherwise linear ticks; plus unlabelled minor ticks between decades.
///
/// ```swift
/// let ticks = try LogTicks(lower: 3, upper: 4_000)
/// ticks.values  // [10, 100, 1000]
/// ```
public struct LogTicks: Equatable, Sendable {
    /// The labelled tick positions, ascending, all inside the requested interval.
    public let values: [Double]
    /// One label per labelled tick.
    public let labels: [String]
    /// Unlabelled positions for light grid lines (2...9 times each power of ten), inside the interval.
    public let minorValues: [Double]

    /// Chooses ticks inside `lower...upper`. Throws ``PlotError`` unless both bounds are finite and positive
    /// and `lower <= upper`.
    public init(lower: Double, upper: Double) throws {
        guard lower.isFinite, upper.isFinite, lower > 0, upper > 0 else {
            throw PlotError("LogTicks: bounds must be finite and positive, got \(lower)...\(upper)")
        }
        guard lower <= upper else { throw PlotError("LogTicks: lower bound \(lower) exceeds upper bound \(upper)") }
        let tolerance = 1e-9
        let firstDecade = Int(floor(log10(lower) - tolerance))
        let lastDecade = Int(ceil(log10(upper) + tolerance))
        func inside(_ value: Double) -> Bool {
            value >= lower * (1 - tolerance) && value <= upper * (1 + tolerance)
        }
        let decades = Array(firstDecade...lastDecade)
        let powers = decades.map { pow(10, Double($0)) }.filter(inside)
        var minor = [Double]()
        for decade in decades {
            for multiple in 2...9 {
                let value = Double(multiple) * pow(10, Double(decade))
                if inside(value) { minor.append(value) }
            }
        }
        var chosen: [Double]
        var linearLabels: [String]?
        if powers.count >= 2 {
            let stride = (powers.count + 6) / 7
            let lastIndex = powers.count - 1
            chosen = powers.enumerated().filter { $0.offset % stride == lastIndex % stride }.map(\.element)
            if stride > 1 { minor = [] }
        } else {
            chosen = decades.flatMap { decade in
                [1.0, 2, 5].map { $0 * pow(10, Double(decade)) }
            }.filter(inside)
            if chosen.count < 2 {
                let linear = try LinearTicks(lower: lower, upper: upper, targetCount: 4)
                let kept = linear.values.indices.filter { inside(linear.values[$0]) }
                chosen = kept.map { linear.values[$0] }
                linearLabels = kept.map { linear.labels[$0] }
            }
            minor.removeAll { value in chosen.contains(value) }
        }
        values = chosen
        minorValues = minor
        labels = linearLabels ?? chosen.map { value in
            let magnitude = abs(value)
            return magnitude >= 1e5 || magnitude < 1e-3 ? NumberFormatting.scientific(value, significantDigits: 2)
                : NumberFormatting.compact(value)
        }
    }
}
