/// One line in a ``LineChart``.
public struct LineSeries: Equatable, Sendable {
    /// The name shown in the legend.
    public var name: String
    /// The horizontal coordinates, such as training steps.
    public var x: [Double]
    /// The vertical coordinates, one per `x`; non-finite values (and non-positive ones on a logarithmic
    /// axis) break the line.
    public var y: [Double]
    /// The line colour, or `nil` for the chart palette's colour for this series.
    public var color: RGBColor?
    /// Whether the line is dashed (to tell apart, say, the KL term from the reconstruction term).
    public var isDashed: Bool

    /// Creates a series from explicit coordinates.
    public init<Value: BinaryFloatingPoint>(name: String, x: [Double], y: [Value], color: RGBColor? = nil,
                                            isDashed: Bool = false) {
        self.name = name
        self.x = x
        self.y = y.map { Double($0) }
        self.color = color
        self.isDashed = isDashed
    }

    /// Creates a series whose x coordinates are `0, 1, 2, ...`.
    public init<Value: BinaryFloatingPoint>(name: String, y: [Value], color: RGBColor? = nil, isDashed: Bool = false) {
        self.init(name: name, x: y.indices.map(Double.init), y: y, color: color, isDashed: isDashed)
    }
}
