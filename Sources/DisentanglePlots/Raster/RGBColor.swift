/// An opaque 8-bit sRGB colour, used for pixels, chart marks and palettes.
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    /// The red component, 0...255.
    public var red: UInt8
    /// The green component, 0...255.
    public var green: UInt8
    /// The blue component, 0...255.
    public var blue: UInt8

    /// Creates a colour from 8-bit components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Creates a grey level (equal components).
    public init(gray: UInt8) {
        self.init(red: gray, green: gray, blue: gray)
    }

    /// Creates a colour from a 24-bit `0xRRGGBB` literal, e.g. `RGBColor(hex: 0x1f77b4)`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xff), green: UInt8((hex >> 8) & 0xff), blue: UInt8(hex & 0xff))
    }

    /// Parses `"#rrggbb"` or `"rrggbb"` (case-insensitive), throwing ``PlotError`` for anything else.
    public init(parsing text: String) throws {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else {
            throw PlotError("RGBColor: \"\(text)\" is not a colour of the form #rrggbb")
        }
        self.init(hex: value)
    }

    /// The colour as a CSS/SVG hex string, `"#rrggbb"` in lower case.
    public var hexString: String {
        let value = (UInt32(red) << 16) | (UInt32(green) << 8) | UInt32(blue)
        let hex = String(value, radix: 16)
        return "#" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    /// The same as ``hexString``.
    public var description: String { hexString }

    /// Whether all three components are equal, so the colour can be stored in a grayscale image.
    public var isGray: Bool { red == green && green == blue }

    /// The linear blend `self * (1 - t) + other * t` in sRGB space, with `t` clamped to `0...1`.
    public func mixed(with other: RGBColor, _ t: Double) -> RGBColor {
        let u = t.isNaN ? 0 : min(max(t, 0), 1)
        func blend(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) * (1 - u) + Double(b) * u).rounded())
        }
        return RGBColor(red: blend(red, other.red), green: blend(green, other.green), blue: blend(blue, other.blue))
    }

    /// Black, `#000000`.
    public static let black = RGBColor(gray: 0)
    /// White, `#ffffff`.
    public static let white = RGBColor(gray: 255)
}
