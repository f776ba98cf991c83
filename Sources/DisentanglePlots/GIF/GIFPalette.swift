/// The colour table of a ``GIFAnimation`` and the mapping of pixels to it.
///
/// When all frames together use at most 256 colours the table holds exactly those colours (in order of first
/// appearance) and nothing is lost. Otherwise the table is the 6 × 7 × 6 cube of evenly spaced red, green and blue
/// levels (252 colours; green gets the extra level because the eye resolves it best) and each pixel takes the
/// nearest level per channel, an error of at most 26 of 255 in red and blue and 21 in green.
struct GIFPalette {
    /// The colours, at most 256.
    let colors: [RGBColor]
    /// log2 of the table size GIF stores (1...8); entries beyond ``colors`` are black.
    let bits: Int
    /// The exact table's index of each colour, or `nil` for the cube.
    private let exactIndex: [RGBColor: UInt8]?

    /// The levels per channel of the cube.
    private static let levels = (red: 6, green: 7, blue: 6)

    /// The palette of `frames`.
    init(frames: [RasterImage]) {
        var index: [RGBColor: UInt8] = [:]
        var colors: [RGBColor] = []
        scan: for frame in frames {
            for y in 0..<frame.height {
                for x in 0..<frame.width {
                    let color = frame[x, y]
                    if index[color] == nil {
                        guard colors.count < 256 else {
                            index = [:]
                            colors = []
                            break scan
                        }
                        index[color] = UInt8(colors.count)
                        colors.append(color)
                    }
                }
            }
        }
        if colors.isEmpty {
            let (r, g, b) = Self.levels
            colors = (0..<(r * g * b)).map { i in
                RGBColor(red: Self.level(i / (g * b), of: r), green: Self.level(i / b % g, of: g), blue: Self.level(i % b, of: b))
            }
            exactIndex = nil
        } else {
            exactIndex = index
        }
        self.colors = colors
        var bits = 1
        while (1 << bits) < colors.count { bits += 1 }
        self.bits = bits
    }

    /// The table index of every pixel of `frame`, row by row.
    func indices(of frame: RasterImage) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(frame.width * frame.height)
        let (r, g, b) = Self.levels
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let color = frame[x, y]
                if let exactIndex {
                    result.append(exactIndex[color]!)
                } else {
                    let i = Self.nearest(color.red, of: r) * g * b + Self.nearest(color.green, of: g) * b + Self.nearest(color.blue, of: b)
                    result.append(UInt8(i))
                }
            }
        }
        return result
    }

    /// The intensity of level `index` of `count` evenly spaced levels from 0 to 255.
    private static func level(_ index: Int, of count: Int) -> UInt8 {
        UInt8((Double(index) * 255 / Double(count - 1)).rounded())
    }

    /// The nearest of `count` evenly spaced levels to `value`.
    private static func nearest(_ value: UInt8, of count: Int) -> Int {
        Int((Double(value) * Double(count - 1) / 255).rounded())
    }
}
