import DisentanglePlots
import Foundation

/// Writes a report's pictures into its directory and returns the figures that show them by relative path.
struct ReportFiles {
    /// The report's directory.
    let directory: URL

    /// Writes `image` as PNG and returns its figure.
    func image(_ image: RasterImage, _ name: String, caption: String? = nil) throws -> ReportFigure {
        try image.writePNG(to: directory.appendingPathComponent(name))
        return try .file(name, width: image.width, height: image.height, caption: caption)
    }

    /// Writes `animation` as GIF and returns its figure.
    func animation(_ animation: GIFAnimation, _ name: String, caption: String? = nil) throws -> ReportFigure {
        try animation.write(to: directory.appendingPathComponent(name))
        return try .file(name, width: animation.frames[0].width, height: animation.frames[0].height, caption: caption)
    }

    /// Writes `chart` as SVG and returns its figure.
    func chart(_ chart: some SVGChart, _ name: String, caption: String? = nil) throws -> ReportFigure {
        try chart.writeSVG(to: directory.appendingPathComponent(name))
        return try .file(name, width: Int(chart.width.rounded()), height: Int(chart.height.rounded()), caption: caption)
    }

    /// A file-name-safe form of a key: letters, digits and `-`, everything else `-`.
    static func slug(_ key: String) -> String {
        String(key.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
    }
}
