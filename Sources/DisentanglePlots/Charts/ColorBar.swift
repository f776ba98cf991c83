/// A vertical colour scale with ticks and a rotated label, drawn to the right of a scatter plot.
struct ColorBar {
    /// The colour map shown.
    let colorMap: ColorMap
    /// The axis of values along the bar.
    let axis: ContinuousAxis
    /// The label beside the bar.
    let label: String

    /// The width of the coloured bar itself.
    private static let barWidth = 14.0

    /// The width the bar, its tick labels and its label need.
    var width: Double {
        let ticks = axis.labels.map { TextMetrics.width($0, fontSize: ChartStyle.tickLabelSize) }.max() ?? 0
        return ColorBar.barWidth + CartesianFrame.tickLength + 4 + ticks + (label.isEmpty ? 0 : 10 + ChartStyle.axisLabelSize)
    }

    /// Draws the bar with its top-left corner at (`x`, `top`) and the given height.
    func draw(into svg: inout SVGBuilder, x: Double, top: Double, height: Double) {
        let steps = 64
        let stepHeight = height / Double(steps)
        for step in 0..<steps {
            let fraction = (Double(step) + 0.5) / Double(steps)
            svg.rect(x: x, y: top + height - Double(step + 1) * stepHeight, width: ColorBar.barWidth,
                     height: stepHeight + 0.5, fill: colorMap.color(at: fraction))
        }
        svg.rect(x: x, y: top, width: ColorBar.barWidth, height: height, fill: .white, opacity: 0,
                 stroke: ChartStyle.axisColor, strokeWidth: 0.8)
        let right = x + ColorBar.barWidth
        var labelRight = right
        for (value, text) in zip(axis.ticks, axis.labels) {
            let y = top + height * (1 - axis.fraction(value))
            svg.line(x1: right, y1: y, x2: right + CartesianFrame.tickLength, y2: y, stroke: ChartStyle.axisColor)
            svg.text(text, x: right + CartesianFrame.tickLength + 3, y: y, size: ChartStyle.tickLabelSize,
                     color: ChartStyle.mutedTextColor)
            labelRight = max(labelRight, right + CartesianFrame.tickLength + 3
                             + TextMetrics.width(text, fontSize: ChartStyle.tickLabelSize))
        }
        if !label.isEmpty {
            svg.text(label, x: labelRight + 8 + ChartStyle.axisLabelSize / 2, y: top + height / 2,
                     size: ChartStyle.axisLabelSize, color: ChartStyle.textColor, anchor: .middle, rotation: -90)
        }
    }
}
