/// The shared look of the SVG charts: fonts, sizes and neutral colours.
enum ChartStyle {
    /// The font stack for all chart text (a single-quoted family list, safe inside a double-quoted attribute).
    static let fontFamily = "system-ui, -apple-system, &#39;Segoe UI&#39;, Roboto, &#39;Helvetica Neue&#39;, Arial, &#39;DejaVu Sans&#39;, sans-serif"
    /// The title's font size.
    static let titleSize = 15.0
    /// The axis labels' font size.
    static let axisLabelSize = 12.5
    /// The tick labels' font size.
    static let tickLabelSize = 11.0
    /// The legend entries' font size.
    static let legendSize = 11.5
    /// Titles and axis labels.
    static let textColor = RGBColor(hex: 0x1f2937)
    /// Tick labels and footnotes.
    static let mutedTextColor = RGBColor(hex: 0x4b5563)
    /// Axis lines and tick marks.
    static let axisColor = RGBColor(hex: 0x6b7280)
    /// Major grid lines.
    static let gridColor = RGBColor(hex: 0xe5e7eb)
    /// Minor grid lines.
    static let minorGridColor = RGBColor(hex: 0xf3f4f6)
}
