import Foundation

/// A continuous colour map: evenly spaced anchor colours blended linearly, for colouring points by a
/// number (``ScatterColoring/continuous(values:colorMap:label:)``).
public struct ColorMap: Equatable, Sendable {
    /// A short name, such as `"viridis"`.
    public let name: String
    /// The colours at evenly spaced positions from 0 to 1.
    public let anchors: [RGBColor]

    /// Creates a colour map from at least two anchors. Throws ``PlotError`` for fewer.
    public init(name: String, anchors: [RGBColor]) throws {
        guard anchors.count >= 2 else {
            throw PlotError("ColorMap \"\(name)\": needs at least 2 anchor colours, got \(anchors.count)")
        }
        self.name = name
        self.anchors = anchors
    }

    /// Creates a colour map from anchors the module knows to be valid.
    private init(builtIn name: String, anchors: [RGBColor]) {
        self.name = name
        self.anchors = anchors
    }

    /// The colour at position `t`, clamped to `0...1`; NaN maps to position 0.
    public func color(at t: Double) -> RGBColor {
        let u = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = u * Double(anchors.count - 1)
        let index = min(Int(position), anchors.count - 2)
        return anchors[index].mixed(with: anchors[index + 1], position - Double(index))
    }

    /// `levels` colours sampled evenly from the map (both ends included), as a palette for categories; the
    /// seed notebook's `cmap=get_cmap('rainbow', 10)` is `ColorMap.rainbow.palette(levels: 10)`.
    /// Throws ``PlotError`` if `levels` is not in `1...1000`.
    public func palette(levels: Int) throws -> CategoricalPalette {
        guard (1...1000).contains(levels) else {
            throw PlotError("ColorMap.palette(levels:): levels must be in 1...1000, got \(levels)")
        }
        let colors = (0..<levels).map { color(at: levels == 1 ? 0.5 : Double($0) / Double(levels - 1)) }
        return try CategoricalPalette(colors: colors)
    }

    /// Perceptually uniform dark purple to yellow (matplotlib's default), readable in grayscale and by most
    /// colour-blind readers.
    public static let viridis = ColorMap(builtIn: "viridis", anchors: [
        0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863, 0xaadc32, 0xfde725,
    ].map(RGBColor.init(hex:)))

    /// Perceptually uniform dark blue through magenta to yellow.
    public static let plasma = ColorMap(builtIn: "plasma", anchors: [
        0x0d0887, 0x4c02a1, 0x7e03a8, 0xa92395, 0xcc4778, 0xe56b5d, 0xf89441, 0xfdc328, 0xf0f921,
    ].map(RGBColor.init(hex:)))

    /// matplotlib's `rainbow` (purple, blue, green, yellow, red), as used by the seed notebook's latent
    /// geometry plots.
    public static let rainbow = ColorMap(builtIn: "rainbow", anchors: (0...16).map { step in
        let x = Double(step) / 16
        func byte(_ value: Double) -> UInt8 { UInt8((min(max(value, 0), 1) * 255).rounded()) }
        return RGBColor(red: byte(abs(2 * x - 0.5)), green: byte(sin(Double.pi * x)), blue: byte(cos(Double.pi * x / 2)))
    })
}
