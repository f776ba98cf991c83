import Foundation

/// The layout shared by the charts with two axes: title on top, y axis on the left, x axis at the bottom,
/// an optional reserved column on the right for a legend or colour bar, and the plot area in between.
struct CartesianFrame {
    /// The chart size in CSS pixels.
    let width: Double, height: Double
    /// The chart title and axis labels (empty strings are omitted).
    let title: String, xLabel: String, yLabel: String
    /// The plot area's edges.
    let plotLeft: Double, plotTop: Double, plotRight: Double, plotBottom: Double

    /// The length of tick marks.
    static let tickLength = 4.0
    /// The horizontal space x tick labels need below the axis when written horizontally.
    static let horizontalTickBand = tickLength + 6 + ChartStyle.tickLabelSize

    /// Lays out a chart. `xTickBand` is the height the x tick labels need below the plot; `rightReserve` the
    /// width kept free on the right. Throws ``PlotError`` naming `chart` if the size is out of range or too
    /// small to leave a plot area.
    init(chart: String, width: Double, height: Double, title: String, xLabel: String, yLabel: String,
         yTickLabels: [String], xTickBand: Double, rightReserve: Double) throws {
        guard width.isFinite, height.isFinite, (160...4000).contains(width), (120...4000).contains(height) else {
            throw PlotError("\(chart): width and height must be in 160...4000 and 120...4000, got \(width)x\(height)")
        }
        self.width = width
        self.height = height
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        let tickWidth = yTickLabels.map { TextMetrics.width($0, fontSize: ChartStyle.tickLabelSize) }.max() ?? 0
        plotTop = title.isEmpty ? 14 : 16 + ChartStyle.titleSize + 14
        plotLeft = 12 + (yLabel.isEmpty ? 0 : ChartStyle.axisLabelSize + 10) + tickWidth + CartesianFrame.tickLength + 5
        plotBottom = height - (10 + xTickBand + (xLabel.isEmpty ? 0 : ChartStyle.axisLabelSize + 10))
        plotRight = width - 18 - rightReserve
        guard plotRight - plotLeft >= 40, plotBottom - plotTop >= 40 else {
            throw PlotError(
                "\(chart): a \(Int(width))x\(Int(height)) chart is too small for its labels and legend; make it larger")
        }
    }

    /// The plot area's width.
    var plotWidth: Double { plotRight - plotLeft }
    /// The plot area's height.
    var plotHeight: Double { plotBottom - plotTop }

    /// The x coordinate of a fraction of the plot width.
    func x(_ fraction: Double) -> Double { plotLeft + fraction * plotWidth }
    /// The y coordinate of a fraction of the plot height, measured upward from the bottom.
    func y(_ fraction: Double) -> Double { plotBottom - fraction * plotHeight }

    /// Draws the title centred over the plot area, shifted inward if it would run off the chart.
    func drawTitle(into svg: inout SVGBuilder) {
        guard !title.isEmpty else { return }
        let half = TextMetrics.width(title, fontSize: ChartStyle.titleSize) * 1.05 / 2
        let centre = half * 2 >= width - 16 ? width / 2 : min(max(plotLeft + plotWidth / 2, 8 + half), width - 8 - half)
        svg.text(title, x: centre, y: 16 + ChartStyle.titleSize / 2, size: ChartStyle.titleSize,
                 color: ChartStyle.textColor, anchor: .middle, bold: true)
    }

    /// Draws horizontal grid lines, tick marks and tick labels for `axis`, and the rotated y axis label.
    func drawYAxis(_ axis: ContinuousAxis, into svg: inout SVGBuilder) {
        for value in axis.minorTicks {
            let y = y(axis.fraction(value))
            svg.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, stroke: ChartStyle.minorGridColor)
        }
        for (value, label) in zip(axis.ticks, axis.labels) {
            let y = y(axis.fraction(value))
            svg.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, stroke: ChartStyle.gridColor)
            svg.line(x1: plotLeft - CartesianFrame.tickLength, y1: y, x2: plotLeft, y2: y, stroke: ChartStyle.axisColor)
            svg.text(label, x: plotLeft - CartesianFrame.tickLength - 4, y: y, size: ChartStyle.tickLabelSize,
                     color: ChartStyle.mutedTextColor, anchor: .end)
        }
        if !yLabel.isEmpty {
            let x = 12 + ChartStyle.axisLabelSize / 2
            svg.text(yLabel, x: x, y: plotTop + plotHeight / 2, size: ChartStyle.axisLabelSize,
                     color: ChartStyle.textColor, anchor: .middle, rotation: -90)
        }
    }

    /// Draws vertical grid lines, tick marks and tick labels for `axis`, and the x axis label.
    func drawXAxis(_ axis: ContinuousAxis, into svg: inout SVGBuilder) {
        for value in axis.minorTicks {
            let x = x(axis.fraction(value))
            svg.line(x1: x, y1: plotTop, x2: x, y2: plotBottom, stroke: ChartStyle.minorGridColor)
        }
        for (value, label) in zip(axis.ticks, axis.labels) {
            let x = x(axis.fraction(value))
            svg.line(x1: x, y1: plotTop, x2: x, y2: plotBottom, stroke: ChartStyle.gridColor)
            svg.line(x1: x, y1: plotBottom, x2: x, y2: plotBottom + CartesianFrame.tickLength, stroke: ChartStyle.axisColor)
            svg.text(label, x: x, y: plotBottom + CartesianFrame.tickLength + 4 + ChartStyle.tickLabelSize / 2,
                     size: ChartStyle.tickLabelSize, color: ChartStyle.mutedTextColor, anchor: .middle)
        }
        drawXLabel(into: &svg)
    }

    /// Draws the x axis label centred under the plot.
    func drawXLabel(into svg: inout SVGBuilder) {
        guard !xLabel.isEmpty else { return }
        svg.text(xLabel, x: plotLeft + plotWidth / 2, y: height - 10 - ChartStyle.axisLabelSize / 2,
                 size: ChartStyle.axisLabelSize, color: ChartStyle.textColor, anchor: .middle)
    }

    /// Draws the left and bottom axis lines; `baselineFraction` moves the horizontal line (for bar charts
    /// whose value axis crosses zero inside the plot).
    func drawAxisLines(into svg: inout SVGBuilder, baselineFraction: Double = 0) {
        svg.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: ChartStyle.axisColor)
        let y = y(baselineFraction)
        svg.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, stroke: ChartStyle.axisColor)
    }

    /// Draws a small grey note just above the plot area's top-right corner (e.g. how many points were skipped).
    func drawNote(_ note: String, into svg: inout SVGBuilder) {
        svg.text(note, x: plotRight, y: plotTop - 8, size: 10, color: ChartStyle.mutedTextColor, anchor: .end)
    }
}
