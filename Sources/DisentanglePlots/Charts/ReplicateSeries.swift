/// One group of a ``ReplicateChart`` (say, one decoder): levels of a swept setting (say, β), each with the
/// values of its replicas (say, seeds).
public struct ReplicateSeries: Equatable, Sendable {
    /// One level: the replicas' coordinates.
    public struct Level: Equatable, Sendable {
        /// The replicas' horizontal coordinates.
        public var x: [Double]
        /// The replicas' vertical coordinates, one per `x`.
        public var y: [Double]
        /// Whether the level's centre is drawn hollow (white), such as β = 1 in a sweep of β.
        public var isMarked: Bool

        /// Creates a level from its replicas' coordinates.
        public init(x: [Double], y: [Double], isMarked: Bool = false) {
            self.x = x
            self.y = y
            self.isMarked = isMarked
        }
    }

    /// The name shown in the legend.
    public var name: String
    /// The levels, in the order the centre line joins them.
    public var levels: [Level]
    /// The colour, or `nil` for the chart palette's colour for this group.
    public var color: RGBColor?

    /// Creates a group.
    public init(name: String, levels: [Level], color: RGBColor? = nil) {
        self.name = name
        self.levels = levels
        self.color = color
    }
}
