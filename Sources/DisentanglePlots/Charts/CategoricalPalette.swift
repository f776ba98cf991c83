/// A list of distinct colours for categories (bar series, line series, scatter classes). Index `i` uses
/// colour `i` modulo the palette size.
public struct CategoricalPalette: Equatable, Sendable {
    /// The colours in order.
    public let colors: [RGBColor]

    /// Creates a palette. Throws ``PlotError`` if `colors` is empty.
    public init(colors: [RGBColor]) throws {
        guard !colors.isEmpty else { throw PlotError("CategoricalPalette: needs at least one colour") }
        self.colors = colors
    }

    /// Creates a palette from colours the module knows to be valid.
    private init(builtIn colors: [RGBColor]) {
        self.colors = colors
    }

    /// The colour for category `index` (wrapping around; negative indices wrap too).
    public func color(_ index: Int) -> RGBColor {
        let count = colors.count
        return colors[((index % count) + count) % count]
    }

    /// matplotlib's `tab10`: ten well-separated colours, the default for series.
    public static let tableau10 = CategoricalPalette(builtIn: [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map(RGBColor.init(hex:)))

    /// The Okabe-Ito palette: eight colours distinguishable with the common forms of colour blindness.
    public static let okabeIto = CategoricalPalette(builtIn: [
        0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xd55e00, 0xcc79a7, 0x000000,
    ].map(RGBColor.init(hex:)))
}
