import Foundation

/// One figure of an ``HTMLReport``: an embedded PNG image or an inline SVG chart, with an optional caption.
/// Several figures added together with ``HTMLReport/addFigures(_:)`` sit side by side.
///
/// Images keep their natural size unless the window is narrower than they are. Charts shrink to no less
/// than 70% of their natural width to share a row; figures that do not fit even then wrap onto the next line.
public struct ReportFigure: Sendable {
    /// The figure's HTML, with every text escaped.
    let html: String

    /// A figure showing `image` as a PNG embedded in the page (a base64 `data:` URI), drawn pixel-sharp.
    /// `altText` (default: the caption) describes the image for screen readers. Throws ``PlotError`` if
    /// encoding fails.
    public static func image(_ image: RasterImage, caption: String? = nil, altText: String? = nil) throws -> ReportFigure {
        let png = try image.pngData()
        let alt = XMLEscaping.escape(altText ?? caption ?? "image")
        let tag = "<img src=\"data:image/png;base64,\(png.base64EncodedString())\" width=\"\(image.width)\" height=\"\(image.height)\" alt=\"\(alt)\">"
        return ReportFigure(html: wrap(tag, caption: caption, style: "flex: 0 1 \(image.width + frame)px"))
    }

    /// A figure showing `chart` as inline SVG. Throws ``PlotError`` if the chart cannot be rendered.
    public static func chart(_ chart: some SVGChart, caption: String? = nil) throws -> ReportFigure {
        let natural = Int(chart.width.rounded(.up)) + frame
        let smallest = Int((chart.width * 0.7).rounded()) + frame
        return ReportFigure(html: wrap(try chart.svg(), caption: caption,
                                       style: "flex: 1 1 \(smallest)px; max-width: \(natural)px"))
    }

    /// A figure showing a picture file (PNG, GIF or SVG) that sits next to the HTML page, by its relative path,
    /// drawn at `width` x `height` CSS pixels (or less in a narrow window; SVG files shrink to 70% to share a row,
    /// like charts). For a report that is a directory of pictures rather than one file. `altText` (default: the caption) describes the picture for screen readers.
    ///
    /// Throws ``PlotError`` unless `relativePath` is a plain relative path (no scheme, no leading `/`, no `..`), so
    /// the page never reaches outside its directory or onto the network.
    public static func file(
        _ relativePath: String, width: Int, height: Int, caption: String? = nil, altText: String? = nil
    ) throws -> ReportFigure {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !relativePath.isEmpty, !relativePath.hasPrefix("/"), !relativePath.contains(":"), !relativePath.contains("\\"),
              !components.contains(where: { $0 == ".." || $0.isEmpty }) else {
            throw PlotError("ReportFigure.file: '\(relativePath)' is not a relative path inside the report's directory")
        }
        guard width > 0, height > 0 else { throw PlotError("ReportFigure.file: size \(width)x\(height) must be positive") }
        let alt = XMLEscaping.escape(altText ?? caption ?? relativePath)
        let source = XMLEscaping.escape(relativePath.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? relativePath)
        let tag = "<img src=\"\(source)\" width=\"\(width)\" height=\"\(height)\" alt=\"\(alt)\">"
        // Vector pictures shrink like charts to share a row; pixel pictures keep their size.
        let style = relativePath.lowercased().hasSuffix(".svg")
            ? "flex: 1 1 \(Int((Double(width) * 0.7).rounded()) + frame)px; max-width: \(width + frame)px"
            : "flex: 0 1 \(width + frame)px"
        return ReportFigure(html: wrap(tag, caption: caption, style: style))
    }

    /// The figure card's padding and border, added to the content width (see ``ReportStyle``).
    private static let frame = 26

    /// Wraps content in a `<figure>` with an escaped caption and the flex sizing in `style`.
    private static func wrap(_ content: String, caption: String?, style: String) -> String {
        var html = "<figure style=\"\(style)\">\n\(content)"
        if let caption { html += "<figcaption>\(XMLEscaping.escape(caption))</figcaption>\n" }
        return html + "</figure>\n"
    }
}
