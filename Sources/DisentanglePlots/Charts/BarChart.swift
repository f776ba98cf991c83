import Foundation

/// A vertical bar chart of one or more series over named categories, with a value axis starting at zero,
/// nice ticks, grid lines, an optional legend and optional highlighted categories.
///
/// The seed notebook's "variance per latent" plot:
/// ```swift
/// var chart = BarChart(title: "Posterior variance per latent (SBD)", xLabel: "Latent", yLabel: "Mean variance",
///                      categories: (0..<10).map { "z\($0)" }, values: meanVariance)
/// chart.highlightedCategories = [3, 9]
/// chart.highlightLabel = "lowest variance"
/// chart.showsValueLabels = true
/// let svg = try chart.svg()
/// ```
public struct BarChart: SVGChart {
    /// The title above the chart.
    public var title: String
    /// The label under the category axis.
    public var xLabel: String
    /// The label beside the value axis.
    public var yLabel: String
    /// The category names, left to right.
    public var categories: [String]
    /// The series; with more than one, bars are grouped per category and a legend names the series.
    public var series: [BarSeries]
    /// Indices of categories to mark with a shaded band behind their bars.
    public var highlightedCategories: Set<Int> = []
    /// The legend entry for the shaded band, or `nil` for none.
    public var highlightLabel: String?
    /// The colour of the shaded band.
    public var highlightColor = RGBColor(hex: 0xfde68a)
    /// Whether to print each bar's value above it.
    public var showsValueLabels = false
    /// The colours of series without an explicit colour.
    public var palette: CategoricalPalette = .tableau10
    /// The chart width in CSS pixels (160...4000).
    public var width = 560.0
    /// The chart height in CSS pixels (120...4000).
    public var height = 340.0

    /// Creates a chart of several series.
    public init(title: String, xLabel: String, yLabel: String, categories: [String], series: [BarSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
    }

    /// Creates a chart of a single, unnamed series.
    public init<Value: BinaryFloatingPoint>(title: String, xLabel: String, yLabel: String, categories: [String],
                                            values: [Value]) {
        self.init(title: title, xLabel: xLabel, yLabel: yLabel, categories: categories,
                  series: [BarSeries(name: "", values: values)])
    }

    /// The chart as an SVG document. Throws ``PlotError`` if there are no categories or series, a series has
    /// the wrong number of values, a highlighted index is out of range, or no value is finite.
    public func svg() throws -> String {
        guard !categories.isEmpty else { throw PlotError("BarChart \"\(title)\": no categories") }
        guard !series.isEmpty else { throw PlotError("BarChart \"\(title)\": no series") }
        for item in series where item.values.count != categories.count {
            throw PlotError(
                "BarChart \"\(title)\": series \"\(item.name)\" has \(item.values.count) values but there are \(categories.count) categories")
        }
        if let bad = highlightedCategories.first(where: { !categories.indices.contains($0) }) {
            throw PlotError("BarChart \"\(title)\": highlighted category \(bad) is outside 0..<\(categories.count)")
        }
        let finite = series.flatMap(\.values).filter(\.isFinite)
        guard !finite.isEmpty else { throw PlotError("BarChart \"\(title)\": no finite values to draw") }

        let headroom = showsValueLabels ? 1.12 : 1
        let axis = try ContinuousAxis(fitting: finite.map { $0 * headroom }, scale: .linear, fit: .niceFromZero)
        let legend = makeLegend()
        let rightReserve = legend.map { $0.width + 16 } ?? 0
        var frame = try makeFrame(axis: axis, xTickBand: CartesianFrame.horizontalTickBand, rightReserve: rightReserve)
        let bandWidth = frame.plotWidth / Double(categories.count)
        let widestCategory = categories.map { TextMetrics.width($0, fontSize: ChartStyle.tickLabelSize) }.max()!
        let rotateLabels = widestCategory > bandWidth - 4
        if rotateLabels {
            let band = CartesianFrame.tickLength + 8 + widestCategory * sin(Double.pi * 35 / 180) + ChartStyle.tickLabelSize
            frame = try makeFrame(axis: axis, xTickBand: band, rightReserve: rightReserve)
        }

        var svg = SVGBuilder()
        let band = frame.plotWidth / Double(categories.count)
        for index in highlightedCategories.sorted() {
            svg.rect(x: frame.x(0) + Double(index) * band, y: frame.plotTop, width: band, height: frame.plotHeight,
                     fill: highlightColor, opacity: 0.55)
        }
        frame.drawYAxis(axis, into: &svg)
        drawBars(into: &svg, frame: frame, axis: axis, band: band)
        drawCategoryLabels(into: &svg, frame: frame, band: band, rotated: rotateLabels)
        frame.drawXLabel(into: &svg)
        frame.drawAxisLines(into: &svg, baselineFraction: axis.fraction(0))
        frame.drawTitle(into: &svg)
        legend?.draw(into: &svg, x: frame.plotRight + 16, y: frame.plotTop)
        return svg.document(width: width, height: height, title: title)
    }

    /// Lays out the frame for the given value axis and category label band.
    private func makeFrame(axis: ContinuousAxis, xTickBand: Double, rightReserve: Double) throws -> CartesianFrame {
        try CartesianFrame(chart: "BarChart \"\(title)\"", width: width, height: height, title: title, xLabel: xLabel,
                           yLabel: yLabel, yTickLabels: axis.labels, xTickBand: xTickBand, rightReserve: rightReserve)
    }

    /// The legend: series names when there are several, and the highlight label when set.
    private func makeLegend() -> Legend? {
        var entries = [Legend.Entry]()
        if series.count > 1 {
            entries = series.enumerated().map { index, item in
                Legend.Entry(label: item.name, color: item.color ?? palette.color(index), mark: .swatch)
            }
        }
        if let highlightLabel, !highlightedCategories.isEmpty {
            entries.append(Legend.Entry(label: highlightLabel, color: highlightColor, mark: .swatch))
        }
        return entries.isEmpty ? nil : Legend(title: nil, entries: entries)
    }

    /// Draws every bar, its value label if enabled, and "n/a" for non-finite values.
    private func drawBars(into svg: inout SVGBuilder, frame: CartesianFrame, axis: ContinuousAxis, band: Double) {
        let group = band * 0.8
        let barWidth = group / Double(series.count)
        let gap = series.count > 1 ? min(2, barWidth * 0.1) : 0
        let baseline = frame.y(axis.fraction(0))
        for (seriesIndex, item) in series.enumerated() {
            let color = item.color ?? palette.color(seriesIndex)
            for (category, value) in item.values.enumerated() {
                let left = frame.x(0) + Double(category) * band + (band - group) / 2 + Double(seriesIndex) * barWidth
                let centre = left + barWidth / 2
                guard value.isFinite else {
                    svg.text("n/a", x: centre, y: baseline - 8, size: 9.5, color: ChartStyle.mutedTextColor, anchor: .middle)
                    continue
                }
                let top = frame.y(axis.fraction(value))
                svg.rect(x: left + gap / 2, y: min(top, baseline), width: barWidth - gap, height: abs(baseline - top),
                         fill: color)
                if showsValueLabels {
                    let y = value >= 0 ? top - 8 : top + 8
                    svg.text(NumberFormatting.compact(value), x: centre, y: y, size: 9.5, color: ChartStyle.textColor,
                             anchor: .middle)
                }
            }
        }
    }

    /// Draws the category names under their bands, rotated when they are wider than a band.
    private func drawCategoryLabels(into svg: inout SVGBuilder, frame: CartesianFrame, band: Double, rotated: Bool) {
        for (index, name) in categories.enumerated() {
            let centre = frame.x(0) + (Double(index) + 0.5) * band
            svg.line(x1: centre, y1: frame.plotBottom, x2: centre, y2: frame.plotBottom + CartesianFrame.tickLength,
                     stroke: ChartStyle.axisColor)
            if rotated {
                svg.text(name, x: centre, y: frame.plotBottom + CartesianFrame.tickLength + 8,
                         size: ChartStyle.tickLabelSize, color: ChartStyle.mutedTextColor, anchor: .end, rotation: -35)
            } else {
                svg.text(name, x: centre, y: frame.plotBottom + CartesianFrame.tickLength + 4 + ChartStyle.tickLabelSize / 2,
                         size: ChartStyle.tickLabelSize, color: ChartStyle.mutedTextColor, anchor: .middle)
            }
        }
    }
}
