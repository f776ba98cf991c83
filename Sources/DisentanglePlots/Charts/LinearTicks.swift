import Foundation

/// Evenly spaced "nice" tick values (multiples of 1, 2 or 5 times a power of ten) for a linear axis, with
/// labels that all use the same number of decimals.
///
/// ```swift
/// let ticks = try LinearTicks(lower: 0, upper: 0.93)
/// ticks.values  // [0, 0.2, 0.4, 0.6, 0.8]
/// ticks.labels  // ["0", "0.2", "0.4", "0.6", "0.8"]
/// ```
public struct LinearTicks: Equatable, Sendable {
    /// The tick positions, ascending, all inside the requested interval.
    public let values: [Double]
    /// The distance between consecutive ticks.
    public let step: Double
    /// One label per tick.
    public let labels: [String]
    /// The interval the ticks were chosen for: the requested one, or a wider one around it when it was
    /// degenerate (zero width, or too narrow for its magnitude to label).
    public let interval: ClosedRange<Double>

    /// Chooses about `targetCount` nice ticks inside `lower...upper`.
    ///
    /// A degenerate interval (`lower == upper`, or narrower than a billionth of its magnitude) is widened
    /// around its centre; ``interval`` reports the result. Throws ``PlotError`` if a bound is
    /// not finite, `lower > upper`, or `targetCount` is not in `1...50`.
    public init(lower: Double, upper: Double, targetCount: Int = 5) throws {
        let (low, high) = try LinearTicks.validatedInterval(lower, upper, targetCount)
        let step = LinearTicks.niceStep(span: high - low, targetCount: targetCount)
        let first = Int((low / step.value - 1e-9).rounded(.up))
        let last = Int((high / step.value + 1e-9).rounded(.down))
        let values = first <= last ? (first...last).map { step.multiple($0) } : []
        self.values = values
        self.step = step.value
        self.labels = LinearTicks.labels(for: values, step: step.value)
        self.interval = low...high
    }

    /// The smallest interval containing `lower...upper` whose ends are multiples of the nice step chosen for
    /// `targetCount` ticks, so an axis ends on labelled ticks (used for bar-chart value axes).
    ///
    /// Throws ``PlotError`` under the same conditions as ``init(lower:upper:targetCount:)``.
    public static func niceInterval(lower: Double, upper: Double, targetCount: Int = 5) throws -> ClosedRange<Double> {
        let (low, high) = try validatedInterval(lower, upper, targetCount)
        let step = niceStep(span: high - low, targetCount: targetCount)
        let start = step.multiple(Int((low / step.value + 1e-9).rounded(.down)))
        let end = step.multiple(Int((high / step.value - 1e-9).rounded(.up)))
        return start...end
    }

    /// Checks the arguments and widens a zero-width interval.
    private static func validatedInterval(_ lower: Double, _ upper: Double, _ targetCount: Int) throws -> (Double, Double) {
        guard lower.isFinite, upper.isFinite else {
            throw PlotError("LinearTicks: interval bounds must be finite, got \(lower)...\(upper)")
        }
        guard lower <= upper else { throw PlotError("LinearTicks: lower bound \(lower) exceeds upper bound \(upper)") }
        guard (1...50).contains(targetCount) else {
            throw PlotError("LinearTicks: targetCount must be in 1...50, got \(targetCount)")
        }
        guard (upper - lower).isFinite else {
            throw PlotError("LinearTicks: the interval \(lower)...\(upper) is too wide to represent")
        }
        var (low, high) = (lower, upper)
        if low == high {
            let half = low == 0 ? 1 : abs(low) * 0.1
            low -= half
            high += half
        }
        // Keep at most ~1e9 steps between zero and the bounds, so tick indices stay exact integers.
        let minimumSpan = max(abs(low), abs(high)) * 1e-9
        if high - low < minimumSpan {
            let centre = low / 2 + high / 2
            (low, high) = (centre - minimumSpan / 2, centre + minimumSpan / 2)
        }
        guard low.isFinite, high.isFinite else {
            throw PlotError("LinearTicks: the interval around \(lower) is too close to the largest Double to widen")
        }
        guard high - low >= 1e-280 else {
            throw PlotError("LinearTicks: the interval \(lower)...\(upper) is too narrow to label")
        }
        return (low, high)
    }

    /// A step `multiplier * 10^exponent`, kept in parts so that its multiples are computed without
    /// accumulating rounding error (`3 * 0.2` gives `0.6`, not `0.6000000000000001`).
    private struct Step {
        /// 1, 2, 5 or 10.
        let multiplier: Int
        /// The power of ten.
        let exponent: Int

        /// The step as a number.
        var value: Double { multiple(1) }

        /// `index` steps, rounded once.
        func multiple(_ index: Int) -> Double {
            let count = Double(index * multiplier)
            return exponent >= 0 ? count * pow(10, Double(exponent)) : count / pow(10, Double(-exponent))
        }
    }

    /// The step `m * 10^k` (`m` in 1, 2, 5) closest to `span / targetCount` on a logarithmic scale.
    private static func niceStep(span: Double, targetCount: Int) -> Step {
        let raw = span / Double(targetCount)
        let exponent = Int(floor(log10(raw)))
        let residual = raw / pow(10, Double(exponent))
        let multiplier = residual >= 7.071 ? 10 : residual >= 3.162 ? 5 : residual >= 1.414 ? 2 : 1
        return Step(multiplier: multiplier, exponent: exponent)
    }

    /// Labels with the decimals the step needs, or scientific notation for very large or small values.
    static func labels(for values: [Double], step: Double) -> [String] {
        let largest = values.map(abs).max() ?? 0
        if largest >= 1e6 || step < 1e-4 {
            return values.map { $0 == 0 ? "0" : NumberFormatting.scientific($0, significantDigits: 3) }
        }
        var decimals = 0
        while decimals < 6 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { break }
            decimals += 1
        }
        return values.map { NumberFormatting.fixed($0, decimals: decimals) }
    }
}
