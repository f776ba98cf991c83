import Foundation

/// The domain and ticks of one numeric chart axis, and the mapping from data values to fractions of its length.
struct ContinuousAxis {
    /// How the domain is derived from the data.
    enum Fit {
        /// The data range widened by this fraction of its span on both sides (in log space for log axes).
        case padded(Double)
        /// The data range, extended to include zero, rounded outward to nice tick multiples; the axis is linear
        /// whatever scale is asked for.
        case niceFromZero
    }

    /// The scale.
    let scale: AxisScale
    /// The smallest value on the axis.
    let lower: Double
    /// The largest value on the axis.
    let upper: Double
    /// The labelled tick values.
    let ticks: [Double]
    /// One label per tick.
    let labels: [String]
    /// Unlabelled minor grid values (logarithmic axes only).
    let minorTicks: [Double]

    /// Fits an axis to `values`, which the caller has filtered to drawable values (finite, and positive for a
    /// logarithmic scale) and checked to be non-empty.
    init(fitting values: [Double], scale: AxisScale, fit: Fit) throws {
        var low = values.min()!, high = values.max()!
        switch (scale, fit) {
        case (_, .niceFromZero):
            let interval = try LinearTicks.niceInterval(lower: min(low, 0), upper: max(high, 0))
            try self.init(scale: .linear, lower: interval.lowerBound, upper: interval.upperBound)
        case (.linear, .padded(let fraction)):
            if low == high {
                let half = low == 0 ? 1 : abs(low) * 0.1
                low -= half
                high += half
            }
            let pad = (high - low) * fraction
            try self.init(scale: .linear, lower: low - pad, upper: high + pad)
        case (.logarithmic, .padded(let fraction)):
            var logLow = log10(low), logHigh = log10(high)
            if logLow == logHigh {
                logLow -= 0.5
                logHigh += 0.5
            }
            let pad = (logHigh - logLow) * fraction
            try self.init(scale: .logarithmic, lower: pow(10, logLow - pad), upper: pow(10, logHigh + pad))
        }
    }

    /// An axis over `lower...upper` with ticks chosen for it; a degenerate linear interval is widened as
    /// ``LinearTicks`` does.
    init(scale: AxisScale, lower: Double, upper: Double) throws {
        self.scale = scale
        switch scale {
        case .linear:
            let ticks = try LinearTicks(lower: lower, upper: upper)
            self.lower = ticks.interval.lowerBound
            self.upper = ticks.interval.upperBound
            self.ticks = ticks.values
            labels = ticks.labels
            minorTicks = []
        case .logarithmic:
            self.lower = lower
            self.upper = upper
            let ticks = try LogTicks(lower: lower, upper: upper)
            self.ticks = ticks.values
            labels = ticks.labels
            minorTicks = ticks.minorValues
        }
    }

    /// The position of `value` as a fraction of the axis length, 0 at `lower` and 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .logarithmic:
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// This linear axis widened symmetrically about its centre so that it spans `span` data units.
    func widened(toSpan span: Double) throws -> ContinuousAxis {
        let centre = (lower + upper) / 2
        return try ContinuousAxis(scale: scale, lower: centre - span / 2, upper: centre + span / 2)
    }
}
