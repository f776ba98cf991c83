/// How a ``ScatterPlot`` colours its points.
public enum ScatterColoring: Equatable, Sendable {
    /// Every point in one colour; no legend.
    case uniform(RGBColor)
    /// Points coloured by an integer class (such as the ring of a circle position), using the chart palette's
    /// colour `label`, with a legend. `names[label]` names class `label` in the legend when given (labels must
    /// then be valid indices of `names`); `title` heads the legend.
    case categorical(labels: [Int], names: [String]? = nil, title: String? = nil)
    /// Points coloured by a number through `colorMap`, with a colour bar labelled `label`.
    case continuous(values: [Double], colorMap: ColorMap = .viridis, label: String)
}
