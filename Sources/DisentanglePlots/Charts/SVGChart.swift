import Foundation

/// A chart that renders itself as a standalone SVG document (``BarChart``, ``ScatterPlot``, ``LineChart``).
///
/// The SVG has no external references and no element ids, so several charts can be inlined in one HTML page
/// (``HTMLReport/addChart(_:caption:)``).
public protocol SVGChart: Sendable {
    /// The chart's width in CSS pixels, its natural width in a report.
    var width: Double { get }
    /// The chart's height in CSS pixels.
    var height: Double { get }

    /// The chart as an SVG document. Throws ``PlotError`` if the data cannot be drawn (empty, mismatched
    /// lengths, nothing finite).
    func svg() throws -> String
}

extension SVGChart {
    /// Renders the chart and writes it to `url` atomically (temporary file, then rename).
    /// Throws ``PlotError`` if rendering or writing fails.
    public func writeSVG(to url: URL) throws {
        try writeAtomically(Data(try svg().utf8), to: url)
    }
}
