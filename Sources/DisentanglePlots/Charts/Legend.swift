/// A vertical list of labelled colour marks drawn to the right of a plot.
struct Legend {
    /// The shape drawn before a legend label.
    enum Mark {
        /// A filled square, for bars.
        case swatch
        /// A short line segment, optionally dashed, for line series.
        case line(dash: String?)
        /// A filled circle, for scatter categories.
        case dot
    }

    /// One row of the legend.
    struct Entry {
        /// The text.
        let label: String
        /// The mark's colour.
        let color: RGBColor
        /// The mark's shape.
        let mark: Mark
    }

    /// An optional heading above the entries.
    let title: String?
    /// The rows.
    let entries: [Entry]

    /// The distance between rows.
    private static let rowHeight = 18.0
    /// The width of the mark column, including the gap before the label.
    private static let markWidth = 26.0

    /// The width the legend needs.
    var width: Double {
        let labels = entries.map { Legend.markWidth + TextMetrics.width($0.label, fontSize: ChartStyle.legendSize) }
        let heading = title.map { TextMetrics.width($0, fontSize: ChartStyle.legendSize) * 1.08 } ?? 0
        return max(labels.max() ?? 0, heading)
    }

    /// Draws the legend with its top-left corner at (`x`, `y`).
    func draw(into svg: inout SVGBuilder, x: Double, y: Double) {
        var rowCentre = y + Legend.rowHeight / 2
        if let title {
            svg.text(title, x: x, y: rowCentre, size: ChartStyle.legendSize, color: ChartStyle.textColor, bold: true)
            rowCentre += Legend.rowHeight
        }
        for entry in entries {
            switch entry.mark {
            case .swatch:
                svg.rect(x: x + 2, y: rowCentre - 6, width: 14, height: 12, fill: entry.color)
            case .line(let dash):
                svg.line(x1: x, y1: rowCentre, x2: x + 20, y2: rowCentre, stroke: entry.color, width: 2.5, dash: dash)
            case .dot:
                svg.circle(cx: x + 9, cy: rowCentre, radius: 5, fill: entry.color)
            }
            svg.text(entry.label, x: x + Legend.markWidth, y: rowCentre, size: ChartStyle.legendSize,
                     color: ChartStyle.textColor)
            rowCentre += Legend.rowHeight
        }
    }
}
