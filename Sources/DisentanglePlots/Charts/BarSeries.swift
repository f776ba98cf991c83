/// One set of bars in a ``BarChart``: a value per category.
public struct BarSeries: Equatable, Sendable {
    /// The name shown in the legend.
    public var name: String
    /// One value per category; non-finite values are drawn as a missing bar marked "n/a".
    public var values: [Double]
    /// The bar colour, or `nil` for the chart palette's colour for this series.
    public var color: RGBColor?

    /// Creates a series from any floating-point values (`Float` latent variances, `Double` scores).
    public init<Value: BinaryFloatingPoint>(name: String, values: [Value], color: RGBColor? = nil) {
        self.name = name
        self.values = values.map { Double($0) }
        self.color = color
    }
}
