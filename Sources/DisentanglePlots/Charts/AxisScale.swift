/// How data values map to positions along a chart axis.
public enum AxisScale: Equatable, Sendable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10); non-positive values cannot be drawn and are skipped.
    case logarithmic
}
