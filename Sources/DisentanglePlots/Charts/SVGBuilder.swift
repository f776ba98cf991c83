/// Accumulates SVG elements as text, escaping every string it is given.
struct SVGBuilder {
    /// The horizontal anchor of a text element.
    enum Anchor: String {
        case start, middle, end
    }

    /// The elements written so far.
    private(set) var body = ""

    /// Appends a rectangle.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: RGBColor,
                       opacity: Double = 1, stroke: RGBColor? = nil, strokeWidth: Double = 1) {
        body += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill.hexString)\""
        if opacity < 1 { body += " fill-opacity=\"\(n(opacity))\"" }
        if let stroke { body += " stroke=\"\(stroke.hexString)\" stroke-width=\"\(n(strokeWidth))\"" }
        body += "/>\n"
    }

    /// Appends a straight line; `dash` is an SVG `stroke-dasharray` such as `"4 3"`.
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: RGBColor, width: Double = 1,
                       dash: String? = nil) {
        body += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke.hexString)\" stroke-width=\"\(n(width))\""
        if let dash { body += " stroke-dasharray=\"\(XMLEscaping.escape(dash))\"" }
        body += "/>\n"
    }

    /// Appends an open polyline through `points`.
    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: RGBColor, width: Double, dash: String? = nil) {
        let coordinates = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        body += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke.hexString)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
        if let dash { body += " stroke-dasharray=\"\(XMLEscaping.escape(dash))\"" }
        body += "/>\n"
    }

    /// Appends a closed, filled polygon through `points`.
    mutating func polygon(_ points: [(x: Double, y: Double)], fill: RGBColor, opacity: Double = 1) {
        let coordinates = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        body += "<polygon points=\"\(coordinates)\" fill=\"\(fill.hexString)\" stroke=\"none\""
        if opacity < 1 { body += " fill-opacity=\"\(n(opacity))\"" }
        body += "/>\n"
    }

    /// Appends a circle.
    mutating func circle(cx: Double, cy: Double, radius: Double, fill: RGBColor, opacity: Double = 1,
                         stroke: RGBColor? = nil, strokeWidth: Double = 1) {
        body += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(radius))\" fill=\"\(fill.hexString)\""
        if opacity < 1 { body += " fill-opacity=\"\(n(opacity))\"" }
        if let stroke { body += " stroke=\"\(stroke.hexString)\" stroke-width=\"\(n(strokeWidth))\"" }
        body += "/>\n"
    }

    /// Appends text whose baseline is vertically centred on `y`, optionally rotated by `rotation` degrees
    /// around (`x`, `y`).
    mutating func text(_ content: String, x: Double, y: Double, size: Double, color: RGBColor,
                       anchor: Anchor = .start, bold: Bool = false, rotation: Double = 0) {
        body += "<text x=\"\(n(x))\" y=\"\(n(y))\" dy=\"0.35em\" font-size=\"\(n(size))\" fill=\"\(color.hexString)\""
        if anchor != .start { body += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { body += " font-weight=\"600\"" }
        if rotation != 0 { body += " transform=\"rotate(\(n(rotation)) \(n(x)) \(n(y)))\"" }
        body += ">\(XMLEscaping.escape(content))</text>\n"
    }

    /// The complete standalone SVG document: `width` x `height` CSS pixels, a white background, the accessible
    /// `title`, and the body.
    func document(width: Double, height: Double, title: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" \
        viewBox="0 0 \(n(width)) \(n(height))" role="img" font-family="\(ChartStyle.fontFamily)">
        <title>\(XMLEscaping.escape(title))</title>
        <rect width="100%" height="100%" fill="#ffffff"/>
        \(body)</svg>

        """
    }

    /// Formats a coordinate.
    private func n(_ value: Double) -> String {
        NumberFormatting.svg(value)
    }
}
